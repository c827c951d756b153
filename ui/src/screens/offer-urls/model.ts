// The offer URL screen's data shaping: form drafts to request bodies, CSV text to editable rows,
// macros for display, status filter and client-side paging, bulk update fields. The rules that
// decide what is valid live in Rust (validate_offer_url); this file only converts and displays.
import Papa from "papaparse";
import type { FieldError, OfferUrl, OfferUrlInput, OfferUrlPatch } from "../../api";
import type { JsonValue } from "../../bindings";

export type UrlStatus = "active" | "paused" | "deleted";
export const URL_STATUSES: UrlStatus[] = ["active", "paused", "deleted"];
export type StatusFilter = "all" | UrlStatus;

export interface PickedAffiliate {
  id: number;
  /** Unknown until looked up (IDs from a record or typed by hand). */
  name?: string;
}

/** What the create / edit form holds: exactly what the user typed. */
export interface Draft {
  name: string;
  destination_url: string;
  preview_url: string;
  url_status: UrlStatus;
  /** True: only the chosen affiliates get this URL; false: every affiliate. */
  specific: boolean;
  affiliates: PickedAffiliate[];
  hidden: boolean;
}

export function emptyDraft(): Draft {
  return { name: "", destination_url: "", preview_url: "", url_status: "active", specific: false, affiliates: [], hidden: false };
}

export function asStatus(value: string | null | undefined): UrlStatus {
  return value === "paused" || value === "deleted" ? value : "active";
}

export function draftFromUrl(url: OfferUrl): Draft {
  return {
    name: url.name,
    destination_url: url.destination_url,
    preview_url: url.preview_url ?? "",
    url_status: asStatus(url.url_status),
    specific: url.is_apply_specific_affiliates,
    affiliates: (url.network_affiliate_ids ?? []).map((id) => ({ id })),
    hidden: url.is_hidden_affiliate,
  };
}

/** The create / PUT body of a draft (the PUT keeps the fields the form does not show: Rust adds them). */
export function draftToInput(offerId: number, draft: Draft): OfferUrlInput {
  return {
    network_offer_id: offerId,
    name: draft.name,
    destination_url: draft.destination_url,
    preview_url: draft.preview_url,
    url_status: draft.url_status,
    is_apply_specific_affiliates: draft.specific,
    network_affiliate_ids: draft.specific ? draft.affiliates.map((a) => a.id) : [],
    is_hidden_affiliate: draft.hidden,
  };
}

/** Errors by field name, the first message of each. */
export function errorsByField(errors: FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) if (!(e.field in out)) out[e.field] = e.message;
  return out;
}

// ----- macros ----------------------------------------------------------------------------------

/** Everflow macros a manager meets most, with what Everflow puts in their place. Display only. */
export const KNOWN_MACROS: Record<string, string> = {
  transaction_id: "The click's unique ID; needed to attribute conversions",
  affiliate_id: "The affiliate's ID",
  affiliate_name: "The affiliate's name",
  offer_id: "The offer's ID",
  offer_name: "The offer's name",
  advertiser_id: "The advertiser's ID",
  campaign_id: "The campaign's ID",
  creative_id: "The creative's ID",
  source_id: "The affiliate's source ID",
  sub1: "Affiliate sub ID 1",
  sub2: "Affiliate sub ID 2",
  sub3: "Affiliate sub ID 3",
  sub4: "Affiliate sub ID 4",
  sub5: "Affiliate sub ID 5",
  adv1: "Advertiser value 1",
  adv2: "Advertiser value 2",
  adv3: "Advertiser value 3",
  adv4: "Advertiser value 4",
  adv5: "Advertiser value 5",
  idfa: "iOS advertising ID",
  google_aid: "Android advertising ID",
  device_id: "The device's ID",
  ip: "The visitor's IP address",
  user_agent: "The visitor's browser",
  country_code: "The visitor's country",
  timestamp: "The time of the click",
  random: "A random number",
};

export type UrlPart = { text: string; macro: false } | { text: string; macro: true; name: string; known: boolean };

/** A URL split into plain text and `{macro}`s, for highlighting. Unpaired braces stay text. */
export function urlParts(url: string): UrlPart[] {
  const parts: UrlPart[] = [];
  const re = /\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(url); m; m = re.exec(url)) {
    if (m.index > last) parts.push({ text: url.slice(last, m.index), macro: false });
    const name = m[1];
    parts.push({ text: m[0], macro: true, name, known: Object.hasOwn(KNOWN_MACROS, name) });
    last = m.index + m[0].length;
  }
  if (last < url.length) parts.push({ text: url.slice(last), macro: false });
  return parts;
}

export function macrosOf(url: string): string[] {
  return urlParts(url).flatMap((p) => (p.macro ? [p.name] : []));
}

// ----- status filter and paging ----------------------------------------------------------------

export function statusCounts(urls: OfferUrl[]): Record<StatusFilter, number> {
  const counts: Record<StatusFilter, number> = { all: urls.length, active: 0, paused: 0, deleted: 0 };
  for (const u of urls) counts[asStatus(u.url_status)] += 1;
  return counts;
}

export function filterByStatus(urls: OfferUrl[], status: StatusFilter): OfferUrl[] {
  return status === "all" ? urls : urls.filter((u) => asStatus(u.url_status) === status);
}

/** One page (1-based) of rows, and the page actually shown (the last one when `page` is past the end). */
export function pageOf<T>(rows: T[], page: number, pageSize: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const shown = Math.min(Math.max(1, page), pages);
  return { rows: rows.slice((shown - 1) * pageSize, shown * pageSize), page: shown, pages };
}

// ----- bulk create rows and CSV ----------------------------------------------------------------

/** One row of the bulk-create table: text as typed or imported. */
export interface BulkRow {
  key: string;
  name: string;
  destination_url: string;
  preview_url: string;
  url_status: string;
  /** IDs separated by spaces, semicolons or commas. */
  affiliate_ids: string;
  /** yes / no (true, 1, y… are understood). */
  hidden: string;
}

export const BULK_COLUMNS: { key: Exclude<keyof BulkRow, "key">; label: string; fields: string[]; hint: string }[] = [
  { key: "name", label: "Name", fields: ["name"], hint: "Required" },
  { key: "destination_url", label: "Destination URL", fields: ["destination_url"], hint: "Required; macros like {transaction_id} allowed" },
  { key: "preview_url", label: "Preview URL", fields: ["preview_url"], hint: "Optional" },
  { key: "url_status", label: "Status", fields: ["url_status"], hint: "active, paused or deleted (blank: active)" },
  {
    key: "affiliate_ids",
    label: "Affiliate IDs",
    fields: ["network_affiliate_ids", "is_apply_specific_affiliates"],
    hint: "Blank: every affiliate; otherwise IDs separated by spaces or ;",
  },
  { key: "hidden", label: "Hidden", fields: ["is_hidden_affiliate"], hint: "yes or no (blank: no)" },
];

let nextKey = 1;
export function newRowKey(): string {
  return `row-${Date.now().toString(36)}-${nextKey++}`;
}

export function emptyRow(): BulkRow {
  return { key: newRowKey(), name: "", destination_url: "", preview_url: "", url_status: "", affiliate_ids: "", hidden: "" };
}

export function isBlankRow(row: BulkRow): boolean {
  return BULK_COLUMNS.every((c) => row[c.key].trim() === "");
}

/** "7; 14 21" → [7, 14, 21]; anything that is not a whole number is reported. */
export function parseAffiliateIds(text: string): { ids: number[]; bad: string[] } {
  const ids: number[] = [];
  const bad: string[] = [];
  for (const token of text.split(/[\s;,|]+/).filter(Boolean)) {
    if (/^\d+$/.test(token)) {
      const id = Number(token);
      if (!ids.includes(id)) ids.push(id);
    } else bad.push(token);
  }
  return { ids, bad };
}

const YES = new Set(["yes", "y", "true", "1", "hidden", "x"]);
const NO = new Set(["", "no", "n", "false", "0", "visible"]);

export function parseYesNo(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return null;
}

/** A row as a request body, with the problems that stop it from being one (IDs or yes/no not understood). */
export function rowToInput(offerId: number, row: BulkRow): { input: OfferUrlInput; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const { ids, bad } = parseAffiliateIds(row.affiliate_ids);
  if (bad.length > 0) {
    problems.push({
      field: "network_affiliate_ids",
      message: `${bad.map((b) => `“${b}”`).join(", ")} ${bad.length === 1 ? "is not an affiliate ID" : "are not affiliate IDs"}; use numbers separated by spaces or ;.`,
    });
  }
  const hidden = parseYesNo(row.hidden);
  if (hidden === null) problems.push({ field: "is_hidden_affiliate", message: `Write yes or no, not “${row.hidden.trim()}”.` });
  const status = row.url_status.trim().toLowerCase();
  return {
    input: {
      network_offer_id: offerId,
      name: row.name,
      destination_url: row.destination_url,
      preview_url: row.preview_url,
      url_status: status === "" ? "active" : status,
      is_apply_specific_affiliates: ids.length > 0 || bad.length > 0,
      network_affiliate_ids: ids,
      is_hidden_affiliate: hidden ?? false,
    },
    problems,
  };
}

/** Header names understood, compared without case, spaces, dashes or underscores. */
const HEADER_ALIASES: Record<string, Exclude<keyof BulkRow, "key">> = {
  name: "name",
  urlname: "name",
  offerurlname: "name",
  title: "name",
  destinationurl: "destination_url",
  destination: "destination_url",
  url: "destination_url",
  landingpage: "destination_url",
  previewurl: "preview_url",
  preview: "preview_url",
  urlstatus: "url_status",
  status: "url_status",
  affiliateids: "affiliate_ids",
  affiliateid: "affiliate_ids",
  affiliates: "affiliate_ids",
  affiliate: "affiliate_ids",
  networkaffiliateids: "affiliate_ids",
  partners: "affiliate_ids",
  partnerids: "affiliate_ids",
  hidden: "hidden",
  ishidden: "hidden",
  ishiddenaffiliate: "hidden",
  hiddenfromaffiliates: "hidden",
  hiddenaffiliate: "hidden",
};

export function headerKey(header: string): Exclude<keyof BulkRow, "key"> | null {
  const folded = header.replace(/^\uFEFF/, "").toLowerCase().replace(/[\s_\-.()]+/g, "");
  return HEADER_ALIASES[folded] ?? null;
}

export interface CsvResult {
  rows: BulkRow[];
  /** Headers that match no column (their values are not imported). */
  ignored: string[];
  /** Problems with the file as a whole (no header we know, bad quoting). */
  problems: string[];
}

/** Pasted or imported CSV (comma, semicolon or tab separated, with a header row) to editable rows. */
export function parseOfferUrlCsv(text: string): CsvResult {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const problems: string[] = [];
  for (const e of parsed.errors.slice(0, 5)) {
    if (e.code === "UndetectableDelimiter") continue;
    problems.push(e.row !== undefined ? `Line ${e.row + 1}: ${e.message}.` : `${e.message}.`);
  }
  const [header, ...body] = parsed.data;
  if (!header) return { rows: [], ignored: [], problems: ["The text is empty: paste a header row and one row per URL."] };
  const columns = header.map(headerKey);
  const ignored = header.filter((h, i) => columns[i] === null && h.trim() !== "");
  if (!columns.includes("name") && !columns.includes("destination_url")) {
    return {
      rows: [],
      ignored,
      problems: [
        "The first line must name the columns, for example: name, destination_url, preview_url, url_status, affiliate_ids, hidden.",
      ],
    };
  }
  const rows = body.map((cells) => {
    const row = emptyRow();
    columns.forEach((col, i) => {
      if (col && cells[i] !== undefined) row[col] = cells[i].trim();
    });
    return row;
  });
  return { rows: rows.filter((r) => !isBlankRow(r)), ignored, problems };
}

/** The rows as CSV text (to save or copy back), with the header the importer reads. */
export function rowsToCsv(rows: BulkRow[]): string {
  return Papa.unparse({
    fields: BULK_COLUMNS.map((c) => c.key),
    data: rows.map((r) => BULK_COLUMNS.map((c) => r[c.key])),
  });
}

export const CSV_EXAMPLE = `name,destination_url,preview_url,url_status,affiliate_ids,hidden
Spring Lander,https://example.com/spring?tid={transaction_id},https://example.com/spring,active,,no
VIP Lander,https://example.com/vip?tid={transaction_id}&aff={affiliate_id},,paused,7;14,yes`;

// ----- bulk update -----------------------------------------------------------------------------

export type UpdateFieldType = "url_status" | "network_affiliate_ids" | "is_apply_specific_affiliates" | "is_hidden_affiliate" | "destination_url_replace";
export type AffiliateOperator = "overwrite" | "append" | "delete" | "clear";

export interface UpdateFields {
  url_status?: UrlStatus;
  network_affiliate_ids?: { operator: AffiliateOperator; affiliates: PickedAffiliate[] };
  is_apply_specific_affiliates?: boolean;
  is_hidden_affiliate?: boolean;
  destination_url_replace?: { find: string; replace: string };
}

export const UPDATE_FIELD_LABELS: Record<UpdateFieldType, string> = {
  url_status: "Status",
  network_affiliate_ids: "Affiliates",
  is_apply_specific_affiliates: "Applies to",
  is_hidden_affiliate: "Hidden from affiliates",
  destination_url_replace: "Destination URL: find and replace",
};

export const AFFILIATE_OPERATOR_WORDS: Record<AffiliateOperator, string> = {
  overwrite: "Replace the list with",
  append: "Add",
  delete: "Remove",
  clear: "Remove every affiliate",
};

/** What is missing before the update can be previewed, in words; empty when ready. */
export function updateGaps(fields: UpdateFields): string[] {
  const gaps: string[] = [];
  const affiliates = fields.network_affiliate_ids;
  if (affiliates && affiliates.operator !== "clear" && affiliates.affiliates.length === 0) {
    gaps.push("Choose at least one affiliate (or choose “Remove every affiliate”).");
  }
  if (fields.destination_url_replace && fields.destination_url_replace.find === "") {
    gaps.push("Enter the text to find in the destination URLs.");
  }
  if (Object.keys(fields).length === 0) gaps.push("Add at least one change.");
  return gaps;
}

export function toOfferUrlPatch(offerId: number, urlIds: number[], fields: UpdateFields): OfferUrlPatch {
  const out: OfferUrlPatch["fields"] = [];
  if (fields.url_status) out.push({ field_type: "url_status", field_value: fields.url_status, operator: "overwrite" });
  if (fields.is_apply_specific_affiliates !== undefined) {
    out.push({ field_type: "is_apply_specific_affiliates", field_value: fields.is_apply_specific_affiliates, operator: "overwrite" });
  }
  if (fields.network_affiliate_ids) {
    const { operator, affiliates } = fields.network_affiliate_ids;
    out.push({
      field_type: "network_affiliate_ids",
      field_value: (operator === "clear" ? [] : affiliates.map((a) => a.id)) as JsonValue,
      operator,
    });
  }
  if (fields.is_hidden_affiliate !== undefined) {
    out.push({ field_type: "is_hidden_affiliate", field_value: fields.is_hidden_affiliate, operator: "overwrite" });
  }
  if (fields.destination_url_replace) {
    out.push({ field_type: "destination_url_replace", field_value: { ...fields.destination_url_replace }, operator: "overwrite" });
  }
  return { network_offer_id: offerId, network_offer_url_ids: [...urlIds], fields: out };
}

/** Which of the patch's fields (by index) an error names: `fields[2]` → the third field's type. */
export function patchFieldErrors(patch: OfferUrlPatch | null, errors: FieldError[]): Partial<Record<UpdateFieldType, string>> {
  const out: Partial<Record<UpdateFieldType, string>> = {};
  if (!patch) return out;
  for (const e of errors) {
    const m = /^fields\[(\d+)\]/.exec(e.field);
    const type = m ? (patch.fields[Number(m[1])]?.field_type as UpdateFieldType | undefined) : undefined;
    if (type && !out[type]) out[type] = e.message;
  }
  return out;
}
