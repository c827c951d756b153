// Payment details are never written in clear: an affiliate's bank account number edited through
// the form is in no file of the app's home afterwards (neither the old nor the new one), History
// shows it masked and reveals it on click, and undo from History puts the old number back on the
// simulator.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { byTestId, click, fill, filesContaining, formField, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

let app, simulator, sim;

before(async () => {
  ({ app, simulator, call: sim } = await openOnSimulator("Sealed E2E"));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

const HOME = process.env.E2E_HOME;

/** The first demo affiliate paid by wire, and its account number. */
async function wiredAffiliate() {
  for (let id = 1; id <= 40; id++) {
    const billing = (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship?.billing;
    if (billing?.payment_type === "wire" && billing.billing?.account_number) return { id, number: billing.billing.account_number };
  }
  throw new Error("no demo affiliate is paid by wire");
}

const numberOn = async (id) => (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship.billing.billing.account_number;

test("a bank account number edited in the form is in no file, masked in History, revealed on click, and undo restores it", async () => {
  assert.ok(HOME, "E2E_HOME is set by run.sh");
  const { id, number: oldNumber } = await wiredAffiliate();
  const newNumber = "7301946528";

  await click(app, byTestId("nav-affiliates"));
  await click(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"] .cell-name`, 30_000);
  await shown(app, byTestId("affiliate-detail"));
  await click(app, byTestId("detail-edit"));
  await shown(app, byTestId("edit-screen"));
  // Emptied the way a user does (React only sees typed keys), then typed.
  const field = await click(app, formField("billing.billing.account_number"));
  await app.keys(["Control", "a"]);
  await app.keys("Backspace");
  await app.waitUntil(async () => (await field.getValue()) === "", { timeoutMsg: "the account number was not emptied" });
  await fill(app, formField("billing.billing.account_number"), newNumber);
  await app.waitUntil(async () => (await field.getValue()) === newNumber, { timeoutMsg: "the new account number was not typed" });
  await click(app, byTestId("edit-review"));
  await shown(app, byTestId("plan-apply"));
  await screenshot(app, "13-edit-preview");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await screenshot(app, "13-edit-applied");
  await click(app, byTestId("plan-close"));
  await shown(app, byTestId("edit-saved"), 30_000);
  assert.equal(await numberOn(id), newNumber, "the simulator has the new number");

  assert.deepEqual(filesContaining(HOME, oldNumber), [], "no file holds the old account number");
  assert.deepEqual(filesContaining(HOME, newNumber), [], "no file holds the new account number");

  await click(app, byTestId("nav-history"));
  await click(app, byTestId("history-item"));
  await shown(app, byTestId("history-detail"));
  const masked = await textMatches(app, byTestId("reveal-after"), /••••6528/);
  assert.doesNotMatch(masked, new RegExp(newNumber));
  const requests = await app.$$(byTestId("history-request-body")).map((body) => body.getText());
  assert.ok(requests.every((body) => !body.includes(newNumber) && !body.includes(oldNumber)), "request bodies are masked too");
  await screenshot(app, "13-history-masked");
  await click(app, byTestId("reveal-after"));
  await textMatches(app, byTestId("revealed-after"), new RegExp(`^${newNumber}$`));
  await click(app, byTestId("reveal-before"));
  await textMatches(app, byTestId("revealed-before"), new RegExp(`^${oldNumber}$`));
  await screenshot(app, "13-history-revealed");

  await click(app, byTestId("history-undo"));
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await screenshot(app, "13-undo-applied");
  await click(app, byTestId("plan-close"));
  assert.equal(await numberOn(id), oldNumber, "undo put the old number back");
  assert.deepEqual(filesContaining(HOME, oldNumber), [], "after the undo, no file holds the old account number");
  assert.deepEqual(filesContaining(HOME, newNumber), [], "after the undo, no file holds the new account number");
});
