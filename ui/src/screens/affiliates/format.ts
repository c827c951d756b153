// Display words for affiliate data: dates, billing schedules, masked numbers.
import type { Billing } from "../../bindings";
import { humanize } from "../../lib/words";

const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Everflow times are Unix seconds; 0 means "never". */
export function formatDate(seconds: number): string {
  return DATE.format(new Date(seconds * 1000));
}

export function formatDateTime(seconds: number | null | undefined): string {
  if (!seconds) return "—";
  return DATE_TIME.format(new Date(seconds * 1000));
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

function day(n: number | null | undefined): string {
  return n === null || n === undefined ? "?" : String(n);
}

/** "Monthly, on day 15"; "Twice a month, on days 1 and 15"; "Every quarter from month 2, on day 10". */
export function billingScheduleWords(billing: Pick<Billing, "billing_frequency" | "details">): string {
  const d = billing.details ?? {};
  switch (billing.billing_frequency) {
    case null:
    case undefined:
    case "":
      return "Not set";
    case "weekly":
      return d.day_of_week != null && WEEKDAYS[d.day_of_week]
        ? `Every week, on ${WEEKDAYS[d.day_of_week]}`
        : "Every week";
    case "bimonthly":
      return `Twice a month, on days ${day(d.day_of_month_one)} and ${day(d.day_of_month_two)}`;
    case "monthly":
      return `Monthly, on day ${day(d.day_of_month)}`;
    case "two_months":
      return `Every two months from month ${day(d.starting_month)}, on day ${day(d.day_of_month)}`;
    case "quarterly":
    case "quaterly":
      return `Every quarter from month ${day(d.starting_month)}, on day ${day(d.day_of_month)}`;
    case "manual":
      return "Manually (no schedule)";
    case "other":
      return "Another schedule (set in Everflow)";
    default:
      return humanize(billing.billing_frequency);
  }
}

/** Account, routing and IBAN-like numbers: everything but the last 4 characters hidden. */
export function maskNumber(value: string | null | undefined): string {
  if (!value) return "—";
  const compact = value.replace(/\s+/g, "");
  if (compact.length <= 4) return "•".repeat(compact.length);
  return `${"•".repeat(Math.min(compact.length - 4, 8))}${compact.slice(-4)}`;
}
