// React Query hooks over the API layer. Components use these, never the commands.
import {
  keepPreviousData,
  QueryClient,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import type { KeyStatus, LogLevel, OrphanKey, ProfileId, ProfileInput, SessionView, Settings, UiPreferences } from "../bindings";
import { api, type AffiliatesPageParams, type ConnectionsPageParams } from "./client";
import type { AppError } from "./errors";

declare module "@tanstack/react-query" {
  interface Register {
    // Every query and mutation fails with an AppError (the API layer guarantees it).
    defaultError: AppError;
  }
}

export const queryKeys = {
  session: ["session"] as const,
  settings: ["settings"] as const,
  profiles: ["profiles"] as const,
  keysWithoutProfile: ["keys-without-profile"] as const,
  keyStatus: (id: ProfileId) => ["key-status", id] as const,
  /** Everything read from the open network lives under this prefix, per session. */
  network: ["network"] as const,
  affiliates: (session: string, params: AffiliatesPageParams) =>
    ["network", session, "affiliates", params] as const,
  connections: (session: string, params: ConnectionsPageParams) =>
    ["network", session, "connections", params] as const,
  /** Logos are public images, the same whichever network is open. */
  connectionLogo: (url: string) => ["connection-logo", url] as const,
};

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // The Rust client already retries what is safe to retry; a desktop app should not refetch
      // (and spend rate limit) just because the window got focus.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
}

/** A stable name for what is open, used to keep one network's data apart from another's. */
export function sessionKey(view: SessionView | undefined): string {
  if (!view) return "pending";
  switch (view.kind) {
    case "none":
      return "none";
    case "demo":
      return `demo:${view.base_url}`;
    case "profile":
      return `profile:${view.profile.id}`;
  }
}

export const sessionQuery = queryOptions<SessionView, AppError>({ queryKey: queryKeys.session, queryFn: api.session, staleTime: Infinity });
export const settingsQuery = queryOptions<Settings, AppError>({ queryKey: queryKeys.settings, queryFn: api.getSettings, staleTime: Infinity });

export function useSession() {
  return useQuery(sessionQuery);
}

export function useSettings() {
  return useQuery(settingsQuery);
}

export function useProfiles() {
  return useQuery({ queryKey: queryKeys.profiles, queryFn: api.listProfiles, staleTime: Infinity });
}

export function useKeyStatus(id: ProfileId) {
  return useQuery<KeyStatus, AppError>({ queryKey: queryKeys.keyStatus(id), queryFn: () => api.keyStatus(id) });
}

export function useAffiliatesPage(params: AffiliatesPageParams) {
  const session = useSession();
  const key = sessionKey(session.data);
  return useQuery({
    queryKey: queryKeys.affiliates(key, params),
    queryFn: () => api.affiliatesPage(params),
    enabled: session.data !== undefined && session.data.kind !== "none",
    placeholderData: keepPreviousData,
  });
}

/** A page of the partner's connections; `enabled` is false where the open key cannot list them. */
export function useConnectionsPage(params: ConnectionsPageParams, enabled: boolean) {
  const session = useSession();
  const key = sessionKey(session.data);
  return useQuery({
    queryKey: queryKeys.connections(key, params),
    queryFn: () => api.connectionsPage(params),
    enabled: enabled && session.data !== undefined && session.data.kind !== "none",
    placeholderData: keepPreviousData,
  });
}

/** A brand's logo (loaded by Rust), kept for as long as the app runs. */
export function useConnectionLogo(url: string) {
  return useQuery({
    queryKey: queryKeys.connectionLogo(url),
    queryFn: () => api.connectionLogo(url),
    enabled: url.trim() !== "",
    staleTime: Infinity,
    gcTime: Infinity,
  });
}

// ---------------------------------------------------------------------------------------------
// Mutations

export function useOpenInBrowser() {
  return useMutation<null, AppError, string>({ mutationFn: (url) => api.openInBrowser(url) });
}

/** After a different network is opened (or closed), forget everything read from the old one. */
function useSessionChanged() {
  const client = useQueryClient();
  return (view: SessionView) => {
    client.setQueryData(queryKeys.session, view);
    client.removeQueries({ queryKey: queryKeys.network });
    void client.invalidateQueries({ queryKey: queryKeys.settings });
  };
}

export function useOpenDemo() {
  const changed = useSessionChanged();
  return useMutation<SessionView, AppError, void>({ mutationFn: () => api.openDemo(), onSuccess: changed });
}

export function useOpenProfile() {
  const changed = useSessionChanged();
  return useMutation<SessionView, AppError, ProfileId>({ mutationFn: (id) => api.openProfile(id), onSuccess: changed });
}

export function useCloseSession() {
  const changed = useSessionChanged();
  return useMutation<null, AppError, void>({
    mutationFn: () => api.closeSession(),
    onSuccess: () => changed({ kind: "none" }),
  });
}

function useProfilesChanged() {
  const client = useQueryClient();
  return async () => {
    await Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.profiles }),
      client.invalidateQueries({ queryKey: queryKeys.settings }),
      // Editing, deleting or clearing the key of the open profile closes it in the backend.
      client.invalidateQueries({ queryKey: queryKeys.session }),
      // A deleted profile whose key could not be removed shows up there.
      client.invalidateQueries({ queryKey: queryKeys.keysWithoutProfile }),
    ]);
  };
}

export function useCreateProfile() {
  const changed = useProfilesChanged();
  return useMutation({
    mutationFn: (input: ProfileInput) => api.createProfile(input),
    onSuccess: changed,
  });
}

export function useUpdateProfile() {
  const changed = useProfilesChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input, key }: { id: ProfileId; input: ProfileInput; key?: string | null }) =>
      api.updateProfile(id, input, key ?? null),
    onSuccess: async (_profile, { id }) => {
      // A new address or key type removes the stored key (and may store a new one).
      await client.invalidateQueries({ queryKey: queryKeys.keyStatus(id) });
      await changed();
    },
  });
}

export function useDeleteProfile() {
  const changed = useProfilesChanged();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: ProfileId) => api.deleteProfile(id),
    onSuccess: async (_data, id) => {
      client.removeQueries({ queryKey: queryKeys.keyStatus(id) });
      await changed();
    },
  });
}

export function useSetKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, key }: { id: ProfileId; key: string }) => api.setKey(id, key),
    onSuccess: (status, { id }) => {
      client.setQueryData(queryKeys.keyStatus(id), status);
      // The open profile is reopened with the new key.
      client.removeQueries({ queryKey: queryKeys.network });
      void client.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

export function useClearKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: ProfileId) => api.clearKey(id),
    onSuccess: (status, id) => {
      client.setQueryData(queryKeys.keyStatus(id), status);
      void client.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
}

export function useTestKey() {
  return useMutation({ mutationFn: (id: ProfileId) => api.testKey(id) });
}

export function useUpdatePreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      pageSize,
      requestsPerSecond,
      ui,
      logLevel,
    }: {
      pageSize: number;
      requestsPerSecond: number | null;
      ui: UiPreferences;
      logLevel: LogLevel;
    }) => api.updatePreferences(pageSize, requestsPerSecond, ui, logLevel),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.settings, settings);
    },
  });
}

/** Puts the diagnostics on the clipboard; resolves with the text that was copied. */
export function useCopyDiagnostics() {
  return useMutation({ mutationFn: () => api.copyDiagnostics() });
}

export function useDismissKeptAside() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.dismissKeptAside(),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.settings, settings);
    },
  });
}

export function useKeysWithoutProfile() {
  return useQuery<OrphanKey[], AppError>({ queryKey: queryKeys.keysWithoutProfile, queryFn: api.keysWithoutProfile });
}

export function useRemoveKeyWithoutProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: ProfileId) => api.removeKeyWithoutProfile(id),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keysWithoutProfile }),
  });
}
