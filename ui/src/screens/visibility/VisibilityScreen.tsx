// The visibility matrix screen: choose what to load, load it with progress, edit cells like a
// spreadsheet (pending edits, undo/redo), review who gains and who loses access in the shared plan
// dialog, apply, and reload what Everflow has afterwards.
import { useCallback, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { ApplyReport, CellEdit, Plan } from "../../bindings";
import { sessionKey, sheetsApi, toAppError, useSession, type AppError } from "../../api";
import { useMatrixLoad, visibilityApi, type MatrixLoadState } from "../../api/visibility";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Loading";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { SheetActions } from "../../components/sheets/SheetActions";
import type { ScreenParams } from "../../lib/navigation";
import { formatCount } from "../../lib/words";
import { choiceWords, defaultChoice, LoadPanel, matrixRequest, type LoadChoice } from "./LoadPanel";
import { MatrixGrid, type GridCommand, type GridHandle } from "./MatrixGrid";
import {
  buildModel,
  cellAt,
  cellOf,
  cellWords,
  clampPos,
  filterIds,
  makeView,
  MAX_EDIT_CELLS,
  noEdits,
  noViewFilters,
  OFFER_TYPE_WORDS,
  offerTypeOf,
  pendingEdits,
  prune,
  record,
  rectKeys,
  rectOf,
  rectSize,
  rectTargets,
  redo,
  revertCells,
  setCells,
  stateWords,
  summarize,
  toggledTarget,
  undo,
  visibilityChanges,
  withFresh,
  type Edits,
  type Model,
  type OfferType,
  type Pending,
  type Pos,
  type RowAxis,
  type Target,
  type ViewFilters,
} from "./model";
import { keepMatrix, keptFor, type KeptMatrix } from "./kept";
import "./matrix.css";

const NO_PENDING: Pending = new Map();

export function VisibilityScreen({ params }: { params?: ScreenParams }) {
  const handedOver = params?.visibility?.affiliates;
  const session = sessionKey(useSession().data);
  // Coming back to the screen finds what was loaded and edited before (read once, on arrival).
  const [restored] = useState(() => keptFor(session));
  const load = useMatrixLoad(restored ? { state: "done", matrix: restored.matrix, request: restored.request } : undefined);
  const [choice, setChoice] = useState<LoadChoice>(() => restored?.choice ?? defaultChoice(handedOver));
  // A hand-over asks for a new load; the kept matrix stays behind "Keep what is loaded".
  const [choosing, setChoosing] = useState(() => restored === null || handedOver !== undefined);
  const start = (next: LoadChoice) => {
    setChoice(next);
    setChoosing(false);
    load.start(matrixRequest(next, handedOver));
  };

  const state = load.state;
  const matrix = state.state === "done" ? state.matrix : null;
  const request = state.state === "done" ? state.request : null;
  const model = useMemo(() => (matrix ? buildModel(matrix) : null), [matrix]);
  const kept = restored && matrix && restored.matrix.matrix_id === matrix.matrix_id ? restored : null;
  const keep = useCallback(
    (editorModel: Model, edits: Edits) => {
      if (matrix && request) keepMatrix({ session, choice, request, matrix, model: editorModel, edits });
    },
    [session, choice, request, matrix],
  );
  const editing = model !== null && !choosing;
  let body: ReactNode = null;
  if (choosing || state.state === "idle") {
    body = (
      <LoadPanel
        initial={choice}
        handedOver={handedOver}
        onLoad={start}
        onCancel={state.state === "done" ? () => setChoosing(false) : undefined}
      />
    );
  } else if (state.state === "loading") {
    body = <LoadProgress state={state} onCancel={load.cancel} />;
  } else if (state.state === "stopped") {
    body = (
      <div className="notice" data-testid="matrix-load-stopped" role="status">
        <p className="notice-title">Loading stopped</p>
        <p>Nothing was loaded, and nothing on your network changed.</p>
        <div className="notice-actions">
          <button type="button" className="btn btn-primary btn-small" onClick={() => start(choice)}>
            Load again
          </button>
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setChoosing(true)}>
            Change what to load
          </button>
        </div>
      </div>
    );
  } else if (state.state === "failed") {
    body = (
      <ErrorNotice
        title="The visibility could not be loaded"
        error={state.error}
        onRetry={() => start(choice)}
        actions={
          <button type="button" className="btn btn-secondary btn-small" onClick={() => setChoosing(true)}>
            Change what to load
          </button>
        }
      />
    );
  }

  return (
    <section className="screen mx-screen" aria-labelledby="visibility-title" data-testid="visibility-screen">
      {/* Once a grid is shown, its own first row carries the title (more room for the grid). */}
      {editing ? null : (
        <header className="screen-header mx-screen-header">
          <div>
            <h1 id="visibility-title">Visibility</h1>
            <p className="muted">Which affiliates can see which offers. Edits stay on this screen until you review and apply them.</p>
          </div>
        </header>
      )}
      {body}
      {/* Kept while choosing something else, so "Keep what is loaded" comes back with the edits. */}
      {model && matrix ? (
        <div hidden={choosing} className="mx-editor-wrap">
          <MatrixEditor
            key={matrix.matrix_id}
            model={model}
            kept={kept}
            onKeep={keep}
            description={choiceWords(choice, handedOver)}
            onChangeLoad={() => setChoosing(true)}
            shown={editing}
          />
        </div>
      ) : null}
    </section>
  );
}

const STEP_WORDS: Record<string, string> = { affiliates: "Affiliates", offers: "Offers", visibility: "Visibility of each offer" };

function LoadProgress({ state, onCancel }: { state: Extract<MatrixLoadState, { state: "loading" }>; onCancel: () => void }) {
  const steps = ["affiliates", "offers", "visibility"] as const;
  const current = state.current;
  const currentIndex = current ? steps.indexOf(current.step as (typeof steps)[number]) : 0;
  return (
    <div className="panel mx-progress" data-testid="matrix-load-progress" aria-busy="true">
      <div className="load-all-row">
        <span role="status" aria-live="polite">
          <Spinner /> {state.cancelling ? "Stopping…" : "Loading from Everflow…"}
        </span>
        <button type="button" className="btn btn-secondary btn-small" data-testid="matrix-load-cancel" disabled={state.cancelling} onClick={onCancel}>
          Cancel
        </button>
      </div>
      <ol className="mx-steps">
        {steps.map((step, i) => {
          const p = state.steps[step];
          const done = i < currentIndex || (p !== undefined && p.total > 0 && p.done >= p.total);
          const unit = step === "visibility" ? "offers" : "pages";
          const words = p
            ? p.total > 0
              ? `${formatCount(p.done)} of ${formatCount(p.total)} ${unit}`
              : `${formatCount(p.done)} ${unit}`
            : i < currentIndex
              ? "done"
              : "waiting";
          return (
            <li key={step} className={`mx-step${done ? " is-done" : i === currentIndex ? " is-current" : ""}`}>
              <span className="mx-step-name">
                {done ? "✓ " : ""}
                {STEP_WORDS[step]}
              </span>
              <span className="muted small">{words}</span>
              {i === currentIndex && !done ? (
                <progress
                  className="progress"
                  max={p && p.total > 0 ? p.total : undefined}
                  value={p && p.total > 0 ? p.done : undefined}
                  aria-label={`${STEP_WORDS[step]} loaded`}
                />
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

type Review =
  | { state: "idle" }
  | { state: "planning" }
  | { state: "nothing" }
  | { state: "error"; error: AppError }
  | { state: "open"; plan: Plan; edits: CellEdit[] };

type Refresh =
  | { state: "idle" }
  | { state: "running"; offers: number; reason: "applied" | "reload" }
  | { state: "done"; offers: number; reason: "applied" | "reload"; changed: string[]; changedCount: number }
  | { state: "failed"; error: AppError; offerIds: number[] }
  /** An apply was tried and did not finish: Everflow may have changed since loading. */
  | { state: "refused"; offerIds: number[] };

interface EditorProps {
  model: Model;
  /** The model and edits kept from the last visit, to start from. */
  kept: KeptMatrix | null;
  /** Called with the model and edits as they change, so leaving the screen loses nothing. */
  onKeep: (model: Model, edits: Edits) => void;
  description: string;
  onChangeLoad: () => void;
  /** False while the load panel is shown instead (the editor stays, hidden). */
  shown: boolean;
}

/** The frame's padding under the screen (1.5rem). */
const FRAME_PADDING = 24;
const MIN_GRID_HEIGHT = 300;

function MatrixEditor({ model: initialModel, kept, onKeep, description, onChangeLoad, shown: visible }: EditorProps) {
  const [model, setModel] = useState(() => kept?.model ?? initialModel);
  const [edits, setEdits] = useState<Edits>(() => kept?.edits ?? noEdits());
  useEffect(() => onKeep(model, edits), [model, edits, onKeep]);
  const [filters, setFilters] = useState<ViewFilters>(noViewFilters);
  const [rowsAre, setRowsAre] = useState<RowAxis>("affiliates");
  const [sel, setSel] = useState<{ anchor: Pos; focus: Pos }>({ anchor: { r: 0, c: 0 }, focus: { r: 0, c: 0 } });
  const [note, setNote] = useState("");
  const [review, setReview] = useState<Review>({ state: "idle" });
  const [refresh, setRefresh] = useState<Refresh>({ state: "idle" });
  const [confirmDiscard, setConfirmDiscard] = useState<null | "discard" | "reload-choice">(null);
  const grid = useRef<GridHandle>(null);
  const applyTried = useRef({ tried: false, applied: false });
  const modelRef = useRef(model);
  modelRef.current = model;
  const ids = useId();

  const deferred = useDeferredValue(filters);
  const shown = useMemo(
    () => filterIds(model, deferred.onlyPending ? edits.pending : NO_PENDING, deferred),
    // The pending map matters only for "only pending".
    [model, deferred, deferred.onlyPending ? edits.pending : null],
  );
  const view = useMemo(() => makeView(rowsAre, shown.affiliateIds, shown.offerIds), [rowsAre, shown]);
  const rows = view.rowIds.length;
  const cols = view.colIds.length;
  const anchor = rows > 0 && cols > 0 ? clampPos(sel.anchor, rows, cols) : { r: 0, c: 0 };
  const focus = rows > 0 && cols > 0 ? clampPos(sel.focus, rows, cols) : { r: 0, c: 0 };
  const rect = rectOf(anchor, focus);
  const selectedCount = rows > 0 && cols > 0 ? rectSize(rect) : 0;
  const summary = useMemo(() => summarize(edits.pending), [edits.pending]);

  const onSelect = useCallback((a: Pos, f: Pos) => setSel({ anchor: a, focus: f }), []);

  // ----- edits ----------------------------------------------------------------------------------
  const latest = useRef({ view, anchor, focus, rect, model, rows, cols });
  latest.current = { view, anchor, focus, rect, model, rows, cols };

  const tooBig = (n: number) => {
    if (n <= MAX_EDIT_CELLS) return false;
    setNote(`That selection has ${formatCount(n)} cells. Select at most ${formatCount(MAX_EDIT_CELLS)} at once, or search to narrow the grid first.`);
    return true;
  };

  const editsRef = useRef(edits);
  editsRef.current = edits;
  const commit = (next: Edits) => {
    editsRef.current = next;
    setEdits(next);
  };

  const setTarget = useCallback((target: Target) => {
    const { view, rect, model, rows, cols } = latest.current;
    if (rows === 0 || cols === 0) return;
    const n = rectSize(rect);
    if (tooBig(n)) return;
    const result = setCells(model, editsRef.current.pending, rectTargets(view, rect, target));
    commit(record(editsRef.current, result));
    setNote(
      result.batch.length === 0
        ? `Nothing to change: ${n === 1 ? "the cell is" : `the ${formatCount(n)} cells are`} already ${target}.`
        : `${formatCount(n)} ${n === 1 ? "cell" : "cells"} set to ${target}${result.batch.length < n ? ` (${formatCount(result.batch.length)} changed)` : ""}.`,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onCommand = useCallback(
    (command: GridCommand, at?: Pos) => {
      const { view, focus, rect, model, rows, cols } = latest.current;
      const e = editsRef.current;
      if (command === "undo" || command === "redo") {
        const stack = command === "undo" ? e.undo : e.redo;
        if (stack.length === 0) return;
        const size = stack[stack.length - 1].length;
        commit(command === "undo" ? undo(e) : redo(e));
        setNote(`${command === "undo" ? "Undone" : "Redone"}: ${formatCount(size)} ${size === 1 ? "cell" : "cells"}.`);
        return;
      }
      if (rows === 0 || cols === 0) return;
      switch (command) {
        case "toggle-cell": {
          const pos = at ?? focus;
          const { offerId, affiliateId } = cellAt(view, pos.r, pos.c);
          const target = toggledTarget(model, e.pending, offerId, affiliateId);
          const next = record(e, setCells(model, e.pending, [{ offerId, affiliateId, target }]));
          commit(next);
          const cell = cellOf(model, offerId, affiliateId);
          setNote(
            next.pending.has(`${offerId}:${affiliateId}`)
              ? `Will be ${target}.`
              : `Back to ${stateWords(cell.state).toLowerCase()}, as on Everflow.`,
          );
          return;
        }
        case "toggle-selection": {
          const { offerId, affiliateId } = cellAt(view, focus.r, focus.c);
          setTarget(toggledTarget(model, e.pending, offerId, affiliateId));
          return;
        }
        case "visible":
        case "hidden":
          setTarget(command);
          return;
        case "revert": {
          const n = rectSize(rect);
          if (tooBig(n)) return;
          const result = revertCells(e.pending, rectKeys(view, rect));
          commit(record(e, result));
          setNote(
            result.batch.length === 0
              ? "No pending change in the selection."
              : `${formatCount(result.batch.length)} pending ${result.batch.length === 1 ? "change" : "changes"} removed.`,
          );
          return;
        }
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [setTarget],
  );

  const onScreenKeyDown = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest("input, textarea, select, [role=dialog]")) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (!ctrl) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) {
      e.preventDefault();
      onCommand("undo");
    } else if ((key === "z" && e.shiftKey) || key === "y") {
      e.preventDefault();
      onCommand("redo");
    }
  };

  // ----- review, apply, reload ------------------------------------------------------------------
  const openReview = async () => {
    const cellEdits = pendingEdits(edits.pending);
    if (cellEdits.length === 0) return;
    setReview({ state: "planning" });
    try {
      const plan = await visibilityApi.plan(model.matrixId, cellEdits);
      applyTried.current = { tried: false, applied: false };
      setReview({ state: "open", plan, edits: cellEdits });
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === "not_found") {
        setEdits((e) => prune(model, e));
        setReview({ state: "nothing" });
      } else setReview({ state: "error", error: appError });
    }
  };

  const reload = useCallback(async (offerIds: number[], reason: "applied" | "reload", planned?: CellEdit[]) => {
    if (offerIds.length === 0) return;
    setRefresh({ state: "running", offers: offerIds.length, reason });
    const current = modelRef.current;
    try {
      const fresh = await visibilityApi.refresh(current.matrixId, offerIds);
      const base = modelRef.current;
      const changes = visibilityChanges(base, fresh);
      const next = withFresh(base, fresh);
      setModel(next);
      setEdits((e) => prune(next, e));
      const words = changes.slice(0, 8).map((ch) => {
        const a = next.affiliateById.get(ch.affiliateId)?.name ?? `#${ch.affiliateId}`;
        const o = next.offerById.get(ch.offerId)?.name ?? `#${ch.offerId}`;
        const w = (c: { state: string; explicit: boolean }) => `${c.state}${c.explicit ? " (set)" : " (offer default)"}`;
        return `${a} on ${o}: ${w(ch.before)} → ${w(ch.now)}`;
      });
      setRefresh({ state: "done", offers: offerIds.length, reason, changed: words, changedCount: changes.length });
      setNote("");
    } catch (error) {
      if (reason === "applied" && planned) {
        // The apply went out; without fresh copies, at least stop showing what was sent as pending.
        setEdits((e) => {
          const keys = planned.filter((p) => e.pending.get(`${p.offer_id}:${p.affiliate_id}`) === p.target).map((p) => `${p.offer_id}:${p.affiliate_id}`);
          const result = revertCells(e.pending, keys);
          return { pending: result.pending, undo: [], redo: [] };
        });
      }
      setRefresh({ state: "failed", error: toAppError(error), offerIds });
    }
  }, []);

  const onApplied = useCallback(
    (report: ApplyReport) => {
      applyTried.current.applied = true;
      if (review.state !== "open") return;
      const offerIds = [...new Set(review.edits.map((e) => e.offer_id))];
      void reload(offerIds, "applied", report.status === "applied" ? review.edits : undefined);
    },
    [review, reload],
  );

  const closeReview = () => {
    const tried = applyTried.current;
    if (review.state === "open" && tried.tried && !tried.applied) {
      setRefresh({ state: "refused", offerIds: [...new Set(review.edits.map((e) => e.offer_id))] });
    }
    setReview({ state: "idle" });
    requestAnimationFrame(() => grid.current?.focus());
  };

  // The grid takes the height left in the window, so the page itself does not scroll: it grows or
  // shrinks by however much the editor's bottom (plus the frame's padding) misses the window's.
  const gridBox = useRef<HTMLDivElement>(null);
  const editorRef = useRef<HTMLDivElement>(null);
  const [gridHeight, setGridHeight] = useState<number | undefined>(undefined);
  const [layoutTick, setLayoutTick] = useState(0);
  const layoutKey = `${refresh.state}|${review.state}|${rows === 0 || cols === 0}|${visible}|${layoutTick}`;
  useLayoutEffect(() => {
    const measure = () => {
      const box = gridBox.current;
      const editor = editorRef.current;
      if (!box || !editor || !visible) return;
      const scrollTop = document.scrollingElement?.scrollTop ?? 0;
      const overflow = editor.getBoundingClientRect().bottom + scrollTop + FRAME_PADDING - window.innerHeight;
      const h = Math.max(MIN_GRID_HEIGHT, Math.floor(box.getBoundingClientRect().height - overflow));
      setGridHeight((old) => (old !== undefined && Math.abs(old - h) <= 1 ? old : h));
    };
    measure();
    window.addEventListener("resize", measure);
    // Anything above or below the grid that wraps or appears changes the editor's size.
    const observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(() => measure());
    if (observer && editorRef.current) observer.observe(editorRef.current);
    return () => {
      window.removeEventListener("resize", measure);
      observer?.disconnect();
    };
  }, [layoutKey, visible, gridHeight]);

  // Ready for the keyboard as soon as the grid is there.
  useEffect(() => {
    grid.current?.focus();
  }, []);

  // Keep the focused cell in view after the axes swap or the view changes size.
  useEffect(() => {
    if (rows > 0 && cols > 0) grid.current?.scrollTo(focus);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rowsAre]);

  const swapAxes = () => {
    setRowsAre((r) => (r === "affiliates" ? "offers" : "affiliates"));
    setSel((s) => ({ anchor: { r: s.anchor.c, c: s.anchor.r }, focus: { r: s.focus.c, c: s.focus.r } }));
  };

  const setFilter = (patch: Partial<ViewFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setSel({ anchor: { r: 0, c: 0 }, focus: { r: 0, c: 0 } });
  };

  const toggleType = (t: OfferType) =>
    setFilter({ offerTypes: filters.offerTypes.includes(t) ? filters.offerTypes.filter((x) => x !== t) : [...filters.offerTypes, t] });

  const pendingCount = edits.pending.size;
  const focused = rows > 0 && cols > 0 ? cellAt(view, focus.r, focus.c) : null;
  const focusedCell = focused
    ? { ...cellOf(model, focused.offerId, focused.affiliateId), pending: edits.pending.get(`${focused.offerId}:${focused.affiliateId}`) }
    : null;
  const focusedOffer = focused ? model.offerById.get(focused.offerId) : undefined;
  const focusedAffiliate = focused ? model.affiliateById.get(focused.affiliateId) : undefined;
  const loadedAt = new Date(model.loadedAt * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const allOffers = model.offers.map((o) => o.id);
  const busy = review.state === "planning" || refresh.state === "running";

  const selectionWords = (() => {
    if (selectedCount <= 1) return null;
    const wholeRow = rect.c0 === 0 && rect.c1 === cols - 1;
    const wholeCol = rect.r0 === 0 && rect.r1 === rows - 1;
    const rowNoun = rowsAre === "affiliates" ? "affiliate" : "offer";
    const colNoun = rowsAre === "affiliates" ? "offer" : "affiliate";
    const nRows = rect.r1 - rect.r0 + 1;
    const nCols = rect.c1 - rect.c0 + 1;
    if (wholeCol && !wholeRow) return `${nCols === 1 ? "Column" : `${formatCount(nCols)} columns`}: ${formatCount(nRows)} ${rowNoun}s`;
    if (wholeRow && !wholeCol) return `${nRows === 1 ? "Row" : `${formatCount(nRows)} rows`}: ${formatCount(nCols)} ${colNoun}s`;
    return `${formatCount(nRows)} ${nRows === 1 ? rowNoun : `${rowNoun}s`} × ${formatCount(nCols)} ${nCols === 1 ? colNoun : `${colNoun}s`}`;
  })();

  if (model.affiliates.length === 0 || model.offers.length === 0) {
    return (
      <div className="panel panel-calm empty" data-testid="matrix-empty">
        <h2>{model.affiliates.length === 0 ? "No affiliates match what you chose" : "No offers match what you chose"}</h2>
        <p>Loaded {description}. Choose other affiliates or offers to see a grid.</p>
        <button type="button" className="btn btn-primary" onClick={onChangeLoad}>
          Change what is loaded
        </button>
      </div>
    );
  }

  return (
    <div className="mx-editor" ref={editorRef} onKeyDown={onScreenKeyDown}>
      <div className="mx-loaded">
        <h1 id={visible ? "visibility-title" : undefined} className="mx-title">
          Visibility
        </h1>
        <span data-testid="matrix-loaded">
          <strong>{formatCount(model.affiliates.length)}</strong> affiliates × <strong>{formatCount(model.offers.length)}</strong> offers
          <span className="muted"> · loaded at {loadedAt}</span>
        </span>
        <span className="muted small mx-loaded-what" title={description}>
          ({description})
        </span>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="matrix-reload"
          disabled={busy}
          title="Fetch every loaded offer's visibility again from Everflow. Pending edits stay."
          onClick={() => void reload(allOffers, "reload")}
        >
          Reload visibility
        </button>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="matrix-change-load"
          disabled={busy}
          onClick={() => (pendingCount > 0 ? setConfirmDiscard("reload-choice") : onChangeLoad())}
        >
          Change what is loaded
        </button>
      </div>

      <RefreshNotice refresh={refresh} onReload={(offerIds) => void reload(offerIds, "reload")} onDismiss={() => setRefresh({ state: "idle" })} />
      {review.state === "error" ? (
        <ErrorNotice compact title="The changes could not be previewed" error={review.error} onRetry={() => void openReview()} />
      ) : null}
      {review.state === "nothing" ? (
        <div className="notice notice-compact" role="status" data-testid="matrix-nothing-to-apply">
          Nothing to apply: Everflow already has every pending change. They were removed from the list.
          <button type="button" className="btn-link mx-dismiss" onClick={() => setReview({ state: "idle" })}>
            Dismiss
          </button>
        </div>
      ) : null}

      <div className="toolbar toolbar-wrap mx-toolbar">
        <label className="visually-hidden" htmlFor={`${ids}-a`}>
          Search affiliates by name or ID
        </label>
        <input
          id={`${ids}-a`}
          type="search"
          className="search mx-search"
          placeholder="Affiliate name or ID…"
          data-testid="matrix-affiliate-search"
          value={filters.affiliateSearch}
          onChange={(e) => setFilter({ affiliateSearch: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <label className="visually-hidden" htmlFor={`${ids}-o`}>
          Search offers by name or ID
        </label>
        <input
          id={`${ids}-o`}
          type="search"
          className="search mx-search"
          placeholder="Offer name or ID…"
          data-testid="matrix-offer-search"
          value={filters.offerSearch}
          onChange={(e) => setFilter({ offerSearch: e.target.value })}
          autoComplete="off"
          spellCheck={false}
        />
        <div className="mx-typefilter" role="group" aria-label="Offer visibility types shown">
          {(Object.keys(OFFER_TYPE_WORDS) as OfferType[]).map((t) => (
            <button
              key={t}
              type="button"
              className={`mx-typefilter-btn${filters.offerTypes.includes(t) ? " is-on" : ""}`}
              aria-pressed={filters.offerTypes.includes(t)}
              data-testid={`matrix-type-${t}`}
              title={`Show only ${OFFER_TYPE_WORDS[t].label.toLowerCase()} offers (${OFFER_TYPE_WORDS[t].explain}). Click several to combine.`}
              onClick={() => toggleType(t)}
            >
              {OFFER_TYPE_WORDS[t].label}
            </button>
          ))}
        </div>
        <label className="checkbox mx-only-pending">
          <input
            type="checkbox"
            data-testid="matrix-only-pending"
            checked={filters.onlyPending}
            onChange={(e) => setFilter({ onlyPending: e.target.checked })}
          />
          <span>Only pending</span>
        </label>
        <span className="toolbar-spacer" />
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="matrix-swap"
          title={rowsAre === "affiliates" ? "Show offers as rows and affiliates as columns" : "Show affiliates as rows and offers as columns"}
          onClick={swapAxes}
        >
          ⇄ Swap axes
        </button>
      </div>

      <SheetActions
        what="visibility"
        testId="matrix-sheet"
        exportTo={(path) => sheetsApi.exportVisibility(model.matrixId, null, null, path)}
        importFrom={sheetsApi.importVisibility}
        onApplied={() => void reload(model.offers.map((o) => o.id), "reload")}
      />

      <div className="mx-actionbar" data-testid="matrix-actionbar">
        <div className="mx-actions-left">
          <span className="mx-selection" data-testid="matrix-selection" title="Selected (among the affiliates and offers shown)">
            {selectionWords ?? (focusedCell ? "1 cell" : "No cell")}
          </span>
          <button type="button" className="btn btn-secondary btn-small" disabled={rows === 0 || cols === 0} data-testid="matrix-set-visible" onClick={() => setTarget("visible")} title="Make the selected cells visible (V)">
            <span className="mx-swatch s-visible" aria-hidden="true" /> Make visible
          </button>
          <button type="button" className="btn btn-secondary btn-small" disabled={rows === 0 || cols === 0} data-testid="matrix-set-hidden" onClick={() => setTarget("hidden")} title="Hide the selected cells (H)">
            <span className="mx-swatch s-hidden" aria-hidden="true" /> Hide
          </button>
          <button type="button" className="btn btn-secondary btn-small" disabled={rows === 0 || cols === 0} data-testid="matrix-revert" onClick={() => onCommand("revert")} title="Drop the pending changes in the selection (Delete)">
            Revert
          </button>
        </div>
        <div className="mx-actions-right">
          <button type="button" className="btn btn-secondary btn-small" data-testid="matrix-undo" disabled={edits.undo.length === 0} onClick={() => onCommand("undo")} title="Undo (Ctrl+Z)" aria-label="Undo">
            ↶
          </button>
          <button type="button" className="btn btn-secondary btn-small" data-testid="matrix-redo" disabled={edits.redo.length === 0} onClick={() => onCommand("redo")} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" aria-label="Redo">
            ↷
          </button>
          <span
            className={`mx-pending-count${pendingCount > 0 ? " has-pending" : ""}`}
            data-testid="matrix-pending-count"
            aria-live="polite"
            title={
              pendingCount > 0
                ? `${formatCount(summary.gains)} will gain access, ${formatCount(summary.losses)} will lose access, on ${formatCount(summary.offers)} ${summary.offers === 1 ? "offer" : "offers"} and ${formatCount(summary.affiliates)} ${summary.affiliates === 1 ? "affiliate" : "affiliates"}`
                : undefined
            }
          >
            {pendingCount === 0
              ? "No pending changes"
              : `${formatCount(pendingCount)} pending ${pendingCount === 1 ? "change" : "changes"}`}
          </span>
          <button type="button" className="btn btn-secondary btn-small" data-testid="matrix-discard" disabled={pendingCount === 0 || busy} onClick={() => setConfirmDiscard("discard")}>
            Discard
          </button>
          <button type="button" className="btn btn-primary btn-small" data-testid="matrix-review" disabled={pendingCount === 0 || busy} onClick={() => void openReview()}>
            {review.state === "planning" ? (
              <>
                <Spinner /> Preparing preview…
              </>
            ) : (
              "Review changes…"
            )}
          </button>
        </div>
      </div>

      {rows === 0 || cols === 0 ? (
        <div className="panel panel-calm empty" data-testid="matrix-filtered-empty">
          <h2>{rows === 0 ? `No ${rowsAre} match` : `No ${rowsAre === "affiliates" ? "offers" : "affiliates"} match`}</h2>
          <p>The searches and filters above hide every {rows === 0 ? rowsAre.slice(0, -1) : (rowsAre === "affiliates" ? "offer" : "affiliate")}.</p>
          <button type="button" className="btn btn-secondary" onClick={() => setFilter(noViewFilters())}>
            Clear the searches and filters
          </button>
        </div>
      ) : (
        <div ref={gridBox}>
        <MatrixGrid
          height={gridHeight}
          handle={grid}
          model={model}
          view={view}
          pending={edits.pending}
          anchor={anchor}
          focus={focus}
          onSelect={onSelect}
          onCommand={onCommand}
        />
        </div>
      )}

      <div className="mx-footer">
        <p className="mx-focus-line small" data-testid="matrix-focus-line">
          {focused && focusedCell ? (
            <>
              <strong>{focusedAffiliate?.name}</strong> <span className="muted">#{focused.affiliateId}</span> ·{" "}
              <strong>{focusedOffer?.name}</strong> <span className="muted">#{focused.offerId}</span>
              {focusedOffer ? <span className="muted"> ({OFFER_TYPE_WORDS[offerTypeOf(focusedOffer)].label.toLowerCase()})</span> : null}:{" "}
              {cellWords(focusedCell)}
            </>
          ) : (
            " "
          )}
        </p>
        <p className="muted small mx-note" role="status" aria-live="polite" data-testid="matrix-note">
          {note}
        </p>
      </div>
      <div className="mx-legend-row">
        <Legend />
        <details className="mx-keys" onToggle={() => setLayoutTick((t) => t + 1)}>
          <summary>Keyboard and mouse</summary>
          <ul className="small">
            <li><kbd>Click</kbd> switch a cell between visible and hidden</li>
            <li><kbd>Drag</kbd> or <kbd>Shift</kbd>+<kbd>Click</kbd> select a rectangle; click a row or column header to select all of it</li>
            <li><kbd>Arrows</kbd> move · <kbd>Shift</kbd>+<kbd>Arrows</kbd> extend · <kbd>Ctrl</kbd>+<kbd>Arrows</kbd> to the edge · <kbd>Home</kbd>/<kbd>End</kbd> row start/end · <kbd>PgUp</kbd>/<kbd>PgDn</kbd></li>
            <li><kbd>Space</kbd> switch the cell · <kbd>Enter</kbd> switch the selection · <kbd>V</kbd> make visible · <kbd>H</kbd> hide · <kbd>Del</kbd> revert · <kbd>Esc</kbd> one cell</li>
            <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Ctrl</kbd>+<kbd>Y</kbd> or <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo</li>
          </ul>
        </details>
      </div>

      {review.state === "open" ? (
        <div
          style={{ display: "contents" }}
          onClickCapture={(e) => {
            if ((e.target as HTMLElement).closest?.('[data-testid="plan-apply"]')) applyTried.current.tried = true;
          }}
        >
          <PlanPreview plan={review.plan} onClose={closeReview} onApplied={onApplied} />
        </div>
      ) : null}

      <ConfirmDialog
        open={confirmDiscard !== null}
        onOpenChange={(open) => (!open ? setConfirmDiscard(null) : undefined)}
        title={confirmDiscard === "discard" ? "Discard the pending changes?" : "Load other affiliates or offers?"}
        confirmLabel={confirmDiscard === "discard" ? `Discard ${formatCount(pendingCount)} ${pendingCount === 1 ? "change" : "changes"}` : "Choose what to load"}
        destructive
        onConfirm={() => {
          const which = confirmDiscard;
          setConfirmDiscard(null);
          if (which === "discard") {
            setEdits((e) => record(e, revertCells(e.pending, [...e.pending.keys()])));
            setNote("Pending changes discarded. Undo brings them back.");
          } else onChangeLoad();
        }}
      >
        <p>
          {formatCount(pendingCount)} pending {pendingCount === 1 ? "change has" : "changes have"} not been applied; nothing was sent to
          Everflow.{" "}
          {confirmDiscard === "discard"
            ? "Undo brings them back."
            : "Loading something else discards them. Until you load, “Keep what is loaded” comes back to them."}
        </p>
      </ConfirmDialog>
    </div>
  );
}

function RefreshNotice({
  refresh,
  onReload,
  onDismiss,
}: {
  refresh: Refresh;
  onReload: (offerIds: number[]) => void;
  onDismiss: () => void;
}) {
  switch (refresh.state) {
    case "idle":
      return null;
    case "running":
      return (
        <div className="notice notice-compact" role="status" data-testid="matrix-refreshing">
          <Spinner /> {refresh.reason === "applied" ? "Checking what Everflow has now" : "Reloading visibility"} for{" "}
          {formatCount(refresh.offers)} {refresh.offers === 1 ? "offer" : "offers"}…
        </div>
      );
    case "done":
      return (
        <div className={`notice notice-compact${refresh.reason === "applied" ? " notice-ok" : ""}`} role="status" data-testid="matrix-refreshed">
          <span>
            {refresh.reason === "applied"
              ? `Applied. The grid shows what Everflow has now for the ${formatCount(refresh.offers)} ${refresh.offers === 1 ? "offer" : "offers"} changed.`
              : `Visibility reloaded for ${formatCount(refresh.offers)} ${refresh.offers === 1 ? "offer" : "offers"}.`}{" "}
            {refresh.reason === "reload"
              ? refresh.changedCount === 0
                ? "Nothing had changed on Everflow."
                : `${formatCount(refresh.changedCount)} ${refresh.changedCount === 1 ? "cell had" : "cells had"} changed on Everflow:`
              : null}
          </span>
          {refresh.reason === "reload" && refresh.changed.length > 0 ? (
            <ul className="mx-changed" data-testid="matrix-reload-changes">
              {refresh.changed.map((c) => (
                <li key={c}>{c}</li>
              ))}
              {refresh.changedCount > refresh.changed.length ? <li>…and {formatCount(refresh.changedCount - refresh.changed.length)} more.</li> : null}
            </ul>
          ) : null}
          <button type="button" className="btn-link mx-dismiss" onClick={onDismiss}>
            Dismiss
          </button>
        </div>
      );
    case "failed":
      return (
        <ErrorNotice
          compact
          title="The grid could not be brought up to date with Everflow"
          error={refresh.error}
          onRetry={() => onReload(refresh.offerIds)}
          actions={
            <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
              Dismiss
            </button>
          }
        />
      );
    case "refused":
      return (
        <div className="notice notice-warning mx-refused" role="alert" data-testid="matrix-apply-refused">
          <p className="notice-title">Nothing was applied</p>
          <p>
            If the preview said something changed on Everflow since you loaded, reload the visibility of the{" "}
            {formatCount(refresh.offerIds.length)} {refresh.offerIds.length === 1 ? "offer" : "offers"} you edited, check the grid, then
            review again. Your pending changes stay.
          </p>
          <div className="notice-actions">
            <button type="button" className="btn btn-primary btn-small" data-testid="matrix-reload-edited" onClick={() => onReload(refresh.offerIds)}>
              Reload visibility
            </button>
            <button type="button" className="btn btn-secondary btn-small" onClick={onDismiss}>
              Dismiss
            </button>
          </div>
        </div>
      );
  }
}

function Legend() {
  const item = (cls: string, label: string, hint: string, glyph = "") => (
    <li className="mx-legend-item" title={hint}>
      <span className={`mx-cell mx-legend-cell ${cls}`} aria-hidden="true">
        <span className="mx-chip">{glyph}</span>
      </span>
      {label}
    </li>
  );
  return (
    <ul className="mx-legend" aria-label="Legend" data-testid="matrix-legend">
      {item("s-visible is-explicit", "Visible (set)", "Everflow lists this affiliate as visible on the offer.", "✓")}
      {item("s-visible is-default", "Visible by default", "Public offer, nothing set for this affiliate.")}
      {item("s-hidden is-explicit", "Hidden (set)", "Everflow lists this affiliate as hidden on the offer.", "–")}
      {item("s-hidden is-default", "Hidden by default", "Require-approval or private offer, nothing set for this affiliate.")}
      {item("s-rejected is-explicit", "Rejected", "Set in Everflow; the affiliate cannot see the offer. The app can make it visible or hidden.", "✕")}
      {item("s-hidden is-pending", "Pending (new value)", "Not applied yet: review and apply to send it.", "–")}
      <li className="mx-legend-item">
        {(Object.keys(OFFER_TYPE_WORDS) as OfferType[]).map((t) => (
          <span key={t} className="mx-legend-type" title={OFFER_TYPE_WORDS[t].explain}>
            <span className={`mx-type mx-type-${t}`}>{OFFER_TYPE_WORDS[t].short}</span> {OFFER_TYPE_WORDS[t].label}
          </span>
        ))}
        <span className="visually-hidden">: the offer's visibility type, which decides the default</span>
      </li>
    </ul>
  );
}

