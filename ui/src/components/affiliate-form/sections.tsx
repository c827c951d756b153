// The affiliate form's sections, shared by the onboarding wizard and the edit screen.
import { useState } from "react";
import { useAffiliateSearch } from "../../api/onboarding";
import type { AffiliateUserInput } from "../../bindings";
import { emptyContactAddress, emptyUser, getPath, paymentFieldsFor, scheduleFieldsFor } from "./model";
import type { SectionProps } from "./types";
import { LookupChoice, LooseErrors, NumberInput, SelectInput, TextInput, Toggle, type Option } from "./widgets";
import { MONTHS, WEEKDAYS, fieldWords, frequencyWords, paymentWords, receptionWords } from "./words";

const STATUS_OPTIONS: Option[] = [
  { value: "active", label: "Active" },
  { value: "inactive", label: "Inactive" },
];

function currencyOptions(form: SectionProps): Option[] {
  return form.lookups.currencies.map((c) => ({ value: c.currency_id, label: `${c.currency_id} — ${c.currency_name}` }));
}

// ---------------------------------------------------------------------------------------------

export function GeneralSection({ form }: { form: SectionProps }) {
  const { lookups } = form;
  const managers = lookups.employees.filter((e) => e.is_affiliate_manager);
  const employees = managers.length > 0 ? managers : lookups.employees;
  return (
    <div className="form-section" data-testid="section-general">
      <TextInput form={form} path="name" label="Partner name" required />
      <SelectInput form={form} path="account_status" label="Status" options={STATUS_OPTIONS} placeholder={null} />
      <LookupChoice
        form={form}
        path="network_employee_id"
        label="Account manager"
        numeric
        emptyValue={0}
        options={employees.map((e) => ({
          value: String(e.network_employee_id),
          label: `${e.first_name} ${e.last_name}`.trim() || e.email,
        }))}
        failure={lookups.failed("employees")}
        known={lookups.knownManagers.map((m) => ({ value: String(m.id), label: `${m.name} (#${m.id})` }))}
        typedLabel="Type the account manager's employee id"
      />
      <LookupChoice
        form={form}
        path="default_currency_id"
        label="Currency"
        options={currencyOptions(form)}
        emptyValue=""
        failure={lookups.failed("currencies")}
        typedLabel="Type the currency code, e.g. USD"
      />
      <LookupChoice
        form={form}
        path="network_affiliate_tier_id"
        label="Tier"
        numeric
        placeholder="No tier"
        options={lookups.tiers.map((t) => ({ value: String(t.network_affiliate_tier_id), label: t.name }))}
        failure={lookups.failed("tiers")}
        typedLabel="Type a tier id, or leave it empty for no tier"
      />
      <LookupChoice
        form={form}
        path="network_traffic_source_id"
        label="Traffic source"
        numeric
        placeholder="No traffic source"
        options={lookups.trafficSources.map((t) => ({ value: String(t.network_traffic_source_id), label: t.name }))}
        failure={lookups.failed("traffic_sources")}
        typedLabel="Type a traffic source id, or leave it empty"
      />
      <ReferrerPicker form={form} />
      <LabelsInput form={form} />
      <TextInput form={form} path="internal_notes" label="Internal notes" hint="Only your team sees these." multiline />
      <Toggle
        form={form}
        path="enable_media_cost_tracking_links"
        label="Let this partner pass their own cost in tracking links"
        hint="Media-cost tracking links. Off unless you agreed on it."
      />
      <Toggle
        form={form}
        path="is_contact_address_enabled"
        label="Add a contact address"
        hint="Adds a Contact address step."
        onChanged={(on) => {
          if (on && !form.value.contact_address) form.set("contact_address", emptyContactAddress());
        }}
      />
    </div>
  );
}

function ReferrerPicker({ form }: { form: SectionProps }) {
  const [term, setTerm] = useState("");
  const [pickedName, setPickedName] = useState<string | null>(null);
  const search = useAffiliateSearch(term);
  const referrerId = form.value.referrer_id ?? 0;
  const error = form.error("referrer_id");
  return (
    <div className={`field${error ? " field-invalid" : ""}`} data-field="referrer_id">
      <label className="field-label" htmlFor="referrer-search">
        Referred by
      </label>
      {referrerId ? (
        <div className="picked" data-testid="referrer-picked">
          <span>
            {pickedName ?? "Affiliate"} (#{referrerId})
          </span>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            onClick={() => {
              form.set("referrer_id", null);
              setPickedName(null);
            }}
          >
            Remove
          </button>
        </div>
      ) : (
        <>
          <input
            id="referrer-search"
            type="search"
            data-testid="referrer-search"
            placeholder="Search partners by name"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            autoComplete="off"
          />
          {term.trim() && search.data ? (
            <ul className="picker-results" data-testid="referrer-results">
              {search.data.length === 0 ? <li className="muted small">No partner by that name.</li> : null}
              {search.data.map((a) => (
                <li key={a.network_affiliate_id}>
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    onClick={() => {
                      form.set("referrer_id", a.network_affiliate_id);
                      setPickedName(a.name);
                      setTerm("");
                    }}
                  >
                    {a.name} (#{a.network_affiliate_id})
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      )}
      <p className="field-hint">Optional: the partner who brought this one in.</p>
      {error ? <p className="field-error" data-testid="field-error">{error}</p> : null}
    </div>
  );
}

function LabelsInput({ form }: { form: SectionProps }) {
  const [draft, setDraft] = useState("");
  const labels = form.value.labels ?? [];
  const add = () => {
    const label = draft.trim();
    if (label && !labels.includes(label)) form.set("labels", [...labels, label]);
    setDraft("");
  };
  const labelErrors = labels.map((_, i) => form.error(`labels[${i}]`)).filter(Boolean);
  return (
    <div className={`field${form.error("labels") || labelErrors.length ? " field-invalid" : ""}`} data-field="labels">
      <label className="field-label" htmlFor="labels-input">
        Labels
      </label>
      {labels.length > 0 ? (
        <ul className="chips" data-testid="labels-chips">
          {labels.map((label) => (
            <li key={label} className="chip">
              {label}{" "}
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove label ${label}`}
                onClick={() => form.set("labels", labels.filter((l) => l !== label))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id="labels-input"
        type="text"
        data-testid="labels-input"
        placeholder="Type a label and press Enter"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === ",") {
            e.preventDefault();
            add();
          }
        }}
        onBlur={add}
      />
      {[form.error("labels"), ...labelErrors].filter(Boolean).map((message) => (
        <p key={message} className="field-error" data-testid="field-error">
          {message}
        </p>
      ))}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export function ContactSection({ form }: { form: SectionProps }) {
  const country = form.value.contact_address?.country_code ?? "";
  const regions = form.lookups.regions.filter((r) => r.country_code === country);
  return (
    <div className="form-section" data-testid="section-contact">
      <LookupChoice
        form={form}
        path="contact_address.country_code"
        label="Country"
        emptyValue=""
        options={form.lookups.countries.map((c) => ({ value: c.country_code, label: c.country_name }))}
        failure={form.lookups.failed("countries")}
        typedLabel="Type the two-letter country code, e.g. US"
        onChanged={() => form.set("contact_address.region_code", "")}
      />
      {form.lookups.failed("regions") ? (
        <LookupChoice
          form={form}
          path="contact_address.region_code"
          label="Region / state"
          emptyValue=""
          options={[]}
          failure={form.lookups.failed("regions")}
          typedLabel="Type the region code, e.g. CA"
        />
      ) : (
        <SelectInput
          form={form}
          path="contact_address.region_code"
          label="Region / state"
          emptyValue=""
          placeholder={country ? (regions.length ? "Choose…" : "No regions for this country") : "Choose a country first"}
          options={regions.map((r) => ({ value: r.region_code, label: r.region_name }))}
        />
      )}
      <TextInput form={form} path="contact_address.address_1" label="Address line 1" required />
      <TextInput form={form} path="contact_address.address_2" label="Address line 2" required />
      <TextInput form={form} path="contact_address.city" label="City" required />
      <TextInput form={form} path="contact_address.zip_postal_code" label="ZIP / postal code" required />
      <LooseErrors form={form} paths={["contact_address"]} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

const PASSWORD_CHECKS: { label: string; test: (p: string) => boolean }[] = [
  // Display only: the verdict comes from validateAffiliate.
  { label: "At least 8 characters", test: (p) => p.length >= 8 },
  { label: "One character that is not a letter or digit", test: (p) => /[^A-Za-z0-9]/.test(p) },
  { label: "One uppercase letter", test: (p) => /[A-Z]/.test(p) },
  { label: "One lowercase letter", test: (p) => /[a-z]/.test(p) },
];

function PasswordChecklist({ password }: { password: string }) {
  return (
    <ul className="checklist" data-testid="password-checklist" aria-label="Password needs">
      {PASSWORD_CHECKS.map((c) => {
        const ok = c.test(password);
        return (
          <li key={c.label} className={ok ? "text-ok" : "muted"} data-ok={ok}>
            {ok ? "✓" : "○"} {c.label}
          </li>
        );
      })}
    </ul>
  );
}

export function UsersSection({ form }: { form: SectionProps }) {
  const users = form.value.users ?? [];
  const timezones = form.lookups.timezones.map((t) => ({ value: String(t.timezone_id), label: t.timezone_name }));
  return (
    <div className="form-section" data-testid="section-users">
      <p className="muted">The people at this partner who log in to Everflow. Add at least one.</p>
      {users.map((user: AffiliateUserInput, i) => {
        const at = (field: string) => `users[${i}].${field}`;
        const password = typeof user.initial_password === "string" ? user.initial_password : "";
        return (
          <fieldset key={i} className="user-card" data-testid={`user-${i}`}>
            <legend>User {i + 1}</legend>
            <div className="form-grid">
              <TextInput form={form} path={at("first_name")} label="First name" required />
              <TextInput form={form} path={at("last_name")} label="Last name" required />
              <TextInput form={form} path={at("email")} label="Email" type="email" required />
              <SelectInput form={form} path={at("account_status")} label="Status" options={STATUS_OPTIONS} placeholder={null} />
              <TextInput form={form} path={at("title")} label="Job title" />
              <TextInput form={form} path={at("work_phone")} label="Work phone" type="tel" hint="e.g. +1 555 010 0100" />
              <TextInput form={form} path={at("cell_phone")} label="Cell phone" type="tel" hint="e.g. +1 555 010 0100" />
              <LookupChoice
                form={form}
                path={at("timezone_id")}
                label="Time zone"
                numeric
                options={timezones}
                failure={form.lookups.failed("timezones")}
                typedLabel="Type the timezone id, e.g. 80"
              />
              <LookupChoice
                form={form}
                path={at("currency_id")}
                label="Currency"
                options={currencyOptions(form)}
                failure={form.lookups.failed("currencies")}
                typedLabel="Type the currency code, e.g. USD"
              />
            </div>
            <TextInput
              form={form}
              path={at("initial_password")}
              label="Initial password (optional)"
              type="password"
              hint="Leave empty and Everflow emails the user a link to choose one. Never saved in drafts."
            />
            {password ? <PasswordChecklist password={password} /> : null}
            {users.length > 1 ? (
              <button
                type="button"
                className="btn btn-secondary btn-small"
                data-testid={`remove-user-${i}`}
                onClick={() => form.set("users", users.filter((_, j) => j !== i))}
              >
                Remove user {i + 1}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      <LooseErrors form={form} paths={["users"]} />
      <button
        type="button"
        className="btn btn-secondary"
        data-testid="add-user"
        onClick={() => form.set("users", [...users, emptyUser()])}
      >
        Add another user
      </button>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

const DAY_OPTIONS: Option[] = Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
const WEEKDAY_OPTIONS: Option[] = WEEKDAYS.map((d, i) => ({ value: String(i), label: d }));
const MONTH_OPTIONS: Option[] = MONTHS.map((m, i) => ({ value: String(i + 1), label: m }));

function ScheduleField({ form, field }: { form: SectionProps; field: string }) {
  const path = `billing.details.${field}`;
  const label = fieldWords(field);
  switch (field) {
    case "day_of_week":
      return <SelectInput form={form} path={path} label={label} numeric options={WEEKDAY_OPTIONS} />;
    case "starting_month":
      return <SelectInput form={form} path={path} label={label} numeric options={MONTH_OPTIONS} hint="The month the cycle starts from." />;
    case "day_of_month":
    case "day_of_month_one":
    case "day_of_month_two":
      return <SelectInput form={form} path={path} label={label} numeric options={DAY_OPTIONS} />;
    default:
      return <NumberInput form={form} path={path} label={label} />;
  }
}

export function ScheduleSection({ form }: { form: SectionProps }) {
  const frequency = form.value.billing?.billing_frequency ?? null;
  const fields = scheduleFieldsFor(form.lookups.billingRules, frequency);
  const frequencies = form.lookups.enums?.billing_frequency ?? [];
  return (
    <div className="form-section" data-testid="section-schedule">
      <SelectInput
        form={form}
        path="billing.billing_frequency"
        label="How often this partner is invoiced"
        options={frequencies.map((f) => ({ value: f, label: frequencyWords(f) }))}
      />
      <div data-testid="schedule-fields">
        {fields.map((field) => (
          <ScheduleField key={field} form={form} field={field} />
        ))}
      </div>
      {frequency && fields.length === 0 ? <p className="muted small">This schedule needs no days.</p> : null}
      <LooseErrors form={form} paths={["billing.details"]} />
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

function PaymentField({ form, field }: { form: SectionProps; field: string }) {
  const path = `billing.billing.${field}`;
  const label = fieldWords(field);
  switch (field) {
    case "paypal_reception_method":
      return (
        <SelectInput
          form={form}
          path={path}
          label={label}
          options={(form.lookups.enums?.paypal_reception_method ?? []).map((m) => ({ value: m, label: receptionWords(m) }))}
        />
      );
    case "is_existing_payee":
      return <Toggle form={form} path={path} label="This partner is already a payee in Tipalti" />;
    case "idap":
      return getPath(form.value, "billing.billing.is_existing_payee") === true ? (
        <TextInput form={form} path={path} label={label} />
      ) : null;
    case "phone":
      return <TextInput form={form} path={path} label={label} type="tel" hint="International format, e.g. +1 555 010 0100" />;
    case "email":
      return <TextInput form={form} path={path} label={label} type="email" />;
    case "country_iso":
      return (
        <LookupChoice
          form={form}
          path={path}
          label={label}
          options={form.lookups.countries.map((c) => ({ value: c.country_code, label: c.country_name }))}
          failure={form.lookups.failed("countries")}
          typedLabel="Type the two-letter country code, e.g. US"
        />
      );
    default:
      return <TextInput form={form} path={path} label={label} />;
  }
}

export function PaymentSection({ form }: { form: SectionProps }) {
  const paymentType = form.value.billing?.payment_type ?? null;
  const fields = paymentFieldsFor(form.lookups.billingRules, paymentType);
  const types = form.lookups.enums?.payment_type ?? [];
  const auto = form.value.billing?.is_invoice_creation_auto === true;
  return (
    <div className="form-section" data-testid="section-payment">
      <h3 className="section-title">Payment method</h3>
      <SelectInput
        form={form}
        path="billing.payment_type"
        label="How this partner is paid"
        options={types.map((t) => ({ value: t, label: paymentWords(t) }))}
      />
      <div data-testid="payment-fields">
        {fields.map((field) => (
          <PaymentField key={field} form={form} field={field} />
        ))}
      </div>
      <LooseErrors form={form} paths={["billing.billing"]} />
      <TextInput form={form} path="billing.tax_id" label="Tax id" hint="Optional." />

      <h3 className="section-title">Invoices</h3>
      <Toggle form={form} path="billing.is_invoice_creation_auto" label="Create invoices automatically" />
      {auto ? (
        <TextInput form={form} path="billing.auto_invoice_start_date" label="Start creating invoices on" type="date" hint="YYYY-MM-DD" />
      ) : null}
      <NumberInput form={form} path="billing.invoice_amount_threshold" label="Minimum amount before an invoice is created" />
      <NumberInput form={form} path="billing.invoice_generation_days_delay" label="Days to wait before creating an invoice" />
      <NumberInput form={form} path="billing.default_payment_terms" label="Payment terms (days)" />
      <Toggle form={form} path="billing.default_invoice_is_hidden" label="Hide invoices from the partner by default" />
    </div>
  );
}

