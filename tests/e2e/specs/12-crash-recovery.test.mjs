// An apply cut off by `kill -9`: at the next start the change is listed as interrupted, one click
// checks Everflow and settles every batch, and History's per-batch result is what the simulator holds.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { APP, byTestId, click, launchApp, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

let app, simulator, sim;

before(async () => {
  // 400 affiliates (about 280 active: 3 batches of up to 100), every request slowed down so the
  // app can be killed between two of them.
  ({ app, simulator, call: sim } = await openOnSimulator("Crash E2E", ["--large", "400", "10", "--latency-ms", "1500"]));
});

after(async () => {
  await quitApp(app).catch(() => undefined);
  simulator?.stop();
});

test("an apply killed mid-way is listed at the next start and settled batch by batch like the simulator", async () => {
  await click(app, byTestId("filters-toggle"));
  await (await shown(app, byTestId("filter-account-status"))).selectByAttribute("value", "active");
  await shown(app, byTestId("filter-chips"), 60_000);
  await click(app, byTestId("bulk-edit-matching"));
  await (await shown(app, byTestId("bulk-field-picker"))).selectByAttribute("value", "account_status");
  await (await shown(app, byTestId("bulk-value-account_status"))).selectByAttribute("value", "inactive");
  await click(app, byTestId("bulk-preview"));
  await textMatches(app, byTestId("plan-undo-note"), /3 batches/, 120_000);
  await click(app, byTestId("plan-apply"));
  // Killed while the second batch is out (each request takes 1.5 s).
  await textMatches(app, byTestId("plan-progress"), /Batch 2 of 3/, 60_000);
  execFileSync("pkill", ["-9", "-f", APP]);
  await quitApp(app).catch(() => undefined);
  // Let a request that was on its way land (or not) before looking.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  app = await launchApp();
  const banner = await textMatches(
    app,
    byTestId("interrupted-banner"),
    /A change was interrupted: \d of 3 requests went out/,
    60_000,
  );
  await screenshot(app, "97-interrupted-banner");
  assert.match(banner, /[12] of 3/);
  await click(app, byTestId("interrupted-check"));
  await shown(app, byTestId("interrupted-settled"), 120_000);
  await screenshot(app, "98-interrupted-settled");

  // History's per-batch result equals the simulator's state.
  const planId = await app.execute(async () => {
    const items = await window.__TAURI_INTERNALS__.invoke("history", { scope: "open_account" });
    return items[0].plan_id;
  });
  const detail = await app.execute(
    async (id) => window.__TAURI_INTERNALS__.invoke("history_item", { planId: id }),
    planId,
  );
  assert.ok(detail.item.settled_after_interruption, "History says the change was settled after an interruption");
  const now = (await sim("POST", "/networks/affiliatestable?page=1&page_size=2000", {})).affiliates;
  const status = new Map(now.map((a) => [a.network_affiliate_id, a.account_status]));
  for (const batch of detail.report.batches) {
    const states = new Set(batch.record_ids.map((id) => status.get(id)));
    const expected = batch.status === "sent" ? "inactive" : "active";
    assert.deepEqual([...states], [expected], `batch ${batch.index + 1} is ${batch.status}: its affiliates are ${expected}`);
  }
  assert.ok(detail.report.batches.some((b) => b.status === "not_sent"), "the last batch never went out");
  await click(app, byTestId("interrupted-close"));
  await click(app, byTestId("nav-history"));
  await shown(app, byTestId("history-settled"));
  await screenshot(app, "99-history-settled");
});

/** Starts a bulk edit of the affiliates with status `from` (two batches or more) to `to`, and
 * waits until its first request is out. */
async function startSlowApply(from, to) {
  await click(app, byTestId("nav-affiliates"));
  await click(app, byTestId("filters-toggle"));
  await (await shown(app, byTestId("filter-account-status"))).selectByAttribute("value", from);
  await shown(app, byTestId("filter-chips"), 60_000);
  await click(app, byTestId("bulk-edit-matching"));
  await (await shown(app, byTestId("bulk-field-picker"))).selectByAttribute("value", "account_status");
  await (await shown(app, byTestId("bulk-value-account_status"))).selectByAttribute("value", to);
  await click(app, byTestId("bulk-preview"));
  await textMatches(app, byTestId("plan-undo-note"), /[2-9] batches/, 120_000);
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-progress"), /Batch 1 of/, 60_000);
}

/** The newest change of the open account, as History has it, once the app is started again. */
async function newestChangeAfterRestart() {
  app = await launchApp();
  await shown(app, byTestId("affiliate-row"), 60_000);
  return app.execute(async () => {
    const items = await window.__TAURI_INTERNALS__.invoke("history", { scope: "open_account" });
    const interrupted = await window.__TAURI_INTERNALS__.invoke("interrupted_changes");
    return { item: items[0], interrupted: interrupted.length };
  });
}

test("quitting from the OS (SIGTERM) while an apply runs stops between requests within a few seconds", async () => {
  await startSlowApply("inactive", "active");
  execFileSync("pkill", ["-TERM", "-f", APP]);
  const started = Date.now();
  while (Date.now() - started < 8000) {
    try {
      execFileSync("pgrep", ["-f", APP]);
      await new Promise((resolve) => setTimeout(resolve, 250));
    } catch {
      break;
    }
  }
  assert.ok(Date.now() - started < 8000, "the app quit within a few seconds");
  await quitApp(app).catch(() => undefined);
  const { item, interrupted } = await newestChangeAfterRestart();
  assert.equal(interrupted, 0, "nothing is left interrupted: the stop was journaled");
  assert.equal(item.status, "cancelled");
});
