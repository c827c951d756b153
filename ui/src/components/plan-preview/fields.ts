// The affiliate patchable fields: how each is typed, which operators make sense, and how a value
// reads. Which fields exist comes from Rust (`enum_options().affiliate_patch_fields`), and so do their
// labels and notes (`AFFILIATE_FIELD_WORDS`, the same words every preview and History show).
import { AFFILIATE_FIELD_WORDS, type JsonValue } from "../../bindings";
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

/** How each patch field is entered: the widget, not the words. */
const FIELD_KINDS: Record<string, FieldKind> = {
  account_status: "status",
  network_employee_id: "employee",
  account_executive_id: "employee",
  referrer_id: "affiliate_id",
  labels: "labels",
  default_currency_id: "currency",
  has_notifications: "boolean",
  enable_media_cost_tracking_links: "boolean",
  network_traffic_source_id: "traffic_source",
  internal_notes: "text",
  billing_payment_method: "payment_method",
  billing_billing_frequency: "frequency",
  billing_weekly: "weekday",
  billing_bimonthly: "bimonthly",
  billing_monthly: "monthly",
  billing_two_months: "month_cycle",
  billing_quarterly: "month_cycle",
  billing_is_invoice_creation_auto: "boolean",
  billing_invoice_amount_threshold: "number",
  billing_auto_invoice_start_date: "date",
  billing_invoice_generation_days_delay: "integer",
  billing_default_payment_terms: "integer",
  billing_default_invoice_is_hidden: "boolean",
  referral_is_enabled: "boolean",
  referral_method: "referral_method",
  referral_value: "number",
  referral_commission_basis: "referral_basis",
  referral_minimum_threshold: "number",
  referral_duration: "number",
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
  const words = AFFILIATE_FIELD_WORDS.find((f) => f.patch_type === fieldType);
  return {
    label: words?.label ?? humanize(fieldType),
    kind: FIELD_KINDS[fieldType] ?? "text",
    hint: words?.note || undefined,
  };
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
    // A schedule Everflow has no day for (a frequency that had none before) is not set, not "the null".
    const unset = (day: JsonValue | undefined) => day === null || day === undefined;
    if (kind === "bimonthly" && unset(o.day_of_month_one) && unset(o.day_of_month_two)) return "(not set)";
    if ((kind === "monthly" || kind === "month_cycle") && unset(o.day_of_month)) return "(not set)";
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
