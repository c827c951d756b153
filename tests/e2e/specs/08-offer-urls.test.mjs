// Offer URLs against a simulator standing in for a real account: create one for two affiliates
// (picked by name), bulk-create three from pasted CSV, pause two with the bulk update, edit one.
// Every step goes through the preview dialog, and the simulator's own state is checked after each.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { byTestId, click, fill, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

const OFFER_ID = 15; // "Streaming Service Trial - WW - CPA" in the demo data, with 3 offer URLs
let app, simulator, sim;

const urlsOfOffer = async () =>
  (await sim("GET", `/networks/offerurls?filter=network_offer_id%3D${OFFER_ID}`)).urls.sort(
    (a, b) => a.network_offer_url_id - b.network_offer_url_id,
  );
const byName = (urls, name) => urls.find((u) => u.name === name);
const row = (id) => `[data-testid="ou-row"][data-url-id="${id}"]`;

before(async () => {
  ({ app, simulator, call: sim } = await openOnSimulator("Offer URLs E2E"));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

async function rowCount() {
  return (await app.$$(byTestId("ou-row"))).length;
}

async function waitForRows(n) {
  await app.waitUntil(async () => (await rowCount()) === n, { timeout: 20_000, timeoutMsg: `the table never showed ${n} offer URLs` });
}

/** Confirms the shown plan, waits for "applied", closes the dialog. */
async function applyShownPlan(name) {
  await shown(app, byTestId("plan-preview"), 30_000);
  await screenshot(app, `${name}-preview`);
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 60_000);
  await screenshot(app, `${name}-applied`);
  await click(app, byTestId("plan-close"));
  await shown(app, byTestId("ou-flash"));
}

/** Picks an option of a search box by the id it stands for, once the search has found it. */
async function pick(searchTestId, text, id) {
  await fill(app, byTestId(searchTestId), text);
  await click(app, `${byTestId(`${searchTestId}-option`)}[data-id="${id}"]`);
}

test("offer URLs: create for two affiliates, bulk-create 3 from CSV, pause 2, edit 1; the simulator holds each change", async () => {
  const start = await urlsOfOffer();
  assert.equal(start.length, 3, "the demo offer starts with 3 offer URLs");

  // ---- choose the offer by name
  await click(app, byTestId("nav-offer-urls"));
  await shown(app, byTestId("ou-choose-offer"));
  await screenshot(app, "80-offer-urls-choose-offer");
  await pick("offer-picker", "Streaming", OFFER_ID);
  await shown(app, byTestId("ou-table"));
  await waitForRows(3);
  await textMatches(app, byTestId("ou-current-offer"), /Streaming Service Trial/);
  await screenshot(app, "81-offer-urls-table");

  // the status filter
  await click(app, byTestId("ou-status-deleted"));
  await waitForRows(1);
  await click(app, byTestId("ou-status-all"));
  await waitForRows(3);

  // ---- 1. create one offer URL for two affiliates chosen by name
  await click(app, byTestId("ou-create-open"));
  await shown(app, byTestId("ou-form"));
  await fill(app, byTestId("ou-name"), "E2E Spring Lander");
  // A broken address is named at its field before anything is sent.
  await fill(app, byTestId("ou-destination"), "reelhouse.example/spring?tid={transaction_id}");
  await textMatches(app, `[data-field="destination_url"] ${byTestId("field-error")}`, /http:\/\/ or https:\/\//);
  await fill(app, byTestId("ou-destination"), "https://reelhouse.example/spring?tid={transaction_id}&aff={affiliate_id}");
  await app.waitUntil(async () => !(await (await app.$(`[data-field="destination_url"] ${byTestId("field-error")}`)).isExisting()), {
    timeout: 10_000,
    timeoutMsg: "the destination error did not go away once the URL was fixed",
  });
  await shown(app, `${byTestId("ou-destination-preview")} [data-macro="transaction_id"]`);
  await click(app, byTestId("ou-specific-some"));
  await pick("affiliate-picker-search", "Bluewave", 1);
  await pick("affiliate-picker-search", "Northstar", 2);
  assert.equal((await app.$$(byTestId("affiliate-picker-chip"))).length, 2);
  await screenshot(app, "82-offer-url-create-form");
  await click(app, byTestId("ou-form-preview"));
  await applyShownPlan("83-offer-url-create");
  await waitForRows(4);

  const afterCreate = await urlsOfOffer();
  assert.equal(afterCreate.length, 4, "one offer URL was created");
  const created = byName(afterCreate, "E2E Spring Lander");
  assert.ok(created, "the new URL is on the simulator");
  assert.equal(created.destination_url, "https://reelhouse.example/spring?tid={transaction_id}&aff={affiliate_id}");
  assert.equal(created.is_apply_specific_affiliates, true);
  assert.deepEqual([...created.network_affiliate_ids].sort((a, b) => a - b), [1, 2]);
  assert.equal(created.url_status, "active");
  assert.equal(created.is_hidden_affiliate, false);

  // ---- 2. bulk-create three from CSV (pasted; loose header names, semicolons)
  await click(app, byTestId("ou-bulk-create-open"));
  await shown(app, byTestId("ou-bulk-create"));
  const csv = [
    "Name;Destination URL;Preview URL;Status;Affiliate IDs;Hidden",
    "E2E CSV One;https://reelhouse.example/one?tid={transaction_id};https://reelhouse.example/one;active;;no",
    "E2E CSV Two;https://reelhouse.example/two?tid={transaction_id}&s1={sub1};;active;3 4;yes",
    "E2E CSV Three;https://reelhouse.example/three?tid={transaction_id};;paused;5;no",
  ].join("\n");
  // WebDriver types "\n" as nothing: each line break is an Enter key press, as a person would type it.
  const pasteBox = await shown(app, byTestId("ou-csv-paste"));
  await pasteBox.scrollIntoView({ block: "center" });
  await pasteBox.clearValue();
  await pasteBox.addValue(csv.split("\n").join("\uE007"));
  assert.equal(await (await app.$(byTestId("ou-csv-paste"))).getValue(), csv, "the CSV went into the paste box as typed");
  await click(app, byTestId("ou-csv-add"));
  await textMatches(app, byTestId("ou-import-note"), /3 rows added/);
  assert.equal((await app.$$(byTestId("ou-bulk-row"))).length, 3);
  await screenshot(app, "84-offer-urls-bulk-create-table");
  await click(app, byTestId("ou-bulk-preview"));
  await applyShownPlan("85-offer-urls-bulk-create");
  await waitForRows(7);

  const afterBulk = await urlsOfOffer();
  assert.equal(afterBulk.length, 7, "three more offer URLs were created");
  const one = byName(afterBulk, "E2E CSV One");
  const two = byName(afterBulk, "E2E CSV Two");
  const three = byName(afterBulk, "E2E CSV Three");
  assert.ok(one && two && three, "every CSV row is on the simulator");
  assert.equal(one.preview_url, "https://reelhouse.example/one");
  assert.equal(one.is_apply_specific_affiliates, false);
  assert.equal(two.destination_url, "https://reelhouse.example/two?tid={transaction_id}&s1={sub1}");
  assert.deepEqual([...two.network_affiliate_ids].sort((a, b) => a - b), [3, 4]);
  assert.equal(two.is_apply_specific_affiliates, true);
  assert.equal(two.is_hidden_affiliate, true);
  assert.equal(three.url_status, "paused");
  assert.deepEqual(three.network_affiliate_ids, [5]);
  assert.deepEqual(byName(afterBulk, "E2E Spring Lander"), created, "the URL created before is untouched");

  // ---- 3. pause two with the bulk update
  for (const id of [one.network_offer_url_id, two.network_offer_url_id]) await click(app, `${row(id)} ${byTestId("ou-row-select")}`);
  await textMatches(app, byTestId("ou-selected-count"), /2 selected/);
  await click(app, byTestId("ou-bulk-update-open"));
  await shown(app, byTestId("ou-bulk-update"));
  await (await shown(app, byTestId("ou-update-picker"))).selectByAttribute("value", "url_status");
  await (await shown(app, byTestId("ou-update-value-url_status"))).selectByAttribute("value", "paused");
  await screenshot(app, "86-offer-urls-bulk-update");
  await click(app, byTestId("ou-update-preview"));
  await shown(app, byTestId("plan-preview"), 30_000);
  assert.equal((await app.$$(byTestId("plan-row"))).length, 2, "the preview shows the two URLs");
  await applyShownPlan("87-offer-urls-bulk-update");

  const afterPause = await urlsOfOffer();
  const status = (name) => byName(afterPause, name).url_status;
  assert.equal(status("E2E CSV One"), "paused");
  assert.equal(status("E2E CSV Two"), "paused");
  assert.equal(status("E2E Spring Lander"), "active", "an unselected URL keeps its status");
  for (const before of start) {
    assert.deepEqual(byName(afterPause, before.name), before, `the demo URL "${before.name}" is untouched`);
  }
  await click(app, byTestId("ou-status-paused"));
  await waitForRows(2 + 1 + start.filter((u) => u.url_status === "paused").length);
  await screenshot(app, "88-offer-urls-paused-filter");
  await click(app, byTestId("ou-status-all"));

  // ---- 4. edit one: from a fresh copy, every other field kept
  await click(app, `${row(created.network_offer_url_id)} ${byTestId("ou-row-name")}`);
  await shown(app, byTestId("ou-detail"));
  await textMatches(app, byTestId("ou-detail-applies"), /2 affiliates/);
  await screenshot(app, "89-offer-url-detail");
  await click(app, byTestId("ou-detail-edit"));
  await shown(app, byTestId("ou-form"));
  assert.equal(await (await app.$(byTestId("ou-name"))).getValue(), "E2E Spring Lander");
  await fill(app, byTestId("ou-name"), "E2E Spring Lander v2");
  await fill(app, byTestId("ou-destination"), "https://reelhouse.example/spring-v2?tid={transaction_id}&aff={affiliate_id}");
  await screenshot(app, "90-offer-url-edit-form");
  await click(app, byTestId("ou-form-preview"));
  await applyShownPlan("91-offer-url-edit");
  await textMatches(app, byTestId("ou-flash"), /was saved/);

  const afterEdit = await urlsOfOffer();
  assert.equal(afterEdit.length, 7, "an edit creates nothing");
  const edited = afterEdit.find((u) => u.network_offer_url_id === created.network_offer_url_id);
  assert.equal(edited.name, "E2E Spring Lander v2");
  assert.equal(edited.destination_url, "https://reelhouse.example/spring-v2?tid={transaction_id}&aff={affiliate_id}");
  assert.equal(edited.is_apply_specific_affiliates, true, "the affiliates the URL applies to are kept");
  assert.deepEqual([...edited.network_affiliate_ids].sort((a, b) => a - b), [1, 2]);
  assert.equal(edited.url_status, "active");
  assert.equal(edited.is_hidden_affiliate, false);
  assert.equal(edited.time_created, created.time_created);
  for (const other of afterPause.filter((u) => u.network_offer_url_id !== created.network_offer_url_id)) {
    assert.deepEqual(afterEdit.find((u) => u.network_offer_url_id === other.network_offer_url_id), other, `"${other.name}" is untouched by the edit`);
  }
  await textMatches(app, `${row(created.network_offer_url_id)} ${byTestId("ou-row-name")}`, /E2E Spring Lander v2/);
  await screenshot(app, "92-offer-urls-after-edit");
});

test("a find/replace in destination URLs is previewed with the changed parts marked, and the simulator then holds exactly the previewed URLs", async () => {
  const MEAL_KIT = 2; // its URLs point at obsolete-domain.com, one of them twice
  const listOf = async () => (await sim("GET", `/networks/offerurls?filter=network_offer_id%3D${MEAL_KIT}`)).urls;
  const before = await listOf();
  assert.ok(before.length >= 3 && before.every((u) => u.destination_url.includes("obsolete-domain.com")));

  await pick("offer-picker", "Meal Kit", MEAL_KIT);
  await textMatches(app, byTestId("ou-current-offer"), /Meal Kit/);
  await waitForRows(before.length);
  await click(app, byTestId("ou-select-all"));
  await click(app, byTestId("ou-bulk-update-open"));
  await shown(app, byTestId("ou-bulk-update"));
  await (await shown(app, byTestId("ou-update-picker"))).selectByAttribute("value", "destination_url_replace");
  await fill(app, byTestId("ou-update-find"), "obsolete-domain.com");
  await fill(app, byTestId("ou-update-replace"), "greenplate.example");
  await click(app, byTestId("ou-update-preview"));
  await shown(app, byTestId("plan-preview"), 30_000);

  // What the preview says each URL becomes, and the marks on the replaced parts.
  const previewed = new Map();
  for (const r of await app.$$(byTestId("plan-row"))) {
    const id = Number(await r.getAttribute("data-record"));
    const change = await (await r.$(byTestId("plan-row-change"))).getText();
    previewed.set(id, change.split(" → ")[1].trim());
  }
  assert.equal(previewed.size, before.length);
  const occurrences = before.reduce((n, u) => n + u.destination_url.split("obsolete-domain.com").length - 1, 0);
  assert.equal((await app.$$(byTestId("plan-mark-before"))).length, occurrences, "every occurrence is marked before");
  assert.equal((await app.$$(byTestId("plan-mark-after"))).length, occurrences, "and its replacement after");
  await screenshot(app, "93-offer-urls-find-replace-preview");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 60_000);
  await click(app, byTestId("plan-close"));

  const after = await listOf();
  for (const url of after) {
    assert.equal(url.destination_url, previewed.get(url.network_offer_url_id), `"${url.name}" holds the previewed URL`);
    const was = before.find((u) => u.network_offer_url_id === url.network_offer_url_id);
    assert.deepEqual({ ...url, destination_url: was.destination_url, time_saved: was.time_saved }, was, `only the destination of "${url.name}" changed`);
  }
});
