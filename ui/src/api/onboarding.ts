// Onboarding (wizard, drafts, CSV import) and editing one affiliate: the calls and their hooks.
//
// The commands added for these screens were being written in Rust at the same time as this file.
// Until they appear in the generated bindings, they are called by their IPC names through
// `invoke`, with the shapes agreed in the spec below. Once `bindings.ts` has them, the `PENDING`
// section is replaced by imports from there and `invoke` calls by `commands.*`.
import { useQuery, useQueryClient, useMutation } from "@tanstack/react-query";
import { Channel, invoke } from "@tauri-apps/api/core";
import {
  commands,
  type Affiliate,
  type AffiliateInput,
  type AffiliateMode,
  type AffiliateRow,
  type AffiliateTier,
  type CommandError,
  type Country,
  type Currency,
  type Employee,
  type EnumOptions,
  type FieldError,
  type GeoRegion,
  type JsonValue,
  type Result,
  type Timezone,
  type TrafficSource,
} from "../bindings";
import { emptyAffiliateFilters } from "./client";
import { AppError, toAppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

// ---------------------------------------------------------------------------------------------
// PENDING: shapes of the commands not yet in bindings.ts (from the spec of issue 4).

export interface BillingRules {
  schedule_fields: { frequency: string; fields: string[] }[];
  payment_fields: { payment_type: string; fields: string[] }[];
}

export interface DraftSummary {
  id: string;
  /** The name typed so far (may be empty). */
  name: string;
  step: string;
  /** Unix seconds of the last save. */
  updated_at: number;
  /** Set when the draft cannot be read: it can only be discarded. */
  problem?: string;
}

export interface OnboardingDraft {
  id: string;
  step: string;
  input: AffiliateInput;
  notification: boolean;
  updated_at: number;
}

export type DuplicateReason = "existing_name" | "existing_email" | "repeated_in_file";

export interface CsvDuplicate {
  reason: DuplicateReason;
  existing_affiliate_id: number | null;
  message: string;
}

export interface CsvPreviewRow {
  line: number;
  name: string;
  input: AffiliateInput | null;
  errors: FieldError[];
  duplicate: CsvDuplicate | null;
}

export interface CsvPreview {
  columns: string[];
  unknown_columns: string[];
  missing_required_columns: string[];
  file_errors: string[];
  rows: CsvPreviewRow[];
}

export interface CsvRowToCreate {
  line: number;
  input: AffiliateInput;
}

export interface CsvProgress {
  done: number;
  total: number;
}

export type CsvResultStatus = "created" | "failed" | "not_sent";

export interface CsvResult {
  line: number;
  name: string;
  status: CsvResultStatus;
  affiliate_id: number | null;
  message: string | null;
}

export interface EditLoad {
  affiliate: Affiliate;
  input: AffiliateInput;
  time_saved: number;
}

export interface EditChange {
  path: string;
  label: string;
  before: JsonValue;
  after: JsonValue;
}

export interface EditPlan {
  affiliate_id: number;
  base_time_saved: number;
  changes: EditChange[];
  conflict: { message: string; time_saved: number } | null;
  body: AffiliateInput;
}

export interface EditApplied {
  affiliate: Affiliate;
  verified: boolean;
  mismatches: EditChange[];
}

// ---------------------------------------------------------------------------------------------

async function unwrap<T>(call: Promise<Result<T, CommandError>>): Promise<T> {
  let result: Result<T, CommandError>;
  try {
    result = await call;
  } catch (error) {
    throw toAppError(error);
  }
  if (result.status === "error") throw new AppError(result.error);
  return result.data;
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (error) {
    throw toAppError(error);
  }
}

/** A draft as sent to Rust: never carries a password (Rust strips them too). */
export function withoutPasswords(input: AffiliateInput): AffiliateInput {
  if (!input.users) return input;
  return {
    ...input,
    users: input.users.map((user) => {
      const copy = { ...user };
      delete copy.initial_password;
      return copy;
    }),
  };
}

export const onboardingApi = {
  validate: async (input: AffiliateInput, mode: AffiliateMode): Promise<FieldError[]> => {
    try {
      return await commands.validateAffiliate(input, mode);
    } catch (error) {
      throw toAppError(error);
    }
  },
  create: (input: AffiliateInput, notification: boolean): Promise<Affiliate> =>
    unwrap(commands.createAffiliate(input, notification)),

  employees: (): Promise<Employee[]> => unwrap(commands.employees()),
  currencies: (): Promise<Currency[]> => unwrap(commands.currencies()),
  tiers: (): Promise<AffiliateTier[]> => unwrap(commands.affiliateTiers()),
  trafficSources: (): Promise<TrafficSource[]> => unwrap(commands.trafficSources()),
  countries: (): Promise<Country[]> => unwrap(commands.countries()),
  regions: (): Promise<GeoRegion[]> => unwrap(commands.regions()),
  timezones: (): Promise<Timezone[]> => unwrap(commands.timezones()),
  enumOptions: async (): Promise<EnumOptions> => {
    try {
      return await commands.enumOptions();
    } catch (error) {
      throw toAppError(error);
    }
  },
  billingRules: (): Promise<BillingRules> => call("billing_rules"),
  searchAffiliates: async (term: string): Promise<AffiliateRow[]> => {
    const table = await unwrap(
      commands.affiliatesTable(
        { search_terms: [{ search_type: "name", value: term }], filters: emptyAffiliateFilters() },
        { page: 1, page_size: 10 },
        [],
      ),
    );
    return table.affiliates;
  },

  listDrafts: (): Promise<DraftSummary[]> => call("list_onboarding_drafts"),
  loadDraft: (id: string): Promise<OnboardingDraft> => call("load_onboarding_draft", { id }),
  saveDraft: (draft: OnboardingDraft): Promise<DraftSummary> =>
    call("save_onboarding_draft", { draft: { ...draft, input: withoutPasswords(draft.input) } }),
  discardDraft: (id: string): Promise<null> => call("discard_onboarding_draft", { id }),

  csvTemplate: (): Promise<string> => call("affiliate_csv_template"),
  previewCsv: (text: string): Promise<CsvPreview> => call("preview_affiliate_csv", { text }),
  createFromCsv: (
    rows: CsvRowToCreate[],
    notification: boolean,
    jobId: string,
    onProgress: (progress: CsvProgress) => void,
  ): Promise<CsvResult[]> => {
    const channel = new Channel<CsvProgress>();
    channel.onmessage = onProgress;
    return call("create_affiliates_from_csv", { rows, notification, jobId, onProgress: channel });
  },
  cancelJob: (jobId: string): Promise<null> => call("cancel_job", { jobId }),
  exportCsvResults: (results: CsvResult[]): Promise<string> => call("export_csv_results", { results }),
  saveTextFile: (suggestedName: string, contents: string): Promise<string | null> =>
    call("save_text_file", { suggestedName, contents }),

  loadForEdit: (affiliateId: number): Promise<EditLoad> => call("load_affiliate_for_edit", { affiliateId }),
  planEdit: (affiliateId: number, loadedTimeSaved: number, input: AffiliateInput): Promise<EditPlan> =>
    call("plan_affiliate_edit", { affiliateId, loadedTimeSaved, input }),
  applyEdit: (plan: EditPlan): Promise<EditApplied> => call("apply_affiliate_edit", { plan }),
};

// ---------------------------------------------------------------------------------------------
// Hooks

function useNetworkKey() {
  const session = useSession();
  return { key: sessionKey(session.data), enabled: session.data !== undefined && session.data.kind !== "none" };
}

export interface Lookups {
  employees: Employee[];
  currencies: Currency[];
  tiers: AffiliateTier[];
  trafficSources: TrafficSource[];
  countries: Country[];
  regions: GeoRegion[];
  timezones: Timezone[];
  enums: EnumOptions | undefined;
  billingRules: BillingRules | undefined;
  /** True until the rules and options the form cannot do without have arrived. */
  pending: boolean;
  error: AppError | null;
}

function useLookup<T>(name: string, fn: () => Promise<T>) {
  const { key, enabled } = useNetworkKey();
  return useQuery<T, AppError>({
    queryKey: [...queryKeys.network, key, "lookup", name],
    queryFn: fn,
    enabled,
    staleTime: 10 * 60_000,
  });
}

/** Every list the affiliate form's selects need. */
export function useAffiliateLookups(): Lookups {
  const employees = useLookup("employees", onboardingApi.employees);
  const currencies = useLookup("currencies", onboardingApi.currencies);
  const tiers = useLookup("tiers", onboardingApi.tiers);
  const trafficSources = useLookup("traffic-sources", onboardingApi.trafficSources);
  const countries = useLookup("countries", onboardingApi.countries);
  const regions = useLookup("regions", onboardingApi.regions);
  const timezones = useLookup("timezones", onboardingApi.timezones);
  const enums = useLookup("enums", onboardingApi.enumOptions);
  const billingRules = useLookup("billing-rules", onboardingApi.billingRules);
  const all = [employees, currencies, tiers, trafficSources, countries, regions, timezones, enums, billingRules];
  return {
    employees: employees.data ?? [],
    currencies: currencies.data ?? [],
    tiers: tiers.data ?? [],
    trafficSources: trafficSources.data ?? [],
    countries: countries.data ?? [],
    regions: regions.data ?? [],
    timezones: timezones.data ?? [],
    enums: enums.data,
    billingRules: billingRules.data,
    pending: enums.isPending || billingRules.isPending,
    error: all.find((q) => q.error)?.error ?? null,
  };
}

export function useAffiliateSearch(term: string) {
  const { key, enabled } = useNetworkKey();
  const trimmed = term.trim();
  return useQuery<AffiliateRow[], AppError>({
    queryKey: [...queryKeys.network, key, "affiliate-search", trimmed],
    queryFn: () => onboardingApi.searchAffiliates(trimmed),
    enabled: enabled && trimmed.length > 0,
  });
}

const draftsKey = ["onboarding-drafts"] as const;

export function useOnboardingDrafts() {
  return useQuery<DraftSummary[], AppError>({ queryKey: draftsKey, queryFn: onboardingApi.listDrafts, staleTime: 0 });
}

export function useDraftsChanged() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: draftsKey });
}

export function useDiscardDraft() {
  const changed = useDraftsChanged();
  return useMutation<null, AppError, string>({ mutationFn: onboardingApi.discardDraft, onSuccess: changed });
}

export function useCreateAffiliate() {
  const client = useQueryClient();
  return useMutation<Affiliate, AppError, { input: AffiliateInput; notification: boolean }>({
    mutationFn: ({ input, notification }) => onboardingApi.create(input, notification),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.network }),
  });
}

export function useAffiliateForEdit(affiliateId: number) {
  const { key, enabled } = useNetworkKey();
  return useQuery<EditLoad, AppError>({
    queryKey: [...queryKeys.network, key, "affiliate-edit", affiliateId],
    queryFn: () => onboardingApi.loadForEdit(affiliateId),
    enabled,
    // Always fresh: the edit is compared against what was loaded.
    staleTime: 0,
    gcTime: 0,
  });
}
