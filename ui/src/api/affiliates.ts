// The affiliates table, its look-ups, one affiliate's detail and "load all matching".
// Like client.ts, this module turns every failure into an AppError; components use the hooks.
import { useCallback, useState } from "react";
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type Affiliate,
  type AffiliateFilters,
  type AffiliateRelationshipKind,
  type AffiliateRow,
  type AffiliatesTable,
  type AffiliatesTableRequest,
  type Progress,
  type Settings,
} from "../bindings";
import { unwrap } from "./client";
import { AppError, toAppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";
import { useCurrentJob } from "./jobs";
import { markStartup } from "./startup";


/** The relationships the detail panel shows. */
export const DETAIL_RELATIONSHIPS: AffiliateRelationshipKind[] = [
  "billing",
  "users",
  "signup",
  "visibility",
  "traffic_source",
  "referral",
  "referrer",
];

/**
 * The request body for a name search and filters. Unset single-value filters are left out (not
 * sent as null), lists are always present.
 */
export function affiliatesRequest(search: string, filters: AffiliateFilters): AffiliatesTableRequest {
  const term = search.trim();
  const body: AffiliateFilters = {
    account_manager_ids: [...filters.account_manager_ids],
    network_account_executives_ids: [...filters.network_account_executives_ids],
    labels: [...filters.labels],
    network_tracking_domain_ids: [...filters.network_tracking_domain_ids],
    country_codes: [...filters.country_codes],
    region_codes: [...filters.region_codes],
  };
  if (filters.account_status) body.account_status = filters.account_status;
  if (filters.billing_frequency) body.billing_frequency = filters.billing_frequency;
  if (filters.payment_type) body.payment_type = filters.payment_type;
  if (filters.ran_traffic_in_last_hours != null) body.ran_traffic_in_last_hours = filters.ran_traffic_in_last_hours;
  return { search_terms: term ? [{ search_type: "name", value: term }] : [], filters: body };
}

export const affiliatesApi = {
  page: (request: AffiliatesTableRequest, page: number, pageSize: number): Promise<AffiliatesTable> =>
    unwrap(commands.affiliatesTable(request, { page, page_size: pageSize }, [])),
  detail: (id: number): Promise<Affiliate> => unwrap(commands.affiliate(id, DETAIL_RELATIONSHIPS)),
  loadAll: (request: AffiliatesTableRequest, jobId: string, onProgress: (p: Progress) => void): Promise<AffiliateRow[]> => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return unwrap(commands.affiliatesLoadAll(request, [], jobId, channel));
  },
};

// ---------------------------------------------------------------------------------------------
// Hooks

function useNetworkKey() {
  const session = useSession();
  return { key: sessionKey(session.data), open: session.data !== undefined && session.data.kind !== "none" };
}

/** One page of the affiliates table on the network open as `session` (see `sessionKey`). */
export function affiliatesTablePageQuery(session: string, request: AffiliatesTableRequest, page: number, pageSize: number) {
  return queryOptions({
    queryKey: [...queryKeys.network, session, "affiliates-table", request, page, pageSize] as const,
    queryFn: async () => {
      markStartup("affiliates asked");
      const answer = await affiliatesApi.page(request, page, pageSize);
      markStartup("affiliates answered");
      return answer;
    },
  });
}

export function useAffiliatesTablePage(request: AffiliatesTableRequest, page: number, pageSize: number, enabled = true) {
  const { key, open } = useNetworkKey();
  return useQuery({
    ...affiliatesTablePageQuery(key, request, page, pageSize),
    enabled: open && enabled,
    placeholderData: keepPreviousData,
  });
}


export function useAffiliateDetail(id: number | null) {
  const { key, open } = useNetworkKey();
  return useQuery({
    queryKey: [...queryKeys.network, key, "affiliate", id] as const,
    queryFn: () => affiliatesApi.detail(id!),
    enabled: open && id !== null,
  });
}

/** Saves the affiliates table's columns, keeping every other preference as it is. */
export function useSaveAffiliateColumns() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ settings, columns }: { settings: Settings; columns: string[] }) => {
      const ui = { ...settings.ui, affiliate_columns: columns };
      return unwrap(commands.updatePreferences(settings.page_size, settings.requests_per_second, ui, settings.log_level));
    },
    onMutate: ({ settings, columns }) => {
      // Shown at once; put back if saving fails.
      client.setQueryData<Settings>(queryKeys.settings, { ...settings, ui: { ...settings.ui, affiliate_columns: columns } });
    },
    onSuccess: (settings) => client.setQueryData(queryKeys.settings, settings),
    onError: (_error, { settings }) => client.setQueryData(queryKeys.settings, settings),
  });
}

export type LoadAllState =
  | { state: "idle" }
  | { state: "loading"; jobId: string; progress: Progress | null; cancelling: boolean }
  | { state: "done"; rows: AffiliateRow[]; request: AffiliatesTableRequest }
  | { state: "stopped" }
  | { state: "failed"; error: AppError };

/** Loads every affiliate matching a request with progress; can be cancelled. */
export function useLoadAllAffiliates() {
  const [state, setState] = useState<LoadAllState>({ state: "idle" });
  const jobs = useCurrentJob();

  const start = useCallback(
    (request: AffiliatesTableRequest) => {
      const job = jobs.begin();
      setState({ state: "loading", jobId: job.jobId, progress: null, cancelling: false });
      affiliatesApi
        .loadAll(request, job.jobId, (progress) => {
          if (!jobs.reporting(job)) return;
          setState((s) => (s.state === "loading" ? { ...s, progress } : s));
        })
        .then(
          (rows) => {
            if (!jobs.settle(job)) return;
            setState(job.cancelled ? { state: "stopped" } : { state: "done", rows, request });
          },
          (error: unknown) => {
            if (!jobs.settle(job)) return;
            setState(job.cancelled ? { state: "stopped" } : { state: "failed", error: toAppError(error) });
          },
        );
    },
    [jobs],
  );

  const cancel = useCallback(() => {
    if (jobs.cancel()) setState((s) => (s.state === "loading" ? { ...s, cancelling: true } : s));
  }, [jobs]);

  const reset = useCallback(() => {
    jobs.forget();
    setState({ state: "idle" });
  }, [jobs]);

  return { state, start, cancel, reset };
}
