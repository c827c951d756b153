import { describe, expect, it } from "vitest";
import type { VisibilityMatrix } from "../../bindings";
import {
  buildModel,
  cellAt,
  cellOf,
  ExplicitSettings,
  filterIds,
  makeView,
  matches,
  noEdits,
  noViewFilters,
  pendingEdits,
  positionOf,
  prune,
  record,
  rectOf,
  rectSize,
  rectTargets,
  redo,
  revertCells,
  setCells,
  summarize,
  toggledTarget,
  undo,
  visibilityChanges,
  withFresh,
  type Model,
} from "./model";

const vis = (offer: number, visible: number[] = [], hidden: number[] = [], rejected: number[] = []) => ({
  network_id: 1,
  network_offer_id: offer,
  network_affiliate_visible_ids: visible,
  network_affiliate_hidden_ids: hidden,
  network_affiliate_rejected_ids: rejected,
});

export function sampleMatrix(): VisibilityMatrix {
  return {
    matrix_id: "m1",
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
    visibility: [vis(10, [], [2], [3]), vis(20, [1]), vis(30, [3], [], [])],
  };
}

const model = (): Model => buildModel(sampleMatrix());

describe("cells", () => {
  it("are explicit when listed, else the offer's default", () => {
    const m = model();
    expect(cellOf(m, 10, 1)).toEqual({ state: "visible", explicit: false });
    expect(cellOf(m, 10, 2)).toEqual({ state: "hidden", explicit: true });
    expect(cellOf(m, 10, 3)).toEqual({ state: "rejected", explicit: true });
    expect(cellOf(m, 20, 1)).toEqual({ state: "visible", explicit: true });
    expect(cellOf(m, 20, 2)).toEqual({ state: "hidden", explicit: false });
    expect(cellOf(m, 30, 2)).toEqual({ state: "hidden", explicit: false });
  });

  it("keep one state per affiliate listed, visible over hidden over rejected, in any order", () => {
    const settings = ExplicitSettings.of(vis(10, [7, 3, 900_000_001], [3, 5, 7], [7, 2, 5, 3]));
    expect(settings.size).toBe(5);
    expect([...settings.affiliateIds()]).toEqual([2, 3, 5, 7, 900_000_001]);
    expect(settings.get(2)).toBe("rejected");
    expect(settings.get(5)).toBe("hidden");
    expect(settings.get(3)).toBe("visible");
    expect(settings.get(7)).toBe("visible");
    expect(settings.get(900_000_001)).toBe("visible");
    for (const absent of [0, 1, 4, 6, 8, 900_000_000]) expect(settings.get(absent)).toBeUndefined();
    expect(ExplicitSettings.of(vis(10)).get(1)).toBeUndefined();
    const large = ExplicitSettings.of(vis(10, [2 ** 31 + 5], [7]));
    expect(large.get(2 ** 31 + 5)).toBe("visible");
    expect(large.get(5)).toBeUndefined();
    expect(large.get(7)).toBe("hidden");
  });

  it("take fresh copies of some offers and leave the others", () => {
    const m = withFresh(model(), [vis(10, [], [1]), vis(999, [1])]);
    expect(cellOf(m, 10, 1)).toEqual({ state: "hidden", explicit: true });
    expect(cellOf(m, 10, 2)).toEqual({ state: "visible", explicit: false });
    expect(cellOf(m, 20, 1)).toEqual({ state: "visible", explicit: true });
    expect(m.explicit.has(999)).toBe(false);
  });

  it("lists what changed on Everflow between two copies", () => {
    const changes = visibilityChanges(model(), [vis(10, [], [1, 2], [3]), vis(20, [1], [], [])]);
    expect(changes).toEqual([{ offerId: 10, affiliateId: 1, before: { state: "visible", explicit: false }, now: { state: "hidden", explicit: true } }]);
  });
});

describe("pending edits", () => {
  it("keep only targets that differ from the cell; rejected counts as hidden", () => {
    const m = model();
    const { pending, batch } = setCells(m, new Map(), [
      { offerId: 10, affiliateId: 1, target: "hidden" }, // visible by default → change
      { offerId: 10, affiliateId: 1, target: "hidden" }, // twice: one change
      { offerId: 10, affiliateId: 2, target: "hidden" }, // already hidden → nothing
      { offerId: 10, affiliateId: 3, target: "hidden" }, // rejected → already hidden
      { offerId: 20, affiliateId: 2, target: "visible" },
    ]);
    expect([...pending]).toEqual([
      ["10:1", "hidden"],
      ["20:2", "visible"],
    ]);
    expect(batch).toHaveLength(2);
  });

  it("drop out when set back to what the cell holds", () => {
    const m = model();
    let edits = record(noEdits(), setCells(m, new Map(), [{ offerId: 10, affiliateId: 1, target: "hidden" }]));
    expect(edits.pending.size).toBe(1);
    expect(toggledTarget(m, edits.pending, 10, 1)).toBe("visible");
    edits = record(edits, setCells(m, edits.pending, [{ offerId: 10, affiliateId: 1, target: "visible" }]));
    expect(edits.pending.size).toBe(0);
    expect(edits.undo).toHaveLength(2);
  });

  it("toggle a rejected cell to visible", () => {
    expect(toggledTarget(model(), new Map(), 10, 3)).toBe("visible");
  });

  it("undo and redo batches, and a new edit clears redo", () => {
    const m = model();
    let edits = record(noEdits(), setCells(m, new Map(), [{ offerId: 10, affiliateId: 1, target: "hidden" }]));
    edits = record(
      edits,
      setCells(m, edits.pending, [
        { offerId: 10, affiliateId: 1, target: "visible" },
        { offerId: 30, affiliateId: 1, target: "visible" },
        { offerId: 30, affiliateId: 2, target: "visible" },
      ]),
    );
    expect([...edits.pending.keys()].sort()).toEqual(["30:1", "30:2"]);
    edits = undo(edits);
    expect([...edits.pending]).toEqual([["10:1", "hidden"]]);
    edits = undo(edits);
    expect(edits.pending.size).toBe(0);
    expect(undo(edits)).toBe(edits);
    edits = redo(edits);
    edits = redo(edits);
    expect([...edits.pending.keys()].sort()).toEqual(["30:1", "30:2"]);
    expect(redo(edits)).toBe(edits);
    edits = undo(edits);
    edits = record(edits, setCells(m, edits.pending, [{ offerId: 20, affiliateId: 3, target: "visible" }]));
    expect(edits.redo).toEqual([]);
  });

  it("an edit that changes nothing is not recorded", () => {
    const edits = noEdits();
    expect(record(edits, setCells(model(), edits.pending, [{ offerId: 10, affiliateId: 2, target: "hidden" }]))).toBe(edits);
  });

  it("revert removes pending entries as one undoable batch", () => {
    const m = model();
    let edits = record(noEdits(), setCells(m, new Map(), [
      { offerId: 10, affiliateId: 1, target: "hidden" },
      { offerId: 30, affiliateId: 2, target: "visible" },
    ]));
    edits = record(edits, revertCells(edits.pending, ["10:1", "20:1"]));
    expect([...edits.pending.keys()]).toEqual(["30:2"]);
    edits = undo(edits);
    expect(edits.pending.get("10:1")).toBe("hidden");
  });

  it("prune drops what a reload already shows and clears the undo history", () => {
    const m = model();
    let edits = record(noEdits(), setCells(m, new Map(), [
      { offerId: 10, affiliateId: 1, target: "hidden" },
      { offerId: 30, affiliateId: 2, target: "visible" },
    ]));
    expect(prune(m, edits)).toBe(edits);
    edits = prune(withFresh(m, [vis(10, [], [1])]), edits);
    expect([...edits.pending]).toEqual([["30:2", "visible"]]);
    expect(edits.undo).toEqual([]);
  });

  it("become cell edits for the plan, ordered, and a summary", () => {
    const m = model();
    const { pending } = setCells(m, new Map(), [
      { offerId: 30, affiliateId: 2, target: "visible" },
      { offerId: 10, affiliateId: 1, target: "hidden" },
      { offerId: 10, affiliateId: 2, target: "visible" },
    ]);
    expect(pendingEdits(pending)).toEqual([
      { offer_id: 10, affiliate_id: 1, target: "hidden" },
      { offer_id: 10, affiliate_id: 2, target: "visible" },
      { offer_id: 30, affiliate_id: 2, target: "visible" },
    ]);
    expect(summarize(pending)).toEqual({ cells: 3, offers: 2, affiliates: 2, gains: 2, losses: 1 });
  });
});

describe("view", () => {
  it("maps rows and columns to cells on either axis", () => {
    const a = makeView("affiliates", [1, 2, 3], [10, 20]);
    expect(cellAt(a, 1, 0)).toEqual({ offerId: 10, affiliateId: 2 });
    expect(positionOf(a, 20, 3)).toEqual({ r: 2, c: 1 });
    const b = makeView("offers", [1, 2, 3], [10, 20]);
    expect(cellAt(b, 1, 0)).toEqual({ offerId: 20, affiliateId: 1 });
    expect(positionOf(b, 20, 3)).toEqual({ r: 1, c: 2 });
    expect(positionOf(b, 99, 3)).toBeNull();
  });

  it("sets a rectangle: a whole column of 10,000 affiliates is 10,000 pending entries", () => {
    const affiliates = Array.from({ length: 10_000 }, (_, i) => ({ id: i + 1, name: `A${i + 1}`, status: "active" }));
    const offers = Array.from({ length: 500 }, (_, i) => ({ id: 1000 + i, name: `O${i}`, visibility_type: "public", default: "visible" as const }));
    const m = buildModel({
      matrix_id: "big",
      loaded_at: 0,
      affiliates,
      offers,
      visibility: offers.map((o) => vis(o.id, [], [5], [])),
    });
    const view = makeView("affiliates", affiliates.map((a) => a.id), offers.map((o) => o.id));
    const rect = rectOf({ r: 9_999, c: 3 }, { r: 0, c: 3 });
    expect(rectSize(rect)).toBe(10_000);
    const { pending } = setCells(m, new Map(), rectTargets(view, rect, "hidden"));
    // Affiliate 5 is hidden already.
    expect(pending.size).toBe(9_999);
    expect(pending.has("1003:5")).toBe(false);
    expect(pending.get("1003:6")).toBe("hidden");
  });

  it("filters by name or ID on both axes, by offer type and by pending", () => {
    const m = model();
    const f = noViewFilters();
    expect(filterIds(m, new Map(), { ...f, affiliateSearch: "beta" }).affiliateIds).toEqual([2]);
    expect(filterIds(m, new Map(), { ...f, affiliateSearch: "#3" }).affiliateIds).toEqual([3]);
    expect(filterIds(m, new Map(), { ...f, offerSearch: "30" }).offerIds).toEqual([30]);
    expect(filterIds(m, new Map(), { ...f, offerTypes: ["public", "private"] }).offerIds).toEqual([10, 30]);
    const pending = new Map([["20:3", "visible" as const]]);
    expect(filterIds(m, pending, { ...f, onlyPending: true })).toEqual({ affiliateIds: [3], offerIds: [20] });
    expect(matches("", 1, "x")).toBe(true);
    expect(matches("1", 12, "Offer")).toBe(false);
  });
});
