import { createColumnHelper, type ColumnDef, type SortingFn } from "@tanstack/react-table";
import type { AffiliateRow } from "../../bindings";
import { StatusBadge } from "../../components/StatusBadge";
import { humanize } from "../../lib/words";
import { formatDate } from "./format";

/** Columns a user can show, in the order they appear. Ids are what `affiliate_columns` stores. */
export const COLUMN_CHOICES = [
  { id: "id", label: "ID" },
  { id: "name", label: "Name" },
  { id: "status", label: "Status" },
  { id: "manager", label: "Account manager" },
  { id: "executive", label: "Account executive" },
  { id: "payment_type", label: "Payment type" },
  { id: "labels", label: "Labels" },
  { id: "country", label: "Country" },
  { id: "balance", label: "Balance" },
  { id: "today_revenue", label: "Today's revenue" },
  { id: "last_login", label: "Last login" },
  { id: "created", label: "Created" },
] as const;

export type ColumnId = (typeof COLUMN_CHOICES)[number]["id"];

export const DEFAULT_COLUMNS: ColumnId[] = ["id", "name", "status", "manager", "payment_type", "labels"];
/** The name is how people recognise a row: it is always shown. */
export const REQUIRED_COLUMNS: ColumnId[] = ["name"];

const KNOWN = new Set<string>(COLUMN_CHOICES.map((c) => c.id));

/** The saved preference as columns to show (known ids only, in the canonical order; empty: default). */
export function visibleColumns(saved: string[] | undefined): ColumnId[] {
  const chosen = (saved ?? []).filter((id) => KNOWN.has(id));
  if (chosen.length === 0) return DEFAULT_COLUMNS;
  const set = new Set<string>([...chosen, ...REQUIRED_COLUMNS]);
  return COLUMN_CHOICES.map((c) => c.id).filter((id) => set.has(id));
}

const column = createColumnHelper<AffiliateRow>();

const none = <span className="muted">—</span>;

/** Numbers stored as text (revenue) sort as numbers. */
const numericText: SortingFn<AffiliateRow> = (a, b, id) => {
  const x = Number(a.getValue(id) ?? Number.NEGATIVE_INFINITY);
  const y = Number(b.getValue(id) ?? Number.NEGATIVE_INFINITY);
  return (Number.isNaN(x) ? -Infinity : x) - (Number.isNaN(y) ? -Infinity : y);
};

// Built once: `toLocaleString` with options builds a formatter on every cell.
const MONEY = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function money(value: number | string | null | undefined) {
  if (value === null || value === undefined || value === "") return none;
  const n = typeof value === "number" ? value : Number(value);
  if (Number.isNaN(n)) return String(value);
  return MONEY.format(n);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const DATA_COLUMNS: Record<ColumnId, ColumnDef<AffiliateRow, any>> = {
  id: column.accessor("network_affiliate_id", { id: "id", header: "ID", cell: (c) => c.getValue(), sortingFn: "basic" }),
  name: column.accessor("name", {
    id: "name",
    header: "Name",
    cell: (c) => <span className="cell-name">{c.getValue()}</span>,
    sortingFn: "alphanumeric",
  }),
  status: column.accessor((r) => r.account_status ?? "", {
    id: "status",
    header: "Status",
    cell: (c) => <StatusBadge status={c.row.original.account_status} />,
  }),
  manager: column.accessor((r) => r.account_manager_name ?? "", {
    id: "manager",
    header: "Account manager",
    cell: (c) => c.getValue() || <span className="muted">None</span>,
  }),
  executive: column.accessor((r) => r.account_executive_name ?? "", {
    id: "executive",
    header: "Account executive",
    cell: (c) => c.getValue() || <span className="muted">None</span>,
  }),
  payment_type: column.accessor((r) => r.payment_type ?? "", {
    id: "payment_type",
    header: "Payment type",
    cell: (c) => humanize(c.row.original.payment_type),
  }),
  labels: column.accessor((r) => (r.labels ?? []).join(", "), {
    id: "labels",
    header: "Labels",
    cell: (c) => {
      const labels = c.row.original.labels ?? [];
      if (labels.length === 0) return none;
      return (
        <span className="chips chips-nowrap" title={labels.join(", ")}>
          {labels.map((label) => (
            <span key={label} className="chip">
              {label}
            </span>
          ))}
        </span>
      );
    },
  }),
  country: column.accessor((r) => r.network_country_code ?? "", {
    id: "country",
    header: "Country",
    cell: (c) => c.getValue() || none,
  }),
  balance: column.accessor((r) => r.balance, {
    id: "balance",
    header: "Balance",
    cell: (c) => <span className="cell-number">{money(c.getValue())}</span>,
    sortingFn: numericText,
  }),
  today_revenue: column.accessor((r) => r.today_revenue, {
    id: "today_revenue",
    header: "Today's revenue",
    cell: (c) => <span className="cell-number">{money(c.getValue())}</span>,
    sortingFn: numericText,
  }),
  last_login: column.accessor((r) => r.last_login ?? 0, {
    id: "last_login",
    header: "Last login",
    cell: (c) => (c.getValue() ? formatDate(c.getValue()) : <span className="muted">Never</span>),
    sortingFn: "basic",
  }),
  created: column.accessor((r) => r.time_created ?? 0, {
    id: "created",
    header: "Created",
    cell: (c) => (c.getValue() ? formatDate(c.getValue()) : none),
    sortingFn: "basic",
  }),
};
