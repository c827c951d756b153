// The pager under every paged table: what is shown, rows per page, previous / next.
import { useId, type ReactNode } from "react";
import { formatCount } from "../lib/words";

interface Props {
  /** "Showing 1–50 of 1,234 …". */
  summary: ReactNode;
  pageSize: number;
  pageSizes: readonly number[];
  onPageSize: (size: number) => void;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  /** While a page loads, both buttons wait. */
  busy?: boolean;
  /** "Page 2 of 7", when the number of pages is known. */
  position?: ReactNode;
  pageSizeLabel?: string;
  /** Test ids of the summary, page size and buttons (the screens' tests and E2E use their own). */
  testIds: { summary: string; pageSize: string; previous: string; next: string };
}

export function Pager(props: Props) {
  const pageSizeId = useId();
  const { testIds, busy = false } = props;
  return (
    <nav className="pager" aria-label="Pages">
      <p className="pager-summary" data-testid={testIds.summary} aria-live="polite">
        {props.summary}
      </p>
      <div className="pager-buttons">
        <label htmlFor={pageSizeId} className="muted small">
          {props.pageSizeLabel ?? "Per page"}
        </label>
        <select
          id={pageSizeId}
          className="page-size"
          data-testid={testIds.pageSize}
          value={props.pageSize}
          onChange={(e) => props.onPageSize(Number(e.target.value))}
        >
          {props.pageSizes.map((n) => (
            <option key={n} value={n}>
              {formatCount(n)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid={testIds.previous}
          disabled={!props.hasPrevious || busy}
          onClick={props.onPrevious}
        >
          ← Previous
        </button>
        {props.position ? <span className="muted small">{props.position}</span> : null}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid={testIds.next}
          disabled={!props.hasNext || busy}
          onClick={props.onNext}
        >
          Next →
        </button>
      </div>
    </nav>
  );
}
