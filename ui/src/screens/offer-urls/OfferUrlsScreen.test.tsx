import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { FieldError, OfferUrl, OfferUrlInput, OfferUrlPatch, Plan } from "../../api";
import { commandError, installBackend, type Args, type FakeBackend } from "../../test/backend";
import { makePlan } from "../../test/plans";
import { renderApp } from "../../test/render";
import { makeUrl } from "./model.test";

const OFFERS = [
  { network_offer_id: 15, network_id: 1, name: "Reelhouse Streaming", offer_status: "active", visibility: "public", time_created: 0, time_saved: 0 },
  { network_offer_id: 16, network_id: 1, name: "Thermly Smart Thermostat", offer_status: "active", visibility: "public", time_created: 0, time_saved: 0 },
];

/** The Rust rules the UI relies on, enough of them to see errors land at their fields. */
function validate(input: OfferUrlInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ field: "name", message: "Name is required." });
  if (!input.destination_url.trim()) errors.push({ field: "destination_url", message: "Destination URL is required." });
  else if (!/^https?:\/\/[^\s/]+/.test(input.destination_url)) {
    errors.push({ field: "destination_url", message: "Enter a full web address starting with http:// or https://." });
  }
  if (input.url_status && !["active", "paused", "deleted"].includes(input.url_status)) {
    errors.push({ field: "url_status", message: `Status must be active, paused or deleted, not "${input.url_status}".` });
  }
  if (input.is_apply_specific_affiliates && (input.network_affiliate_ids ?? []).length === 0) {
    errors.push({ field: "network_affiliate_ids", message: "Choose the affiliates this URL applies to." });
  }
  return errors;
}

interface Store {
  urls: OfferUrl[];
  plans: Map<string, () => void>;
}

function setup(extra?: (b: FakeBackend, store: Store) => void) {
  const store: Store = {
    urls: [
      makeUrl(1, { name: "Holiday Promo" }),
      makeUrl(2, { name: "Old Promo", url_status: "deleted" }),
      makeUrl(3, { name: "Partner Exclusive", is_apply_specific_affiliates: true, network_affiliate_ids: [1000, 1001], is_hidden_affiliate: true }),
      makeUrl(9, { name: "Elsewhere", network_offer_id: 16 }),
    ],
    plans: new Map(),
  };
  let next = 1;
  const keep = (plan: Plan, b: FakeBackend, apply: () => void) => {
    b.plans.plans.set(plan.plan_id, plan);
    store.plans.set(plan.plan_id, apply);
    return plan;
  };
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    b.overrides.offers_table = (args: Args) => {
      const term = ((args.request as { search_terms: { value: string }[] }).search_terms[0]?.value ?? "").toLowerCase();
      return { offers: OFFERS.filter((o) => o.name.toLowerCase().includes(term)), paging: null };
    };
    b.overrides.offer_urls = (args: Args) => {
      const filter = (args.filters as { field: string; value: string }[]).find((f) => f.field === "network_offer_id");
      return { urls: store.urls.filter((u) => String(u.network_offer_id) === filter?.value) };
    };
    b.overrides.offer_url = (args: Args) => {
      const url = store.urls.find((u) => u.network_offer_url_id === args.offerUrlId);
      if (!url) throw commandError({ code: "not_found", message: "Everflow has no offer URL with this ID." });
      return url;
    };
    b.overrides.validate_offer_url = (args: Args) => validate(args.input as OfferUrlInput);
    b.overrides.plan_offer_url_create = (args: Args, fb) => {
      const inputs = args.inputs as OfferUrlInput[];
      const plan = makePlan({
        plan_id: `create-${next++}`,
        kind: "offer_url_create",
        description: `Create ${inputs.length} offer URLs`,
        noun: "offer URL",
        noun_plural: "offer URLs",
        rows: inputs.map((input, i) => ({ record_id: i + 1, name: input.name, field_type: "name", field_label: "Name", before: null, after: input.name, status: "ok" })),
      });
      return keep(plan, fb, () => {
        for (const input of inputs) {
          const id = Math.max(...store.urls.map((u) => u.network_offer_url_id)) + 1;
          store.urls.push(makeUrl(id, { ...input, network_affiliate_ids: input.network_affiliate_ids ?? [] } as Partial<OfferUrl>));
        }
      });
    };
    b.overrides.plan_offer_url_edit = (args: Args, fb) => {
      const input = args.input as OfferUrlInput;
      const id = args.offerUrlId as number;
      const plan = makePlan({
        plan_id: `edit-${next++}`,
        kind: "offer_url_edit",
        description: `Save ${input.name}`,
        rows: [{ record_id: id, name: input.name, field_type: "name", field_label: "Name", before: "x", after: input.name, status: "ok" }],
      });
      return keep(plan, fb, () => {
        store.urls = store.urls.map((u) => (u.network_offer_url_id === id ? { ...u, ...input } as OfferUrl : u));
      });
    };
    b.overrides.plan_offer_url_update = (args: Args, fb) => {
      const patch = args.patch as OfferUrlPatch;
      const plan = makePlan({
        plan_id: `update-${next++}`,
        kind: "offer_url_update",
        description: `Change ${patch.network_offer_url_ids.length} offer URLs`,
        rows: patch.network_offer_url_ids.map((id) => ({ record_id: id, name: `URL ${id}`, field_type: "url_status", field_label: "Status", before: "active", after: "paused", status: "ok" })),
      });
      return keep(plan, fb, () => {
        const status = patch.fields.find((f) => f.field_type === "url_status")?.field_value as string | undefined;
        store.urls = store.urls.map((u) => (patch.network_offer_url_ids.includes(u.network_offer_url_id) && status ? { ...u, url_status: status } : u));
      });
    };
    b.overrides.apply_plan = (args: Args, fb) => {
      store.plans.get(args.planId as string)?.();
      return fb.plans.handle("apply_plan", args, fb);
    };
    b.overrides.affiliate = (args: Args, fb) => {
      const row = fb.affiliates.find((a) => a.network_affiliate_id === args.affiliateId);
      if (!row) throw commandError({ code: "not_found", message: "No affiliate" });
      return { network_affiliate_id: row.network_affiliate_id, name: row.name };
    };
    extra?.(b, store);
  });
  return { backend, store };
}

async function openScreen(chooseOffer = true) {
  const r = renderApp();
  await r.user.click(await screen.findByTestId("nav-offer-urls"));
  if (chooseOffer) {
    await r.user.type(await screen.findByTestId("offer-picker"), "reel");
    await r.user.click(await screen.findByText("Reelhouse Streaming"));
    await screen.findByTestId("ou-table");
  }
  return r;
}

const rowIds = () => screen.getAllByTestId("ou-row").map((r) => Number(r.getAttribute("data-url-id")));

beforeEach(() => {
  window.localStorage.clear();
  window.sessionStorage.clear();
});

describe("Offer URLs screen", () => {
  it("asks for an offer first, then lists its URLs with status filter counts, and remembers the offer", async () => {
    setup();
    const { user, unmount } = await openScreen(false);
    expect(await screen.findByTestId("ou-choose-offer")).toBeInTheDocument();
    await user.type(screen.getByTestId("offer-picker"), "reel");
    await waitFor(() => expect(screen.getAllByTestId("offer-picker-option")).toHaveLength(1));
    await user.keyboard("{Enter}");
    await screen.findByTestId("ou-table");
    expect(screen.getByTestId("ou-current-offer")).toHaveTextContent("Reelhouse Streaming");
    expect(rowIds()).toEqual([1, 2, 3]);
    expect(screen.getByTestId("ou-status-all")).toHaveTextContent("3");
    expect(screen.getByTestId("ou-status-deleted")).toHaveTextContent("1");

    await user.click(screen.getByTestId("ou-status-active"));
    expect(rowIds()).toEqual([1, 3]);
    await user.click(screen.getByTestId("ou-status-paused"));
    expect(screen.getByTestId("ou-empty-filter")).toHaveTextContent("No paused offer URLs");

    unmount();
    await openScreen(false);
    expect(await screen.findByTestId("ou-table")).toBeInTheDocument();
    expect(screen.getByTestId("ou-current-offer")).toHaveAttribute("data-offer-id", "15");
  });

  it("accepts a typed offer ID, and pages long lists on the client", async () => {
    setup((_b, store) => {
      store.urls = Array.from({ length: 30 }, (_, i) => makeUrl(100 + i, { network_offer_id: 77 }));
    });
    const { user } = await openScreen(false);
    await user.type(await screen.findByTestId("offer-picker"), "77{Enter}");
    await screen.findByTestId("ou-table");
    expect(screen.getByTestId("ou-current-offer")).toHaveTextContent("Offer #77");
    expect(screen.getAllByTestId("ou-row")).toHaveLength(25);
    expect(screen.getByTestId("ou-range")).toHaveTextContent("Showing 1–25 of 30 URLs");
    await user.click(screen.getByTestId("ou-next"));
    expect(rowIds()).toEqual([125, 126, 127, 128, 129]);
    expect(screen.getByTestId("ou-next")).toBeDisabled();
  });

  it("shows one URL's detail with affiliate names, keyboard included", async () => {
    setup();
    const { user } = await openScreen();
    const row = screen.getAllByTestId("ou-row")[2];
    row.focus();
    await user.keyboard("{Enter}");
    const detail = await screen.findByTestId("ou-detail");
    expect(within(detail).getByTestId("ou-detail-applies")).toHaveTextContent("2 affiliates");
    await waitFor(() => expect(within(detail).getByTestId("ou-detail-affiliates")).toHaveTextContent("Partner 001 (#1000)"));
    expect(within(detail).getAllByTestId("macro")[0]).toHaveTextContent("{transaction_id}");
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("ou-detail")).not.toBeInTheDocument();
  });

  it("creates one URL for two affiliates: errors live at the field, macros highlighted, then one plan", async () => {
    const { backend, store } = setup();
    const { user } = await openScreen();
    await user.click(screen.getByTestId("ou-create-open"));
    const form = await screen.findByTestId("ou-form");
    await user.type(within(form).getByTestId("ou-name"), "Spring Lander");
    await user.type(within(form).getByTestId("ou-destination"), "landing{{transaction_id}");
    await waitFor(() => expect(form.querySelector('[data-field="destination_url"] [data-testid="field-error"]')).toHaveTextContent(/http:\/\/ or https:\/\//), {
      timeout: 2000,
    });
    expect(screen.getByTestId("ou-destination-preview").querySelector('[data-macro="transaction_id"]')).not.toBeNull();
    await user.clear(within(form).getByTestId("ou-destination"));
    await user.type(within(form).getByTestId("ou-destination"), "https://spring.example/?tid={{transaction_id}&a={{affiliate_id}");
    await waitFor(() => expect(form.querySelector('[data-field="destination_url"] [data-testid="field-error"]')).toBeNull(), { timeout: 2000 });

    // Specific affiliates with none chosen: the preview is refused at the field.
    await user.click(within(form).getByTestId("ou-specific-some"));
    await user.click(within(form).getByTestId("ou-form-preview"));
    await waitFor(() => expect(form.querySelector('[data-field="network_affiliate_ids"] [data-testid="field-error"]')).toHaveTextContent(/Choose the affiliates/));
    expect(backend.callsOf("plan_offer_url_create")).toHaveLength(0);

    const search = within(form).getByTestId("affiliate-picker-search");
    await user.type(search, "Partner 001");
    await user.click(await screen.findByText("Partner 001"));
    await user.type(search, "1004");
    await user.keyboard("{Enter}");
    expect(within(form).getAllByTestId("affiliate-picker-chip").map((c) => c.getAttribute("data-id"))).toEqual(["1000", "1004"]);

    await user.click(within(form).getByTestId("ou-form-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_offer_url_create")[0].inputs).toEqual([
      {
        network_offer_id: 15,
        name: "Spring Lander",
        destination_url: "https://spring.example/?tid={transaction_id}&a={affiliate_id}",
        preview_url: "",
        url_status: "active",
        is_apply_specific_affiliates: true,
        network_affiliate_ids: [1000, 1004],
        is_hidden_affiliate: false,
      },
    ]);
    await user.click(screen.getByTestId("plan-apply"));
    await screen.findByTestId("plan-report");
    await user.click(screen.getByTestId("plan-close"));
    expect(await screen.findByTestId("ou-flash")).toHaveTextContent("“Spring Lander” was created");
    await waitFor(() => expect(rowIds()).toContain(10));
    expect(store.urls.find((u) => u.name === "Spring Lander")?.network_affiliate_ids).toEqual([1000, 1004]);

    // The draft was used: a new form starts empty.
    await user.click(screen.getByTestId("ou-create-open"));
    expect(await screen.findByTestId("ou-name")).toHaveValue("");
  });

  it("keeps what was typed in the form when the user leaves and comes back", async () => {
    setup();
    const { user } = await openScreen();
    await user.click(screen.getByTestId("ou-create-open"));
    await user.type(await screen.findByTestId("ou-name"), "Half done");
    await user.click(screen.getByTestId("nav-affiliates"));
    await user.click(await screen.findByTestId("nav-offer-urls"));
    await user.click(await screen.findByTestId("ou-create-open"));
    expect(await screen.findByTestId("ou-name")).toHaveValue("Half done");
  });

  it("bulk-creates from pasted CSV: every row checked, errors per cell, one plan with every row", async () => {
    const { backend } = setup();
    const { user } = await openScreen();
    await user.click(screen.getByTestId("ou-bulk-create-open"));
    const csv = [
      "Name;Destination URL;Status;Affiliate IDs;Hidden",
      "One;https://one.example/?tid={transaction_id};active;;no",
      "Two;two.example;paused;1000 Acme;yes",
      "Three;https://three.example/?tid={transaction_id};active;1001;",
    ].join("\n");
    const paste = screen.getByTestId("ou-csv-paste");
    await user.click(paste);
    await user.paste(csv);
    await user.click(screen.getByTestId("ou-csv-add"));
    expect(screen.getByTestId("ou-import-note")).toHaveTextContent("3 rows added");
    const rows = screen.getAllByTestId("ou-bulk-row");
    expect(rows).toHaveLength(3);

    await waitFor(() => expect(within(rows[1]).getAllByTestId("ou-cell-error")).toHaveLength(2), { timeout: 2000 });
    expect(within(rows[1]).getAllByTestId("ou-cell-error").map((e) => e.textContent)).toEqual([
      "Enter a full web address starting with http:// or https://.",
      expect.stringContaining("“Acme” is not an affiliate ID"),
    ]);
    await user.click(screen.getByTestId("ou-bulk-preview"));
    expect(await screen.findByTestId("ou-bulk-problems")).toHaveTextContent("row 2");
    expect(backend.callsOf("plan_offer_url_create")).toHaveLength(0);

    const destination = within(rows[1]).getByTestId("ou-cell-destination_url");
    await user.clear(destination);
    await user.type(destination, "https://two.example/?tid={{transaction_id}");
    const ids = within(rows[1]).getByTestId("ou-cell-affiliate_ids");
    await user.clear(ids);
    await user.type(ids, "1000;1002");
    await waitFor(() => expect(within(rows[1]).queryAllByTestId("ou-cell-error")).toHaveLength(0), { timeout: 2000 });

    await user.click(screen.getByTestId("ou-bulk-preview"));
    await screen.findByTestId("plan-preview");
    const inputs = backend.callsOf("plan_offer_url_create")[0].inputs as OfferUrlInput[];
    expect(inputs.map((i) => [i.name, i.url_status, i.network_affiliate_ids, i.is_hidden_affiliate])).toEqual([
      ["One", "active", [], false],
      ["Two", "paused", [1000, 1002], true],
      ["Three", "active", [1001], false],
    ]);
    await user.click(screen.getByTestId("plan-apply"));
    await screen.findByTestId("plan-report");
    await user.click(screen.getByTestId("plan-close"));
    expect(await screen.findByTestId("ou-flash")).toHaveTextContent("3 offer URLs were created");
  });

  it("pauses the selected URLs through the bulk update preview", async () => {
    const { backend, store } = setup();
    const { user } = await openScreen();
    const [one, , three] = screen.getAllByTestId("ou-row");
    await user.click(within(one).getByTestId("ou-row-select"));
    three.focus();
    await user.keyboard(" ");
    expect(screen.getByTestId("ou-selected-count")).toHaveTextContent("2 selected");
    await user.click(screen.getByTestId("ou-bulk-update-open"));
    const panel = await screen.findByTestId("ou-bulk-update");
    await user.selectOptions(within(panel).getByTestId("ou-update-picker"), "url_status");
    await user.selectOptions(within(panel).getByTestId("ou-update-value-url_status"), "paused");
    await user.selectOptions(within(panel).getByTestId("ou-update-picker"), "destination_url_replace");
    await user.click(within(panel).getByTestId("ou-update-preview"));
    expect(await within(panel).findByTestId("ou-update-gaps")).toHaveTextContent("text to find");
    await user.click(within(panel).getByTestId("ou-update-remove-destination_url_replace"));
    await user.click(within(panel).getByTestId("ou-update-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_offer_url_update")[0].patch).toEqual({
      network_offer_id: 15,
      network_offer_url_ids: [1, 3],
      fields: [{ field_type: "url_status", field_value: "paused", operator: "overwrite" }],
    });
    await user.click(screen.getByTestId("plan-apply"));
    await screen.findByTestId("plan-report");
    await user.click(screen.getByTestId("plan-close"));
    expect(await screen.findByTestId("ou-flash")).toHaveTextContent("2 offer URLs were changed");
    expect(screen.queryByTestId("ou-selection-bar")).not.toBeInTheDocument();
    expect(store.urls.filter((u) => u.url_status === "paused").map((u) => u.network_offer_url_id)).toEqual([1, 3]);
    await waitFor(() => expect(screen.getByTestId("ou-status-paused")).toHaveTextContent("2"));
  });

  it("edits one URL from a fresh copy and previews the whole-record save", async () => {
    const { backend } = setup();
    const { user } = await openScreen();
    await user.click(screen.getAllByTestId("ou-row")[2]);
    await user.click(await screen.findByTestId("ou-detail-edit"));
    const form = await screen.findByTestId("ou-form");
    expect(within(form).getByTestId("ou-name")).toHaveValue("Partner Exclusive");
    expect(within(form).getByTestId("ou-hidden")).toBeChecked();
    expect(within(form).getByTestId("ou-specific-some")).toBeChecked();
    const fetches = backend.callsOf("offer_url").length;
    expect(fetches).toBeGreaterThanOrEqual(2); // the detail's, then a fresh one for the form
    await user.clear(within(form).getByTestId("ou-name"));
    await user.type(within(form).getByTestId("ou-name"), "Partner Exclusive v2");
    await user.selectOptions(within(form).getByTestId("ou-status"), "paused");
    await user.click(within(form).getByTestId("ou-form-preview"));
    await screen.findByTestId("plan-preview");
    const call = backend.callsOf("plan_offer_url_edit")[0];
    expect(call.offerUrlId).toBe(3);
    expect(call.input).toMatchObject({
      name: "Partner Exclusive v2",
      url_status: "paused",
      is_apply_specific_affiliates: true,
      network_affiliate_ids: [1000, 1001],
      is_hidden_affiliate: true,
    });
    await user.click(screen.getByTestId("plan-apply"));
    await screen.findByTestId("plan-report");
    await user.click(screen.getByTestId("plan-close"));
    expect(await screen.findByTestId("ou-flash")).toHaveTextContent("“Partner Exclusive v2” was saved");
  });

  it("explains a failed load with a retry", async () => {
    setup((b) => {
      b.overrides.offer_urls = () => {
        throw commandError({ code: "network", message: "Everflow could not be reached." });
      };
    });
    const { user } = await openScreen(false);
    await user.type(await screen.findByTestId("offer-picker"), "15{Enter}");
    expect(await screen.findByTestId("error-notice")).toHaveTextContent("Everflow could not be reached.");
  });
});
