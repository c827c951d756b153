import { memo, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from "react";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { observeElementRect, useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import type { AffiliateRow } from "../../bindings";
import { useAffiliateSelection } from "../../lib/selection";
import { DATA_COLUMNS, type ColumnId } from "./columns";

/** Up to this many rows are all in the page; more are virtualized (only what is in view is drawn). */
export const VIRTUALIZE_ABOVE = 100;
export const ROW_HEIGHT = 40;
export const COMPACT_ROW_HEIGHT = 30;
/** When the scroll box has no size yet (hidden, or a test DOM), assume this one. */
const FALLBACK_RECT = { width: 1200, height: 800 };

export interface AffiliateTableHandle {
  /** Focuses the row of this affiliate (scrolling it into view). */
  focusRow: (affiliateId: number) => void;
}

interface Props {
  rows: AffiliateRow[];
  columns: ColumnId[];
  compact: boolean;
  sorting: SortingState;
  onSortingChange: (sorting: SortingState) => void;
  onOpen: (row: AffiliateRow) => void;
  /** "on this page" or "loaded", for the select-all label. */
  scope: "page" | "loaded";
  openId: number | null;
  handle?: Ref<AffiliateTableHandle>;
}

/** Memoized: typing in the search box does not redraw the rows. */
export const AffiliateTable = memo(function AffiliateTable({
  rows,
  columns,
  compact,
  sorting,
  onSortingChange,
  onOpen,
  scope,
  openId,
  handle,
}: Props) {
  const selection = useAffiliateSelection();
  const scrollRef = useRef<HTMLDivElement>(null);
  const anchor = useRef<number | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  const columnDefs = useMemo(() => columns.map((id) => DATA_COLUMNS[id]) as ColumnDef<AffiliateRow, unknown>[], [columns]);

  const table = useReactTable({
    data: rows,
    columns: columnDefs,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === "function" ? updater(sorting) : updater),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getRowId: (row) => String(row.network_affiliate_id),
    enableSortingRemoval: true,
  });
  const shown = table.getRowModel().rows;
  const virtual = shown.length > VIRTUALIZE_ABOVE;
  const rowHeight = compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT;

  const virtualizer = useVirtualizer({
    // A page of rows is drawn whole: nothing to measure (measuring forces a layout while React commits).
    enabled: virtual,
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: FALLBACK_RECT,
    observeElementRect: (instance: Virtualizer<HTMLDivElement, Element>, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : FALLBACK_RECT)),
  });
  useEffect(() => virtualizer.measure(), [rowHeight, virtualizer]);

  const items = virtual ? virtualizer.getVirtualItems() : null;
  const visible = items ? items.map((item) => ({ index: item.index, row: shown[item.index] })) : shown.map((row, index) => ({ index, row }));
  const paddingTop = items && items.length > 0 ? items[0].start : 0;
  const paddingBottom = items && items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;

  const focusIndex = (index: number) => {
    const clamped = Math.max(0, Math.min(shown.length - 1, index));
    setActiveIndex(clamped);
    if (virtual) virtualizer.scrollToIndex(clamped, { align: "auto" });
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${clamped}"]`);
    if (el) el.focus({ preventScroll: virtual });
    // Not drawn yet (it is scrolling into view): focus it once it is.
    else pendingFocus.current = clamped;
  };

  // Focus after the row is rendered (it may have just scrolled into view).
  useEffect(() => {
    if (pendingFocus.current === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${pendingFocus.current}"]`);
    if (el) {
      el.focus({ preventScroll: virtual });
      pendingFocus.current = null;
    }
  });

  useImperativeHandle(
    handle,
    () => ({
      focusRow: (affiliateId) => {
        const index = shown.findIndex((r) => r.original.network_affiliate_id === affiliateId);
        if (index >= 0) focusIndex(index);
      },
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shown, virtual],
  );

  const active = Math.min(activeIndex, Math.max(0, shown.length - 1));
  // Over every loaded row (up to 10,000): computed when the rows or the selection change, not on
  // every scroll.
  const all = useMemo(() => shown.map((r) => ({ id: r.original.network_affiliate_id, name: r.original.name })), [shown]);
  const selectedShown = useMemo(() => all.filter((a) => selection.isSelected(a.id)).length, [all, selection]);
  const allChecked = all.length > 0 && selectedShown === all.length;
  const someChecked = selectedShown > 0 && !allChecked;
  const selectAllLabel = scope === "page" ? `Select all ${all.length} on this page` : `Select all ${all.length} loaded`;

  const onCheck = (index: number, shift: boolean) => {
    const target = all[index];
    const on = !selection.isSelected(target.id);
    if (shift && anchor.current !== null && anchor.current < all.length) {
      const [from, to] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
      selection.set(all.slice(from, to + 1), on);
    } else {
      selection.set([target], on);
    }
    anchor.current = index;
  };

  const colSpan = columns.length + 1;

  return (
    <div
      ref={scrollRef}
      className={`table-scroll${virtual ? " is-virtual" : ""}`}
      data-testid="affiliates-scroll"
    >
      <table
        className={`data-table affiliates-table${compact ? " compact" : ""}`}
        data-testid="affiliates-table"
        aria-rowcount={shown.length + 1}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              <th scope="col" className="cell-select">
                <input
                  type="checkbox"
                  data-testid="select-all"
                  aria-label={selectAllLabel}
                  title={selectAllLabel}
                  checked={allChecked}
                  ref={(el) => {
                    if (el) el.indeterminate = someChecked;
                  }}
                  disabled={all.length === 0}
                  onChange={() => selection.set(all, !allChecked)}
                />
              </th>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}
                  >
                    <button
                      type="button"
                      className="sort-button"
                      data-testid={`sort-${header.column.id}`}
                      onClick={header.column.getToggleSortingHandler()}
                      title="Sort by this column"
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span className="sort-mark" aria-hidden="true">
                        {sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : ""}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={colSpan} style={{ height: paddingTop }} />
            </tr>
          ) : null}
          {visible.map(({ index, row }) => {
            const affiliate = row.original;
            const checked = selection.isSelected(affiliate.network_affiliate_id);
            return (
              <tr
                key={row.id}
                data-testid="affiliate-row"
                data-affiliate-id={affiliate.network_affiliate_id}
                data-index={index}
                aria-rowindex={index + 2}
                aria-selected={checked}
                className={`affiliate-row${checked ? " is-selected" : ""}${openId === affiliate.network_affiliate_id ? " is-open" : ""}`}
                tabIndex={index === active ? 0 : -1}
                onFocus={() => setActiveIndex(index)}
                onClick={() => onOpen(affiliate)}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget) return;
                  if (e.key === "Enter") {
                    e.preventDefault();
                    onOpen(affiliate);
                  } else if (e.key === " ") {
                    e.preventDefault();
                    onCheck(index, e.shiftKey);
                  } else if (e.key === "ArrowDown") {
                    e.preventDefault();
                    focusIndex(index + 1);
                  } else if (e.key === "ArrowUp") {
                    e.preventDefault();
                    focusIndex(index - 1);
                  } else if (e.key === "Home") {
                    e.preventDefault();
                    focusIndex(0);
                  } else if (e.key === "End") {
                    e.preventDefault();
                    focusIndex(shown.length - 1);
                  } else if (e.key === "PageDown" || e.key === "PageUp") {
                    e.preventDefault();
                    const step = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / rowHeight) - 1);
                    focusIndex(index + (e.key === "PageDown" ? step : -step));
                  }
                }}
              >
                <td className="cell-select" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    data-testid="row-select"
                    aria-label={`Select ${affiliate.name}`}
                    checked={checked}
                    tabIndex={-1}
                    onChange={() => undefined}
                    onClick={(e) => onCheck(index, e.shiftKey)}
                  />
                </td>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" className="spacer-row">
              <td colSpan={colSpan} style={{ height: paddingBottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
});
