import type { Lookups } from "../api/lookups";
import type { ErrorCode } from "../bindings";
import { ErrorNotice } from "./ErrorNotice";

const RETRYABLE = new Set<ErrorCode>(["network", "timeout", "server", "rate_limited", "decode"]);

/** Each list of a form that could not be read from Everflow, named with the reason and what to do;
 * the form stays usable (the fields offer other ways in), and each failure keeps its details. */
export function LookupFailures({ lookups }: { lookups: Lookups }) {
  if (lookups.failures.length === 0 && !lookups.error) return null;
  return (
    <div className="lookup-failures" data-testid="lookup-failures">
      <p className="notice-title">
        {lookups.failures.length === 1
          ? "One list for this form could not be read from Everflow. The form still works: its field lets you pick a known value or type one."
          : `${lookups.failures.length} lists for this form could not be read from Everflow. The form still works: their fields let you pick a known value or type one.`}
      </p>
      {lookups.failures.map((error) => (
        <ErrorNotice
          key={error.area ?? error.message}
          error={error}
          compact
          // Asking again helps with trouble on the way, not with a permission or a missing list.
          onRetry={RETRYABLE.has(error.code) ? lookups.retryFailed : undefined}
        />
      ))}
      {lookups.error ? <ErrorNotice error={lookups.error} title="The form's own options could not be loaded" compact /> : null}
    </div>
  );
}
