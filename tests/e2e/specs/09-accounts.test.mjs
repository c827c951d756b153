// A change belongs to the account it was made on: a bulk edit on the demo network cannot be undone
// from a simulator profile with the same affiliate ids (refused, nothing sent), and a double click
// on Apply sends the plan once.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  addProfile,
  byTestId,
  card,
  click,
  goToSettings,
  launchApp,
  quitApp,
  screenshot,
  shown,
  simulatorCall,
  startSimulator,
  textMatches,
} from "../harness.mjs";

let app, simulator, sim;
const row = (id) => `[data-testid="affiliate-row"][data-affiliate-id="${id}"]`;

before(async () => {
  const key = `e2e-${randomUUID()}`;
  simulator = await startSimulator(["--network-key", key]);
  sim = (method, path, body) => simulatorCall(simulator, key, method, path, body);
  try {
    app = await launchApp();
  } catch (error) {
    simulator.stop();
    throw error;
  }
  sim.key = key;
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

test("a demo network change cannot be undone on another account with the same ids; nothing is sent", async () => {
  // 1. A bulk edit of affiliates 1-3 on the demo network, applied with a double click. (The app
  // may open on a profile left by an earlier spec: close it to reach the first screen.)
  await shown(app, `${byTestId("open-demo")}, ${byTestId("close-session")}`, 30_000);
  const open = await app.$(byTestId("close-session"));
  if (await open.isExisting()) await open.click();
  await click(app, byTestId("open-demo"));
  await shown(app, byTestId("affiliate-row"), 30_000);
  for (const id of [1, 2, 3]) await click(app, `${row(id)} ${byTestId("row-select")}`);
  await click(app, byTestId("bulk-edit-selected"));
  await (await shown(app, byTestId("bulk-field-picker"))).selectByAttribute("value", "internal_notes");
  const notes = await shown(app, byTestId("bulk-value-internal_notes"));
  await notes.setValue("Set on the demo network");
  await click(app, byTestId("bulk-preview"));
  await shown(app, byTestId("plan-preview"), 30_000);
  await (await app.$(byTestId("plan-apply"))).doubleClick();
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 60_000);
  await screenshot(app, "95-double-click-applied");
  const batches = await app.$$(byTestId("plan-batch"));
  assert.equal(batches.length, 1, "one request for the three affiliates, however many clicks");
  await click(app, byTestId("plan-close"));
  await click(app, byTestId("nav-history"));
  await shown(app, byTestId("history-item"), 30_000);
  const demoChanges = await app.$$(byTestId("history-item"));
  assert.equal(demoChanges.length, 1, "the double click journaled one change");
  const planId = await demoChanges[0].getAttribute("data-plan");

  // 2. A simulator profile with the same affiliate ids.
  const before = await Promise.all([1, 2, 3].map((id) => sim("GET", `/networks/affiliates/${id}`)));
  await click(app, byTestId("close-session"));
  await goToSettings(app);
  await addProfile(app, { name: "Other account", kind: "network", key: sim.key, baseUrl: simulator.baseUrl });
  await click(app, `${card("Other account")} ${byTestId("open-profile")}`);
  await shown(app, byTestId("affiliate-row"), 30_000);

  // 3. History shows this account's changes: none. The demo's change is read-only under "All accounts".
  await click(app, byTestId("nav-history"));
  await shown(app, byTestId("history-empty"));
  await click(app, byTestId("history-all-accounts"));
  await textMatches(app, byTestId("history-account"), /Demo network/);
  // The only change listed is the demo's, shown at once.
  const item = await shown(app, `${byTestId("history-item")}[data-plan="${planId}"]`);
  assert.equal(await item.getAttribute("aria-current"), "true");
  await textMatches(app, byTestId("history-other-account"), /Made on Demo network/);
  assert.equal((await app.$$(byTestId("history-undo"))).length, 0, "no undo for another account's change");
  await screenshot(app, "96-history-other-account");

  // 4. Asked directly, the app refuses to plan the undo on this account.
  const refusal = await app.execute(async (id) => {
    try {
      await window.__TAURI_INTERNALS__.invoke("plan_undo", { planId: id });
      return "planned";
    } catch (error) {
      return `${error.code}: ${error.message}`;
    }
  }, planId);
  assert.match(refusal, /^other_account: This change was made on Demo network/);

  // 5. The simulator is unchanged.
  const afterwards = await Promise.all([1, 2, 3].map((id) => sim("GET", `/networks/affiliates/${id}`)));
  assert.deepEqual(afterwards, before);
});
