// Figures of the real app (debug build) under Xvfb: start-up to an interactive window, memory
// when idle on the demo network, the affiliates table with 10,000 affiliates loaded, and the
// visibility matrix of 10,000 × 500 and of 50,000 × 2,000 (load, memory, scrolling).
// A benchmark prints what it measured; it does not pass or fail on a number.

import { randomUUID } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import {
  APP,
  addProfile,
  byTestId,
  card,
  click,
  goToSettings,
  launchApp,
  quitApp,
  shown,
  startSimulator,
  textMatches,
} from "../e2e/harness.mjs";

const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

/** Resident memory (kB) of the app and every process it started (the WebKit helpers). */
function appMemoryKib() {
  const pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  const parentOf = new Map();
  const commandOf = new Map();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parentOf.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      commandOf.set(pid, readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]);
    } catch {
      // Gone meanwhile.
    }
  }
  const roots = pids.filter((pid) => commandOf.get(pid) === APP);
  const family = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (family.has(parent) && !family.has(pid)) {
        family.add(pid);
        grew = true;
      }
    }
  }
  let total = 0;
  const parts = [];
  for (const pid of family) {
    try {
      const rss = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      total += rss;
      parts.push(`${commandOf.get(pid).split("/").pop()} ${mib(rss)}`);
    } catch {
      // Gone meanwhile.
    }
  }
  return { total, parts };
}

/**
 * Times scrolling of the nearest scrolling ancestor of `selector` (or the element itself): first
 * 30 waits for two painted frames with nothing to redraw (this display's floor), then 60 jumps
 * across the whole length and 60 wheel-sized steps of 120 px, each to two painted frames.
 */
async function scrollFrames(browser, selector, { axis }) {
  return browser.executeAsync(
    (selector, axis, done) => {
      let scroller = document.querySelector(selector);
      const size = axis === "top" ? "Height" : "Width";
      while (scroller && scroller[`scroll${size}`] <= scroller[`client${size}`] + 1) scroller = scroller.parentElement;
      if (!scroller) return done({ error: "no scrolling container" });
      const position = axis === "top" ? "scrollTop" : "scrollLeft";
      const length = scroller[`scroll${size}`];
      const idle = [];
      const times = [];
      let step = 0;
      const settle = () => {
        if (idle.length === 30) return next();
        const started = performance.now();
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            idle.push(performance.now() - started);
            settle();
          }),
        );
      };
      const next = () => {
        if (step === 120) return done({ jumps: times.slice(0, 60), wheel: times.slice(60), idle, length });
        const started = performance.now();
        scroller[position] = step < 60 ? (length * step) / 60 : 120 * (step - 60);
        step += 1;
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            times.push(performance.now() - started);
            next();
          }),
        );
      };
      settle();
    },
    selector,
    axis,
  );
}

function printScrolling(what, frames) {
  if (frames.error) {
    console.log(`${what} scrolling: ${frames.error}`);
    return;
  }
  const summary = (times) => {
    const sorted = [...times].sort((a, b) => a - b);
    const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
    return `mean ${mean.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`;
  };
  console.log(`${what}: two painted frames with nothing to redraw (this display's floor): ${summary(frames.idle)}`);
  console.log(`${what}: jump to two painted frames, ${frames.jumps.length} jumps across ${frames.length}px: ${summary(frames.jumps)}`);
  console.log(`${what}: wheel-sized 120px step to two painted frames (${frames.wheel.length} steps): ${summary(frames.wheel)}`);
}

async function measure(label, work) {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return result;
}

console.log(`app binary (debug build): ${(statSync(APP).size / 1024 / 1024).toFixed(0)} MiB`);

// Start-up and idle memory on the demo network.
let app = await measure("start to interactive first screen (incl. WebDriver session)", async () => {
  const browser = await launchApp();
  await shown(browser, byTestId("open-demo"), 60_000);
  return browser;
});
await click(app, byTestId("open-demo"));
await shown(app, byTestId("affiliate-row"));
await app.pause(5_000);
const idle = appMemoryKib();
console.log(`idle memory on the demo network: ${mib(idle.total)} (${idle.parts.join(", ")})`);
await quitApp(app);

// 10,000 affiliates.
const key = `bench-${randomUUID()}`;
const simulator = await startSimulator(["--large", "10000", "500", "--network-key", key]);
app = await launchApp();
await goToSettings(app);
await addProfile(app, { name: "Benchmark 10k", kind: "network", key, baseUrl: simulator.baseUrl });
await click(app, `${card("Benchmark 10k")} ${byTestId("open-profile")}`);
await shown(app, byTestId("affiliate-row"), 60_000);
await measure("load all 10,000 affiliates into the table (5 requests of 2,000)", async () => {
  await click(app, byTestId("load-all"));
  await textMatches(app, byTestId("load-all-done"), /10,?000/, 120_000);
});
const rows = await app.$$(byTestId("affiliate-row"));
console.log(`table rows in the DOM with 10,000 loaded: ${rows.length}`);
const loaded = appMemoryKib();
console.log(`memory with 10,000 affiliates loaded: ${mib(loaded.total)}`);

// Scrolling the table: 60 jumps across the whole list, then 60 wheel-sized steps.
const rowScroller = `[data-testid="affiliate-row"]`;
printScrolling("table", await scrollFrames(app, rowScroller, { axis: "top" }));

await measure("sort 10,000 loaded affiliates by name (click to first row redrawn)", async () => {
  const first = await (await app.$(`${byTestId("affiliate-row")} .cell-name`)).getText();
  await click(app, byTestId("sort-name"));
  await app.waitUntil(async () => (await (await app.$(`${byTestId("affiliate-row")} .cell-name`)).getText()) !== first, {
    timeout: 30_000,
  });
});

// The visibility matrix with every affiliate and every offer of the large network.
await click(app, byTestId("nav-visibility"));
await (await shown(app, byTestId("matrix-load-offer-status"))).selectByAttribute("value", "");
await measure("load the 10,000 × 500 visibility matrix (click to grid shown; no latency or rate limit)", async () => {
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-grid"), 300_000);
  await textMatches(app, byTestId("matrix-loaded"), /10,000 affiliates × 500 offers/, 60_000);
});
await new Promise((r) => setTimeout(r, 2000));
const matrix = appMemoryKib();
console.log(`memory with the 10,000 × 500 matrix loaded (and the 10,000-row table before it): ${mib(matrix.total)} (${matrix.parts.join(", ")})`);
console.log(`matrix cells in the DOM: ${(await app.$$('[data-testid^="cell-"]')).length}`);

printScrolling("10,000 × 500 matrix, down", await scrollFrames(app, byTestId("matrix-grid"), { axis: "top" }));
printScrolling("10,000 × 500 matrix, across", await scrollFrames(app, byTestId("matrix-grid"), { axis: "left" }));

await quitApp(app);
simulator.stop();

// Five times larger: the 50,000 × 2,000 matrix in the app (no latency or rate limit: the figures are
// the app's; eflow-bench --scale measures the load against Everflow's limit).
const scaleKey = `bench-${randomUUID()}`;
const scaleSimulator = await measure("generate the 50,000 × 2,000 network (simulator start)", () =>
  startSimulator(["--large", "50000", "2000", "--network-key", scaleKey], { startTimeoutMs: 600_000 }),
);
app = await launchApp();
await goToSettings(app);
await addProfile(app, { name: "Benchmark 50k", kind: "network", key: scaleKey, baseUrl: scaleSimulator.baseUrl });
await click(app, `${card("Benchmark 50k")} ${byTestId("open-profile")}`);
await shown(app, byTestId("affiliate-row"), 60_000);
const scaleIdle = appMemoryKib();
console.log(`memory on the 50,000-affiliate network before the matrix: ${mib(scaleIdle.total)} (${scaleIdle.parts.join(", ")})`);
await click(app, byTestId("nav-visibility"));
await (await shown(app, byTestId("matrix-load-offer-status"))).selectByAttribute("value", "");
await measure("load the 50,000 × 2,000 visibility matrix (click to grid shown)", async () => {
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-grid"), 1_800_000);
  await textMatches(app, byTestId("matrix-loaded"), /50,000 affiliates × 2,000 offers/, 60_000);
});
await new Promise((r) => setTimeout(r, 4000));
const scaleMatrix = appMemoryKib();
console.log(`memory with the 50,000 × 2,000 matrix loaded: ${mib(scaleMatrix.total)} (${scaleMatrix.parts.join(", ")})`);
console.log(`matrix cells in the DOM: ${(await app.$$('[data-testid^="cell-"]')).length}`);
printScrolling("50,000 × 2,000 matrix, down", await scrollFrames(app, byTestId("matrix-grid"), { axis: "top" }));
printScrolling("50,000 × 2,000 matrix, across", await scrollFrames(app, byTestId("matrix-grid"), { axis: "left" }));
await quitApp(app);
scaleSimulator.stop();
