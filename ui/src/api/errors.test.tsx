import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ErrorNotice } from "../components/ErrorNotice";
import { commandError, installBackend } from "../test/backend";
import { api } from "./client";
import { AppError, hintFor, toAppError } from "./errors";

describe("AppError", () => {
  it("carries every part of a CommandError", () => {
    const error = toAppError(
      commandError({
        code: "invalid_input",
        message: "2 fields need attention.",
        status: 422,
        detail: "raw",
        fields: [
          { field: "name", message: "Give the profile a name." },
          { field: "region", message: "Bad address." },
        ],
      }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "invalid_input", message: "2 fields need attention.", status: 422, detail: "raw" });
    expect(error.fieldMessage("region")).toBe("Bad address.");
    expect(error.fieldMessage("kind")).toBeUndefined();
  });

  it("turns unexpected failures into a plain internal error with the cause as detail", () => {
    const error = toAppError(new Error("IPC exploded"));
    expect(error.code).toBe("internal");
    expect(error.message).toBe("Something went wrong inside Eflow Desk.");
    expect(error.detail).toBe("IPC exploded");
  });

  it("has a next step for the codes users meet most", () => {
    for (const code of [
      "keyring_unavailable",
      "keyring_timeout",
      "no_key",
      "no_session",
      "unauthorized",
      "wrong_key_kind",
      "network",
      "timeout",
      "rate_limited",
    ] as const) {
      expect(hintFor(code), code).toMatch(/\w+/);
    }
    expect(hintFor("internal")).toBeUndefined();
  });

  it("the API layer throws the backend's error as an AppError", async () => {
    installBackend((b) => {
      b.overrides.test_key = () => {
        throw commandError({ code: "unauthorized", message: "Everflow did not accept the API key.", status: 401 });
      };
    });
    const failure = await api.testKey("p1").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: "unauthorized", status: 401 });
  });
});

describe("ErrorNotice", () => {
  it("shows the message and hint, with code, status and detail behind Details", async () => {
    const user = userEvent.setup();
    render(
      <ErrorNotice
        error={toAppError(
          commandError({ code: "timeout", message: "Everflow did not answer in time.", status: null, detail: "deadline 30s" }),
        )}
      />,
    );
    const notice = screen.getByRole("alert");
    expect(notice).toHaveTextContent("Everflow did not answer in time.");
    expect(notice).toHaveTextContent(hintFor("timeout")!);
    const details = within(notice).getByText("Details").closest("details")!;
    expect(details).not.toHaveAttribute("open");
    await user.click(within(notice).getByText("Details"));
    expect(details).toHaveAttribute("open");
    expect(within(details).getByText("timeout")).toBeVisible();
    expect(within(details).getByText("deadline 30s")).toBeVisible();
  });

  it("a failed list gets its own words, no 'may have been deleted', and keeps the raw detail", async () => {
    const user = userEvent.setup();
    const listError = toAppError(
      commandError({
        code: "not_found",
        message: "Everflow does not offer offers at this address (not available, HTTP 404).",
        status: 404,
        detail: "No route for /v1/networks/offerstable",
        area: "offers",
      }),
    );
    render(<ErrorNotice error={listError} />);
    const notice = screen.getByRole("alert");
    expect(notice).not.toHaveTextContent(/deleted/);
    await user.click(within(notice).getByText("Details"));
    expect(within(notice).getByText("No route for /v1/networks/offerstable")).toBeVisible();
  });

  it("a record the user asked for keeps 'It may have been deleted'", () => {
    render(<ErrorNotice error={toAppError(commandError({ code: "not_found", message: "Everflow could not find it." }))} />);
    expect(screen.getByRole("alert")).toHaveTextContent("It may have been deleted.");
  });
});
