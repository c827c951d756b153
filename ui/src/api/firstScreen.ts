// What the first screen shows is asked for before React renders anything, so the app renders
// once with its data instead of "Starting…", then an empty table, then the rows (each of those
// cost a render and a frame on a cold page: about 100 ms apiece, measured).
import type { QueryClient } from "@tanstack/react-query";
import { homeScreen } from "../lib/navigation";
import { affiliatesRequest, affiliatesTablePageQuery } from "./affiliates";
import { emptyAffiliateFilters } from "./client";
import { sessionKey, sessionQuery, settingsQuery } from "./hooks";

/** The longest the first render waits for the first screen's data. */
export const FIRST_SCREEN_WAIT_MS = 1500;

/**
 * Fetches the session, the settings and, when a network opens on the affiliates table, its first
 * page into `client`. Never fails: an error is kept in the cache for the screen to show.
 */
export async function prefetchFirstScreen(client: QueryClient): Promise<void> {
  try {
    const [session, settings] = await Promise.all([client.fetchQuery(sessionQuery), client.fetchQuery(settingsQuery)]);
    if (session.kind === "none" || homeScreen(session) !== "affiliates") return;
    const request = affiliatesRequest("", emptyAffiliateFilters());
    await client.prefetchQuery(affiliatesTablePageQuery(sessionKey(session), request, 1, settings.page_size));
  } catch {
    // The screens ask again and say what went wrong.
  }
}

/** Resolves when the first screen's data is in `client`, or after `FIRST_SCREEN_WAIT_MS`. */
export function firstScreenReady(client: QueryClient): Promise<void> {
  return Promise.race([prefetchFirstScreen(client), new Promise<void>((resolve) => setTimeout(resolve, FIRST_SCREEN_WAIT_MS))]);
}
