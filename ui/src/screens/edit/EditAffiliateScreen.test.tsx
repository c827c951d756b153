import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createQueryClient } from "../../api";
import type { AffiliateInput } from "../../bindings";
import { installBackend, type FakeBackend } from "../../test/backend";
import { fieldInput } from "../onboard/testHelpers";
import { EditAffiliateScreen } from "./EditAffiliateScreen";

function existing(): AffiliateInput {
  return {
    name: "Acme Media",
    account_status: "active",
    network_employee_id: 7,
    default_currency_id: "USD",
    internal_notes: "",
    is_contact_address_enabled: false,
    labels: ["VIP"],
    billing: {
      billing_frequency: "monthly",
      payment_type: "none",
      details: { day_of_month: 1 },
      billing: {},
      is_invoice_creation_auto: false,
    },
    adress_id: 12,
  };
}

async function openEdit(setup?: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    b.onboarding.addEditable(42, existing());
    setup?.(b);
    b.onboarding.takeOver(b.overrides);
  });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={createQueryClient()}>
      <EditAffiliateScreen affiliateId={42} />
    </QueryClientProvider>,
  );
  await screen.findByTestId("section-general");
  return { backend, user };
}

async function switchToWeeklyTuesday(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(fieldInput("billing.billing_frequency"), "weekly");
  await user.selectOptions(fieldInput("billing.details.day_of_week"), "2");
}

describe("Edit one affiliate", () => {
  it("plans the form in Rust, previews it in the plan dialog and applies it by id only", async () => {
    const { backend, user } = await openEdit();
    expect(fieldInput("name")).toHaveValue("Acme Media");
    expect(fieldInput("billing.details.day_of_month")).toHaveValue("1");
    expect(screen.queryByTestId("section-users")).not.toBeInTheDocument();

    await switchToWeeklyTuesday(user);
    await user.click(screen.getByTestId("edit-review"));
    const dialog = await screen.findByTestId("plan-preview");
    expect(within(dialog).getAllByTestId("plan-row").length).toBeGreaterThan(0);

    // The plan was asked for with what was loaded and the schedule of the chosen frequency only.
    const planned = backend.callsOf("plan_affiliate_edit");
    expect(planned).toHaveLength(1);
    expect(planned[0].loadedTimeSaved).toBe(1_700_000_000);
    const sent = planned[0].input as AffiliateInput;
    expect(sent.billing?.details).toEqual({ day_of_week: 2 });
    expect(sent.adress_id).toBe(12);
    expect(backend.callsOf("apply_plan")).toHaveLength(0);

    await user.click(within(dialog).getByTestId("plan-apply"));
    await within(dialog).findByTestId("plan-report");
    // Only the plan's id goes back: nothing the webview holds becomes a request body.
    const applied = backend.callsOf("apply_plan");
    expect(applied).toHaveLength(1);
    expect(Object.keys(applied[0]).sort()).toEqual(["jobId", "onProgress", "planId"]);
    await user.click(within(dialog).getByTestId("plan-close"));
    expect(await screen.findByTestId("edit-saved")).toHaveTextContent("Saved and checked");
  });

  it("sends an emptied field as emptied, so Rust can plan clearing it", async () => {
    const { backend, user } = await openEdit((b) => b.onboarding.addEditable(42, { ...existing(), internal_notes: "Call on Fridays" }));
    await user.clear(fieldInput("internal_notes"));
    await user.click(screen.getByTestId("edit-review"));
    await screen.findByTestId("plan-preview");
    const sent = backend.callsOf("plan_affiliate_edit")[0].input as AffiliateInput;
    expect(sent.internal_notes ?? null).toBeNull();
  });

  it("says there is nothing to save when the form matches Everflow", async () => {
    const { backend, user } = await openEdit();
    await user.click(screen.getByTestId("edit-review"));
    expect(await screen.findByTestId("edit-nothing")).toBeInTheDocument();
    expect(screen.queryByTestId("plan-preview")).not.toBeInTheDocument();
    expect(backend.callsOf("apply_plan")).toHaveLength(0);
  });
});
