// The matrix grid: one scroll element, virtualized in both directions (only the cells in view
// exist), a sticky header row and a sticky first column. Mouse: click toggles a cell, drag or
// shift-click selects a rectangle, a header selects its row or column. Keyboard: see `onKeyDown`.
import { observeElementRect, useVirtualizer, type VirtualItem, type Virtualizer } from "@tanstack/react-virtual";
import { memo, useCallback, useEffect, useImperativeHandle, useRef, type Ref } from "react";
import {
  cellAt,
  cellKey,
  cellOf,
  cellWords,
  OFFER_TYPE_WORDS,
  offerTypeOf,
  type Model,
  type Pending,
  type Pos,
  type Rect,
  type View,
} from "./model";

export const ROW_HEIGHT = 28;
export const COL_WIDTH = 36;
export const HEADER_HEIGHT = 148;
export const ROW_HEADER_WIDTH = 260;
const FALLBACK_RECT = { width: 1000, height: 560 };

export type GridCommand = "toggle-cell" | "toggle-selection" | "visible" | "hidden" | "revert" | "undo" | "redo";

export interface GridHandle {
  focus: () => void;
  scrollTo: (pos: Pos) => void;
}

interface Props {
  model: Model;
  view: View;
  pending: Pending;
  anchor: Pos;
  focus: Pos;
  /** Moves the focused cell; `extend` keeps the anchor (a rectangle), otherwise the anchor follows. */
  onSelect: (anchor: Pos, focus: Pos) => void;
  onCommand: (command: GridCommand, at?: Pos) => void;
  handle?: Ref<GridHandle>;
  /** Pixels; the stylesheet's height when not given. */
  height?: number;
}

function observeWithFallback<T extends Element>(instance: Virtualizer<T, Element>, cb: (rect: { width: number; height: number }) => void) {
  return observeElementRect(instance, (rect) => cb(rect.width > 0 && rect.height > 0 ? rect : FALLBACK_RECT));
}

export function MatrixGrid({ model, view, pending, anchor, focus, onSelect, onCommand, handle, height: boxHeight }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = view.rowIds.length;
  const cols = view.colIds.length;

  const rowVirtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    overscan: 3,
    initialRect: FALLBACK_RECT,
    observeElementRect: observeWithFallback,
  });
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    count: cols,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => COL_WIDTH,
    paddingStart: ROW_HEADER_WIDTH,
    scrollPaddingStart: ROW_HEADER_WIDTH,
    overscan: 2,
    initialRect: FALLBACK_RECT,
    observeElementRect: observeWithFallback,
  });

  const scrollTo = useCallback(
    (pos: Pos) => {
      if (pos.r >= 0 && pos.r < rows) rowVirtualizer.scrollToIndex(pos.r, { align: "auto" });
      if (pos.c >= 0 && pos.c < cols) colVirtualizer.scrollToIndex(pos.c, { align: "auto" });
    },
    [rowVirtualizer, colVirtualizer, rows, cols],
  );
  useImperativeHandle(handle, () => ({ focus: () => scrollRef.current?.focus({ preventScroll: true }), scrollTo }), [scrollTo]);

  // ----- mouse: click toggles, drag or shift-click selects -----------------------------------
  const drag = useRef<{ start: Pos; moved: boolean; toggle: boolean } | null>(null);
  const selection = useRef({ anchor, focus });
  selection.current = { anchor, focus };

  useEffect(() => {
    const up = () => {
      const d = drag.current;
      drag.current = null;
      if (d && !d.moved && d.toggle) onCommand("toggle-cell", d.start);
    };
    window.addEventListener("mouseup", up);
    return () => window.removeEventListener("mouseup", up);
  }, [onCommand]);

  const posOf = (target: EventTarget | null): { pos: Pos; kind: "cell" | "row" | "col" } | null => {
    const el = (target as HTMLElement | null)?.closest?.("[data-r],[data-row-header],[data-col-header]") as HTMLElement | null;
    if (!el) return null;
    if (el.dataset.rowHeader !== undefined) return { pos: { r: Number(el.dataset.rowHeader), c: 0 }, kind: "row" };
    if (el.dataset.colHeader !== undefined) return { pos: { r: 0, c: Number(el.dataset.colHeader) }, kind: "col" };
    return { pos: { r: Number(el.dataset.r), c: Number(el.dataset.c) }, kind: "cell" };
  };

  const onMouseDown = (e: React.MouseEvent) => {
    if (e.button !== 0) return;
    const hit = posOf(e.target);
    if (!hit) return;
    e.preventDefault();
    scrollRef.current?.focus({ preventScroll: true });
    const a = selection.current.anchor;
    if (hit.kind === "row") {
      // A whole row: from the first to the last column (shift: rows from the anchor's row).
      // The focused cell is the row's first (the anchor its last), as in a spreadsheet.
      const from = e.shiftKey ? a.r : hit.pos.r;
      onSelect({ r: from, c: cols - 1 }, { r: hit.pos.r, c: 0 });
      return;
    }
    if (hit.kind === "col") {
      const from = e.shiftKey ? a.c : hit.pos.c;
      onSelect({ r: rows - 1, c: from }, { r: 0, c: hit.pos.c });
      return;
    }
    if (e.shiftKey) {
      onSelect(a, hit.pos);
      drag.current = { start: hit.pos, moved: true, toggle: false };
      return;
    }
    onSelect(hit.pos, hit.pos);
    drag.current = { start: hit.pos, moved: false, toggle: true };
  };

  const onMouseOver = (e: React.MouseEvent) => {
    const el = (e.target as HTMLElement).closest?.("[data-r]") as HTMLElement | null;
    if (el && scrollRef.current) {
      const { offerId, affiliateId } = cellAt(view, Number(el.dataset.r), Number(el.dataset.c));
      scrollRef.current.title = cellLabel(model, offerId, affiliateId, {
        ...cellOf(model, offerId, affiliateId),
        pending: pending.get(cellKey(offerId, affiliateId)),
      });
    } else if (scrollRef.current) {
      scrollRef.current.title = "";
    }
    const d = drag.current;
    if (!d || (e.buttons & 1) === 0) return;
    const hit = posOf(e.target);
    if (!hit || hit.kind !== "cell") return;
    if (hit.pos.r === selection.current.focus.r && hit.pos.c === selection.current.focus.c) return;
    d.moved = true;
    onSelect(d.start, hit.pos);
  };

  // ----- keyboard -----------------------------------------------------------------------------
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (rows === 0 || cols === 0) return;
    const ctrl = e.ctrlKey || e.metaKey;
    const key = e.key;
    const move = (to: Pos) => {
      e.preventDefault();
      const next = { r: Math.max(0, Math.min(rows - 1, to.r)), c: Math.max(0, Math.min(cols - 1, to.c)) };
      onSelect(e.shiftKey ? anchor : next, next);
      scrollTo(next);
    };
    const page = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 560) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);
    switch (key) {
      case "ArrowUp":
        return move({ r: ctrl ? 0 : focus.r - 1, c: focus.c });
      case "ArrowDown":
        return move({ r: ctrl ? rows - 1 : focus.r + 1, c: focus.c });
      case "ArrowLeft":
        return move({ r: focus.r, c: ctrl ? 0 : focus.c - 1 });
      case "ArrowRight":
        return move({ r: focus.r, c: ctrl ? cols - 1 : focus.c + 1 });
      case "Home":
        return move(ctrl ? { r: 0, c: 0 } : { r: focus.r, c: 0 });
      case "End":
        return move(ctrl ? { r: rows - 1, c: cols - 1 } : { r: focus.r, c: cols - 1 });
      case "PageUp":
        return move({ r: focus.r - page, c: focus.c });
      case "PageDown":
        return move({ r: focus.r + page, c: focus.c });
    }
    if (ctrl || e.altKey) return;
    switch (key) {
      case " ":
        e.preventDefault();
        onCommand("toggle-cell", focus);
        return;
      case "Enter":
        e.preventDefault();
        onCommand("toggle-selection");
        return;
      case "v":
      case "V":
        e.preventDefault();
        onCommand("visible");
        return;
      case "h":
      case "H":
        e.preventDefault();
        onCommand("hidden");
        return;
      case "Delete":
      case "Backspace":
        e.preventDefault();
        onCommand("revert");
        return;
      case "Escape":
        if (anchor.r !== focus.r || anchor.c !== focus.c) {
          e.preventDefault();
          onSelect(focus, focus);
        }
        return;
    }
  };

  const rect: Rect = {
    r0: Math.min(anchor.r, focus.r),
    r1: Math.max(anchor.r, focus.r),
    c0: Math.min(anchor.c, focus.c),
    c1: Math.max(anchor.c, focus.c),
  };
  const vRows = rowVirtualizer.getVirtualItems();
  const vCols = colVirtualizer.getVirtualItems();
  const width = colVirtualizer.getTotalSize();
  const height = rowVirtualizer.getTotalSize();
  const focusId = focus.r < rows && focus.c < cols ? `mx-${focus.r}-${focus.c}` : undefined;
  const rowsAreAffiliates = view.rowsAre === "affiliates";

  return (
    <div
      ref={scrollRef}
      className="mx-scroll"
      style={boxHeight ? { height: boxHeight } : undefined}
      role="grid"
      aria-label={rowsAreAffiliates ? "Visibility: affiliates in rows, offers in columns" : "Visibility: offers in rows, affiliates in columns"}
      aria-rowcount={rows + 1}
      aria-colcount={cols + 1}
      aria-multiselectable="true"
      aria-activedescendant={focusId}
      tabIndex={0}
      data-testid="matrix-grid"
      data-rows-are={view.rowsAre}
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onMouseOver={onMouseOver}
    >
      <div className="mx-canvas" style={{ width, height }}>
        <div className="mx-header" role="row" aria-rowindex={1} style={{ width, height: HEADER_HEIGHT }}>
          <div className="mx-corner" role="columnheader" aria-colindex={1} style={{ width: ROW_HEADER_WIDTH, height: HEADER_HEIGHT }}>
            <span className="mx-corner-cols">{rowsAreAffiliates ? "Offers →" : "Affiliates →"}</span>
            <span className="mx-corner-rows">{rowsAreAffiliates ? "Affiliates ↓" : "Offers ↓"}</span>
          </div>
          {vCols.map((vc) => (
            <ColumnHeader
              key={vc.key}
              model={model}
              id={view.colIds[vc.index]}
              isOffer={rowsAreAffiliates}
              index={vc.index}
              left={vc.start}
              active={vc.index === focus.c}
              selected={vc.index >= rect.c0 && vc.index <= rect.c1 && rect.r0 === 0 && rect.r1 === rows - 1}
            />
          ))}
        </div>
        {vRows.map((vr) => {
          const r = vr.index;
          const inRows = r >= rect.r0 && r <= rect.r1;
          return (
            <MatrixRow
              key={vr.key}
              model={model}
              view={view}
              pending={pending}
              r={r}
              top={vr.start}
              width={width}
              vCols={vCols}
              selC0={inRows ? rect.c0 : -1}
              selC1={inRows ? rect.c1 : -1}
              focusC={r === focus.r ? focus.c : -1}
              headerSelected={inRows && rect.c0 === 0 && rect.c1 === cols - 1}
            />
          );
        })}
      </div>
    </div>
  );
}

/**
 * One row of cells. Memoized on plain values: while scrolling, rows whose columns in view did not
 * change are not drawn again (the virtualizer keeps the same list of columns until it changes).
 */
const MatrixRow = memo(function MatrixRow({
  model,
  view,
  pending,
  r,
  top,
  width,
  vCols,
  selC0,
  selC1,
  focusC,
  headerSelected,
}: {
  model: Model;
  view: View;
  pending: Pending;
  r: number;
  top: number;
  width: number;
  vCols: VirtualItem[];
  selC0: number;
  selC1: number;
  focusC: number;
  headerSelected: boolean;
}) {
  return (
    <div className="mx-row" role="row" aria-rowindex={r + 2} style={{ top, width, height: ROW_HEIGHT }}>
      <RowHeader
        model={model}
        id={view.rowIds[r]}
        isOffer={view.rowsAre === "offers"}
        index={r}
        active={focusC >= 0}
        selected={headerSelected}
      />
      {vCols.map((vc) => {
        const c = vc.index;
        const { offerId, affiliateId } = cellAt(view, r, c);
        return (
          <MatrixCell
            key={vc.key}
            model={model}
            r={r}
            c={c}
            left={vc.start}
            offerId={offerId}
            affiliateId={affiliateId}
            pending={pending.get(cellKey(offerId, affiliateId))}
            selected={c >= selC0 && c <= selC1}
            focused={c === focusC}
          />
        );
      })}
    </div>
  );
});

const ColumnHeader = memo(function ColumnHeader({
  model,
  id,
  isOffer,
  index,
  left,
  active,
  selected,
}: {
  model: Model;
  id: number;
  isOffer: boolean;
  index: number;
  left: number;
  active: boolean;
  selected: boolean;
}) {
  const offer = isOffer ? model.offerById.get(id) : undefined;
  const affiliate = isOffer ? undefined : model.affiliateById.get(id);
  const name = offer?.name ?? affiliate?.name ?? `#${id}`;
  const type = offer ? offerTypeOf(offer) : null;
  const title = offer
    ? `${name} (#${id})\n${OFFER_TYPE_WORDS[type!].label} offer: ${OFFER_TYPE_WORDS[type!].explain}.\nClick to select the whole column.`
    : `${name} (#${id})\nClick to select the whole column.`;
  return (
    <div
      className={`mx-colhead${active ? " is-active" : ""}${selected ? " is-selected" : ""}`}
      role="columnheader"
      aria-colindex={index + 2}
      data-col-header={index}
      data-testid={isOffer ? `col-offer-${id}` : `col-affiliate-${id}`}
      title={title}
      style={{ left, width: COL_WIDTH, height: HEADER_HEIGHT }}
    >
      <span className="mx-colhead-name">{name}</span>
      {type ? (
        <span className={`mx-type mx-type-${type}`} aria-label={`${OFFER_TYPE_WORDS[type].label} offer`}>
          {OFFER_TYPE_WORDS[type].short}
        </span>
      ) : (
        <span className="mx-colhead-id">{id}</span>
      )}
    </div>
  );
});

const RowHeader = memo(function RowHeader({
  model,
  id,
  isOffer,
  index,
  active,
  selected,
}: {
  model: Model;
  id: number;
  isOffer: boolean;
  index: number;
  active: boolean;
  selected: boolean;
}) {
  const offer = isOffer ? model.offerById.get(id) : undefined;
  const affiliate = isOffer ? undefined : model.affiliateById.get(id);
  const name = offer?.name ?? affiliate?.name ?? `#${id}`;
  const type = offer ? offerTypeOf(offer) : null;
  return (
    <div
      className={`mx-rowhead${active ? " is-active" : ""}${selected ? " is-selected" : ""}`}
      role="rowheader"
      aria-colindex={1}
      data-row-header={index}
      data-testid={isOffer ? `row-offer-${id}` : `row-affiliate-${id}`}
      title={`${name} (#${id})${type ? ` · ${OFFER_TYPE_WORDS[type].label} offer` : ""}\nClick to select the whole row.`}
      style={{ width: ROW_HEADER_WIDTH, height: ROW_HEIGHT }}
    >
      <span className="mx-rowhead-name">{name}</span>
      {type ? <span className={`mx-type mx-type-${type}`}>{OFFER_TYPE_WORDS[type].short}</span> : null}
      <span className="mx-rowhead-id">#{id}</span>
      {affiliate && affiliate.status && affiliate.status !== "active" ? (
        <span className="mx-rowhead-status" title={`Account status: ${affiliate.status}`}>
          {affiliate.status}
        </span>
      ) : null}
    </div>
  );
});

function cellLabel(model: Model, offerId: number, affiliateId: number, cell: ReturnType<typeof cellOf> & { pending?: "visible" | "hidden" }) {
  const affiliate = model.affiliateById.get(affiliateId)?.name ?? `#${affiliateId}`;
  const offer = model.offerById.get(offerId)?.name ?? `#${offerId}`;
  return `${affiliate} · ${offer}: ${cellWords(cell)}`;
}

const GLYPH: Record<string, string> = { visible: "✓", hidden: "–", rejected: "✕" };

const MatrixCell = memo(function MatrixCell({
  model,
  r,
  c,
  left,
  offerId,
  affiliateId,
  pending,
  selected,
  focused,
}: {
  model: Model;
  r: number;
  c: number;
  left: number;
  offerId: number;
  affiliateId: number;
  pending: "visible" | "hidden" | undefined;
  selected: boolean;
  focused: boolean;
}) {
  const cell = cellOf(model, offerId, affiliateId);
  const shownState = pending ?? cell.state;
  const className =
    `mx-cell s-${shownState}` +
    (pending ? " is-pending" : cell.explicit ? " is-explicit" : " is-default") +
    (selected ? " is-selected" : "") +
    (focused ? " is-focused" : "");
  // Words only for the focused cell (read through aria-activedescendant); the mouse gets them
  // from the grid's tooltip. Hundreds of cells are drawn on every scroll step.
  return (
    <div
      id={`mx-${r}-${c}`}
      className={className}
      role="gridcell"
      aria-colindex={c + 2}
      aria-selected={selected}
      data-r={r}
      data-c={c}
      data-testid={`cell-${offerId}-${affiliateId}`}
      data-state={cell.state}
      data-explicit={cell.explicit}
      data-pending={pending ?? "none"}
      aria-label={focused ? cellLabel(model, offerId, affiliateId, { ...cell, pending }) : undefined}
      style={{ left, width: COL_WIDTH, height: ROW_HEIGHT }}
    >
      <span className="mx-chip" aria-hidden="true">
        {pending || cell.explicit ? GLYPH[shownState] : ""}
      </span>
    </div>
  );
});
