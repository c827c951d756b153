// One offer's URLs as a table (select with the checkbox or Space, open with a click or Enter, arrows
// move) and one URL's detail beside it.
import { useEffect, useId, useRef, useState } from "react";
import { useAffiliateNames, useOfferUrl, type OfferUrl } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { humanize } from "../../lib/words";
import { formatDateTime } from "../affiliates/format";
import { asStatus } from "./model";
import { UrlWithMacros } from "./pickers";

const TONE = { active: "active", paused: "pending", deleted: "inactive" } as const;

export function UrlStatusBadge({ status }: { status: string | null | undefined }) {
  const s = asStatus(status);
  return (
    <span className={`badge badge-${TONE[s]}`} data-testid="ou-status-badge" data-status={s}>
      {humanize(s)}
    </span>
  );
}

export function appliesToWords(url: OfferUrl): string {
  const n = url.network_affiliate_ids?.length ?? 0;
  if (!url.is_apply_specific_affiliates) return "Every affiliate";
  return n === 1 ? "1 affiliate" : `${n} affiliates`;
}

interface TableProps {
  rows: OfferUrl[];
  selected: Set<number>;
  onToggle: (id: number) => void;
  onToggleAll: (ids: number[], on: boolean) => void;
  openId: number | null;
  onOpen: (url: OfferUrl) => void;
}

export function OfferUrlTable({ rows, selected, onToggle, onToggleAll, openId, onOpen }: TableProps) {
  const [active, setActive] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const ids = rows.map((r) => r.network_offer_url_id);
  const checkedHere = ids.filter((id) => selected.has(id)).length;
  const all = ids.length > 0 && checkedHere === ids.length;

  useEffect(() => {
    if (active >= rows.length) setActive(Math.max(0, rows.length - 1));
  }, [rows.length, active]);

  const focusRow = (index: number) => {
    const i = Math.min(Math.max(0, index), rows.length - 1);
    setActive(i);
    body.current?.querySelector<HTMLTableRowElement>(`tr[data-index="${i}"]`)?.focus();
  };

  return (
    <div className="table-scroll ou-table-scroll">
      <table className="data-table ou-table" data-testid="ou-table">
        <thead>
          <tr>
            <th scope="col" className="cell-select">
              <input
                type="checkbox"
                data-testid="ou-select-all"
                aria-label={all ? "Unselect the URLs on this page" : "Select the URLs on this page"}
                checked={all}
                ref={(el) => {
                  if (el) el.indeterminate = checkedHere > 0 && !all;
                }}
                disabled={rows.length === 0}
                onChange={() => onToggleAll(ids, !all)}
              />
            </th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Destination URL</th>
            <th scope="col">Applies to</th>
            <th scope="col">Visibility</th>
            <th scope="col">Last saved</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {rows.map((url, index) => {
            const id = url.network_offer_url_id;
            const checked = selected.has(id);
            return (
              <tr
                key={id}
                data-testid="ou-row"
                data-url-id={id}
                data-index={index}
                data-status={asStatus(url.url_status)}
                aria-selected={checked}
                className={`ou-row${checked ? " is-selected" : ""}${openId === id ? " is-open" : ""}`}
                tabIndex={index === active ? 0 : -1}
                onFocus={() => setActive(index)}
                onClick={() => onOpen(url)}
                onKeyDown={(e) => {
                  if (e.target !== e.currentTarget) return;
                  if (e.key === "Enter") {
                    e.preventDefault();
                    onOpen(url);
                  } else if (e.key === " ") {
                    e.preventDefault();
                    onToggle(id);
                  } else if (e.key === "ArrowDown") {
                    e.preventDefault();
                    focusRow(index + 1);
                  } else if (e.key === "ArrowUp") {
                    e.preventDefault();
                    focusRow(index - 1);
                  } else if (e.key === "Home") {
                    e.preventDefault();
                    focusRow(0);
                  } else if (e.key === "End") {
                    e.preventDefault();
                    focusRow(rows.length - 1);
                  }
                }}
              >
                <td className="cell-select" onClick={(e) => e.stopPropagation()}>
                  <input
                    type="checkbox"
                    data-testid="ou-row-select"
                    aria-label={`Select ${url.name}`}
                    checked={checked}
                    tabIndex={-1}
                    onChange={() => onToggle(id)}
                  />
                </td>
                <td className="cell-name" data-testid="ou-row-name">
                  {url.name}
                  <span className="muted small ou-id"> #{id}</span>
                </td>
                <td>
                  <UrlStatusBadge status={url.url_status} />
                </td>
                <td className="ou-cell-url" title={url.destination_url}>
                  <UrlWithMacros url={url.destination_url} testId="ou-row-destination" />
                </td>
                <td className="ou-nowrap" data-testid="ou-row-applies">{appliesToWords(url)}</td>
                <td className="ou-nowrap">{url.is_hidden_affiliate ? <span className="muted">Hidden</span> : "Visible"}</td>
                <td className="muted small ou-nowrap">{formatDateTime(url.time_saved)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** One URL as Everflow holds it now, beside the table. Escape or Close closes it. */
export function OfferUrlDetail({ offerUrlId, name, onClose, onEdit }: { offerUrlId: number; name: string; onClose: () => void; onEdit: () => void }) {
  const query = useOfferUrl(offerUrlId);
  const url = query.data;
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const names = useAffiliateNames(url?.network_affiliate_ids ?? []);

  useEffect(() => {
    heading.current?.focus();
  }, [offerUrlId]);

  return (
    <aside
      className="detail-panel"
      data-testid="ou-detail"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="detail-header">
        <div className="detail-title">
          <h2 id={titleId} ref={heading} tabIndex={-1}>
            {url?.name ?? name}
          </h2>
          <p className="muted small">
            Offer URL #{offerUrlId}
            {url ? (
              <>
                {" · "}
                <UrlStatusBadge status={url.url_status} />
              </>
            ) : null}
          </p>
        </div>
        <div className="detail-actions">
          <button type="button" className="btn btn-primary btn-small" data-testid="ou-detail-edit" disabled={!url} onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="btn btn-secondary btn-small" data-testid="ou-detail-close" onClick={onClose}>
            Close
          </button>
        </div>
      </header>
      <div className="detail-body">
        {query.isPending ? <Loading label="Loading the offer URL…" /> : null}
        {query.error ? <ErrorNotice error={query.error} title="This offer URL could not be loaded" onRetry={() => void query.refetch()} /> : null}
        {url ? (
          <>
            <section className="detail-section">
              <h3>Destination URL</h3>
              <p className="ou-url-block" data-testid="ou-detail-destination">
                <UrlWithMacros url={url.destination_url} />
              </p>
            </section>
            <section className="detail-section">
              <h3>Preview URL</h3>
              <p className="ou-url-block">{url.preview_url ? url.preview_url : <span className="muted">None</span>}</p>
            </section>
            <section className="detail-section">
              <h3>Affiliates</h3>
              <p data-testid="ou-detail-applies">{appliesToWords(url)}</p>
              {url.is_apply_specific_affiliates && (url.network_affiliate_ids?.length ?? 0) > 0 ? (
                <ul className="chips" data-testid="ou-detail-affiliates">
                  {url.network_affiliate_ids.map((id) => (
                    <li key={id} className="chip">
                      {names.get(id) ? `${names.get(id)} (#${id})` : `#${id}`}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p className="muted small">{url.is_hidden_affiliate ? "Hidden from affiliates in their portal and API." : "Affiliates can see this URL."}</p>
            </section>
            <section className="detail-section">
              <dl className="facts">
                <div className="fact">
                  <dt>Created</dt>
                  <dd>{formatDateTime(url.time_created)}</dd>
                </div>
                <div className="fact">
                  <dt>Last saved</dt>
                  <dd data-testid="ou-detail-saved">{formatDateTime(url.time_saved)}</dd>
                </div>
              </dl>
            </section>
          </>
        ) : null}
      </div>
    </aside>
  );
}
