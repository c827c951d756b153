// Offer URLs: the offer picker's search, one offer's URLs, one URL, validation, and the plans that
// create, edit and bulk update them (applied with PlanPreview / apply_plan). Like client.ts, every
// failure is thrown as an AppError; components use the hooks.
import { keepPreviousData, useQueries, useQuery } from "@tanstack/react-query";
import {
  commands,
  type FieldError,
  type OfferRow,
  type OfferUrl,
  type OfferUrlInput,
  type OfferUrlPatch,
  type Plan,
} from "../bindings";
import { affiliatesRequest } from "./affiliates";
import { emptyAffiliateFilters, plain, unwrap } from "./client";
import type { AppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

export type { FieldError, OfferRow, OfferUrl, OfferUrlInput, OfferUrlPatch } from "../bindings";

/** Everflow's largest page for the offer URL list. */
export const OFFER_URL_PAGE_SIZE = 2000;
/** Stop after this many pages (an offer with more than 40 000 URLs is not a real case). */
const MAX_PAGES = 20;

export const offerUrlsApi = {
  /** Every URL of one offer (all statuses); the list has no paging info, so pages are read until one is short. */
  forOffer: async (offerId: number): Promise<OfferUrl[]> => {
    const urls: OfferUrl[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const list = await unwrap(
        commands.offerUrls([{ field: "network_offer_id", op: "=", value: String(offerId) }], {
          page,
          page_size: OFFER_URL_PAGE_SIZE,
        }),
      );
      urls.push(...list.urls);
      const total = list.paging?.total_count;
      if (list.urls.length < OFFER_URL_PAGE_SIZE || (total !== undefined && urls.length >= total)) break;
    }
    return urls;
  },
  one: (offerUrlId: number): Promise<OfferUrl> => unwrap(commands.offerUrl(offerUrlId)),
  validate: (input: OfferUrlInput): Promise<FieldError[]> => plain(commands.validateOfferUrl(input)),
  /** One plan for one or many new URLs: one request (single create for one, bulk create for several). */
  planCreate: (inputs: OfferUrlInput[]): Promise<Plan> => unwrap(commands.planOfferUrlCreate(inputs)),
  /** A plan of the whole-record PUT, from a fresh GET; apply refuses when the URL changed since. */
  planEdit: (offerUrlId: number, input: OfferUrlInput): Promise<Plan> =>
    unwrap(commands.planOfferUrlEdit(offerUrlId, input)),
  planUpdate: (patch: OfferUrlPatch): Promise<Plan> => unwrap(commands.planOfferUrlUpdate(patch)),
  /** Offers whose name contains the text (first 25). */
  searchOffers: async (term: string): Promise<OfferRow[]> => {
    const text = term.trim();
    const table = await unwrap(
      commands.offersTable(
        { search_terms: text ? [{ search_type: "name", value: text }] : [], filters: { visibilities: [] } },
        { page: 1, page_size: 25 },
      ),
    );
    return table.offers;
  },
  /** Affiliates whose name contains the text (first 20), for the affiliate picker. */
  searchAffiliates: async (term: string): Promise<{ id: number; name: string; status: string | null }[]> => {
    const table = await unwrap(commands.affiliatesTable(affiliatesRequest(term, emptyAffiliateFilters()), { page: 1, page_size: 20 }, []));
    return table.affiliates.map((a) => ({ id: a.network_affiliate_id, name: a.name, status: a.account_status }));
  },
  /** An affiliate's name, to show an ID the picker has not seen. */
  affiliateName: async (id: number): Promise<string> => (await unwrap(commands.affiliate(id, []))).name,
};

// ----- hooks ---------------------------------------------------------------------------------

function useNetworkKey() {
  const session = useSession();
  return { key: sessionKey(session.data), open: session.data !== undefined && session.data.kind !== "none" };
}

export function useOfferUrls(offerId: number | null) {
  const { key, open } = useNetworkKey();
  return useQuery<OfferUrl[], AppError>({
    queryKey: [...queryKeys.network, key, "offer-urls", offerId] as const,
    queryFn: () => offerUrlsApi.forOffer(offerId!),
    enabled: open && offerId !== null,
  });
}

/** One URL, always fetched afresh when asked for (the edit form starts from what Everflow holds now). */
export function useOfferUrl(offerUrlId: number | null) {
  const { key, open } = useNetworkKey();
  return useQuery<OfferUrl, AppError>({
    queryKey: [...queryKeys.network, key, "offer-url", offerUrlId] as const,
    queryFn: () => offerUrlsApi.one(offerUrlId!),
    enabled: open && offerUrlId !== null,
    staleTime: 0,
  });
}

export function useOfferSearch(term: string, enabled = true) {
  const { key, open } = useNetworkKey();
  return useQuery<OfferRow[], AppError>({
    queryKey: [...queryKeys.network, key, "offer-search", term.trim()] as const,
    queryFn: () => offerUrlsApi.searchOffers(term),
    enabled: open && enabled,
    placeholderData: keepPreviousData,
  });
}

export function useAffiliatePickerSearch(term: string, enabled = true) {
  const { key, open } = useNetworkKey();
  return useQuery({
    queryKey: [...queryKeys.network, key, "affiliate-picker-search", term.trim()] as const,
    queryFn: () => offerUrlsApi.searchAffiliates(term),
    enabled: open && enabled,
    placeholderData: keepPreviousData,
  });
}

/** Names of affiliate IDs (up to `limit` looked up); an ID whose look-up failed has no name. */
export function useAffiliateNames(ids: number[], limit = 30): Map<number, string> {
  const { key, open } = useNetworkKey();
  const results = useQueries({
    queries: ids.slice(0, limit).map((id) => ({
      queryKey: [...queryKeys.network, key, "affiliate-name", id] as const,
      queryFn: () => offerUrlsApi.affiliateName(id),
      enabled: open,
      staleTime: Infinity,
    })),
  });
  const names = new Map<number, string>();
  ids.slice(0, limit).forEach((id, i) => {
    const name = results[i]?.data;
    if (name) names.set(id, name);
  });
  return names;
}

/** Problems of a URL body as the Rust rules see them; none while the input is not yet known. */
export function useOfferUrlValidation(input: OfferUrlInput | null) {
  return useQuery<FieldError[], AppError>({
    queryKey: ["validate-offer-url", input] as const,
    queryFn: () => offerUrlsApi.validate(input!),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

/** Validation of many rows at once (bulk create): one result per input, in order. */
export function useOfferUrlValidations(inputs: (OfferUrlInput | null)[]): (FieldError[] | undefined)[] {
  const results = useQueries({
    queries: inputs.map((input) => ({
      queryKey: ["validate-offer-url", input] as const,
      queryFn: () => offerUrlsApi.validate(input!),
      enabled: input !== null,
      staleTime: Infinity,
    })),
  });
  return results.map((r) => r.data);
}
