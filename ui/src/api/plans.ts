// Plans, preview, apply, history and undo: the wrappers and hooks every bulk write uses.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { useCallback } from "react";
import {
  commands,
  type AffiliatesTableRequest,
  type ApplyReport,
  type HistoryDetail,
  type HistoryScope,
  type InterruptedChange,

  type OfferUrlPatch,
  type Plan,
  type PlanRow as BindingPlanRow,
  type HistoryItem,
  type Progress,
  type ResourceError,
} from "../bindings";
import { plain, unwrap } from "./client";
import type { AppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

export type { ApplyReport, BatchOutcome, Drift, TextHighlight, HistoryDetail, HistoryItem, Mismatch, Plan, SentRequest } from "../bindings";
/** One field of an affiliate bulk edit as sent to Everflow. */
export type PatchFieldInput = Parameters<typeof commands.planBulkEdit>[1][number];
export type PlanRow = BindingPlanRow;
export type PlanResourceError = ResourceError;
export type HistoryEntry = HistoryItem;

// ----- wrappers ------------------------------------------------------------------------------

export const plansApi = {
  planBulkEdit: (affiliateIds: number[], fields: PatchFieldInput[]): Promise<Plan> =>
    unwrap(commands.planBulkEdit(affiliateIds, fields)),
  planBulkEditMatching: (request: AffiliatesTableRequest, fields: PatchFieldInput[]): Promise<Plan> =>
    unwrap(commands.planBulkEditMatching(request, fields)),
  planOfferUrlUpdate: (patch: OfferUrlPatch): Promise<Plan> => unwrap(commands.planOfferUrlUpdate(patch)),
  applyPlan: (planId: string, jobId: string, onProgress: (p: Progress) => void): Promise<ApplyReport> => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return unwrap(commands.applyPlan(planId, jobId, channel));
  },
  cancelJob: (jobId: string): Promise<boolean> => plain(commands.cancelJob(jobId)),
  planUndo: (planId: string): Promise<Plan> => unwrap(commands.planUndo(planId)),
  /** The rest of a change that did not fully go through, as a new plan. */
  planRest: (planId: string): Promise<Plan> => unwrap(commands.planRest(planId)),
  interruptedChanges: (): Promise<InterruptedChange[]> => unwrap(commands.interruptedChanges()),
  settleInterrupted: (planId: string): Promise<ApplyReport> => unwrap(commands.settleInterrupted(planId)),
  history: (scope: HistoryScope): Promise<HistoryItem[]> => unwrap(commands.history(scope)),
  historyItem: (planId: string): Promise<HistoryDetail> => unwrap(commands.historyItem(planId)),
  /** One masked value of a change, in clear. */
  historyReveal: (planId: string, row: number, side: "before" | "after"): Promise<string> =>
    unwrap(commands.historyReveal(planId, row, side)),
};

// ----- hooks ---------------------------------------------------------------------------------

function useHistoryKey() {
  const session = useSession();
  return {
    key: [...queryKeys.network, sessionKey(session.data), "history"] as const,
    open: session.data !== undefined && session.data.kind !== "none",
  };
}

/** The writes the app made on the open account (or on every account), newest first. */
export function useHistory(scope: HistoryScope = "open_account") {
  const { key, open } = useHistoryKey();
  return useQuery<HistoryEntry[], AppError>({
    queryKey: [...key, scope],
    queryFn: async () => {
      const items = await plansApi.history(scope);
      return [...items].sort((a, b) => b.created_at - a.created_at);
    },
    enabled: open,
  });
}

export function useHistoryItem(planId: string | null) {
  const { key, open } = useHistoryKey();
  return useQuery<HistoryDetail, AppError>({
    queryKey: [...key, planId],
    queryFn: () => plansApi.historyItem(planId!),
    enabled: open && planId !== null,
  });
}

/** Call after an apply: the history (and the affiliates) changed. */
export function useInvalidateAfterApply() {
  const client = useQueryClient();
  const session = useSession();
  return useCallback(() => {
    void client.invalidateQueries({ queryKey: [...queryKeys.network, sessionKey(session.data)] });
  }, [client, session.data]);
}
