import { describe, expect, it } from "vitest";
import type { OfferUrl } from "../../api";
import {
  draftFromUrl,
  draftToInput,
  emptyDraft,
  filterByStatus,
  headerKey,
  pageOf,
  parseAffiliateIds,
  parseOfferUrlCsv,
  parseYesNo,
  patchFieldErrors,
  rowsToCsv,
  rowToInput,
  statusCounts,
  toOfferUrlPatch,
  updateGaps,
  urlParts,
} from "./model";

export function makeUrl(id: number, partial: Partial<OfferUrl> = {}): OfferUrl {
  return {
    network_offer_url_id: id,
    network_id: 1,
    network_offer_id: 15,
    name: `URL ${id}`,
    destination_url: `https://example.com/${id}?tid={transaction_id}`,
    preview_url: "",
    url_status: "active",
    network_affiliate_ids: [],
    is_apply_specific_affiliates: false,
    is_hidden_affiliate: false,
    time_created: 1_700_000_000,
    time_saved: 1_700_000_000,
    ...partial,
  };
}

describe("CSV import", () => {
  it("matches headers loosely and reads comma, semicolon and tab separated text", () => {
    expect(headerKey("Destination URL")).toBe("destination_url");
    expect(headerKey(" destination_url ")).toBe("destination_url");
    expect(headerKey("Affiliate IDs")).toBe("affiliate_ids");
    expect(headerKey("Is-Hidden")).toBe("hidden");
    expect(headerKey("\uFEFFName")).toBe("name");
    expect(headerKey("payout")).toBeNull();

    for (const sep of [",", ";", "\t"]) {
      const text = [
        ["Name", "Destination URL", "Status", "Affiliates", "Hidden", "Payout"].join(sep),
        ["A", "https://a.example/?tid={transaction_id}", "paused", "7 14", "yes", "3"].join(sep),
        "",
        ["B", "https://b.example/", "", "", "", ""].join(sep),
      ].join("\n");
      const result = parseOfferUrlCsv(text);
      expect(result.problems).toEqual([]);
      expect(result.ignored).toEqual(["Payout"]);
      expect(result.rows.map((r) => [r.name, r.destination_url, r.url_status, r.affiliate_ids, r.hidden])).toEqual([
        ["A", "https://a.example/?tid={transaction_id}", "paused", "7 14", "yes"],
        ["B", "https://b.example/", "", "", ""],
      ]);
    }
  });

  it("keeps quoted commas and refuses text without a header it knows", () => {
    const quoted = parseOfferUrlCsv('name,destination_url\n"Spring, big",https://x.example/?a=1&b={sub1}');
    expect(quoted.rows[0].name).toBe("Spring, big");
    expect(quoted.rows[0].destination_url).toBe("https://x.example/?a=1&b={sub1}");

    const headless = parseOfferUrlCsv("A,https://a.example\nB,https://b.example");
    expect(headless.rows).toEqual([]);
    expect(headless.problems[0]).toMatch(/first line must name the columns/);
    expect(parseOfferUrlCsv("").problems[0]).toMatch(/empty/);
  });

  it("round-trips rows through CSV", () => {
    const rows = parseOfferUrlCsv('name,destination_url,affiliate_ids\n"Q, 1",https://q.example/,7;14').rows;
    const again = parseOfferUrlCsv(rowsToCsv(rows)).rows;
    expect(again.map(({ key: _k, ...r }) => r)).toEqual(rows.map(({ key: _k, ...r }) => r));
  });
});

describe("rows to request bodies", () => {
  it("reads affiliate IDs and yes/no, and names the cell when it cannot", () => {
    expect(parseAffiliateIds("7; 14,21 7")).toEqual({ ids: [7, 14, 21], bad: [] });
    expect(parseAffiliateIds("7 Acme")).toEqual({ ids: [7], bad: ["Acme"] });
    expect(parseYesNo("Yes")).toBe(true);
    expect(parseYesNo("")).toBe(false);
    expect(parseYesNo("maybe")).toBeNull();

    const ok = rowToInput(15, { key: "k", name: "A", destination_url: "https://a", preview_url: "", url_status: "Paused", affiliate_ids: "7 14", hidden: "y" });
    expect(ok.problems).toEqual([]);
    expect(ok.input).toMatchObject({
      network_offer_id: 15,
      url_status: "paused",
      is_apply_specific_affiliates: true,
      network_affiliate_ids: [7, 14],
      is_hidden_affiliate: true,
    });
    const everyone = rowToInput(15, { key: "k", name: "A", destination_url: "https://a", preview_url: "", url_status: "", affiliate_ids: "", hidden: "" });
    expect(everyone.input).toMatchObject({ url_status: "active", is_apply_specific_affiliates: false, network_affiliate_ids: [] });

    const bad = rowToInput(15, { key: "k", name: "A", destination_url: "https://a", preview_url: "", url_status: "", affiliate_ids: "7 Acme", hidden: "maybe" });
    expect(bad.problems.map((p) => p.field)).toEqual(["network_affiliate_ids", "is_hidden_affiliate"]);
    expect(bad.problems[0].message).toContain("“Acme”");
  });

  it("a form draft keeps the affiliates only when the URL is for specific affiliates", () => {
    const draft = { ...emptyDraft(), name: "N", destination_url: "https://d", affiliates: [{ id: 7 }, { id: 14 }] };
    expect(draftToInput(15, draft)).toMatchObject({ is_apply_specific_affiliates: false, network_affiliate_ids: [] });
    expect(draftToInput(15, { ...draft, specific: true })).toMatchObject({ is_apply_specific_affiliates: true, network_affiliate_ids: [7, 14] });
    const url = makeUrl(3, { url_status: "paused", network_affiliate_ids: [7], is_apply_specific_affiliates: true, is_hidden_affiliate: true, preview_url: "https://p" });
    expect(draftFromUrl(url)).toEqual({
      name: "URL 3",
      destination_url: url.destination_url,
      preview_url: "https://p",
      url_status: "paused",
      specific: true,
      affiliates: [{ id: 7 }],
      hidden: true,
    });
  });
});

describe("macros", () => {
  it("splits a URL into text and macros, marking names that are not usual", () => {
    expect(urlParts("https://x/?t={transaction_id}&s={sbu1}&{")).toEqual([
      { text: "https://x/?t=", macro: false },
      { text: "{transaction_id}", macro: true, name: "transaction_id", known: true },
      { text: "&s=", macro: false },
      { text: "{sbu1}", macro: true, name: "sbu1", known: false },
      { text: "&{", macro: false },
    ]);
  });
});

describe("list, filter and pages", () => {
  const urls = [makeUrl(1), makeUrl(2, { url_status: "paused" }), makeUrl(3, { url_status: "deleted" }), makeUrl(4)];
  it("counts and filters by status", () => {
    expect(statusCounts(urls)).toEqual({ all: 4, active: 2, paused: 1, deleted: 1 });
    expect(filterByStatus(urls, "active").map((u) => u.network_offer_url_id)).toEqual([1, 4]);
  });
  it("pages, clamping a page past the end", () => {
    const rows = Array.from({ length: 53 }, (_, i) => i);
    expect(pageOf(rows, 3, 25)).toEqual({ rows: [50, 51, 52], page: 3, pages: 3 });
    expect(pageOf(rows, 9, 25).page).toBe(3);
    expect(pageOf([], 1, 25)).toEqual({ rows: [], page: 1, pages: 1 });
  });
});

describe("bulk update", () => {
  it("builds the patch Everflow documents, one field each", () => {
    const patch = toOfferUrlPatch(2, [1, 8], {
      url_status: "paused",
      network_affiliate_ids: { operator: "append", affiliates: [{ id: 35, name: "X" }] },
      destination_url_replace: { find: "old.com", replace: "new.com" },
      is_hidden_affiliate: false,
    });
    expect(patch).toEqual({
      network_offer_id: 2,
      network_offer_url_ids: [1, 8],
      fields: [
        { field_type: "url_status", field_value: "paused", operator: "overwrite" },
        { field_type: "network_affiliate_ids", field_value: [35], operator: "append" },
        { field_type: "is_hidden_affiliate", field_value: false, operator: "overwrite" },
        { field_type: "destination_url_replace", field_value: { find: "old.com", replace: "new.com" }, operator: "overwrite" },
      ],
    });
    const clear = toOfferUrlPatch(2, [1], { network_affiliate_ids: { operator: "clear", affiliates: [{ id: 3 }] } });
    expect(clear.fields[0]).toEqual({ field_type: "network_affiliate_ids", field_value: [], operator: "clear" });
    expect(patchFieldErrors(patch, [{ field: "fields[3]", message: "Enter the text to find." }])).toEqual({
      destination_url_replace: "Enter the text to find.",
    });
  });

  it("says what is missing before a preview", () => {
    expect(updateGaps({})).toEqual(["Add at least one change."]);
    expect(updateGaps({ network_affiliate_ids: { operator: "append", affiliates: [] } })[0]).toMatch(/at least one affiliate/);
    expect(updateGaps({ network_affiliate_ids: { operator: "clear", affiliates: [] } })).toEqual([]);
    expect(updateGaps({ destination_url_replace: { find: "", replace: "x" } })[0]).toMatch(/text to find/);
  });
});
