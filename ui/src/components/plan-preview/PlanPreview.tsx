// The one preview-and-apply dialog every write uses (affiliate bulk edit, offer URL update,
// visibility): what will change (totals, summaries, a row per record and field, errors), then apply
// in requests with progress and cancel, then what happened (per request) and whether Everflow now
// holds what was shown. A refused apply because values changed since the preview lists them.
import * as Dialog from "@radix-ui/react-dialog";
import { useVirtualizer, observeElementRect, type Virtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import {
  plansApi,
  toAppError,
  useCurrencies,
  useEmployees,
  useInvalidateAfterApply,
  useTrafficSources,
  type AppError,
  type ApplyReport,
  type Drift,
  type Plan,
  type PlanRow,
  type TextHighlight,
} from "../../api";
import type { Progress } from "../../bindings";
import { formatCount, humanize } from "../../lib/words";
import { ErrorNotice } from "../ErrorNotice";
import { Spinner } from "../Loading";
import { fieldLabel, valueWords, type Names } from "./fields";

export const PLAN_ROW_HEIGHT = 44;
const FALLBACK_RECT = { width: 900, height: 360 };

interface Props {
  plan: Plan;
  /** Re-plans without these records; without it the dialog does not offer to remove them. */
  onRemoveAffiliates?: (ids: number[]) => Promise<Plan>;
  onClose: () => void;
  /** Called once the apply finished (whatever its outcome). */
  onApplied?: (report: ApplyReport) => void;
  /** For an undo plan: the description of the change it undoes (the title says "Undo: …"). */
  undoOf?: string;
}

type Phase =
  | { phase: "preview" }
  | { phase: "applying"; jobId: string; progress: Progress | null; cancelling: boolean }
  | { phase: "report"; report: ApplyReport };

/** Rows in words, with the names of employees, currencies and traffic sources. */
export function usePlanNames(): Names {
  const employees = useEmployees();
  const currencies = useCurrencies();
  const sources = useTrafficSources();
  return useMemo(
    () => ({
      employee: (id) => {
        const e = employees.data?.find((x) => x.network_employee_id === id);
        return e ? `${e.first_name} ${e.last_name}` : undefined;
      },
      currency: (id) => {
        const c = currencies.data?.find((x) => x.currency_id === id);
        return c ? `${c.currency_name} (${c.currency_id})` : undefined;
      },
      trafficSource: (id) => sources.data?.find((x) => x.network_traffic_source_id === id)?.name,
    }),
    [employees.data, currencies.data, sources.data],
  );
}

/** The records that stop the plan: rows in error and affiliates Everflow refused before patching. */
export function errorAffiliateIds(plan: Plan): number[] {
  const ids = new Set<number>();
  for (const r of plan.rows) if (r.status === "error") ids.add(r.record_id);
  for (const e of plan.resource_errors) ids.add(e.id);
  return [...ids];
}

export function planTitle(plan: Plan, undoOf?: string): string {
  if (undoOf) return `Undo: ${undoOf}`;
  if (plan.undo_of && !/^undo\b/i.test(plan.description)) return `Undo: ${plan.description}`;
  return plan.description;
}

export function PlanPreview({ plan: initialPlan, onRemoveAffiliates, onClose, onApplied, undoOf }: Props) {
  const [plan, setPlan] = useState(initialPlan);
  const [state, setState] = useState<Phase>({ phase: "preview" });
  const [error, setError] = useState<AppError | null>(null);
  const [replanning, setReplanning] = useState(false);
  const names = usePlanNames();
  const invalidate = useInvalidateAfterApply();
  const job = useRef<{ jobId: string; cancelled: boolean } | null>(null);

  useEffect(() => setPlan(initialPlan), [initialPlan]);

  const errorIds = useMemo(() => errorAffiliateIds(plan), [plan]);
  const applying = state.phase === "applying";
  const title = planTitle(plan, undoOf);

  const removeErrors = async () => {
    if (!onRemoveAffiliates) return;
    setReplanning(true);
    setError(null);
    try {
      setPlan(await onRemoveAffiliates(errorIds));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setReplanning(false);
    }
  };

  const apply = useCallback(async () => {
    // A second click before the first one's render must not send the plan again (Rust refuses a
    // second apply too; this keeps the click from even asking).
    if (job.current) return;
    const jobId = crypto.randomUUID();
    const mine = { jobId, cancelled: false };
    job.current = mine;
    setError(null);
    setState({ phase: "applying", jobId, progress: null, cancelling: false });
    try {
      const report = await plansApi.applyPlan(plan.plan_id, jobId, (progress) => {
        if (job.current === mine) setState((s) => (s.phase === "applying" ? { ...s, progress } : s));
      });
      setState({ phase: "report", report });
      onApplied?.(report);
    } catch (e) {
      setError(toAppError(e));
      setState({ phase: "preview" });
    } finally {
      job.current = null;
      invalidate();
    }
  }, [plan.plan_id, onApplied, invalidate]);

  // What did not go through, planned again against Everflow now and shown in this dialog.
  const finishRest = async () => {
    setReplanning(true);
    setError(null);
    try {
      const rest = await plansApi.planRest(plan.plan_id);
      setPlan(rest);
      setState({ phase: "preview" });
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setReplanning(false);
    }
  };

  const cancel = () => {
    const current = job.current;
    if (!current || current.cancelled) return;
    current.cancelled = true;
    setState((s) => (s.phase === "applying" ? { ...s, cancelling: true } : s));
    void plansApi.cancelJob(current.jobId).catch(() => undefined);
  };

  const blocked = !plan.can_apply || errorIds.length > 0;
  // Everflow changed since this preview: applying it again would be refused again.
  const outdated = error !== null && error.drift.length > 0;

  return (
    <Dialog.Root open onOpenChange={(open) => (!open && !applying ? onClose() : undefined)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="plan-preview" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">{title}</Dialog.Title>
          {title !== plan.description ? <p className="muted small">{plan.description}</p> : null}
          {state.phase === "report" ? (
            <Report report={state.report} plan={plan} names={names} />
          ) : (
            <div className="dialog-body">
              {plan.resource_errors.length > 0 ? (
                <div className="notice notice-error" role="alert" data-testid="plan-resource-errors">
                  <p className="notice-title">Everflow will not patch these affiliates as they are now</p>
                  <ul>
                    {plan.resource_errors.map((e) => (
                      <li key={e.id}>
                        <strong>{e.label}</strong> <span className="muted">#{e.id}</span>: {e.message}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {plan.sheet_problems && plan.sheet_problems.length > 0 ? (
                <div className="notice notice-error" role="alert" data-testid="plan-sheet-problems">
                  <p className="notice-title">
                    {plan.sheet_problems.length === 1 ? "A cell of the sheet cannot be read" : `${formatCount(plan.sheet_problems.length)} cells of the sheet cannot be read`}
                  </p>
                  <p className="small">Fix them in the sheet and import it again; nothing was changed.</p>
                  <ul>
                    {plan.sheet_problems.map((p, i) => (
                      <li key={i} data-testid="plan-sheet-problem">
                        {p.row !== null ? <strong>Row {p.row}</strong> : null}
                        {p.row !== null && p.column ? ", " : null}
                        {p.column ? <strong>column {p.column}</strong> : null}
                        {p.row !== null || p.column ? ": " : null}
                        {p.message}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {plan.notices.length > 0 ? (
                <ul className="plan-notices" data-testid="plan-notices">
                  {plan.notices.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              ) : null}
              <Totals plan={plan} />
              {plan.summaries.length > 0 ? (
                <div className="plan-summaries" data-testid="plan-summaries">
                  {plan.summaries.map((summary) => (
                    <section key={summary.title} className="plan-summary" data-testid="plan-summary">
                      <h3>{summary.title}</h3>
                      <ul>
                        {summary.lines.map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    </section>
                  ))}
                </div>
              ) : null}
              <PlanRows rows={plan.rows} names={names} noun={plan.noun} showIds={plan.kind !== "affiliate_create"} />
              {errorIds.length > 0 && onRemoveAffiliates ? (
                <div className="plan-remove">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    data-testid="plan-remove-errors"
                    disabled={replanning || applying}
                    onClick={() => void removeErrors()}
                  >
                    {replanning ? (
                      <>
                        <Spinner /> Previewing again…
                      </>
                    ) : (
                      `Remove the ${formatCount(errorIds.length)} ${errorIds.length === 1 ? plan.noun : plan.noun_plural} with errors`
                    )}
                  </button>
                </div>
              ) : null}
              {blocked ? (
                <p className="notice-warning" data-testid="plan-blocked" role="status">
                  {plan.blocked_reason ?? `Apply is not possible while some ${plan.noun_plural} have errors.`}
                </p>
              ) : null}
              <p className="muted small" data-testid="plan-undo-note">
                {plan.account ? `On ${plan.account.name}. ` : ""}
                {plan.kind === "affiliate_create"
                  ? "Recorded in History."
                  : "Everflow cannot undo this on its side. Eflow Desk keeps the previous values, so you can undo this change from History."}
                {plan.kind !== "visibility" && plan.batches > 1
                  ? ` It is sent in ${plan.batches} batches of up to ${plan.batch_size} ${plan.noun_plural}.`
                  : ""}
              </p>
              {state.phase === "applying" ? <ApplyProgress state={state} batches={plan.batches} /> : null}
            </div>
          )}
          {error ? <ErrorNotice error={error} title="The change could not be applied" compact /> : null}
          {error && error.drift.length > 0 ? <DriftList drift={error.drift} /> : null}
          <div className="dialog-actions">
            {state.phase === "report" ? (
              <>
                {state.report.status !== "applied" && state.report.batches.some((b) => b.status !== "sent") ? (
                  <button type="button" className="btn btn-secondary" data-testid="plan-rest" disabled={replanning} onClick={() => void finishRest()}>
                    {replanning ? <Spinner /> : null} Finish the rest…
                  </button>
                ) : null}
                <button type="button" className="btn btn-primary" data-testid="plan-close" onClick={onClose}>
                  Close
                </button>
              </>
            ) : (
              <>
                {/* While applying, Cancel takes Back's place and Apply stays where it was, disabled:
                    a second click on Apply never lands on another button. */}
                {applying ? (
                  <button type="button" className="btn btn-secondary" data-testid="plan-cancel" disabled={state.cancelling} onClick={cancel}>
                    {state.cancelling ? "Stopping after this batch…" : "Cancel"}
                  </button>
                ) : (
                  <Dialog.Close asChild>
                    <button type="button" className="btn btn-secondary" data-testid="plan-dismiss">
                      Back
                    </button>
                  </Dialog.Close>
                )}
                <button
                  type="button"
                  className="btn btn-primary"
                  data-testid="plan-apply"
                  aria-busy={applying}
                  disabled={applying || blocked || replanning || plan.totals.will_change === 0 || outdated}
                  onClick={() => void apply()}
                >
                  {applying
                    ? "Applying…"
                    : outdated
                    ? "Preview again to apply"
                    : plan.totals.will_change === 0
                    ? "Nothing to apply"
                    : `Apply ${formatCount(plan.totals.will_change)} ${plan.totals.will_change === 1 ? "change" : "changes"}`}
                </button>
              </>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Totals({ plan }: { plan: Plan }) {
  const t = plan.totals;
  return (
    <ul className="plan-totals" data-testid="plan-totals">
      <li data-testid="plan-total-change">
        <strong>{formatCount(t.will_change)}</strong> will change
      </li>
      <li data-testid="plan-total-nochange">
        <strong>{formatCount(t.no_change)}</strong> already as asked (no change)
      </li>
      <li data-testid="plan-total-errors" className={t.errors > 0 ? "plan-total-errors" : undefined}>
        <strong>{formatCount(t.errors)}</strong> {t.errors === 1 ? "error" : "errors"}
      </li>
    </ul>
  );
}

const STATUS_WORDS: Record<string, string> = { ok: "Will change", no_change: "No change", error: "Error" };

export function PlanStatusBadge({ status }: { status: string }) {
  const tone = status === "ok" ? "active" : status === "error" ? "suspended" : "neutral";
  return <span className={`badge badge-${tone}`}>{STATUS_WORDS[status] ?? status}</span>;
}

export interface MaskedRows {
  rows: number[];
  reveal: (row: number, side: "before" | "after") => Promise<string>;
}

/** A payment detail or password shown as `••••6789`; a click asks Rust for it in clear. */
function MaskedValue({ text, reveal, side }: { text: string | null; reveal: () => Promise<string>; side: string }) {
  const [clear, setClear] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  if (clear !== null) return <span className={`plan-value plan-value-${side}`} data-testid={`revealed-${side}`}>{clear}</span>;
  return (
    <button
      type="button"
      className="btn-link plan-masked"
      data-testid={`reveal-${side}`}
      title={failed ?? "Show this value"}
      aria-label={`${text ?? "Hidden value"}: show it`}
      onClick={() => reveal().then(setClear, (error: unknown) => setFailed(toAppError(error).message))}
    >
      {text ?? "••••"} {failed ? <span className="plan-error small">{failed}</span> : <span className="muted small">(show)</span>}
    </button>
  );
}

/** The rows of a plan; long plans are virtualized (only what is in view is drawn). */
export function PlanRows({
  rows,
  names,
  noun = "affiliate",
  showIds = true,
  masked,
}: {
  rows: PlanRow[];
  names: Names;
  noun?: string;
  /** Creates number their rows; those numbers are not ids on Everflow. */
  showIds?: boolean;
  /** Rows whose values are payment details or passwords (History): shown masked, revealed on click. */
  masked?: MaskedRows;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => PLAN_ROW_HEIGHT,
    overscan: 10,
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance: Virtualizer<HTMLDivElement, Element>, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
  });
  if (rows.length === 0) return <p className="muted">No {noun} is affected.</p>;
  return (
    <div className="plan-rows" role="table" aria-label="Changes" aria-rowcount={rows.length + 1}>
      <div className="plan-row plan-row-head" role="row">
        <span role="columnheader">{noun === "cell" ? "Offer · affiliate" : humanize(noun)}</span>
        <span role="columnheader">Field</span>
        <span role="columnheader">Now → after</span>
        <span role="columnheader">Status</span>
      </div>
      <div className="plan-rows-scroll" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {virtualizer.getVirtualItems().map((item) => {
            const r = rows[item.index];
            return (
              <div
                key={item.key}
                // Rows grow with wrapped text (related changes, error messages): measured, not assumed.
                ref={virtualizer.measureElement}
                data-index={item.index}
                role="row"
                aria-rowindex={item.index + 2}
                className={`plan-row plan-row-${r.status}`}
                data-testid="plan-row"
                data-affiliate={r.record_id}
                data-record={r.record_id}
                data-group={r.group_id ?? undefined}
                data-status={r.status}
                style={{ position: "absolute", top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                <span role="cell">
                  {r.group_name ? <span className="plan-group small muted">{r.group_name} · </span> : null}
                  {r.name} {showIds ? <span className="muted">#{r.record_id}</span> : null}
                </span>
                <span role="cell">{r.field_label}</span>
                <span role="cell" data-testid="plan-row-change">
                  {masked?.rows.includes(item.index) ? (
                    <>
                      <MaskedValue text={r.before_text} reveal={() => masked.reveal(item.index, "before")} side="before" />
                      {" → "}
                      <MaskedValue text={r.after_text} reveal={() => masked.reveal(item.index, "after")} side="after" />
                    </>
                  ) : (
                    <>
                      <ValueText text={r.before_text} value={r.before} field={r.field_type} names={names} ranges={r.highlight?.before} kind="before" />
                      {" → "}
                      <ValueText text={r.after_text} value={r.after} field={r.field_type} names={names} ranges={r.highlight?.after} kind="after" />
                    </>
                  )}
                  {r.related_changes ? <span className="plan-related small muted"> · {r.related_changes}</span> : null}
                </span>
                <span role="cell">
                  <PlanStatusBadge status={r.status} />
                  {r.warning ? (
                    <span className="badge badge-pending plan-row-warning" data-testid="plan-row-warning" title={r.warning}>
                      Changed on Everflow since the export
                    </span>
                  ) : null}
                  {r.error_message ? (
                    <span className="plan-error small" data-testid="plan-row-error">
                      {" "}
                      {r.error_message}
                    </span>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** What the apply is doing: its first progress report comes once the check before sending is done. */
function applyStep(progress: Extract<Phase, { phase: "applying" }>["progress"], done: number, total: number): string {
  if (!progress) return "Checking that nothing changed since the preview…";
  if (done >= total && total > 0) return "Checking what Everflow has now…";
  return `${done} of ${total} ${total === 1 ? "request" : "requests"} done`;
}

function ApplyProgress({ state, batches }: { state: Extract<Phase, { phase: "applying" }>; batches: number }) {
  const total = state.progress?.total ?? batches;
  const done = state.progress?.done ?? 0;
  return (
    <div className="plan-progress" data-testid="plan-progress" role="status" aria-live="polite">
      <p>
        <Spinner /> {applyStep(state.progress, done, total)}
      </p>
      <progress className="progress" max={Math.max(total, 1)} value={done} />
    </div>
  );
}

const REPORT_TITLES: Record<string, string> = {
  applied: "Applied",
  partially_applied: "Partly applied: some batches did not go through",
  failed: "Not applied: Everflow refused the change",
  cancelled: "Stopped: the batches not sent were left as they were",
};

const BATCH_WORDS: Record<string, string> = {
  sent: "Sent",
  failed: "Failed",
  not_sent: "Not sent",
  unknown: "Answer lost: may have gone through",
};

export function ReportView({ report, names }: { report: ApplyReport; names: Names }) {
  const v = report.verification;
  return (
    <div className="plan-report" data-testid="plan-report" data-status={report.status}>
      <p className={`notice ${report.status === "applied" ? "notice-ok" : "notice-error"}`} data-testid="plan-report-status">
        {REPORT_TITLES[report.status] ?? report.status}
      </p>
      <ol className="plan-batches">
        {report.batches.map((b) => (
          <li key={b.index} data-testid="plan-batch" data-status={b.status}>
            <strong>Request {b.index + 1}</strong> ({b.label}):{" "}
            <span className={`badge badge-${b.status === "sent" ? "active" : b.status === "failed" ? "suspended" : "neutral"}`}>
              {BATCH_WORDS[b.status] ?? b.status}
            </span>
            {b.message ? <span className="small"> {b.message}</span> : null}
          </li>
        ))}
      </ol>
      {v.error ? (
        <p className="notice-warning" data-testid="plan-verify-error">
          The check after applying could not run: {v.error} Look at these affiliates in the table to be sure.
        </p>
      ) : v.mismatches.length === 0 ? (
        <p className="notice notice-ok" data-testid="plan-verified">
          All {formatCount(v.checked)} checked after applying: Everflow has what you confirmed.
        </p>
      ) : (
        <div className="notice notice-error" data-testid="plan-mismatches">
          <p className="notice-title">
            {formatCount(v.mismatches.length)} of {formatCount(v.checked)} checked differ from what you confirmed
          </p>
          <ul>
            {v.mismatches.map((m) => (
              <li key={`${m.group_id ?? ""}:${m.record_id}:${m.field_type}`}>
                {m.name} <span className="muted">#{m.record_id}</span>
                {m.group_id !== null ? <span className="muted"> on offer #{m.group_id}</span> : null}, {fieldLabel(m.field_type)}: expected{" "}
                {valueWords(m.field_type, m.expected, names)}, Everflow has {valueWords(m.field_type, m.actual, names)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** A value in words (from Rust when it knows best), with the changed parts of a find/replace marked. */
function ValueText({
  text,
  value,
  field,
  names,
  ranges,
  kind,
}: {
  text: string | null;
  value: PlanRow["before"];
  field: string;
  names: Names;
  ranges: TextHighlight["before"] | undefined;
  kind: "before" | "after";
}) {
  const words = text ?? valueWords(field, value, names);
  if (!ranges || ranges.length === 0) return <span className={`plan-value-${kind}`}>{words}</span>;
  const parts: ReactNode[] = [];
  let at = 0;
  ranges.forEach((range, i) => {
    if (range.start > at) parts.push(words.slice(at, range.start));
    parts.push(
      <mark key={i} className={`plan-mark plan-mark-${kind}`} data-testid={`plan-mark-${kind}`}>
        {words.slice(range.start, range.end)}
      </mark>,
    );
    at = range.end;
  });
  if (at < words.length) parts.push(words.slice(at));
  return <span className={`plan-value-${kind} plan-url`}>{parts}</span>;
}

/** What changed on Everflow since the preview, when an apply was refused for it. */
function DriftList({ drift }: { drift: Drift[] }) {
  return (
    <div className="notice notice-error" data-testid="plan-drift" role="alert">
      <p className="notice-title">Changed on Everflow since this preview</p>
      <ul>
        {drift.slice(0, 50).map((d) => (
          <li key={`${d.group_id ?? ""}:${d.record_id}:${d.field_label}`} data-testid="plan-drift-item">
            {d.group_name ? `${d.group_name} · ` : ""}
            {d.name} <span className="muted">#{d.record_id}</span>, {d.field_label}: was {d.previewed}, now {d.now}
          </li>
        ))}
      </ul>
      {drift.length > 50 ? <p className="small">…and {formatCount(drift.length - 50)} more.</p> : null}
      <p className="small">Close this and preview again to see the current values.</p>
    </div>
  );
}

function Report({ report, names }: { report: ApplyReport; plan: Plan; names: Names }) {
  return (
    <div className="dialog-body">
      <ReportView report={report} names={names} />
    </div>
  );
}
