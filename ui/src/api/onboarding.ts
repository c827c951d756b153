// Onboarding (wizard, drafts, CSV import) and editing one affiliate: the calls and their hooks.
//
// Like client.ts, the only callers of these generated commands: every failure is thrown as an AppError.
import { useQuery, useQueryClient, useMutation } from "@tanstack/react-query";
import {
  commands,
  type AffiliateInput,
  type AffiliateMode,
  type AffiliateRow,
  type CsvCreateRow,
  type CsvPreview,
  type CsvRowPreview,
  type CsvRowResult,
  type CsvRowStatus,
  type DraftSummary,
  type Duplicate,
  type EditableAffiliate,
  type FieldError,
  type OnboardingDraft,
  type Plan,
} from "../bindings";
import { emptyAffiliateFilters, plain, unwrap } from "./client";
import { AppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

// Names used by the screens for the generated types.
export type {
  BillingRules,
  CsvPreview,
  DraftSummary,
  DuplicateReason,
  OnboardingDraft,
} from "../bindings";
export type CsvPreviewRow = CsvRowPreview;
export type CsvDuplicate = Duplicate;
export type CsvRowToCreate = CsvCreateRow;
export type CsvResult = CsvRowResult;
export type CsvResultStatus = CsvRowStatus;
export type EditLoad = EditableAffiliate;

// ---------------------------------------------------------------------------------------------


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
  validate: (input: AffiliateInput, mode: AffiliateMode): Promise<FieldError[]> =>
    plain(commands.validateAffiliate(input, mode)),
  /** The plan of creating one affiliate; applied by id through the plan dialog. */
  planCreate: (input: AffiliateInput, notification: boolean): Promise<Plan> =>
    unwrap(commands.createAffiliate(input, notification)),

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

  listDrafts: (): Promise<DraftSummary[]> => unwrap(commands.listOnboardingDrafts()),
  loadDraft: (id: string): Promise<OnboardingDraft> => unwrap(commands.loadOnboardingDraft(id)),
  saveDraft: (draft: OnboardingDraft): Promise<DraftSummary> =>
    unwrap(commands.saveOnboardingDraft({ ...draft, input: withoutPasswords(draft.input) })),
  discardDraft: (id: string): Promise<null> => unwrap(commands.discardOnboardingDraft(id)),

  csvTemplate: (): Promise<string> => plain(commands.affiliateCsvTemplate()),
  /** `fileBase64`: the file's bytes, base64-encoded (Rust detects the encoding). */
  previewCsv: (fileBase64: string): Promise<CsvPreview> => unwrap(commands.previewAffiliateCsv(fileBase64)),
  /** The plan of creating the chosen rows; applied by id through the plan dialog. */
  planCsvCreate: (rows: CsvRowToCreate[], notification: boolean): Promise<Plan> =>
    unwrap(commands.createAffiliatesFromCsv(rows, notification)),
  /** Per line of the file, what applying a CSV create plan did. */
  csvResults: (planId: string): Promise<CsvResult[]> => unwrap(commands.csvCreateResults(planId)),
  exportCsvResults: (results: CsvResult[]): Promise<string> => plain(commands.exportCsvResults(results)),
  /** The chosen path, or null when the user closed the save dialog. */
  saveTextFile: (suggestedName: string, contents: string): Promise<string | null> =>
    unwrap(commands.saveTextFile(suggestedName, contents)),

  loadForEdit: (affiliateId: number): Promise<EditLoad> => unwrap(commands.loadAffiliateForEdit(affiliateId)),
  planEdit: (affiliateId: number, loadedTimeSaved: number, input: AffiliateInput): Promise<Plan> =>
    unwrap(commands.planAffiliateEdit(affiliateId, loadedTimeSaved, input)),
};

// ---------------------------------------------------------------------------------------------
// Hooks

function useNetworkKey() {
  const session = useSession();
  return { key: sessionKey(session.data), enabled: session.data !== undefined && session.data.kind !== "none" };
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
