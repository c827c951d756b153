import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { commandError, installBackend, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";

async function openSettings(setup?: (b: FakeBackend) => void) {
  const backend = installBackend(setup);
  const rendered = renderApp();
  await rendered.user.click(await screen.findByTestId("add-account"));
  await screen.findByTestId("settings-screen");
  return { backend, ...rendered };
}

const available = { version: "0.2.0", current_version: "0.1.0", notes: "Faster tables.\nA fix for CSV files.", published: null };

describe("Settings: updates", () => {
  it("says so when this version is the newest", async () => {
    const { user } = await openSettings();
    await user.click(screen.getByTestId("check-updates"));
    expect(await screen.findByTestId("update-none")).toHaveTextContent("You have the newest version.");
  });

  it("shows the version and its notes, and a refused download in plain words", async () => {
    const { user } = await openSettings((b) => {
      b.overrides.check_for_update = () => available;
      b.overrides.download_update = () => {
        throw commandError({
          code: "untrusted_update",
          message: "The downloaded update is not signed with Eflow Desk's release key, so it was refused and nothing was installed.",
        });
      };
    });
    await user.click(screen.getByTestId("check-updates"));
    const card = await screen.findByTestId("update-available");
    expect(within(card).getByTestId("update-version")).toHaveTextContent("Version 0.2.0 is available");
    expect(card).toHaveTextContent("you have 0.1.0");
    expect(within(card).getByTestId("update-notes")).toHaveTextContent("A fix for CSV files.");

    await user.click(screen.getByTestId("download-update"));
    expect(await screen.findByTestId("error-message")).toHaveTextContent("refused and nothing was installed");
    // The offer stays, to try again; nothing claims to be verified.
    expect(screen.getByTestId("download-update")).toBeEnabled();
    expect(screen.queryByTestId("update-verified")).toBeNull();
  });

  it("keeps a refused feed address at its field", async () => {
    const { backend, user } = await openSettings((b) => {
      b.overrides.set_release_feed = () => {
        throw commandError({
          code: "invalid_input",
          message: "must start with https://",
          fields: [{ field: "release_feed", message: "The release feed address \"http://example.com\" must start with https://." }],
        });
      };
    });
    const input = screen.getByTestId("release-feed");
    expect(input).toHaveValue(backend.settings.release_feed);
    await user.clear(input);
    await user.type(input, "http://example.com");
    await user.click(screen.getByTestId("save-release-feed"));
    await waitFor(() =>
      expect(document.querySelector('[data-field="release_feed"]')).toHaveTextContent("must start with https://"),
    );
    expect(input).toHaveValue("http://example.com");
  });
});
