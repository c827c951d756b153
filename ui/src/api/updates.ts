// Updates of the app itself: the release feed (a setting), check, download with progress (the
// signature is verified in Rust), install, restart.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { commands, type AvailableUpdate, type Settings, type UpdateDownload } from "../bindings";
import { unwrap } from "./client";
import type { AppError } from "./errors";
import { queryKeys } from "./hooks";

export type { AvailableUpdate, UpdateDownload } from "../bindings";

export const updatesApi = {
  setReleaseFeed: (feed: string): Promise<Settings> => unwrap(commands.setReleaseFeed(feed)),
  /** The newer release the feed announces, or null when this version is the newest. */
  check: (): Promise<AvailableUpdate | null> => unwrap(commands.checkForUpdate()),
  /** Downloads the release found by the last check; resolves once its signature is verified. */
  download: (onProgress: (event: UpdateDownload) => void): Promise<AvailableUpdate> => {
    const channel = new Channel<UpdateDownload>();
    channel.onmessage = onProgress;
    return unwrap(commands.downloadUpdate(channel));
  },
  /** Installs the verified download; resolves with its version. */
  install: (): Promise<string> => unwrap(commands.installUpdate()),
  restart: (): Promise<null> => unwrap(commands.restartApp()),
};

export function useSetReleaseFeed() {
  const client = useQueryClient();
  return useMutation<Settings, AppError, string>({
    mutationFn: updatesApi.setReleaseFeed,
    onSuccess: (settings) => client.setQueryData(queryKeys.settings, settings),
  });
}

/** "12.4 MB" for a byte count. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
