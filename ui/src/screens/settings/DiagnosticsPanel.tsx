import { useId } from "react";
import { useCopyDiagnostics } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Loading";

/**
 * "Copy diagnostics" for support: the app's version, the operating system, the webview and the last
 * log lines, put on the clipboard and shown here so the user sees exactly what they would share.
 */
export function DiagnosticsPanel() {
  const copy = useCopyDiagnostics();
  const textId = useId();
  return (
    <div className="card" data-testid="diagnostics">
      <p className="muted">
        If something goes wrong, support may ask for these details. They never include your API keys or payment
        details.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="copy-diagnostics"
          disabled={copy.isPending}
          onClick={() => copy.mutate()}
        >
          {copy.isPending ? (
            <>
              <Spinner /> Copying…
            </>
          ) : (
            "Copy diagnostics"
          )}
        </button>
        {copy.isSuccess ? (
          <span className="text-ok small" role="status" data-testid="diagnostics-copied">
            Copied to the clipboard. This is what was copied:
          </span>
        ) : null}
      </div>
      {copy.isSuccess ? (
        <>
          <label htmlFor={textId} className="visually-hidden">
            Diagnostics that were copied
          </label>
          <textarea
            id={textId}
            className="diagnostics-text"
            data-testid="diagnostics-text"
            readOnly
            rows={12}
            value={copy.data}
          />
        </>
      ) : null}
      {copy.error ? <ErrorNotice title="The diagnostics could not be copied" error={copy.error} /> : null}
    </div>
  );
}
