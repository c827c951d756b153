// Bulk create: an editable table (typed, pasted or imported from CSV), every row checked by the Rust
// rules as it is typed, then one plan (one request to the bulk endpoint) previewed and applied.
import { useMemo, useRef, useState } from "react";
import { AppError, offerUrlsApi, toAppError, useOfferUrlValidations, type FieldError, type Plan } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Loading";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { useDebounced } from "../../lib/useDebounced";
import { formatCount } from "../../lib/words";
import {
  BULK_COLUMNS,
  CSV_EXAMPLE,
  emptyRow,
  isBlankRow,
  parseOfferUrlCsv,
  rowToInput,
  type BulkRow,
} from "./model";
import { UrlWithMacros } from "./pickers";

interface Props {
  offerId: number;
  rows: BulkRow[];
  onRows: (rows: BulkRow[]) => void;
  onCancel: () => void;
  onDone: (created: number) => void;
}

type Column = (typeof BULK_COLUMNS)[number];

/** The message for one cell: local problems (IDs, yes/no) first, then the Rust rules'. */
function cellError(errors: FieldError[], column: Column): string | undefined {
  return errors.find((e) => column.fields.includes(e.field))?.message;
}

export function BulkCreate({ offerId, rows, onRows, onCancel, onDone }: Props) {
  const [paste, setPaste] = useState("");
  const [importNote, setImportNote] = useState<{ ok: string | null; problems: string[] } | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const applied = useRef<number | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const converted = useMemo(() => rows.map((r) => rowToInput(offerId, r)), [rows, offerId]);
  const debounced = useDebounced(converted, 300);
  const validations = useOfferUrlValidations(debounced.map((c, i) => (rows[i] && !isBlankRow(rows[i]) ? c.input : null)));
  const rowErrors = rows.map((row, i): FieldError[] => {
    if (isBlankRow(row)) return [];
    const local = converted[i]?.problems ?? [];
    return [...local, ...(validations[i] ?? [])];
  });
  const filled = rows.filter((r) => !isBlankRow(r));
  const badRows = rows.map((r, i) => ({ r, i })).filter(({ i }) => rowErrors[i].length > 0);

  const update = (next: BulkRow[]) => {
    onRows(next);
    setError(null);
  };
  const setCell = (key: string, column: Column["key"], value: string) =>
    update(rows.map((r) => (r.key === key ? { ...r, [column]: value } : r)));

  const addImported = (text: string, source: string) => {
    const result = parseOfferUrlCsv(text);
    if (result.rows.length > 0) {
      const kept = rows.filter((r) => !isBlankRow(r));
      update([...kept, ...result.rows]);
      setShowAll(true);
    }
    const ignored = result.ignored.length > 0 ? ` Columns not imported: ${result.ignored.join(", ")}.` : "";
    setImportNote({
      ok: result.rows.length > 0 ? `${formatCount(result.rows.length)} ${result.rows.length === 1 ? "row" : "rows"} added from ${source}.${ignored}` : null,
      problems: result.rows.length === 0 && result.problems.length === 0 ? ["No rows found under the header line."] : result.problems,
    });
    return result.rows.length > 0;
  };

  const readFile = (file: File) => {
    const reader = new FileReader();
    reader.onload = () => addImported(String(reader.result ?? ""), `“${file.name}”`);
    reader.onerror = () => setImportNote({ ok: null, problems: [`“${file.name}” could not be read. Is it a text (CSV) file?`] });
    reader.readAsText(file);
  };

  const preview = async () => {
    setError(null);
    if (filled.length === 0) {
      setError(new AppError({ code: "validation", message: "Add at least one row: type it, paste CSV or import a file.", status: null, detail: null, fields: [], drift: [], area: null }));
      return;
    }
    setPlanning(true);
    try {
      // Check every row now, not the debounced results.
      const inputs = filled.map((r) => rowToInput(offerId, r));
      const checks = await Promise.all(inputs.map((c) => offerUrlsApi.validate(c.input)));
      const firstBad = inputs.findIndex((c, i) => c.problems.length > 0 || checks[i].length > 0);
      if (firstBad >= 0) {
        setShowAll(true);
        window.setTimeout(() => tableRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus(), 0);
        return;
      }
      applied.current = null;
      setPlan(await offerUrlsApi.planCreate(inputs.map((c) => c.input)));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  return (
    <div className="ou-bulk-create" data-testid="ou-bulk-create">
      <h2 className="section-title">Add many offer URLs</h2>
      <p className="muted">
        Type rows in the table, paste CSV, or import a CSV file. Each row is checked as you type; all rows are sent together in one
        request after you confirm the preview.
      </p>

      <div className="ou-import">
        <div className="field">
          <label className="field-label" htmlFor="ou-paste">
            Paste CSV (first line: column names)
          </label>
          <textarea
            id="ou-paste"
            data-testid="ou-csv-paste"
            rows={4}
            spellCheck={false}
            value={paste}
            placeholder={CSV_EXAMPLE}
            onChange={(e) => setPaste(e.target.value)}
          />
          <p className="field-hint">
            Columns: name, destination_url, preview_url, url_status, affiliate_ids (separated by spaces or ;), hidden (yes/no). Comma,
            semicolon or tab separated; names are matched loosely (“Destination URL” works).
          </p>
        </div>
        <div className="ou-import-actions">
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="ou-csv-add"
            disabled={paste.trim() === ""}
            onClick={() => {
              if (addImported(paste, "the pasted text")) setPaste("");
            }}
          >
            Add pasted rows
          </button>
          <button type="button" className="btn btn-secondary" data-testid="ou-csv-file-button" onClick={() => fileRef.current?.click()}>
            Import a CSV file…
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            className="visually-hidden"
            data-testid="ou-csv-file"
            tabIndex={-1}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) readFile(file);
              e.target.value = "";
            }}
          />
        </div>
      </div>
      {importNote ? (
        <div role="status" data-testid="ou-import-note">
          {importNote.ok ? <p className="notice notice-ok">{importNote.ok}</p> : null}
          {importNote.problems.length > 0 ? (
            <div className="notice notice-error">
              <p className="notice-title">The CSV could not be read completely</p>
              <ul>
                {importNote.problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="ou-bulk-table-wrap">
        <table className="data-table ou-bulk-table" data-testid="ou-bulk-table" ref={tableRef}>
          <thead>
            <tr>
              <th scope="col" className="cell-number">
                Row
              </th>
              {BULK_COLUMNS.map((c) => (
                <th key={c.key} scope="col" title={c.hint}>
                  {c.label}
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const errors = rowErrors[index];
              const bad = errors.length > 0;
              return (
                <tr key={row.key} data-testid="ou-bulk-row" data-row={index + 1} data-errors={errors.length} className={bad && showAll ? "has-errors" : undefined}>
                  <td className="cell-number">{index + 1}</td>
                  {BULK_COLUMNS.map((c) => {
                    // Problems show in cells with something typed; empty ones once a preview was asked for.
                    const message = bad && (showAll || row[c.key].trim() !== "") ? cellError(errors, c) : undefined;
                    const label = `${c.label}, row ${index + 1}`;
                    return (
                      <td key={c.key} className={message ? "cell-invalid" : undefined}>
                        <input
                          type="text"
              data-testid={`ou-cell-${c.key}`}
                          aria-label={label}
                          aria-invalid={message ? true : undefined}
                          title={message ?? c.hint}
                          value={row[c.key]}
                          spellCheck={false}
                          list={c.key === "url_status" ? "ou-status-options" : c.key === "hidden" ? "ou-yesno-options" : undefined}
                          onChange={(e) => setCell(row.key, c.key, e.target.value)}
                          onKeyDown={(e) => {
                            if (e.key === "Enter" && index === rows.length - 1 && !isBlankRow(row)) {
                              e.preventDefault();
                              update([...rows, emptyRow()]);
                              window.setTimeout(() => {
                                tableRef.current?.querySelector<HTMLInputElement>(`tr[data-row="${index + 2}"] input`)?.focus();
                              }, 0);
                            }
                          }}
                        />
                        {message ? (
                          <p className="ou-cell-error" data-testid="ou-cell-error">
                            {message}
                          </p>
                        ) : null}
                        {c.key === "destination_url" && row.destination_url.includes("{") && !message ? (
                          <p className="ou-cell-macros">
                            <UrlWithMacros url={row.destination_url} />
                          </p>
                        ) : null}
                      </td>
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      className="btn-link"
                      data-testid="ou-row-remove"
                      aria-label={`Remove row ${index + 1}`}
                      onClick={() => update(rows.length === 1 ? [emptyRow()] : rows.filter((r) => r.key !== row.key))}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <datalist id="ou-status-options">
          <option value="active" />
          <option value="paused" />
          <option value="deleted" />
        </datalist>
        <datalist id="ou-yesno-options">
          <option value="yes" />
          <option value="no" />
        </datalist>
      </div>
      <div className="toolbar">
        <button type="button" className="btn btn-secondary btn-small" data-testid="ou-row-add" onClick={() => update([...rows, emptyRow()])}>
          + Add a row
        </button>
        {filled.length > 0 ? (
          <button
            type="button"
            className="btn-link"
            data-testid="ou-rows-clear"
            onClick={() => {
              if (window.confirm(`Remove all ${filled.length} rows from the table?`)) update([emptyRow()]);
            }}
          >
            Clear the table
          </button>
        ) : null}
        <span className="toolbar-spacer" />
        <span className="muted small" data-testid="ou-bulk-count" aria-live="polite">
          {formatCount(filled.length)} {filled.length === 1 ? "row" : "rows"}
          {badRows.length > 0 && showAll ? `, ${formatCount(badRows.length)} with problems` : ""}
        </span>
      </div>

      {showAll && badRows.length > 0 ? (
        <p className="notice notice-error" role="alert" data-testid="ou-bulk-problems">
          Fix the {badRows.length === 1 ? "row" : "rows"} marked in red first: {badRows.slice(0, 8).map(({ i }) => `row ${i + 1}`).join(", ")}
          {badRows.length > 8 ? "…" : ""}. Hover or focus a red cell to read what is wrong.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="The URLs could not be previewed" /> : null}

      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="ou-bulk-preview" disabled={planning} onClick={() => void preview()}>
          {planning ? (
            <>
              <Spinner /> Checking {formatCount(filled.length)} rows…
            </>
          ) : (
            `Preview and create ${filled.length > 0 ? formatCount(filled.length) : ""} ${filled.length === 1 ? "URL" : "URLs"}`
          )}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="ou-bulk-cancel" onClick={onCancel}>
          Back to the list
        </button>
        <span className="muted small">The rows stay here if you leave; nothing is sent until you confirm.</span>
      </div>

      {plan ? (
        <PlanPreview
          plan={plan}
          onClose={() => {
            setPlan(null);
            if (applied.current !== null) onDone(applied.current);
          }}
          onApplied={(report) => {
            applied.current = report.status === "applied" ? plan.record_ids.length : null;
          }}
        />
      ) : null}
    </div>
  );
}
