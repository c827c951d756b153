import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { openDemo } from "../affiliates/testing";

describe("Bulk edit from the affiliates table", () => {
  it("'Bulk edit selected' hands the selection over", async () => {
    const { user, backend } = openDemo();
    const rows = await screen.findAllByTestId("affiliate-row");
    expect(screen.queryByTestId("bulk-edit-matching")).not.toBeInTheDocument();
    await user.click(within(rows[0]).getByTestId("row-select"));
    await user.click(within(rows[2]).getByTestId("row-select"));
    await user.click(screen.getByTestId("bulk-edit-selected"));
    const who = await screen.findByTestId("bulk-who");
    expect(who).toHaveTextContent("2 selected affiliates");
    expect(within(who).getByText("Partner 001")).toBeInTheDocument();
    expect(within(who).getByText("Partner 003")).toBeInTheDocument();

    const picker = screen.getByTestId("bulk-field-picker");
    await waitFor(() => expect(picker.querySelector('option[value="account_status"]')).not.toBeNull());
    await user.selectOptions(picker, "account_status");
    await user.selectOptions(screen.getByTestId("bulk-value-account_status"), "suspended");
    await user.click(screen.getByTestId("bulk-preview"));
    await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_bulk_edit")[0].affiliateIds).toEqual([1000, 1002]);
  });

  it("'Bulk edit all N matching' appears with a search and plans every match", async () => {
    const { user, backend } = openDemo();
    await screen.findAllByTestId("affiliate-row");
    await user.type(screen.getByTestId("affiliate-search"), "Partner 11");
    await waitFor(() => expect(screen.getByTestId("bulk-edit-matching")).toHaveTextContent("Bulk edit all 10 matching"));
    await user.click(screen.getByTestId("bulk-edit-matching"));
    expect(await screen.findByTestId("bulk-who")).toHaveTextContent("All 10 affiliates matching the filters");
    const picker = screen.getByTestId("bulk-field-picker");
    await waitFor(() => expect(picker.querySelector('option[value="has_notifications"]')).not.toBeNull());
    await user.selectOptions(picker, "has_notifications");
    await user.click(screen.getByTestId("bulk-value-has_notifications"));
    await user.click(screen.getByTestId("bulk-preview"));
    await screen.findByTestId("plan-preview");
    const call = backend.callsOf("plan_bulk_edit_matching")[0] as { request: { search_terms: unknown[] }; fields: unknown[] };
    expect(call.request.search_terms).toEqual([{ search_type: "name", value: "Partner 11" }]);
    expect(call.fields).toEqual([{ field_type: "has_notifications", field_value: true, operator: "overwrite" }]);
  });
});
