import { useId, useState } from "react";
import type { Connection } from "../../bindings";
import {
  useConnectionLogo,
  useConnectionsPage,
  useOpenInBrowser,
  useSession,
  useSettings,
  type ConnectionStatusFilter,
} from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { StatusBadge } from "../../components/StatusBadge";
import { useNavigate } from "../../lib/navigation";
import { formatCount } from "../../lib/words";
import { formatDate } from "../affiliates/format";
import "./connections.css";
import { Pager } from "../../components/Pager";

export const CONNECTION_PAGE_SIZES = [10, 25, 50, 100];

const STATUSES: { value: ConnectionStatusFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "active", label: "Active" },
  { value: "pending", label: "Pending" },
  { value: "deleted", label: "Deleted" },
];

/** Connections belong to partner accounts: a network profile is told so instead of getting an error. */
export function ConnectionsScreen() {
  const session = useSession();
  const view = session.data;
  if (view?.kind === "profile" && view.profile.kind === "network") {
    return <NeedsPartnerKey profileName={view.profile.name} />;
  }
  return <ConnectionsList demo={view?.kind === "demo"} />;
}

function NeedsPartnerKey({ profileName }: { profileName: string }) {
  const navigate = useNavigate();
  return (
    <section className="screen" aria-labelledby="connections-title">
      <header className="screen-header">
        <h1 id="connections-title">Connections</h1>
      </header>
      <div className="panel panel-calm" data-testid="connections-needs-partner-key">
        <h2>This screen needs a partner key</h2>
        <p>
          “{profileName}” is opened with a network key. Connections belong to partner accounts: they are the brands a
          partner works with, and only the partner’s own API key can list them.
        </p>
        <p className="muted">
          To see them, add a profile with a partner key in Settings (choose “Partner key” as the key type), then open
          that profile.
        </p>
        <div className="notice-actions">
          <button type="button" className="btn btn-primary" data-testid="connections-go-settings" onClick={() => navigate("settings")}>
            Add a partner profile in Settings
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => navigate("affiliates")}>
            Go to Affiliates
          </button>
        </div>
      </div>
    </section>
  );
}

function ConnectionsList({ demo }: { demo: boolean }) {
  const settings = useSettings();
  const [status, setStatusState] = useState<ConnectionStatusFilter>("all");
  const [pageSizeChoice, setPageSizeChoice] = useState<number | null>(null);
  const savedSize = settings.data?.page_size ?? 25;
  const pageSize = pageSizeChoice ?? (CONNECTION_PAGE_SIZES.includes(savedSize) ? savedSize : 25);
  const [page, setPage] = useState(1);

  const query = useConnectionsPage({ status, page, pageSize }, true);
  const rows = query.data?.connections ?? [];
  const total = query.data?.paging?.total_count;
  const shownPage = query.data?.paging?.page ?? page;
  const first = rows.length === 0 ? 0 : (shownPage - 1) * pageSize + 1;
  const last = first === 0 ? 0 : first + rows.length - 1;
  const hasNext = total !== undefined ? last < total : rows.length === pageSize;
  const hasPrevious = page > 1;
  const refreshing = query.isFetching && query.isPlaceholderData;

  // A new filter or page size starts again at the first page.
  const setStatus = (next: ConnectionStatusFilter) => {
    setStatusState(next);
    setPage(1);
  };
  const setPageSize = (next: number) => {
    setPageSizeChoice(next);
    setPage(1);
  };
  const statusWord = status === "all" ? "" : `${status} `;

  let content;
  if (query.isError && !query.data) {
    content = (
      <ErrorNotice title="The connections could not be loaded" error={query.error} onRetry={() => void query.refetch()} />
    );
  } else if (query.isPending) {
    content = <Loading label="Loading connections…" />;
  } else if (rows.length === 0) {
    content = (
      <div className="panel panel-calm empty" data-testid="connections-empty">
        {status === "all" ? (
          <>
            <h2>No connections yet</h2>
            <p>This partner account is not connected to any brand. When a brand approves or invites you in Everflow, it appears here.</p>
          </>
        ) : (
          <>
            <h2>No {status} connections</h2>
            <p>None of this partner’s connections is {status} right now.</p>
            <button type="button" className="btn btn-secondary" onClick={() => setStatus("all")}>
              Show every status
            </button>
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
        <ul
          className={`connection-list${refreshing ? " is-refreshing" : ""}`}
          data-testid="connection-list"
          aria-busy={query.isFetching}
          aria-label={`${statusWord}connections`}
        >
          {rows.map((connection, index) => (
            <ConnectionCard key={`${connection.network_id}:${connection.network_affiliate_id}:${index}`} connection={connection} />
          ))}
        </ul>
      </>
    );
  }

  return (
    <section className="screen" aria-labelledby="connections-title" data-testid="connections-screen">
      <header className="screen-header">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p className="muted">The brands this partner account is connected to. Looking never changes anything.</p>
        </div>
      </header>
      {demo ? (
        <p className="note" data-testid="connections-demo-note">
          On the demo network this screen shows the demo partner account’s connections (sample brands).
        </p>
      ) : null}

      <div className="toolbar toolbar-wrap">
        <div className="status-filter" role="group" aria-label="Show connections by status">
          {STATUSES.map((s) => (
            <button
              key={s.value}
              type="button"
              data-testid={`connections-status-${s.value}`}
              aria-pressed={status === s.value}
              onClick={() => setStatus(s.value)}
            >
              {s.label}
            </button>
          ))}
        </div>
        <div className="toolbar-spacer" />
        {refreshing ? (
          <span className="muted small" role="status">
            <Spinner /> Loading…
          </span>
        ) : null}
      </div>

      {content}

      {rows.length > 0 ? (
        <Pager
          summary={`Showing ${formatCount(first)}–${formatCount(last)}${total !== undefined ? ` of ${formatCount(total)}` : ""} ${statusWord}${total === 1 ? "connection" : "connections"}`}
          pageSize={pageSize}
          pageSizes={CONNECTION_PAGE_SIZES}
          onPageSize={setPageSize}
          hasPrevious={hasPrevious}
          hasNext={hasNext}
          busy={query.isFetching}
          onPrevious={() => setPage((p) => Math.max(1, p - 1))}
          onNext={() => setPage((p) => p + 1)}
          testIds={{ summary: "connections-range", pageSize: "connections-page-size", previous: "connections-previous", next: "connections-next" }}
        />
      ) : null}
    </section>
  );
}

/** The brand's display name: the network's name, else the EverXchange company name. */
export function brandName(connection: Connection): string {
  const { network, demand_partner } = connection.relationship;
  return network?.name?.trim() || demand_partner?.company_name?.trim() || `Brand ${connection.network_id}`;
}

/** Up to two initials, for a brand without a logo. */
export function initials(name: string): string {
  const words = name.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => (w.match(/[\p{L}\p{N}]/u)?.[0] ?? "").toUpperCase())
    .join("");
}

function ConnectionCard({ connection }: { connection: Connection }) {
  const { network, demand_partner } = connection.relationship;
  const name = brandName(connection);
  const contact = demand_partner?.relationship.contact;
  const contactName = [contact?.first_name, contact?.last_name].filter((part) => part?.trim()).join(" ");
  const contactLines = [contactName, contact?.email, contact?.phone_number].filter((line): line is string => !!line?.trim());
  const logoUrl = network?.logo_image_url?.trim() || demand_partner?.logo_url?.trim() || "";
  const opener = useOpenInBrowser();
  const [opened, setOpened] = useState<string | null>(null);
  const titleId = useId();

  const open = (url: string, page: string) => {
    setOpened(null);
    opener.mutate(url, { onSuccess: () => setOpened(page) });
  };

  return (
    <li
      className={`connection-card${connection.status === "deleted" ? " is-deleted" : ""}`}
      data-testid="connection-row"
      data-network-id={connection.network_id}
      data-status={connection.status ?? ""}
      aria-labelledby={titleId}
    >
      <BrandLogo url={logoUrl} name={name} />
      <div>
        <h2 className="connection-title">
          <span id={titleId} data-testid="connection-name">
            {name}
          </span>
          <StatusBadge status={connection.status} />
        </h2>
        {demand_partner?.public_description ? (
          <p className="connection-description">{demand_partner.public_description}</p>
        ) : null}
        <dl className="connection-facts">
          <dt>Created</dt>
          <dd data-testid="connection-created">{connection.time_created ? formatDate(connection.time_created) : "—"}</dd>
          <dt>Contact</dt>
          <dd data-testid="connection-contact">
            {contactLines.length > 0 ? contactLines.join(" · ") : <span className="muted">No contact shared</span>}
          </dd>
        </dl>
      </div>
      <div className="connection-actions">
        <PageButton url={network?.signup_url} label="Open sign-up page" what="sign-up page" testId="connection-signup" name={name} busy={opener.isPending} onOpen={open} />
        <PageButton url={network?.login_url} label="Open login page" what="login page" testId="connection-login" name={name} busy={opener.isPending} onOpen={open} />
      </div>
      {opener.error || opened ? (
        <div className="connection-feedback">
          {opener.error ? (
            <ErrorNotice compact error={opener.error} />
          ) : (
            <p className="muted small" role="status" data-testid="connection-opened">
              The {opened} opened in your web browser.
            </p>
          )}
        </div>
      ) : null}
    </li>
  );
}

function PageButton({
  url,
  label,
  what,
  testId,
  name,
  busy,
  onOpen,
}: {
  url: string | undefined;
  label: string;
  what: string;
  testId: string;
  name: string;
  busy: boolean;
  onOpen: (url: string, what: string) => void;
}) {
  const target = url?.trim() ?? "";
  return (
    <button
      type="button"
      className="btn btn-secondary btn-small"
      data-testid={testId}
      disabled={!target || busy}
      title={target ? `Opens ${target} in your web browser` : `${name} has not shared a ${what}`}
      aria-label={`${label} of ${name} in your web browser`}
      onClick={() => onOpen(target, what)}
    >
      {label} <span aria-hidden="true">↗</span>
    </button>
  );
}

/** The brand's logo, loaded by Rust; its initials while loading or when it cannot be shown. */
function BrandLogo({ url, name }: { url: string; name: string }) {
  const logo = useConnectionLogo(url);
  const [broken, setBroken] = useState(false);
  if (logo.data && !broken) {
    return (
      <img
        className="brand-logo"
        data-testid="connection-logo"
        data-state="image"
        src={logo.data}
        alt=""
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <div
      className="brand-logo brand-logo-placeholder"
      data-testid="connection-logo"
      data-state={url && logo.isPending ? "loading" : "placeholder"}
      aria-hidden="true"
    >
      {initials(name)}
    </div>
  );
}
