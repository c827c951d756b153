// Shared harness of the end-to-end tests: the real app binary under the X display and D-Bus
// session that `tests/e2e/run.sh` starts, driven through tauri-driver and WebKitWebDriver,
// against simulator processes started here.

import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const ROOT = resolve(import.meta.dirname, "../..");
export const APP = process.env.EFLOW_DESK_BIN ?? join(ROOT, "target/debug/eflow-desk");
export const SIM = process.env.EVERFLOW_SIM_BIN ?? join(ROOT, "target/debug/everflow-sim");
export const ARTIFACTS = join(ROOT, "tests/artifacts");
const DRIVER_PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);

mkdirSync(ARTIFACTS, { recursive: true });

/**
 * Starts a simulator process and resolves with its base URL once it listens. It serves the fault
 * admin endpoint (`--admin`), for `injectFault`.
 */
export async function startSimulator(args = [], { startTimeoutMs = 20_000 } = {}) {
  const child = spawn(SIM, ["--port", "0", "--admin", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const baseUrl = await new Promise((resolveUrl, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`simulator did not start: ${output}`)), startTimeoutMs);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = output.match(/base URL:\s+(\S+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`simulator exited with ${code}: ${output}`)));
  });
  return { baseUrl, stop: () => child.kill("SIGINT") };
}

/** Opens the app in a new WebDriver session (`application`: another copy of the binary). */
export async function launchApp(args = [], { application = APP } = {}) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port: DRIVER_PORT,
    logLevel: "warn",
    connectionRetryCount: 2,
    capabilities: {
      browserName: "wry",
      // WebKitWebDriver speaks classic WebDriver only (no BiDi).
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application, args },
    },
  });
  await browser.setTimeout({ implicit: 0 });
  return browser;
}

/** Ends the session, which closes the app. */
export async function quitApp(browser) {
  try {
    await browser.deleteSession();
  } catch {
    // The app may already be gone.
  }
}

export const byTestId = (id) => `[data-testid="${id}"]`;

/** Waits for an element to be displayed and returns it. */
export async function shown(browser, selector, timeout = 20_000) {
  const element = await browser.$(selector);
  await element.waitForDisplayed({ timeout, timeoutMsg: `${selector} was not displayed within ${timeout} ms` });
  return element;
}

/** Waits until the element's text matches. */
export async function textMatches(browser, selector, pattern, timeout = 20_000) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const element = await browser.$(selector);
      if (!(await element.isExisting())) return false;
      last = await element.getText();
      return pattern.test(last);
    },
    { timeout, timeoutMsg: `${selector} never matched ${pattern}; last text: "${last}"` },
  );
  return last;
}

/**
 * Saves a screenshot of the X display (the app's window fills it) into tests/artifacts/<name>.png.
 * The X server is asked rather than WebKitWebDriver, whose screenshot can hang on a first paint.
 */
export async function screenshot(browser, name) {
  const path = join(ARTIFACTS, `${name}.png`);
  // Let the last interaction finish painting.
  await browser.pause(300);
  execFileSync("import", ["-window", "root", path]);
  return path;
}

/** Clicks an element after scrolling it to the middle of the view (clear of the sticky top bar). */
export async function click(browser, selector, timeout = 20_000) {
  const element = await shown(browser, selector, timeout);
  await element.scrollIntoView({ block: "center" });
  await element.click();
  return element;
}

/** Types into an input after clearing it. */
export async function fill(browser, selector, value) {
  const input = await shown(browser, selector);
  await input.scrollIntoView({ block: "center" });
  await input.clearValue();
  await input.setValue(value);
}

/** Every regular file under a folder, recursively. */
export function filesUnder(folder) {
  const files = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      const stat = statSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) files.push(path);
    }
  };
  walk(folder);
  return files;
}

/** The files under `folder` whose bytes contain `needle`. */
export function filesContaining(folder, needle) {
  return filesUnder(folder).filter((file) => {
    try {
      return readFileSync(file).includes(needle);
    } catch (error) {
      // WebKit's processes can remove a storage file between the listing and the read: gone, it holds nothing.
      if (error.code === "ENOENT") return false;
      throw error;
    }
  });
}

/** A profile card in Settings, by the profile's name. */
export const card = (name) => `${byTestId("profile-card")}[data-profile-name="${name}"]`;

/** Settings, from the first screen or from inside an open profile, whichever the app shows. */
export async function goToSettings(app) {
  const entry = `${byTestId("nav-settings")}, ${byTestId("add-account")}`;
  await click(app, entry, 30_000);
  await shown(app, byTestId("settings-screen"));
}

/** Fills Settings' "Add a profile" form for a simulator at `baseUrl` and waits for the new card. */
export async function addProfile(app, { name, kind, key, baseUrl }) {
  await fill(app, byTestId("profile-name"), name);
  await click(app, byTestId(`profile-kind-${kind}`));
  const region = await app.$(byTestId("profile-region"));
  await region.scrollIntoView({ block: "center" });
  await region.selectByAttribute("value", "custom");
  await fill(app, byTestId("profile-custom-url"), baseUrl);
  if (key) await fill(app, byTestId("profile-key"), key);
  await click(app, byTestId("create-profile"));
  await shown(app, card(name));
}

/** Calls the simulator's API directly, to check what the app did. */
export async function simulatorCall(simulator, key, method, path, body) {
  const response = await fetch(`${simulator.baseUrl}${path}`, {
    method,
    headers: { "X-Eflow-API-Key": key, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/**
 * Makes the simulator misbehave on chosen requests, through its admin endpoint (`POST /__sim/faults`),
 * e.g. `{ method: "PATCH", path_contains: "/patch/affiliates/apply", skip: 1, fault: { status: 500 } }`
 * (the 2nd bulk apply from now fails unprocessed). Faults: `{ status: N }`,
 * `{ status_after_processing: N }`, `"drop"`, `"drop_after_processing"`, `"malformed"`,
 * `{ delay_ms: N }`; `every: true` hits every matching request after `skip`. Resolves with the
 * simulator's answer (`{ added, pending }`).
 */
export async function injectFault(simulator, rule) {
  const response = await fetch(`${new URL(simulator.baseUrl).origin}/__sim/faults`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(rule),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`injectFault ${JSON.stringify(rule)}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** A field of the affiliate forms, by its dotted path (e.g. `billing.details.day_of_month`). */
export const formField = (path) => byTestId(`f-${path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}`);

/**
 * A simulator standing in for a real account (with a random network key), and the app opened on a
 * profile pointing at it: the starting point of the specs that check writes on the simulator.
 */
export async function openOnSimulator(profileName, simulatorArgs = []) {
  const key = `e2e-${randomUUID()}`;
  const simulator = await startSimulator(["--network-key", key, ...simulatorArgs]);
  let app;
  try {
    app = await launchApp();
  } catch (error) {
    simulator.stop(); // or the test process never ends
    throw error;
  }
  await goToSettings(app);
  await addProfile(app, { name: profileName, kind: "network", key, baseUrl: simulator.baseUrl });
  await click(app, `${card(profileName)} ${byTestId("open-profile")}`);
  await shown(app, byTestId("affiliate-row"), 30_000);
  const call = (method, path, body) => simulatorCall(simulator, key, method, path, body);
  return { app, simulator, key, call };
}
