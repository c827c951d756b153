import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Connection, ConnectionsTableRequest, PageRequest, SessionView } from "../../bindings";
import { commandError, installBackend, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";
import { initials } from "./ConnectionsScreen";

const PNG = "data:image/png;base64,iVBORw0KGgo=";

function makeConnection(i: number, status: string, overrides: Partial<{ logo: string; contact: boolean }> = {}): Connection {
  const name = ["Northwind Outdoor Gear", "Brightleaf Wellness", "Copperline Finance", "Harborview Travel"][i % 4];
  return {
    partner_id: 23,
    network_id: 2000 + i,
    network_affiliate_id: 80 + i,
    network_affiliate_user_id: 120 + i,
    status,
    time_created: 1_699_378_453,
    relationship: {
      network: {
        network_id: 2000 + i,
        signup_url: `https://brand${i}.everflowclient.io/affiliate/signup/?r=X${i}`,
        name: `${name} ${i}`,
        logo_image_url: overrides.logo ?? `https://assets.efusercontent.com/${i}/logo.png`,
        login_url: `https://brand${i}.everflowclient.io/login`,
        timezone_id: 90,
      },
      demand_partner: {
        everxchange_demand_partner_id: 150 + i,
        network_id: 2000 + i,
        company_name: name,
        logo_url: "",
        website_url: "",
        public_description: `About brand ${i}.`,
        status: "active",
        time_created: 0,
        time_saved: 0,
        relationship: {
          contact:
            overrides.contact === false
              ? null
              : { first_name: "John", last_name: "Doe", phone_number: "", email: `john${i}@brand.example` },
        },
      },
    },
  };
}

/** A fake `connections` command over `rows`, filtering and paging like Everflow. */
function connectionsBackend(b: FakeBackend, rows: Connection[]) {
  b.overrides.connections = (args) => {
    const request = args.request as ConnectionsTableRequest;
    const page = args.page as PageRequest;
    const matching = rows.filter((r) => !request.filters.status || r.status === request.filters.status);
    const start = (page.page - 1) * page.page_size;
    return {
      connections: matching.slice(start, start + page.page_size),
      paging: { page: page.page, page_size: page.page_size, total_count: matching.length },
    };
  };
  b.overrides.connection_logo = (args) => ((args.url as string).includes("/0/") ? PNG : null);
  b.overrides.open_in_browser = () => null;
}

const PARTNER: SessionView = {
  kind: "profile",
  profile: { id: "p1", name: "Partner account", kind: "partner", region: { kind: "us" } },
};

async function openConnections(session: SessionView, setup: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = session;
    setup(b);
  });
  const rendered = renderApp();
  await rendered.user.click(await screen.findByTestId("nav-connections"));
  return { backend, ...rendered };
}

function requests(backend: FakeBackend) {
  return backend.callsOf("connections") as { request: ConnectionsTableRequest; page: PageRequest }[];
}

describe("Connections", () => {
  it("lists each brand with its logo, status, time created and contact", async () => {
    const rows = [makeConnection(0, "active"), makeConnection(1, "pending", { contact: false })];
    const { backend } = await openConnections(PARTNER, (b) => connectionsBackend(b, rows));

    const cards = await screen.findAllByTestId("connection-row");
    expect(cards).toHaveLength(2);
    expect(within(cards[0]).getByTestId("connection-name")).toHaveTextContent("Northwind Outdoor Gear 0");
    expect(within(cards[0]).getByText("Active")).toHaveClass("badge-active");
    expect(within(cards[1]).getByText("Pending")).toHaveClass("badge-pending");
    expect(within(cards[0]).getByTestId("connection-created")).toHaveTextContent("2023");
    expect(within(cards[0]).getByTestId("connection-contact")).toHaveTextContent("John Doe · john0@brand.example");
    expect(within(cards[1]).getByTestId("connection-contact")).toHaveTextContent("No contact shared");
    expect(within(cards[0]).getByText("About brand 0.")).toBeInTheDocument();

    // The first logo loads (a data: URL from Rust); the second cannot, and shows the initials.
    await waitFor(() => expect(within(cards[0]).getByTestId("connection-logo")).toHaveAttribute("src", PNG));
    await waitFor(() => expect(within(cards[1]).getByTestId("connection-logo")).toHaveAttribute("data-state", "placeholder"));
    expect(within(cards[1]).getByTestId("connection-logo")).toHaveTextContent("BW");
    expect(backend.callsOf("connection_logo").map((a) => a.url)).toEqual([
      "https://assets.efusercontent.com/0/logo.png",
      "https://assets.efusercontent.com/1/logo.png",
    ]);

    expect(requests(backend)[0]).toEqual({ request: { filters: {} }, page: { page: 1, page_size: 50 } });
    expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 1–2 of 2 connections");
  });

  it("filters by status, sending Everflow's status filter, and starts again at page 1", async () => {
    const rows = [0, 1, 2, 3, 4, 5].map((i) => makeConnection(i, ["active", "pending", "deleted"][i % 3]));
    const { backend, user } = await openConnections(PARTNER, (b) => {
      b.settings.page_size = 10;
      connectionsBackend(b, rows);
    });
    await screen.findAllByTestId("connection-row");
    expect(screen.getByTestId("connections-status-all")).toHaveAttribute("aria-pressed", "true");

    await user.click(screen.getByTestId("connections-status-pending"));
    await waitFor(() => expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 1–2 of 2 pending connections"));
    const cards = screen.getAllByTestId("connection-row");
    expect(cards.map((c) => c.dataset.status)).toEqual(["pending", "pending"]);
    expect(screen.getByTestId("connections-status-pending")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("connections-status-all")).toHaveAttribute("aria-pressed", "false");
    expect(requests(backend).at(-1)).toEqual({ request: { filters: { status: "pending" } }, page: { page: 1, page_size: 10 } });

    await user.click(screen.getByTestId("connections-status-deleted"));
    await waitFor(() => expect(requests(backend).at(-1)?.request.filters).toEqual({ status: "deleted" }));
  });

  it("pages with Next and Previous and a page size", async () => {
    const rows = Array.from({ length: 23 }, (_, i) => makeConnection(i, "active"));
    const { backend, user } = await openConnections(PARTNER, (b) => {
      b.settings.page_size = 10;
      connectionsBackend(b, rows);
    });
    await screen.findAllByTestId("connection-row");
    expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 1–10 of 23");
    expect(screen.getByTestId("connections-previous")).toBeDisabled();

    await user.click(screen.getByTestId("connections-next"));
    await waitFor(() => expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 11–20 of 23"));
    await user.click(screen.getByTestId("connections-next"));
    await waitFor(() => expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 21–23 of 23"));
    expect(screen.getByTestId("connections-next")).toBeDisabled();
    expect(requests(backend).map((r) => r.page.page)).toEqual([1, 2, 3]);

    await user.selectOptions(screen.getByTestId("connections-page-size"), "25");
    await waitFor(() => expect(screen.getByTestId("connections-range")).toHaveTextContent("Showing 1–23 of 23"));
    expect(requests(backend).at(-1)?.page).toEqual({ page: 1, page_size: 25 });
  });

  it("opens the sign-up and login pages through Rust, and says so plainly when it cannot", async () => {
    const { backend, user } = await openConnections(PARTNER, (b) => connectionsBackend(b, [makeConnection(0, "active")]));
    const card = await screen.findByTestId("connection-row");

    await user.click(within(card).getByTestId("connection-signup"));
    expect(await within(card).findByTestId("connection-opened")).toHaveTextContent("The sign-up page opened in your web browser.");
    expect(backend.callsOf("open_in_browser")).toEqual([{ url: "https://brand0.everflowclient.io/affiliate/signup/?r=X0" }]);

    backend.overrides.open_in_browser = () => {
      throw commandError({ code: "internal", message: "Eflow Desk could not open your web browser." });
    };
    // Keyboard: the login button is reachable and pressed with Enter.
    within(card).getByTestId("connection-login").focus();
    await user.keyboard("{Enter}");
    expect(await within(card).findByTestId("error-message")).toHaveTextContent("could not open your web browser");
    expect(backend.callsOf("open_in_browser").at(-1)).toEqual({ url: "https://brand0.everflowclient.io/login" });
  });

  it("tells a network profile in plain words that it needs a partner key, without asking Everflow", async () => {
    const network: SessionView = {
      kind: "profile",
      profile: { id: "p1", name: "Main network", kind: "network", region: { kind: "us" } },
    };
    const { backend, user } = await openConnections(network, (b) => connectionsBackend(b, [makeConnection(0, "active")]));
    const panel = await screen.findByTestId("connections-needs-partner-key");
    expect(panel).toHaveTextContent("This screen needs a partner key");
    expect(panel).toHaveTextContent("“Main network” is opened with a network key");
    expect(backend.callsOf("connections")).toHaveLength(0);

    await user.click(screen.getByTestId("connections-go-settings"));
    expect(await screen.findByTestId("settings-screen")).toBeInTheDocument();
  });

  it("on the demo network lists the demo partner's connections, with a note saying so", async () => {
    await openConnections({ kind: "demo", base_url: "http://127.0.0.1:1/v1" }, (b) =>
      connectionsBackend(b, [makeConnection(0, "pending")]),
    );
    expect(await screen.findByTestId("connections-demo-note")).toHaveTextContent("demo partner account");
    expect(await screen.findAllByTestId("connection-row")).toHaveLength(1);
  });

  it("shows an empty state per status, and errors with a retry", async () => {
    let fail = true;
    const { user } = await openConnections(PARTNER, (b) => {
      connectionsBackend(b, [makeConnection(0, "active")]);
      const list = b.overrides.connections;
      b.overrides.connections = (args, backend) => {
        if (fail) throw commandError({ code: "network", message: "Eflow Desk could not reach Everflow." });
        return list(args, backend);
      };
    });
    expect(await screen.findByText("The connections could not be loaded")).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findAllByTestId("connection-row")).toHaveLength(1);

    await user.click(screen.getByTestId("connections-status-pending"));
    expect(await screen.findByTestId("connections-empty")).toHaveTextContent("No pending connections");
    await user.click(screen.getByRole("button", { name: "Show every status" }));
    expect(await screen.findAllByTestId("connection-row")).toHaveLength(1);
  });

  it("makes initials from a brand's name", () => {
    expect(initials("Northwind Outdoor Gear")).toBe("NO");
    expect(initials("acme")).toBe("A");
    expect(initials("  & Co. Ltd ")).toBe("CL");
    expect(initials("")).toBe("");
  });
});
