// Changes of the open account whose apply was cut off (a crash, a kill, a closed laptop): one
// banner each, "N of M requests went out". One click checks Everflow (reads only), settles each
// request and records it in History; from the result the rest can be planned and previewed like
// any change. Nothing is re-sent without a new preview.
import * as Dialog from "@radix-ui/react-dialog";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { plansApi, queryKeys, sessionKey, toAppError, useSession, type AppError, type ApplyReport, type Plan } from "../../api";
import type { InterruptedChange } from "../../bindings";
import { ErrorNotice } from "../ErrorNotice";
import { Spinner } from "../Loading";
import { PlanPreview, ReportView, usePlanNames } from "../plan-preview/PlanPreview";
import { formatCount } from "../../lib/words";

export function InterruptedBanner() {
  const session = useSession();
  const client = useQueryClient();
  const key = [...queryKeys.network, sessionKey(session.data), "interrupted"] as const;
  const interrupted = useQuery<InterruptedChange[], AppError>({
    queryKey: key,
    queryFn: plansApi.interruptedChanges,
    enabled: session.data !== undefined && session.data.kind !== "none",
  });
  const [settling, setSettling] = useState<string | null>(null);
  const [settled, setSettled] = useState<{ change: InterruptedChange; report: ApplyReport } | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const settle = async (change: InterruptedChange) => {
    setSettling(change.plan_id);
    setError(null);
    try {
      const report = await plansApi.settleInterrupted(change.plan_id);
      setSettled({ change, report });
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setSettling(null);
      void client.invalidateQueries({ queryKey: [...queryKeys.network, sessionKey(session.data)] });
    }
  };

  const changes = interrupted.data ?? [];
  return (
    <>
      {changes.map((change) => (
        <div key={change.plan_id} className="notice-warning interrupted-banner" role="alert" data-testid="interrupted-banner">
          <p className="notice-title">
            <strong>
              A change was interrupted: {formatCount(change.sent)} of {formatCount(change.total)}{" "}
              {change.total === 1 ? "request" : "requests"} went out
            </strong>
          </p>
          <p>
            “{change.description}” stopped while it was being sent. Check Everflow to see which records it reached; nothing is
            sent again without a new preview.
          </p>
          <button
            type="button"
            className="btn btn-primary btn-small"
            data-testid="interrupted-check"
            disabled={settling !== null}
            onClick={() => void settle(change)}
          >
            {settling === change.plan_id ? (
              <>
                <Spinner /> Checking Everflow…
              </>
            ) : (
              "Check what went through"
            )}
          </button>
        </div>
      ))}
      {error ? <ErrorNotice error={error} title="The interrupted change could not be checked" compact /> : null}
      {settled ? <Settled planId={settled.change.plan_id} description={settled.change.description} report={settled.report} onClose={() => setSettled(null)} /> : null}
    </>
  );
}

/** What the check found, and the way to finish what did not go through. */
function Settled({ planId, description, report, onClose }: { planId: string; description: string; report: ApplyReport; onClose: () => void }) {
  const names = usePlanNames();
  const [rest, setRest] = useState<Plan | null>(null);
  const [planning, setPlanning] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const unfinished = report.status !== "applied";

  const planRest = async () => {
    setPlanning(true);
    setError(null);
    try {
      setRest(await plansApi.planRest(planId));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  if (rest) return <PlanPreview plan={rest} onClose={onClose} />;
  return (
    <Dialog.Root open onOpenChange={(open) => (!open ? onClose() : undefined)}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="interrupted-settled" aria-describedby={undefined}>
          <Dialog.Title className="dialog-title">Checked: {description}</Dialog.Title>
          <div className="dialog-body">
            <ReportView report={report} names={names} />
            <p className="muted small">This result is recorded in History, where the change can also be undone.</p>
          </div>
          {error ? <ErrorNotice error={error} title="The rest could not be planned" compact /> : null}
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn btn-secondary" data-testid="interrupted-close">
                Close
              </button>
            </Dialog.Close>
            {unfinished ? (
              <button type="button" className="btn btn-primary" data-testid="plan-rest" disabled={planning} onClick={() => void planRest()}>
                {planning ? <Spinner /> : null} Finish the rest…
              </button>
            ) : null}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
