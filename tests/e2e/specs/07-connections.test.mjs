// Connections (partner profiles): a partner profile on a simulator lists its connections by status,
// its brands' logos refused (they point at 127.0.0.1, which a brand's address may not reach: the
// initials are shown); a network profile is told it needs a partner key; the demo network shows the
// demo partner account's connections with their logos, loaded by Rust from the demo's own origin.

import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import {
  addProfile,
  byTestId,
  card,
  click,
  goToSettings,
  launchApp,
  quitApp,
  screenshot,
  shown,
  simulatorCall,
  startSimulator,
  textMatches,
} from "../harness.mjs";

let app, simulator;
const partnerKey = `e2e-partner-${randomUUID()}`;
const networkKey = `e2e-network-${randomUUID()}`;

before(async () => {
  simulator = await startSimulator(["--partner-key", partnerKey, "--network-key", networkKey]);
  app = await launchApp();
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

/**
 * Waits until every brand logo on the page has been asked for and refused: the initials are shown.
 * The simulator serves its logos on 127.0.0.1, an address on this computer, which only the demo
 * network's own logos may use.
 */
async function logosRefused() {
  await app.waitUntil(
    async () => {
      const logos = await app.$$(byTestId("connection-logo"));
      if (logos.length === 0) return false;
      for (const logo of logos) {
        if ((await logo.getAttribute("data-state")) !== "placeholder") return false;
      }
      return true;
    },
    { timeout: 20_000, timeoutMsg: "the brand logos were not refused" },
  );
}

/** The brand names shown, in order. */
async function shownNames() {
  return app.$$(byTestId("connection-name")).map((name) => name.getText());
}

/** Waits until every brand logo on the page has loaded as an image handed over by Rust. */
async function logosLoaded() {
  await app.waitUntil(
    async () => {
      const logos = await app.$$(byTestId("connection-logo"));
      if (logos.length === 0) return false;
      for (const logo of logos) {
        if ((await logo.getAttribute("data-state")) !== "image") return false;
        if (!(await logo.getAttribute("src"))?.startsWith("data:image/png;base64,")) return false;
      }
      return true;
    },
    { timeout: 20_000, timeoutMsg: "the brand logos did not load" },
  );
}

test("a partner profile lists its pending connections, as the simulator has them", async () => {
  await goToSettings(app);
  await addProfile(app, { name: "Partner E2E", kind: "partner", key: partnerKey, baseUrl: simulator.baseUrl });
  await click(app, `${card("Partner E2E")} ${byTestId("open-profile")}`);
  await click(app, byTestId("nav-connections"), 30_000);

  const all = await simulatorCall(simulator, partnerKey, "POST", "/partners/connections/table", {});
  await textMatches(app, byTestId("connections-range"), new RegExp(`of ${all.paging.total_count} connections`));
  assert.match(all.connections[0].relationship.network.logo_image_url, /^http:\/\/127\.0\.0\.1:/);
  await logosRefused();
  await screenshot(app, "70-connections-all");

  await click(app, byTestId("connections-status-pending"));
  const pending = await simulatorCall(simulator, partnerKey, "POST", "/partners/connections/table", {
    filters: { status: "pending" },
  });
  const expected = pending.connections.map((c) => c.relationship.network.name);
  assert.ok(expected.length > 0, "the simulator has pending connections");
  await textMatches(app, byTestId("connections-range"), new RegExp(`of ${expected.length} pending connections`));
  await app.waitUntil(async () => (await shownNames()).length === expected.length, {
    timeout: 20_000,
    timeoutMsg: "the pending connections were not shown",
  });
  assert.deepEqual(await shownNames(), expected);
  const statuses = await app.$$(byTestId("connection-row")).map((row) => row.getAttribute("data-status"));
  assert.ok(statuses.every((s) => s === "pending"), `every row is pending: ${statuses}`);
  // Each brand shows its contact and time created, and both of its pages can be opened.
  const first = pending.connections[0];
  const contact = first.relationship.demand_partner.relationship.contact;
  await textMatches(app, `${byTestId("connection-row")}:first-child ${byTestId("connection-contact")}`, new RegExp(contact.email));
  assert.match(await (await app.$(`${byTestId("connection-row")}:first-child ${byTestId("connection-created")}`)).getText(), /\d{4}/);
  assert.ok(await (await app.$(`${byTestId("connection-row")}:first-child ${byTestId("connection-signup")}`)).isEnabled());
  assert.ok(await (await app.$(`${byTestId("connection-row")}:first-child ${byTestId("connection-login")}`)).isEnabled());
  await logosRefused();
  await screenshot(app, "71-connections-pending");

  // Deleted, then back to every status, by keyboard.
  await click(app, byTestId("connections-status-deleted"));
  await textMatches(app, byTestId("connections-range"), /of \d+ deleted connection/);
  await app.execute((element) => element.focus(), await app.$(byTestId("connections-status-all")));
  await app.keys("Enter");
  await textMatches(app, byTestId("connections-range"), new RegExp(`of ${all.paging.total_count} connections`));
});

test("a network profile is told in plain words that it needs a partner key", async () => {
  await goToSettings(app);
  await addProfile(app, { name: "Network E2E", kind: "network", key: networkKey, baseUrl: simulator.baseUrl });
  await click(app, `${card("Network E2E")} ${byTestId("open-profile")}`);
  await click(app, byTestId("nav-connections"), 30_000);
  await textMatches(app, byTestId("connections-needs-partner-key"), /needs a partner key/);
  await screenshot(app, "72-connections-network-profile");
  await click(app, byTestId("connections-go-settings"));
  await shown(app, byTestId("settings-screen"));
});

test("the demo network shows the demo partner account's connections with their logos", async () => {
  // One app at a time: the demo opens in a fresh one.
  await quitApp(app);
  app = await launchApp(["--demo"]);
  await shown(app, byTestId("demo-badge"), 30_000);
  await click(app, byTestId("nav-connections"));
  await shown(app, byTestId("connections-demo-note"));
  await textMatches(app, byTestId("connections-range"), /of 8 connections/);
  await logosLoaded();
  await screenshot(app, "73-connections-demo");
});
