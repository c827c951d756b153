// Offer URLs of one offer: choose the offer (by name or ID; the last one is remembered), list its
// URLs by status with paging, open one, create one, create many (table / CSV), edit one, and change
// the selected ones together. Every write goes through plan / preview / apply (PlanPreview).
import { useCallback, useEffect, useMemo, useState } from "react";
import { sessionKey, useOfferUrl, useOfferUrls, useSession, type OfferUrl } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { formatCount } from "../../lib/words";
import { BulkCreate } from "./BulkCreate";
import { BulkUpdate } from "./BulkUpdate";
import {
  draftFromUrl,
  emptyDraft,
  emptyRow,
  filterByStatus,
  pageOf,
  statusCounts,
  type BulkRow,
  type Draft,
  type StatusFilter,
  type UpdateFields,
} from "./model";
import { OfferUrlForm } from "./OfferUrlForm";
import { OfferUrlDetail, OfferUrlTable } from "./OfferUrlTable";
import { OfferPicker, type PickedOffer } from "./pickers";
import "./offer-urls.css";
import { Pager } from "../../components/Pager";

export const OU_PAGE_SIZES = [25, 50, 100];
const STATUS_CHIPS: { value: StatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "deleted", label: "Deleted" },
];

type View = { view: "list" } | { view: "create" } | { view: "bulk-create" } | { view: "edit"; id: number };

/** State kept in the session's storage, so what the user typed survives leaving the screen. */
function useStored<T>(key: string, initial: () => T): [T, (next: T) => void] {
  const read = useCallback((): T => {
    try {
      const raw = window.sessionStorage.getItem(key);
      if (raw !== null) return JSON.parse(raw) as T;
    } catch {
      // Unreadable storage: start afresh.
    }
    return initial();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const [state, setState] = useState<{ key: string; value: T }>(() => ({ key, value: read() }));
  const value = state.key === key ? state.value : read();
  useEffect(() => {
    if (state.key !== key) setState({ key, value: read() });
  }, [key, state.key, read]);
  const set = useCallback(
    (next: T) => {
      setState({ key, value: next });
      try {
        window.sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        // Storage full or unavailable: the value still lives in memory.
      }
    },
    [key],
  );
  return [value, set];
}

/** The last offer chosen on this network, kept across restarts. */
function useLastOffer(network: string): [PickedOffer | null, (offer: PickedOffer | null) => void] {
  const key = `eflow-desk.offer-urls.offer.${network}`;
  const [offer, setOffer] = useState<PickedOffer | null>(() => {
    try {
      const raw = window.localStorage.getItem(key);
      return raw ? (JSON.parse(raw) as PickedOffer) : null;
    } catch {
      return null;
    }
  });
  const set = useCallback(
    (next: PickedOffer | null) => {
      setOffer(next);
      try {
        if (next) window.localStorage.setItem(key, JSON.stringify(next));
        else window.localStorage.removeItem(key);
      } catch {
        // Not remembered; nothing else depends on it.
      }
    },
    [key],
  );
  return [offer, set];
}

export function OfferUrlsScreen() {
  const session = useSession();
  const network = sessionKey(session.data);
  const [offer, setOffer] = useLastOffer(network);

  return (
    <section className="screen ou-screen" aria-labelledby="ou-title" data-testid="offer-urls-screen">
      <header className="screen-header ou-header">
        <div>
          <h1 id="ou-title">Offer URLs</h1>
          <p className="muted">Extra landing pages of an offer: who gets them, where they send clicks, and whether they are live.</p>
        </div>
        {offer ? (
          <div className="ou-offer-choice">
            <p className="ou-current-offer" data-testid="ou-current-offer" data-offer-id={offer.id}>
              <span className="muted small">Offer</span> <strong>{offer.name ?? `Offer #${offer.id}`}</strong>{" "}
              <span className="muted">#{offer.id}</span>
            </p>
            <OfferPicker onPick={setOffer} />
          </div>
        ) : null}
      </header>
      {offer ? (
        <OfferUrls key={`${network}:${offer.id}`} network={network} offerId={offer.id} offerName={offer.name ?? `Offer #${offer.id}`} />
      ) : (
        <div className="panel panel-calm empty ou-choose" data-testid="ou-choose-offer">
          <h2>Choose an offer</h2>
          <p>Offer URLs belong to one offer. Find it by name, or type its ID and press Enter.</p>
          <OfferPicker onPick={setOffer} autoFocus />
        </div>
      )}
    </section>
  );
}

function OfferUrls({ network, offerId, offerName }: { network: string; offerId: number; offerName: string }) {
  const query = useOfferUrls(offerId);
  const [view, setView] = useState<View>({ view: "list" });
  const [status, setStatus] = useState<StatusFilter>("all");
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [open, setOpen] = useState<{ id: number; name: string } | null>(null);
  const [updating, setUpdating] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  const store = `eflow-desk.offer-urls.${network}.${offerId}`;
  const [createDraft, setCreateDraft] = useStored<Draft>(`${store}.create`, emptyDraft);
  const [bulkRows, setBulkRows] = useStored<BulkRow[]>(`${store}.bulk`, () => [emptyRow()]);
  const [updateFields, setUpdateFields] = useStored<UpdateFields>(`${store}.update`, () => ({}));

  const urls = useMemo(() => query.data ?? [], [query.data]);
  const counts = statusCounts(urls);
  const filtered = filterByStatus(urls, status);
  const shown = pageOf(filtered, page, pageSize);
  const first = filtered.length === 0 ? 0 : (shown.page - 1) * pageSize + 1;
  const last = first === 0 ? 0 : first + shown.rows.length - 1;
  const selectedUrls = urls.filter((u) => selected.has(u.network_offer_url_id));

  // URLs that disappeared (another offer's list, deleted elsewhere) leave the selection.
  useEffect(() => {
    if (!query.data) return;
    const present = new Set(query.data.map((u) => u.network_offer_url_id));
    setSelected((s) => {
      const kept = [...s].filter((id) => present.has(id));
      return kept.length === s.size ? s : new Set(kept);
    });
  }, [query.data]);

  const chooseStatus = (next: StatusFilter) => {
    setStatus(next);
    setPage(1);
  };
  const toggle = (id: number) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const toggleAll = (ids: number[], on: boolean) =>
    setSelected((s) => {
      const n = new Set(s);
      for (const id of ids) {
        if (on) n.add(id);
        else n.delete(id);
      }
      return n;
    });

  if (view.view === "create") {
    return (
      <OfferUrlForm
        offerId={offerId}
        mode={{ kind: "create" }}
        draft={createDraft}
        onDraft={setCreateDraft}
        onCancel={() => setView({ view: "list" })}
        onDone={() => {
          setFlash(`“${createDraft.name.trim()}” was created on ${offerName}.`);
          setCreateDraft(emptyDraft());
          setView({ view: "list" });
        }}
      />
    );
  }
  if (view.view === "bulk-create") {
    return (
      <BulkCreate
        offerId={offerId}
        rows={bulkRows}
        onRows={setBulkRows}
        onCancel={() => setView({ view: "list" })}
        onDone={(n) => {
          setFlash(`${formatCount(n)} offer ${n === 1 ? "URL was" : "URLs were"} created on ${offerName}.`);
          setBulkRows([emptyRow()]);
          setView({ view: "list" });
        }}
      />
    );
  }
  if (view.view === "edit") {
    return (
      <EditUrl
        id={view.id}
        offerId={offerId}
        onCancel={() => setView({ view: "list" })}
        onDone={(name) => {
          setFlash(`“${name}” was saved.`);
          setView({ view: "list" });
        }}
      />
    );
  }

  let content;
  if (query.isPending) {
    content = <Loading label={`Loading the URLs of ${offerName}…`} />;
  } else if (query.isError) {
    content = <ErrorNotice title="The offer URLs could not be loaded" error={query.error} onRetry={() => void query.refetch()} />;
  } else if (urls.length === 0) {
    content = (
      <div className="panel panel-calm empty" data-testid="ou-empty">
        <h2>This offer has no offer URLs yet</h2>
        <p>Add one with the form, or many at once from a table or a CSV file. If the offer ID was mistyped, choose another offer above.</p>
        <div className="notice-actions">
          <button type="button" className="btn btn-primary" onClick={() => setView({ view: "create" })}>
            Add an offer URL
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setView({ view: "bulk-create" })}>
            Add many
          </button>
        </div>
      </div>
    );
  } else if (filtered.length === 0) {
    content = (
      <div className="panel panel-calm empty" data-testid="ou-empty-filter">
        <h2>No {status} offer URLs</h2>
        <p>None of this offer’s {formatCount(urls.length)} URLs is {status}.</p>
        <button type="button" className="btn btn-secondary" onClick={() => chooseStatus("all")}>
          Show every status
        </button>
      </div>
    );
  } else {
    content = (
      <OfferUrlTable
        rows={shown.rows}
        selected={selected}
        onToggle={toggle}
        onToggleAll={toggleAll}
        openId={open?.id ?? null}
        onOpen={(u: OfferUrl) => setOpen({ id: u.network_offer_url_id, name: u.name })}
      />
    );
  }

  return (
    <div className={`ou-layout${open ? " has-detail" : ""}`}>
      <div className="ou-main">
        {flash ? (
          <p className="notice notice-ok ou-flash" role="status" data-testid="ou-flash">
            {flash}
            <button type="button" className="btn-link" onClick={() => setFlash(null)}>
              Dismiss
            </button>
          </p>
        ) : null}

        <div className="toolbar toolbar-wrap">
          <div className="status-filter" role="group" aria-label="Show offer URLs by status">
            {STATUS_CHIPS.map((s) => (
              <button key={s.value} type="button" data-testid={`ou-status-${s.value}`} aria-pressed={status === s.value} onClick={() => chooseStatus(s.value)}>
                {s.label} <span className="ou-count">{query.data ? formatCount(counts[s.value]) : ""}</span>
              </button>
            ))}
          </div>
          <div className="toolbar-spacer" />
          {query.isFetching && !query.isPending ? (
            <span className="muted small" role="status">
              <Spinner /> Refreshing…
            </span>
          ) : null}
          <button type="button" className="btn btn-secondary" data-testid="ou-refresh" onClick={() => void query.refetch()} disabled={query.isFetching}>
            Refresh
          </button>
          <button type="button" className="btn btn-secondary" data-testid="ou-bulk-create-open" onClick={() => setView({ view: "bulk-create" })}>
            Add many…
          </button>
          <button type="button" className="btn btn-primary" data-testid="ou-create-open" onClick={() => setView({ view: "create" })}>
            + New offer URL
          </button>
        </div>

        {selected.size > 0 ? (
          <div className="selection-bar ou-selection" data-testid="ou-selection-bar" role="region" aria-label="Selected offer URLs">
            <strong data-testid="ou-selected-count">{formatCount(selected.size)} selected</strong>
            <button type="button" className="btn btn-primary btn-small" data-testid="ou-bulk-update-open" onClick={() => setUpdating(true)} disabled={updating}>
              Change selected…
            </button>
            <button
              type="button"
              className="btn btn-secondary btn-small"
              data-testid="ou-selection-clear"
              onClick={() => {
                setSelected(new Set());
                setUpdating(false);
              }}
            >
              Clear selection
            </button>
          </div>
        ) : null}

        {updating && selectedUrls.length > 0 ? (
          <BulkUpdate
            offerId={offerId}
            selected={selectedUrls}
            fields={updateFields}
            onFields={setUpdateFields}
            onCancel={() => setUpdating(false)}
            onDone={() => {
              setFlash(`${formatCount(selectedUrls.length)} offer ${selectedUrls.length === 1 ? "URL was" : "URLs were"} changed.`);
              setUpdateFields({});
              setSelected(new Set());
              setUpdating(false);
            }}
          />
        ) : null}

        {content}

        {filtered.length > 0 ? (
          <Pager
            summary={`Showing ${formatCount(first)}–${formatCount(last)} of ${formatCount(filtered.length)} ${status === "all" ? "" : `${status} `}${
              filtered.length === 1 ? "URL" : "URLs"
            }`}
            pageSize={pageSize}
            pageSizes={OU_PAGE_SIZES}
            onPageSize={(size) => {
              setPageSize(size);
              setPage(1);
            }}
            hasPrevious={shown.page > 1}
            hasNext={shown.page < shown.pages}
            onPrevious={() => setPage(shown.page - 1)}
            onNext={() => setPage(shown.page + 1)}
            position={`Page ${shown.page} of ${shown.pages}`}
            testIds={{ summary: "ou-range", pageSize: "ou-page-size", previous: "ou-previous", next: "ou-next" }}
          />
        ) : null}
      </div>

      {open ? (
        <OfferUrlDetail
          offerUrlId={open.id}
          name={open.name}
          onClose={() => setOpen(null)}
          onEdit={() => {
            setView({ view: "edit", id: open.id });
            setOpen(null);
          }}
        />
      ) : null}
    </div>
  );
}

/** The edit form over a copy of the URL fetched just now; the draft starts from it once. */
function EditUrl({ id, offerId, onCancel, onDone }: { id: number; offerId: number; onCancel: () => void; onDone: (name: string) => void }) {
  const query = useOfferUrl(id);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [base, setBase] = useState<OfferUrl | null>(null);

  useEffect(() => {
    // Only a fetch finished after the form opened counts as fresh; later refetches never overwrite typing.
    if (query.data && !query.isFetching && base === null) {
      setBase(query.data);
      setDraft(draftFromUrl(query.data));
    }
  }, [query.data, query.isFetching, base]);

  if (query.isError) {
    return <ErrorNotice title="This offer URL could not be loaded for editing" error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (!base || !draft) return <Loading label="Loading the offer URL from Everflow…" />;
  return (
    <OfferUrlForm
      offerId={offerId}
      mode={{ kind: "edit", url: base }}
      draft={draft}
      onDraft={setDraft}
      onCancel={onCancel}
      onDone={() => onDone(draft.name.trim())}
    />
  );
}
