import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { HistoryDetail, HistoryEntry, Plan } from "../../api";
import { makePlan } from "../../test/plans";
import { installBackend, type FakeBackend } from "../../test/backend";
import { renderWithSelection } from "../bulk-edit/testing";
import { HistoryScreen } from "./HistoryScreen";

function entry(partial: Partial<HistoryEntry> & { plan_id: string; created_at: number }): HistoryEntry {
  return {
    kind: "affiliate_bulk_edit",
    is_undo: false,
    description: "Set status to Inactive on 3 affiliates",
    profile: "Demo network",
    status: "applied",
    record_count: 3,
    records: "3 affiliates",
    undo_available: true,
    undone_by: null,
    account: { profile_id: "demo", name: "Demo network", base_url: "http://127.0.0.1:4000/v1", key_kind: "network", network_id: null },
    on_open_account: true,
    settled_after_interruption: false,
    rest_available: false,
    ...partial,
  };
}

function planOf(id: string, undoOf: string | null = null): Plan {
  return makePlan({
    plan_id: id,
    created_at: 1_763_629_200,
    description: "Set status to Inactive on 3 affiliates",
    record_ids: [1000, 1001, 1002],
    totals: { will_change: 3, no_change: 0, errors: 0 },
    rows: [1000, 1001, 1002].map((a) => ({
      record_id: a,
      name: `Partner ${a}`,
      field_type: "account_status",
      field_label: "Status",
      before: undoOf ? "inactive" : "active",
      after: undoOf ? "active" : "inactive",
      status: "ok",
      error_message: "",
      related_changes: "",
    })),
    resource_errors: [],
    batch_size: 2,
    batches: 2,
    can_apply: true,
    blocked_reason: null,
    undo_of: undoOf,
  });
}

function seed(b: FakeBackend) {
  b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
  b.plans.history = [
    entry({ plan_id: "old", created_at: 1_763_539_200, description: "Add label VIP to 2 affiliates", undo_available: false, undone_by: "new", record_count: 2, records: "2 affiliates" }),
    entry({ plan_id: "new", created_at: 1_763_629_200, status: "interrupted" }),
  ];
  const detail: HistoryDetail = {
    item: b.plans.history[1],
    plan: planOf("new"),
    sent: [
      { batch: 0, method: "PATCH", path: "/v1/networks/patch/affiliates/apply", body: { network_affiliate_ids: [1000, 1001], fields: [{ field_type: "account_status", field_value: "inactive", operator: "overwrite" }] }, at: 1_763_629_205 },
      { batch: 1, method: "PATCH", path: "/v1/networks/patch/affiliates/apply", body: { network_affiliate_ids: [1002] }, at: 1_763_629_206 },
    ],
    report: null,
    interrupted_batches: [1],
    masked_rows: [],
  };
  b.plans.details.set("new", detail);
  b.plans.details.set("old", { item: b.plans.history[0], plan: planOf("old"), sent: [], report: null, interrupted_batches: [], masked_rows: [] });
}

describe("History", () => {
  it("shows an empty state when nothing was written yet", async () => {
    installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    });
    renderWithSelection(<HistoryScreen />);
    expect(await screen.findByTestId("history-empty")).toHaveTextContent("No changes yet");
  });

  it("lists changes newest first with profile, status, count, undone-by and an interrupted warning", async () => {
    installBackend(seed);
    renderWithSelection(<HistoryScreen />);
    const items = await screen.findAllByTestId("history-item");
    expect(items.map((i) => i.getAttribute("data-plan"))).toEqual(["new", "old"]);
    expect(items[0]).toHaveTextContent("Demo network");
    expect(items[0]).toHaveTextContent("3 affiliates");
    expect(within(items[0]).getByTestId("history-status")).toHaveTextContent("Interrupted");
    expect(within(items[0]).getByTestId("history-interrupted-flag")).toBeInTheDocument();
    expect(within(items[0]).getByRole("time")).toHaveTextContent(new Date(1_763_629_200 * 1000).toLocaleString());
    expect(within(items[1]).getByTestId("history-undone-by")).toHaveTextContent(`Undone by the undo of ${new Date(1_763_629_200 * 1000).toLocaleString()}`);
    expect(within(items[1]).queryByTestId("history-interrupted-flag")).not.toBeInTheDocument();
  });

  it("the detail shows what was previewed, each request sent behind 'Show the request', and which batch may have gone out", async () => {
    const { user } = (() => {
      installBackend(seed);
      return renderWithSelection(<HistoryScreen />);
    })();
    const detail = await screen.findByTestId("history-detail");
    expect(within(detail).getByTestId("history-interrupted")).toHaveTextContent("Interrupted — batch 2 may have gone out");
    expect(within(detail).getAllByTestId("plan-row")).toHaveLength(3);
    const requests = within(detail).getAllByTestId("history-request");
    expect(requests).toHaveLength(2);
    expect(requests[0]).toHaveTextContent("Batch 1: PATCH /v1/networks/patch/affiliates/apply");
    expect(within(requests[0]).getByText("Show the request")).toBeInTheDocument();
    expect(JSON.parse(within(requests[0]).getByTestId("history-request-body").textContent!)).toEqual({
      network_affiliate_ids: [1000, 1001],
      fields: [{ field_type: "account_status", field_value: "inactive", operator: "overwrite" }],
    });

    // The older one has no undo.
    await user.click(screen.getAllByTestId("history-item")[1]);
    await waitFor(() => expect(screen.getByTestId("history-detail")).toHaveTextContent("Add label VIP to 2 affiliates"));
    expect(screen.queryByTestId("history-undo")).not.toBeInTheDocument();
  });

  it("undo plans the reverse change and opens it in the same preview dialog, titled as an undo", async () => {
    const backend = installBackend((b) => {
      seed(b);
      b.overrides.plan_undo = () => ({ ...planOf("undo-1", "new"), description: 'Undo "Set status to Inactive on 3 affiliates" on 3 affiliates' });
    });
    const { user } = renderWithSelection(<HistoryScreen />);
    const detail = await screen.findByTestId("history-detail");
    await user.click(within(detail).getByTestId("history-undo"));
    const dialog = await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_undo")).toEqual([{ planId: "new" }]);
    expect(within(dialog).getByRole("heading")).toHaveTextContent(/^Undo: Set status to Inactive on 3 affiliates$/);
    const rows = within(dialog).getAllByTestId("plan-row");
    expect(within(rows[0]).getByTestId("plan-row-change")).toHaveTextContent("Inactive → Active");
    expect(within(dialog).getByTestId("plan-apply")).toBeEnabled();
  });

  it("payment details show masked, and a click reveals one value from Rust", async () => {
    const backend = installBackend((b) => {
      seed(b);
      const detail = b.plans.details.get("new")!;
      const row = { ...detail.plan.rows[0], field_type: "billing.billing.account_number", field_label: "Account number", before: "••••6789", after: "••••4321", before_text: "••••6789", after_text: "••••4321" };
      b.plans.details.set("new", { ...detail, masked_rows: [0], plan: { ...detail.plan, rows: [row, ...detail.plan.rows.slice(1)] } });
      b.overrides.history_reveal = (args) => (args.side === "before" ? "123456789" : "987654321");
    });
    const { user } = renderWithSelection(<HistoryScreen />);
    const detail = await screen.findByTestId("history-detail");
    const rows = within(detail).getAllByTestId("plan-row");
    expect(within(rows[0]).getByTestId("reveal-before")).toHaveTextContent("••••6789");
    expect(within(rows[0]).queryByText("123456789")).not.toBeInTheDocument();
    expect(within(rows[1]).queryByTestId("reveal-before")).not.toBeInTheDocument();
    await user.click(within(rows[0]).getByTestId("reveal-before"));
    expect(await within(rows[0]).findByTestId("revealed-before")).toHaveTextContent(/^123456789$/);
    expect(within(rows[0]).getByTestId("reveal-after")).toHaveTextContent("••••4321");
    expect(backend.callsOf("history_reveal")).toEqual([{ planId: "new", row: 0, side: "before" }]);
  });
});
