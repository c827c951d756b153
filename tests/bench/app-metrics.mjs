// Figures of the real app (debug build) under Xvfb: start-up to an interactive window, memory
// when idle on the demo network, and the affiliates table with 10,000 affiliates loaded.
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

// Scrolling: set scrollTop in 60 steps across the whole list; time each step to the next painted frame.
const frames = await app.executeAsync((done) => {
  const row = document.querySelector('[data-testid="affiliate-row"]');
  let scroller = row?.parentElement;
  while (scroller && scroller.scrollHeight <= scroller.clientHeight + 1) scroller = scroller.parentElement;
  if (!scroller) return done({ error: "no scrolling container" });
  // First the same wait with nothing to redraw: the floor this display can paint at.
  const idle = [];
  const times = [];
  let step = 0;
  const settle = () => {
    if (idle.length === 30) return next();
    const started = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      idle.push(performance.now() - started);
      settle();
    }));
  };
  // 60 jumps across the whole list, then 60 wheel-sized steps of 120px.
  const next = () => {
    if (step === 120) return done({ times: times.slice(0, 60), wheel: times.slice(60), idle, height: scroller.scrollHeight });
    const started = performance.now();
    scroller.scrollTop = step < 60 ? (scroller.scrollHeight * step) / 60 : 120 * (step - 60);
    step += 1;
    requestAnimationFrame(() => requestAnimationFrame(() => {
      times.push(performance.now() - started);
      next();
    }));
  };
  settle();
});
if (frames.error) {
  console.log(`scrolling: ${frames.error}`);
} else {
  const sorted = [...frames.times].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  const floor = frames.idle.reduce((a, b) => a + b, 0) / frames.idle.length;
  console.log(`two painted frames with nothing to redraw (this display's floor): mean ${floor.toFixed(1)} ms`);
  console.log(
    `scroll jump to two painted frames over ${sorted.length} jumps across ${frames.height}px: ` +
      `mean ${mean.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms`,
  );
  const wheel = [...frames.wheel].sort((a, b) => a - b);
  const wheelMean = wheel.reduce((a, b) => a + b, 0) / wheel.length;
  console.log(
    `wheel-sized 120px scroll step to two painted frames (${wheel.length} steps): ` +
      `mean ${wheelMean.toFixed(1)} ms, median ${wheel[Math.floor(wheel.length / 2)].toFixed(1)} ms, max ${wheel.at(-1).toFixed(1)} ms`,
  );
}

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

await quitApp(app);
simulator.stop();
