// The affiliate form's state is an AffiliateInput (so fields the form does not show are kept), plus
// helpers to read and write it by the same dotted paths the Rust validation uses
// (`billing.details.day_of_month`, `users[0].email`). No input rule lives here.
import type { AffiliateInput, AffiliateUserInput, BillingDetails, FieldError, PaymentDetails } from "../../bindings";
import type { BillingRules } from "../../api/onboarding";

type Key = string | number;

export function parsePath(path: string): Key[] {
  const keys: Key[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      keys.push(part);
      continue;
    }
    if (match[1]) keys.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}

export function getPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    current = (current as Record<Key, unknown>)[key];
  }
  return current;
}

function setKeys(target: unknown, keys: Key[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [key, ...rest] = keys;
  if (typeof key === "number") {
    const list = Array.isArray(target) ? [...target] : [];
    list[key] = setKeys(list[key], rest, value);
    return list;
  }
  const record = target && typeof target === "object" ? { ...(target as Record<string, unknown>) } : {};
  record[key] = setKeys(record[key], rest, value);
  return record;
}

/** A copy of `input` with the value at `path` replaced (missing objects on the way are created). */
export function setPath<T>(input: T, path: string, value: unknown): T {
  return setKeys(input, parsePath(path), value) as T;
}

export function emptyUser(): AffiliateUserInput {
  return { first_name: "", last_name: "", email: "", account_status: "active" };
}

export function emptyAffiliateInput(): AffiliateInput {
  return {
    name: "",
    account_status: "active",
    network_employee_id: 0,
    default_currency_id: "USD",
    internal_notes: null,
    enable_media_cost_tracking_links: false,
    is_contact_address_enabled: false,
    referrer_id: null,
    network_affiliate_tier_id: null,
    network_traffic_source_id: null,
    labels: [],
    users: [emptyUser()],
    billing: {
      billing_frequency: null,
      payment_type: null,
      details: {},
      billing: {},
      is_invoice_creation_auto: false,
      default_invoice_is_hidden: false,
    },
  };
}

export function emptyContactAddress() {
  return { address_1: "", address_2: "", city: "", region_code: "", country_code: "", zip_postal_code: "" };
}

export function scheduleFieldsFor(rules: BillingRules | undefined, frequency: string | null | undefined): string[] {
  if (!rules || !frequency) return [];
  return rules.schedule_fields.find((r) => r.frequency === frequency)?.fields ?? [];
}

export function paymentFieldsFor(rules: BillingRules | undefined, paymentType: string | null | undefined): string[] {
  if (!rules || !paymentType) return [];
  return rules.payment_fields.find((r) => r.payment_type === paymentType)?.fields ?? [];
}

/** Keeps the keys of `details` that the current choice needs, and any key no rule knows about. */
function keepFor(
  details: Record<string, unknown> | null | undefined,
  wanted: string[],
  known: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (wanted.includes(key) || !known.has(key)) out[key] = value;
  }
  return out;
}

/**
 * What is sent: the form's values with the schedule fields of other frequencies and the payment
 * fields of other payment types left out (the form keeps them, so switching back loses nothing),
 * and, when creating, no contact address unless it is switched on.
 */
export function prepareInput(input: AffiliateInput, rules: BillingRules | undefined, mode: "create" | "update"): AffiliateInput {
  let out: AffiliateInput = { ...input };
  if (mode === "create" && !input.is_contact_address_enabled) out.contact_address = null;
  if (input.billing && rules) {
    const billing = { ...input.billing };
    const scheduleKnown = new Set(rules.schedule_fields.flatMap((r) => r.fields));
    const paymentKnown = new Set(rules.payment_fields.flatMap((r) => r.fields));
    const scheduleWanted = scheduleFieldsFor(rules, billing.billing_frequency);
    const paymentWanted = paymentFieldsFor(rules, billing.payment_type);
    billing.details = keepFor(billing.details, scheduleWanted, scheduleKnown) as BillingDetails;
    const payment = keepFor(billing.billing, paymentWanted, paymentKnown);
    if (paymentWanted.includes("is_existing_payee")) {
      payment.is_existing_payee = payment.is_existing_payee === true;
      // The IDAP field is shown only for an existing payee; a hidden field is never sent.
      if (!payment.is_existing_payee) delete payment.idap;
    }
    billing.billing = payment as PaymentDetails;
    out = { ...out, billing };
  }
  if (mode === "create" && out.billing && out.billing.is_invoice_creation_auto !== true) {
    out = { ...out, billing: { ...out.billing, auto_invoice_start_date: null } };
  }
  return out;
}

export type StepId = "general" | "contact" | "users" | "schedule" | "payment" | "review";

export const STEP_TITLES: Record<StepId, string> = {
  general: "General",
  contact: "Contact address",
  users: "Users",
  schedule: "Billing schedule",
  payment: "Payment & invoices",
  review: "Review",
};

/** Which step shows the field at `path`. */
export function stepOfField(path: string): StepId {
  if (path.startsWith("users")) return "users";
  if (path.startsWith("contact_address")) return "contact";
  if (path === "billing.billing_frequency" || path.startsWith("billing.details")) return "schedule";
  if (path.startsWith("billing")) return "payment";
  return "general";
}

export function errorsOfStep(errors: FieldError[], step: StepId): FieldError[] {
  return errors.filter((e) => stepOfField(e.field) === step);
}

/** Optional text: blank means "not set". */
export function textOrNull(value: string): string | null {
  return value.trim() === "" ? null : value;
}

export function numberOrNull(value: string): number | null {
  if (value.trim() === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
