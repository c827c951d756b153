import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AffiliateInput, FieldError } from "../../bindings";
import type { OnboardingDraft } from "../../api/onboarding";
import { commandError } from "../../test/backend";
import { fieldError, fieldInput, openOnboard } from "./testHelpers";

describe("Onboarding wizard", () => {
  it("walks every step and sends exactly the input for the chosen frequency and payment type", async () => {
    const { user, backend } = await openOnboard();
    await user.click(await screen.findByTestId("start-new"));

    // General
    expect(screen.getByTestId("wizard-step-general")).toHaveAttribute("aria-current", "step");
    await user.type(fieldInput("name"), "Acme Media");
    await user.selectOptions(fieldInput("network_employee_id"), "7");
    await user.type(screen.getByTestId("labels-input"), "VIP{Enter}");
    expect(screen.getByTestId("labels-chips")).toHaveTextContent("VIP");
    await user.click(screen.getByTestId("wizard-next"));

    // Users (no contact address step: it is off)
    expect(await screen.findByTestId("section-users")).toBeInTheDocument();
    expect(screen.queryByTestId("wizard-step-contact")).not.toBeInTheDocument();
    await user.type(fieldInput("users[0].first_name"), "Ann");
    await user.type(fieldInput("users[0].last_name"), "Lee");
    await user.type(fieldInput("users[0].email"), "ann@acme.test");
    await user.click(screen.getByTestId("wizard-next"));

    // Billing schedule: try twice a month, then settle on monthly.
    expect(await screen.findByTestId("section-schedule")).toBeInTheDocument();
    await user.selectOptions(fieldInput("billing.billing_frequency"), "bimonthly");
    await user.selectOptions(fieldInput("billing.details.day_of_month_one"), "1");
    await user.selectOptions(fieldInput("billing.billing_frequency"), "monthly");
    await user.selectOptions(fieldInput("billing.details.day_of_month"), "15");
    await user.click(screen.getByTestId("wizard-next"));

    // Payment: try wire, then settle on PayPal.
    expect(await screen.findByTestId("section-payment")).toBeInTheDocument();
    await user.selectOptions(fieldInput("billing.payment_type"), "wire");
    await user.type(fieldInput("billing.billing.bank_name"), "First Bank");
    await user.selectOptions(fieldInput("billing.payment_type"), "paypal");
    await user.selectOptions(fieldInput("billing.billing.paypal_reception_method"), "email");
    await user.type(fieldInput("billing.billing.reception_identifier"), "pay@acme.test");
    await user.click(screen.getByTestId("wizard-next"));

    // Review
    const review = await screen.findByTestId("review");
    expect(within(review).getByTestId("review-general")).toHaveTextContent("Acme Media");
    expect(within(review).getByTestId("review-general")).toHaveTextContent("Dana Manager");
    expect(within(review).getByTestId("review-schedule")).toHaveTextContent("Monthly");
    expect(within(review).getByTestId("review-payment")).toHaveTextContent("PayPal");
    expect(within(review).getByTestId("review-payment")).not.toHaveTextContent("First Bank");
    expect(screen.getByTestId("wizard-notification")).toBeChecked();
    expect(screen.getByText("Send a welcome email to the new users")).toBeInTheDocument();

    await user.click(screen.getByTestId("wizard-create"));
    // The create is a plan: previewed in the one dialog, applied by id.
    const plan = await screen.findByTestId("plan-preview");
    expect(backend.callsOf("apply_plan")).toHaveLength(0);
    await user.click(within(plan).getByTestId("plan-apply"));
    await within(plan).findByTestId("plan-report");
    await user.click(within(plan).getByTestId("plan-close"));
    const success = await screen.findByTestId("wizard-success");
    expect(success).toHaveTextContent("Acme Media was created");
    expect(success).toHaveTextContent("#5000");

    expect(backend.callsOf("create_affiliate")).toHaveLength(1);
    const sent = backend.callsOf("create_affiliate")[0];
    expect(sent.notification).toBe(true);
    const input = sent.input as AffiliateInput;
    expect(input).toEqual({
      name: "Acme Media",
      account_status: "active",
      network_employee_id: 7,
      default_currency_id: "USD",
      internal_notes: null,
      enable_media_cost_tracking_links: false,
      is_contact_address_enabled: false,
      contact_address: null,
      referrer_id: null,
      network_affiliate_tier_id: null,
      network_traffic_source_id: null,
      labels: ["VIP"],
      users: [{ first_name: "Ann", last_name: "Lee", email: "ann@acme.test", account_status: "active" }],
      billing: {
        billing_frequency: "monthly",
        payment_type: "paypal",
        details: { day_of_month: 15 },
        billing: { paypal_reception_method: "email", reception_identifier: "pay@acme.test" },
        is_invoice_creation_auto: false,
        auto_invoice_start_date: null,
        default_invoice_is_hidden: false,
      },
    });
  });

  it("shows a backend error at its field, keeps Next from moving on and focuses the field", async () => {
    const { user, backend } = await openOnboard((b) => {
      b.onboarding.validate = (input): FieldError[] =>
        input.name === "Taken" ? [{ field: "name", message: "Pick another name: this one is taken." }] : [];
    });
    await user.click(await screen.findByTestId("start-new"));
    await user.type(fieldInput("name"), "Taken");
    // Clicking Next (which stays enabled) checks with the backend and stays on the step.
    const next = screen.getByTestId("wizard-next");
    expect(next).toBeEnabled();
    await user.click(next);

    await waitFor(() => expect(fieldError("name")).toBe("Pick another name: this one is taken."));
    expect(screen.getByTestId("wizard-step-general")).toHaveAttribute("aria-current", "step");
    expect(screen.queryByTestId("section-users")).not.toBeInTheDocument();
    expect(fieldInput("name")).toHaveFocus();
    expect(fieldInput("name")).toHaveAttribute("aria-invalid", "true");
    expect(backend.callsOf("validate_affiliate").at(-1)?.mode).toBe("create");

    // Fixed, it moves on, and what was typed is kept when coming back.
    await user.clear(fieldInput("name"));
    await user.type(fieldInput("name"), "Fresh name");
    await user.click(screen.getByTestId("wizard-next"));
    expect(await screen.findByTestId("section-users")).toBeInTheDocument();
    await user.click(screen.getByTestId("wizard-back"));
    expect(fieldInput("name")).toHaveValue("Fresh name");
  });

  it("shows exactly the schedule fields billingRules lists for the chosen frequency", async () => {
    const { user } = await openOnboard((b) => {
      // The screen follows the backend's rules, whatever they are.
      b.onboarding.billingRules.schedule_fields.find((r) => r.frequency === "manual")!.fields = ["starting_month"];
    });
    await user.click(await screen.findByTestId("start-new"));
    await user.click(screen.getByTestId("wizard-step-schedule"));
    const fields = () =>
      [...screen.getByTestId("schedule-fields").querySelectorAll("[data-field]")].map((f) => f.getAttribute("data-field"));

    expect(fields()).toEqual([]);
    await user.selectOptions(fieldInput("billing.billing_frequency"), "weekly");
    expect(fields()).toEqual(["billing.details.day_of_week"]);
    const weekday = fieldInput("billing.details.day_of_week");
    expect([...weekday.options].map((o) => o.text)).toEqual([
      "Choose…", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    ]);
    expect([...weekday.options].find((o) => o.text === "Sunday")?.value).toBe("0");

    await user.selectOptions(fieldInput("billing.billing_frequency"), "bimonthly");
    expect(fields()).toEqual(["billing.details.day_of_month_one", "billing.details.day_of_month_two"]);
    await user.selectOptions(fieldInput("billing.billing_frequency"), "quarterly");
    expect(fields()).toEqual(["billing.details.starting_month", "billing.details.day_of_month"]);
    await user.selectOptions(fieldInput("billing.billing_frequency"), "manual");
    expect(fields()).toEqual(["billing.details.starting_month"]);
    await user.selectOptions(fieldInput("billing.billing_frequency"), "other");
    expect(fields()).toEqual([]);
  });

  it("shows the Tipalti IDAP only for an existing payee and phone hints for Veem", async () => {
    const { user } = await openOnboard();
    await user.click(await screen.findByTestId("start-new"));
    await user.click(screen.getByTestId("wizard-step-payment"));
    await user.selectOptions(fieldInput("billing.payment_type"), "tipalti");
    expect(document.querySelector('[data-field="billing.billing.idap"]')).toBeNull();
    await user.click(fieldInput("billing.billing.is_existing_payee"));
    expect(fieldInput("billing.billing.idap")).toBeInTheDocument();
    await user.selectOptions(fieldInput("billing.payment_type"), "veem");
    expect(document.querySelector('[data-field="billing.billing.phone"]')).toHaveTextContent("+1 555 010 0100");
  });

  it("saves drafts debounced, never with a password, and resumes at the same step with the values", async () => {
    const { user, backend } = await openOnboard();
    await user.click(await screen.findByTestId("start-new"));
    await user.type(fieldInput("name"), "Acme Media");
    await user.selectOptions(fieldInput("network_employee_id"), "7");
    await waitFor(() => expect(screen.getByTestId("draft-status")).toHaveTextContent("Draft saved"));
    // Eleven changes, one save.
    expect(backend.callsOf("save_onboarding_draft")).toHaveLength(1);
    const first = backend.callsOf("save_onboarding_draft")[0].draft as OnboardingDraft;
    expect(first.id).toBe("");
    expect(first.input.name).toBe("Acme Media");
    expect(first.step).toBe("general");

    await user.click(screen.getByTestId("wizard-next"));
    await user.type(fieldInput("users[0].email"), "ann@acme.test");
    await user.type(fieldInput("users[0].initial_password"), "S3cret!pass");
    expect(screen.getByTestId("password-checklist")).toHaveTextContent("At least 8 characters");
    await waitFor(() => {
      const last = backend.callsOf("save_onboarding_draft").at(-1)!.draft as OnboardingDraft;
      expect(last.input.users?.[0].email).toBe("ann@acme.test");
    });
    const saves = backend.callsOf("save_onboarding_draft").map((c) => c.draft as OnboardingDraft);
    expect(saves.length).toBeLessThanOrEqual(3);
    for (const draft of saves.slice(1)) expect(draft.id).toBe("d1");
    for (const draft of saves) {
      expect(JSON.stringify(draft)).not.toContain("S3cret");
      for (const u of draft.input.users ?? []) expect(u).not.toHaveProperty("initial_password");
    }

    // Leave and come back: the draft is listed and resumes where it was.
    await user.click(screen.getByTestId("nav-affiliates"));
    await user.click(screen.getByTestId("nav-onboard"));
    const item = await screen.findByTestId("draft-item");
    expect(item).toHaveTextContent("Acme Media — Users step, saved just now");
    await user.click(within(item).getByTestId("draft-resume"));
    expect(await screen.findByTestId("section-users")).toBeInTheDocument();
    expect(screen.getByTestId("wizard-step-users")).toHaveAttribute("aria-current", "step");
    expect(fieldInput("users[0].email")).toHaveValue("ann@acme.test");
    expect(fieldInput("users[0].initial_password")).toHaveValue("");
    await user.click(screen.getByTestId("wizard-back"));
    expect(fieldInput("name")).toHaveValue("Acme Media");
    expect(fieldInput("network_employee_id")).toHaveValue("7");
  });

  it("asks before discarding a saved draft", async () => {
    const { user, backend } = await openOnboard((b) => {
      b.onboarding.drafts.set("d9", {
        id: "d9",
        step: "schedule",
        input: { name: "Old Partner", network_employee_id: 7, default_currency_id: "USD" },
        notification: true,
        updated_at: Math.floor(Date.now() / 1000) - 180,
      });
    });
    const item = await screen.findByTestId("draft-item");
    expect(item).toHaveTextContent("Old Partner — Billing schedule step, saved 3 minutes ago");
    await user.click(within(item).getByTestId("draft-discard"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("Discard this draft?");
    expect(backend.callsOf("discard_onboarding_draft")).toHaveLength(0);

    await user.click(within(dialog).getByText("Cancel"));
    expect(screen.getByTestId("draft-item")).toBeInTheDocument();
    expect(backend.callsOf("discard_onboarding_draft")).toHaveLength(0);

    await user.click(within(screen.getByTestId("draft-item")).getByTestId("draft-discard"));
    await user.click(within(await screen.findByTestId("confirm-dialog")).getByTestId("confirm-button"));
    await waitFor(() => expect(screen.queryByTestId("draft-item")).not.toBeInTheDocument());
    expect(backend.callsOf("discard_onboarding_draft")).toEqual([{ id: "d9" }]);
  });

  it("keeps the form filled and shows server errors at their fields when Create fails", async () => {
    const { user, backend } = await openOnboard((b) => {
      b.onboarding.validate = () => [];
      b.overrides.create_affiliate = () => {
        throw commandError({
          code: "invalid_input",
          message: "Everflow refused the partner.",
          fields: [{ field: "billing.billing.reception_identifier", message: "PayPal says this email is not valid." }],
        });
      };
    });
    await user.click(await screen.findByTestId("start-new"));
    await user.type(fieldInput("name"), "Acme Media");
    await user.click(screen.getByTestId("wizard-step-payment"));
    await user.selectOptions(fieldInput("billing.payment_type"), "paypal");
    await user.click(screen.getByTestId("wizard-step-review"));
    await user.click(screen.getByTestId("wizard-create"));

    expect(await screen.findByTestId("error-notice")).toHaveTextContent("Everflow refused the partner.");
    const list = screen.getByTestId("review-errors");
    expect(list).toHaveTextContent("PayPal says this email is not valid.");
    await user.click(within(list).getByText("Payment & invoices"));
    expect(await screen.findByTestId("section-payment")).toBeInTheDocument();
    expect(fieldError("billing.billing.reception_identifier")).toBe("PayPal says this email is not valid.");
    await user.click(screen.getByTestId("wizard-step-general"));
    expect(fieldInput("name")).toHaveValue("Acme Media");
    expect(backend.callsOf("discard_onboarding_draft")).toHaveLength(0);
  });

  it("stays usable when the key may not read employees or tiers: names the lists and why, and takes a manager from the affiliates", async () => {
    const refused = (area: "employees" | "tiers", words: string) => () => {
      throw commandError({
        code: "forbidden",
        message: `This key may not read ${words}; ask your Everflow admin to allow it, or use another key.`,
        status: 403,
        detail: "Forbidden",
        area,
      });
    };
    const { user, backend } = await openOnboard((b) => {
      b.overrides.employees = refused("employees", "employees");
      b.overrides.affiliate_tiers = refused("tiers", "affiliate tiers");
    });
    const failures = await screen.findByTestId("lookup-failures");
    expect(failures).toHaveTextContent("2 lists for this form could not be read from Everflow.");
    expect(failures).toHaveTextContent("This key may not read employees; ask your Everflow admin to allow it, or use another key.");
    expect(failures).toHaveTextContent("This key may not read affiliate tiers;");
    expect(failures).not.toHaveTextContent(/deleted/);

    await user.click(await screen.findByTestId("start-new"));
    await user.type(fieldInput("name"), "Typed Media");
    // The employees list failed: the managers named on the affiliates' rows are offered instead.
    const manager = await screen.findByTestId("f-network_employee_id");
    await waitFor(() => expect(within(manager).getByRole("option", { name: "Dana Manager (#7)" })).toBeInTheDocument());
    await user.selectOptions(manager, "7");
    expect(screen.getByTestId("f-network_employee_id-unavailable")).toHaveTextContent("This key may not read employees");
    // The tier can be typed; letters are refused at the field, never sent.
    const tier = screen.getByTestId("f-network_affiliate_tier_id-typed");
    await user.type(tier, "x");
    expect(fieldError("network_affiliate_tier_id")).toMatch(/digits only/);
    await user.clear(tier);
    await user.type(tier, "2");
    await user.click(screen.getByTestId("wizard-next"));
    expect(await screen.findByTestId("section-users")).toBeInTheDocument();
    expect(backend.callsOf("affiliates_table").length).toBeGreaterThan(0);
    const checked = backend.callsOf("validate_affiliate").at(-1)?.input as AffiliateInput;
    expect(checked).toMatchObject({ name: "Typed Media", network_employee_id: 7, network_affiliate_tier_id: 2 });
  });
});
