import type { ReactNode } from "react";
import { hintForError, type AppError } from "../api";

interface Props {
  error: AppError;
  /** A short heading, e.g. "The demo network could not start". */
  title?: string;
  onRetry?: () => void;
  /** Extra buttons, e.g. "Go to Settings". */
  actions?: ReactNode;
  compact?: boolean;
}

/** A problem in plain words, what to do next, and the technical details one click away. */
export function ErrorNotice({ error, title, onRetry, actions, compact }: Props) {
  const hint = hintForError(error);
  return (
    <div className={`notice notice-error${compact ? " notice-compact" : ""}`} role="alert" data-testid="error-notice" data-code={error.code}>
      {title ? <p className="notice-title">{title}</p> : null}
      <p className="notice-message" data-testid="error-message">{error.message}</p>
      {hint ? <p className="notice-hint">{hint}</p> : null}
      {onRetry || actions ? (
        <div className="notice-actions">
          {onRetry ? (
            <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
              Try again
            </button>
          ) : null}
          {actions}
        </div>
      ) : null}
      <details className="notice-details">
        <summary>Details</summary>
        <dl>
          <dt>Code</dt>
          <dd><code>{error.code}</code></dd>
          <dt>HTTP status</dt>
          <dd>{error.status ?? "none (Everflow was not reached or did not answer)"}</dd>
          {error.detail ? (
            <>
              <dt>Detail</dt>
              <dd className="notice-detail-text">{error.detail}</dd>
            </>
          ) : null}
          {error.fields.length > 0 ? (
            <>
              <dt>Fields</dt>
              <dd>
                <ul>
                  {error.fields.map((f) => (
                    <li key={`${f.field}:${f.message}`}>
                      <code>{f.field}</code>: {f.message}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </details>
    </div>
  );
}
