import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { Affiliate } from "../../bindings";
import { createQueryClient } from "../../api";
import { NavigationContext } from "../../lib/navigation";
import { commandError, installBackend, makeAffiliateRecord, makeAffiliates, type FakeBackend } from "../../test/backend";
import { AffiliateDetail } from "./AffiliateDetail";
import { billingScheduleWords, maskNumber } from "./format";
import { openDemo } from "./testing";

function wireAffiliate(): Affiliate {
  const base = makeAffiliateRecord(makeAffiliates(1)[0]);
  return {
    ...base,
    internal_notes: "Pays late in December.",
    time_created: 1_700_000_000,
    relationship: {
      ...base.relationship,
      users: {
        total: 1,
        entries: [
          {
            network_affiliate_user_id: 5,
            network_affiliate_id: 1000,
            first_name: "Ana",
            last_name: "Lee",
            email: "ana@partner.example",
            account_status: "active",
            title: "Owner",
            work_phone: "",
            cell_phone: "",
            instant_messaging_id: 0,
            instant_messaging_identifier: "",
            language_id: 1,
            timezone_id: 80,
            currency_id: "USD",
            time_created: 1_700_000_000,
            time_saved: 1_700_100_000,
          },
        ],
      },
      billing: {
        billing_frequency: "bimonthly",
        payment_type: "wire",
        details: { day_of_month_one: 1, day_of_month_two: 15 },
        is_invoice_creation_auto: true,
        auto_invoice_start_date: "2024-01-01",
        default_payment_terms: 30,
        billing: {
          bank_name: "First Bank",
          account_name: "Partner 001 LLC",
          account_number: "123456789",
          routing_number: "021000021",
          swift_code: "FBKAUS33",
          bank_address: "GB29NWBK60161331926819",
        },
      },
      visibility: { visible_offer_ids: [1, 2, 3], hidden_offer_ids: [4], rejected_offer_ids: [] },
      signup: { how_did_you_hear: "A friend" },
    },
  };
}

function renderDetail(setup?: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:1/v1" };
    b.affiliateRecords.set(1000, wireAffiliate());
    setup?.(b);
  });
  const navigate = vi.fn();
  const onClose = vi.fn();
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={createQueryClient()}>
      <NavigationContext.Provider value={navigate}>
        <AffiliateDetail affiliateId={1000} name="Partner 001" onClose={onClose} />
      </NavigationContext.Provider>
    </QueryClientProvider>,
  );
  return { backend, navigate, onClose, user };
}

describe("Affiliate detail", () => {
  it("writes billing schedules in words", () => {
    expect(billingScheduleWords({ billing_frequency: "monthly", details: { day_of_month: 15 } })).toBe("Monthly, on day 15");
    expect(billingScheduleWords({ billing_frequency: "bimonthly", details: { day_of_month_one: 1, day_of_month_two: 15 } })).toBe(
      "Twice a month, on days 1 and 15",
    );
    expect(billingScheduleWords({ billing_frequency: "quarterly", details: { starting_month: 2, day_of_month: 10 } })).toBe(
      "Every quarter from month 2, on day 10",
    );
    expect(billingScheduleWords({ billing_frequency: "weekly", details: { day_of_week: 1 } })).toBe("Every week, on Monday");
    expect(billingScheduleWords({ billing_frequency: "manual" })).toBe("Manually (no schedule)");
    expect(maskNumber("123456789")).toBe("•••••6789");
    expect(maskNumber("GB29 NWBK 6016 1331 9268 19")).toBe("••••••••6819");
  });

  it("lays out the affiliate readably: billing in words, masked numbers, users, visibility, signup behind a disclosure", async () => {
    const { backend, user } = renderDetail();
    const panel = screen.getByTestId("affiliate-detail");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent("Partner 001");
    expect(await within(panel).findByTestId("detail-billing-schedule")).toHaveTextContent("Twice a month, on days 1 and 15");
    expect(backend.callsOf("affiliate")[0]).toEqual({
      affiliateId: 1000,
      relationships: ["billing", "users", "signup", "visibility", "traffic_source", "referral", "referrer"],
    });

    const payment = screen.getByTestId("detail-payment");
    expect(payment).toHaveTextContent("Wire");
    expect(payment).toHaveTextContent("•••••6789");
    expect(payment).toHaveTextContent("•••••0021");
    expect(payment).toHaveTextContent("••••••••6819");
    expect(payment).toHaveTextContent("FBKAUS33");
    expect(panel.textContent).not.toContain("123456789");
    expect(panel.textContent).not.toContain("021000021");
    expect(panel.textContent).not.toContain("GB29NWBK60161331926819");

    expect(screen.getByTestId("detail-users")).toHaveTextContent("Ana Lee");
    expect(screen.getByTestId("detail-users")).toHaveTextContent("ana@partner.example · Owner");
    expect(screen.getByTestId("detail-visibility")).toHaveTextContent("Visible offers3Hidden offers1Rejected offers0");
    expect(panel).toHaveTextContent("Pays late in December.");
    expect(panel).toHaveTextContent("Created automatically from 2024-01-01");
    // Times as local dates.
    const created = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(new Date(1_700_000_000_000));
    expect(panel).toHaveTextContent(created);

    const signup = screen.getByTestId("detail-signup-json");
    expect(signup).not.toBeVisible();
    await user.click(within(panel).getByText("Show details"));
    expect(signup).toBeVisible();
    expect(signup).toHaveTextContent('"how_did_you_hear": "A friend"');
  });

  it("names a user's time zone from the look-up", async () => {
    renderDetail((b) => {
      const record = wireAffiliate();
      record.relationship.users!.entries[0].timezone_id = 90;
      b.affiliateRecords.set(1000, record);
    });
    const panel = screen.getByTestId("affiliate-detail");
    expect(await within(panel).findByText(/America\/New_York/)).toBeInTheDocument();
    expect(within(panel).queryByText(/Time zone #90/)).not.toBeInTheDocument();
  });

  it("Edit opens the edit screen for this affiliate; Escape and Close close", async () => {
    const { navigate, onClose, user } = renderDetail();
    await screen.findByTestId("detail-billing-schedule");
    await user.click(screen.getByTestId("detail-edit"));
    expect(navigate).toHaveBeenCalledWith("affiliate-edit", { affiliateId: 1000 });

    await user.keyboard("{Escape}");
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByTestId("detail-close"));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it("says when the affiliate no longer exists", async () => {
    renderDetail((b) => {
      b.overrides.affiliate = () => {
        throw commandError({ code: "not_found", message: "Not found", status: 404 });
      };
    });
    expect(await screen.findByTestId("detail-not-found")).toHaveTextContent("This affiliate was not found");
  });
});

describe("Affiliate detail in the table", () => {
  it("opens from a row with Enter, Escape closes it and focus returns to the row", async () => {
    const { backend, user } = openDemo((b) => {
      b.affiliates = makeAffiliates(5);
    });
    const rows = await screen.findAllByTestId("affiliate-row");
    rows[2].focus();
    await user.keyboard("{Enter}");
    const panel = await screen.findByTestId("affiliate-detail");
    expect(within(panel).getByRole("heading", { level: 2 })).toHaveTextContent("Partner 003");
    expect(await within(panel).findByTestId("detail-billing-schedule")).toHaveTextContent("Manually (no schedule)");
    expect(backend.callsOf("affiliate")[0]).toEqual({
      affiliateId: 1002,
      relationships: ["billing", "users", "signup", "visibility", "traffic_source", "referral", "referrer"],
    });

    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("affiliate-detail")).not.toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(screen.getAllByTestId("affiliate-row")[2]));

    // A click opens it too; Edit goes to the edit screen with the id.
    await user.click(screen.getAllByTestId("affiliate-row")[0]);
    await user.click(await screen.findByTestId("detail-edit"));
    await waitFor(() => expect(screen.queryByTestId("affiliates-table")).not.toBeInTheDocument());
    expect(screen.getByText("#1000")).toBeInTheDocument();
  });
});
