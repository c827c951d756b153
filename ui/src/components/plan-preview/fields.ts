// The affiliate patchable fields in plain words: how each is typed, which operators make sense, and
// how a value reads. Which fields exist comes from Rust (`enum_options().affiliate_patch_fields`).
import type { JsonValue } from "../../bindings";
import { frequencyWords, MONTHS } from "../affiliate-form/words";
import { humanize } from "../../lib/words";

export type FieldKind =
  | "status"
  | "employee"
  | "currency"
  | "traffic_source"
  | "affiliate_id"
  | "integer"
  | "number"
  | "text"
  | "date"
  | "boolean"
  | "labels"
  | "frequency"
  | "payment_method"
  | "referral_method"
  | "referral_basis"
  | "weekday"
  | "bimonthly"
  | "monthly"
  | "month_cycle";

export interface FieldSpec {
  label: string;
  kind: FieldKind;
  hint?: string;
}

export const AFFILIATE_FIELDS: Record<string, FieldSpec> = {
  account_status: { label: "Status", kind: "status" },
  network_employee_id: { label: "Account manager", kind: "employee" },
  account_executive_id: { label: "Account executive", kind: "employee" },
  referrer_id: { label: "Referred by (affiliate ID)", kind: "affiliate_id" },
  labels: { label: "Labels", kind: "labels" },
  default_currency_id: { label: "Default currency", kind: "currency" },
  has_notifications: { label: "Receives notifications", kind: "boolean" },
  enable_media_cost_tracking_links: { label: "Media cost on tracking links", kind: "boolean" },
  network_traffic_source_id: { label: "Traffic source", kind: "traffic_source" },
  internal_notes: { label: "Internal notes", kind: "text" },
  billing_payment_method: { label: "Payment method", kind: "payment_method", hint: "Only Everflow Pay can be set in bulk." },
  billing_billing_frequency: { label: "Billing frequency", kind: "frequency" },
  billing_weekly: { label: "Billing day of the week", kind: "weekday" },
  billing_bimonthly: { label: "Billing days (twice a month)", kind: "bimonthly" },
  billing_monthly: { label: "Billing day of the month", kind: "monthly" },
  billing_two_months: { label: "Billing schedule (every two months)", kind: "month_cycle" },
  billing_quarterly: { label: "Billing schedule (quarterly)", kind: "month_cycle" },
  billing_is_invoice_creation_auto: { label: "Create invoices automatically", kind: "boolean" },
  billing_invoice_amount_threshold: { label: "Invoice amount threshold", kind: "number" },
  billing_auto_invoice_start_date: { label: "Automatic invoices start date", kind: "date" },
  billing_invoice_generation_days_delay: { label: "Days before an invoice is created", kind: "integer" },
  billing_default_payment_terms: { label: "Payment terms (days)", kind: "integer" },
  billing_default_invoice_is_hidden: { label: "Hide invoices from the affiliate", kind: "boolean" },
  referral_is_enabled: { label: "Referral commissions enabled", kind: "boolean" },
  referral_method: { label: "Referral commission method", kind: "referral_method" },
  referral_value: { label: "Referral commission value", kind: "number" },
  referral_commission_basis: { label: "Referral commission based on", kind: "referral_basis" },
  referral_minimum_threshold: { label: "Referral minimum threshold", kind: "number" },
  referral_duration: { label: "Referral duration (days)", kind: "number" },
};

/** The schedule field a billing frequency requires (none for manual and other). */
export const SCHEDULE_FOR_FREQUENCY: Record<string, string> = {
  weekly: "billing_weekly",
  bimonthly: "billing_bimonthly",
  monthly: "billing_monthly",
  two_months: "billing_two_months",
  quarterly: "billing_quarterly",
};

export const SCHEDULE_FIELDS = new Set(Object.values(SCHEDULE_FOR_FREQUENCY));

export function fieldSpec(fieldType: string): FieldSpec {
  return AFFILIATE_FIELDS[fieldType] ?? { label: humanize(fieldType), kind: "text" };
}

export function fieldLabel(fieldType: string): string {
  return fieldSpec(fieldType).label;
}

/** Only labels hold several values; everything else can only be overwritten. */
export function operatorsFor(fieldType: string): string[] {
  return fieldSpec(fieldType).kind === "labels" ? ["overwrite", "append", "delete", "clear"] : ["overwrite"];
}

const OPERATOR_WORDS: Record<string, string> = {
  overwrite: "Replace with",
  append: "Add",
  delete: "Remove",
  clear: "Remove all",
};

export function operatorWords(operator: string): string {
  return OPERATOR_WORDS[operator] ?? humanize(operator);
}

/** The value a new row starts with: nothing chosen yet (booleans start at "No", schedules at day 1). */
export function initialValue(fieldType: string): JsonValue | null {
  switch (fieldSpec(fieldType).kind) {
    case "boolean":
      return false;
    case "labels":
      return [];
    case "bimonthly":
      return { day_of_month_one: 1, day_of_month_two: 15 };
    case "monthly":
      return { day_of_month: 1 };
    case "month_cycle":
      return { starting_month: 1, day_of_month: 1 };
    default:
      return null;
  }
}

export interface Names {
  employee?: (id: number) => string | undefined;
  currency?: (id: string) => string | undefined;
  trafficSource?: (id: number) => string | undefined;
}

function dayWords(day: unknown): string {
  return typeof day === "number" ? ordinal(day) : String(day);
}

function ordinal(n: number): string {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

/** A patch value in words ("Inactive", "Dana Manager", "On the 1st and 15th", "(empty)"). */
export function valueWords(fieldType: string, value: JsonValue | null | undefined, names: Names = {}): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const kind = fieldSpec(fieldType).kind;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : "(none)";
  if (typeof value === "object") {
    const o = value as Record<string, JsonValue>;
    if (kind === "bimonthly") return `On the ${dayWords(o.day_of_month_one)} and ${dayWords(o.day_of_month_two)}`;
    if (kind === "monthly") return `On the ${dayWords(o.day_of_month)}`;
    if (kind === "month_cycle") {
      const month = typeof o.starting_month === "number" ? MONTHS[o.starting_month - 1] : String(o.starting_month);
      return `From ${month ?? o.starting_month}, on the ${dayWords(o.day_of_month)}`;
    }
    return JSON.stringify(value);
  }
  switch (kind) {
    case "employee":
      if (value === 0) return "(nobody)";
      return (typeof value === "number" && names.employee?.(value)) || `Employee #${value}`;
    case "traffic_source":
      if (value === 0) return "(none)";
      return (typeof value === "number" && names.trafficSource?.(value)) || `Traffic source #${value}`;
    case "currency":
      return (typeof value === "string" && names.currency?.(value)) || String(value);
    case "affiliate_id":
      return value === 0 ? "(nobody)" : `Affiliate #${value}`;
    case "frequency":
      return frequencyWords(String(value));
    case "payment_method":
      return value === "pay" ? "Everflow Pay" : humanize(String(value));
    case "status":
    case "weekday":
    case "referral_method":
    case "referral_basis":
      return humanize(String(value));
    default:
      return String(value);
  }
}
