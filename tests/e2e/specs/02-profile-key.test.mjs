// A profile against a simulator standing in for a real account: the key goes into the OS
// keyring, survives a restart, and never lands in the settings file or the logs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
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

  // The files the app keeps, and their folders, are the user's alone.
  for (const name of ["settings.json", "eflow-desk.log"]) {
    const file = files.find((f) => f.endsWith(name));
    assert.equal(mode(file), 0o600, `${file} is readable by the user only`);
    assert.equal(mode(dirname(file)), 0o700, `${dirname(file)} is the user's only`);
  }
});

const APP_ID = "team.eflowdesk.desk";

/** Permission bits of a file or folder. */
function mode(path) {
  return statSync(path).mode & 0o777;
}

/** The id of a profile, from the settings file the app wrote. */
function profileId(name) {
  const file = filesUnder(process.env.HOME).find((f) => f.endsWith(`${APP_ID}/settings.json`));
  const profile = JSON.parse(readFileSync(file, "utf8")).settings.profiles.find((p) => p.name === name);
  assert.ok(profile, `profile ${name} in ${file}`);
  return profile.id;
}

/** The key the system keyring holds for a profile (asked with secret-tool), or null. */
function keyringEntry(id) {
  try {
    return execFileSync("secret-tool", ["lookup", "service", APP_ID, "username", id], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

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

test("plain http is refused for another computer, and a new address deletes the key from the keyring", async () => {
  const app = await launchApp();
  try {
    await goToSettings(app);
    await shown(app, byTestId("add-profile-form"));
    await addProfileExpectingError(app, "http://example.com/v1");
    await textMatches(app, `${byTestId("add-profile-form")} [data-field="region"] ${byTestId("field-error")}`, /must start with https:\/\//);
    await screenshot(app, "10-http-refused");

    const name = "Moving Network";
    await addProfile(app, { name, kind: "network", key: NETWORK_KEY, baseUrl: simulator.baseUrl });
    await textMatches(app, `${card(name)} ${byTestId("key-status")}`, new RegExp(NETWORK_KEY.slice(-4)));
    const id = profileId(name);
    assert.equal(keyringEntry(id), NETWORK_KEY, "the key is in the system keyring");

    // The same simulator under another address: the key was given for the old one.
    await click(app, `${card(name)} ${byTestId("edit-profile")}`);
    await fill(app, `${card(name)} ${byTestId("profile-custom-url")}`, simulator.baseUrl.replace("127.0.0.1", "localhost"));
    await click(app, `${card(name)} ${byTestId("save-profile")}`);
    await textMatches(app, byTestId("key-removal-notice"), /removed from the system keyring/);
    assert.equal(keyringEntry(id), NETWORK_KEY, "nothing changes before the confirmation");
    await screenshot(app, "11-new-address-confirmation");
    await click(app, `${byTestId("confirm-dialog")} ${byTestId("confirm-button")}`);
    await textMatches(app, `${card(name)} ${byTestId("key-status")}`, /no key/i);
    assert.equal(keyringEntry(id), null, "the keyring entry is gone");

    // Asked again, the key works at the new address.
    await fill(app, `${card(name)} ${byTestId("key-input")}`, NETWORK_KEY);
    await click(app, `${card(name)} ${byTestId("save-key")}`);
    await textMatches(app, `${card(name)} ${byTestId("key-status")}`, new RegExp(NETWORK_KEY.slice(-4)));
    await click(app, `${card(name)} ${byTestId("test-key")}`);
    await textMatches(app, `${card(name)} ${byTestId("key-test-result")}`, /key works/i);
  } finally {
    await quitApp(app);
  }
});

/** Fills the add form with a custom address and submits it, expecting a refusal (no card). */
async function addProfileExpectingError(app, baseUrl) {
  await fill(app, byTestId("profile-name"), "Plain HTTP");
  const region = await app.$(byTestId("profile-region"));
  await region.scrollIntoView({ block: "center" });
  await region.selectByAttribute("value", "custom");
  await fill(app, byTestId("profile-custom-url"), baseUrl);
  await click(app, byTestId("create-profile"));
}
