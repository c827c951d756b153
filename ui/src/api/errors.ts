// One place for how errors from the backend are carried and explained.
// The backend's `message` is already plain language and is always shown; the hints here only add
// "what to do next" for the codes where there is something useful to say.
import type { Area, CommandError, Drift, ErrorCode, FieldError } from "../bindings";

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number | null;
  readonly detail: string | null;
  readonly fields: FieldError[];
  /** For a refused apply (`conflict`): what changed on Everflow since the preview. */
  readonly drift: Drift[];
  /** The list, search or look-up that failed; its message then names it, the reason and what to do. */
  readonly area: Area | null;

  constructor(error: CommandError) {
    super(error.message);
    this.name = "AppError";
    this.code = error.code;
    this.status = error.status ?? null;
    this.detail = error.detail ?? null;
    this.fields = Array.isArray(error.fields) ? error.fields : [];
    this.drift = Array.isArray(error.drift) ? error.drift : [];
    this.area = error.area ?? null;
  }

  /** The message shown at one form field, if the backend named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** Turns anything thrown by a command call into an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isCommandError(error)) {
    return new AppError({
      code: error.code,
      message: error.message,
      status: error.status ?? null,
      detail: error.detail ?? null,
      fields: error.fields ?? [],
      drift: error.drift ?? [],
      area: error.area ?? null,
    });
  }
  const detail =
    error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  return new AppError({
    code: "internal",
    message: "Something went wrong inside Eflow Desk.",
    status: null,
    detail: detail ?? null,
    fields: [],
    drift: [],
    area: null,
  });
}

const HINTS: Partial<Record<ErrorCode, string>> = {
  keyring_unavailable:
    "Eflow Desk keeps API keys only in your system keyring (Keychain, Credential Manager or Secret Service). Make sure it is running and unlocked, then try again.",
  keyring_timeout:
    "The system keyring did not answer in time. If it asked for your password, unlock it and try again.",
  no_key: "Add this profile's API key in Settings, then open it again.",
  no_session: "Open the demo network or one of your profiles from the Start screen.",
  unauthorized:
    "Copy the key again from Everflow (Control Center > Security) and save it on the profile's card in Settings.",
  forbidden: "Ask your Everflow admin to give this key the permission, or to add this computer's IP address to the network's API whitelist.",
  wrong_key_kind:
    "In Settings, change the profile's key type to match the key, or save a key of the type the profile expects.",
  network:
    "Eflow Desk could not reach Everflow. Check your internet connection (and the server address, for a custom profile), then try again.",
  timeout: "Everflow took too long to answer. Wait a moment, then try again.",
  rate_limited:
    "Everflow asked Eflow Desk to slow down. Wait a few seconds and try again; a lower \"Requests per second\" in Settings can help.",
  server: "Everflow had a problem on its side. Try again in a few minutes.",
  invalid_config: "Check the profile's server address in Settings.",
  not_found: "It may have been deleted. Refresh and try again.",
};

/** What to do next for an error code, or undefined when there is nothing useful to add. */
export function hintFor(code: ErrorCode): string | undefined {
  return HINTS[code];
}

/** The hint under an error: none for a failed list or look-up, whose message already says what to do
 * (and "It may have been deleted" fits only a record the user asked for). */
export function hintForError(error: AppError): string | undefined {
  return error.area ? undefined : hintFor(error.code);
}
