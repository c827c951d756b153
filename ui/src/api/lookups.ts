// Look-ups for dropdowns (employees, currencies, countries, enum values, billing rules...):
// loaded once per open network and shared by every screen through one cache entry each.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  commands,
  type AffiliateRow,
  type AffiliateTier,
  type Area,
  type BillingRules,
  type Country,
  type Currency,
  type Employee,
  type EnumOptions,
  type GeoRegion,
  type Timezone,
  type TrafficSource,
} from "../bindings";
import { emptyAffiliateFilters, plain, unwrap } from "./client";
import type { AppError } from "./errors";
import { queryKeys, sessionKey, useSession } from "./hooks";

export const lookupsApi = {
  employees: (): Promise<Employee[]> => unwrap(commands.employees()),
  currencies: (): Promise<Currency[]> => unwrap(commands.currencies()),
  tiers: (): Promise<AffiliateTier[]> => unwrap(commands.affiliateTiers()),
  trafficSources: (): Promise<TrafficSource[]> => unwrap(commands.trafficSources()),
  countries: (): Promise<Country[]> => unwrap(commands.countries()),
  regions: (): Promise<GeoRegion[]> => unwrap(commands.regions()),
  timezones: (): Promise<Timezone[]> => unwrap(commands.timezones()),
  enumOptions: (): Promise<EnumOptions> => plain(commands.enumOptions()),
  /** One page of affiliates, for the account managers their rows name. */
  affiliateRows: async (): Promise<AffiliateRow[]> =>
    (await unwrap(commands.affiliatesTable({ search_terms: [], filters: emptyAffiliateFilters() }, { page: 1, page_size: 500 }, []))).affiliates,
  billingRules: (): Promise<BillingRules> => plain(commands.billingRules()),
};

/** Look-ups change rarely: load once per open network (a new network has a new key). */
function useLookup<T>(name: string, fn: () => Promise<T>, enabled: boolean) {
  const session = useSession();
  const open = session.data !== undefined && session.data.kind !== "none";
  return useQuery<T, AppError>({
    queryKey: [...queryKeys.network, sessionKey(session.data), "lookup", name],
    queryFn: fn,
    enabled: open && enabled,
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

export const useEmployees = (enabled = true) => useLookup("employees", lookupsApi.employees, enabled);
export const useCurrencies = (enabled = true) => useLookup("currencies", lookupsApi.currencies, enabled);
export const useAffiliateTiers = (enabled = true) => useLookup("affiliate-tiers", lookupsApi.tiers, enabled);
export const useTrafficSources = (enabled = true) => useLookup("traffic-sources", lookupsApi.trafficSources, enabled);
export const useCountries = (enabled = true) => useLookup("countries", lookupsApi.countries, enabled);
export const useGeoRegions = (enabled = true) => useLookup("regions", lookupsApi.regions, enabled);
export const useTimezones = (enabled = true) => useLookup("timezones", lookupsApi.timezones, enabled);
export const useEnumOptions = (enabled = true) => useLookup("enum-options", lookupsApi.enumOptions, enabled);
export const useBillingRules = (enabled = true) => useLookup("billing-rules", lookupsApi.billingRules, enabled);

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
  /** A failure of the form's own rules or options (not a list read from Everflow). */
  error: AppError | null;
  /** Each list read from Everflow that failed, in form order; each error names its list and why. */
  failures: AppError[];
  /** The failure of the list of `area`, if it failed. */
  failed: (area: Area) => AppError | undefined;
  /** Account managers known from the affiliates' rows (when the employees list cannot be read). */
  knownManagers: KnownManager[];
  /** Asks Everflow again for the lists that failed. */
  retryFailed: () => void;
}

export interface KnownManager {
  id: number;
  name: string;
}

/** The account managers named on affiliate rows (their id and name come back on every row). */
export function managersFromRows(rows: readonly AffiliateRow[]): KnownManager[] {
  const byId = new Map<number, string>();
  for (const row of rows) {
    const related = row.relationship?.account_manager;
    const id = row.account_manager_id || (typeof related?.network_employee_id === "number" ? related.network_employee_id : 0);
    if (!id || byId.has(id)) continue;
    const name = row.account_manager_name || (related ? `${related.first_name} ${related.last_name}`.trim() : "");
    byId.set(id, name || `Employee #${id}`);
  }
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
}

function rowsIn(data: unknown): AffiliateRow[] {
  if (Array.isArray(data)) return data.filter((row) => typeof row === "object" && row !== null && "account_manager_id" in row);
  if (typeof data === "object" && data !== null && Array.isArray((data as { affiliates?: unknown }).affiliates)) {
    return (data as { affiliates: AffiliateRow[] }).affiliates;
  }
  return [];
}

/** Account managers from the affiliates the app already loaded, plus one page asked for when
 * `enabled` (the employees list failed). */
export function useKnownAccountManagers(enabled: boolean): KnownManager[] {
  const client = useQueryClient();
  const fetched = useLookup("affiliate-rows", lookupsApi.affiliateRows, enabled);
  if (!enabled) return [];
  const cached = client.getQueriesData({ queryKey: queryKeys.network }).flatMap(([, data]) => rowsIn(data));
  return managersFromRows([...cached, ...(fetched.data ?? [])]);
}

/** Every list the affiliate form's selects need. */
export function useAffiliateLookups(): Lookups {
  const employees = useEmployees();
  const currencies = useCurrencies();
  const tiers = useAffiliateTiers();
  const trafficSources = useTrafficSources();
  const countries = useCountries();
  const regions = useGeoRegions();
  const timezones = useTimezones();
  const enums = useEnumOptions();
  const billingRules = useBillingRules();
  const all = [employees, currencies, tiers, trafficSources, countries, regions, timezones, enums, billingRules];
  const failures = all.flatMap((q) => (q.error && q.error.area ? [q.error] : []));
  const knownManagers = useKnownAccountManagers(employees.isError || (employees.isSuccess && employees.data.length === 0));
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
    error: all.find((q) => q.error && !q.error.area)?.error ?? null,
    failures,
    failed: (area) => failures.find((error) => error.area === area),
    knownManagers,
    retryFailed: () => {
      for (const q of all) if (q.isError) void q.refetch();
    },
  };
}
