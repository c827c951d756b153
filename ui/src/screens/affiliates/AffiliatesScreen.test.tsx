import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AffiliatesTableRequest, PageRequest } from "../../bindings";
import { commandError, installBackend, makeAffiliates, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";

function openDemo(setup?: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    setup?.(b);
  });
  return { backend, ...renderApp() };
}

function tableRequests(backend: FakeBackend) {
  return backend.callsOf("affiliates_table") as { request: AffiliatesTableRequest; page: PageRequest }[];
}

describe("Affiliates", () => {
  it("renders one row per affiliate with its columns", async () => {
    const { backend } = openDemo((b) => {
      b.affiliates = makeAffiliates(3);
    });
    const rows = await screen.findAllByTestId("affiliate-row");
    expect(rows).toHaveLength(3);

    const table = screen.getByTestId("affiliates-table");
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    // The first column holds the selection checkboxes (no text).
    expect(headers).toEqual(["", "ID", "Name", "Status", "Account manager", "Payment type", "Labels"]);

    const cells = within(rows[0]).getAllByRole("cell").map((c) => c.textContent);
    expect(cells).toEqual(["", "1000", "Partner 001", "Active", "Dana Manager", "PayPal", "VIP"]);
    expect(within(rows[1]).getByText("Pending")).toHaveClass("badge-pending");
    expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–3 of 3");

    expect(tableRequests(backend)[0]).toEqual({
      request: {
        search_terms: [],
        filters: {
          account_manager_ids: [],
          network_account_executives_ids: [],
          labels: [],
          network_tracking_domain_ids: [],
          country_codes: [],
          region_codes: [],
        },
      },
      page: { page: 1, page_size: 50 },
      relationships: [],
    });
  });

  it("sends the search term by name, debounced, and shows the matches", async () => {
    const { backend, user } = openDemo();
    await screen.findAllByTestId("affiliate-row");

    await user.type(screen.getByTestId("affiliate-search"), "Partner 11");
    await waitFor(() => expect(screen.getAllByTestId("affiliate-row")).toHaveLength(10));

    const requests = tableRequests(backend);
    // Debounced: one request for the whole word, not one per keystroke.
    expect(requests).toHaveLength(2);
    expect(requests[1].request.search_terms).toEqual([{ search_type: "name", value: "Partner 11" }]);
    expect(requests[1].page.page).toBe(1);
    expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–10 of 10");
  });

  it("pages with Next and Previous using the page size from settings", async () => {
    const { backend, user } = openDemo((b) => {
      b.settings.page_size = 25;
      b.affiliates = makeAffiliates(60);
    });
    await screen.findAllByTestId("affiliate-row");
    expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–25 of 60");
    expect(screen.getByTestId("page-previous")).toBeDisabled();

    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 26–50 of 60"));
    expect(screen.getAllByTestId("affiliate-row")[0]).toHaveAttribute("data-affiliate-id", "1025");

    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 51–60 of 60"));
    expect(screen.getAllByTestId("affiliate-row")).toHaveLength(10);
    expect(screen.getByTestId("page-next")).toBeDisabled();

    await user.click(screen.getByTestId("page-previous"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 26–50 of 60"));

    expect(tableRequests(backend).map((r) => r.page)).toEqual([
      { page: 1, page_size: 25 },
      { page: 2, page_size: 25 },
      { page: 3, page_size: 25 },
    ]);
  });

  it("a new search starts again at page 1 without asking for an old page", async () => {
    const { backend, user } = openDemo();
    await screen.findAllByTestId("affiliate-row");
    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 51–100 of 120"));

    await user.type(screen.getByTestId("affiliate-search"), "Partner 0");
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–50 of 99"));
    const searched = tableRequests(backend).filter((r) => r.request.search_terms.length > 0);
    expect(searched.map((r) => r.page.page)).toEqual([1]);
  });

  it("says when nothing matches and offers to clear the search", async () => {
    const { user } = openDemo();
    await screen.findAllByTestId("affiliate-row");
    await user.type(screen.getByTestId("affiliate-search"), "zzz");

    const empty = await screen.findByTestId("affiliates-empty");
    expect(empty).toHaveTextContent("No affiliates match “zzz”");
    expect(screen.queryByTestId("affiliates-table")).not.toBeInTheDocument();

    await user.click(within(empty).getByRole("button", { name: "Clear the search" }));
    expect(await screen.findAllByTestId("affiliate-row")).toHaveLength(50);
    expect(screen.getByTestId("affiliate-search")).toHaveValue("");
  });

  it("shows a loading state, then the error with its details and a retry", async () => {
    let fail = true;
    const { user } = openDemo((b) => {
      const normal = b.handle.bind(b);
      b.overrides.affiliates_table = (args) => {
        if (fail) {
          throw commandError({
            code: "rate_limited",
            message: "Everflow is receiving too many requests right now.",
            status: 429,
            detail: "Too Many Requests",
          });
        }
        delete b.overrides.affiliates_table;
        const result = normal("affiliates_table", args);
        b.overrides.affiliates_table = () => result;
        return result;
      };
    });
    expect(screen.getByText("Starting Eflow Desk…")).toBeInTheDocument();

    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("Everflow is receiving too many requests right now.");
    expect(notice).toHaveTextContent("Wait a few seconds and try again");
    await user.click(within(notice).getByText("Details"));
    expect(within(notice).getByText("429")).toBeVisible();
    expect(within(notice).getByText("Too Many Requests")).toBeVisible();

    fail = false;
    await user.click(within(notice).getByRole("button", { name: "Try again" }));
    expect(await screen.findAllByTestId("affiliate-row")).toHaveLength(50);
    expect(screen.queryByTestId("error-notice")).not.toBeInTheDocument();
  });
});
