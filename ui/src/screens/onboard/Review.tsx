// A plain-language summary of what will be created, grouped by step, with links back to each step.
import type { ReactNode } from "react";
import type { Lookups } from "../../api/lookups";
import type { AffiliateInput, FieldError } from "../../bindings";
import {
  STEP_TITLES,
  detailValueWords,
  fieldWords,
  frequencyWords,
  getPath,
  paymentFieldsFor,
  paymentWords,
  receptionWords,
  scheduleFieldsFor,
  stepOfField,
  type StepId,
} from "../../components/affiliate-form";
import { humanize } from "../../lib/words";

interface Props {
  input: AffiliateInput;
  lookups: Lookups;
  steps: StepId[];
  errors: FieldError[];
  onEdit: (step: StepId, field?: string) => void;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children === "" || children === null || children === undefined ? "—" : children}</dd>
    </>
  );
}

function Group({ step, onEdit, children }: { step: StepId; onEdit: Props["onEdit"]; children: ReactNode }) {
  return (
    <section className="review-group" data-testid={`review-${step}`}>
      <header className="review-group-header">
        <h3>{STEP_TITLES[step]}</h3>
        <button type="button" className="btn btn-secondary btn-small" onClick={() => onEdit(step)} data-testid={`review-edit-${step}`}>
          Edit
        </button>
      </header>
      <dl className="review-list">{children}</dl>
    </section>
  );
}

function yesNo(value: unknown): string {
  return value === true ? "Yes" : "No";
}

export function Review({ input, lookups, steps, errors, onEdit }: Props) {
  const manager = lookups.employees.find((e) => e.network_employee_id === input.network_employee_id);
  // A value chosen without its list (the list could not be read) is shown by what is known of it.
  const knownManager = lookups.knownManagers.find((m) => m.id === input.network_employee_id);
  const byId = (what: string, id: number | null | undefined) => (id ? `${what} #${id}` : "");
  const tier = lookups.tiers.find((t) => t.network_affiliate_tier_id === input.network_affiliate_tier_id);
  const source = lookups.trafficSources.find((t) => t.network_traffic_source_id === input.network_traffic_source_id);
  const address = input.contact_address;
  const country = lookups.countries.find((c) => c.country_code === address?.country_code);
  const region = lookups.regions.find((r) => r.region_code === address?.region_code && r.country_code === address?.country_code);
  const billing = input.billing ?? {};
  const scheduleFields = scheduleFieldsFor(lookups.billingRules, billing.billing_frequency);
  const paymentFields = paymentFieldsFor(lookups.billingRules, billing.payment_type).filter(
    (f) => f !== "idap" || getPath(input, "billing.billing.is_existing_payee") === true,
  );
  const timezone = (id: number | null | undefined) => lookups.timezones.find((t) => t.timezone_id === id)?.timezone_name;

  return (
    <div className="review" data-testid="review">
      {errors.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="review-errors">
          <p className="notice-title">
            {errors.length === 1 ? "One thing needs fixing" : `${errors.length} things need fixing`} before the partner can be created:
          </p>
          <ul>
            {errors.map((e) => (
              <li key={`${e.field}:${e.message}`}>
                <button type="button" className="link-button" onClick={() => onEdit(stepOfField(e.field), e.field)}>
                  {STEP_TITLES[stepOfField(e.field)]}
                </button>
                : {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      <Group step="general" onEdit={onEdit}>
        <Row label="Partner name">{input.name}</Row>
        <Row label="Status">{humanize(input.account_status)}</Row>
        <Row label="Account manager">
          {manager ? `${manager.first_name} ${manager.last_name}` : knownManager ? `${knownManager.name} (#${knownManager.id})` : byId("Employee", input.network_employee_id)}
        </Row>
        <Row label="Currency">{input.default_currency_id}</Row>
        <Row label="Tier">{tier?.name ?? byId("Tier", input.network_affiliate_tier_id)}</Row>
        <Row label="Traffic source">{source?.name ?? byId("Traffic source", input.network_traffic_source_id)}</Row>
        <Row label="Referred by">{input.referrer_id ? `Affiliate #${input.referrer_id}` : ""}</Row>
        <Row label="Labels">{(input.labels ?? []).join(", ")}</Row>
        <Row label="Internal notes">{input.internal_notes ?? ""}</Row>
        <Row label="Own cost in tracking links">{yesNo(input.enable_media_cost_tracking_links)}</Row>
        <Row label="Contact address">{yesNo(input.is_contact_address_enabled)}</Row>
      </Group>

      {steps.includes("contact") && address ? (
        <Group step="contact" onEdit={onEdit}>
          <Row label="Address">
            {[address.address_1, address.address_2, address.city, address.zip_postal_code].filter(Boolean).join(", ")}
          </Row>
          <Row label="Region">{region?.region_name ?? address.region_code}</Row>
          <Row label="Country">{country?.country_name ?? address.country_code}</Row>
        </Group>
      ) : null}

      <Group step="users" onEdit={onEdit}>
        {(input.users ?? []).map((u, i) => (
          <Row key={i} label={`User ${i + 1}`}>
            {`${u.first_name} ${u.last_name}`.trim()} {u.email ? `<${u.email}>` : ""}
            {u.title ? `, ${u.title}` : ""} · {humanize(u.account_status)}
            {timezone(u.timezone_id) ? ` · ${timezone(u.timezone_id)}` : ""}
            {u.initial_password ? " · with an initial password" : " · will be emailed to choose a password"}
          </Row>
        ))}
      </Group>

      <Group step="schedule" onEdit={onEdit}>
        <Row label="Invoiced">{frequencyWords(billing.billing_frequency)}</Row>
        {scheduleFields.map((f) => (
          <Row key={f} label={fieldWords(f)}>
            {detailValueWords(f, getPath(input, `billing.details.${f}`))}
          </Row>
        ))}
      </Group>

      <Group step="payment" onEdit={onEdit}>
        <Row label="Paid by">{paymentWords(billing.payment_type)}</Row>
        {paymentFields.map((f) => {
          const value = getPath(input, `billing.billing.${f}`);
          return (
            <Row key={f} label={fieldWords(f)}>
              {f === "paypal_reception_method" && typeof value === "string" ? receptionWords(value) : detailValueWords(f, value)}
            </Row>
          );
        })}
        <Row label="Tax id">{billing.tax_id ?? ""}</Row>
        <Row label="Automatic invoices">
          {billing.is_invoice_creation_auto ? `Yes, from ${billing.auto_invoice_start_date ?? "—"}` : "No"}
        </Row>
        <Row label="Invoice threshold">{billing.invoice_amount_threshold ?? ""}</Row>
        <Row label="Invoice delay (days)">{billing.invoice_generation_days_delay ?? ""}</Row>
        <Row label="Payment terms (days)">{billing.default_payment_terms ?? ""}</Row>
        <Row label="Invoices hidden from the partner">{yesNo(billing.default_invoice_is_hidden)}</Row>
      </Group>
    </div>
  );
}
