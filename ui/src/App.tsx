import type { SessionView } from "./bindings";
import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ComponentType, type ReactNode } from "react";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createQueryClient, markStartup, sessionKey, useOpenProfile, useSession, useSettings, type AppError } from "./api";
import { CloseGuard } from "./components/CloseGuard";
import { ErrorNotice } from "./components/ErrorNotice";
import { KeyboardShortcutsDialog, ShortcutsButton, ShowShortcutsContext, useKeyboardShortcuts } from "./components/KeyboardShortcuts";
import { Loading } from "./components/Loading";
import { homeScreen, NavigationContext, type Navigate, type ScreenId, type ScreenParams } from "./lib/navigation";
import { SelectionProvider } from "./lib/selection";
import { useMenuActions } from "./lib/useMenuActions";
import { AffiliatesScreen } from "./screens/affiliates/AffiliatesScreen";
import { AppFrame } from "./screens/AppFrame";
import { StartScreen } from "./screens/StartScreen";
import { UnavailableScreen } from "./screens/UnavailableScreen";

// Only the first screen is in the start-up bundle; the others load when first opened.
const BulkEditScreen = lazyScreen(() => import("./screens/bulk-edit/BulkEditScreen").then((m) => m.BulkEditScreen));
const ConnectionsScreen = lazyScreen(() => import("./screens/connections/ConnectionsScreen").then((m) => m.ConnectionsScreen));
const HistoryScreen = lazyScreen(() => import("./screens/history/HistoryScreen").then((m) => m.HistoryScreen));
const EditAffiliateScreen = lazyScreen(() => import("./screens/edit/EditAffiliateScreen").then((m) => m.EditAffiliateScreen));
const OfferUrlsScreen = lazyScreen(() => import("./screens/offer-urls/OfferUrlsScreen").then((m) => m.OfferUrlsScreen));
const OnboardScreen = lazyScreen(() => import("./screens/onboard/OnboardScreen").then((m) => m.OnboardScreen));
const SettingsScreen = lazyScreen(() => import("./screens/settings/SettingsScreen").then((m) => m.SettingsScreen));
const VisibilityScreen = lazyScreen(() => import("./screens/visibility/VisibilityScreen").then((m) => m.VisibilityScreen));

/** A screen module's named component, loaded on first use. */
function lazyScreen<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  return lazy(async () => ({ default: await load() }));
}


export function AppRoot({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <App />
      <CloseGuard />
    </QueryClientProvider>
  );
}

type AutoOpen =
  | { state: "idle" }
  | { state: "opening"; name: string }
  | { state: "failed"; name: string; error: AppError };

export function App() {
  const session = useSession();
  const settings = useSettings();
  const started = session.data !== undefined && settings.data !== undefined;
  useEffect(() => {
    if (started) markStartup("session and settings");
  }, [started]);
  const [route, setRoute] = useState<{ screen: ScreenId; params: ScreenParams }>({ screen: "start", params: {} });
  const setScreen = useCallback<Navigate>((screen, params = {}) => setRoute({ screen, params }), []);
  const screen = route.screen;
  const autoOpen = useAutoOpen(setScreen);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const showShortcuts = useCallback(() => setShortcutsOpen(true), []);
  const networkOpen = session.data !== undefined && session.data.kind !== "none";

  useTheme(settings.data?.ui.theme);
  useKeyboardShortcuts((action) => {
    if (action.kind === "help") showShortcuts();
    // With no network open, Settings is the one screen there is besides Start.
    else if (networkOpen || action.screen === "settings") setScreen(action.screen);
  });
  useMenuActions(setScreen, showShortcuts);

  let content;
  if (session.isPending || settings.isPending) {
    content = <FullPage><Loading large label="Starting Eflow Desk…" /></FullPage>;
  } else if (session.isError || settings.isError) {
    const error = session.error ?? settings.error;
    content = (
      <FullPage>
        <ErrorNotice
          title="Eflow Desk could not start"
          error={error!}
          onRetry={() => {
            void session.refetch();
            void settings.refetch();
          }}
        />
      </FullPage>
    );
  } else if (autoOpen.state === "opening") {
    content = <FullPage><Loading large label={`Opening ${autoOpen.name}…`} /></FullPage>;
  } else if (session.data.kind === "none") {
    content =
      screen === "settings" ? (
        <div className="frame-bare">
          <header className="bare-header">
            <button type="button" className="btn btn-secondary btn-small" data-testid="back-to-start" onClick={() => setScreen("start")}>
              ← Back to start
            </button>
            <span className="muted small">No network is open.</span>
            <span className="topbar-spacer" />
            <ShortcutsButton />
          </header>
          <main className="frame-content">
            <Suspense fallback={<Loading label="Opening…" />}>
              <SettingsScreen />
            </Suspense>
          </main>
        </div>
      ) : (
        <StartScreen autoOpenError={autoOpen.state === "failed" ? autoOpen : null} />
      );
  } else {
    const shown: ScreenId = screen === "start" ? homeScreen(session.data) : screen;
    content = (
      <SelectionProvider key={sessionKey(session.data)}>
        <AppFrame session={session.data} screen={shown === "affiliate-edit" ? "affiliates" : shown}>
          <main>
            {/* A different network starts each screen afresh (search, page, selections). */}
            <Suspense fallback={<Loading label="Opening…" />}>
              <ScreenView key={sessionKey(session.data)} screen={shown} params={route.params} />
            </Suspense>
          </main>
        </AppFrame>
      </SelectionProvider>
    );
  }

  return (
    <NavigationContext.Provider value={setScreen}>
      <ShowShortcutsContext.Provider value={showShortcuts}>
        {content}
        <KeyboardShortcutsDialog open={shortcutsOpen} onOpenChange={setShortcutsOpen} />
      </ShowShortcutsContext.Provider>
    </NavigationContext.Provider>
  );
}

function ScreenView({ screen, params }: { screen: ScreenId; params: ScreenParams }) {
  switch (screen) {
    case "affiliate-edit":
      return params.affiliateId !== undefined ? (
        <EditAffiliateScreen affiliateId={params.affiliateId} />
      ) : (
        <AffiliatesScreen />
      );
    case "affiliates":
    case "start":
      return <AffiliatesScreen />;
    case "onboard":
      return <OnboardScreen />;
    case "settings":
      return <SettingsScreen />;
    case "bulk-edit":
      return <BulkEditScreen params={params} />;
    case "history":
      return <HistoryScreen />;
    case "connections":
      return <ConnectionsScreen />;
    case "offer-urls":
      return <OfferUrlsScreen />;
    case "visibility":
      return <VisibilityScreen key={JSON.stringify(params.visibility ?? null)} params={params} />;
    default:
      return <UnavailableScreen screen={screen} />;
  }
}

function FullPage({ children }: { children: ReactNode }) {
  return <main className="full-page">{children}</main>;
}

/** On launch, reopen the profile that was open last time (once). */
function useAutoOpen(setScreen: Navigate): AutoOpen {
  const session = useSession();
  const settings = useSettings();
  const openProfile = useOpenProfile();
  const attempted = useRef(false);
  const [state, setState] = useState<AutoOpen>({ state: "idle" });

  useEffect(() => {
    if (attempted.current || !session.data || !settings.data) return;
    attempted.current = true;
    if (session.data.kind !== "none") {
      setScreen("start");
      return;
    }
    const id = settings.data.active_profile;
    const profile = settings.data.profiles.find((p) => p.id === id);
    if (!profile) return;
    setState({ state: "opening", name: profile.name });
    openProfile.mutate(profile.id, {
      onSuccess: () => {
        setState({ state: "idle" });
        setScreen("start");
      },
      onError: (error) => setState({ state: "failed", name: profile.name, error }),
    });
  }, [session.data, settings.data, openProfile, setScreen]);

  // Once something is open, an old failure is no longer news.
  const kind = session.data?.kind;
  useEffect(() => {
    if (kind !== undefined && kind !== "none") setState((s) => (s.state === "failed" ? { state: "idle" } : s));
  }, [kind]);

  return state;
}

/** Applies the theme preference; "system" follows the computer's setting. */
function useTheme(theme: string | undefined) {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    else delete root.dataset.theme;
  }, [theme]);
}
