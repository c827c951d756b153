import { useId, useMemo, useState } from "react";
import { useCountries, useEmployees, useEnumOptions, useGeoRegions } from "../../api";
import { Spinner } from "../../components/Loading";
import { humanize } from "../../lib/words";
import { ChipInput, LookupError, MultiSelect, type LookupState, type Option } from "./controls";
import { employeeName, filterChips, noFilters, TRAFFIC_CHOICES, withCountries, type AffiliateFilters } from "./filters";

interface Props {
  filters: AffiliateFilters;
  onChange: (filters: AffiliateFilters) => void;
}

/** Every filter of the affiliates table as a plain control. */
export function FilterPanel({ filters, onChange }: Props) {
  const employees = useEmployees();
  const countries = useCountries();
  const regions = useGeoRegions();
  const enums = useEnumOptions();
  const set = (patch: Partial<AffiliateFilters>) => onChange({ ...filters, ...patch });

  const managerOptions = useMemo<Option<number>[]>(
    () =>
      (employees.data ?? [])
        .filter((e) => e.is_affiliate_manager)
        .map((e) => ({ value: e.network_employee_id, label: employeeName(e), hint: e.email })),
    [employees.data],
  );
  const employeeOptions = useMemo<Option<number>[]>(
    () => (employees.data ?? []).map((e) => ({ value: e.network_employee_id, label: employeeName(e), hint: e.email })),
    [employees.data],
  );
  const countryOptions = useMemo<Option<string>[]>(
    () => (countries.data ?? []).map((c) => ({ value: c.country_code, label: c.country_name, hint: c.country_code })),
    [countries.data],
  );
  const regionOptions = useMemo<Option<string>[]>(() => {
    const chosen = filters.country_codes;
    const all = regions.data ?? [];
    const shown = chosen.length > 0 ? all.filter((r) => chosen.includes(r.country_code)) : all;
    return shown.map((r) => ({ value: r.region_code, label: r.region_name, hint: r.country_code }));
  }, [regions.data, filters.country_codes]);

  return (
    <div className="filter-grid">
      <EnumSelect
        label="Account status"
        testId="filter-account-status"
        anyLabel="Any status"
        value={filters.account_status ?? null}
        options={enums.data?.account_status}
        lookup={enums}
        what="the statuses"
        onChange={(v) => set({ account_status: v })}
      />
      <MultiSelect
        label="Account managers"
        testId="filter-account-managers"
        options={managerOptions}
        value={filters.account_manager_ids}
        onChange={(v) => set({ account_manager_ids: v })}
        lookup={employees}
        what="the account managers"
        searchable
        emptyText="No employee is an account manager."
      />
      <MultiSelect
        label="Account executives"
        testId="filter-account-executives"
        options={employeeOptions}
        value={filters.network_account_executives_ids}
        onChange={(v) => set({ network_account_executives_ids: v })}
        lookup={employees}
        what="the employees"
        searchable
        emptyText="This network has no employees."
      />
      <EnumSelect
        label="Billing frequency"
        testId="filter-billing-frequency"
        anyLabel="Any frequency"
        value={filters.billing_frequency ?? null}
        options={enums.data?.billing_frequency}
        lookup={enums}
        what="the billing frequencies"
        onChange={(v) => set({ billing_frequency: v })}
      />
      <EnumSelect
        label="Payment type"
        testId="filter-payment-type"
        anyLabel="Any payment type"
        value={filters.payment_type ?? null}
        options={enums.data?.payment_type}
        lookup={enums}
        what="the payment types"
        onChange={(v) => set({ payment_type: v })}
      />
      <TrafficControl value={filters.ran_traffic_in_last_hours ?? null} onChange={(v) => set({ ran_traffic_in_last_hours: v })} />
      <ChipInput
        label="Labels"
        testId="filter-labels"
        values={filters.labels}
        onChange={(labels) => set({ labels })}
        placeholder="Type a label, press Enter"
      />
      <ChipInput
        label="Tracking domain IDs"
        testId="filter-tracking-domains"
        values={filters.network_tracking_domain_ids.map(String)}
        onChange={(ids) => set({ network_tracking_domain_ids: ids.map(Number) })}
        placeholder="Type an ID, press Enter"
        inputMode="numeric"
        hint="The number of the tracking domain in Everflow."
        parse={(text) =>
          /^\d+$/.test(text) && Number(text) > 0
            ? { value: String(Number(text)) }
            : { error: "Type a tracking domain ID as a whole number, e.g. 12." }
        }
      />
      <MultiSelect
        label="Countries"
        testId="filter-countries"
        options={countryOptions}
        value={filters.country_codes}
        onChange={(codes) => onChange(withCountries(filters, codes, regions.data))}
        lookup={countries}
        what="the countries"
        searchable
      />
      <MultiSelect
        label="Regions"
        testId="filter-regions"
        options={regionOptions}
        value={filters.region_codes}
        onChange={(v) => set({ region_codes: v })}
        lookup={regions}
        what="the regions"
        searchable
        emptyText={filters.country_codes.length > 0 ? "The chosen countries have no regions." : "No regions."}
        note={filters.country_codes.length > 0 ? "Only regions of the chosen countries." : null}
      />
    </div>
  );
}

function EnumSelect({
  label,
  testId,
  anyLabel,
  value,
  options,
  lookup,
  what,
  onChange,
}: {
  label: string;
  testId: string;
  anyLabel: string;
  value: string | null;
  options: string[] | undefined;
  lookup: LookupState;
  what: string;
  onChange: (value: string | null) => void;
}) {
  const id = useId();
  return (
    <div className="filter-control">
      <label className="filter-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        data-testid={testId}
        value={value ?? ""}
        disabled={lookup.isPending || lookup.isError}
        onChange={(e) => onChange(e.target.value || null)}
      >
        <option value="">{lookup.isPending ? "Loading…" : anyLabel}</option>
        {(options ?? []).map((o) => (
          <option key={o} value={o}>
            {humanize(o)}
          </option>
        ))}
      </select>
      {lookup.isPending ? (
        <span className="visually-hidden" role="status">
          <Spinner /> Loading {what}
        </span>
      ) : null}
      {lookup.isError && lookup.error ? <LookupError what={what} error={lookup.error} onRetry={lookup.refetch} /> : null}
    </div>
  );
}

const CUSTOM = "custom";

function TrafficControl({ value, onChange }: { value: number | null; onChange: (hours: number | null) => void }) {
  const id = useId();
  const preset = value === null ? "" : TRAFFIC_CHOICES.some((c) => c.hours === value) ? String(value) : CUSTOM;
  const [custom, setCustom] = useState(preset === CUSTOM);
  const [text, setText] = useState(preset === CUSTOM && value !== null ? String(value) : "");
  const [error, setError] = useState<string | null>(null);
  const shown = custom ? CUSTOM : preset;

  const applyCustom = (raw: string) => {
    setText(raw);
    if (raw.trim() === "") {
      setError(null);
      onChange(null);
      return;
    }
    if (/^\d+$/.test(raw.trim()) && Number(raw) > 0) {
      setError(null);
      onChange(Number(raw));
    } else {
      setError("Type a number of hours, e.g. 48.");
    }
  };

  return (
    <div className="filter-control">
      <label className="filter-label" htmlFor={id}>
        Ran traffic in the last…
      </label>
      <select
        id={id}
        data-testid="filter-ran-traffic"
        value={shown}
        onChange={(e) => {
          const v = e.target.value;
          if (v === CUSTOM) {
            setCustom(true);
            if (text) applyCustom(text);
            return;
          }
          setCustom(false);
          setError(null);
          onChange(v ? Number(v) : null);
        }}
      >
        <option value="">Any time</option>
        {TRAFFIC_CHOICES.map((c) => (
          <option key={c.hours} value={String(c.hours)}>
            {c.label}
          </option>
        ))}
        <option value={CUSTOM}>A number of hours…</option>
      </select>
      {shown === CUSTOM ? (
        <>
          <input
            type="number"
            min={1}
            step={1}
            className="filter-hours"
            aria-label="Hours"
            data-testid="filter-ran-traffic-hours"
            placeholder="Hours"
            value={text}
            aria-invalid={error ? true : undefined}
            onChange={(e) => applyCustom(e.target.value)}
          />
          {error ? <p className="field-error">{error}</p> : null}
        </>
      ) : null}
    </div>
  );
}

/** Active filters as removable chips, with "Clear all". */
export function FilterChips({ filters, onChange }: Props) {
  const hasAny = filterChips(filters, {}).length > 0;
  const employees = useEmployees(hasAny);
  const countries = useCountries(hasAny);
  const regions = useGeoRegions(hasAny);
  const chips = filterChips(filters, { employees: employees.data, countries: countries.data, regions: regions.data });
  if (chips.length === 0) return null;
  return (
    <div className="filter-chips" data-testid="filter-chips" aria-label="Active filters" role="group">
      <ul className="chips">
        {chips.map((chip) => (
          <li key={chip.key} className="chip chip-removable chip-filter">
            {chip.label}
            <button type="button" className="chip-x" aria-label={`Remove filter ${chip.label}`} onClick={() => onChange(chip.remove(filters))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn-link" data-testid="filter-clear-all" onClick={() => onChange(noFilters())}>
        Clear all
      </button>
    </div>
  );
}

