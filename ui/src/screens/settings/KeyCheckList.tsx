import type { KeyCheck, KeyCheckItem } from "../../bindings";

const MARK: Record<KeyCheckItem["access"], string> = { allowed: "✓", refused: "✕", not_checked: "–" };

/** What a key can read, area by area, with the screens that will be limited; details one click away. */
export function KeyCheckList({ check, profileName }: { check: KeyCheck; profileName: string }) {
  const refused = check.items.filter((item) => item.access === "refused");
  const when = new Date(check.checked_at * 1000).toLocaleString();
  return (
    <section className="key-check" data-testid="key-check" aria-label={`What the key of “${profileName}” can do`}>
      <p className="key-check-summary">
        {refused.length === 0
          ? "This key can read everything Eflow Desk uses."
          : `This key cannot read ${refused.length} of ${check.items.length} areas: ${refused.map((item) => item.title).join(", ")}.`}{" "}
        <span className="muted small">Checked {when}.</span>
      </p>
      <ul className="key-check-items">
        {check.items.map((item) => (
          <li
            key={item.area}
            className={`key-check-item is-${item.access}`}
            data-testid="key-check-item"
            data-area={item.area}
            data-access={item.access}
          >
            <span className="key-check-mark" aria-hidden="true">
              {MARK[item.access]}
            </span>
            <div>
              <strong>{item.title}</strong> <span>{item.message}</span>
              {item.limits ? <p className="small muted key-check-limits">Limited: {item.limits}</p> : null}
              {item.detail ? (
                <details className="notice-details">
                  <summary>Details</summary>
                  <p className="notice-detail-text">{item.detail}</p>
                </details>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
