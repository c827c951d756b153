// Affiliates against a simulator standing in for a real account: filters and load-all, the
// onboarding wizard, editing one affiliate, CSV onboarding, and drafts across a restart. Every
// write is checked on the simulator itself.

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  byTestId,
  click,
  fill,
  formField,
  launchApp,
  openOnSimulator,
  quitApp,
  screenshot,
  shown,
  textMatches,
} from "../harness.mjs";

/** The app, its simulator, and a direct call to the simulator: set up in `before`. */
let app, simulator, sim;

/**
 * Gives a file to a file input. The app styles its input invisible behind a button, and WebDriver
 * only types into visible inputs, so the test shows it first (what the native picker would do).
 */
async function chooseFile(selector, path) {
  const input = await app.$(selector);
  await app.execute((element) => {
    element.classList.remove("visually-hidden");
    element.style.display = "block";
  }, input);
  await input.setValue(path);
}

/** The affiliates table with an empty search box (the screen remembers the last search). */
async function openAffiliates() {
  await click(app, byTestId("nav-affiliates"));
  const search = await click(app, byTestId("affiliate-search"));
  if ((await search.getValue()) !== "") {
    await app.keys(["Control", "a"]);
    await app.keys("Backspace");
  }
  await app.waitUntil(async () => (await app.$$(byTestId("affiliate-row"))).length > 1, {
    timeout: 30_000,
    timeoutMsg: "the unfiltered table did not come back",
  });
}

before(async () => {
  ({ app, simulator, call: sim } = await openOnSimulator("Affiliates E2E"));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

test("a filter narrows the table to what Everflow returns, and load-all gets every match", async () => {
  const expected = await sim("POST", "/networks/affiliatestable?page=1&page_size=1", { filters: { account_status: "active" } });
  const total = expected.paging.total_count;

  await click(app, byTestId("filters-toggle"));
  const status = await shown(app, byTestId("filter-account-status"));
  await status.selectByAttribute("value", "active");
  await textMatches(app, byTestId("affiliates-range"), new RegExp(`of ${total}\\b`));
  await shown(app, byTestId("filter-chips"));
  const statuses = await app.$$(`${byTestId("affiliate-row")}`).map((row) => row.getText());
  assert.ok(statuses.length > 0 && statuses.every((text) => /Active/.test(text)), "every row shown is active");
  await screenshot(app, "10-affiliates-filtered");

  await click(app, byTestId("load-all"));
  await textMatches(app, byTestId("load-all-done"), new RegExp(`${total}`), 30_000);
  await screenshot(app, "11-affiliates-all-loaded");
});

test("onboarding through the wizard (wire payment, twice-a-month billing) creates the affiliate, found in the table", async () => {
  const name = `Wizard Media ${Date.now()}`;
  await click(app, byTestId("nav-onboard"));
  await click(app, byTestId("start-new"));
  await fill(app, formField("name"), name);
  const manager = await shown(app, formField("network_employee_id"));
  await manager.selectByIndex(1);
  await screenshot(app, "12-wizard-general");
  await click(app, byTestId("wizard-next"));

  await fill(app, formField("users[0].first_name"), "Robin");
  await fill(app, formField("users[0].last_name"), "Park");
  await fill(app, formField("users[0].email"), `robin.${Date.now()}@wizard.example`);
  await screenshot(app, "13-wizard-users");
  await click(app, byTestId("wizard-next"));

  await (await shown(app, formField("billing.billing_frequency"))).selectByAttribute("value", "bimonthly");
  await (await shown(app, formField("billing.details.day_of_month_one"))).selectByAttribute("value", "1");
  await (await shown(app, formField("billing.details.day_of_month_two"))).selectByAttribute("value", "16");
  await screenshot(app, "14-wizard-schedule");
  await click(app, byTestId("wizard-next"));

  await (await shown(app, formField("billing.payment_type"))).selectByAttribute("value", "wire");
  const bank = {
    bank_name: "First Harbor Bank",
    bank_address: "1 Quay Street, Boston",
    account_name: "Wizard Media LLC",
    account_number: "000123456789",
    routing_number: "011000015",
    swift_code: "FHBKUS33",
  };
  for (const [field, value] of Object.entries(bank)) await fill(app, formField(`billing.billing.${field}`), value);
  await screenshot(app, "15-wizard-payment");
  await click(app, byTestId("wizard-next"));

  await shown(app, byTestId("review"));
  await screenshot(app, "16-wizard-review");
  await click(app, byTestId("wizard-create"));
  // The create is a plan like every write: previewed in the plan dialog, applied by id.
  await textMatches(app, byTestId("plan-preview"), new RegExp(name), 30_000);
  await screenshot(app, "16b-wizard-create-plan");
  // A double click sends the create once.
  await (await shown(app, byTestId("plan-apply"))).doubleClick();
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  const success = await textMatches(app, byTestId("wizard-success"), /was created/, 30_000);
  await screenshot(app, "17-wizard-created");
  const id = Number(success.match(/#(\d+)/)?.[1]);
  assert.ok(id > 0, `the success panel names the new id: ${success}`);

  const created = await sim("GET", `/networks/affiliates/${id}?relationship=billing&relationship=users`);
  assert.equal(created.name, name);
  const sameName = await sim("POST", "/networks/affiliatestable?page=1&page_size=10", { search_terms: [{ search_type: "name", value: name }] });
  assert.equal(sameName.paging.total_count, 1, "one affiliate, however many clicks");
  const billing = created.relationship.billing;
  assert.equal(billing.billing_frequency, "bimonthly");
  assert.deepEqual([billing.details.day_of_month_one, billing.details.day_of_month_two], [1, 16]);
  assert.equal(billing.payment_type, "wire");
  for (const [field, value] of Object.entries(bank)) assert.equal(billing.billing[field], value, field);
  assert.equal(created.relationship.users.entries[0].first_name, "Robin");

  // The new partner is in the affiliates table.
  await openAffiliates();
  await (await app.$(byTestId("affiliate-search"))).setValue(name);
  await shown(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"]`);
  await screenshot(app, "18-wizard-affiliate-in-table");
});

test("editing an affiliate's billing previews before → after, and nothing else changes on the simulator", async () => {
  const id = 2;
  const before = await sim("GET", `/networks/affiliates/${id}?relationship=billing&relationship=users`);
  assert.equal(before.relationship.billing.billing_frequency, "bimonthly", "the demo's affiliate 2 is billed twice a month");
  await openAffiliates();
  await click(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"] .cell-name`);
  await shown(app, byTestId("affiliate-detail"));
  await screenshot(app, "19-affiliate-detail");
  await click(app, byTestId("detail-edit"));

  await shown(app, byTestId("edit-screen"));
  await (await shown(app, formField("billing.billing_frequency"))).selectByAttribute("value", "monthly");
  await (await shown(app, formField("billing.details.day_of_month"))).selectByAttribute("value", "20");
  await click(app, byTestId("edit-review"));
  const preview = await textMatches(app, byTestId("plan-preview"), /frequency/i);
  assert.match(preview, /Monthly/);
  await screenshot(app, "20-edit-preview");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  await shown(app, byTestId("edit-saved"), 30_000);
  await screenshot(app, "21-edit-saved");

  const after = await sim("GET", `/networks/affiliates/${id}?relationship=billing&relationship=users`);
  assert.equal(after.relationship.billing.billing_frequency, "monthly");
  assert.equal(after.relationship.billing.details.day_of_month, 20);
  // Everything else is as it was: the rest of billing, payment details, users, labels, top-level fields.
  const { details: _beforeDays, billing_frequency: _beforeFrequency, ...billingBefore } = before.relationship.billing;
  const { details: _afterDays, billing_frequency: _afterFrequency, ...billingAfter } = after.relationship.billing;
  assert.deepEqual(billingAfter, billingBefore, "the rest of billing is unchanged");
  const rest = (record) => ({ ...record, time_saved: null, relationship: { ...record.relationship, billing: null } });
  assert.deepEqual(rest(after), rest(before), "no other field changed");
});

test("clearing an affiliate's internal notes in the edit form is previewed and reaches the simulator", async () => {
  const id = 3;
  const notes = `Notes to clear ${Date.now()}`;
  const before = await sim("GET", `/networks/affiliates/${id}?relationship=billing&relationship=contact_address`);
  // Give it notes first (through the simulator: this test is about clearing them in the app).
  const { relationship, ...record } = before;
  await sim("PUT", `/networks/affiliates/${id}`, {
    ...record,
    internal_notes: notes,
    billing: relationship.billing,
    contact_address: relationship.contact_address,
    is_contact_address_enabled: Boolean(relationship.contact_address),
  });
  await openAffiliates();
  await click(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"] .cell-name`);
  await click(app, byTestId("detail-edit"));
  await shown(app, byTestId("edit-screen"));
  const field = await shown(app, formField("internal_notes"));
  assert.equal(await field.getValue(), notes);
  // Emptied as a person does it (select all, delete), so the form sees the change.
  await field.click();
  await app.keys(["Control", "a"]);
  await app.keys("Backspace");
  assert.equal(await field.getValue(), "");
  await click(app, byTestId("edit-review"));
  const preview = await textMatches(app, byTestId("plan-preview"), /Internal notes/);
  assert.match(preview, /\(empty\)/, "the preview shows the notes becoming empty");
  await screenshot(app, "21b-edit-clear-notes-preview");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  const after = await sim("GET", `/networks/affiliates/${id}`);
  assert.equal(after.internal_notes, "", "the simulator holds the empty value");
});

test("CSV onboarding creates the valid rows and flags them as existing on re-import", async () => {
  const stamp = Date.now();
  const folder = mkdtempSync(join(tmpdir(), "eflow-csv-"));
  const file = join(folder, "partners.csv");
  const template = [
    "name", "account_status", "account_manager_id", "currency", "billing_frequency", "day_of_month",
    "payment_type", "user_first_name", "user_last_name", "user_email",
  ];
  const row = (values) => template.map((column) => values[column] ?? "").join(",");
  const base = {
    account_status: "active",
    account_manager_id: "1",
    currency: "USD",
    billing_frequency: "manual",
    payment_type: "none",
  };
  writeFileSync(
    file,
    [
      template.join(","),
      row({ ...base, name: `Csv One ${stamp}`, user_first_name: "Ada", user_last_name: "One", user_email: `one.${stamp}@csv.example` }),
      row({ ...base, name: `Csv Two ${stamp}`, user_first_name: "Bo", user_last_name: "Two", user_email: `two.${stamp}@csv.example` }),
      row({ ...base, name: `Csv Bad ${stamp}`, billing_frequency: "monthly", day_of_month: "45" }),
    ].join("\n"),
  );

  await click(app, byTestId("nav-onboard"));
  await click(app, byTestId("tab-csv"));
  await chooseFile(byTestId("csv-file"), file);
  await shown(app, byTestId("csv-preview"), 30_000);
  const rows = await app.$$(byTestId("csv-row"));
  assert.equal(rows.length, 3);
  await screenshot(app, "22-csv-preview");

  await click(app, byTestId("csv-create"));
  await click(app, byTestId("confirm-button"));
  await textMatches(app, byTestId("plan-preview"), /Csv Two/, 30_000);
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  await textMatches(app, byTestId("csv-results"), /Csv Two/, 30_000);
  await screenshot(app, "23-csv-results");

  for (const name of [`Csv One ${stamp}`, `Csv Two ${stamp}`]) {
    const found = await sim("POST", "/networks/affiliatestable?page=1&page_size=10", { search_terms: [{ search_type: "name", value: name }] });
    assert.equal(found.paging.total_count, 1, `${name} exists once`);
  }
  const bad = await sim("POST", "/networks/affiliatestable?page=1&page_size=10", { search_terms: [{ search_type: "name", value: `Csv Bad ${stamp}` }] });
  assert.equal(bad.paging.total_count, 0, "the invalid row was not sent");

  // Importing the same file again: the created rows are recognised.
  await click(app, byTestId("csv-again"));
  await chooseFile(byTestId("csv-file"), file);
  await textMatches(app, byTestId("csv-preview"), /already exists/i, 30_000);
  await screenshot(app, "24-csv-reimport");
});

test("CSV files saved as Windows-1252 and as UTF-16 create partners with their accented names", async () => {
  const stamp = Date.now();
  const folder = mkdtempSync(join(tmpdir(), "eflow-csv-enc-"));
  const header = "name,account_status,account_manager_id,currency,billing_frequency,payment_type";
  const files = [
    // Excel's "CSV" on Windows: one byte per character in the Windows-1252 code page.
    { label: "Windows-1252", name: `Café Müller Média ${stamp}`, encode: (text) => Buffer.from(text, "latin1") },
    // Excel's "Unicode text": UTF-16 little-endian with a byte order mark.
    { label: "UTF-16 LE", name: `Zoë & Søn Ñandú ${stamp}`, encode: (text) => Buffer.from(`\ufeff${text}`, "utf16le") },
  ];
  await click(app, byTestId("nav-onboard"));
  await click(app, byTestId("tab-csv"));
  for (const { label, name, encode } of files) {
    const file = join(folder, `${label}.csv`);
    writeFileSync(file, encode(`${header}\n${name},active,1,USD,manual,none\n`));
    if (await (await app.$(byTestId("csv-again"))).isExisting()) await click(app, byTestId("csv-again"));
    await chooseFile(byTestId("csv-file"), file);
    await textMatches(app, byTestId("csv-encoding"), new RegExp(`Read as ${label}`), 30_000);
    await textMatches(app, byTestId("csv-preview"), new RegExp(name));
    await screenshot(app, `24b-csv-${label.toLowerCase().replace(/\W+/g, "-")}`);
    await click(app, byTestId("csv-create"));
    await click(app, byTestId("confirm-button"));
    await textMatches(app, byTestId("plan-preview"), new RegExp(name), 30_000);
    await click(app, byTestId("plan-apply"));
    await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
    await click(app, byTestId("plan-close"));
    await textMatches(app, byTestId("csv-results"), new RegExp(name), 30_000);
    const found = await sim("POST", "/networks/affiliatestable?page=1&page_size=10", {
      search_terms: [{ search_type: "name", value: String(stamp) }],
    });
    assert.ok(
      found.affiliates.some((affiliate) => affiliate.name === name),
      `${name} exists with its accents: ${found.affiliates.map((a) => a.name)}`,
    );
  }
});

test("an onboarding draft survives closing the app", async () => {
  const name = `Draft Partner ${Date.now()}`;
  await click(app, byTestId("nav-onboard"));
  await click(app, byTestId("tab-one"));
  await click(app, byTestId("start-new"));
  await fill(app, formField("name"), name);
  await textMatches(app, byTestId("draft-status"), /saved/i);
  await quitApp(app);

  app = await launchApp();
  await click(app, byTestId("nav-onboard"), 30_000);
  await textMatches(app, byTestId("draft-list"), new RegExp(name));
  await screenshot(app, "25-draft-after-restart");
});
