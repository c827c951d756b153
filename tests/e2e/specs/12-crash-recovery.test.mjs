// An apply cut off by `kill -9`: at the next start the change is listed as interrupted, one click
// checks Everflow and settles every batch, and History's per-batch result is what the simulator holds.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import { APP, byTestId, click, launchApp, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

let app, simulator, sim;

before(async () => {
  // 2,000 affiliates (about 1,400 active: 14 batches of up to 100, more than the 8 an apply keeps
  // in flight), every request slowed down so the app can be killed while some are out.
  ({ app, simulator, call: sim } = await openOnSimulator("Crash E2E", ["--large", "2000", "10", "--latency-ms", "1500"]));
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
  await textMatches(app, byTestId("plan-undo-note"), /1[0-9] batches/, 120_000);
  await click(app, byTestId("plan-apply"));
  // Killed while the first requests are out (each takes 1.5 s) and the rest wait their turn.
  await textMatches(app, byTestId("plan-progress"), /0 of 1[0-9] requests done/, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 600));
  execFileSync("pkill", ["-9", "-f", APP]);
  await quitApp(app).catch(() => undefined);
  // Let a request that was on its way land (or not) before looking.
  await new Promise((resolve) => setTimeout(resolve, 3000));

  app = await launchApp();
  const banner = await textMatches(
    app,
    byTestId("interrupted-banner"),
    /A change was interrupted: \d+ of 1[0-9] requests went out/,
    60_000,
  );
  await screenshot(app, "97-interrupted-banner");
  assert.match(banner, /\b[1-8] of 1[0-9]/, "at most the 8 in flight went out");
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
  assert.ok(detail.report.batches.some((b) => b.status === "not_sent"), "the last batches never went out");
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
  // More batches than the 8 kept in flight, so a stop leaves some never sent.
  await textMatches(app, byTestId("plan-undo-note"), /(9|1[0-9]) batches/, 120_000);
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-progress"), /0 of \d+ requests done/, 60_000);
  // The first requests are out (each takes 1.5 s).
  await new Promise((resolve) => setTimeout(resolve, 600));
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
  // Most affiliates are still active: at most 8 of the killed apply's requests went out.
  await startSlowApply("active", "inactive");
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
