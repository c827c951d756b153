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

async function card(name: string) {
  const cards = await screen.findAllByTestId("profile-card");
  const found = cards.find((c) => c.getAttribute("data-profile-name") === name);
  if (!found) throw new Error(`no card for ${name}`);
  return found;
}

describe("Settings: profiles", () => {
  it("shows each profile with its kind, region and key status", async () => {
    await openSettings((b) => {
      b.addProfile({ name: "Main network" }, "secret-key-1234");
      b.addProfile({ name: "EU partner", kind: "partner", region: { kind: "eu" } });
      b.addProfile({ name: "Staging", region: { kind: "custom", url: "https://staging.example/v1" } });
    });
    const main = await card("Main network");
    expect(within(main).getByTestId("profile-kind")).toHaveTextContent("Network key");
    expect(within(main).getByTestId("profile-region-label")).toHaveTextContent("United States (api.eflow.team)");
    await waitFor(() => expect(within(main).getByTestId("key-status")).toHaveTextContent("Key saved (ends in 1234)"));

    const eu = await card("EU partner");
    expect(within(eu).getByTestId("profile-kind")).toHaveTextContent("Partner key");
    expect(within(eu).getByTestId("profile-region-label")).toHaveTextContent("Europe (api-eu.eflow.team)");
    await waitFor(() => expect(within(eu).getByTestId("key-status")).toHaveTextContent("No key yet"));
    expect(within(eu).getByTestId("test-key")).toBeDisabled();

    const staging = await card("Staging");
    expect(within(staging).getByTestId("profile-region-label")).toHaveTextContent("https://staging.example/v1");
  });

  it("shows a field error returned by the backend at the named field", async () => {
    const { backend, user } = await openSettings((b) => {
      b.overrides.create_profile = () => {
        throw commandError({
          code: "invalid_input",
          message: "Another profile already has this name.",
          fields: [{ field: "name", message: "Another profile already has this name." }],
        });
      };
    });
    const form = screen.getByTestId("add-profile-form");
    await user.type(within(form).getByTestId("profile-name"), "Main network");
    await user.type(within(form).getByTestId("profile-key"), "my-secret-key");
    await user.click(within(form).getByTestId("create-profile"));

    const nameField = await waitFor(() => {
      const field = form.querySelector('[data-field="name"]');
      expect(field).toHaveTextContent("Another profile already has this name.");
      return field as HTMLElement;
    });
    expect(within(nameField).getByTestId("profile-name")).toHaveAttribute("aria-invalid", "true");
    expect(form.querySelector('[data-field="key"] [data-testid="field-error"]')).toBeNull();
    // Nothing was created, so the key was never sent and stays for the next try.
    expect(backend.callsOf("set_key")).toHaveLength(0);
    expect(within(form).getByTestId("profile-key")).toHaveValue("my-secret-key");
  });

  it("puts a custom-address error at the address input", async () => {
    const { backend, user } = await openSettings((b) => {
      b.overrides.create_profile = () => {
        throw commandError({
          code: "invalid_input",
          message: 'The server address "ftp://x" must start with https://.',
          fields: [{ field: "region", message: 'The server address "ftp://x" must start with https://.' }],
        });
      };
    });
    const form = screen.getByTestId("add-profile-form");
    await user.type(within(form).getByTestId("profile-name"), "Staging");
    await user.click(within(form).getByTestId("profile-kind-partner"));
    await user.selectOptions(within(form).getByTestId("profile-region"), "custom");
    await user.type(within(form).getByTestId("profile-custom-url"), "ftp://x");
    await user.keyboard("{Enter}");

    await waitFor(() =>
      expect(form.querySelector('[data-field="region"]')).toHaveTextContent("must start with https://"),
    );
    expect(form.querySelector('[data-field="region"] [data-testid="profile-custom-url"]')).not.toBeNull();
    expect(backend.callsOf("create_profile")[0]).toEqual({
      input: { name: "Staging", kind: "partner", region: { kind: "custom", url: "ftp://x" } },
    });
  });

  it("creates a profile, saves its key right after, and clears the form", async () => {
    const { backend, user } = await openSettings();
    const form = screen.getByTestId("add-profile-form");
    await user.type(within(form).getByTestId("profile-name"), "Main network");
    await user.selectOptions(within(form).getByTestId("profile-region"), "eu");
    await user.type(within(form).getByTestId("profile-key"), "abcdef-9876");
    await user.click(within(form).getByTestId("create-profile"));

    const created = await card("Main network");
    await waitFor(() => expect(within(created).getByTestId("key-status")).toHaveTextContent("Key saved (ends in 9876)"));
    expect(backend.callsOf("create_profile")[0]).toEqual({
      input: { name: "Main network", kind: "network", region: { kind: "eu" } },
    });
    expect(backend.callsOf("set_key")).toEqual([{ id: "p1", key: "abcdef-9876" }]);
    // A fresh form: nothing typed survives, and the region select is back on the US host
    // (a custom address left selected without its URL field was a bug).
    const fresh = screen.getByTestId("add-profile-form");
    expect(within(fresh).getByTestId("profile-key")).toHaveValue("");
    expect(within(fresh).getByTestId("profile-name")).toHaveValue("");
    expect(within(fresh).getByTestId("profile-region")).toHaveValue("us");
    expect(screen.getByTestId("profile-created")).toHaveTextContent("its key is saved in the system keyring");
  });
});

describe("Settings: keys", () => {
  it("saving a key sends it once, clears the input and shows the new status", async () => {
    const { backend, user } = await openSettings((b) => b.addProfile({ name: "Main network" }));
    const main = await card("Main network");
    await waitFor(() => expect(within(main).getByTestId("key-status")).toHaveTextContent("No key yet"));

    const input = within(main).getByTestId("key-input");
    expect(input).toHaveAttribute("type", "password");
    expect(within(main).getByTestId("save-key")).toBeDisabled();
    await user.type(input, "new-key-5678");
    await user.click(within(main).getByTestId("save-key"));

    await waitFor(() => expect(within(main).getByTestId("key-status")).toHaveTextContent("Key saved (ends in 5678)"));
    expect(input).toHaveValue("");
    expect(backend.callsOf("set_key")).toEqual([{ id: "p1", key: "new-key-5678" }]);
    expect(within(main).getByTestId("save-key")).toBeDisabled();
    // The key is not shown anywhere on the page.
    expect(document.body.textContent).not.toContain("new-key-5678");
  });

  it("shows a key rejected by the backend at the key field", async () => {
    const { user } = await openSettings((b) => {
      b.addProfile({ name: "Main network" });
      b.overrides.set_key = () => {
        throw commandError({
          code: "invalid_input",
          message: "The API key must not contain spaces.",
          fields: [{ field: "key", message: "The API key must not contain spaces." }],
        });
      };
    });
    const main = await card("Main network");
    await user.type(within(main).getByTestId("key-input"), "bad key");
    await user.keyboard("{Enter}");
    await waitFor(() =>
      expect(main.querySelector('[data-field="key"]')).toHaveTextContent("The API key must not contain spaces."),
    );
    expect(within(main).getByTestId("key-input")).toHaveValue("");
  });

  it("shows the key test result in plain words", async () => {
    const { backend, user } = await openSettings((b) => b.addProfile({ name: "Main network" }, "k-1111"));
    const main = await card("Main network");
    await waitFor(() => expect(within(main).getByTestId("test-key")).toBeEnabled());
    await user.click(within(main).getByTestId("test-key"));

    expect(await within(main).findByTestId("key-test-result")).toHaveTextContent(
      "The key works: Everflow accepted it as a network key.",
    );
    expect(backend.callsOf("test_key")).toEqual([{ id: "p1" }]);
  });

  it("a key test checks what the key can read, names the refused areas and keeps the checklist", async () => {
    const { backend, user } = await openSettings((b) => b.addProfile({ name: "Main network" }, "k-1111"));
    const main = await card("Main network");
    expect(within(main).queryByTestId("key-check")).toBeNull();
    await waitFor(() => expect(within(main).getByTestId("test-key")).toBeEnabled());
    await user.click(within(main).getByTestId("test-key"));

    const check = await within(main).findByTestId("key-check");
    expect(check).toHaveTextContent("This key cannot read 1 of 12 areas: employees.");
    const refused = within(check)
      .getAllByTestId("key-check-item")
      .filter((item) => item.dataset.access === "refused")
      .map((item) => item.dataset.area);
    expect(refused).toEqual(["employees"]);
    expect(check).toHaveTextContent("This key may not read employees; ask your Everflow admin to allow it, or use another key.");
    expect(backend.callsOf("run_key_check")).toEqual([{ id: "p1" }]);
  });

  it("shows why a key test failed, with a next step", async () => {
    const { user } = await openSettings((b) => {
      b.addProfile({ name: "Main network" }, "k-1111");
      b.overrides.test_key = () => {
        throw commandError({
          code: "wrong_key_kind",
          message: "This looks like a partner key, but the profile is set up for a network key.",
          status: 403,
        });
      };
    });
    const main = await card("Main network");
    await waitFor(() => expect(within(main).getByTestId("test-key")).toBeEnabled());
    await user.click(within(main).getByTestId("test-key"));

    const result = await within(main).findByTestId("key-test-result");
    expect(result).toHaveTextContent("This looks like a partner key, but the profile is set up for a network key.");
    expect(result).toHaveTextContent("change the profile's key type");
  });

  it("clears a key only after confirming", async () => {
    const { backend, user } = await openSettings((b) => b.addProfile({ name: "Main network" }, "k-2222"));
    const main = await card("Main network");
    await waitFor(() => expect(within(main).getByTestId("clear-key")).toBeEnabled());
    await user.click(within(main).getByTestId("clear-key"));

    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Clear the key of “Main network”?");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument());
    expect(backend.callsOf("clear_key")).toHaveLength(0);

    await user.click(within(main).getByTestId("clear-key"));
    await user.click(within(await screen.findByTestId("confirm-dialog")).getByTestId("confirm-button"));
    await waitFor(() => expect(within(main).getByTestId("key-status")).toHaveTextContent("No key yet"));
    expect(backend.callsOf("clear_key")).toEqual([{ id: "p1" }]);
  });

  it("a new address removes the key in one confirmation that asks for the key again; a rename keeps it", async () => {
    const { backend, user } = await openSettings((b) =>
      b.addProfile({ name: "Local", region: { kind: "custom", url: "http://127.0.0.1:4000/v1" } }, "k-5555"),
    );
    const local = await card("Local");
    await waitFor(() => expect(within(local).getByTestId("key-status")).toHaveTextContent("ends in 5555"));

    // A rename: saved at once, the key stays.
    await user.click(within(local).getByTestId("edit-profile"));
    const form = within(local).getByTestId("edit-profile-form");
    await user.clear(within(form).getByTestId("profile-name"));
    await user.type(within(form).getByTestId("profile-name"), "Local sim");
    await user.click(within(form).getByTestId("save-profile"));
    await waitFor(() => expect(backend.callsOf("update_profile")).toHaveLength(1));
    expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument();
    expect(backend.keys.get("p1")).toBe("k-5555");

    // A new address: nothing is saved until confirmed, and the confirmation asks for the key.
    const renamed = await card("Local sim");
    await user.click(within(renamed).getByTestId("edit-profile"));
    const edit = within(renamed).getByTestId("edit-profile-form");
    await user.clear(within(edit).getByTestId("profile-custom-url"));
    await user.type(within(edit).getByTestId("profile-custom-url"), "https://api.example.com/v1");
    await user.click(within(edit).getByTestId("save-profile"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("removed from the system keyring");
    expect(backend.callsOf("update_profile")).toHaveLength(1);
    await user.type(within(dialog).getByTestId("moved-profile-key"), "new-key-6666");
    await user.click(within(dialog).getByTestId("confirm-button"));

    await waitFor(() => expect(backend.callsOf("update_profile")).toHaveLength(2));
    expect(backend.callsOf("update_profile")[1]).toMatchObject({
      id: "p1",
      input: { region: { kind: "custom", url: "https://api.example.com/v1" } },
      key: "new-key-6666",
    });
    await waitFor(() => expect(within(renamed).getByTestId("key-status")).toHaveTextContent("ends in 6666"));
    expect(backend.callsOf("set_key")).toHaveLength(0);
  });

  it("deletes a profile after a confirmation that names it and mentions the keyring", async () => {
    const { backend, user } = await openSettings((b) => {
      b.addProfile({ name: "Old account" }, "k-3333");
      b.addProfile({ name: "Main network" }, "k-4444");
    });
    const old = await card("Old account");
    await user.click(within(old).getByTestId("delete-profile"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Delete the profile “Old account”?");
    expect(dialog).toHaveTextContent("removed from the system keyring");
    await user.click(within(dialog).getByTestId("confirm-button"));

    await waitFor(() => expect(screen.getAllByTestId("profile-card")).toHaveLength(1));
    expect(screen.getByTestId("profile-card")).toHaveAttribute("data-profile-name", "Main network");
    expect(backend.callsOf("delete_profile")).toEqual([{ id: "p1" }]);
  });
});

describe("Settings: preferences", () => {
  it("saves page size, request rate, theme and log detail", async () => {
    const { backend, user } = await openSettings();
    const form = await screen.findByTestId("preferences-form");
    const pageSize = within(form).getByTestId("pref-page-size");
    await user.clear(pageSize);
    await user.type(pageSize, "200");
    await user.type(within(form).getByTestId("pref-rps"), "5");
    await user.selectOptions(within(form).getByTestId("pref-theme"), "dark");
    expect(within(form).getByTestId("pref-log-level")).toHaveValue("info");
    await user.selectOptions(within(form).getByTestId("pref-log-level"), "debug");
    await user.click(within(form).getByTestId("save-preferences"));

    expect(await within(form).findByText("Preferences saved.")).toBeInTheDocument();
    expect(backend.callsOf("update_preferences")).toEqual([
      {
        pageSize: 200,
        requestsPerSecond: 5,
        ui: { theme: "dark", compact_tables: false, affiliate_columns: [] },
        logLevel: "debug",
      },
    ]);
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe("dark"));
  });

  it("sends a blank request rate as the Everflow default", async () => {
    const { backend, user } = await openSettings((b) => {
      b.settings.requests_per_second = 3;
    });
    const form = await screen.findByTestId("preferences-form");
    await user.clear(within(form).getByTestId("pref-rps"));
    await user.click(within(form).getByTestId("save-preferences"));
    await within(form).findByText("Preferences saved.");
    expect(backend.callsOf("update_preferences")[0]).toMatchObject({ requestsPerSecond: null, pageSize: 50 });
  });
});

describe("Settings: diagnostics", () => {
  it("copies the diagnostics and shows what was copied", async () => {
    const { backend, user } = await openSettings();
    const panel = await screen.findByTestId("diagnostics");
    expect(within(panel).queryByTestId("diagnostics-text")).not.toBeInTheDocument();
    await user.click(within(panel).getByRole("button", { name: "Copy diagnostics" }));
    expect(await within(panel).findByTestId("diagnostics-copied")).toHaveTextContent("Copied to the clipboard");
    expect(within(panel).getByLabelText("Diagnostics that were copied")).toHaveValue(
      "Eflow Desk diagnostics\nApp version: 0.1.0\n",
    );
    expect(backend.callsOf("copy_diagnostics")).toHaveLength(1);
  });
});

describe("Settings: what could not be loaded", () => {
  it("says what was kept aside and where, on the first screen and in Settings, until dismissed", async () => {
    const message =
      'The profile "Acme Mars" could not be loaded (unknown variant `mars`). It was kept aside in /data/settings.profile-p2.kept-aside-20261206-095652Z.json.';
    const backend = installBackend((b) => {
      b.addProfile({ name: "Acme US" });
      b.settings.kept_aside = [
        {
          message,
          path: "/data/settings.profile-p2.kept-aside-20261206-095652Z.json",
          profile_id: "p2",
          profile_name: "Acme Mars",
          at: 1,
        },
      ];
      b.keys.set("p2", "kept-aside-key-9876");
    });
    const { user } = renderApp();
    // The first screen tells it.
    expect(await screen.findByTestId("kept-aside-notice")).toHaveTextContent(message);
    await user.click(await screen.findByTestId("add-account"));
    const notice = await within(await screen.findByTestId("settings-screen")).findByTestId("kept-aside-notice");
    expect(notice).toHaveTextContent("/data/settings.profile-p2.kept-aside-20261206-095652Z.json");
    // Its key is listed, with where its profile went.
    const orphan = await screen.findByTestId("key-without-profile");
    expect(orphan).toHaveTextContent("kept aside in /data/settings.profile-p2");

    await user.click(within(notice).getByTestId("dismiss-kept-aside"));
    await waitFor(() => expect(screen.queryByTestId("kept-aside-notice")).toBeNull());
    expect(backend.settings.kept_aside).toEqual([]);
  });

  it("lists a key whose profile is gone and removes it", async () => {
    const backend = installBackend((b) => {
      b.addProfile({ name: "Main network" }, "secret-key-1234");
      b.keys.set("deleted-profile", "left-behind-5678");
      b.keys.set("unnamed-profile", "left-behind-0000");
      b.keyNames.set("deleted-profile", "Old network");
    });
    const { user } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    await screen.findAllByTestId("key-without-profile");
    const [named, unnamed] = screen.getAllByTestId("key-without-profile");
    expect(named).toHaveTextContent("Key of “Old network”");
    expect(named).toHaveTextContent("no profile in your settings uses it");
    expect(unnamed).toHaveTextContent("Key of profile unnamed-profile");
    await user.click(within(named).getByRole("button", { name: "Remove the key of “Old network”" }));
    await waitFor(() => expect(screen.getAllByTestId("key-without-profile")).toHaveLength(1));
    expect(backend.keys.has("deleted-profile")).toBe(false);
    expect(backend.keys.size).toBe(2);
  });
});
