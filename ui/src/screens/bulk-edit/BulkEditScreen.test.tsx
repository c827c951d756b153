import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { commandError, installBackend, type FakeBackend } from "../../test/backend";
import { BulkEditScreen } from "./BulkEditScreen";
import { renderWithSelection } from "./testing";

const THREE = [
  { id: 1000, name: "Partner 001" },
  { id: 1001, name: "Partner 002" },
  { id: 1002, name: "Partner 003" },
];

async function open(setup?: (b: FakeBackend) => void, selected = THREE) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    setup?.(b);
  });
  const navigate = vi.fn();
  const r = renderWithSelection(<BulkEditScreen params={{}} />, selected, navigate);
  return { backend, navigate, ...r };
}

async function addField(user: Awaited<ReturnType<typeof open>>["user"], fieldType: string) {
  const picker = await screen.findByTestId("bulk-field-picker");
  await waitFor(() => expect(picker.querySelector(`option[value="${fieldType}"]`)).not.toBeNull());
  await user.selectOptions(picker, fieldType);
  return screen.getByTestId(`bulk-field-${fieldType}`);
}

function operatorOptions(row: HTMLElement): string[] {
  return within(row)
    .getAllByRole("option")
    .filter((o) => o.parentElement === within(row).getByTestId("bulk-operator"))
    .map((o) => (o as HTMLOptionElement).value);
}

describe("Bulk edit", () => {
  it("explains how to choose affiliates when none are chosen", async () => {
    const { user, navigate } = await open(undefined, []);
    expect(await screen.findByTestId("bulk-empty")).toBeInTheDocument();
    await user.click(screen.getByTestId("bulk-choose"));
    expect(navigate).toHaveBeenCalledWith("affiliates");
  });

  it("lists who is changed and offers only the operators that make sense per field", async () => {
    const { user } = await open();
    const who = await screen.findByTestId("bulk-who");
    expect(who).toHaveTextContent("3 selected affiliates");
    expect(within(who).getByText("Partner 002")).toBeInTheDocument();

    const status = await addField(user, "account_status");
    expect(operatorOptions(status)).toEqual(["overwrite"]);
    const statusValues = within(within(status).getByTestId("bulk-value-account_status"))
      .getAllByRole("option")
      .map((o) => (o as HTMLOptionElement).value);
    expect(statusValues).toEqual(["", "active", "inactive", "suspended"]);

    const labels = await addField(user, "labels");
    expect(operatorOptions(labels)).toEqual(["overwrite", "append", "delete", "clear"]);

    // Schedule fields are not offered on their own; added fields leave the picker.
    const offered = within(screen.getByTestId("bulk-field-picker")).getAllByRole("option").map((o) => (o as HTMLOptionElement).value);
    expect(offered).not.toContain("billing_weekly");
    expect(offered).not.toContain("account_status");
    expect(offered).toContain("referral_method");

    await user.click(within(labels).getByTestId("bulk-remove-labels"));
    expect(screen.queryByTestId("bulk-field-labels")).not.toBeInTheDocument();
  });

  it("a billing frequency adds the schedule it requires, and swaps it when the frequency changes", async () => {
    const { user } = await open();
    const frequency = await addField(user, "billing_billing_frequency");
    await user.selectOptions(within(frequency).getByTestId("bulk-value-billing_billing_frequency"), "weekly");
    const weekly = screen.getByTestId("bulk-field-billing_weekly");
    expect(within(weekly).queryByTestId("bulk-remove-billing_weekly")).not.toBeInTheDocument();
    await user.selectOptions(within(frequency).getByTestId("bulk-value-billing_billing_frequency"), "monthly");
    expect(screen.queryByTestId("bulk-field-billing_weekly")).not.toBeInTheDocument();
    expect(screen.getByTestId("bulk-field-billing_monthly")).toBeInTheDocument();
    await user.selectOptions(within(frequency).getByTestId("bulk-value-billing_billing_frequency"), "manual");
    expect(screen.queryByTestId("bulk-field-billing_monthly")).not.toBeInTheDocument();
  });

  it("sends exactly the fields chosen: status, labels append, frequency with its schedule", async () => {
    const { user, backend } = await open();
    const status = await addField(user, "account_status");
    await user.selectOptions(within(status).getByTestId("bulk-value-account_status"), "inactive");
    const labels = await addField(user, "labels");
    await user.selectOptions(within(labels).getByTestId("bulk-operator"), "append");
    await user.type(within(labels).getByTestId("bulk-label-input"), "New Label{Enter}");
    const frequency = await addField(user, "billing_billing_frequency");
    await user.selectOptions(within(frequency).getByTestId("bulk-value-billing_billing_frequency"), "two_months");
    const schedule = screen.getByTestId("bulk-field-billing_two_months");
    await user.selectOptions(within(schedule).getByTestId("bulk-value-billing_two_months-starting_month"), "3");
    await user.selectOptions(within(schedule).getByTestId("bulk-value-billing_two_months-day_of_month"), "15");

    await user.click(screen.getByTestId("bulk-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_bulk_edit")).toEqual([
      {
        affiliateIds: [1000, 1001, 1002],
        fields: [
          { field_type: "account_status", field_value: "inactive", operator: "overwrite" },
          { field_type: "labels", field_value: ["New Label"], operator: "append" },
          { field_type: "billing_billing_frequency", field_value: "two_months", operator: "overwrite" },
          { field_type: "billing_two_months", field_value: { starting_month: 3, day_of_month: 15 }, operator: "overwrite" },
        ],
      },
    ]);
  });

  it("when the key may not read employees, the account manager is picked from the affiliates' managers or typed", async () => {
    const { user, backend } = await open((b) => {
      b.overrides.employees = () => {
        throw commandError({
          code: "forbidden",
          message: "This key may not read employees; ask your Everflow admin to allow it, or use another key.",
          status: 403,
          area: "employees",
        });
      };
    });
    const manager = await addField(user, "network_employee_id");
    expect(await within(manager).findByTestId("bulk-value-network_employee_id-unavailable")).toHaveTextContent(
      "This key may not read employees",
    );
    const known = within(manager).getByTestId("bulk-value-network_employee_id");
    await waitFor(() => expect(within(known).getByRole("option", { name: "Dana Manager (#7)" })).toBeInTheDocument());
    const typed = within(manager).getByTestId("bulk-value-network_employee_id-typed");
    await user.type(typed, "4x");
    expect(manager).toHaveTextContent("Digits only");
    await user.clear(typed);
    await user.type(typed, "8");
    await user.click(screen.getByTestId("bulk-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_bulk_edit")[0].fields).toEqual([
      { field_type: "network_employee_id", field_value: 8, operator: "overwrite" },
    ]);
  });

  it("clears the selection once the change is applied, so it cannot carry over into the next one", async () => {
    const { user } = await open();
    const status = await addField(user, "account_status");
    await user.selectOptions(within(status).getByTestId("bulk-value-account_status"), "inactive");
    await user.click(screen.getByTestId("bulk-preview"));
    await user.click(await screen.findByTestId("plan-apply"));
    expect(await screen.findByTestId("plan-report-status")).toHaveTextContent(/applied/i);
    await user.click(screen.getByTestId("plan-close"));
    expect(await screen.findByTestId("bulk-empty")).toBeInTheDocument();
  });

  it("asks for a value before previewing, and shows the backend's error at its field", async () => {
    const { user, backend } = await open((b) => {
      b.overrides.plan_bulk_edit = () => {
        throw commandError({
          code: "invalid_input",
          message: "Some fields are not valid.",
          fields: [{ field: "fields[0].field_value", message: "Referral value must be positive." }],
        });
      };
    });
    const value = await addField(user, "referral_value");
    await user.click(screen.getByTestId("bulk-preview"));
    expect(screen.getByTestId("bulk-missing")).toHaveTextContent("Referral commission value");
    expect(backend.callsOf("plan_bulk_edit")).toHaveLength(0);

    await user.type(within(value).getByTestId("bulk-value-referral_value"), "-2");
    await user.click(screen.getByTestId("bulk-preview"));
    expect(await within(value).findByTestId("field-error")).toHaveTextContent("Referral value must be positive.");
    expect(backend.callsOf("plan_bulk_edit")[0].fields).toEqual([{ field_type: "referral_value", field_value: -2, operator: "overwrite" }]);
  });

  it("with 'all matching', plans from the table's request, not the selection", async () => {
    const backend = installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    });
    const request = { search_terms: [], filters: { account_status: "suspended", account_manager_ids: [], network_account_executives_ids: [], labels: [], network_tracking_domain_ids: [], country_codes: [], region_codes: [] } };
    const { user } = renderWithSelection(<BulkEditScreen params={{ bulkEdit: { request, count: 30 } }} />, THREE);
    expect(await screen.findByTestId("bulk-who")).toHaveTextContent("All 30 affiliates matching the filters");
    const status = await addField(user, "account_status");
    await user.selectOptions(within(status).getByTestId("bulk-value-account_status"), "active");
    await user.click(screen.getByTestId("bulk-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_bulk_edit")).toHaveLength(0);
    expect(backend.callsOf("plan_bulk_edit_matching")).toEqual([
      { request, fields: [{ field_type: "account_status", field_value: "active", operator: "overwrite" }] },
    ]);
  });
});
