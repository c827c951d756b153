// A profile against a simulator standing in for a real account: the key goes into the OS
// keyring, survives a restart, and never lands in the settings file or the logs.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  addProfile,
  byTestId,
  card,
  click,
  goToSettings,
  filesContaining,
  filesUnder,
  fill,
  launchApp,
  quitApp,
  screenshot,
  shown,
  startSimulator,
  textMatches,
} from "../harness.mjs";

const NETWORK_KEY = `e2e-network-${randomUUID()}`;
const PARTNER_KEY = `e2e-partner-${randomUUID()}`;
const PROFILE = "Acme Network";
let simulator;

before(async () => {
  simulator = await startSimulator(["--network-key", NETWORK_KEY, "--partner-key", PARTNER_KEY]);
});

after(() => simulator?.stop());

test("a key stored for a profile still works after the app restarts", async () => {
  let app = await launchApp();
  try {
    await click(app, byTestId("add-account"));
    await shown(app, byTestId("add-profile-form"));
    await addProfile(app, { name: PROFILE, kind: "network", key: NETWORK_KEY, baseUrl: simulator.baseUrl });
    await textMatches(app, `${card(PROFILE)} ${byTestId("key-status")}`, new RegExp(NETWORK_KEY.slice(-4)));
    const page = await app.getPageSource();
    assert.ok(!page.includes(NETWORK_KEY), "the key must not be in the page once saved");
    await screenshot(app, "05-profile-created");

    await click(app, `${card(PROFILE)} ${byTestId("test-key")}`);
    await textMatches(app, `${card(PROFILE)} ${byTestId("key-test-result")}`, /key works/i);
    await click(app, `${card(PROFILE)} ${byTestId("open-profile")}`);
    await shown(app, byTestId("affiliate-row"));
  } finally {
    await quitApp(app);
  }

  // A new process: the profile reopens by itself with the key from the keyring.
  app = await launchApp();
  try {
    await shown(app, byTestId("affiliate-row"), 30_000);
    assert.equal(await (await app.$(byTestId("demo-badge"))).isExisting(), false, "a real profile is not the demo");
    await screenshot(app, "06-profile-reopened");
    await click(app, byTestId("nav-settings"));
    await click(app, `${card(PROFILE)} ${byTestId("test-key")}`);
    await textMatches(app, `${card(PROFILE)} ${byTestId("key-test-result")}`, /key works/i);
    await screenshot(app, "07-key-test-after-restart");
  } finally {
    await quitApp(app);
  }

  // The key is in the keyring only: no settings file, log or cache holds it in clear.
  const home = process.env.HOME;
  const files = filesUnder(home);
  assert.ok(files.some((file) => file.endsWith("settings.json")), `the settings file exists under ${home}`);
  assert.ok(files.some((file) => file.endsWith("eflow-desk.log")), `the log file exists under ${home}`);
  assert.deepEqual(filesContaining(home, NETWORK_KEY), [], "no file holds the key in clear");
});

test("a wrong key and a key of the wrong kind get plain-language errors", async () => {
  const app = await launchApp();
  try {
    await goToSettings(app);
    await shown(app, byTestId("add-profile-form"));

    await addProfile(app, { name: "Typo Network", kind: "network", key: "wrong-key-0000", baseUrl: simulator.baseUrl });
    await click(app, `${card("Typo Network")} ${byTestId("test-key")}`);
    await textMatches(app, `${card("Typo Network")} ${byTestId("key-test-result")}`, /did not accept the API key/i);
    await screenshot(app, "08-wrong-key");

    await addProfile(app, { name: "Mixed Up", kind: "network", key: PARTNER_KEY, baseUrl: simulator.baseUrl });
    await click(app, `${card("Mixed Up")} ${byTestId("test-key")}`);
    await textMatches(app, `${card("Mixed Up")} ${byTestId("key-test-result")}`, /looks like a partner key/i);
    await screenshot(app, "09-wrong-kind-of-key");
  } finally {
    await quitApp(app);
  }
});
