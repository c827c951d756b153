// The built-in demo network: opened from the first screen, and straight from `--demo`.

import assert from "node:assert/strict";
import { test } from "node:test";
import { byTestId, click, launchApp, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

test("opening the demo network from the first screen shows its affiliates", async () => {
  const app = await launchApp();
  try {
    await shown(app, byTestId("open-demo"));
    await screenshot(app, "01-start-screen");
    await click(app, byTestId("open-demo"));

    await shown(app, byTestId("demo-badge"));
    await shown(app, byTestId("affiliate-row"));
    const rows = await app.$$(byTestId("affiliate-row"));
    assert.ok(rows.length >= 10, `expected a page of demo affiliates, got ${rows.length}`);
    await textMatches(app, byTestId("affiliates-range"), /of \d+/);
    await screenshot(app, "02-demo-affiliates");

    // Searching narrows the table to names containing the term.
    const firstName = await (await app.$(`${byTestId("affiliate-row")} .cell-name`)).getText();
    const term = firstName.slice(0, 5);
    await (await app.$(byTestId("affiliate-search"))).setValue(term);
    await app.waitUntil(
      async () => {
        const names = await app.$$(`${byTestId("affiliate-row")} .cell-name`).map((cell) => cell.getText());
        return names.length > 0 && names.length < rows.length && names.every((name) => name.toLowerCase().includes(term.toLowerCase()));
      },
      { timeout: 15_000, timeoutMsg: `search for "${term}" did not narrow the table` },
    );
    await screenshot(app, "03-demo-affiliates-search");

    await click(app, byTestId("nav-settings"));
    await shown(app, byTestId("settings-screen"));
    await screenshot(app, "04-settings-empty");
  } finally {
    await quitApp(app);
  }
});

test("`eflow-desk --demo` opens straight on the demo network", async () => {
  const app = await launchApp(["--demo"]);
  try {
    await shown(app, byTestId("demo-badge"));
    await shown(app, byTestId("affiliate-row"));
  } finally {
    await quitApp(app);
  }
});
