// Every write Eflow Desk made, newest first: what was previewed, what was sent (never the key), what
// came back, the verification, and undo where the journal has the previous values.
import { useState } from "react";
import { plansApi, sheetsApi, toAppError, useHistory, useHistoryItem, type AppError, type Plan, type HistoryDetail, type HistoryEntry } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { PlanPreview, PlanRows, ReportView, usePlanNames } from "../../components/plan-preview/PlanPreview";
import { SheetActions } from "../../components/sheets/SheetActions";
import { formatCount, humanize } from "../../lib/words";

const KIND_WORDS: Record<string, string> = {
  affiliate_bulk_edit: "Affiliate bulk edit",
  affiliate_edit: "Affiliate edit",
  affiliate_create: "Affiliates created",
  offer_url_update: "Offer URL update",
  offer_url_create: "Offer URLs created",
  offer_url_edit: "Offer URL edit",
  visibility: "Visibility",
};

const STATUS_WORDS: Record<string, string> = {
  previewed: "Previewed, not applied",
  interrupted: "Interrupted",
  applied: "Applied",
  partially_applied: "Partly applied",
  failed: "Failed",
  cancelled: "Stopped",
  undone: "Undone",
};

function statusTone(status: string): string {
  if (status === "applied") return "active";
  if (status === "failed" || status === "interrupted") return "suspended";
  if (status === "partially_applied" || status === "cancelled") return "pending";
  return "neutral";
}

/** Unix seconds as a local date and time. */
export function localTime(seconds: number): string {
  return new Date(seconds * 1000).toLocaleString();
}

/** Whose account a change was made on, in words. */
function accountWords(item: HistoryEntry): string {
  return item.account ? item.account.name : `${item.profile} (account unknown)`;
}

export function HistoryScreen() {
  const [allAccounts, setAllAccounts] = useState(false);
  const history = useHistory(allAccounts ? "all_accounts" : "open_account");
  const [chosen, setChosen] = useState<string | null>(null);
  const items = history.data ?? [];
  const selected = chosen ?? items[0]?.plan_id ?? null;

  return (
    <section className="screen" data-testid="history-screen">
      <header className="screen-header">
        <h1>History</h1>
        <p className="muted">Every change Eflow Desk made on this account: what you saw, what was sent, what came back.</p>
        <label className="checkbox">
          <input
            type="checkbox"
            data-testid="history-all-accounts"
            checked={allAccounts}
            onChange={(e) => {
              setAllAccounts(e.target.checked);
              setChosen(null);
            }}
          />
          <span>All accounts (other accounts' changes can be read, not undone)</span>
        </label>
        <SheetActions
          what="history"
          testId="history-sheet"
          csvOnly
          exportTo={(path) => sheetsApi.exportHistory(allAccounts ? "all_accounts" : "open_account", path)}
        />
      </header>
      {history.isPending ? (
        <Loading label="Loading the history…" />
      ) : history.error ? (
        <ErrorNotice error={history.error} title="The history could not be read" onRetry={() => void history.refetch()} />
      ) : items.length === 0 ? (
        <div className="panel panel-calm empty" data-testid="history-empty">
          <h2>No changes yet</h2>
          <p>
            When you apply a change on this account, it is recorded here, with undo where possible.
            {allAccounts ? "" : " Tick “All accounts” to see changes made on your other accounts."}
          </p>
        </div>
      ) : (
        <div className="history-layout">
          <ol className="history-list" aria-label="Changes, newest first">
            {items.map((item) => (
              <li key={item.plan_id}>
                <button
                  type="button"
                  className={`history-item${item.plan_id === selected ? " history-item-current" : ""}`}
                  data-testid="history-item"
                  data-plan={item.plan_id}
                  aria-current={item.plan_id === selected ? "true" : undefined}
                  onClick={() => setChosen(item.plan_id)}
                >
                  <HistoryItemSummary item={item} undoneBy={undoneWords(items, item.undone_by)} />
                </button>
              </li>
            ))}
          </ol>
          {selected ? <Detail key={selected} planId={selected} onUndone={() => void history.refetch()} /> : null}
        </div>
      )}
    </section>
  );
}

/** "the undo of 20/11/2026, 10:00" for a plan id in the list, else the id. */
function undoneWords(items: HistoryEntry[], planId: string | null): string | null {
  if (!planId) return null;
  const undo = items.find((i) => i.plan_id === planId);
  return undo ? `the undo of ${localTime(undo.created_at)}` : planId;
}

function HistoryItemSummary({ item, undoneBy }: { item: HistoryEntry; undoneBy: string | null }) {
  return (
    <>
      <span className="history-item-top">
        <time dateTime={new Date(item.created_at * 1000).toISOString()} className="small muted">
          {localTime(item.created_at)}
        </time>
        <span className="small muted" data-testid="history-account"> · {accountWords(item)}</span>
      </span>
      <span className="history-item-description">{item.description}</span>
      <span className="history-item-meta small">
        <span className={`badge badge-${statusTone(item.status)}`} data-testid="history-status">
          {STATUS_WORDS[item.status] ?? humanize(item.status)}
        </span>{" "}
        <span data-testid="history-kind">{KIND_WORDS[item.kind] ?? humanize(item.kind)}</span>
        {item.is_undo ? " (undo)" : ""} · {item.records}
        {undoneBy ? <span data-testid="history-undone-by"> · Undone by {undoneBy}</span> : null}
      </span>
      {item.status === "interrupted" ? (
        <span className="history-item-warning small" data-testid="history-interrupted-flag">
          Interrupted while sending: a batch may have gone out. Open it to see which.
        </span>
      ) : null}
    </>
  );
}

function Detail({ planId, onUndone }: { planId: string; onUndone: () => void }) {
  const detail = useHistoryItem(planId);
  const names = usePlanNames();
  const [undoPlan, setUndoPlan] = useState<Plan | null>(null);
  const [planning, setPlanning] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  if (detail.isPending) return <Loading label="Loading this change…" />;
  if (detail.error) return <ErrorNotice error={detail.error} title="This change could not be read" onRetry={() => void detail.refetch()} />;
  const d: HistoryDetail = detail.data;

  const finishRest = async () => {
    setPlanning(true);
    setError(null);
    try {
      setUndoPlan(await plansApi.planRest(planId));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  const undo = async () => {
    setPlanning(true);
    setError(null);
    try {
      setUndoPlan(await plansApi.planUndo(planId));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  return (
    <article className="history-detail panel" data-testid="history-detail">
      <h2>{d.item.description}</h2>
      <p className="muted small">
        {localTime(d.item.created_at)} · {accountWords(d.item)} · {d.item.records}
      </p>
      {!d.item.on_open_account ? (
        <p className="notice-warning" role="status" data-testid="history-other-account">
          {d.item.account
            ? `Made on ${d.item.account.name} (${d.item.account.base_url}). Open that account to undo it.`
            : "Recorded by an earlier version of Eflow Desk, which did not note the account: it can be read, not undone."}
        </p>
      ) : null}
      {d.item.settled_after_interruption ? (
        <p className="notice notice-ok" role="status" data-testid="history-settled">
          Interrupted while sending, then checked against Everflow: the result below says what went through.
        </p>
      ) : d.interrupted_batches.length > 0 ? (
        <div className="notice-warning" role="alert" data-testid="history-interrupted">
          <p className="notice-title">
            <strong>
              Interrupted — {d.interrupted_batches.length === 1 ? "batch" : "batches"}{" "}
              {d.interrupted_batches.map((b) => b + 1).join(", ")} may have gone out
            </strong>
          </p>
          <p>
            Eflow Desk stopped while sending. Everflow may or may not have applied{" "}
            {d.interrupted_batches.length === 1 ? "that batch" : "those batches"}; check the affiliates below, or undo.
          </p>
        </div>
      ) : null}
      {d.item.undone_by ? <p className="notice notice-ok">This change was undone; the undo is listed in the history too.</p> : null}

      <h3>What was previewed</h3>
      <PlanRows
        rows={d.plan.rows}
        names={names}
        showIds={d.plan.kind !== "affiliate_create"}
        masked={{ rows: d.masked_rows, reveal: (row, side) => plansApi.historyReveal(d.item.plan_id, row, side) }}
      />

      <h3>What was sent</h3>
      {d.sent.length === 0 ? (
        <p className="muted">Nothing was sent.</p>
      ) : (
        <ol className="history-sent">
          {d.sent.map((s, i) => (
            <li key={i} data-testid="history-request">
              <strong>Batch {s.batch + 1}</strong>: <code>{s.method}</code> <code>{s.path}</code>{" "}
              <span className="small muted">at {localTime(s.at)}</span>
              <details>
                <summary>Show the request</summary>
                <pre className="notice-detail-text" data-testid="history-request-body">
                  {JSON.stringify(s.body, null, 2)}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      )}

      <h3>Result</h3>
      {d.report ? <ReportView report={d.report} names={names} /> : <p className="muted">No result was recorded.</p>}

      {error ? <ErrorNotice error={error} title="The undo could not be previewed" compact /> : null}
      {d.item.undo_available ? (
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" data-testid="history-undo" disabled={planning} onClick={() => void undo()}>
            {planning ? (
              <>
                <Spinner /> Preparing the undo…
              </>
            ) : (
              "Undo this change"
            )}
          </button>
          <span className="muted small">You will see exactly what the undo changes before anything is sent.</span>
        </div>
      ) : null}
      {d.item.rest_available ? (
        <div className="form-actions">
          <button type="button" className="btn btn-secondary" data-testid="history-rest" disabled={planning} onClick={() => void finishRest()}>
            Finish the rest…
          </button>
          <span className="muted small">Plans only what did not go through, compared with Everflow now.</span>
        </div>
      ) : null}
      {undoPlan ? (
        <PlanPreview
          plan={undoPlan}
          undoOf={undoPlan.undo_of === planId ? d.item.description : undefined}
          onClose={() => setUndoPlan(null)}
          onApplied={() => {
            onUndone();
            void detail.refetch();
          }}
        />
      ) : null}
    </article>
  );
}
