// How backend values read in the UI. Display words only; no rules live here.
import type { KeyKind, KeyStatus, Region } from "../bindings";

export const US_LABEL = "United States (api.eflow.team)";
export const EU_LABEL = "Europe (api-eu.eflow.team)";
export const CUSTOM_LABEL = "Custom address";

export function regionWords(region: Region): string {
  switch (region.kind) {
    case "us":
      return US_LABEL;
    case "eu":
      return EU_LABEL;
    case "custom":
      return `Custom address (${region.url})`;
  }
}

export function kindWords(kind: KeyKind): string {
  return kind === "network" ? "Network key" : "Partner key";
}

export function keyStatusWords(status: KeyStatus): string {
  if (!status.is_set) return "No key yet";
  return status.last_four ? `Key saved (ends in ${status.last_four})` : "Key saved";
}

const SPECIAL: Record<string, string> = {
  paypal: "PayPal",
  none: "Not set",
  direct_deposit: "Direct deposit",
  transferwise: "Wise (TransferWise)",
};

/** "direct_deposit" → "Direct deposit". */
export function humanize(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  if (SPECIAL[value]) return SPECIAL[value];
  const spaced = value.replace(/_/g, " ");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

// One formatter for every count: `toLocaleString` builds a new one on each call.
const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number): string {
  return COUNT.format(n);
}
