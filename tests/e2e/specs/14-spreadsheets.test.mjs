// Spreadsheet round trips with a real spreadsheet program: the affiliates table and the visibility
// matrix are exported from the app, converted and edited with LibreOffice (headless), so the file
// the app reads back was written by LibreOffice, not by the app; the import is previewed in the one
// preview dialog with exactly the edited cells, applied, checked on the simulator and undone.
//
// Native file dialogs cannot be driven through WebDriver: run.sh's session sets
// EFLOW_E2E_DIALOG_DIR, and the app's two dialog commands then answer a path in that folder
// (the open dialog: the path written in `open-next`). Everything after the dialog is the app's own.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { byTestId, click, openOnSimulator, quitApp, screenshot, shown, textMatches } from "../harness.mjs";

const DIALOGS = process.env.EFLOW_E2E_DIALOG_DIR;
let app, simulator, sim;
const work = mkdtempSync(join(tmpdir(), "eflow-sheets-"));
const office = mkdtempSync(join(tmpdir(), "eflow-office-"));

before(async () => {
  assert.ok(DIALOGS, "run.sh's session sets EFLOW_E2E_DIALOG_DIR");
  ({ app, simulator, call: sim } = await openOnSimulator("Sheets E2E"));
});

after(async () => {
  await quitApp(app);
  simulator?.stop();
  for (const dir of [work, office]) rmSync(dir, { recursive: true, force: true });
});

/** LibreOffice converts `file` (`--convert-to` target, optional input filter); answers the new file. */
function libreOffice(file, convertTo, inFilter) {
  const args = ["--headless", `-env:UserInstallation=file://${office}`];
  if (inFilter) args.push(`--infilter=${inFilter}`);
  args.push("--convert-to", convertTo, "--outdir", work, file);
  execFileSync("soffice", args, { stdio: "pipe", timeout: 120_000 });
  const extension = convertTo.split(":")[0];
  const out = join(work, basename(file).replace(/\.[^.]+$/, `.${extension}`));
  assert.ok(existsSync(out), `LibreOffice wrote ${out}`);
  return out;
}

/** CSV as LibreOffice writes it (comma, double quotes), to rows of cells and back. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(cell), rows.push(row), (row = []), (cell = "");
    } else cell += c;
  }
  if (cell !== "" || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}
const toCsv = (rows) => rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(",")).join("\n") + "\n";

/**
 * The exported XLSX through LibreOffice: to CSV, `edit` the rows, back to XLSX. Answers the
 * XLSX LibreOffice wrote.
 */
function editWithLibreOffice(exported, name, edit) {
  const csv = libreOffice(exported, "csv:Text - txt - csv (StarCalc):44,34,76,1");
  const rows = parseCsv(readFileSync(csv, "utf8"));
  edit(rows);
  const edited = join(work, `${name}.csv`);
  writeFileSync(edited, toCsv(rows));
  return libreOffice(edited, "xlsx", "CSV:44,34,76,1");
}

/** Clicks an export button and answers the file the app saved. */
async function exportFrom(testId, prefix) {
  await click(app, byTestId(`${testId}-export`));
  await textMatches(app, byTestId(`${testId}-saved`), /Saved to/, 60_000);
  const file = readdirSync(DIALOGS).find((f) => f.startsWith(prefix));
  assert.ok(file, `the app saved ${prefix}… in the chosen folder`);
  return join(DIALOGS, file);
}

/** Imports `file` through the screen's import button and waits for the preview. */
async function importInto(testId, file) {
  writeFileSync(join(DIALOGS, "open-next"), file);
  await click(app, byTestId(`${testId}-import`));
  return shown(app, byTestId("plan-preview"), 60_000);
}

async function applyAndClose(name) {
  await click(app, byTestId("plan-apply"));
  await textMatches(app, byTestId("plan-report-status"), /applied/i, 60_000);
  if (name) await screenshot(app, name);
  await click(app, byTestId("plan-close"));
}

/** Undoes the newest change, once History lists it first (`description`). */
async function undoNewest(description) {
  await click(app, byTestId("nav-history"));
  await textMatches(app, byTestId("history-item"), description, 30_000);
  await click(app, byTestId("history-item"));
  await shown(app, byTestId("history-detail"));
  await click(app, byTestId("history-undo"));
  await textMatches(app, byTestId("plan-preview"), /Undo/i, 30_000);
  await applyAndClose();
}

test("ten billing frequencies changed in LibreOffice are previewed, applied and undone", async () => {
  await click(app, byTestId("nav-affiliates"));
  const exported = await exportFrom("affiliates-sheet", "affiliates-");
  await screenshot(app, "140-sheets-affiliates-exported");

  const heading = (rows, name) => rows[1].indexOf(name);
  let edited = [];
  const file = editWithLibreOffice(exported, "affiliates-edited", (rows) => {
    const [freq, schedule] = [heading(rows, "Billing frequency"), heading(rows, "Billing schedule")];
    assert.ok(freq > 0 && schedule > 0, `the headings are there: ${rows[1]}`);
    for (const row of rows.slice(2)) {
      if (edited.length === 10) break;
      if (!row[freq] || row[freq] === "Monthly") continue;
      row[freq] = "Monthly";
      row[schedule] = "Day 15";
      edited.push(Number(row[0]));
    }
  });
  assert.equal(edited.length, 10);
  const before = new Map();
  for (const id of edited) before.set(id, (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship.billing);

  const dialog = await importInto("affiliates-sheet", file);
  assert.equal((await app.$$(byTestId("plan-sheet-problem"))).length, 0, await dialog.getText());
  await textMatches(app, byTestId("plan-total-change"), /^10\b/);
  await textMatches(app, byTestId("plan-preview"), /Billing frequency/);
  await screenshot(app, "141-sheets-affiliates-preview");
  await applyAndClose("142-sheets-affiliates-applied");
  for (const id of edited) {
    const billing = (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship.billing;
    assert.equal(billing.billing_frequency, "monthly", `affiliate ${id} is billed monthly`);
    assert.equal(billing.details.day_of_month, 15);
  }

  await undoNewest(/Import affiliates-edited\.xlsx/);
  for (const id of edited) {
    const billing = (await sim("GET", `/networks/affiliates/${id}?relationship=billing`)).relationship.billing;
    assert.equal(billing.billing_frequency, before.get(id).billing_frequency, `undo restored affiliate ${id}`);
  }
});

test("a sheet with an unknown word lists the cell by row and column and cannot be applied", async () => {
  await click(app, byTestId("nav-affiliates"));
  const exported = readdirSync(DIALOGS).find((f) => f.startsWith("affiliates-"));
  const file = editWithLibreOffice(join(DIALOGS, exported), "affiliates-typo", (rows) => {
    rows[2][rows[1].indexOf("Account status")] = "Actve";
  });
  await importInto("affiliates-sheet", file);
  await textMatches(app, byTestId("plan-sheet-problem"), /^Row 3, column C \(Account status\): "Actve"/);
  assert.equal(await (await app.$(byTestId("plan-apply"))).isEnabled(), false);
  await screenshot(app, "143-sheets-problems");
  await click(app, byTestId("plan-dismiss"));
});

test("two matrix cells changed in LibreOffice are previewed with who gains and loses access, applied and undone", async () => {
  await click(app, byTestId("nav-visibility"));
  await click(app, byTestId("matrix-load"));
  await shown(app, byTestId("matrix-grid"), 60_000);
  const exported = await exportFrom("matrix-sheet", "visibility-");
  await screenshot(app, "144-sheets-matrix-exported");

  const cells = [];
  const file = editWithLibreOffice(exported, "visibility-edited", (rows) => {
    // Two cells of the first offer column: flip what each shows.
    const col = 2;
    const offer = Number(/\(#(\d+)\)$/.exec(rows[1][col])[1]);
    for (const row of rows.slice(2, 4)) {
      const now = row[col].startsWith("Visible") ? "Hidden" : "Visible";
      row[col] = now;
      cells.push({ offer, affiliate: Number(row[0]), now: now.toLowerCase() });
    }
  });
  const dialog = await importInto("matrix-sheet", file);
  assert.equal((await app.$$(byTestId("plan-sheet-problem"))).length, 0, await dialog.getText());
  await textMatches(app, byTestId("plan-total-change"), /^2\b/);
  await shown(app, byTestId("plan-summary"));
  await screenshot(app, "145-sheets-matrix-preview");
  const start = await sim("GET", `/networks/offers/${cells[0].offer}/visibility`);
  await applyAndClose("146-sheets-matrix-applied");
  const after = await sim("GET", `/networks/offers/${cells[0].offer}/visibility`);
  for (const { affiliate, now } of cells) {
    assert.ok(after[`network_affiliate_${now}_ids`].includes(affiliate), `affiliate ${affiliate} is ${now} on offer ${cells[0].offer}`);
  }

  await undoNewest(/Import visibility-edited\.xlsx/);
  const undone = await sim("GET", `/networks/offers/${cells[0].offer}/visibility`);
  for (const key of ["network_affiliate_visible_ids", "network_affiliate_hidden_ids", "network_affiliate_rejected_ids"]) {
    assert.deepEqual([...undone[key]].sort(), [...start[key]].sort(), `undo restored ${key}`);
  }
});

test("History is exported as CSV, one row per change and record", async () => {
  await click(app, byTestId("nav-history"));
  const file = await exportFrom("history-sheet", "history-");
  const rows = parseCsv(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  assert.deepEqual(rows[0].slice(0, 3), ["When", "Account", "Change"]);
  // At least: 10 affiliates × (frequency + schedule), and the same again for their undo, and 2 cells.
  assert.ok(rows.length - 1 >= 42, `rows: ${rows.length - 1}`);
  assert.ok(rows.some((r) => r[2].startsWith("Import visibility-edited.xlsx")), "the matrix import is listed");
  assert.ok(rows.slice(1).every((r) => r.length === 10 && r[9] !== ""), "every row says its outcome");
});
