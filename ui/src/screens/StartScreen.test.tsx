import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { commandError, installBackend } from "../test/backend";
import { renderApp } from "../test/render";

describe("Start", () => {
  it("opens the demo network and shows the demo badge and its affiliates", async () => {
    const backend = installBackend();
    const { user } = renderApp();

    const demo = await screen.findByTestId("open-demo");
    expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument();
    await user.click(demo);

    expect(await screen.findByTestId("demo-badge")).toHaveTextContent("DEMO NETWORK — sample data, nothing is real");
    expect(backend.callsOf("open_demo")).toHaveLength(1);
    expect(screen.getByTestId("nav-affiliates")).toHaveAttribute("aria-current", "page");
    expect(await screen.findAllByTestId("affiliate-row")).toHaveLength(50);
    expect(screen.getByTestId("profile-switcher")).toHaveDisplayValue("Demo network");
  });

  it("shows the error in plain words and stays on Start when the demo cannot start", async () => {
    installBackend((b) => {
      b.overrides.open_demo = () => {
        throw commandError({ code: "internal", message: "The demo network could not start.", detail: "port in use" });
      };
    });
    const { user } = renderApp();
    await user.click(await screen.findByTestId("open-demo"));

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("The demo network could not start.");
    await user.click(within(notice).getByText("Details"));
    expect(within(notice).getByText("port in use")).toBeVisible();
    expect(within(notice).getByText("internal")).toBeVisible();
    expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument();
    expect(screen.getByTestId("open-demo")).toBeEnabled();
  });

  it("reopens the last used profile on launch", async () => {
    let release = () => {};
    const backend = installBackend((b) => {
      const p = b.addProfile({ name: "Main network" }, "abcd-1234");
      b.settings.active_profile = p.id;
      b.overrides.open_profile = () =>
        new Promise((resolve) => {
          release = () => resolve((b.session = { kind: "profile", profile: p }));
        });
    });
    renderApp();

    expect(await screen.findByText("Opening Main network…")).toBeInTheDocument();
    expect(screen.queryByTestId("open-demo")).not.toBeInTheDocument();
    release();
    expect(await screen.findByTestId("profile-switcher")).toHaveDisplayValue("Main network");
    expect(backend.callsOf("open_profile")).toEqual([{ id: "p1" }]);
    expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument();
    expect(await screen.findAllByTestId("affiliate-row")).not.toHaveLength(0);
  });

  it("opens a partner profile on its connections (a partner key has no affiliates screen)", async () => {
    installBackend((b) => {
      const p = b.addProfile({ name: "Partner account", kind: "partner" }, "abcd-1234");
      b.settings.active_profile = p.id;
      b.overrides.open_profile = () => (b.session = { kind: "profile", profile: p });
    });
    renderApp();
    expect(await screen.findByTestId("nav-connections")).toHaveAttribute("aria-current", "page");
    expect(screen.queryByTestId("affiliate-row")).not.toBeInTheDocument();
  });

  it("stays on Start with the error when the last profile cannot be opened", async () => {
    installBackend((b) => {
      const p = b.addProfile({ name: "Main network" }); // no key
      b.settings.active_profile = p.id;
    });
    renderApp();

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent('"Main network" could not be opened');
    expect(notice).toHaveTextContent('The profile "Main network" has no API key yet.');
    // The hint for this error code says what to do next.
    expect(notice).toHaveTextContent("Add this profile's API key in Settings");
    expect(screen.getByTestId("open-demo")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Open Main network" })).toBeInTheDocument();
  });

  it("reaches Settings without a session and comes back", async () => {
    installBackend();
    const { user } = renderApp();
    await user.click(await screen.findByTestId("add-account"));
    expect(await screen.findByTestId("settings-screen")).toBeInTheDocument();
    expect(screen.getByTestId("profiles-empty")).toBeInTheDocument();
    await user.click(screen.getByTestId("back-to-start"));
    expect(await screen.findByTestId("open-demo")).toBeInTheDocument();
  });
});

describe("App frame", () => {
  it("routes every nav item to its screen, and marks the current nav item", async () => {
    installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    });
    const { user } = renderApp();
    await user.click(await screen.findByTestId("nav-onboard"));
    expect(await screen.findByTestId("onboard-screen")).toBeInTheDocument();
    expect(screen.getByTestId("nav-onboard")).toHaveAttribute("aria-current", "page");
    await user.click(await screen.findByTestId("nav-offer-urls"));
    expect(await screen.findByTestId("offer-urls-screen")).toBeInTheDocument();
    expect(screen.queryByTestId("screen-unavailable")).not.toBeInTheDocument();
    expect(screen.getByTestId("nav-offer-urls")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("nav-affiliates")).not.toHaveAttribute("aria-current");
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-screen")).toBeInTheDocument();
    expect(screen.getByTestId("demo-badge")).toBeInTheDocument();
  });

  it("switches from the demo to a profile with the profile switcher", async () => {
    const backend = installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
      b.addProfile({ name: "Main network" }, "key-9876");
    });
    const { user } = renderApp();
    const switcher = await screen.findByTestId("profile-switcher");
    await screen.findByRole("option", { name: "Main network" });
    await user.selectOptions(switcher, "Main network");

    await waitFor(() => expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument());
    expect(backend.callsOf("open_profile")).toEqual([{ id: "p1" }]);
    expect(screen.getByTestId("profile-switcher")).toHaveDisplayValue("Main network");
  });

  it("keeps the current network and explains when switching fails", async () => {
    installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
      b.addProfile({ name: "Keyless" });
    });
    const { user } = renderApp();
    await screen.findByRole("option", { name: "Keyless" });
    await user.selectOptions(screen.getByTestId("profile-switcher"), "Keyless");

    expect(await screen.findByTestId("error-notice")).toHaveTextContent("has no API key yet");
    expect(screen.getByTestId("demo-badge")).toBeInTheDocument();
    expect(screen.getByTestId("profile-switcher")).toHaveDisplayValue("Demo network");
  });

  it("Close returns to Start", async () => {
    const backend = installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    });
    const { user } = renderApp();
    await user.click(await screen.findByTestId("close-session"));
    expect(await screen.findByTestId("open-demo")).toBeInTheDocument();
    expect(backend.callsOf("close_session")).toHaveLength(1);
    expect(screen.queryByTestId("demo-badge")).not.toBeInTheDocument();
  });
});
