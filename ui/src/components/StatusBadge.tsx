import { humanize } from "../lib/words";

const KNOWN = new Set(["active", "inactive", "pending", "suspended"]);

export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span className="badge badge-neutral">Unknown</span>;
  const tone = KNOWN.has(status) ? status : "neutral";
  return <span className={`badge badge-${tone}`}>{humanize(status)}</span>;
}
