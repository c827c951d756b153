// The visibility matrix against a simulator standing in for a real account: hide 2 offers from 3
// affiliates, review who loses access, apply, and check on the simulator that exactly those 6
// cells changed; then a change made behind the app's back between loading and apply is caught,
// nothing is sent, and "Reload visibility" shows what changed.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { randomUUID } from "node:crypto";
import {
  addProfile,
  byTestId,
  card,
  click,
  goToSettings,
  launchApp,
  openOnSimulator,
  quitApp,
  screenshot,
  shown,
  startSimulator,
  textMatches,
} from "../harness.mjs";

let app, simulator, sim;
const cell = (offer, affiliate) => byTestId(`cell-${offer}-${affiliate}`);
const SHIFT = "\uE008";
const ARROW_DOWN = "\uE015";

before(async () => {
  ({ app, simulator, call: sim } = await openOnSimulator("Visibility E2E"));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

/** Every offer's visibility type (which decides the default) and explicit settings, from the simulator. */
async function snapshot() {
  const table = await sim("POST", "/networks/offerstable?page=1&page_size=100", { search_terms: [], filters: {} });
  const offers = table.offers.map((o) => ({ id: o.network_offer_id, type: o.visibility }));
  assert.ok(offers.length >= 10, "the demo network has offers");
  const state = new Map();
  for (const offer of offers) {
    const v = await sim("GET", `/networks/offers/${offer.id}/visibility`);
    const explicit = new Map();
    for (const id of v.network_affiliate_rejected_ids) explicit.set(id, "rejected");
    for (const id of v.network_affiliate_hidden_ids) explicit.set(id, "hidden");
    for (const id of v.network_affiliate_visible_ids) explicit.set(id, "visible");
    state.set(offer.id, { default: offer.type === "public" ? "visible" : "hidden", explicit });
  }
  return state;
}

/** The cells whose effective visibility (or explicitness) differs between two snapshots. */
function changedCells(before, after) {
  const changed = [];
  for (const [offerId, was] of before) {
    const now = after.get(offerId);
    const ids = new Set([...was.explicit.keys(), ...now.explicit.keys()]);
    for (const id of ids) {
      const a = was.explicit.get(id) ?? `${was.default} (default)`;
      const b = now.explicit.get(id) ?? `${now.default} (default)`;
      if (a !== b) changed.push({ cell: `${offerId}:${id}`, before: a, after: b });
    }
  }
  return changed.sort((x, y) => x.cell.localeCompare(y.cell, "en", { numeric: true }));
}

async function attr(selector, name) {
  return (await app.$(selector)).getAttribute(name);
}

async function waitAttr(selector, name, value, timeout = 20_000) {
  await app.waitUntil(async () => (await attr(selector, name)) === value, {
    timeout,
    timeoutMsg: `${selector} never had ${name}="${value}" (last: ${await attr(selector, name)})`,
  });
}

async function loadMatrix() {
  await click(app, byTestId("nav-visibility"));
  await shown(app, byTestId("matrix-load-panel"));
  await screenshot(app, "60-visibility-choose");
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-grid"), 60_000);
}

test("hiding 2 offers from 3 affiliates changes exactly those 6 cells on the simulator", async () => {
  const start = await snapshot();
  for (const offer of [3, 6]) {
    assert.equal(start.get(offer).default, "visible", `demo offer ${offer} is public`);
    for (const affiliate of [1, 2, 3]) assert.equal(start.get(offer).explicit.has(affiliate), false, `${offer}:${affiliate} starts at the default`);
  }

  await loadMatrix();
  await textMatches(app, byTestId("matrix-loaded"), /affiliates × \d+ offers/);
  assert.equal(await attr(cell(3, 1), "data-state"), "visible");
  assert.equal(await attr(cell(3, 1), "data-explicit"), "false");
  // The demo's offer 5 is private with affiliates 3, 6 and 9 made visible.
  assert.equal(await attr(cell(5, 3), "data-state"), "visible");
  assert.equal(await attr(cell(5, 3), "data-explicit"), "true");
  assert.equal(await attr(cell(5, 4), "data-state"), "hidden");
  assert.equal(await attr(cell(5, 4), "data-explicit"), "false");
  await screenshot(app, "61-visibility-grid");

  // Offer 3 by keyboard: click the first cell (switches it), Shift+Down twice selects 3 rows, H hides them.
  await click(app, cell(3, 1));
  await waitAttr(cell(3, 1), "data-pending", "hidden");
  await app.performActions([
    {
      type: "key",
      id: "keyboard",
      actions: [
        { type: "keyDown", value: SHIFT },
        { type: "keyDown", value: ARROW_DOWN },
        { type: "keyUp", value: ARROW_DOWN },
        { type: "keyDown", value: ARROW_DOWN },
        { type: "keyUp", value: ARROW_DOWN },
        { type: "keyUp", value: SHIFT },
      ],
    },
  ]);
  await app.releaseActions();
  for (const affiliate of [2, 3]) await waitAttr(cell(3, affiliate), "aria-selected", "true");
  await app.keys("h");
  // Offer 6 by clicking each cell.
  for (const affiliate of [1, 2, 3]) await click(app, cell(6, affiliate));
  for (const offer of [3, 6]) for (const affiliate of [1, 2, 3]) await waitAttr(cell(offer, affiliate), "data-pending", "hidden");
  await textMatches(app, byTestId("matrix-pending-count"), /^6 pending changes/);
  await screenshot(app, "62-visibility-pending");

  await click(app, byTestId("matrix-review"));
  const dialog = await shown(app, byTestId("plan-preview"), 30_000);
  const words = await dialog.getText();
  assert.match(words, /may notify affiliates/i, "the preview warns that Everflow may notify affiliates");
  assert.match(words, /Loses access \(3\)/, "the preview says who loses access");
  const names = [];
  for (const id of [1, 2, 3]) names.push((await sim("GET", `/networks/affiliates/${id}`)).name);
  for (const name of names) assert.ok(words.includes(name), `the preview names ${name}`);
  await screenshot(app, "63-visibility-preview");

  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 60_000);
  await screenshot(app, "64-visibility-applied");
  await click(app, byTestId("plan-close"));

  const end = await snapshot();
  const changed = changedCells(start, end);
  assert.deepEqual(
    changed.map((c) => c.cell),
    ["3:1", "3:2", "3:3", "6:1", "6:2", "6:3"],
    `exactly the 6 cells changed: ${JSON.stringify(changed)}`,
  );
  for (const c of changed) assert.equal(c.after, "hidden", `${c.cell} is hidden now`);

  // The grid shows what Everflow has now, and nothing is pending.
  await waitAttr(cell(3, 1), "data-explicit", "true", 30_000);
  assert.equal(await attr(cell(3, 1), "data-state"), "hidden");
  assert.equal(await attr(cell(6, 3), "data-pending"), "none");
  await textMatches(app, byTestId("matrix-pending-count"), /No pending changes/);
  await screenshot(app, "65-visibility-after-apply");
});

test("a change made on Everflow between loading and apply stops the apply; nothing is sent; reload shows it", async () => {
  await click(app, byTestId("matrix-change-load"));
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-grid"), 60_000);
  assert.equal(await attr(cell(5, 4), "data-state"), "hidden");

  // In the app: give affiliate 4 the private offer 5.
  await click(app, cell(5, 4));
  await waitAttr(cell(5, 4), "data-pending", "visible");
  await click(app, byTestId("matrix-review"));
  await shown(app, byTestId("plan-preview"), 30_000);

  // Meanwhile, someone hides offer 5 from affiliate 4 explicitly in Everflow.
  await sim("PATCH", "/networks/affiliates/4/offers/visibility", { network_offer_ids: [5], visibility_type: "hidden" });
  const behind = await sim("GET", "/networks/offers/5/visibility");

  await click(app, byTestId("plan-apply"));
  const drift = await shown(app, byTestId("plan-drift"), 60_000);
  const affiliate4 = (await sim("GET", "/networks/affiliates/4")).name;
  assert.ok((await drift.getText()).includes(affiliate4), "the dialog names the affiliate that changed");
  await screenshot(app, "66-visibility-drift");
  assert.deepEqual(await sim("GET", "/networks/offers/5/visibility"), behind, "nothing was sent to the simulator");

  await click(app, byTestId("plan-dismiss"));
  await shown(app, byTestId("matrix-apply-refused"));
  await click(app, byTestId("matrix-reload-edited"));
  await textMatches(app, byTestId("matrix-reload-changes"), new RegExp(`${affiliate4}.*hidden \\(offer default\\) → hidden \\(set\\)`, "i"), 30_000);
  assert.equal(await attr(cell(5, 4), "data-explicit"), "true");
  assert.equal(await attr(cell(5, 4), "data-pending"), "visible", "the edit stays pending for another review");
  await screenshot(app, "67-visibility-reloaded");

  await click(app, byTestId("matrix-swap"));
  await shown(app, byTestId("row-offer-5"));
  await screenshot(app, "68-visibility-swapped");
});

test("10,000 affiliates × 500 offers load with progress and scroll in both directions with few cells in the page", async () => {
  await quitApp(app);
  simulator?.stop();
  const key = `e2e-${randomUUID()}`;
  simulator = await startSimulator(["--large", "10000", "500", "--network-key", key]);
  app = await launchApp();
  await goToSettings(app);
  await addProfile(app, { name: "Visibility 10k", kind: "network", key, baseUrl: simulator.baseUrl });
  await click(app, `${card("Visibility 10k")} ${byTestId("open-profile")}`);
  await shown(app, byTestId("affiliate-row"), 60_000);

  await click(app, byTestId("nav-visibility"));
  await (await shown(app, byTestId("matrix-load-offer-status"))).selectByAttribute("value", "");
  const started = Date.now();
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-load-progress"));
  await textMatches(app, byTestId("matrix-load-progress"), /of 500 offers/, 120_000);
  await screenshot(app, "69-visibility-loading-progress");
  await shown(app, byTestId("matrix-grid"), 300_000);
  console.log(`# loaded 10,000 × 500 in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await textMatches(app, byTestId("matrix-loaded"), /10,000 affiliates × 500 offers/);

  const figures = await app.executeAsync((done) => {
    const grid = document.querySelector('[data-testid="matrix-grid"]');
    const idle = [];
    const times = [];
    let step = 0;
    // First the same wait with nothing to redraw: the floor this display paints at.
    const settle = () => {
      if (idle.length === 20) return next();
      const t0 = performance.now();
      requestAnimationFrame(() => requestAnimationFrame(() => {
        idle.push(performance.now() - t0);
        settle();
      }));
    };
    const next = () => {
      if (step === 80) {
        const cells = document.querySelectorAll('[role="gridcell"]').length;
        return done({ idle, jumps: times.slice(0, 40), wheel: times.slice(40), cells, width: grid.scrollWidth, height: grid.scrollHeight });
      }
      const t0 = performance.now();
      if (step < 40) {
        // Jumps along the diagonal: every cell in view is new.
        grid.scrollTop = (grid.scrollHeight * step) / 40;
        grid.scrollLeft = (grid.scrollWidth * step) / 40;
      } else {
        // Wheel-sized steps.
        grid.scrollTop += 120;
        grid.scrollLeft += 72;
      }
      step += 1;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        times.push(performance.now() - t0);
        next();
      }));
    };
    settle();
  });
  const stats = (list) => {
    const sorted = [...list].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return `mean ${mean.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
  };
  console.log(`# two painted frames with nothing to redraw (this display's floor): ${stats(figures.idle)}`);
  console.log(`# diagonal jump (all cells new) to two painted frames, 40 jumps over ${figures.width}×${figures.height}px: ${stats(figures.jumps)}`);
  console.log(`# wheel-sized step (120px down, 72px right) to two painted frames, 40 steps: ${stats(figures.wheel)}`);
  console.log(`# cells in the page: ${figures.cells}`);
  assert.ok(figures.cells > 0 && figures.cells < 4_000, `only the cells in view are in the page (${figures.cells})`);
  assert.ok(figures.height > 10_000 * 28, "the grid is as tall as 10,000 rows");
  await screenshot(app, "6a-visibility-10k-scrolled");

  // A whole column of 10,000 affiliates becomes 10,000 pending changes at once.
  // A column header clear of the sticky corner.
  const headerId = await app.execute(() => {
    const grid = document.querySelector('[data-testid="matrix-grid"]').getBoundingClientRect();
    const heads = [...document.querySelectorAll('[role="columnheader"][data-col-header]')];
    const clear = heads.find((h) => h.getBoundingClientRect().left > grid.left + 300 && h.getBoundingClientRect().right < grid.right - 20);
    return clear?.dataset.testid;
  });
  assert.ok(headerId, "a column header is in view");
  await (await app.$(byTestId(headerId))).click();
  await app.keys("h");
  await textMatches(app, byTestId("matrix-pending-count"), /pending change/, 30_000);
  console.log(`# ${await (await app.$(byTestId("matrix-pending-count"))).getText()}`);
  await screenshot(app, "6b-visibility-10k-column-hidden");
});
