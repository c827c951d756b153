// Many partners from a CSV file: template, preview with every row checked by the same rules as the
// wizard (in Rust), then the chosen rows as one plan in the plan dialog (applied by id with progress
// and cancel), per-row results to save.
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState, type ChangeEvent } from "react";
import { queryKeys, toAppError, type AppError, type Plan } from "../../api";
import { onboardingApi, type CsvPreview, type CsvPreviewRow, type CsvResult } from "../../api/onboarding";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { CSV_MAX_BYTES } from "../../bindings";
import { formatCount } from "../../lib/words";

/** The file's bytes as base64: Rust detects the encoding (a spreadsheet's CSV is not always UTF-8). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const dataUrl = String(reader.result ?? "");
      resolve(dataUrl.slice(dataUrl.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsDataURL(file);
  });
}

function megabytes(bytes: number): string {
  const tenths = Math.ceil((bytes * 10) / (1024 * 1024));
  return tenths % 10 === 0 ? `${tenths / 10} MB` : `${(tenths / 10).toFixed(1)} MB`;
}

/** Larger files are refused before they are read (Rust refuses them too, with the same words). */
function tooLarge(file: File): AppError | null {
  if (file.size <= CSV_MAX_BYTES) return null;
  return toAppError({
    code: "invalid_input",
    message: `This file is ${megabytes(file.size)}, over the ${megabytes(CSV_MAX_BYTES)} a CSV file can have. Split it into smaller files.`,
    status: null,
    detail: null,
    fields: [],
    drift: [],
  });
}

function selectable(row: CsvPreviewRow): boolean {
  return row.input !== null && row.errors.length === 0;
}

function rowStatus(row: CsvPreviewRow): string {
  if (row.duplicate) return `Already exists: ${row.duplicate.message}`;
  if (row.errors.length > 0 || row.input === null) {
    const n = Math.max(row.errors.length, 1);
    return n === 1 ? "1 problem" : `${n} problems`;
  }
  return "Ready";
}

function partners(n: number): string {
  return n === 1 ? "1 partner" : `${formatCount(n)} partners`;
}

type Phase =
  | { kind: "idle" }
  | { kind: "reading"; fileName: string }
  | { kind: "preview"; fileName: string; preview: CsvPreview }
  | { kind: "planning"; fileName: string; preview: CsvPreview }
  | { kind: "plan"; fileName: string; preview: CsvPreview; plan: Plan }
  | { kind: "done"; fileName: string; results: CsvResult[] };

export function CsvImport() {
  const client = useQueryClient();
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [checked, setChecked] = useState<Set<number>>(() => new Set());
  const [confirming, setConfirming] = useState(false);
  const [notification, setNotification] = useState(true);
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const rows = phase.kind === "preview" ? phase.preview.rows : [];
  const chosen = useMemo(() => rows.filter((r) => checked.has(r.line) && selectable(r)), [rows, checked]);

  const saveText = async (name: string, make: () => Promise<string>) => {
    setError(null);
    setSaved(null);
    try {
      const path = await onboardingApi.saveTextFile(name, await make());
      if (path) setSaved(path);
    } catch (e) {
      setError(toAppError(e));
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(null);
    setSaved(null);
    const refused = tooLarge(file);
    if (refused) {
      setError(refused);
      if (fileInput.current) fileInput.current.value = "";
      return;
    }
    setPhase({ kind: "reading", fileName: file.name });
    try {
      const preview = await onboardingApi.previewCsv(await readBase64(file));
      setChecked(new Set(preview.rows.filter((r) => selectable(r) && !r.duplicate).map((r) => r.line)));
      setPhase({ kind: "preview", fileName: file.name, preview });
    } catch (err) {
      setError(toAppError(err));
      setPhase({ kind: "idle" });
    } finally {
      if (fileInput.current) fileInput.current.value = "";
    }
  };

  const start = async () => {
    if (phase.kind !== "preview") return;
    const toSend = chosen.map((r) => ({ line: r.line, input: r.input! }));
    setConfirming(false);
    setError(null);
    setPhase({ kind: "planning", fileName: phase.fileName, preview: phase.preview });
    try {
      const plan = await onboardingApi.planCsvCreate(toSend, notification);
      setPhase({ kind: "plan", fileName: phase.fileName, preview: phase.preview, plan });
    } catch (err) {
      setError(toAppError(err));
      setPhase(phase);
    }
  };

  // The dialog reports the apply; the per-line results are read back from the history.
  const applied = async (plan: Plan, fileName: string) => {
    try {
      setPhase({ kind: "done", fileName, results: await onboardingApi.csvResults(plan.plan_id) });
    } catch (err) {
      setError(toAppError(err));
    } finally {
      void client.invalidateQueries({ queryKey: queryKeys.network });
    }
  };

  const reset = () => {
    setPhase({ kind: "idle" });
    setChecked(new Set());
    setSaved(null);
    setError(null);
  };

  return (
    <div className="csv-import" data-testid="csv-import">
      <p className="lead">
        Fill in one row per partner in the template, then choose the file. Every row is checked with the same rules as the
        wizard before anything is sent, and partners that already exist are pointed out.
      </p>
      <div className="toolbar">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="csv-template"
          onClick={() => void saveText("affiliates-template.csv", onboardingApi.csvTemplate)}
        >
          Save the template…
        </button>
        {phase.kind === "idle" || phase.kind === "preview" || phase.kind === "reading" ? (
          <label className="btn btn-primary">
            {phase.kind === "preview" ? "Choose another file…" : "Choose a CSV file…"}
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              className="visually-hidden"
              data-testid="csv-file"
              onChange={(e) => void onFile(e)}
            />
          </label>
        ) : null}
      </div>
      {saved ? (
        <p className="notice notice-ok" role="status" data-testid="csv-saved">
          Saved to {saved}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} compact /> : null}
      {phase.kind === "reading" ? <Loading label={`Checking ${phase.fileName}…`} /> : null}

      {phase.kind === "preview" ? (
        <PreviewTable
          fileName={phase.fileName}
          preview={phase.preview}
          checked={checked}
          onToggle={(line, on) =>
            setChecked((prev) => {
              const next = new Set(prev);
              if (on) next.add(line);
              else next.delete(line);
              return next;
            })
          }
          count={chosen.length}
          onCreate={() => setConfirming(true)}
        />
      ) : null}

      {phase.kind === "planning" ? <Loading label="Checking the rows with Everflow…" /> : null}
      {phase.kind === "plan" ? (
        <PlanPreview
          plan={phase.plan}
          onClose={() => {
            // Closed after applying: show the results; closed before: back to the file's rows.
            const shown = phase;
            void onboardingApi
              .csvResults(shown.plan.plan_id)
              .then(() => applied(shown.plan, shown.fileName))
              .catch(() => setPhase({ kind: "preview", fileName: shown.fileName, preview: shown.preview }));
          }}
        />
      ) : null}

      {phase.kind === "done" ? (
        <Results
          results={phase.results}
          onSave={() => void saveText("affiliate-import-results.csv", () => onboardingApi.exportCsvResults(phase.results))}
          onAgain={reset}
        />
      ) : null}

      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Create ${partners(chosen.length)}?`}
        confirmLabel={`Create ${partners(chosen.length)}`}
        onConfirm={() => void start()}
      >
        <p>
          {partners(chosen.length)} from {phase.kind === "preview" ? phase.fileName : "the file"} will be created in Everflow, one
          after the other. You can stop at any time; those already created stay.
        </p>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="csv-notification"
            checked={notification}
            onChange={(e) => setNotification(e.target.checked)}
          />
          <span>Send a welcome email to the new users</span>
        </label>
      </ConfirmDialog>
    </div>
  );
}

function PreviewTable({
  fileName,
  preview,
  checked,
  onToggle,
  count,
  onCreate,
}: {
  fileName: string;
  preview: CsvPreview;
  checked: Set<number>;
  onToggle: (line: number, on: boolean) => void;
  count: number;
  onCreate: () => void;
}) {
  const fileProblems =
    preview.missing_required_columns.length > 0 || preview.unknown_columns.length > 0 || preview.file_errors.length > 0;
  return (
    <div data-testid="csv-preview-panel">
      <h2 className="section-title">{fileName}</h2>
      <p className="muted small" data-testid="csv-encoding">
        Read as {preview.encoding}.
      </p>
      {fileProblems ? (
        <div className="notice notice-error csv-file-problems" role="alert" data-testid="csv-file-problems">
          <ul>
            {preview.missing_required_columns.length > 0 ? (
              <li>Missing columns the rows need: {preview.missing_required_columns.join(", ")}.</li>
            ) : null}
            {preview.unknown_columns.length > 0 ? (
              <li>Columns Eflow Desk does not know (they are ignored): {preview.unknown_columns.join(", ")}.</li>
            ) : null}
            {preview.file_errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {preview.rows.length === 0 ? (
        <p className="empty">The file has no rows.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="csv-preview">
            <thead>
              <tr>
                <th>
                  <span className="visually-hidden">Create</span>
                </th>
                <th>Line</th>
                <th>Name</th>
                <th>Status</th>
                <th>Problems</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => {
                const can = selectable(row);
                return (
                  <tr key={row.line} data-testid="csv-row" data-line={row.line}>
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Create line ${row.line}${row.name ? ` (${row.name})` : ""}`}
                        data-testid="csv-row-check"
                        checked={can && checked.has(row.line)}
                        disabled={!can}
                        onChange={(e) => onToggle(row.line, e.target.checked)}
                      />
                    </td>
                    <td>{row.line}</td>
                    <td className="cell-name">{row.name || "—"}</td>
                    <td data-testid="csv-row-status" className={row.duplicate ? "text-warning" : can ? "text-ok" : undefined}>
                      {rowStatus(row)}
                    </td>
                    <td>
                      {row.errors.length > 0 ? (
                        <ul className="row-errors">
                          {row.errors.map((e) => (
                            <li key={`${e.field}:${e.message}`}>
                              <code>{e.field}</code>: {e.message}
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="csv-create" disabled={count === 0} onClick={onCreate}>
          Create {partners(count)}
        </button>
        <span className="muted small">Rows with problems cannot be chosen; fix them in the file and choose it again.</span>
      </div>
    </div>
  );
}

function Results({ results, onSave, onAgain }: { results: CsvResult[]; onSave: () => void; onAgain: () => void }) {
  const created = results.filter((r) => r.status === "created").length;
  const failed = results.filter((r) => r.status === "failed").length;
  const notSent = results.filter((r) => r.status === "not_sent").length;
  return (
    <div data-testid="csv-results-panel">
      <p className="notice notice-ok" role="status" data-testid="csv-summary">
        {partners(created)} created{failed ? `, ${formatCount(failed)} failed` : ""}
        {notSent ? `, ${formatCount(notSent)} not sent` : ""}.
      </p>
      <div className="table-wrap">
        <table className="data-table" data-testid="csv-results">
          <thead>
            <tr>
              <th>Line</th>
              <th>Name</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.line} data-testid="csv-result" data-status={r.status}>
                <td>{r.line}</td>
                <td className="cell-name">{r.name}</td>
                <td>
                  {r.status === "created"
                    ? `Created, id #${r.affiliate_id}`
                    : r.status === "failed"
                      ? `Failed: ${r.message || "no reason given"}`
                      : `Not sent${r.message ? `: ${r.message}` : " (stopped before this row)"}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="form-actions">
        <button type="button" className="btn btn-secondary" data-testid="csv-save-results" onClick={onSave}>
          Save results as CSV…
        </button>
        <button type="button" className="btn btn-secondary" data-testid="csv-again" onClick={onAgain}>
          Import another file
        </button>
      </div>
    </div>
  );
}
