// Plans, preview, apply, history and undo: the wrappers and hooks every bulk write uses.
//
// TEMPORARY: the Rust commands (plan_bulk_edit, plan_bulk_edit_matching, apply_bulk_edit, plan_undo,
// history, history_item) are being added; until they are in bindings.ts, the types below follow the
// agreed spec and `pending()` calls them by their IPC names exactly as tauri-specta's generated code
// does. When the bindings land: import the types from "../bindings", call `commands.*` through
// `unwrap`, and delete this block.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel, invoke } from "@tauri-apps/api/core";
import { useCallback } from "react";
import type { AffiliatesTableRequest, CommandError, JsonValue, Progress, Result } from "../bindings";
import { commands } from "../bindings";
import { plain, unwrap } from "./client";
import type { AppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

// ----- interim types (spec) ------------------------------------------------------------------

export interface PatchFieldInput {
  field_type: string;
  field_value: JsonValue;
  operator: string;
}

export interface PlanRow {
  affiliate_id: number;
  name: string;
  field_type: string;
  field_label: string;
  before: JsonValue | null;
  after: JsonValue | null;
  /** "ok" | "no_change" | "error" */
  status: string;
  error_message: string | null;
  related_changes: string | null;
}

export interface PlanResourceError {
  id: number;
  label: string;
  message: string;
}

export interface BulkEditPlan {
  plan_id: string;
  created_at: string;
  description: string;
  fields: PatchFieldInput[];
  affiliate_ids: number[];
  totals: { will_change: number; no_change: number; errors: number };
  rows: PlanRow[];
  resource_errors: PlanResourceError[];
  batch_size: number;
  batches: number;
  can_apply: boolean;
  blocked_reason: string | null;
  /** For an undo plan: the plan it reverses. */
  undo_of: string | null;
}

export interface BatchResult {
  index: number;
  affiliate_ids: number[];
  /** "sent" | "failed" | "not_sent" */
  status: string;
  message: string | null;
}

export interface Mismatch {
  affiliate_id: number;
  name: string;
  field_type: string;
  expected: JsonValue | null;
  actual: JsonValue | null;
}

export interface ApplyReport {
  plan_id: string;
  /** "applied" | "partially_applied" | "failed" | "cancelled" */
  status: string;
  batches: BatchResult[];
  verification: { checked: number; mismatches: Mismatch[] };
}

export interface HistoryEntry {
  plan_id: string;
  kind: string;
  description: string;
  profile: string;
  created_at: string;
  status: string;
  affiliate_count: number;
  undo_available: boolean;
  undone_by: string | null;
}

export interface SentRequest {
  batch: number;
  method: string;
  path: string;
  body: JsonValue;
  at: string;
}

export interface HistoryDetail {
  item: HistoryEntry;
  plan: BulkEditPlan;
  sent: SentRequest[];
  report: ApplyReport | null;
  interrupted_batches: number[];
}

/** Calls a command by its IPC name the way the generated bindings do (errors come back as data). */
async function pending<T>(cmd: string, args: Record<string, unknown>): Promise<Result<T, CommandError>> {
  try {
    return { status: "ok", data: await invoke<T>(cmd, args) };
  } catch (e) {
    if (e instanceof Error) throw e;
    return { status: "error", error: e as CommandError };
  }
}

// ----- wrappers ------------------------------------------------------------------------------

export const plansApi = {
  planBulkEdit: (affiliateIds: number[], fields: PatchFieldInput[]): Promise<BulkEditPlan> =>
    unwrap(pending("plan_bulk_edit", { affiliateIds, fields })),
  planBulkEditMatching: (request: AffiliatesTableRequest, fields: PatchFieldInput[]): Promise<BulkEditPlan> =>
    unwrap(pending("plan_bulk_edit_matching", { request, fields })),
  applyBulkEdit: (planId: string, jobId: string, onProgress: (p: Progress) => void): Promise<ApplyReport> => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return unwrap(pending("apply_bulk_edit", { planId, jobId, onProgress: channel }));
  },
  cancelJob: (jobId: string): Promise<boolean> => plain(commands.cancelJob(jobId)),
  planUndo: (planId: string): Promise<BulkEditPlan> => unwrap(pending("plan_undo", { planId })),
  history: (): Promise<HistoryEntry[]> => unwrap(pending("history", {})),
  historyItem: (planId: string): Promise<HistoryDetail> => unwrap(pending("history_item", { planId })),
};

// ----- hooks ---------------------------------------------------------------------------------

function useHistoryKey() {
  const session = useSession();
  return {
    key: [...queryKeys.network, sessionKey(session.data), "history"] as const,
    open: session.data !== undefined && session.data.kind !== "none",
  };
}

/** Every write the app made, newest first. */
export function useHistory() {
  const { key, open } = useHistoryKey();
  return useQuery<HistoryEntry[], AppError>({
    queryKey: key,
    queryFn: async () => {
      const items = await plansApi.history();
      return [...items].sort((a, b) => b.created_at.localeCompare(a.created_at));
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
