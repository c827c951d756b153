import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AffiliatesTableRequest } from "../../bindings";
import { commandError, makeAffiliates } from "../../test/backend";
import { NO_FILTERS, openDemo } from "./testing";

// Plain DOM queries: role queries over 50 rows are slow in jsdom.
const names = () => screen.getAllByTestId("affiliate-row").map((r) => r.querySelectorAll("td")[2].textContent);
const headers = () =>
  within(screen.getByTestId("affiliates-table"))
    .getAllByRole("columnheader")
    .map((h) => h.textContent?.replace(/[▲▼]/g, ""));

describe("Affiliates: table", () => {
  it("sorts by a column within the page and says so", async () => {
    const { user } = openDemo();
    await screen.findAllByTestId("affiliate-row");
    expect(names()[0]).toBe("Partner 001");
    expect(screen.queryByTestId("sorted-within-page")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("sort-name"));
    expect(names()[0]).toBe("Partner 001");
    expect(screen.getByTestId("sort-name").closest("th")).toHaveAttribute("aria-sort", "ascending");
    await user.click(screen.getByTestId("sort-name"));
    expect(names().slice(0, 2)).toEqual(["Partner 050", "Partner 049"]);
    expect(screen.getByTestId("sort-name").closest("th")).toHaveAttribute("aria-sort", "descending");
    expect(screen.getByTestId("sorted-within-page")).toHaveTextContent("sorted within this page");
  });

  it("shows the columns saved in the preferences and saves a change, keeping other preferences", async () => {
    const { backend, user } = openDemo((b) => {
      b.settings.page_size = 25;
      b.settings.requests_per_second = 4;
      b.settings.ui = { theme: "dark", compact_tables: true, affiliate_columns: ["id", "name", "balance"] };
    });
    await screen.findAllByTestId("affiliate-row");
    expect(headers()).toEqual(["", "ID", "Name", "Balance"]);
    expect(screen.getByTestId("affiliates-table")).toHaveClass("compact");

    await user.click(screen.getByTestId("column-chooser"));
    const menu = screen.getByTestId("column-chooser-menu");
    expect(within(menu).getByRole("checkbox", { name: /Name/ })).toBeDisabled();
    await user.click(within(menu).getByRole("checkbox", { name: "Country" }));

    await waitFor(() => expect(backend.callsOf("update_preferences")).toHaveLength(1));
    expect(backend.callsOf("update_preferences")[0]).toEqual({
      pageSize: 25,
      requestsPerSecond: 4,
      ui: { theme: "dark", compact_tables: true, affiliate_columns: ["id", "name", "country", "balance"] },
      logLevel: "info",
    });
    await waitFor(() => expect(headers()).toEqual(["", "ID", "Name", "Country", "Balance"]));

    await user.click(within(menu).getByRole("button", { name: "Back to the usual columns" }));
    await waitFor(() => expect(backend.callsOf("update_preferences")).toHaveLength(2));
    expect((backend.callsOf("update_preferences")[1].ui as { affiliate_columns: string[] }).affiliate_columns).toEqual([]);
    await waitFor(() => expect(headers()).toEqual(["", "ID", "Name", "Status", "Account manager", "Payment type", "Labels"]));
  });

  it("changes the page size and starts again at page 1", async () => {
    const { backend, user } = openDemo();
    await screen.findAllByTestId("affiliate-row");
    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 51–100 of 120"));
    await user.selectOptions(screen.getByTestId("page-size"), "100");
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–100 of 120"));
    const pages = backend.callsOf("affiliates_table").map((a) => a.page);
    expect(pages[pages.length - 1]).toEqual({ page: 1, page_size: 100 });
  });

  it("selects with the checkboxes, a shift-click range and select-all, across pages", async () => {
    const { user } = openDemo();
    const rows = await screen.findAllByTestId("affiliate-row");
    expect(screen.queryByTestId("selection-bar")).not.toBeInTheDocument();

    await user.click(within(rows[1]).getByTestId("row-select"));
    await user.keyboard("{Shift>}");
    await user.click(within(rows[5]).getByTestId("row-select"));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("5 affiliates selected");
    const checked = screen.getAllByTestId("row-select").map((b) => (b as HTMLInputElement).checked);
    expect(checked.slice(0, 7)).toEqual([false, true, true, true, true, true, false]);
    // A checkbox does not open the detail.
    expect(screen.queryByTestId("affiliate-detail")).not.toBeInTheDocument();

    // Shift-click again unselects the range from the last box clicked.
    await user.keyboard("{Shift>}");
    await user.click(within(rows[3]).getByTestId("row-select"));
    await user.keyboard("{/Shift}");
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("2 affiliates selected");

    await user.click(screen.getByRole("checkbox", { name: "Select all 50 on this page" }));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("50 affiliates selected");

    await user.click(screen.getByTestId("page-next"));
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 51–100 of 120"));
    await user.click(within(screen.getAllByTestId("affiliate-row")[0]).getByTestId("row-select"));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("51 affiliates selected");

    await user.click(within(screen.getByTestId("selection-bar")).getByRole("button", { name: "Clear" }));
    expect(screen.queryByTestId("selection-bar")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("row-select").some((b) => (b as HTMLInputElement).checked)).toBe(false);
  });
});

describe("Affiliates: selection across screens and networks", () => {
  it("is kept when leaving the screen and emptied when another network is opened", async () => {
    const { user } = openDemo((b) => {
      b.addProfile({ name: "Acme" }, "key-1234");
    });
    const rows = await screen.findAllByTestId("affiliate-row");
    await user.click(within(rows[0]).getByTestId("row-select"));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("1 affiliate selected");

    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("nav-affiliates"));
    expect(await screen.findByTestId("selection-bar")).toHaveTextContent("1 affiliate selected");

    await user.selectOptions(screen.getByTestId("profile-switcher"), "Acme");
    await waitFor(() => expect(screen.getByTestId("profile-switcher")).toHaveValue("p1"));
    await screen.findAllByTestId("affiliate-row");
    expect(screen.queryByTestId("selection-bar")).not.toBeInTheDocument();
  });
});

describe("Affiliates: load all matching", () => {
  it("loads every page with progress, then shows all rows virtualized, searchable and back to pages", async () => {
    const { backend, user } = openDemo((b) => {
      b.affiliates = makeAffiliates(2000);
    });
    await screen.findAllByTestId("affiliate-row");
    await user.click(screen.getByTestId("load-all"));

    const done = await screen.findByTestId("load-all-done");
    expect(done).toHaveTextContent("All 2,000 matching affiliates loaded");
    const call = backend.callsOf("affiliates_load_all")[0] as { request: AffiliatesTableRequest; relationships: unknown; jobId: string };
    expect(call.request).toEqual({ search_terms: [], filters: NO_FILTERS });
    expect(call.relationships).toEqual([]);
    expect(call.jobId).toMatch(/^[0-9a-f-]{36}$/);

    // Virtualized: only the rows in view (plus a few) are in the page.
    const drawn = screen.getAllByTestId("affiliate-row").length;
    expect(drawn).toBeGreaterThan(10);
    expect(drawn).toBeLessThan(100);
    expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing all 2,000");
    expect(screen.queryByTestId("page-next")).not.toBeInTheDocument();

    // Searching narrows the loaded rows at once, without asking Everflow.
    const before = backend.callsOf("affiliates_table").length;
    await user.type(screen.getByTestId("affiliate-search"), "Partner 19");
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 110 of 2,000 loaded"));
    expect(backend.callsOf("affiliates_table")).toHaveLength(before);

    await user.click(screen.getByRole("checkbox", { name: "Select all 110 loaded" }));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("110 affiliates selected");

    await user.click(screen.getByTestId("load-all-back"));
    expect(screen.queryByTestId("load-all-done")).not.toBeInTheDocument();
    expect(await screen.findByTestId("page-next")).toBeInTheDocument();
  }, 20_000);

  it("reports progress from the channel and stops with Cancel", async () => {
    let finish: (error: unknown) => void = () => {};
    let send: (p: { done: number; total: number }) => void = () => {};
    const { backend, user } = openDemo((b) => {
      b.overrides.affiliates_load_all = (args) => {
        send = (p) => (args.onProgress as { onmessage: (p: unknown) => void }).onmessage(p);
        return new Promise((_, reject) => {
          finish = reject;
        });
      };
    });
    await screen.findAllByTestId("affiliate-row");
    await user.click(screen.getByTestId("load-all"));
    const progress = await screen.findByTestId("load-all-progress");
    expect(progress).toHaveTextContent("Starting to load");
    expect(screen.getByTestId("load-all")).toBeDisabled();

    send({ done: 3, total: 5 });
    await waitFor(() => expect(progress).toHaveTextContent("Loading page 3 of 5…"));
    expect(within(progress).getByRole("progressbar", { hidden: true })).toHaveAttribute("value", "3");

    await user.click(screen.getByTestId("load-all-cancel"));
    const jobId = (backend.callsOf("affiliates_load_all")[0] as { jobId: string }).jobId;
    expect(backend.callsOf("cancel_job")).toEqual([{ jobId }]);
    expect(progress).toHaveTextContent("Stopping…");

    finish(commandError({ code: "cancelled", message: "Stopped before every page was loaded." }));
    expect(await screen.findByTestId("load-all-stopped")).toHaveTextContent("Stopped.");
    // The page view is still there.
    expect(screen.getAllByTestId("affiliate-row")).toHaveLength(50);
  });

  it("says in plain words when loading failed", async () => {
    const { user } = openDemo((b) => {
      b.overrides.affiliates_load_all = () => {
        throw commandError({ code: "rate_limited", message: "Everflow is receiving too many requests right now.", status: 429 });
      };
    });
    await screen.findAllByTestId("affiliate-row");
    await user.click(screen.getByTestId("load-all"));
    const notice = await screen.findByTestId("error-notice");
    expect(notice).toHaveTextContent("Not every affiliate could be loaded");
    expect(notice).toHaveTextContent("Everflow is receiving too many requests right now.");
    expect(screen.getAllByTestId("affiliate-row")).toHaveLength(50);
  });
});
