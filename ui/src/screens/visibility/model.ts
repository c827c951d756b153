// The visibility matrix in the UI: pure functions over a compact model. Cells are never stored one
// by one: per offer, the affiliates Everflow lists explicitly (sorted typed arrays: a 50,000 ×
// 2,000 network lists millions, which JS Maps held at over a gigabyte); every other cell is the
// offer's default. Pending edits are a Map keyed "offerId:affiliateId" → target, and undo/redo a
// stack of batches of pending-map changes.
import type { CellEdit, MatrixAffiliate, MatrixOffer, OfferVisibility, VisibilityMatrix } from "../../bindings";

export type CellState = "visible" | "hidden" | "rejected";
export type Target = "visible" | "hidden";
export type OfferType = "public" | "require_approval" | "private";

export interface Cell {
  state: CellState;
  /** Listed by Everflow for this affiliate (else the offer's default). */
  explicit: boolean;
}

export interface Model {
  matrixId: string;
  loadedAt: number;
  affiliates: MatrixAffiliate[];
  offers: MatrixOffer[];
  affiliateById: Map<number, MatrixAffiliate>;
  offerById: Map<number, MatrixOffer>;
  /** By offer id: the affiliates with an explicit setting. */
  explicit: Map<number, ExplicitSettings>;
}

/** Codes of the explicit states, in the order of precedence (a higher code wins). */
const STATE_OF_CODE: readonly CellState[] = ["rejected", "hidden", "visible"];

/**
 * One offer's explicit settings: affiliate ids in ascending order with their states, found by
 * binary search. Five bytes per affiliate listed (nine if an id does not fit in 32 bits).
 */
export class ExplicitSettings {
  private constructor(
    private readonly ids: Int32Array | Float64Array,
    private readonly codes: Uint8Array,
  ) {}

  static readonly NONE = new ExplicitSettings(new Int32Array(0), new Uint8Array(0));

  /** Listed twice, visible wins over hidden over rejected (as in Rust). */
  static of(v: OfferVisibility): ExplicitSettings {
    const lists = [v.network_affiliate_rejected_ids ?? [], v.network_affiliate_hidden_ids ?? [], v.network_affiliate_visible_ids ?? []];
    const total = lists.reduce((n, list) => n + list.length, 0);
    if (total === 0) return ExplicitSettings.NONE;
    // id × 4 + code sorts by id, then by precedence: the last of each id's run wins (exact in a
    // double for ids below 2^50).
    const keyed = new Float64Array(total);
    let at = 0;
    lists.forEach((list, code) => {
      for (const id of list) keyed[at++] = id * 4 + code;
    });
    keyed.sort();
    const ids = keyed[total - 1] / 4 < 2 ** 31 ? new Int32Array(total) : new Float64Array(total);
    const codes = new Uint8Array(total);
    let size = 0;
    for (let i = 0; i < total; i++) {
      const id = Math.floor(keyed[i] / 4);
      if (size > 0 && ids[size - 1] === id) size--;
      ids[size] = id;
      codes[size] = keyed[i] - id * 4;
      size++;
    }
    return new ExplicitSettings(ids.slice(0, size), codes.slice(0, size));
  }

  get size(): number {
    return this.ids.length;
  }

  get(affiliateId: number): CellState | undefined {
    let low = 0;
    let high = this.ids.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const id = this.ids[mid];
      if (id === affiliateId) return STATE_OF_CODE[this.codes[mid]];
      if (id < affiliateId) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  /** The affiliates listed, ascending. */
  affiliateIds(): Iterable<number> {
    return this.ids;
  }
}

export function buildModel(m: VisibilityMatrix): Model {
  const explicit = new Map<number, ExplicitSettings>();
  m.offers.forEach((offer, i) => {
    const v = m.visibility[i];
    explicit.set(offer.id, v ? ExplicitSettings.of(v) : ExplicitSettings.NONE);
  });
  return {
    matrixId: m.matrix_id,
    loadedAt: m.loaded_at,
    affiliates: m.affiliates,
    offers: m.offers,
    affiliateById: new Map(m.affiliates.map((a) => [a.id, a])),
    offerById: new Map(m.offers.map((o) => [o.id, o])),
    explicit,
  };
}

/** The model with these offers' visibility replaced by fresh copies (offers not loaded are ignored). */
export function withFresh(model: Model, fresh: OfferVisibility[]): Model {
  const explicit = new Map(model.explicit);
  for (const v of fresh) {
    if (model.offerById.has(v.network_offer_id)) explicit.set(v.network_offer_id, ExplicitSettings.of(v));
  }
  return { ...model, explicit };
}

export function cellOf(model: Model, offerId: number, affiliateId: number): Cell {
  const state = model.explicit.get(offerId)?.get(affiliateId);
  if (state) return { state, explicit: true };
  return { state: (model.offerById.get(offerId)?.default as CellState | undefined) ?? "hidden", explicit: false };
}

/** Whether a cell already gives the target: hidden and rejected both keep the offer from the affiliate. */
export function satisfies(state: CellState, target: Target): boolean {
  return target === "visible" ? state === "visible" : state !== "visible";
}

export const cellKey = (offerId: number, affiliateId: number) => `${offerId}:${affiliateId}`;

export function parseKey(key: string): { offerId: number; affiliateId: number } {
  const i = key.indexOf(":");
  return { offerId: Number(key.slice(0, i)), affiliateId: Number(key.slice(i + 1)) };
}

// ----- pending edits and undo ----------------------------------------------------------------

export type Pending = ReadonlyMap<string, Target>;

/** One cell's pending entry before and after an edit (undefined: no pending change). */
export interface Change {
  key: string;
  before: Target | undefined;
  after: Target | undefined;
}
export type Batch = Change[];

export interface CellTarget {
  offerId: number;
  affiliateId: number;
  target: Target;
}

/** What a cell shows: its current state, and the pending target if it has one. */
export function shown(model: Model, pending: Pending, offerId: number, affiliateId: number): Cell & { pending?: Target } {
  const cell = cellOf(model, offerId, affiliateId);
  const target = pending.get(cellKey(offerId, affiliateId));
  return target ? { ...cell, pending: target } : cell;
}

/** Whether a cell will be visible once the pending edits are applied. */
export function willBeVisible(model: Model, pending: Pending, offerId: number, affiliateId: number): boolean {
  const target = pending.get(cellKey(offerId, affiliateId));
  if (target) return target === "visible";
  return cellOf(model, offerId, affiliateId).state === "visible";
}

/** The target a click gives a cell: the opposite of what it will be. */
export function toggledTarget(model: Model, pending: Pending, offerId: number, affiliateId: number): Target {
  return willBeVisible(model, pending, offerId, affiliateId) ? "hidden" : "visible";
}

/**
 * Sets cells to targets. A target the cell already has drops its pending entry. Returns the new
 * pending map and the batch of what changed (empty when nothing did).
 */
export function setCells(model: Model, pending: Pending, cells: Iterable<CellTarget>): { pending: Map<string, Target>; batch: Batch } {
  const next = new Map(pending);
  const seen = new Map<string, Change>();
  for (const { offerId, affiliateId, target } of cells) {
    const key = cellKey(offerId, affiliateId);
    const wanted = satisfies(cellOf(model, offerId, affiliateId).state, target) ? undefined : target;
    const prev = next.get(key);
    if (prev === wanted) continue;
    if (wanted === undefined) next.delete(key);
    else next.set(key, wanted);
    const change = seen.get(key);
    if (change) change.after = wanted;
    else seen.set(key, { key, before: prev, after: wanted });
  }
  const batch = [...seen.values()].filter((c) => c.before !== c.after);
  return { pending: next, batch };
}

/** Removes the pending entries of these cells. */
export function revertCells(pending: Pending, keys: Iterable<string>): { pending: Map<string, Target>; batch: Batch } {
  const next = new Map(pending);
  const batch: Batch = [];
  for (const key of keys) {
    const prev = next.get(key);
    if (prev === undefined) continue;
    next.delete(key);
    batch.push({ key, before: prev, after: undefined });
  }
  return { pending: next, batch };
}

function put(map: Map<string, Target>, key: string, value: Target | undefined) {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}

export interface Edits {
  pending: Map<string, Target>;
  undo: Batch[];
  redo: Batch[];
}

export const UNDO_LIMIT = 200;

export function noEdits(): Edits {
  return { pending: new Map(), undo: [], redo: [] };
}

/** Records an edit's result; an empty batch changes nothing. */
export function record(edits: Edits, result: { pending: Map<string, Target>; batch: Batch }): Edits {
  if (result.batch.length === 0) return edits;
  return { pending: result.pending, undo: [...edits.undo, result.batch].slice(-UNDO_LIMIT), redo: [] };
}

export function undo(edits: Edits): Edits {
  const batch = edits.undo[edits.undo.length - 1];
  if (!batch) return edits;
  const pending = new Map(edits.pending);
  for (let i = batch.length - 1; i >= 0; i--) put(pending, batch[i].key, batch[i].before);
  return { pending, undo: edits.undo.slice(0, -1), redo: [...edits.redo, batch] };
}

export function redo(edits: Edits): Edits {
  const batch = edits.redo[edits.redo.length - 1];
  if (!batch) return edits;
  const pending = new Map(edits.pending);
  for (const change of batch) put(pending, change.key, change.after);
  return { pending, undo: [...edits.undo, batch], redo: edits.redo.slice(0, -1) };
}

/**
 * After the model changed (a reload, an apply): drops pending entries the cells now satisfy, and
 * those of offers or affiliates no longer loaded. Undo history is cleared when anything dropped,
 * since its batches describe a state that is gone.
 */
export function prune(model: Model, edits: Edits): Edits {
  let dropped = false;
  const pending = new Map<string, Target>();
  for (const [key, target] of edits.pending) {
    const { offerId, affiliateId } = parseKey(key);
    if (!model.offerById.has(offerId) || !model.affiliateById.has(affiliateId)) {
      dropped = true;
      continue;
    }
    if (satisfies(cellOf(model, offerId, affiliateId).state, target)) {
      dropped = true;
      continue;
    }
    pending.set(key, target);
  }
  return dropped ? { pending, undo: [], redo: [] } : edits;
}

/** The pending edits as the plan command takes them, offer by offer. */
export function pendingEdits(pending: Pending): CellEdit[] {
  const edits = [...pending].map(([key, target]) => ({ ...parseKey(key), target }));
  edits.sort((a, b) => a.offerId - b.offerId || a.affiliateId - b.affiliateId);
  return edits.map((e) => ({ offer_id: e.offerId, affiliate_id: e.affiliateId, target: e.target }));
}

export interface PendingSummary {
  cells: number;
  offers: number;
  affiliates: number;
  gains: number;
  losses: number;
}

export function summarize(pending: Pending): PendingSummary {
  const offers = new Set<number>();
  const affiliates = new Set<number>();
  let gains = 0;
  for (const [key, target] of pending) {
    const { offerId, affiliateId } = parseKey(key);
    offers.add(offerId);
    affiliates.add(affiliateId);
    if (target === "visible") gains++;
  }
  return { cells: pending.size, offers: offers.size, affiliates: affiliates.size, gains, losses: pending.size - gains };
}

/** The offers that have pending edits. */
export function pendingOffers(pending: Pending): number[] {
  const offers = new Set<number>();
  for (const key of pending.keys()) offers.add(parseKey(key).offerId);
  return [...offers].sort((a, b) => a - b);
}

// ----- the view: which affiliates and offers are shown, on which axis ------------------------

export type RowAxis = "affiliates" | "offers";

export interface View {
  rowsAre: RowAxis;
  rowIds: number[];
  colIds: number[];
}

export interface Pos {
  r: number;
  c: number;
}

export interface Rect {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export function makeView(rowsAre: RowAxis, affiliateIds: number[], offerIds: number[]): View {
  return rowsAre === "affiliates"
    ? { rowsAre, rowIds: affiliateIds, colIds: offerIds }
    : { rowsAre, rowIds: offerIds, colIds: affiliateIds };
}

/** The offer and affiliate of the cell at a row and column of the view. */
export function cellAt(view: View, r: number, c: number): { offerId: number; affiliateId: number } {
  return view.rowsAre === "affiliates"
    ? { offerId: view.colIds[c], affiliateId: view.rowIds[r] }
    : { offerId: view.rowIds[r], affiliateId: view.colIds[c] };
}

/** Where a cell is in the view, or null when it is filtered out. */
export function positionOf(view: View, offerId: number, affiliateId: number): Pos | null {
  const [rowId, colId] = view.rowsAre === "affiliates" ? [affiliateId, offerId] : [offerId, affiliateId];
  const r = view.rowIds.indexOf(rowId);
  const c = view.colIds.indexOf(colId);
  return r < 0 || c < 0 ? null : { r, c };
}

export function rectOf(a: Pos, b: Pos): Rect {
  return { r0: Math.min(a.r, b.r), c0: Math.min(a.c, b.c), r1: Math.max(a.r, b.r), c1: Math.max(a.c, b.c) };
}

export function rectSize(rect: Rect): number {
  return (rect.r1 - rect.r0 + 1) * (rect.c1 - rect.c0 + 1);
}

export function inRect(rect: Rect, r: number, c: number): boolean {
  return r >= rect.r0 && r <= rect.r1 && c >= rect.c0 && c <= rect.c1;
}

/** Keeps a position inside a view of `rows` × `cols` (both at least 1). */
export function clampPos(pos: Pos, rows: number, cols: number): Pos {
  return { r: Math.max(0, Math.min(rows - 1, pos.r)), c: Math.max(0, Math.min(cols - 1, pos.c)) };
}

/** Every cell of a rectangle of the view, set to one target. */
export function* rectTargets(view: View, rect: Rect, target: Target): Generator<CellTarget> {
  for (let r = rect.r0; r <= rect.r1; r++) {
    for (let c = rect.c0; c <= rect.c1; c++) yield { ...cellAt(view, r, c), target };
  }
}

/** The keys of every cell of a rectangle of the view. */
export function* rectKeys(view: View, rect: Rect): Generator<string> {
  for (let r = rect.r0; r <= rect.r1; r++) {
    for (let c = rect.c0; c <= rect.c1; c++) {
      const { offerId, affiliateId } = cellAt(view, r, c);
      yield cellKey(offerId, affiliateId);
    }
  }
}

/** The largest rectangle one edit may touch (a whole column of 10,000 affiliates is far below). */
export const MAX_EDIT_CELLS = 250_000;

// ----- search and filters --------------------------------------------------------------------

/** Matches a name (any part, any case) or an ID (the digits typed, with or without "#"). */
export function matches(term: string, id: number, name: string): boolean {
  const t = term.trim().toLowerCase();
  if (!t) return true;
  const digits = t.replace(/^#/, "");
  if (/^\d+$/.test(digits) && String(id) === digits) return true;
  return name.toLowerCase().includes(t);
}

export interface ViewFilters {
  affiliateSearch: string;
  offerSearch: string;
  /** Offer visibility types shown; empty shows every type. */
  offerTypes: OfferType[];
  /** Only affiliates and offers with pending changes. */
  onlyPending: boolean;
}

export function noViewFilters(): ViewFilters {
  return { affiliateSearch: "", offerSearch: "", offerTypes: [], onlyPending: false };
}

export function offerTypeOf(offer: MatrixOffer): OfferType {
  const t = offer.visibility_type;
  if (t === "public" || t === "require_approval") return t;
  return "private";
}

/** The affiliates and offers shown, in loaded order. */
export function filterIds(model: Model, pending: Pending, f: ViewFilters): { affiliateIds: number[]; offerIds: number[] } {
  let pendingOffers: Set<number> | null = null;
  let pendingAffiliates: Set<number> | null = null;
  if (f.onlyPending) {
    pendingOffers = new Set();
    pendingAffiliates = new Set();
    for (const key of pending.keys()) {
      const { offerId, affiliateId } = parseKey(key);
      pendingOffers.add(offerId);
      pendingAffiliates.add(affiliateId);
    }
  }
  const affiliateIds = model.affiliates
    .filter((a) => (!pendingAffiliates || pendingAffiliates.has(a.id)) && matches(f.affiliateSearch, a.id, a.name))
    .map((a) => a.id);
  const offerIds = model.offers
    .filter(
      (o) =>
        (!pendingOffers || pendingOffers.has(o.id)) &&
        (f.offerTypes.length === 0 || f.offerTypes.includes(offerTypeOf(o))) &&
        matches(f.offerSearch, o.id, o.name),
    )
    .map((o) => o.id);
  return { affiliateIds, offerIds };
}

// ----- words ---------------------------------------------------------------------------------

export const OFFER_TYPE_WORDS: Record<OfferType, { label: string; short: string; explain: string }> = {
  public: { label: "Public", short: "Pub", explain: "every affiliate sees it unless hidden" },
  require_approval: { label: "Require approval", short: "Appr", explain: "hidden until an affiliate is made visible" },
  private: { label: "Private", short: "Priv", explain: "hidden unless an affiliate is made visible" },
};

export function stateWords(state: CellState): string {
  return state === "visible" ? "Visible" : state === "hidden" ? "Hidden" : "Rejected";
}

export function cellWords(cell: Cell & { pending?: Target }): string {
  const now = `${stateWords(cell.state)}${cell.explicit ? "" : " (offer default)"}`;
  return cell.pending ? `${now} → will be ${stateWords(cell.pending)}` : now;
}

/** Cells whose visibility differs between the model and fresh copies (loaded affiliates only). */
export function visibilityChanges(
  model: Model,
  fresh: OfferVisibility[],
): { offerId: number; affiliateId: number; before: Cell; now: Cell }[] {
  const out: { offerId: number; affiliateId: number; before: Cell; now: Cell }[] = [];
  const next = withFresh(model, fresh);
  for (const v of fresh) {
    const offerId = v.network_offer_id;
    if (!model.offerById.has(offerId)) continue;
    const ids = new Set<number>([...(model.explicit.get(offerId)?.affiliateIds() ?? []), ...(next.explicit.get(offerId)?.affiliateIds() ?? [])]);
    for (const affiliateId of ids) {
      if (!model.affiliateById.has(affiliateId)) continue;
      const before = cellOf(model, offerId, affiliateId);
      const now = cellOf(next, offerId, affiliateId);
      if (before.state !== now.state || before.explicit !== now.explicit) out.push({ offerId, affiliateId, before, now });
    }
  }
  return out;
}
