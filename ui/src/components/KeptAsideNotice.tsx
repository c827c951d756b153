import { useDismissKeptAside, useSettings } from "../api";
import { ErrorNotice } from "./ErrorNotice";

/** Tells the user what in their settings could not be loaded and where it was kept, until dismissed. */
export function KeptAsideNotice({ onOpenSettings }: { onOpenSettings?: () => void }) {
  const settings = useSettings();
  const dismiss = useDismissKeptAside();
  const kept = settings.data?.kept_aside ?? [];
  if (kept.length === 0) return null;
  return (
    <div className="notice notice-warn" role="alert" data-testid="kept-aside-notice">
      <p className="notice-title">
        {kept.length === 1
          ? "Something in your settings could not be loaded and was kept aside"
          : `${kept.length} things in your settings could not be loaded and were kept aside`}
      </p>
      <ul className="kept-aside-list">
        {kept.map((item) => (
          <li key={`${item.path}-${item.at}`} className="notice-message" data-testid="kept-aside-item">
            {item.message}
          </li>
        ))}
      </ul>
      <p className="notice-hint">Nothing was deleted. Everything else in your settings loaded as usual.</p>
      <div className="notice-actions">
        {onOpenSettings ? (
          <button type="button" className="btn btn-secondary btn-small" onClick={onOpenSettings}>
            Open Settings
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="dismiss-kept-aside"
          disabled={dismiss.isPending}
          onClick={() => dismiss.mutate()}
        >
          I understand, hide this
        </button>
      </div>
      {dismiss.error ? <ErrorNotice title="This notice could not be hidden" error={dismiss.error} /> : null}
    </div>
  );
}
