// Display words for the affiliate form. No rules: which fields appear comes from `billingRules()`.
import { humanize } from "../../lib/words";

export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export const MONTHS = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

const FREQUENCY: Record<string, string> = {
  weekly: "Weekly",
  bimonthly: "Twice a month",
  monthly: "Monthly",
  two_months: "Every two months",
  quarterly: "Quarterly",
  manual: "Manual (no fixed schedule)",
  other: "Other",
};

export function frequencyWords(value: string | null | undefined): string {
  if (!value) return "—";
  return FREQUENCY[value] ?? humanize(value);
}

const PAYMENT: Record<string, string> = {
  none: "No payment method",
  pay: "Everflow Pay",
  paypal: "PayPal",
  check: "Check",
  wire: "Wire transfer",
  direct_deposit: "Direct deposit",
  tipalti: "Tipalti",
  paxum: "Paxum",
  veem: "Veem",
  payoneer: "Payoneer",
  bitcoin: "Bitcoin",
  webmoney: "WebMoney",
  capitalist: "Capitalist",
  transferwise: "Wise (TransferWise)",
  gift_card: "Gift card",
  masspay: "MassPay",
  skrill: "Skrill",
};

export function paymentWords(value: string | null | undefined): string {
  if (!value) return "—";
  return PAYMENT[value] ?? humanize(value);
}

const RECEPTION: Record<string, string> = {
  email: "By email address",
  phone: "By phone number",
  paypal_account: "By PayPal account id",
};

export function receptionWords(value: string): string {
  return RECEPTION[value] ?? humanize(value);
}

const FIELD_LABELS: Record<string, string> = {
  day_of_week: "Day of the week",
  day_of_month: "Day of the month",
  day_of_month_one: "First day of the month",
  day_of_month_two: "Second day of the month",
  starting_month: "Starting month",
  paxum_id: "Paxum id",
  paypal_reception_method: "How PayPal payments are received",
  reception_identifier: "PayPal email, phone or account id",
  email: "Payment email",
  is_existing_payee: "Already a Tipalti payee",
  idap: "Tipalti payee id (IDAP)",
  first_name: "First name",
  last_name: "Last name",
  phone: "Phone",
  country_iso: "Country",
  bank_name: "Bank name",
  bank_address: "Bank address",
  account_name: "Account holder name",
  account_number: "Account number",
  routing_number: "Routing number",
  swift_code: "SWIFT code",
};

export function fieldWords(field: string): string {
  return FIELD_LABELS[field] ?? humanize(field);
}

/** A day or month number in words, for the review. */
export function detailValueWords(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "day_of_week" && typeof value === "number") return WEEKDAYS[value] ?? String(value);
  if (field === "starting_month" && typeof value === "number") return MONTHS[value - 1] ?? String(value);
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}
