// Accessibility, measured: axe-core (npm) is injected through WebDriver into the real webview and
// run on every main screen and dialog of the demo network; any serious or critical finding fails,
// and every finding is printed. The keyboard alone reaches the main screens (shortcuts) and the
// shortcuts dialog, and the control in focus is visibly outlined.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { after, before, test } from "node:test";
import { byTestId, click, launchApp, quitApp, screenshot, shown } from "../harness.mjs";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const BLOCKING = new Set(["serious", "critical"]);
let app;

before(async () => {
  app = await launchApp(["--demo"]);
  await shown(app, byTestId("affiliate-row"), 30_000);
});

after(async () => {
  await quitApp(app);
});

/** Runs axe on the page as it is; answers every violation, with its impact and where it is. */
async function axe(where) {
  const loaded = await app.execute(() => typeof window.axe === "object");
  if (!loaded) await app.execute(AXE_SOURCE);
  const raw = await app.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ["violations"] })
      .then((results) =>
        done(
          JSON.stringify(
            results.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
            })),
          ),
        ),
      )
      .catch((error) => done(JSON.stringify({ error: String(error) })));
  });
  const violations = JSON.parse(raw);
  assert.ok(Array.isArray(violations), `axe could not run on ${where}: ${raw}`);
  for (const v of violations) {
    console.log(`# ${where}: [${v.impact}] ${v.id}: ${v.help}`);
    for (const node of v.nodes) console.log(`#     ${node.target}\n#       ${(node.summary ?? "").replace(/\n/g, "\n#       ")}`);
  }
  return violations.filter((v) => BLOCKING.has(v.impact));
}

const SCREENS = [
  ["affiliates", "affiliate-row"],
  ["onboard", null],
  ["bulk-edit", null],
  ["visibility", null],
  ["offer-urls", null],
  ["connections", null],
  ["history", null],
  ["settings", "settings-screen"],
];

test("every main screen and dialog has no serious or critical axe finding", async () => {
  const blocking = [];
  const check = async (where) => {
    for (const v of await axe(where)) blocking.push(`${where}: [${v.impact}] ${v.id} (${v.help}) at ${v.nodes.map((n) => n.target).join(", ")}`);
  };

  for (const [screen, testId] of SCREENS) {
    await click(app, byTestId(`nav-${screen}`));
    await app.waitUntil(async () => (await (await app.$(byTestId(`nav-${screen}`))).getAttribute("aria-current")) === "page");
    if (testId) await shown(app, byTestId(testId));
    // Let the screen's first load settle (spinners give way to content).
    await app.pause(800);
    await check(`screen ${screen}`);
  }

  // Dialogs: the keyboard shortcuts, an affiliate's detail, and a plan preview.
  await click(app, byTestId("show-shortcuts"));
  await shown(app, byTestId("shortcuts-dialog"));
  await check("dialog keyboard shortcuts");
  await click(app, byTestId("close-shortcuts"));

  await click(app, byTestId("nav-affiliates"));
  await click(app, `${byTestId("affiliate-row")} .cell-name`, 30_000);
  await shown(app, byTestId("affiliate-detail"));
  await app.pause(500);
  await check("affiliate detail");

  await click(app, byTestId("nav-affiliates"));
  for (const id of [1, 3]) await click(app, `[data-testid="affiliate-row"][data-affiliate-id="${id}"] ${byTestId("row-select")}`);
  await click(app, byTestId("bulk-edit-selected"));
  await (await shown(app, byTestId("bulk-field-picker"))).selectByAttribute("value", "account_status");
  await (await shown(app, byTestId("bulk-value-account_status"))).selectByAttribute("value", "inactive");
  await click(app, byTestId("bulk-preview"));
  await shown(app, byTestId("plan-preview"), 30_000);
  await app.pause(500);
  await check("dialog plan preview");
  await screenshot(app, "16-plan-preview");
  await click(app, byTestId("plan-dismiss"));

  // The first screen, with nothing open.
  await click(app, byTestId("close-session"));
  await shown(app, byTestId("open-demo"));
  await check("start screen");

  assert.deepEqual(blocking, [], "no serious or critical accessibility findings");
});

test("the keyboard alone reaches the main screens and the shortcuts, with the focus visible", async () => {
  // The test before ends on the first screen.
  if (!(await (await app.$(byTestId("nav-affiliates"))).isExisting())) await click(app, byTestId("open-demo"));
  await shown(app, byTestId("affiliate-row"), 30_000);
  const current = async () =>
    app.execute(() => document.querySelector('nav [aria-current="page"]')?.getAttribute("data-testid") ?? null);

  await app.keys(["Control", "7"]);
  await app.waitUntil(async () => (await current()) === "nav-history", { timeoutMsg: "Ctrl+7 did not open History" });
  await app.keys(["Control", "8"]);
  await app.waitUntil(async () => (await current()) === "nav-settings", { timeoutMsg: "Ctrl+8 did not open Settings" });
  await app.keys(["Control", "1"]);
  await app.waitUntil(async () => (await current()) === "nav-affiliates", { timeoutMsg: "Ctrl+1 did not open Affiliates" });

  // Tab from the top of the page reaches the sidebar's first link, outlined.
  await app.execute(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await app.keys("Tab");
  const focused = await app.execute(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return { id: element.getAttribute("data-testid"), outline: style.outlineStyle, width: style.outlineWidth };
  });
  assert.equal(focused.id, "nav-affiliates", "the first Tab lands on the navigation");
  assert.notEqual(focused.outline, "none", `the focused link is outlined (${JSON.stringify(focused)})`);
  await screenshot(app, "16-keyboard-focus");

  // Enter on a focused navigation link opens its screen.
  await app.keys("Tab");
  await app.keys("Enter");
  await app.waitUntil(async () => (await current()) === "nav-onboard", { timeoutMsg: "Enter on Onboard did not open it" });

  await app.keys("?");
  await shown(app, byTestId("shortcuts-dialog"));
  await screenshot(app, "16-shortcuts-dialog");
  await app.keys("Escape");
  await app.waitUntil(async () => !(await (await app.$(byTestId("shortcuts-dialog"))).isExisting()), {
    timeoutMsg: "Escape did not close the shortcuts dialog",
  });
});
