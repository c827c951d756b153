// Export to a spreadsheet and import an edited one, the same on every screen that has them: the
// native dialog (opened by Rust) answers a path, the export writes there with progress, and an
// import becomes a plan shown in the one preview dialog (applied only from there).
import { useRef, useState } from "react";
import { sheetsApi, sheetFileName, toAppError, type AppError, type ApplyReport, type Plan } from "../../api";
import type { Progress } from "../../bindings";
import { formatCount } from "../../lib/words";
import { ErrorNotice } from "../ErrorNotice";
import { Spinner } from "../Loading";
import { PlanPreview } from "../plan-preview";

interface Props {
  /** What the file is about, for its suggested name: "affiliates". */
  what: string;
  /** Writes the sheet to `path`, reporting progress when it can. */
  exportTo: (path: string, onProgress: (p: Progress) => void, jobId: string) => Promise<string>;
  /** Plans what an edited sheet at `path` changes; without it there is no import. */
  importFrom?: (path: string) => Promise<Plan>;
  onApplied?: (report: ApplyReport) => void;
  /** History exports CSV only. */
  csvOnly?: boolean;
  disabled?: boolean;
  testId: string;
}

type State =
  | { step: "idle" }
  | { step: "exporting"; progress: Progress | null; jobId: string }
  | { step: "exported"; path: string }
  | { step: "importing"; path: string }
  | { step: "failed"; error: AppError; doing: string };

export function SheetActions({ what, exportTo, importFrom, onApplied, csvOnly, disabled, testId }: Props) {
  const [state, setState] = useState<State>({ step: "idle" });
  const [plan, setPlan] = useState<Plan | null>(null);
  const running = useRef<string | null>(null);
  const busy = state.step === "exporting" || state.step === "importing";

  const runExport = async () => {
    try {
      const path = await sheetsApi.chooseSavePath(sheetFileName(what, csvOnly ? "csv" : "xlsx"));
      if (!path) return;
      const jobId = crypto.randomUUID();
      running.current = jobId;
      setState({ step: "exporting", progress: null, jobId });
      const saved = await exportTo(path, (progress) => setState((s) => (s.step === "exporting" ? { ...s, progress } : s)), jobId);
      if (running.current === jobId) setState({ step: "exported", path: saved });
    } catch (error) {
      setState({ step: "failed", error: toAppError(error), doing: "The export did not finish" });
    } finally {
      running.current = null;
    }
  };

  const runImport = async () => {
    if (!importFrom) return;
    try {
      const path = await sheetsApi.chooseToOpen();
      if (!path) return;
      setState({ step: "importing", path });
      const planned = await importFrom(path);
      setState({ step: "idle" });
      setPlan(planned);
    } catch (error) {
      setState({ step: "failed", error: toAppError(error), doing: "The sheet could not be imported" });
    }
  };

  return (
    <div className="sheet-actions" data-testid={testId}>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid={`${testId}-export`}
          disabled={disabled || busy}
          title={csvOnly ? "Save as a CSV file." : "Save as an Excel workbook (.xlsx), or name the file .csv for CSV."}
          onClick={() => void runExport()}
        >
          {csvOnly ? "Export CSV…" : "Export sheet…"}
        </button>
        {importFrom ? (
          <button
            type="button"
            className="btn btn-secondary btn-small"
            data-testid={`${testId}-import`}
            disabled={disabled || busy}
            title="Open a sheet exported here and edited in Excel, LibreOffice or Google Sheets (XLSX or CSV). Nothing changes before you review and apply."
            onClick={() => void runImport()}
          >
            Import edited sheet…
          </button>
        ) : null}
      </div>
      {state.step === "exporting" ? (
        <div className="sheet-status" role="status" data-testid={`${testId}-progress`}>
          <Spinner /> Exporting…{" "}
          {state.progress && state.progress.total > 0 ? (
            <>
              <progress max={state.progress.total} value={state.progress.done} />{" "}
              {formatCount(state.progress.done)} of {formatCount(state.progress.total)}
            </>
          ) : null}
        </div>
      ) : null}
      {state.step === "importing" ? (
        <p className="sheet-status" role="status">
          <Spinner /> Reading the sheet and comparing it with Everflow…
        </p>
      ) : null}
      {state.step === "exported" ? (
        <p className="sheet-status" role="status" data-testid={`${testId}-saved`}>
          Saved to <code>{state.path}</code>.
        </p>
      ) : null}
      {state.step === "failed" ? <ErrorNotice error={state.error} title={state.doing} compact /> : null}
      {plan ? <PlanPreview plan={plan} onClose={() => setPlan(null)} onApplied={onApplied} /> : null}
    </div>
  );
}
