// A key that may not read employees, affiliate tiers or offers (the simulator answers 403 there):
// the wizard names those lists and why, and a partner is still created with an account manager
// taken from the affiliates the app already loaded; the offer URL screen works by typing an offer
// id; the key check in Settings lists exactly the refused areas.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  byTestId,
  card,
  click,
  fill,
  formField,
  goToSettings,
  openOnSimulator,
  quitApp,
  screenshot,
  shown,
  textMatches,
} from "../harness.mjs";

const REFUSED = ["employees", "tiers", "offers"];
const OFFER_ID = 15; // "Streaming Service Trial - WW - CPA" in the demo data, with 3 offer URLs
const PROFILE = "Restricted key E2E";
let app, simulator, sim;

before(async () => {
  ({ app, simulator, call: sim } = await openOnSimulator(PROFILE, ["--deny", REFUSED.join(",")]));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

test("the simulator refuses the chosen areas to this key", async () => {
  await assert.rejects(sim("GET", "/networks/employees"), /403/);
  await assert.rejects(sim("GET", "/networks/affiliatetiers"), /403/);
  await assert.rejects(sim("POST", "/networks/offerstable?page=1&page_size=1", {}), /403/);
  assert.ok((await sim("GET", "/networks/trafficsource")).traffic_sources.length > 0);
});

test("the first open of the profile runs its key check by itself", async () => {
  // Nobody pressed Test key: opening the profile for the first time checked it in the background.
  const refused = await app.waitUntil(
    async () =>
      app.execute(async (name) => {
        const profiles = await window.__TAURI_INTERNALS__.invoke("list_profiles");
        const mine = profiles.find((profile) => profile.name === name);
        const check = await window.__TAURI_INTERNALS__.invoke("key_check", { id: mine.id });
        return check ? check.items.filter((item) => item.access === "refused").map((item) => item.area) : null;
      }, PROFILE),
    { timeout: 30_000, timeoutMsg: "no key check was kept after the first open" },
  );
  assert.deepEqual([...refused].sort(), [...REFUSED].sort());
});

test("onboarding names the refused lists and creates a partner with a manager known from the affiliates", async () => {
  await click(app, byTestId("nav-onboard"));
  const failures = await textMatches(app, byTestId("lookup-failures"), /2 lists for this form could not be read/, 30_000);
  assert.match(failures, /This key may not read employees; ask your Everflow admin to allow it, or use another key\./);
  assert.match(failures, /This key may not read affiliate tiers;/);
  assert.doesNotMatch(failures, /deleted/i);
  await screenshot(app, "100-restricted-onboard-lists-named");

  const name = `Restricted Media ${Date.now()}`;
  await click(app, byTestId("start-new"));
  await fill(app, formField("name"), name);
  await textMatches(app, byTestId("f-network_employee_id-unavailable"), /This key may not read employees/);
  // The managers offered are those named on the affiliates' rows.
  const manager = await shown(app, formField("network_employee_id"));
  await app.waitUntil(async () => (await manager.$$("option")).length > 1, {
    timeout: 20_000,
    timeoutMsg: "no account manager was offered from the affiliates",
  });
  await manager.selectByIndex(1);
  const managerId = Number(await manager.getValue());
  assert.ok(managerId > 0, "a manager id was chosen");
  const known = sim("POST", "/networks/affiliatestable?page=1&page_size=500", {});
  assert.ok((await known).affiliates.some((row) => row.account_manager_id === managerId), "the manager manages some affiliate");
  await shown(app, byTestId("f-network_affiliate_tier_id-typed"));
  await screenshot(app, "101-restricted-wizard-general");
  await click(app, byTestId("wizard-next"));

  await fill(app, formField("users[0].first_name"), "Kim");
  await fill(app, formField("users[0].last_name"), "Restricted");
  await fill(app, formField("users[0].email"), `kim.${Date.now()}@restricted.example`);
  await click(app, byTestId("wizard-next"));

  await (await shown(app, formField("billing.billing_frequency"))).selectByAttribute("value", "monthly");
  await (await shown(app, formField("billing.details.day_of_month"))).selectByAttribute("value", "15");
  await click(app, byTestId("wizard-next"));

  await (await shown(app, formField("billing.payment_type"))).selectByAttribute("value", "paypal");
  await (await shown(app, formField("billing.billing.paypal_reception_method"))).selectByAttribute("value", "email");
  await fill(app, formField("billing.billing.reception_identifier"), "pay@restricted.example");
  await click(app, byTestId("wizard-next"));

  await shown(app, byTestId("review"));
  // The manager chosen without the employees list is shown by the name the affiliates gave it.
  await textMatches(app, byTestId("review-general"), new RegExp(`\\(#${managerId}\\)`));
  await screenshot(app, "102-restricted-wizard-review");
  await click(app, byTestId("wizard-create"));
  // The create is a plan like every write: previewed, then applied by id.
  await textMatches(app, byTestId("plan-preview"), new RegExp(name), 30_000);
  await screenshot(app, "102b-restricted-create-plan");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  const success = await textMatches(app, byTestId("wizard-success"), /was created/, 30_000);
  await screenshot(app, "103-restricted-wizard-created");
  const id = Number(success.match(/#(\d+)/)?.[1]);
  assert.ok(id > 0, `the success panel names the new id: ${success}`);

  const created = await sim("GET", `/networks/affiliates/${id}`);
  assert.equal(created.name, name);
  assert.equal(created.network_employee_id, managerId, "the simulator holds the chosen account manager");
});

test("the offer URL screen works by typing an offer id when offers cannot be listed", async () => {
  await click(app, byTestId("nav-offer-urls"));
  await shown(app, byTestId("ou-choose-offer"));
  await fill(app, byTestId("offer-picker"), String(OFFER_ID));
  await textMatches(app, byTestId("offer-picker-options"), /Offers could not be searched\. This key may not read offers/);
  await screenshot(app, "104-restricted-offer-picker-typed-id");
  await click(app, `${byTestId("offer-picker-option")}[data-id="${OFFER_ID}"]`);
  await shown(app, byTestId("ou-table"));
  await app.waitUntil(async () => (await app.$$(byTestId("ou-row"))).length === 3, {
    timeout: 20_000,
    timeoutMsg: "the offer's 3 URLs were never listed",
  });
  const current = await app.$(byTestId("ou-current-offer"));
  assert.equal(await current.getAttribute("data-offer-id"), String(OFFER_ID));
  await screenshot(app, "105-restricted-offer-urls-by-id");
});

test("the key check lists exactly the refused areas", async () => {
  await goToSettings(app);
  await click(app, `${card(PROFILE)} ${byTestId("test-key")}`);
  await shown(app, `${card(PROFILE)} ${byTestId("key-check")}`, 30_000);
  const items = await app.$$(`${card(PROFILE)} ${byTestId("key-check-item")}`);
  const refused = [];
  for (const item of items) {
    if ((await item.getAttribute("data-access")) === "refused") refused.push(await item.getAttribute("data-area"));
  }
  assert.deepEqual(refused.sort(), [...REFUSED].sort());
  assert.equal(items.length, 12, "every area a network key uses is listed");
  await textMatches(app, `${card(PROFILE)} ${byTestId("key-check")}`, /This key cannot read 3 of 12 areas/);
  await (await app.$(`${card(PROFILE)} ${byTestId("key-check")}`)).scrollIntoView({ block: "center" });
  await screenshot(app, "106-restricted-key-check");
});
