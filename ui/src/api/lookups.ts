// Look-ups for dropdowns (employees, currencies, countries, enum values, billing rules...):
// loaded once per open network and shared by every screen through one cache entry each.
import { useQuery } from "@tanstack/react-query";
import {
  commands,
  type AffiliateTier,
  type BillingRules,
  type Country,
  type Currency,
  type Employee,
  type EnumOptions,
  type GeoRegion,
  type Timezone,
  type TrafficSource,
} from "../bindings";
import { plain, unwrap } from "./client";
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
  error: AppError | null;
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
