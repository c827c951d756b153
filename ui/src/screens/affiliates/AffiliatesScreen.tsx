import { useId, useMemo, useState } from "react";
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from "@tanstack/react-table";
import type { AffiliateRow } from "../bindings";
import { useAffiliatesPage, useSettings } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { Loading, Spinner } from "../components/Loading";
import { StatusBadge } from "../components/StatusBadge";
import { useDebounced } from "../lib/useDebounced";
import { formatCount, humanize } from "../lib/words";

const column = createColumnHelper<AffiliateRow>();

const columns = [
  column.accessor("network_affiliate_id", { header: "ID", cell: (c) => c.getValue() }),
  column.accessor("name", { header: "Name", cell: (c) => <span className="cell-name">{c.getValue()}</span> }),
  column.accessor("account_status", { header: "Status", cell: (c) => <StatusBadge status={c.getValue()} /> }),
  column.accessor("account_manager_name", {
    header: "Account manager",
    cell: (c) => c.getValue() || <span className="muted">None</span>,
  }),
  column.accessor("payment_type", { header: "Payment type", cell: (c) => humanize(c.getValue()) }),
  column.accessor("labels", {
    header: "Labels",
    cell: (c) => {
      const labels = c.getValue() ?? [];
      if (labels.length === 0) return <span className="muted">—</span>;
      return (
        <span className="chips">
          {labels.map((label) => (
            <span key={label} className="chip">
              {label}
            </span>
          ))}
        </span>
      );
    },
  }),
];

export const SEARCH_DELAY_MS = 300;

export function AffiliatesScreen() {
  const settings = useSettings();
  const pageSize = settings.data?.page_size ?? 50;
  const compact = settings.data?.ui.compact_tables ?? false;
  const [searchInput, setSearchInput] = useState("");
  const search = useDebounced(searchInput.trim(), SEARCH_DELAY_MS);
  const searchId = useId();

  // A new search or page size starts again at the first page (decided while rendering, so no
  // request is ever sent for an old page of a new search).
  const pagingKey = `${search}\u0000${pageSize}`;
  const [paging, setPaging] = useState({ key: pagingKey, page: 1 });
  const page = paging.key === pagingKey ? paging.page : 1;
  const setPage = (next: (page: number) => number) => setPaging({ key: pagingKey, page: next(page) });

  const params = useMemo(() => ({ search, page, pageSize }), [search, page, pageSize]);
  const query = useAffiliatesPage(params);
  const rows = query.data?.affiliates ?? [];
  const total = query.data?.paging?.total_count;

  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    getRowId: (row) => String(row.network_affiliate_id),
  });

  const shownPage = query.data?.paging?.page ?? page;
  const first = rows.length === 0 ? 0 : (shownPage - 1) * pageSize + 1;
  const last = first === 0 ? 0 : first + rows.length - 1;
  const hasNext = total !== undefined ? last < total : rows.length === pageSize;
  const hasPrevious = page > 1;
  const refreshing = query.isFetching && query.isPlaceholderData;

  return (
    <section className="screen" aria-labelledby="affiliates-title">
      <header className="screen-header">
        <div>
          <h1 id="affiliates-title">Affiliates</h1>
          <p className="muted">Your partners on this network. Looking never changes anything.</p>
        </div>
      </header>

      <div className="toolbar">
        <label htmlFor={searchId} className="visually-hidden">
          Search affiliates by name
        </label>
        <input
          id={searchId}
          type="search"
          className="search"
          placeholder="Search by name…"
          data-testid="affiliate-search"
          value={searchInput}
          onChange={(e) => setSearchInput(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        {refreshing || (query.isFetching && searchInput.trim() !== search) ? (
          <span className="muted small" role="status">
            <Spinner /> Loading…
          </span>
        ) : null}
      </div>

      {query.isError && !query.data ? (
        <ErrorNotice title="The affiliates could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <TableSkeleton />
      ) : rows.length === 0 ? (
        <div className="panel panel-calm empty" data-testid="affiliates-empty">
          {search ? (
            <>
              <h2>No affiliates match “{search}”</h2>
              <p>Check the spelling, or search for part of the name.</p>
              <button type="button" className="btn btn-secondary" onClick={() => setSearchInput("")}>
                Clear the search
              </button>
            </>
          ) : (
            <>
              <h2>No affiliates yet</h2>
              <p>This network has no affiliates. When partners are added in Everflow, they appear here.</p>
            </>
          )}
        </div>
      ) : (
        <>
          {query.isError ? (
            <ErrorNotice compact title="This page could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
          ) : null}
          <div className={`table-wrap${refreshing ? " is-refreshing" : ""}`} aria-busy={query.isFetching}>
            <table className={`data-table${compact ? " compact" : ""}`} data-testid="affiliates-table">
              <thead>
                {table.getHeaderGroups().map((group) => (
                  <tr key={group.id}>
                    {group.headers.map((header) => (
                      <th key={header.id} scope="col">
                        {flexRender(header.column.columnDef.header, header.getContext())}
                      </th>
                    ))}
                  </tr>
                ))}
              </thead>
              <tbody>
                {table.getRowModel().rows.map((row) => (
                  <tr key={row.id} data-testid="affiliate-row" data-affiliate-id={row.original.network_affiliate_id}>
                    {row.getVisibleCells().map((cell) => (
                      <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      {rows.length > 0 ? (
        <nav className="pager" aria-label="Pages">
          <p className="pager-summary" data-testid="affiliates-range" aria-live="polite">
            Showing {formatCount(first)}–{formatCount(last)}
            {total !== undefined ? ` of ${formatCount(total)}` : ""}
          </p>
          <div className="pager-buttons">
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="page-previous"
              disabled={!hasPrevious || query.isFetching}
              onClick={() => setPage((p) => Math.max(1, p - 1))}
            >
              ← Previous
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="page-next"
              disabled={!hasNext || query.isFetching}
              onClick={() => setPage((p) => p + 1)}
            >
              Next →
            </button>
          </div>
        </nav>
      ) : null}
    </section>
  );
}

function TableSkeleton() {
  return (
    <div className="table-wrap" aria-busy="true">
      <Loading label="Loading affiliates…" />
      <div className="skeleton-rows" aria-hidden="true">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="skeleton-row" />
        ))}
      </div>
    </div>
  );
}
