import { useCallback, useId, useMemo, useRef, useState } from "react";
import type { SortingState } from "@tanstack/react-table";
import type { AffiliateRow } from "../../bindings";
import {
  affiliatesRequest,
  sheetsApi,
  useAffiliatesTablePage,
  useLoadAllAffiliates,
  useReportFirstScreen,
  useSettings,
  type LoadAllState,
} from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { useNavigate } from "../../lib/navigation";
import { useAffiliateSelection } from "../../lib/selection";
import { useDebounced } from "../../lib/useDebounced";
import { formatCount } from "../../lib/words";
import { AffiliateDetail } from "./AffiliateDetail";
import { AffiliateTable, type AffiliateTableHandle } from "./AffiliateTable";
import { ColumnChooser } from "./ColumnChooser";
import { visibleColumns } from "./columns";
import { FilterChips, FilterPanel } from "./FilterPanel";
import { activeFilterCount, noFilters, type AffiliateFilters } from "./filters";
import { Pager } from "../../components/Pager";
import { SheetActions } from "../../components/sheets/SheetActions";

export const SEARCH_DELAY_MS = 300;
const NO_ROWS: AffiliateRow[] = [];
export const PAGE_SIZES = [25, 50, 100, 500, 2000];

export function AffiliatesScreen() {
  const settings = useSettings();
  const compact = settings.data?.ui.compact_tables ?? false;
  const savedColumns = settings.data?.ui.affiliate_columns;
  const columns = useMemo(() => visibleColumns(savedColumns), [savedColumns]);
  const [pageSizeChoice, setPageSizeChoice] = useState<number | null>(null);
  const pageSize = pageSizeChoice ?? settings.data?.page_size ?? 50;

  const [searchInput, setSearchInput] = useState("");
  const search = useDebounced(searchInput.trim(), SEARCH_DELAY_MS);
  const searchId = useId();
  const [filters, setFiltersState] = useState<AffiliateFilters>(noFilters);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [sorting, setSorting] = useState<SortingState>([]);
  const [detail, setDetail] = useState<{ id: number; name: string } | null>(null);
  const tableHandle = useRef<AffiliateTableHandle>(null);
  const selection = useAffiliateSelection();
  const loadAll = useLoadAllAffiliates();
  const all = loadAll.state.state === "done" ? loadAll.state : null;

  const request = useMemo(() => affiliatesRequest(search, filters), [search, filters]);

  // A new search, filter or page size starts again at the first page (decided while rendering, so no
  // request is ever sent for an old page of a new search).
  const pagingKey = `${JSON.stringify(request)}\u0000${pageSize}`;
  const [paging, setPaging] = useState({ key: pagingKey, page: 1 });
  const page = paging.key === pagingKey ? paging.page : 1;
  const setPage = (next: (page: number) => number) => setPaging({ key: pagingKey, page: next(page) });

  const query = useAffiliatesTablePage(request, page, pageSize, all === null);
  const pageRows = query.data?.affiliates ?? NO_ROWS;
  const total = query.data?.paging?.total_count;

  const setFilters = (next: AffiliateFilters) => {
    setFiltersState(next);
    // What was loaded no longer matches: back to pages (a running load is stopped).
    if (loadAll.state.state === "loading") loadAll.cancel();
    if (loadAll.state.state !== "idle") loadAll.reset();
  };

  // All loaded: the search box narrows the loaded rows at once, by name.
  const term = searchInput.trim().toLowerCase();
  const allRows = useMemo(
    () => (all ? (term ? all.rows.filter((r) => r.name.toLowerCase().includes(term)) : all.rows) : NO_ROWS),
    [all, term],
  );
  const rows: AffiliateRow[] = all ? allRows : pageRows;

  const shownPage = query.data?.paging?.page ?? page;
  useReportFirstScreen(pageRows.length > 0);
  const first = pageRows.length === 0 ? 0 : (shownPage - 1) * pageSize + 1;
  const last = first === 0 ? 0 : first + pageRows.length - 1;
  const hasNext = total !== undefined ? last < total : pageRows.length === pageSize;
  const hasPrevious = page > 1;
  const refreshing = !all && query.isFetching && query.isPlaceholderData;
  const filterCount = activeFilterCount(filters);
  const navigate = useNavigate();
  const matchingCount = all ? allRows.length : total;
  const moreThanOnePage = total !== undefined ? total > pageRows.length : hasNext || hasPrevious;

  const openDetail = useCallback((row: AffiliateRow) => setDetail({ id: row.network_affiliate_id, name: row.name }), []);
  const closeDetail = () => {
    const id = detail?.id;
    setDetail(null);
    if (id !== undefined) requestAnimationFrame(() => tableHandle.current?.focusRow(id));
  };

  const pageSizes = PAGE_SIZES.includes(pageSize) ? PAGE_SIZES : [...PAGE_SIZES, pageSize].sort((a, b) => a - b);
  const loading = loadAll.state.state === "loading";

  let content;
  if (all) {
    content =
      rows.length === 0 ? (
        <div className="panel panel-calm empty" data-testid="affiliates-empty">
          <h2>No loaded affiliate matches “{searchInput.trim()}”</h2>
          <p>The search looks through the {formatCount(all.rows.length)} affiliates loaded.</p>
          <button type="button" className="btn btn-secondary" onClick={() => setSearchInput("")}>
            Clear the search
          </button>
        </div>
      ) : (
        <AffiliateTable
          rows={rows}
          columns={columns}
          compact={compact}
          sorting={sorting}
          onSortingChange={setSorting}
          onOpen={openDetail}
          scope="loaded"
          openId={detail?.id ?? null}
          handle={tableHandle}
        />
      );
  } else if (query.isError && !query.data) {
    content = <ErrorNotice title="The affiliates could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  } else if (query.isPending) {
    content = <TableSkeleton />;
  } else if (pageRows.length === 0) {
    content = (
      <div className="panel panel-calm empty" data-testid="affiliates-empty">
        {search || filterCount > 0 ? (
          <>
            <h2>{search ? `No affiliates match “${search}”` : "No affiliates match these filters"}</h2>
            <p>{search ? "Check the spelling, or search for part of the name." : "Remove a filter to see more."}</p>
            <div className="notice-actions">
              {search ? (
                <button type="button" className="btn btn-secondary" onClick={() => setSearchInput("")}>
                  Clear the search
                </button>
              ) : null}
              {filterCount > 0 ? (
                <button type="button" className="btn btn-secondary" onClick={() => setFilters(noFilters())}>
                  Clear the filters
                </button>
              ) : null}
            </div>
          </>
        ) : (
          <>
            <h2>No affiliates yet</h2>
            <p>This network has no affiliates. When partners are added in Everflow, they appear here.</p>
          </>
        )}
      </div>
    );
  } else {
    content = (
      <>
        {query.isError ? (
          <ErrorNotice compact title="This page could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
        ) : null}
        <div className={refreshing ? "is-refreshing" : undefined} aria-busy={query.isFetching}>
          <AffiliateTable
            rows={rows}
            columns={columns}
            compact={compact}
            sorting={sorting}
            onSortingChange={setSorting}
            onOpen={openDetail}
            scope="page"
            openId={detail?.id ?? null}
            handle={tableHandle}
          />
        </div>
      </>
    );
  }

  return (
    <div className={`affiliates-layout${detail ? " has-detail" : ""}`}>
      <section
        className="screen affiliates-main"
        aria-labelledby="affiliates-title"
        onKeyDown={(e) => {
          if (e.key === "Escape" && detail && !e.defaultPrevented) closeDetail();
        }}
      >
        <header className="screen-header">
          <div>
            <h1 id="affiliates-title">Affiliates</h1>
            <p className="muted">Your partners on this network. Looking never changes anything.</p>
          </div>
        </header>

        <div className="toolbar toolbar-wrap">
          <label htmlFor={searchId} className="visually-hidden">
            Search affiliates by name
          </label>
          <input
            id={searchId}
            type="search"
            className="search"
            placeholder={all ? "Search the loaded affiliates by name…" : "Search by name…"}
            data-testid="affiliate-search"
            value={searchInput}
            onChange={(e) => setSearchInput(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
          <button
            type="button"
            className={`btn btn-secondary btn-small${filterCount > 0 ? " has-count" : ""}`}
            data-testid="filters-toggle"
            aria-expanded={filtersOpen}
            aria-controls="affiliate-filters"
            onClick={() => setFiltersOpen((o) => !o)}
          >
            Filters{filterCount > 0 ? ` (${filterCount})` : ""} <span aria-hidden="true">{filtersOpen ? "▴" : "▾"}</span>
          </button>
          <ColumnChooser />
          <div className="toolbar-spacer" />
          <SheetActions
            what="affiliates"
            testId="affiliates-sheet"
            exportTo={(path, onProgress, jobId) => sheetsApi.exportAffiliates(request, path, jobId, onProgress)}
            importFrom={sheetsApi.importAffiliates}
          />
          {!all ? (
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="load-all"
              disabled={loading || query.isPending || (query.isError && !query.data)}
              onClick={() => loadAll.start(request)}
              title="Load every page of affiliates that match the search and filters, to scroll, sort and search them all here."
            >
              {total !== undefined ? `Load all ${formatCount(total)} matching` : "Load all matching"}
            </button>
          ) : null}
          {(refreshing || (query.isFetching && searchInput.trim() !== search)) && !all ? (
            <span className="muted small" role="status">
              <Spinner /> Loading…
            </span>
          ) : null}
        </div>

        {filtersOpen ? (
          <div id="affiliate-filters" className="filter-panel" role="region" aria-label="Filters">
            <FilterPanel filters={filters} onChange={setFilters} />
          </div>
        ) : null}
        <FilterChips filters={filters} onChange={setFilters} />

        <LoadAllStatus
          state={loadAll.state}
          shown={rows.length}
          searching={term !== ""}
          onCancel={loadAll.cancel}
          onBack={loadAll.reset}
          onRetry={() => loadAll.start(request)}
        />

        {selection.count > 0 ? (
          <div className="selection-bar" data-testid="selection-bar" role="status">
            <span>
              <strong>{formatCount(selection.count)}</strong> {selection.count === 1 ? "affiliate" : "affiliates"} selected
            </span>
            <span aria-hidden="true">·</span>
            <button type="button" className="btn-link" data-testid="selection-clear" onClick={selection.clear}>
              Clear
            </button>
            <button type="button" className="btn btn-primary btn-small" data-testid="bulk-edit-selected" onClick={() => navigate("bulk-edit")}>
              Bulk edit selected
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="visibility-selected"
              onClick={() => navigate("visibility", { visibility: { affiliates: selection.selected } })}
            >
              Open in visibility matrix
            </button>
          </div>
        ) : null}
        {(search || filterCount > 0) && matchingCount !== undefined && matchingCount > 0 ? (
          <div className="matching-bar">
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="bulk-edit-matching"
              onClick={() => navigate("bulk-edit", { bulkEdit: { request, count: matchingCount } })}
            >
              Bulk edit all {formatCount(matchingCount)} matching
            </button>
          </div>
        ) : null}

        {content}

        {all && rows.length > 0 ? (
          <nav className="pager" aria-label="Loaded affiliates">
            <p className="pager-summary" data-testid="affiliates-range" aria-live="polite">
              {term
                ? `Showing ${formatCount(rows.length)} of ${formatCount(all.rows.length)} loaded`
                : `Showing all ${formatCount(all.rows.length)}`}
              {sorting.length > 0 ? " · sorted" : ""}
            </p>
          </nav>
        ) : null}
        {!all && pageRows.length > 0 ? (
          <Pager
            summary={
              <>
                Showing {formatCount(first)}–{formatCount(last)}
                {total !== undefined ? ` of ${formatCount(total)}` : ""}
                {sorting.length > 0 && moreThanOnePage ? (
                  <span className="muted" data-testid="sorted-within-page">
                    {" "}
                    · sorted within this page
                  </span>
                ) : null}
              </>
            }
            pageSize={pageSize}
            pageSizes={pageSizes}
            onPageSize={setPageSizeChoice}
            pageSizeLabel="Rows per page"
            hasPrevious={hasPrevious}
            hasNext={hasNext}
            busy={query.isFetching}
            onPrevious={() => setPage((p) => Math.max(1, p - 1))}
            onNext={() => setPage((p) => p + 1)}
            testIds={{ summary: "affiliates-range", pageSize: "page-size", previous: "page-previous", next: "page-next" }}
          />
        ) : null}
      </section>
      {detail ? <AffiliateDetail key={detail.id} affiliateId={detail.id} name={detail.name} onClose={closeDetail} /> : null}
    </div>
  );
}

function LoadAllStatus({
  state,
  shown,
  searching,
  onCancel,
  onBack,
  onRetry,
}: {
  state: LoadAllState;
  shown: number;
  searching: boolean;
  onCancel: () => void;
  onBack: () => void;
  onRetry: () => void;
}) {
  switch (state.state) {
    case "idle":
      return null;
    case "loading": {
      const p = state.progress;
      const words = state.cancelling
        ? "Stopping…"
        : !p
          ? "Starting to load every matching affiliate…"
          : p.total > 0
            ? `Loading page ${formatCount(p.done)} of ${formatCount(p.total)}…`
            : `Loading page ${formatCount(p.done + 1)}…`;
      return (
        <div className="load-all panel" data-testid="load-all-progress">
          <div className="load-all-row">
            <span role="status" aria-live="polite">
              <Spinner /> {words}
            </span>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="load-all-cancel"
              disabled={state.cancelling}
              onClick={onCancel}
            >
              Cancel
            </button>
          </div>
          <progress
            className="progress"
            max={p && p.total > 0 ? p.total : undefined}
            value={p && p.total > 0 ? p.done : undefined}
            aria-label="Pages loaded"
          />
        </div>
      );
    }
    case "done": {
      const term = state.request.search_terms[0]?.value;
      return (
        <div className="load-all notice notice-ok" data-testid="load-all-done">
          <div className="load-all-row">
            <span>
              <strong>
                All {formatCount(state.rows.length)} matching {state.rows.length === 1 ? "affiliate" : "affiliates"} loaded
              </strong>
              {term ? ` (names containing “${term}”)` : ""}.{" "}
              {searching ? `${formatCount(shown)} match the search.` : "Scroll, sort and search them here."}
            </span>
            <button type="button" className="btn btn-secondary btn-small" data-testid="load-all-back" onClick={onBack}>
              Back to pages
            </button>
          </div>
        </div>
      );
    }
    case "stopped":
      return (
        <div className="load-all notice" data-testid="load-all-stopped" role="status">
          <div className="load-all-row">
            <span>
              <strong>Stopped.</strong> Loading every affiliate was cancelled; the table shows pages as before. Nothing
              was changed.
            </span>
            <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
              Load all again
            </button>
            <button type="button" className="btn-link" onClick={onBack}>
              Dismiss
            </button>
          </div>
        </div>
      );
    case "failed":
      return (
        <ErrorNotice
          compact
          title="Not every affiliate could be loaded. The table shows pages as before."
          error={state.error}
          onRetry={onRetry}
          actions={
            <button type="button" className="btn btn-secondary btn-small" onClick={onBack}>
              Dismiss
            </button>
          }
        />
      );
  }
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
