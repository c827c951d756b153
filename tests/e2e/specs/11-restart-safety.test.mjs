// Restart safety: settings that do not load are kept aside (never lost) and the user is told; a
// key whose profile is gone can be removed; a second launch focuses the first; the window opens
// where it was left, and back on the screen when it was off it.

import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { APP, byTestId, card, click, filesUnder, goToSettings, launchApp, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

const APP_ID = "team.eflowdesk.desk";
const DATA = join(process.env.XDG_DATA_HOME ?? join(process.env.HOME, ".local/share"), APP_ID);
const SETTINGS = join(DATA, "settings.json");
const WINDOW = join(DATA, "window.json");
const FUTURE_ID = `future-${process.pid}`;
const FUTURE_KEY = `kept-aside-key-${process.pid}`;

/** Runs `body` with `file` holding `contents`, and puts back what was there before (other specs' state). */
async function withFile(file, contents, body) {
  const before = existsSync(file) ? readFileSync(file) : null;
  mkdirSync(DATA, { recursive: true });
  if (contents === null) rmSync(file, { force: true });
  else writeFileSync(file, contents, { mode: 0o600 });
  try {
    await body();
  } finally {
    if (before === null) rmSync(file, { force: true });
    else writeFileSync(file, before, { mode: 0o600 });
  }
}

function keyringEntry(id) {
  const found = spawnSync("secret-tool", ["lookup", "service", APP_ID, "username", id], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : null;
}

test("a profile from a newer version is kept aside: the good one loads, the user is told where, nothing is lost", async () => {
  const original = JSON.stringify(
    {
      settings: {
        profiles: [
          { id: "good-1", name: "Acme US", kind: "network", region: { kind: "us" } },
          { id: FUTURE_ID, name: "Acme Mars", kind: "network", region: { kind: "mars", url: "https://mars.example/v1" } },
        ],
        page_size: 75,
      },
    },
    null,
    2,
  );
  // Its key is in the keyring, as the newer version left it.
  execFileSync("secret-tool", ["store", "--label", "Eflow Desk test key", "service", APP_ID, "username", FUTURE_ID, "target", "default"], {
    input: FUTURE_KEY,
  });
  assert.equal(keyringEntry(FUTURE_ID), FUTURE_KEY);

  await withFile(SETTINGS, original, async () => {
    const app = await launchApp();
    try {
      // The first screen: the good profile, and what was kept aside and where.
      await shown(app, `${byTestId("start-profile")}[data-profile-name="Acme US"]`, 30_000);
      assert.equal((await app.$$(byTestId("start-profile"))).length, 1, "only the good profile is listed");
      const notice = await textMatches(app, byTestId("kept-aside-notice"), /Acme Mars/);
      assert.match(notice, /could not be loaded/);
      assert.match(notice, /mars/, "says why");
      const asideFile = filesUnder(DATA).find((f) => basename(f).startsWith(`settings.profile-${FUTURE_ID}.kept-aside-`));
      assert.ok(asideFile, `the profile is written aside in ${DATA}`);
      assert.ok(notice.includes(asideFile), `the notice names ${asideFile}: ${notice}`);
      await screenshot(app, "11-kept-aside-first-screen");

      // The original file is still on disk as it was.
      const copies = filesUnder(DATA).filter((f) => basename(f).startsWith("settings.original.kept-aside-"));
      assert.equal(copies.length, 1, `one copy of the original: ${copies}`);
      assert.equal(readFileSync(copies[0], "utf8"), original);
      assert.ok(notice.includes(copies[0]), "the notice names the copy of the original");
      assert.equal(JSON.parse(readFileSync(asideFile, "utf8")).region.kind, "mars");

      // Settings: the same notice, the good profile, and the kept-aside profile's key, removable.
      await goToSettings(app);
      await shown(app, card("Acme US"));
      await textMatches(app, `${byTestId("settings-screen")} ${byTestId("kept-aside-notice")}`, /Acme Mars/);
      // (Keys of profiles other specs left in this keyring are listed too: this settings file replaced theirs.)
      const futureKey = `${byTestId("key-without-profile")}[data-profile-id="${FUTURE_ID}"]`;
      const orphan = await textMatches(app, futureKey, /Key of “Acme Mars”/);
      assert.match(orphan, /kept aside in/);
      await screenshot(app, "11-kept-aside-settings");
      await (await app.$(futureKey)).scrollIntoView({ block: "center" });
      await screenshot(app, "11-key-without-profile");
      await click(app, `${futureKey} button`);
      await app.waitUntil(async () => !(await (await app.$(futureKey)).isExisting()), {
        timeout: 20_000,
        timeoutMsg: "the key was still listed after Remove",
      });
      assert.equal(keyringEntry(FUTURE_ID), null, "the key is gone from the keyring");

      // What loaded was saved; the kept-aside parts are in their own files, never overwritten.
      const saved = JSON.parse(readFileSync(SETTINGS, "utf8")).settings;
      assert.deepEqual(saved.profiles.map((p) => p.name), ["Acme US"]);
      assert.equal(saved.page_size, 75);
      assert.equal(readFileSync(copies[0], "utf8"), original);

      await click(app, `${byTestId("settings-screen")} ${byTestId("dismiss-kept-aside")}`);
      await app.waitUntil(async () => !(await (await app.$(byTestId("kept-aside-notice"))).isExisting()), {
        timeout: 20_000,
        timeoutMsg: "the notice stayed after it was dismissed",
      });
    } finally {
      await quitApp(app);
    }
  });
});

/** The top-level X windows titled like the app. */
function appWindows() {
  const tree = execFileSync("xwininfo", ["-root", "-children"], { encoding: "utf8" });
  return tree.split("\n").filter((line) => line.includes('"Eflow Desk"'));
}

test("a second launch focuses the running window and opens no second one", async () => {
  const app = await launchApp();
  try {
    await shown(app, `${byTestId("add-account")}, ${byTestId("nav-settings")}`, 30_000);
    const before = appWindows();
    assert.equal(before.length, 1, `one window: ${before}`);

    // The same binary, user, display and D-Bus session, started directly.
    const second = spawn(APP, [], { env: process.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    second.stdout.on("data", (chunk) => (output += chunk));
    second.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise((resolve) => {
      const timer = setTimeout(() => {
        second.kill("SIGKILL");
        resolve("still running after 20 s");
      }, 20_000);
      second.on("exit", (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    assert.equal(code, 0, `the second launch hands over and exits: ${output}`);
    assert.deepEqual(appWindows(), before, "no second window");

    // The first one was asked to come forward, and still works.
    const log = filesUnder(DATA).find((f) => f.endsWith("eflow-desk.log"));
    await app.waitUntil(async () => readFileSync(log, "utf8").includes("launched again"), {
      timeout: 10_000,
      timeoutMsg: `the running app did not hear of the second launch (${log})`,
    });
    await goToSettings(app);
    await shown(app, byTestId("add-profile-form"));
  } finally {
    await quitApp(app);
  }
});

test("the window opens where it was left, and back on the screen when it was off it", async () => {
  await withFile(WINDOW, null, async () => {
    let app = await launchApp();
    let placed;
    try {
      await shown(app, `${byTestId("add-account")}, ${byTestId("nav-settings")}`, 30_000);
      await app.setWindowRect(140, 90, 1040, 680);
      placed = await app.getWindowRect();
      assert.deepEqual(
        { width: placed.width, height: placed.height },
        { width: 1040, height: 680 },
        `resized (the X server has no window manager): ${JSON.stringify(placed)}`,
      );
      assert.deepEqual({ x: placed.x, y: placed.y }, { x: 140, y: 90 }, `moved: ${JSON.stringify(placed)}`);
      // Saved once the moves settle.
      await app.waitUntil(async () => existsSync(WINDOW) && JSON.parse(readFileSync(WINDOW, "utf8")).width === 1040, {
        timeout: 10_000,
        timeoutMsg: `the geometry was not saved in ${WINDOW}`,
      });
    } finally {
      await quitApp(app);
    }

    app = await launchApp();
    try {
      await shown(app, `${byTestId("add-account")}, ${byTestId("nav-settings")}`, 30_000);
      assert.deepEqual(await app.getWindowRect(), placed, "same geometry after a restart");
    } finally {
      await quitApp(app);
    }

    // Left on a screen that is gone: it comes back onto the one there is (1280 x 800 here).
    writeFileSync(WINDOW, JSON.stringify({ x: 3000, y: 1500, width: 1000, height: 700, maximized: false }));
    app = await launchApp();
    try {
      await shown(app, `${byTestId("add-account")}, ${byTestId("nav-settings")}`, 30_000);
      const rect = await app.getWindowRect();
      assert.deepEqual(rect, { x: 140, y: 50, width: 1000, height: 700 }, "centred on the screen");
      await screenshot(app, "11-window-back-on-screen");
    } finally {
      await quitApp(app);
    }
  });
});
