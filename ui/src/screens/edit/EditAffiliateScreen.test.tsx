import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createQueryClient } from "../../api";
import type { EditPlan } from "../../api/onboarding";
import type { AffiliateInput } from "../../bindings";
import { commandError, installBackend, type FakeBackend } from "../../test/backend";
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

const PLAN: EditPlan = {
  affiliate_id: 42,
  base_time_saved: 1_700_000_000,
  changes: [
    { path: "billing.billing_frequency", label: "Billing frequency", before: "monthly", after: "weekly" },
    { path: "billing.details.day_of_week", label: "Billing day of the week", before: null, after: 2 },
  ],
  conflict: null,
  body: { ...existing(), billing: { billing_frequency: "weekly", payment_type: "none", details: { day_of_week: 2 } } },
};

async function openEdit(setup?: (b: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    b.onboarding.addEditable(42, existing());
    b.overrides.plan_affiliate_edit = () => structuredClone(PLAN);
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
  it("prefills the form, previews each change in words and applies the confirmed plan", async () => {
    const { backend, user } = await openEdit();
    expect(screen.getByTestId("edit-screen")).toBeInTheDocument();
    expect(fieldInput("name")).toHaveValue("Acme Media");
    expect(fieldInput("billing.details.day_of_month")).toHaveValue("1");
    expect(screen.queryByTestId("section-users")).not.toBeInTheDocument();

    await switchToWeeklyTuesday(user);
    await user.click(screen.getByTestId("edit-review"));

    const preview = await screen.findByTestId("edit-preview");
    const rows = within(preview).getAllByTestId("edit-change").map((r) => r.textContent);
    expect(rows).toEqual(["Billing frequency: Monthly → Weekly", "Billing day of the week: (empty) → Tuesday"]);
    expect(within(preview).queryByTestId("edit-conflict")).not.toBeInTheDocument();
    // Raw JSON only on request.
    expect(within(preview).getByText(/"day_of_week": 2/)).not.toBeVisible();
    await user.click(within(preview).getByText("Show raw"));
    expect(within(preview).getByText(/"day_of_week": 2/)).toBeVisible();

    // The plan was asked for with what was loaded and the schedule of the chosen frequency only.
    const planned = backend.callsOf("plan_affiliate_edit");
    expect(planned).toHaveLength(1);
    expect(planned[0].affiliateId).toBe(42);
    expect(planned[0].loadedTimeSaved).toBe(1_700_000_000);
    const sent = planned[0].input as AffiliateInput;
    expect(sent.billing?.details).toEqual({ day_of_week: 2 });
    expect(sent.adress_id).toBe(12);
    expect(backend.callsOf("apply_affiliate_edit")).toHaveLength(0);

    await user.click(within(preview).getByTestId("edit-confirm"));
    expect(await screen.findByTestId("edit-saved")).toHaveTextContent("Saved and checked");
    expect(backend.callsOf("apply_affiliate_edit")).toEqual([{ plan: PLAN }]);
    expect(screen.queryByTestId("edit-preview")).not.toBeInTheDocument();
  });

  it("warns when someone changed the affiliate meanwhile and reloads the latest version", async () => {
    const { backend, user } = await openEdit((b) => {
      b.overrides.plan_affiliate_edit = () => ({
        ...structuredClone(PLAN),
        base_time_saved: 1_700_000_500,
        conflict: { message: "Someone changed this affiliate in Everflow after you opened it.", time_saved: 1_700_000_500 },
      });
    });
    await switchToWeeklyTuesday(user);
    await user.click(screen.getByTestId("edit-review"));
    const warning = await screen.findByTestId("edit-conflict");
    expect(warning).toHaveTextContent("Someone changed this affiliate since you opened it");

    // Meanwhile, in Everflow:
    backend.onboarding.addEditable(42, { ...existing(), name: "Acme Media (renamed)" }, 1_700_000_500);
    await user.click(within(warning).getByTestId("edit-reload"));

    await waitFor(() => expect(screen.queryByTestId("edit-preview")).not.toBeInTheDocument());
    await waitFor(() => expect(fieldInput("name")).toHaveValue("Acme Media (renamed)"));
    // Nothing stale: the frequency typed before the reload is gone.
    expect(fieldInput("billing.billing_frequency")).toHaveValue("monthly");
    expect(backend.callsOf("load_affiliate_for_edit")).toHaveLength(2);
    expect(backend.callsOf("apply_affiliate_edit")).toHaveLength(0);
  });

  it("offers Reload when the save is refused because the affiliate changed", async () => {
    const { backend, user } = await openEdit((b) => {
      b.overrides.apply_affiliate_edit = () => {
        throw commandError({
          code: "conflict" as never,
          message: "This affiliate was changed in Everflow after this preview was made, so nothing was sent.",
        });
      };
    });
    await switchToWeeklyTuesday(user);
    await user.click(screen.getByTestId("edit-review"));
    await user.click(within(await screen.findByTestId("edit-preview")).getByTestId("edit-confirm"));
    const warning = await screen.findByTestId("edit-conflict");
    expect(warning).toHaveTextContent("so nothing was sent");
    expect(screen.getByTestId("edit-confirm")).toBeDisabled();
    await user.click(within(warning).getByTestId("edit-reload"));
    await waitFor(() => expect(backend.callsOf("load_affiliate_for_edit")).toHaveLength(2));
    expect(screen.queryByTestId("edit-saved")).not.toBeInTheDocument();
  });

  it("says there is nothing to save when the plan has no changes", async () => {
    const { backend, user } = await openEdit((b) => {
      b.overrides.plan_affiliate_edit = () => ({ ...structuredClone(PLAN), changes: [] });
    });
    await user.click(screen.getByTestId("edit-review"));
    expect(await screen.findByTestId("edit-nothing")).toHaveTextContent("Nothing to save");
    expect(screen.queryByTestId("edit-preview")).not.toBeInTheDocument();
    expect(backend.callsOf("apply_affiliate_edit")).toHaveLength(0);
  });

  it("lists what Everflow's copy has differently when the save cannot be verified", async () => {
    const { user } = await openEdit((b) => {
      b.overrides.apply_affiliate_edit = (_args, backend) => ({
        affiliate: backend.onboarding.editable.get(42)!.affiliate,
        verified: false,
        mismatches: [{ path: "billing.billing_frequency", label: "Billing frequency", before: "monthly", after: "weekly" }],
      });
    });
    await switchToWeeklyTuesday(user);
    await user.click(screen.getByTestId("edit-review"));
    await user.click(within(await screen.findByTestId("edit-preview")).getByTestId("edit-confirm"));
    const notice = await screen.findByTestId("edit-mismatches");
    expect(notice).toHaveTextContent("Billing frequency: expected Weekly, Everflow has Monthly");
    expect(screen.queryByTestId("edit-saved")).not.toBeInTheDocument();
  });
});
