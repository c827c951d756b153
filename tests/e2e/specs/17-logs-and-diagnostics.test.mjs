// The logs never hold a key or payment details, at the most detailed level: with "Everything" chosen
// in Settings, a key is set and an affiliate's bank account number edited and applied; afterwards
// no log file under the app's home holds the key or either number, while the level did apply (the
// apply wrote its debug line). "Copy diagnostics" puts the version, the OS, the webview and the
// last log lines on the clipboard and shows the same text.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import {
  addProfile,
  byTestId,
  card,
  click,
  fill,
  filesUnder,
  formField,
  goToSettings,
  launchApp,
  quitApp,
  screenshot,
  shown,
  simulatorCall,
  startSimulator,
  textMatches,
} from "../harness.mjs";

const HOME = process.env.E2E_HOME;
const PROFILE = "Logs E2E";
const KEY = `e2e-${randomUUID()}`;
let app, simulator;

before(async () => {
  simulator = await startSimulator(["--network-key", KEY]);
  app = await launchApp();
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
});

const sim = (method, path, body) => simulatorCall(simulator, KEY, method, path, body);
const logFiles = () => filesUnder(HOME).filter((file) => /eflow-desk\.log(\.\d+)?$/.test(file));
const logText = () => logFiles().map((file) => readFileSync(file, "utf8")).join("\n");

/** The first demo affiliate paid by wire, and its account number. */
async function wiredAffiliate() {
  for (let id = 1; id <= 40; id++) {
    const billing = (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship?.billing;
    if (billing?.payment_type === "wire" && billing.billing?.account_number) return { id, number: billing.billing.account_number };
  }
  throw new Error("no demo affiliate is paid by wire");
}

test("at the most detailed log level, no log file holds the key or a bank account number", async () => {
  assert.ok(HOME, "E2E_HOME is set by run.sh");
  await goToSettings(app);
  const level = await shown(app, byTestId("pref-log-level"));
  await level.scrollIntoView({ block: "center" });
  await level.selectByAttribute("value", "trace");
  await click(app, byTestId("save-preferences"));
  await textMatches(app, byTestId("preferences-form"), /Preferences saved/);

  await addProfile(app, { name: PROFILE, kind: "network", key: KEY, baseUrl: simulator.baseUrl });
  await click(app, `${card(PROFILE)} ${byTestId("open-profile")}`);
  await shown(app, byTestId("affiliate-row"), 30_000);

  const { id, number: oldNumber } = await wiredAffiliate();
  const newNumber = "5820193746";
  await click(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"] .cell-name`, 30_000);
  await shown(app, byTestId("affiliate-detail"));
  await click(app, byTestId("detail-edit"));
  await shown(app, byTestId("edit-screen"));
  // Emptied the way a user does (React only sees typed keys), then typed.
  const field = await click(app, formField("billing.billing.account_number"));
  await app.keys(["Control", "a"]);
  await app.keys("Backspace");
  await app.waitUntil(async () => (await field.getValue()) === "", { timeoutMsg: "the account number was not emptied" });
  await fill(app, formField("billing.billing.account_number"), newNumber);
  await app.waitUntil(async () => (await field.getValue()) === newNumber, { timeoutMsg: "the new account number was not typed" });
  await click(app, byTestId("edit-review"));
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 30_000);
  await click(app, byTestId("plan-close"));
  const applied = await sim("GET", `/networks/affiliates/${id}?relationship=billing`);
  assert.equal(applied.relationship.billing.billing.account_number, newNumber, "the edit reached the simulator");

  // Copy diagnostics: the same text on the clipboard and on screen, without the secrets either.
  await click(app, byTestId("nav-settings"));
  await click(app, byTestId("copy-diagnostics"));
  await shown(app, byTestId("diagnostics-copied"));
  const shownText = await (await app.$(byTestId("diagnostics-text"))).getValue();
  await screenshot(app, "15-diagnostics-copied");
  for (const expected of [/^App version: \d+\.\d+\.\d+/m, /^Operating system: \S+/m, /^Webview: WebKitGTK \d+\.\d+/m, /^Log level: trace$/m, /plan applied/]) {
    assert.match(shownText, expected);
  }
  const clipboard = execFileSync("xclip", ["-selection", "clipboard", "-o"], { encoding: "utf8", timeout: 10_000 });
  assert.equal(clipboard, shownText, "the clipboard holds what the dialog shows");
  for (const secret of [KEY, oldNumber, newNumber]) assert.ok(!shownText.includes(secret), `the diagnostics do not hold ${secret}`);

  await quitApp(app);
  const files = logFiles();
  assert.ok(files.some((file) => file.endsWith("/eflow-desk.log")), `a log file exists under ${HOME}: ${files}`);
  const text = logText();
  assert.match(text, /DEBUG .*applying a plan/, "the chosen level applied: the apply's debug line is there");
  for (const [what, secret] of [["the API key", KEY], ["the old account number", oldNumber], ["the new account number", newNumber]]) {
    const holding = files.filter((file) => readFileSync(file, "utf8").includes(secret));
    assert.deepEqual(holding, [], `no log file holds ${what}`);
  }
});
