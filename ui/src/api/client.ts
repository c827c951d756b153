// The only module that talks to the Rust commands. Everything it returns is plain data;
// every failure is thrown as an AppError.
import {
  commands,
  type AffiliateFilters,
  type AffiliatesTable,
  type CommandError,
  type ConnectionsTable,
  type KeyStatus,
  type LogLevel,
  type Profile,
  type ProfileId,
  type ProfileInput,
  type Result,
  type SessionView,
  type Settings,
  type UiPreferences,
  type OrphanKey,
} from "../bindings";
import { AppError, toAppError } from "./errors";

/** The data of a command's `Result`, or its error thrown as an AppError. */
export async function unwrap<T>(call: Promise<Result<T, CommandError>>): Promise<T> {
  let result: Result<T, CommandError>;
  try {
    result = await call;
  } catch (error) {
    throw toAppError(error);
  }
  if (result.status === "error") throw new AppError(result.error);
  return result.data;
}

/** A command that cannot fail in Rust; transport failures still become AppErrors. */
export async function plain<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw toAppError(error);
  }
}

/** Filters with nothing set: every affiliate. */
export function emptyAffiliateFilters(): AffiliateFilters {
  return {
    account_manager_ids: [],
    network_account_executives_ids: [],
    labels: [],
    network_tracking_domain_ids: [],
    country_codes: [],
    region_codes: [],
  };
}

export interface AffiliatesPageParams {
  /** Name search; blank means no search. */
  search: string;
  page: number;
  pageSize: number;
}

/** A connection status to filter on, or every status. */
export type ConnectionStatusFilter = "all" | "active" | "pending" | "deleted";

export interface ConnectionsPageParams {
  status: ConnectionStatusFilter;
  page: number;
  pageSize: number;
}

export const api = {
  session: (): Promise<SessionView> => unwrap(commands.session()),
  openProfile: (id: ProfileId): Promise<SessionView> => unwrap(commands.openProfile(id)),
  openDemo: (): Promise<SessionView> => unwrap(commands.openDemo()),
  closeSession: (): Promise<null> => unwrap(commands.closeSession()),

  listProfiles: (): Promise<Profile[]> => plain(commands.listProfiles()),
  createProfile: (input: ProfileInput): Promise<Profile> => unwrap(commands.createProfile(input)),
  /** `key`: a new key stored in the same step (asked for when the address or key type changes). */
  updateProfile: (id: ProfileId, input: ProfileInput, key: string | null): Promise<Profile> =>
    unwrap(commands.updateProfile(id, input, key)),
  deleteProfile: (id: ProfileId): Promise<null> => unwrap(commands.deleteProfile(id)),

  keyStatus: (id: ProfileId): Promise<KeyStatus> => unwrap(commands.keyStatus(id)),
  setKey: (id: ProfileId, key: string): Promise<KeyStatus> => unwrap(commands.setKey(id, key)),
  clearKey: (id: ProfileId): Promise<KeyStatus> => unwrap(commands.clearKey(id)),
  testKey: (id: ProfileId): Promise<string> => unwrap(commands.testKey(id)),

  getSettings: (): Promise<Settings> => plain(commands.getSettings()),
  updatePreferences: (pageSize: number, requestsPerSecond: number | null, ui: UiPreferences, logLevel: LogLevel): Promise<Settings> =>
    unwrap(commands.updatePreferences(pageSize, requestsPerSecond, ui, logLevel)),
  copyDiagnostics: (): Promise<string> => unwrap(commands.copyDiagnostics()),
  dismissKeptAside: (): Promise<Settings> => unwrap(commands.dismissKeptAside()),
  keysWithoutProfile: (): Promise<OrphanKey[]> => unwrap(commands.keysWithoutProfile()),
  removeKeyWithoutProfile: (id: ProfileId): Promise<void> =>
    unwrap(commands.removeKeyWithoutProfile(id)).then(() => undefined),

  affiliatesPage: ({ search, page, pageSize }: AffiliatesPageParams): Promise<AffiliatesTable> => {
    const term = search.trim();
    return unwrap(
      commands.affiliatesTable(
        {
          search_terms: term ? [{ search_type: "name", value: term }] : [],
          filters: emptyAffiliateFilters(),
        },
        { page, page_size: pageSize },
        [],
      ),
    );
  },

  connectionsPage: ({ status, page, pageSize }: ConnectionsPageParams): Promise<ConnectionsTable> =>
    unwrap(commands.connections({ filters: status === "all" ? {} : { status } }, { page, page_size: pageSize })),
  /** A brand logo as a `data:` URL, or null when it cannot be shown. */
  connectionLogo: (url: string): Promise<string | null> => unwrap(commands.connectionLogo(url)),
  openInBrowser: (url: string): Promise<null> => unwrap(commands.openInBrowser(url)),
};
