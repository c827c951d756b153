import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { commandError } from "../../test/backend";
import { lastTableRequest, NO_FILTERS, openDemo, tableRequests } from "./testing";

async function openFilters(user: ReturnType<typeof openDemo>["user"]) {
  await screen.findAllByTestId("affiliate-row");
  await user.click(screen.getByTestId("filters-toggle"));
  // The selects fill in once the look-up has answered.
  await waitFor(() => expect(screen.getByTestId("filter-account-status")).toBeEnabled());
}

describe("Affiliates: filters", () => {
  it("sends exactly the chosen filters: status, payment type and countries", async () => {
    const { backend, user } = openDemo();
    await openFilters(user);
    expect(screen.getByTestId("filters-toggle")).toHaveAttribute("aria-expanded", "true");

    await user.selectOptions(screen.getByTestId("filter-account-status"), "Active");
    await user.selectOptions(screen.getByTestId("filter-payment-type"), "PayPal");
    const countries = screen.getByTestId("filter-countries");
    await user.click(within(countries).getByRole("button"));
    await user.type(within(countries).getByRole("searchbox"), "can");
    await user.click(within(countries).getByRole("checkbox", { name: /Canada/ }));
    await user.clear(within(countries).getByRole("searchbox"));
    await user.click(within(countries).getByRole("checkbox", { name: /United States/ }));

    await waitFor(() => expect(lastTableRequest(backend).request.filters.country_codes).toEqual(["CA", "US"]));
    expect(lastTableRequest(backend)).toEqual({
      request: {
        search_terms: [],
        filters: { ...NO_FILTERS, account_status: "active", payment_type: "paypal", country_codes: ["CA", "US"] },
      },
      page: { page: 1, page_size: 50 },
      relationships: [],
    });
    // Unset filters are left out, not sent as null.
    expect(Object.keys(tableRequests(backend)[0].request.filters)).not.toContain("account_status");
    expect(screen.getByTestId("filters-toggle")).toHaveTextContent("Filters (4)");
  });

  it("managers list only account managers; labels, traffic and tracking domains go into the request", async () => {
    const { backend, user } = openDemo();
    await openFilters(user);

    const managers = screen.getByTestId("filter-account-managers");
    await user.click(within(managers).getByRole("button"));
    const boxes = within(managers).getAllByRole("checkbox").map((b) => b.closest("label")!.textContent);
    expect(boxes).toEqual(["Dana Manager dana@example.com", "Mo Lead mo@example.com"]);
    await user.click(within(managers).getByRole("checkbox", { name: /Mo Lead/ }));
    await user.keyboard("{Escape}");

    const labels = within(screen.getByTestId("filter-labels")).getByRole("textbox");
    await user.type(labels, "VIP{Enter}");
    await user.type(labels, "  New  {Enter}");

    await user.selectOptions(screen.getByTestId("filter-ran-traffic"), "7 days");

    const domains = within(screen.getByTestId("filter-tracking-domains")).getByRole("textbox");
    await user.type(domains, "abc{Enter}");
    expect(screen.getByTestId("filter-tracking-domains")).toHaveTextContent("Type a tracking domain ID as a whole number");
    await user.clear(domains);
    await user.type(domains, "12{Enter}");

    await waitFor(() => expect(lastTableRequest(backend).request.filters.network_tracking_domain_ids).toEqual([12]));
    expect(lastTableRequest(backend).request.filters).toEqual({
      ...NO_FILTERS,
      account_manager_ids: [9],
      labels: ["VIP", "New"],
      ran_traffic_in_last_hours: 168,
      network_tracking_domain_ids: [12],
    });
    const chips = screen.getByTestId("filter-chips");
    expect(within(chips).getAllByRole("listitem").map((c) => c.firstChild?.textContent)).toEqual([
      "Manager: Mo Lead",
      "Label: VIP",
      "Label: New",
      "Ran traffic in the last 7 days",
      "Tracking domain #12",
    ]);
  });

  it("regions are narrowed to the chosen countries", async () => {
    const { user } = openDemo();
    await openFilters(user);
    const countries = screen.getByTestId("filter-countries");
    await user.click(within(countries).getByRole("button"));
    await user.click(within(countries).getByRole("checkbox", { name: /Canada/ }));
    await user.keyboard("{Escape}");

    const regions = screen.getByTestId("filter-regions");
    await user.click(within(regions).getByRole("button"));
    expect(within(regions).getAllByRole("checkbox").map((b) => b.closest("label")!.textContent)).toEqual(["Quebec CA"]);
  });

  it("a chip removes its filter and Clear all removes every filter", async () => {
    const { backend, user } = openDemo();
    await openFilters(user);
    await user.selectOptions(screen.getByTestId("filter-account-status"), "Pending");
    await user.selectOptions(screen.getByTestId("filter-payment-type"), "Wire");

    const chips = await screen.findByTestId("filter-chips");
    await waitFor(() => expect(lastTableRequest(backend).request.filters.payment_type).toBe("wire"));
    await user.click(within(chips).getByRole("button", { name: "Remove filter Status: Pending" }));

    await waitFor(() => expect(lastTableRequest(backend).request.filters.account_status).toBeUndefined());
    expect(lastTableRequest(backend).request.filters.payment_type).toBe("wire");
    expect(screen.getByTestId("filter-account-status")).toHaveValue("");
    expect(within(screen.getByTestId("filter-chips")).queryByText(/Status:/)).not.toBeInTheDocument();

    await user.click(within(screen.getByTestId("filter-chips")).getByRole("button", { name: "Clear all" }));
    // Back to the unfiltered first page (already in the cache, so no new request is needed).
    await waitFor(() => expect(screen.getByTestId("affiliates-range")).toHaveTextContent("Showing 1–50 of 120"));
    expect(screen.queryByTestId("filter-chips")).not.toBeInTheDocument();
    expect(screen.getByTestId("filters-toggle")).toHaveTextContent(/^Filters/);
    expect(screen.getByTestId("filters-toggle")).not.toHaveTextContent("(");
    expect(screen.getByTestId("filter-payment-type")).toHaveValue("");
  });

  it("a look-up that fails shows its error inside the control, with a retry", async () => {
    let fail = true;
    const { backend, user } = openDemo((b) => {
      b.overrides.employees = () => {
        if (fail) throw commandError({ code: "forbidden", message: "This key may not read employees.", status: 403 });
        return b.employees;
      };
    });
    await openFilters(user);

    const managers = screen.getByTestId("filter-account-managers");
    const error = await within(managers).findByTestId("lookup-error");
    expect(error).toHaveTextContent("Could not load the account managers: This key may not read employees.");
    expect(within(managers).getByRole("button", { name: /Account managers/ })).toBeDisabled();
    // The other controls still work.
    expect(screen.getByTestId("filter-account-status")).toBeEnabled();

    fail = false;
    await user.click(within(error).getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(within(managers).queryByTestId("lookup-error")).not.toBeInTheDocument());
    expect(within(managers).getByRole("button", { name: /Account managers/ })).toBeEnabled();
    // Closing and opening the panel does not load the look-ups again (once per session).
    await user.click(screen.getByTestId("filters-toggle"));
    await user.click(screen.getByTestId("filters-toggle"));
    expect(backend.callsOf("enum_options")).toHaveLength(1);
    expect(backend.callsOf("countries")).toHaveLength(1);
  });
});
