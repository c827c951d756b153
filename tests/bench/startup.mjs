// Launch to first screen with data, and idle memory of every process, for the release app on the
// demo network and for MiniBrowser painting a one-line page (the floor), alternating runs in one
// session. The app says when its first screen with data is painted (a log line on stderr, two
// animation frames after the data rendered); the floor's page does the same by requesting a
// local address two frames after it loaded.

import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const APP = process.env.STARTUP_APP;
const FLOOR = process.env.STARTUP_FLOOR;
const HOME = process.env.STARTUP_HOME;
const IDLE_MS = 4000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resident memory (MiB) of a process and all it started, by name. */
function familyMemory(root) {
  const parentOf = new Map();
  const nameOf = new Map();
  for (const pid of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parentOf.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      nameOf.set(pid, stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")));
    } catch {
      // Gone meanwhile.
    }
  }
  const family = new Set([String(root)]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (family.has(parent) && !family.has(pid)) {
        family.add(pid);
        grew = true;
      }
    }
  }
  const parts = {};
  let total = 0;
  for (const pid of family) {
    try {
      const kib = Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      const name = nameOf.get(pid) ?? pid;
      parts[name] = (parts[name] ?? 0) + kib / 1024;
      total += kib / 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return { total, parts };
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
  if (!done) {
    child.kill("SIGKILL");
    await exited;
  }
}

function ownHome(label) {
  const home = mkdtempSync(join(HOME, `${label}-`));
  for (const dir of [".config", ".cache", ".local/share"]) mkdirSync(join(home, dir), { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_CACHE_HOME: join(home, ".cache"),
  };
}

/** MiniBrowser on a one-line page: launch to the page's second frame. */
async function floorRun() {
  let painted;
  const paintedAt = new Promise((resolve) => (painted = resolve));
  const server = createServer((request, response) => {
    painted(performance.now());
    response.end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const page = join(HOME, "floor.html");
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><title>floor</title><p>Eflow Desk start-up floor.</p>
<script>requestAnimationFrame(() => requestAnimationFrame(() => { new Image().src = "http://127.0.0.1:${server.address().port}/painted"; }));</script>`,
  );
  const started = performance.now();
  const child = spawn(FLOOR, [`file://${page}`], { env: ownHome("floor"), stdio: "ignore" });
  const shown = await Promise.race([paintedAt, sleep(60000).then(() => null)]);
  await sleep(IDLE_MS);
  const memory = familyMemory(child.pid);
  await stop(child);
  server.close();
  if (shown === null) throw new Error("MiniBrowser never painted its page");
  return { ms: shown - started, memory };
}

/** The release app with `--demo`: launch to its first screen with data painted. */
async function appRun() {
  const started = performance.now();
  const child = spawn(APP, ["--demo"], { env: ownHome("app"), stdio: ["ignore", "ignore", "pipe"] });
  const shownAt = new Promise((resolve) => {
    let text = "";
    child.stderr.on("data", (chunk) => {
      text += chunk.toString();
      const line = text.split("\n").find((l) => l.includes("first screen with data shown"));
      if (line) {
        resolve(performance.now());
        // The page's own moments (ms since it began loading), for where the time went.
        const plain = line.replace(/\x1b\[[0-9;]*m/g, "");
        pageMoments.push(`page began ${plain.match(/page_began=(-?[\d.]+)/)?.[1]} ms after launch; ${plain.split("page=")[1] ?? ""}`);
        text = "";
      }
    });
  });
  const shown = await Promise.race([shownAt, sleep(60000).then(() => null)]);
  await sleep(IDLE_MS);
  const memory = familyMemory(child.pid);
  await stop(child);
  if (shown === null) throw new Error("the app never reported its first screen");
  return { ms: shown - started, memory };
}

const pageMoments = [];
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};
const row = (label, values, unit, digits) => {
  const { min, median, max } = stats(values);
  return `${label.padEnd(44)} ${min.toFixed(digits).padStart(8)} ${median.toFixed(digits).padStart(8)} ${max.toFixed(digits).padStart(8)} ${unit}`;
};

const floor = [];
const app = [];
// One throw-away launch of each first: the disk cache is warm for every measured run.
await floorRun();
await appRun();
for (let i = 0; i < RUNS; i += 1) {
  floor.push(await floorRun());
  app.push(await appRun());
}
console.log(`\n${RUNS} runs each, alternating, release build, under Xvfb.\n`);
console.log(`${"".padEnd(44)} ${"min".padStart(8)} ${"median".padStart(8)} ${"max".padStart(8)}`);
console.log(row("MiniBrowser, launch to page painted", floor.map((r) => r.ms), "ms", 0));
console.log(row("Eflow Desk, launch to first screen with data", app.map((r) => r.ms), "ms", 0));
console.log(row("MiniBrowser, idle memory (all processes)", floor.map((r) => r.memory.total), "MiB", 0));
console.log(row("Eflow Desk, idle memory (all processes)", app.map((r) => r.memory.total), "MiB", 0));
const median = (runs, pick) => stats(runs.map(pick)).median;
const parts = (runs) =>
  Object.keys(runs[0].memory.parts)
    .map((name) => `${name} ${median(runs, (r) => r.memory.parts[name] ?? 0).toFixed(0)}`)
    .join(", ");
console.log(`\nMedian memory by process: Eflow Desk: ${parts(app)}; MiniBrowser: ${parts(floor)} (MiB).`);
console.log("\nThe app's page, in ms since it began loading, run by run:");
for (const moments of pageMoments) console.log(`  ${moments}`);
console.log(
  `Ratios of the medians: start-up ${(median(app, (r) => r.ms) / median(floor, (r) => r.ms)).toFixed(2)}x the floor, ` +
    `idle memory ${(median(app, (r) => r.memory.total) / median(floor, (r) => r.memory.total)).toFixed(2)}x the floor.`,
);
