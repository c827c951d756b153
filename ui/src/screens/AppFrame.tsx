import { useId, type ReactNode } from "react";
import type { SessionView } from "../bindings";
import { useCloseSession, useOpenDemo, useOpenProfile, useProfiles } from "../api";
import { ErrorNotice } from "../components/ErrorNotice";
import { InterruptedBanner } from "../components/interrupted/InterruptedBanner";
import { KeptAsideNotice } from "../components/KeptAsideNotice";
import { ShortcutsButton } from "../components/KeyboardShortcuts";
import { Spinner } from "../components/Loading";
import { ThrottleNotice } from "../components/ThrottleNotice";
import { NAV_ITEMS, type ScreenId, useNavigate } from "../lib/navigation";
import { isMac, navShortcut } from "../lib/shortcuts";

const DEMO = "__demo__";

interface Props {
  session: Exclude<SessionView, { kind: "none" }>;
  screen: ScreenId;
  children: ReactNode;
}

/** Navigation on the left, the open network on top, the screen in the middle. */
export function AppFrame({ session, screen, children }: Props) {
  const navigate = useNavigate();
  const mac = isMac();
  return (
    <div className="frame">
      <nav className="sidebar" aria-label="Main">
        <p className="sidebar-brand">Eflow Desk</p>
        <ul>
          {NAV_ITEMS.map((item) => {
            const shortcut = navShortcut(item.id, mac);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  data-testid={`nav-${item.id}`}
                  aria-current={screen === item.id ? "page" : undefined}
                  aria-keyshortcuts={shortcut?.aria}
                  title={shortcut ? `${item.label} (${shortcut.label})` : undefined}
                  onClick={() => navigate(item.id)}
                >
                  {item.label}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="sidebar-help">
          <ShortcutsButton />
        </div>
      </nav>
      <div className="frame-main">
        <TopBar session={session} />
        <div className="frame-content">
          {/* Settings shows it itself, with the profiles. */}
          {screen === "settings" ? null : <KeptAsideNotice />}
          <InterruptedBanner />
          {children}
        </div>
      </div>
    </div>
  );
}

function TopBar({ session }: { session: Props["session"] }) {
  const navigate = useNavigate();
  const profiles = useProfiles();
  const openDemo = useOpenDemo();
  const openProfile = useOpenProfile();
  const close = useCloseSession();
  const selectId = useId();
  const switching = openDemo.isPending || openProfile.isPending;
  const current = session.kind === "demo" ? DEMO : session.profile.id;
  const switchError = openDemo.error ?? openProfile.error;

  const onSwitch = (value: string) => {
    if (value === current) return;
    openDemo.reset();
    openProfile.reset();
    if (value === DEMO) openDemo.mutate();
    else openProfile.mutate(value);
  };

  return (
    <header className="topbar">
      <div className="topbar-row">
        <div className="switcher">
          <label htmlFor={selectId} className="switcher-label">
            Network
          </label>
          <select
            id={selectId}
            data-testid="profile-switcher"
            value={current}
            disabled={switching || close.isPending}
            onChange={(e) => onSwitch(e.target.value)}
          >
            {(profiles.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            {session.kind === "profile" && !profiles.data?.some((p) => p.id === session.profile.id) ? (
              <option value={session.profile.id}>{session.profile.name}</option>
            ) : null}
            <option value={DEMO}>Demo network</option>
          </select>
          {switching ? (
            <span className="muted small" role="status">
              <Spinner /> Switching…
            </span>
          ) : null}
        </div>
        {session.kind === "demo" ? (
          <span className="demo-badge" data-testid="demo-badge">
            DEMO NETWORK — sample data, nothing is real
          </span>
        ) : null}
        <ThrottleNotice />
        <div className="topbar-spacer" />
        <button
          type="button"
          className="btn btn-secondary btn-small"
          data-testid="close-session"
          disabled={close.isPending || switching}
          onClick={() => close.mutate(undefined, { onSuccess: () => navigate("start") })}
        >
          {close.isPending ? "Closing…" : "Close"}
        </button>
      </div>
      {switchError ? (
        <div className="topbar-error">
          <ErrorNotice
            compact
            title="Could not switch networks. You are still on the one shown above."
            error={switchError}
            actions={
              <button type="button" className="btn btn-secondary btn-small" onClick={() => navigate("settings")}>
                Open Settings
              </button>
            }
          />
        </div>
      ) : null}
      {close.error ? <ErrorNotice compact error={close.error} /> : null}
    </header>
  );
}
