// The filter state of the affiliates table and the chips that describe it.
import type { AffiliateFilters, Country, Employee, GeoRegion } from "../../bindings";
import { emptyAffiliateFilters } from "../../api";
import { humanize } from "../../lib/words";

export type { AffiliateFilters };
export const noFilters = emptyAffiliateFilters;

export const TRAFFIC_CHOICES: { hours: number; label: string }[] = [
  { hours: 24, label: "24 hours" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
];

export function trafficWords(hours: number): string {
  const known = TRAFFIC_CHOICES.find((c) => c.hours === hours);
  if (known) return known.label;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

export function employeeName(e: Pick<Employee, "first_name" | "last_name" | "email">): string {
  const name = `${e.first_name} ${e.last_name}`.trim();
  return name || e.email;
}

export interface Chip {
  key: string;
  label: string;
  remove: (f: AffiliateFilters) => AffiliateFilters;
}

export interface ChipNames {
  employees?: Employee[];
  countries?: Country[];
  regions?: GeoRegion[];
}

function without<T>(list: T[], value: T): T[] {
  return list.filter((v) => v !== value);
}

/** One chip per filter value, in the order of the panel. */
export function filterChips(f: AffiliateFilters, names: ChipNames): Chip[] {
  const chips: Chip[] = [];
  const employee = (id: number) => {
    const e = names.employees?.find((x) => x.network_employee_id === id);
    return e ? employeeName(e) : `#${id}`;
  };
  if (f.account_status) {
    chips.push({ key: "status", label: `Status: ${humanize(f.account_status)}`, remove: (x) => ({ ...x, account_status: null }) });
  }
  for (const id of f.account_manager_ids) {
    chips.push({
      key: `manager:${id}`,
      label: `Manager: ${employee(id)}`,
      remove: (x) => ({ ...x, account_manager_ids: without(x.account_manager_ids, id) }),
    });
  }
  for (const id of f.network_account_executives_ids) {
    chips.push({
      key: `executive:${id}`,
      label: `Executive: ${employee(id)}`,
      remove: (x) => ({ ...x, network_account_executives_ids: without(x.network_account_executives_ids, id) }),
    });
  }
  if (f.billing_frequency) {
    chips.push({
      key: "billing",
      label: `Billing: ${humanize(f.billing_frequency)}`,
      remove: (x) => ({ ...x, billing_frequency: null }),
    });
  }
  if (f.payment_type) {
    chips.push({ key: "payment", label: `Payment: ${humanize(f.payment_type)}`, remove: (x) => ({ ...x, payment_type: null }) });
  }
  for (const label of f.labels) {
    chips.push({ key: `label:${label}`, label: `Label: ${label}`, remove: (x) => ({ ...x, labels: without(x.labels, label) }) });
  }
  if (f.ran_traffic_in_last_hours != null) {
    chips.push({
      key: "traffic",
      label: `Ran traffic in the last ${trafficWords(f.ran_traffic_in_last_hours)}`,
      remove: (x) => ({ ...x, ran_traffic_in_last_hours: null }),
    });
  }
  for (const id of f.network_tracking_domain_ids) {
    chips.push({
      key: `domain:${id}`,
      label: `Tracking domain #${id}`,
      remove: (x) => ({ ...x, network_tracking_domain_ids: without(x.network_tracking_domain_ids, id) }),
    });
  }
  for (const code of f.country_codes) {
    const name = names.countries?.find((c) => c.country_code === code)?.country_name ?? code;
    chips.push({
      key: `country:${code}`,
      label: `Country: ${name}`,
      remove: (x) => withCountries(x, without(x.country_codes, code), names.regions),
    });
  }
  for (const code of f.region_codes) {
    const name = names.regions?.find((r) => r.region_code === code)?.region_name ?? code;
    chips.push({ key: `region:${code}`, label: `Region: ${name}`, remove: (x) => ({ ...x, region_codes: without(x.region_codes, code) }) });
  }
  return chips;
}

/** Changing the countries drops chosen regions that are no longer in any chosen country. */
export function withCountries(f: AffiliateFilters, countries: string[], regions: GeoRegion[] | undefined): AffiliateFilters {
  let regionCodes = f.region_codes;
  if (countries.length > 0 && regions) {
    const keep = new Set(regions.filter((r) => countries.includes(r.country_code)).map((r) => r.region_code));
    regionCodes = regionCodes.filter((code) => keep.has(code));
  }
  return { ...f, country_codes: countries, region_codes: regionCodes };
}

export function activeFilterCount(f: AffiliateFilters): number {
  return filterChips(f, {}).length;
}
