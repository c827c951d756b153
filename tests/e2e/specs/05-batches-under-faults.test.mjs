// A bulk edit large enough to go out in several batches, with the simulator failing the second
// batch to arrive (batches are in flight together, so which one that is varies from run to run):
// the report names that batch and its affiliates, nothing of it is reported as done, the
// other batches went through, and the simulator agrees. Then an offer URL find/replace: the
// preview's new URLs are what the simulator has after apply.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { byTestId, click, fill, injectFault, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

let app, simulator, sim;

before(async () => {
  // 400 affiliates, about 280 of them active: "all matching active" goes out in 3 batches of up to 100.
  ({ app, simulator, call: sim } = await openOnSimulator("Batches E2E", ["--large", "400", "10"]));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

test("a failure in the middle of a batched apply is reported per batch and nothing is claimed that was not done", async () => {
  const all = (await sim("POST", "/networks/affiliatestable?page=1&page_size=2000", { filters: { account_status: "active" } })).affiliates;
  const activeIds = all.map((a) => a.network_affiliate_id);
  assert.ok(activeIds.length > 200, `enough active affiliates for three batches (${activeIds.length})`);

  await click(app, byTestId("filters-toggle"));
  await (await shown(app, byTestId("filter-account-status"))).selectByAttribute("value", "active");
  await shown(app, byTestId("filter-chips"));
  await click(app, byTestId("bulk-edit-matching"));
  await shown(app, byTestId("bulk-edit-screen"));
  await (await shown(app, byTestId("bulk-field-picker"))).selectByAttribute("value", "account_status");
  await (await shown(app, byTestId("bulk-value-account_status"))).selectByAttribute("value", "inactive");
  await click(app, byTestId("bulk-preview"));
  await shown(app, byTestId("plan-preview"), 60_000);
  await textMatches(app, byTestId("plan-undo-note"), /3 batches/);

  // The second apply request to arrive is answered 500 without being carried out.
  await injectFault(simulator, { method: "PATCH", path_contains: "/patch/affiliates/apply", skip: 1, fault: { status: 500 } });
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /partly applied/i, 120_000);
  const batches = await app.$$(byTestId("plan-batch"));
  const statuses = [];
  for (const batch of batches) statuses.push(await batch.getAttribute("data-status"));
  assert.deepEqual([...statuses].sort(), ["failed", "sent", "sent"], `one batch failed: ${statuses}`);
  const failedText = await batches[statuses.indexOf("failed")].getText();
  assert.match(failedText, /did not go through/);
  // Batches hold 100 affiliates but the last holds the rest: the failed one says how many it held.
  const failedCount = Number(/\((\d+) affiliates\)/.exec(failedText)?.[1]);
  assert.ok(failedCount > 0, `the failed batch names its affiliates: ${failedText}`);
  await textMatches(app, byTestId("plan-verified"), new RegExp(`All ${activeIds.length - failedCount} checked`));
  await screenshot(app, "50-batch-failed-report");

  // The simulator agrees: the two batches sent are inactive, the failed one's still active.
  const after = (await sim("POST", "/networks/affiliatestable?page=1&page_size=2000", {})).affiliates;
  const status = new Map(after.map((a) => [a.network_affiliate_id, a.account_status]));
  const inactive = activeIds.filter((id) => status.get(id) === "inactive").length;
  const stillActive = activeIds.filter((id) => status.get(id) === "active").length;
  assert.equal(stillActive, failedCount, "exactly the failed batch's affiliates are unchanged");
  assert.equal(inactive, activeIds.length - failedCount);

  // "Finish the rest" previews exactly the failed batch's affiliates; applying it leaves the
  // simulator as if the first apply had fully gone through.
  const failedIds = activeIds.filter((id) => status.get(id) === "active");
  await click(app, byTestId("plan-rest"));
  await textMatches(app, byTestId("plan-preview"), /Finish/, 60_000);
  await textMatches(app, byTestId("plan-total-change"), new RegExp(`\\b${failedCount}\\b`));
  const restRows = await app.$$(byTestId("plan-row"));
  const restIds = [];
  for (const row of restRows) restIds.push(Number(await row.getAttribute("data-record")));
  assert.ok(restIds.every((id) => failedIds.includes(id)), "the rest is only the failed batch's affiliates");
  await screenshot(app, "51-finish-the-rest");
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 120_000);
  const finished = (await sim("POST", "/networks/affiliatestable?page=1&page_size=2000", {})).affiliates;
  const finalStatus = new Map(finished.map((a) => [a.network_affiliate_id, a.account_status]));
  assert.ok(activeIds.every((id) => finalStatus.get(id) === "inactive"), "every affiliate of the first apply is now inactive");
  await click(app, byTestId("plan-close"));

  // History shows the first apply as partly applied, beside the change that finished it.
  await click(app, byTestId("nav-history"));
  await app.waitUntil(async () => (await app.$$(byTestId("history-status"))).length >= 2, { timeout: 20_000 });
  const statuses2 = await app.$$(byTestId("history-status")).map((el) => el.getText());
  assert.ok(statuses2.some((text) => /partly/i.test(text)), `${statuses2}`);
});
