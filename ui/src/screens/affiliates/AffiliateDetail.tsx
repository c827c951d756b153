import { useEffect, useId, useRef, type ReactNode } from "react";
import { useAffiliateDetail, useAffiliateTiers, useTimezones } from "../../api";
import type { Affiliate, AffiliateUser, Billing, JsonValue, PaymentDetails } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { StatusBadge } from "../../components/StatusBadge";
import { useNavigate } from "../../lib/navigation";
import { formatCount, humanize } from "../../lib/words";
import { billingScheduleWords, formatDateTime, maskNumber } from "./format";

interface Props {
  affiliateId: number;
  /** The name from the table, shown while the details load. */
  name?: string;
  onClose: () => void;
}

/** One affiliate, read-only, beside the table. Escape or Close closes it. */
export function AffiliateDetail({ affiliateId, name, onClose }: Props) {
  const query = useAffiliateDetail(affiliateId);
  const navigate = useNavigate();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);

  // Move focus into the panel when it opens or shows another affiliate.
  useEffect(() => {
    heading.current?.focus();
  }, [affiliateId]);

  const affiliate = query.data;
  const shownName = affiliate?.name ?? name ?? `Affiliate ${affiliateId}`;

  return (
    <div
      className="detail-panel"
      data-testid="affiliate-detail"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="detail-header">
        <div className="detail-title">
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {shownName}
          </h2>
          <p className="muted small">
            ID {affiliateId}
            {affiliate ? (
              <>
                {" · "}
                <StatusBadge status={affiliate.account_status} />
                {" · "}
                {managerName(affiliate) ?? "No account manager"}
              </>
            ) : null}
          </p>
        </div>
        <div className="detail-actions">
          <button
            type="button"
            className="btn btn-primary btn-small"
            data-testid="detail-edit"
            onClick={() => navigate("affiliate-edit", { affiliateId })}
          >
            Edit
          </button>
          <button type="button" className="btn btn-secondary btn-small" data-testid="detail-close" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <div className="detail-body">
        {query.isPending ? (
          <DetailSkeleton />
        ) : query.isError ? (
          query.error.code === "not_found" ? (
            <div className="notice" data-testid="detail-not-found">
              <p className="notice-title">This affiliate was not found</p>
              <p>It may have been deleted in Everflow. Refresh the table to see the current list.</p>
            </div>
          ) : (
            <ErrorNotice title="The details could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : (
          <DetailBody affiliate={query.data} />
        )}
      </div>
    </div>
  );
}

function managerName(a: Affiliate): string | null {
  const m = a.relationship?.account_manager;
  if (!m) return null;
  const n = `${m.first_name} ${m.last_name}`.trim();
  return n || m.email || null;
}

function DetailSkeleton() {
  return (
    <div aria-busy="true">
      <Loading label="Loading the details…" />
      <div className="skeleton-rows" aria-hidden="true">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </div>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="detail-section" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

function Facts({ items }: { items: [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items.map(([term, value]) => (
        <div key={term} className="fact">
          <dt>{term}</dt>
          <dd>{value === null || value === undefined || value === "" ? <span className="muted">—</span> : value}</dd>
        </div>
      ))}
    </dl>
  );
}

const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? null : v ? "Yes" : "No");

/** The readable name in a relationship object (name, or first and last name), else its id. */
function jsonName(value: JsonValue | null | undefined, idKey?: string): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const o = value as Record<string, JsonValue>;
  if (typeof o.name === "string" && o.name) return o.name;
  const full = [o.first_name, o.last_name].filter((x) => typeof x === "string" && x).join(" ");
  if (full) return full;
  if (typeof o.company_name === "string" && o.company_name) return o.company_name;
  if (idKey && (typeof o[idKey] === "number" || typeof o[idKey] === "string")) return `#${o[idKey]}`;
  return null;
}

/** Simple fields of a JSON object as facts; nested values as compact JSON. */
function jsonFacts(value: JsonValue | null | undefined): [string, ReactNode][] {
  if (!value || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.entries(value as Record<string, JsonValue>).map(([k, v]) => [
    humanize(k),
    v === null || v === "" ? null : typeof v === "boolean" ? yesNo(v) : typeof v === "object" ? <code>{JSON.stringify(v)}</code> : String(v),
  ]);
}

function DetailBody({ affiliate: a }: { affiliate: Affiliate }) {
  const r = a.relationship ?? {};
  const tiers = useAffiliateTiers();
  const tierId = a.network_affiliate_tier_id ?? r.network_affiliate_tier_id ?? null;
  const tier = tierId ? (tiers.data?.find((t) => t.network_affiliate_tier_id === tierId)?.name ?? `Tier #${tierId}`) : null;
  const trafficSource =
    jsonName(r.traffic_source, "network_traffic_source_id") ??
    (a.network_traffic_source_id ? `Traffic source #${a.network_traffic_source_id}` : null);
  const referrer = jsonName(r.referrer, "network_affiliate_id") ?? (a.referrer_id ? `Affiliate #${a.referrer_id}` : null);
  const users = r.users?.entries ?? [];
  const labels = r.labels?.entries ?? [];
  const address = r.contact_address;
  const visibility = r.visibility;
  const referralFacts = jsonFacts(r.referral);

  return (
    <>
      <Section title="General">
        <Facts
          items={[
            ["Currency", a.default_currency_id],
            ["Tier", tier],
            ["Traffic source", trafficSource],
            ["Media-cost tracking links", yesNo(a.enable_media_cost_tracking_links)],
            ["Notifications", a.has_notifications ? "On" : "Off"],
            ["Referred by", referrer],
            ["Created", formatDateTime(a.time_created)],
            ["Last saved", formatDateTime(a.time_saved)],
          ]}
        />
        <dl className="facts">
          <div className="fact fact-wide">
            <dt>Internal notes</dt>
            <dd className="notes">{a.internal_notes ? a.internal_notes : <span className="muted">None</span>}</dd>
          </div>
        </dl>
      </Section>

      <Section title="Contact address">
        {address && a.is_contact_address_enabled !== false ? (
          <address className="address">
            {[address.address_1, address.address_2].filter(Boolean).join(", ")}
            <br />
            {[address.city, address.region_code, address.zip_postal_code].filter(Boolean).join(", ")}
            <br />
            {address.country_code}
          </address>
        ) : (
          <p className="muted">No contact address.</p>
        )}
      </Section>

      <Section title={`Users (${users.length})`} testId="detail-users">
        {users.length === 0 ? (
          <p className="muted">No users.</p>
        ) : (
          <ul className="user-list">
            {users.map((u) => (
              <UserItem key={u.network_affiliate_user_id} user={u} />
            ))}
          </ul>
        )}
      </Section>

      <BillingSection billing={r.billing ?? null} />

      <Section title="Labels">
        {labels.length === 0 ? (
          <p className="muted">No labels.</p>
        ) : (
          <ul className="chips">
            {labels.map((l) => (
              <li key={l} className="chip">
                {l}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Offer visibility" testId="detail-visibility">
        {visibility ? (
          <Facts
            items={[
              ["Visible offers", formatCount(visibility.visible_offer_ids.length)],
              ["Hidden offers", formatCount(visibility.hidden_offer_ids.length)],
              ["Rejected offers", formatCount(visibility.rejected_offer_ids.length)],
            ]}
          />
        ) : (
          <p className="muted">No offers set explicitly; every offer follows its own default.</p>
        )}
      </Section>

      <Section title="Referral">
        {referralFacts.length > 0 ? <Facts items={referralFacts} /> : <p className="muted">No referral settings.</p>}
      </Section>

      <Section title="Signup">
        {r.signup !== undefined && r.signup !== null ? (
          <details className="raw">
            <summary>Show details</summary>
            <pre data-testid="detail-signup-json">{JSON.stringify(r.signup, null, 2)}</pre>
          </details>
        ) : (
          <p className="muted">No signup information.</p>
        )}
      </Section>
    </>
  );
}

function UserItem({ user: u }: { user: AffiliateUser }) {
  const timezones = useTimezones(Boolean(u.timezone_id));
  const known = timezones.data?.find((t) => t.timezone_id === u.timezone_id);
  const timezone = u.timezone_id ? (known?.timezone_name || known?.timezone || `Time zone #${u.timezone_id}`) : null;
  return (
    <li className="user-item">
      <div className="user-head">
        <strong>{`${u.first_name} ${u.last_name}`.trim() || u.email}</strong>
        <StatusBadge status={u.account_status} />
      </div>
      <div className="muted small">
        {u.email}
        {u.title ? ` · ${u.title}` : ""}
        {timezone ? ` · ${timezone}` : ""}
      </div>
      <div className="muted small">
        Added {formatDateTime(u.time_created)} · Last saved {formatDateTime(u.time_saved)}
      </div>
    </li>
  );
}

/** IBAN-like: two letters, two digits, then 10 to 30 letters or digits. */
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const ALWAYS_MASKED = new Set(["account_number", "routing_number", "iban"]);

function paymentFacts(details: PaymentDetails): [string, ReactNode][] {
  const facts: [string, ReactNode][] = [];
  for (const [key, raw] of Object.entries(details)) {
    if (raw === null || raw === undefined || raw === "") continue;
    let value: ReactNode;
    if (typeof raw === "boolean") value = yesNo(raw);
    else if (typeof raw === "object") continue;
    else {
      const text = String(raw);
      const masked = ALWAYS_MASKED.has(key) || IBAN.test(text.replace(/\s+/g, "").toUpperCase());
      value = masked ? <span className="masked" title="Hidden except the last 4 characters">{maskNumber(text)}</span> : key === "paypal_reception_method" ? humanize(text) : text;
    }
    facts.push([PAYMENT_LABELS[key] ?? humanize(key), value]);
  }
  return facts;
}

const PAYMENT_LABELS: Record<string, string> = {
  paxum_id: "Paxum ID",
  paypal_reception_method: "PayPal receives by",
  reception_identifier: "PayPal identifier",
  is_existing_payee: "Existing Tipalti payee",
  idap: "Tipalti IDAP",
  country_iso: "Country",
  swift_code: "SWIFT code",
  bank_name: "Bank name",
  bank_address: "Bank address",
  account_name: "Account name",
  account_number: "Account number",
  routing_number: "Routing number",
};

function BillingSection({ billing }: { billing: Billing | null }) {
  if (!billing) {
    return (
      <Section title="Billing" testId="detail-billing">
        <p className="muted">No billing information.</p>
      </Section>
    );
  }
  const details = billing.billing ? paymentFacts(billing.billing) : [];
  return (
    <>
      <Section title="Billing schedule" testId="detail-billing">
        <p data-testid="detail-billing-schedule">{billingScheduleWords(billing)}</p>
      </Section>
      <Section title="Payment method" testId="detail-payment">
        <Facts items={[["Payment type", humanize(billing.payment_type)], ...details, ["Tax ID", billing.tax_id ? maskNumber(billing.tax_id) : null]]} />
      </Section>
      <Section title="Invoice settings">
        <Facts
          items={[
            [
              "Invoices",
              billing.is_invoice_creation_auto
                ? `Created automatically${billing.auto_invoice_start_date ? ` from ${billing.auto_invoice_start_date}` : ""}`
                : "Created by hand",
            ],
            ["Minimum amount", billing.invoice_amount_threshold != null ? String(billing.invoice_amount_threshold) : null],
            ["Delay", billing.invoice_generation_days_delay != null ? days(billing.invoice_generation_days_delay) : null],
            ["Payment terms", billing.default_payment_terms != null ? days(billing.default_payment_terms) : null],
            ["Hidden from the affiliate", yesNo(billing.default_invoice_is_hidden)],
          ]}
        />
      </Section>
    </>
  );
}

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}
