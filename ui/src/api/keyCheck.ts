// The key check (what a profile's key can read, kept per profile) and the throttle notice of the
// open network.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type KeyCheck, type ProfileId } from "../bindings";
import { plain, unwrap } from "./client";
import type { AppError } from "./errors";
import { useSession } from "./hooks";

export const keyCheckApi = {
  last: (id: ProfileId): Promise<KeyCheck | null> => plain(commands.keyCheck(id)),
  run: (id: ProfileId): Promise<KeyCheck> => unwrap(commands.runKeyCheck(id)),
  throttleNotice: (): Promise<string | null> => unwrap(commands.throttleNotice()),
};

const keyCheckKey = (id: ProfileId) => ["key-check", id] as const;

/** The profile's last key check (null until one is run). */
export function useKeyCheck(id: ProfileId) {
  return useQuery<KeyCheck | null, AppError>({ queryKey: keyCheckKey(id), queryFn: () => keyCheckApi.last(id), staleTime: Infinity });
}

/** Runs the key check again and keeps its result as the profile's last one. */
export function useRunKeyCheck() {
  const client = useQueryClient();
  return useMutation<KeyCheck, AppError, ProfileId>({
    mutationFn: (id) => keyCheckApi.run(id),
    onSuccess: (check, id) => client.setQueryData(keyCheckKey(id), check),
  });
}

/** "Everflow is throttling this network; continuing in N s" while the open network waits, else null. */
export function useThrottleNotice() {
  const session = useSession();
  const open = session.data !== undefined && session.data.kind !== "none";
  return useQuery<string | null, AppError>({
    queryKey: ["throttle-notice"],
    // A failed poll shows nothing rather than an error about the notice itself.
    queryFn: () => keyCheckApi.throttleNotice().catch(() => null),
    enabled: open,
    refetchInterval: 1000,
    staleTime: 0,
  });
}
