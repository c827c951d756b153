import { screen, within } from "@testing-library/react";
import type userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { CsvPreview, CsvRowToCreate } from "../../api/onboarding";
import { CSV_MAX_BYTES, type AffiliateInput } from "../../bindings";
import { openOnboard } from "./testHelpers";

const FILE = "name,account_status,network_employee_id,default_currency_id\nGood One,active,7,USD\n...";

function input(name: string): AffiliateInput {
  return { name, account_status: "active", network_employee_id: 7, default_currency_id: "USD" };
}

function preview(): CsvPreview {
  return {
    encoding: "Windows-1252",
    columns: ["name", "account_status", "network_employee_id", "default_currency_id", "fax"],
    unknown_columns: ["fax"],
    missing_required_columns: [],
    file_errors: [],
    rows: [
      { line: 2, name: "Good One", input: input("Good One"), errors: [], duplicate: null },
      {
        line: 3,
        name: "Broken",
        input: null,
        errors: [
          { field: "network_employee_id", message: "Choose an account manager." },
          { field: "billing.billing_frequency", message: "Billing frequency is required." },
        ],
        duplicate: null,
      },
      {
        line: 4,
        name: "Acme Media",
        input: input("Acme Media"),
        errors: [],
        duplicate: { reason: "existing_name", existing_affiliate_id: 1001, message: "an affiliate named Acme Media has id #1001" },
      },
      { line: 5, name: "Good Two", input: input("Good Two"), errors: [], duplicate: null },
    ],
  };
}

async function openCsv() {
  const app = await openOnboard((b) => b.onboarding.csvPreviews.set(FILE, preview()));
  await app.user.click(screen.getByTestId("tab-csv"));
  return app;
}

async function chooseFile(user: Awaited<ReturnType<typeof openCsv>>["user"]) {
  const file = new File([FILE], "partners.csv", { type: "text/csv" });
  await user.upload(screen.getByTestId("csv-file"), file);
  return screen.findByTestId("csv-preview");
}

async function applyThePlan(user: ReturnType<typeof userEvent.setup>) {
  const plan = await screen.findByTestId("plan-preview");
  await user.click(within(plan).getByTestId("plan-apply"));
  await within(plan).findByTestId("plan-report");
  await user.click(within(plan).getByTestId("plan-close"));
}

describe("CSV onboarding", () => {
  it("saves the template through the native save dialog", async () => {
    const { user, backend } = await openCsv();
    expect(screen.getByTestId("csv-file")).toHaveAttribute("accept", ".csv,text/csv");
    await user.click(screen.getByTestId("csv-template"));
    expect(await screen.findByTestId("csv-saved")).toHaveTextContent("Saved to /home/me/file.csv");
    expect(backend.onboarding.savedFiles).toEqual([
      { suggestedName: "affiliates-template.csv", contents: backend.onboarding.csvTemplate },
    ]);
  });

  it("previews rows with their problems and duplicates, and sends only the chosen valid rows", async () => {
    const { user, backend } = await openCsv();
    const table = await chooseFile(user);
    expect(backend.callsOf("preview_affiliate_csv")).toEqual([{ fileBase64: btoa(FILE) }]);
    expect(screen.getByTestId("csv-encoding")).toHaveTextContent("Read as Windows-1252.");
    expect(screen.getByTestId("csv-file-problems")).toHaveTextContent("Columns Eflow Desk does not know (they are ignored): fax.");

    const rows = within(table).getAllByTestId("csv-row");
    const statuses = rows.map((r) => within(r).getByTestId("csv-row-status").textContent);
    expect(statuses).toEqual(["Ready", "2 problems", "Already exists: an affiliate named Acme Media has id #1001", "Ready"]);
    expect(rows[1]).toHaveTextContent("network_employee_id: Choose an account manager.");
    expect(rows[1]).toHaveTextContent("billing.billing_frequency: Billing frequency is required.");

    const checks = rows.map((r) => within(r).getByTestId("csv-row-check") as HTMLInputElement);
    expect(checks.map((c) => c.checked)).toEqual([true, false, false, true]);
    expect(checks[1]).toBeDisabled();
    await user.click(checks[1]);
    expect(checks[1]).not.toBeChecked();
    // Leave out "Good Two" on purpose.
    await user.click(checks[3]);
    expect(screen.getByTestId("csv-create")).toHaveTextContent("Create 1 partner");

    await user.click(screen.getByTestId("csv-create"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Create 1 partner?");
    await user.click(within(dialog).getByTestId("csv-notification"));
    await user.click(within(dialog).getByTestId("confirm-button"));
    await applyThePlan(user);

    const results = await screen.findByTestId("csv-results");
    expect(within(results).getAllByTestId("csv-result")[0]).toHaveTextContent("Created, id #6000");
    const sent = backend.callsOf("create_affiliates_from_csv");
    expect(sent).toHaveLength(1);
    expect(sent[0].rows as CsvRowToCreate[]).toEqual([{ line: 2, input: input("Good One") }]);
    expect(sent[0].notification).toBe(false);
  });

  it("refuses a file over the size limit with a plain message, without sending it", async () => {
    const { user, backend } = await openCsv();
    const big = new File([new Uint8Array(CSV_MAX_BYTES + 1)], "huge.csv", { type: "text/csv" });
    await user.upload(screen.getByTestId("csv-file"), big);
    expect(await screen.findByText(/This file is 5\.1 MB, over the 5 MB a CSV file can have/)).toBeInTheDocument();
    expect(backend.callsOf("preview_affiliate_csv")).toHaveLength(0);
  });

  it("creates through the one plan dialog, lists every row's outcome, then saves the results", async () => {
    const { user, backend } = await openOnboard((b) => {
      b.onboarding.csvPreviews.set(FILE, preview());
    });
    await user.click(screen.getByTestId("tab-csv"));
    await chooseFile(user);
    await user.click(screen.getByTestId("csv-create"));
    expect(await screen.findByTestId("confirm-dialog")).toHaveTextContent("Create 2 partners?");
    await user.click(screen.getByTestId("confirm-button"));
    const plan = await screen.findByTestId("plan-preview");
    expect(within(plan).getAllByTestId("plan-row")).toHaveLength(2);
    await applyThePlan(user);

    const rows = await screen.findAllByTestId("csv-result");
    expect(rows.map((r) => r.textContent)).toEqual(["2Good OneCreated, id #6000", "5Good TwoCreated, id #6001"]);
    expect(backend.callsOf("apply_plan")).toHaveLength(1);

    await user.click(screen.getByTestId("csv-save-results"));
    expect(await screen.findByTestId("csv-saved")).toHaveTextContent("Saved to /home/me/file.csv");
    expect(backend.callsOf("export_csv_results")[0].results).toHaveLength(2);
  });

  it("goes back to the file's rows when the plan is closed without applying", async () => {
    const { user, backend } = await openOnboard((b) => b.onboarding.csvPreviews.set(FILE, preview()));
    await user.click(screen.getByTestId("tab-csv"));
    await chooseFile(user);
    await user.click(screen.getByTestId("csv-create"));
    await user.click(await screen.findByTestId("confirm-button"));
    await user.click(within(await screen.findByTestId("plan-preview")).getByTestId("plan-dismiss"));
    expect(await screen.findByTestId("csv-preview")).toBeInTheDocument();
    expect(backend.callsOf("apply_plan")).toHaveLength(0);
  });

  it("shows a failed row's message", async () => {
    const { user } = await openOnboard((b) => {
      b.onboarding.csvPreviews.set(FILE, preview());
      b.overrides.csv_create_results = () => [
        { line: 2, name: "Good One", status: "failed", affiliate_id: null, message: "Everflow said the email is taken." },
      ];
    });
    await user.click(screen.getByTestId("tab-csv"));
    await chooseFile(user);
    await user.click(screen.getByTestId("csv-create"));
    await user.click(await screen.findByTestId("confirm-button"));
    await applyThePlan(user);
    const rows = await screen.findAllByTestId("csv-result");
    expect(rows[0]).toHaveTextContent("Failed: Everflow said the email is taken.");
  });
});
