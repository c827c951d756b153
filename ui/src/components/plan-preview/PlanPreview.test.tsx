import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ApplyReport, Plan } from "../../api";
import { makePlan } from "../../test/plans";
import { BulkEditScreen } from "../../screens/bulk-edit/BulkEditScreen";
import { renderWithSelection } from "../../screens/bulk-edit/testing";
import { commandError, installBackend, type Args, type FakeBackend } from "../../test/backend";
import { PlanPreview } from "./PlanPreview";

const SELECTED = [1000, 1001, 1002, 1003].map((id) => ({ id, name: `Partner ${id}` }));

function planWithErrors(): Plan {
  return makePlan({
    plan_id: "plan-err",
    created_at: 1_763_719_200,
    description: "Set status to Inactive on 4 affiliates",
    record_ids: [1000, 1001, 1002, 1003],
    totals: { will_change: 2, no_change: 0, errors: 1 },
    rows: [
      { record_id: 1000, name: "Partner 1000", field_type: "account_status", field_label: "Status", before: "active", after: "inactive", status: "ok", error_message: "", related_changes: "Their tracking links stop working" },
      { record_id: 1001, name: "Partner 1001", field_type: "account_status", field_label: "Status", before: "active", after: "inactive", status: "ok", error_message: "", related_changes: "" },
      { record_id: 1002, name: "Partner 1002", field_type: "account_status", field_label: "Status", before: "pending", after: "inactive", status: "error", error_message: "A pending affiliate cannot be set to inactive.", related_changes: "" },
    ],
    resource_errors: [{ id: 1003, label: "Partner 1003", message: "Has no account manager." }],
    batch_size: 100,
    batches: 1,
    can_apply: false,
    blocked_reason: "2 affiliates have errors. Remove them to apply.",
    undo_of: null,
  });
}

function cleanPlan(batches = 3): Plan {
  const ids = [1000, 1001, 1002];
  return makePlan({
    ...planWithErrors(),
    plan_id: "plan-ok",
    record_ids: ids,
    totals: { will_change: 3, no_change: 0, errors: 0 },
    rows: ids.map((id) => ({ record_id: id, name: `Partner ${id}`, field_type: "account_status", field_label: "Status", before: "active", after: "inactive", status: "ok", error_message: "", related_changes: "" })),
    resource_errors: [],
    batch_size: 1,
    batches,
    can_apply: true,
    blocked_reason: null,
  });
}

function demo(setup?: (b: FakeBackend) => void) {
  return installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    setup?.(b);
  });
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Plan preview", () => {
  it("shows totals, rows in words and resource errors; blocks apply until the affiliates with errors are removed and re-planned", async () => {
    const backend = demo((b) => {
      let first = true;
      b.overrides.plan_bulk_edit = (args: Args, be) => {
        if (first) {
          first = false;
          return planWithErrors();
        }
        return be.plans.plan(args.affiliateIds as number[], args.fields as never);
      };
    });
    const { user } = renderWithSelection(<BulkEditScreen params={{}} />, SELECTED);
    const picker = await screen.findByTestId("bulk-field-picker");
    await waitFor(() => expect(picker.querySelector('option[value="account_status"]')).not.toBeNull());
    await user.selectOptions(picker, "account_status");
    await user.selectOptions(screen.getByTestId("bulk-value-account_status"), "inactive");
    await user.click(screen.getByTestId("bulk-preview"));

    const dialog = await screen.findByTestId("plan-preview");
    expect(within(dialog).getByRole("heading", { name: "Set status to Inactive on 4 affiliates" })).toBeInTheDocument();
    const totals = within(dialog).getByTestId("plan-totals");
    expect(within(totals).getByTestId("plan-total-change")).toHaveTextContent("2 will change");
    expect(within(totals).getByTestId("plan-total-nochange")).toHaveTextContent("0 already as asked");
    expect(within(totals).getByTestId("plan-total-errors")).toHaveTextContent("1 error");
    expect(within(dialog).getByTestId("plan-resource-errors")).toHaveTextContent("Partner 1003 #1003: Has no account manager.");
    const rows = within(dialog).getAllByTestId("plan-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByTestId("plan-row-change")).toHaveTextContent("Active → Inactive · Their tracking links stop working");
    expect(rows[2]).toHaveAttribute("data-status", "error");
    expect(within(rows[2]).getByTestId("plan-row-error")).toHaveTextContent("A pending affiliate cannot be set to inactive.");
    expect(within(dialog).getByTestId("plan-undo-note")).toHaveTextContent("Everflow cannot undo this on its side");

    expect(within(dialog).getByTestId("plan-apply")).toBeDisabled();
    expect(within(dialog).getByTestId("plan-blocked")).toHaveTextContent("2 affiliates have errors. Remove them to apply.");

    await user.click(within(dialog).getByTestId("plan-remove-errors"));
    await waitFor(() => expect(within(dialog).getAllByTestId("plan-row")).toHaveLength(2));
    const calls = backend.callsOf("plan_bulk_edit");
    expect(calls).toHaveLength(2);
    expect(calls[1]).toEqual({ affiliateIds: [1000, 1001], fields: [{ field_type: "account_status", field_value: "inactive", operator: "overwrite" }] });
    expect(within(dialog).queryByTestId("plan-blocked")).not.toBeInTheDocument();
    expect(within(dialog).getByTestId("plan-apply")).toBeEnabled();
  });

  it("applies with progress per batch and reports each batch, including a failed one, and the verification", async () => {
    const gate = deferred<void>();
    const progressed = deferred<void>();
    const report: ApplyReport = {
      plan_id: "plan-ok",
      status: "partially_applied",
      batches: [
        { index: 0, label: "affiliates", record_ids: [1000], status: "sent", message: null, fields: [] },
        { index: 1, label: "1 affiliate", record_ids: [1001], status: "failed", message: "Everflow answered 500: try again later.", fields: [] },
        { index: 2, label: "affiliates", record_ids: [1002], status: "not_sent", message: "Not sent after the failure.", fields: [] },
      ],
      verification: {
        checked: 1,
        mismatches: [{ record_id: 1000, name: "Partner 1000", group_id: null, field_type: "account_status", expected: "inactive", actual: "active" }],
        error: null,
      },
    };
    const backend = demo((b) => {
      b.overrides.apply_plan = async (args) => {
        const channel = args.onProgress as { onmessage: (p: { done: number; total: number }) => void };
        channel.onmessage({ done: 1, total: 3 });
        progressed.resolve();
        await gate.promise;
        return report;
      };
    });
    const { user } = renderWithSelection(<PlanPreview plan={cleanPlan()} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    await user.click(within(dialog).getByTestId("plan-apply"));
    await progressed.promise;
    expect(await within(dialog).findByTestId("plan-progress")).toHaveTextContent("1 of 3 requests done");
    expect(backend.callsOf("apply_plan")[0]).toMatchObject({ planId: "plan-ok" });
    gate.resolve();

    const shown = await within(dialog).findByTestId("plan-report");
    expect(shown).toHaveAttribute("data-status", "partially_applied");
    const batches = within(shown).getAllByTestId("plan-batch");
    expect(batches.map((b) => b.getAttribute("data-status"))).toEqual(["sent", "failed", "not_sent"]);
    expect(batches[1]).toHaveTextContent("Request 2 (1 affiliate): Failed Everflow answered 500: try again later.");
    expect(batches[2]).toHaveTextContent("Not sent");
    expect(within(shown).getByTestId("plan-mismatches")).toHaveTextContent("Partner 1000 #1000, Account status: expected Inactive, Everflow has Active");
    expect(within(dialog).getByTestId("plan-close")).toBeInTheDocument();
  });

  it("cancel calls cancelJob with the job being applied", async () => {
    const gate = deferred<void>();
    const backend = demo((b) => {
      b.overrides.apply_plan = async (): Promise<ApplyReport> => {
        await gate.promise;
        return {
          plan_id: "plan-ok",
          status: "cancelled",
          batches: [
            { index: 0, label: "affiliates", record_ids: [1000], status: "sent", message: null, fields: [] },
            { index: 1, label: "affiliates", record_ids: [1001], status: "not_sent", message: "Cancelled before sending.", fields: [] },
          ],
          verification: { checked: 1, mismatches: [], error: null },
        };
      };
      b.overrides.cancel_job = () => {
        gate.resolve();
        return true;
      };
    });
    const { user } = renderWithSelection(<PlanPreview plan={cleanPlan(2)} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    await user.click(within(dialog).getByTestId("plan-apply"));
    expect(within(dialog).getByTestId("plan-progress")).toHaveTextContent("Checking that nothing changed since the preview");
    await user.click(within(dialog).getByTestId("plan-cancel"));
    const jobId = backend.callsOf("apply_plan")[0].jobId;
    expect(typeof jobId).toBe("string");
    expect(backend.callsOf("cancel_job")).toEqual([{ jobId }]);
    const shown = await within(dialog).findByTestId("plan-report");
    expect(shown).toHaveAttribute("data-status", "cancelled");
    expect(within(shown).getByTestId("plan-verified")).toHaveTextContent("All 1 checked after applying");
  });

  it("shows a visibility plan's warnings and per-offer gains and losses, grouped rows in words", async () => {
    demo();
    const plan = makePlan({
      plan_id: "vis-1",
      kind: "visibility",
      noun: "cell",
      noun_plural: "cells",
      description: "Visibility on 1 offer: 1 gain access, 1 lose it",
      record_ids: [],
      notices: ["Everflow may notify affiliates of these changes.", "Sent as 2 requests, one per affiliate and visibility."],
      summaries: [{ title: "Summer Promo (private, sent as per-affiliate changes)", lines: ["Gains access (1): Alpha Media", "Loses access (1): Beta Ads"] }],
      rows: [
        { record_id: 3, name: "Alpha Media", group_id: 5, group_name: "Summer Promo", field_type: "visibility", field_label: "Visibility", before: "hidden", after: "visible", before_text: "Hidden (offer default)", after_text: "Visible", status: "ok" },
        { record_id: 6, name: "Beta Ads", group_id: 5, group_name: "Summer Promo", field_type: "visibility", field_label: "Visibility", before: "visible", after: "hidden", before_text: "Visible", after_text: "Hidden", status: "ok" },
      ],
    });
    renderWithSelection(<PlanPreview plan={plan} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    expect(within(dialog).getByTestId("plan-notices")).toHaveTextContent("Everflow may notify affiliates");
    const summary = within(dialog).getByTestId("plan-summary");
    expect(summary).toHaveTextContent("Summer Promo (private, sent as per-affiliate changes)");
    expect(summary).toHaveTextContent("Gains access (1): Alpha Media");
    expect(summary).toHaveTextContent("Loses access (1): Beta Ads");
    const rows = within(dialog).getAllByTestId("plan-row");
    expect(rows[0]).toHaveTextContent("Summer Promo · Alpha Media #3");
    expect(within(rows[0]).getByTestId("plan-row-change")).toHaveTextContent("Hidden (offer default) → Visible");
  });

  it("an imported sheet lists its unreadable cells by row and column, cannot be applied, and marks rows changed since the export", async () => {
    demo();
    const plan = makePlan({
      ...cleanPlan(1),
      plan_id: "sheet-1",
      description: "Import affiliates.xlsx: 1 affiliate to change",
      rows: [{ ...cleanPlan(1).rows[0], warning: "Changed on Everflow since the sheet was exported." }],
      sheet_problems: [{ row: 7, column: "C (Account status)", message: "\"Actve\" is not an account status a change can set." }],
      can_apply: false,
      blocked_reason: "Fix the 1 cell that could not be read in the sheet and import it again.",
    });
    renderWithSelection(<PlanPreview plan={plan} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    expect(within(dialog).getByTestId("plan-sheet-problem")).toHaveTextContent('Row 7, column C (Account status): "Actve" is not an account status');
    expect(within(dialog).getByTestId("plan-blocked")).toHaveTextContent("Fix the 1 cell");
    expect(within(dialog).getByTestId("plan-apply")).toBeDisabled();
    expect(within(dialog).getByTestId("plan-row-warning")).toHaveAttribute("title", "Changed on Everflow since the sheet was exported.");
  });

  it("marks the replaced part of a destination URL before and after", async () => {
    demo();
    const plan = makePlan({
      plan_id: "url-1",
      kind: "offer_url_update",
      noun: "offer URL",
      noun_plural: "offer URLs",
      rows: [
        {
          record_id: 11,
          name: "Landing A",
          field_type: "destination_url",
          field_label: "Destination URL",
          before: "https://old.example/?t={transaction_id}",
          after: "https://new.example/?t={transaction_id}",
          before_text: "https://old.example/?t={transaction_id}",
          after_text: "https://new.example/?t={transaction_id}",
          highlight: { before: [{ start: 8, end: 11 }], after: [{ start: 8, end: 11 }] },
          status: "ok",
        },
      ],
    });
    renderWithSelection(<PlanPreview plan={plan} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    expect(within(dialog).getByTestId("plan-mark-before")).toHaveTextContent(/^old$/);
    expect(within(dialog).getByTestId("plan-mark-after")).toHaveTextContent(/^new$/);
    expect(within(dialog).getByTestId("plan-row-change")).toHaveTextContent("https://old.example/?t={transaction_id} → https://new.example/?t={transaction_id}");
  });

  it("an apply refused because values changed since the preview lists what changed", async () => {
    demo((b) => {
      b.overrides.apply_plan = () => {
        throw commandError({
          code: "conflict",
          message: "1 value changed on Everflow since the preview. Nothing was sent.",
          drift: [{ record_id: 6, name: "Beta Ads", group_id: 5, group_name: "Summer Promo", field_label: "Visibility", previewed: "Visible", now: "Hidden" }],
        });
      };
    });
    const { user } = renderWithSelection(<PlanPreview plan={cleanPlan()} onClose={() => {}} />);
    const dialog = await screen.findByTestId("plan-preview");
    await user.click(within(dialog).getByTestId("plan-apply"));
    const drift = await within(dialog).findByTestId("plan-drift");
    expect(drift).toHaveTextContent("Summer Promo · Beta Ads #6, Visibility: was Visible, now Hidden");
    expect(within(dialog).getByTestId("plan-apply")).toBeDisabled();
    expect(within(dialog).getByTestId("plan-apply")).toHaveTextContent("Preview again to apply");
  });
});
