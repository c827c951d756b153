import { screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { ApplyReport, CellEdit, MatrixRequest, OfferVisibility, Plan, VisibilityMatrix } from "../../bindings";
import { commandError, installBackend, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";
import { keepMatrix } from "./kept";

const vis = (offer: number, visible: number[] = [], hidden: number[] = [], rejected: number[] = []): OfferVisibility => ({
  network_id: 1,
  network_offer_id: offer,
  network_affiliate_visible_ids: visible,
  network_affiliate_hidden_ids: hidden,
  network_affiliate_rejected_ids: rejected,
});

function matrix(): VisibilityMatrix {
  return {
    matrix_id: "m-1",
    loaded_at: 1_763_719_200,
    affiliates: [
      { id: 1, name: "Alpha Media", status: "active" },
      { id: 2, name: "Beta Leads", status: "active" },
      { id: 3, name: "Gamma Ads", status: "inactive" },
    ],
    offers: [
      { id: 10, name: "VPN Plan", visibility_type: "public", default: "visible" },
      { id: 20, name: "Meal Kit", visibility_type: "require_approval", default: "hidden" },
      { id: 30, name: "Solar Quote", visibility_type: "private", default: "hidden" },
    ],
    visibility: [vis(10, [], [2], [3]), vis(20, [1]), vis(30, [3])],
  };
}

function plan(edits: CellEdit[]): Plan {
  return {
    plan_id: "vp-1",
    kind: "visibility",
    created_at: 1_763_719_300,
    description: `Change visibility of ${edits.length} cells`,
    noun: "cell",
    noun_plural: "cells",
    record_ids: edits.map((e) => e.affiliate_id),
    totals: { will_change: edits.length, no_change: 0, errors: 0 },
    rows: edits.map((e) => ({
      record_id: e.affiliate_id,
      name: `Affiliate ${e.affiliate_id}`,
      group_id: e.offer_id,
      group_name: `Offer ${e.offer_id}`,
      field_type: "visibility",
      field_label: "Visibility",
      before: null,
      after: e.target,
      before_text: "Visible (offer default)",
      after_text: e.target === "visible" ? "Visible" : "Hidden",
      highlight: null,
      status: "ok",
      error_message: "",
      related_changes: "",
    })),
    resource_errors: [],
    notices: ["Everflow may notify affiliates of these changes (email or in-app), as when they are made in Everflow itself."],
    summaries: [{ title: "VPN Plan", lines: ["Loses access (2): Alpha Media, Beta Leads"] }],
    batch_size: 1,
    batches: 1,
    can_apply: true,
    blocked_reason: null,
    undo_of: null,
    action: { type: "visibility", strategy: "per_offer", calls: [], edits, baseline: [], offers: [] },
  } as Plan;
}

interface Setup {
  fresh?: OfferVisibility[];
  applyFails?: boolean;
}

function open({ fresh, applyFails }: Setup = {}) {
  const backend = installBackend((b: FakeBackend) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    b.overrides.load_visibility_matrix = (args) => {
      const channel = args.onProgress as { onmessage: (p: { step: string; done: number; total: number }) => void };
      channel.onmessage({ step: "affiliates", done: 1, total: 1 });
      channel.onmessage({ step: "offers", done: 1, total: 1 });
      channel.onmessage({ step: "visibility", done: 3, total: 3 });
      return matrix();
    };
    b.overrides.plan_visibility = (args) => plan(args.edits as CellEdit[]);
    b.overrides.apply_plan = () => {
      if (applyFails) {
        throw commandError({
          code: "conflict",
          message: "Everflow changed since the preview. Nothing was sent.",
          drift: [
            { record_id: 1, name: "Alpha Media", group_id: 10, group_name: "VPN Plan", field_label: "Visibility", previewed: "Visible (offer default)", now: "Hidden" },
          ],
        } as never);
      }
      const report: ApplyReport = {
        plan_id: "vp-1",
        status: "applied",
        batches: [{ index: 0, label: "2 affiliates", record_ids: [1, 2], status: "sent", message: null, fields: [] }],
        verification: { checked: 2, mismatches: [], error: null },
      };
      return report;
    };
    b.overrides.refresh_visibility_matrix = (args) =>
      (fresh ?? []).filter((v) => (args.offerIds as number[]).includes(v.network_offer_id));
    b.overrides.currencies = () => [];
    b.overrides.traffic_sources = () => [];
  });
  return { backend, ...renderApp() };
}

const cell = (offer: number, affiliate: number) => screen.getByTestId(`cell-${offer}-${affiliate}`);

async function loadMatrix(user: ReturnType<typeof renderApp>["user"]) {
  await user.click(await screen.findByTestId("nav-visibility"));
  await user.click(await screen.findByTestId("matrix-load"));
  await screen.findByTestId("matrix-grid");
}

describe("Visibility matrix", () => {
  // The screen keeps its matrix per network between visits: each test starts with none.
  beforeEach(() => keepMatrix(null));

  it("loads what was chosen and draws explicit, default and rejected cells apart", async () => {
    const { backend, user } = open();
    await user.click(await screen.findByTestId("nav-visibility"));
    await user.type(await screen.findByTestId("matrix-load-offer-search"), "plan");
    await user.click(screen.getByTestId("matrix-load-type-public"));
    await user.click(screen.getByTestId("matrix-load"));
    await screen.findByTestId("matrix-grid");

    const request = backend.callsOf("load_visibility_matrix")[0].request as MatrixRequest;
    expect(request.affiliate_ids).toBeNull();
    expect(request.offers).toEqual({ search_terms: [{ search_type: "name", value: "plan" }], filters: { offer_status: "active", visibilities: ["public"] } });
    expect(request.affiliates.search_terms).toEqual([]);

    expect(screen.getByTestId("matrix-loaded")).toHaveTextContent("3 affiliates × 3 offers");
    expect(cell(10, 1)).toHaveAttribute("data-state", "visible");
    expect(cell(10, 1)).toHaveAttribute("data-explicit", "false");
    expect(cell(10, 1)).toHaveClass("is-default");
    expect(cell(10, 2)).toHaveAttribute("data-state", "hidden");
    expect(cell(10, 2)).toHaveClass("is-explicit");
    expect(cell(10, 3)).toHaveAttribute("data-state", "rejected");
    expect(cell(20, 1)).toHaveAttribute("data-state", "visible");
    expect(cell(20, 2)).toHaveAttribute("data-state", "hidden");
    expect(cell(20, 2)).toHaveAttribute("data-explicit", "false");
    // Column headers show the offer's visibility type.
    expect(screen.getByTestId("col-offer-20")).toHaveTextContent(/Appr/);
    expect(screen.getByTestId("matrix-legend")).toHaveTextContent(/Visible by default.*Hidden by default.*Rejected/);
    const grid = screen.getByRole("grid");
    expect(grid).toHaveAttribute("aria-rowcount", "4");
    expect(grid).toHaveAttribute("aria-colcount", "4");
  });

  it("click switches a cell, a second click drops the pending change; undo and redo", async () => {
    const { user } = open();
    await loadMatrix(user);
    await user.click(cell(10, 1));
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("1 pending change");
    await user.click(cell(10, 1));
    expect(cell(10, 1)).toHaveAttribute("data-pending", "none");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");

    await user.keyboard("{Control>}z{/Control}");
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
    await user.keyboard("{Control>}z{/Control}");
    expect(cell(10, 1)).toHaveAttribute("data-pending", "none");
    await user.keyboard("{Control>}y{/Control}");
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
    await user.click(screen.getByTestId("matrix-undo"));
    expect(cell(10, 1)).toHaveAttribute("data-pending", "none");
    await user.click(screen.getByTestId("matrix-redo"));
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
  });

  it("leaving the screen and coming back keeps the loaded matrix and the pending edits with their undo", async () => {
    const { user, backend } = open();
    await loadMatrix(user);
    await user.click(cell(10, 1));
    await user.click(cell(20, 2));
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("2 pending changes");
    await user.click(screen.getByTestId("nav-affiliates"));
    await screen.findByTestId("affiliate-search");
    await user.click(screen.getByTestId("nav-visibility"));
    expect(await screen.findByTestId("matrix-pending-count")).toHaveTextContent("2 pending changes");
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
    expect(backend.callsOf("load_visibility_matrix")).toHaveLength(1);
    await user.click(screen.getByTestId("matrix-undo"));
    expect(cell(20, 2)).toHaveAttribute("data-pending", "none");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("1 pending change");
  });

  it("keyboard: arrows move, shift+arrows select a rectangle, H hides it, V shows it, Delete reverts", async () => {
    const { user } = open();
    await loadMatrix(user);
    const grid = screen.getByRole("grid");
    grid.focus();
    expect(grid).toHaveAttribute("aria-activedescendant", "mx-0-0");
    await user.keyboard("{ArrowDown}{Shift>}{ArrowDown}{ArrowRight}{/Shift}");
    expect(screen.getByTestId("matrix-selection")).toHaveTextContent("2 affiliates × 2 offers");
    expect(cell(10, 2)).toHaveAttribute("aria-selected", "true");
    expect(cell(20, 3)).toHaveAttribute("aria-selected", "true");
    expect(cell(10, 1)).toHaveAttribute("aria-selected", "false");
    await user.keyboard("v");
    // Visible on 10:2 (hidden) and 10:3 (rejected), 20:2 and 20:3 (hidden by default).
    for (const [o, a] of [[10, 2], [10, 3], [20, 2], [20, 3]]) expect(cell(o, a)).toHaveAttribute("data-pending", "visible");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("4 pending changes");
    await user.keyboard("h");
    // Back to what Everflow has: hidden and rejected both count as hidden.
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");
    await user.keyboard("{Escape}{Home} ");
    expect(cell(10, 3)).toHaveAttribute("data-pending", "visible");
    await user.keyboard("{End}{Enter}");
    expect(cell(30, 3)).toHaveAttribute("data-pending", "hidden");
    await user.keyboard("{Shift>}{Home}{/Shift}{Delete}");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");
  });

  it("dragging selects a rectangle without switching cells; shift-click extends it", async () => {
    const { user } = open();
    await loadMatrix(user);
    await user.pointer([
      { keys: "[MouseLeft>]", target: cell(10, 1) },
      { target: cell(20, 2) },
      { keys: "[/MouseLeft]", target: cell(20, 2) },
    ]);
    expect(screen.getByTestId("matrix-selection")).toHaveTextContent("2 affiliates × 2 offers");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");
    await user.keyboard("{Shift>}");
    await user.click(cell(30, 3));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("matrix-selection")).toHaveTextContent("3 affiliates × 3 offers");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");
    await user.click(screen.getByTestId("matrix-set-hidden"));
    // Visible cells of the 3 × 3: 10:1 (default), 20:1 (set), 30:3 (set).
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("3 pending changes");
  });

  it("a column header selects the whole column; the axes swap", async () => {
    const { user } = open();
    await loadMatrix(user);
    await user.click(screen.getByTestId("col-offer-10"));
    expect(screen.getByTestId("matrix-selection")).toHaveTextContent("Column: 3 affiliates");
    await user.click(screen.getByTestId("matrix-set-hidden"));
    expect(cell(10, 1)).toHaveAttribute("data-pending", "hidden");
    expect(cell(10, 2)).toHaveAttribute("data-pending", "none");
    expect(cell(10, 3)).toHaveAttribute("data-pending", "none");

    await user.click(screen.getByTestId("matrix-swap"));
    expect(screen.getByRole("grid")).toHaveAttribute("data-rows-are", "offers");
    expect(screen.getByTestId("row-offer-10")).toBeInTheDocument();
    expect(screen.getByTestId("col-affiliate-1")).toBeInTheDocument();
    await user.click(screen.getByTestId("row-offer-30"));
    expect(screen.getByTestId("matrix-selection")).toHaveTextContent("Row: 3 affiliates");
    await user.click(screen.getByTestId("matrix-set-visible"));
    expect(cell(30, 1)).toHaveAttribute("data-pending", "visible");
    expect(cell(30, 3)).toHaveAttribute("data-pending", "none");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("3 pending changes");
  });

  it("searches and filters both axes", async () => {
    const { user } = open();
    await loadMatrix(user);
    await user.type(screen.getByTestId("matrix-affiliate-search"), "beta");
    await waitFor(() => expect(screen.queryByTestId("row-affiliate-1")).not.toBeInTheDocument());
    expect(screen.getByTestId("row-affiliate-2")).toBeInTheDocument();
    await user.click(screen.getByTestId("matrix-type-private"));
    await waitFor(() => expect(screen.queryByTestId("col-offer-10")).not.toBeInTheDocument());
    expect(screen.getByTestId("col-offer-30")).toBeInTheDocument();
    await user.type(screen.getByTestId("matrix-offer-search"), "nothing like this");
    expect(await screen.findByTestId("matrix-filtered-empty")).toHaveTextContent("No offers match");
  });

  it("reviews the pending edits in the plan dialog, applies, and shows what Everflow has after", async () => {
    const { backend, user } = open({ fresh: [vis(10, [], [1, 2], [3])] });
    await loadMatrix(user);
    await user.click(cell(10, 1));
    await user.click(screen.getByTestId("matrix-review"));
    const dialog = await screen.findByTestId("plan-preview");
    expect(backend.callsOf("plan_visibility")[0]).toEqual({ matrixId: "m-1", edits: [{ offer_id: 10, affiliate_id: 1, target: "hidden" }] });
    expect(within(dialog).getByText(/may notify affiliates/)).toBeInTheDocument();
    expect(within(dialog).getByText(/Loses access \(2\)/)).toBeInTheDocument();

    await user.click(within(dialog).getByTestId("plan-apply"));
    await waitFor(() => expect(backend.callsOf("refresh_visibility_matrix")).toHaveLength(1));
    expect(backend.callsOf("refresh_visibility_matrix")[0]).toEqual({ matrixId: "m-1", offerIds: [10] });
    await user.click(await screen.findByTestId("plan-close"));
    await waitFor(() => expect(cell(10, 1)).toHaveAttribute("data-state", "hidden"));
    expect(cell(10, 1)).toHaveAttribute("data-explicit", "true");
    expect(cell(10, 1)).toHaveAttribute("data-pending", "none");
    expect(screen.getByTestId("matrix-pending-count")).toHaveTextContent("No pending changes");
    expect(screen.getByTestId("matrix-refreshed")).toHaveTextContent(/Applied/);
  });

  it("an apply refused because Everflow changed offers to reload, and the reload shows what changed", async () => {
    const { backend, user } = open({ applyFails: true, fresh: [vis(10, [], [2], [3, 1])] });
    await loadMatrix(user);
    await user.click(cell(10, 1));
    await user.click(cell(10, 2));
    await user.click(screen.getByTestId("matrix-review"));
    const dialog = await screen.findByTestId("plan-preview");
    await user.click(within(dialog).getByTestId("plan-apply"));
    expect(await within(dialog).findByTestId("plan-drift")).toHaveTextContent("Alpha Media");
    await user.click(within(dialog).getByTestId("plan-dismiss"));
    const refused = await screen.findByTestId("matrix-apply-refused");
    expect(backend.callsOf("refresh_visibility_matrix")).toHaveLength(0);
    await user.click(within(refused).getByTestId("matrix-reload-edited"));
    const changes = await screen.findByTestId("matrix-reload-changes");
    expect(changes).toHaveTextContent("Alpha Media on VPN Plan: visible (offer default) → rejected (set)");
    expect(cell(10, 1)).toHaveAttribute("data-state", "rejected");
    // 10:1 was to be hidden, and rejected already keeps the offer from it: no longer pending.
    expect(cell(10, 1)).toHaveAttribute("data-pending", "none");
    expect(cell(10, 2)).toHaveAttribute("data-pending", "visible");
  });

  it("a selection handed over from the affiliates table loads only those affiliates", async () => {
    const { backend, user } = open();
    const rows = await screen.findAllByTestId("affiliate-row");
    await user.click(within(rows[0]).getByTestId("row-select"));
    await user.click(within(rows[2]).getByTestId("row-select"));
    await user.click(screen.getByTestId("visibility-selected"));
    expect(await screen.findByTestId("matrix-affiliates-selection")).toBeChecked();
    await user.click(screen.getByTestId("matrix-load"));
    await screen.findByTestId("matrix-grid");
    const request = backend.callsOf("load_visibility_matrix")[0].request as MatrixRequest;
    expect(request.affiliate_ids).toEqual([1000, 1002]);
  });

  it("a load can be cancelled", async () => {
    const { backend, user } = open();
    // Like the backend: the load answers "cancelled" once cancel_job stops it.
    let stop: (e: unknown) => void = () => undefined;
    backend.overrides.load_visibility_matrix = () => new Promise((_, reject) => (stop = reject));
    backend.overrides.cancel_job = () => {
      stop(commandError({ code: "cancelled", message: "Loading was cancelled." }));
      return true;
    };
    await user.click(await screen.findByTestId("nav-visibility"));
    await user.click(screen.getByTestId("matrix-load"));
    await user.click(await screen.findByTestId("matrix-load-cancel"));
    expect(await screen.findByTestId("matrix-load-stopped")).toHaveTextContent("Nothing was loaded");
    expect(backend.callsOf("cancel_job")).toHaveLength(1);
  });
});
