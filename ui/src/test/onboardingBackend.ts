// The fake backend's onboarding, CSV and edit commands (by IPC name), over in-memory state.
// FakeBackend delegates the commands it does not know to `FakeOnboarding.handle`.
import type { Affiliate, AffiliateInput, ApplyReport, FieldError, Plan } from "../bindings";
import type { BillingRules, CsvPreview, CsvResult, CsvRowToCreate, DraftSummary, OnboardingDraft } from "../api/onboarding";
import type { Args, Handler } from "./backend";
import { makePlan } from "./plans";

/** Keeps a plan in the fake's plan store with what applying it does. */
export type KeepPlan = (plan: Plan, effect: () => ApplyReport["batches"]) => Plan;

function sent(index: number, recordId: number, label: string, createdId: number | null = null): ApplyReport["batches"][number] {
  return { index, label, record_ids: [recordId], status: "sent", message: null, fields: [], created_id: createdId };
}

export function fakeBillingRules(): BillingRules {
  return {
    schedule_fields: [
      { frequency: "weekly", fields: ["day_of_week"] },
      { frequency: "bimonthly", fields: ["day_of_month_one", "day_of_month_two"] },
      { frequency: "monthly", fields: ["day_of_month"] },
      { frequency: "two_months", fields: ["starting_month", "day_of_month"] },
      { frequency: "quarterly", fields: ["starting_month", "day_of_month"] },
      { frequency: "manual", fields: [] },
      { frequency: "other", fields: [] },
    ],
    payment_fields: [
      { payment_type: "none", fields: [] },
      { payment_type: "paxum", fields: ["paxum_id"] },
      { payment_type: "paypal", fields: ["paypal_reception_method", "reception_identifier"] },
      { payment_type: "payoneer", fields: ["email"] },
      { payment_type: "veem", fields: ["email", "first_name", "last_name", "phone", "country_iso"] },
      { payment_type: "tipalti", fields: ["is_existing_payee", "idap"] },
      {
        payment_type: "wire",
        fields: ["bank_name", "bank_address", "account_name", "account_number", "routing_number", "swift_code"],
      },
      { payment_type: "check", fields: [] },
    ],
  };
}

export const FAKE_ENUMS = {
  account_status: ["active", "inactive", "pending", "suspended"],
  billing_frequency: ["weekly", "bimonthly", "monthly", "two_months", "quarterly", "manual", "other"],
  payment_type: ["none", "paxum", "paypal", "payoneer", "veem", "tipalti", "wire", "check"],
  paypal_reception_method: ["email", "phone", "paypal_account"],
  url_status: [],
  set_type: [],
  patch_operator: [],
  change_status: [],
  offer_visibility_type: [],
  connection_status: [],
  weekday: [],
  referral_method: [],
  referral_commission_basis: [],
  offer_status: [],
  affiliate_patch_fields: [],
  offer_url_patch_fields: [],
};

/** A small stand-in for the Rust rules: enough for the screens' tests, not a copy of them. */
export function fakeValidate(input: AffiliateInput): FieldError[] {
  const errors: FieldError[] = [];
  if (!input.name.trim()) errors.push({ field: "name", message: "Name is required." });
  if (!input.network_employee_id) errors.push({ field: "network_employee_id", message: "Choose an account manager." });
  (input.users ?? []).forEach((u, i) => {
    if (!u.email.trim()) errors.push({ field: `users[${i}].email`, message: "Email is required." });
  });
  const billing = input.billing ?? {};
  if (!billing.billing_frequency) errors.push({ field: "billing.billing_frequency", message: "Billing frequency is required." });
  const rules = fakeBillingRules();
  for (const field of rules.schedule_fields.find((r) => r.frequency === billing.billing_frequency)?.fields ?? []) {
    if ((billing.details as Record<string, unknown> | undefined)?.[field] == null) {
      errors.push({ field: `billing.details.${field}`, message: "This day is required." });
    }
  }
  if (!billing.payment_type) errors.push({ field: "billing.payment_type", message: "Payment type is required." });
  return errors;
}

export function makeAffiliate(id: number, input: Partial<AffiliateInput>, timeSaved = 1_700_000_000): Affiliate {
  return {
    network_affiliate_id: id,
    network_id: 1,
    name: input.name ?? `Affiliate ${id}`,
    account_status: input.account_status ?? "active",
    network_employee_id: input.network_employee_id ?? 7,
    internal_notes: input.internal_notes ?? "",
    has_notifications: true,
    network_traffic_source_id: 0,
    account_executive_id: 0,
    default_currency_id: input.default_currency_id ?? "USD",
    is_contact_address_enabled: input.is_contact_address_enabled ?? false,
    enable_media_cost_tracking_links: false,
    referrer_id: 0,
    time_created: timeSaved,
    time_saved: timeSaved,
    relationship: {},
  };
}

export class FakeOnboarding {
  constructor(private readonly keep: KeepPlan) {}
  private nextPlan = 1;
  /** Per-line results of applied CSV plans, by plan id. */
  csvResults = new Map<string, CsvResult[]>();

  drafts = new Map<string, OnboardingDraft>();
  billingRules = fakeBillingRules();
  validate: (input: AffiliateInput) => FieldError[] = fakeValidate;
  created: { input: AffiliateInput; notification: boolean }[] = [];
  /** CSV previews by the file's text; unknown text previews as an empty file. */
  csvPreviews = new Map<string, CsvPreview>();
  csvTemplate = "name,account_status,network_employee_id,default_currency_id\n";
  savedFiles: { suggestedName: string; contents: string }[] = [];
  saveFilePath: string | null = "/home/me/file.csv";

  /** Affiliates the edit screen loads, with their edit input. */
  editable = new Map<number, { affiliate: Affiliate; input: AffiliateInput }>();
  private nextDraft = 1;
  private nextAffiliate = 5000;

  addEditable(id: number, input: AffiliateInput, timeSaved = 1_700_000_000) {
    this.editable.set(id, { affiliate: makeAffiliate(id, input, timeSaved), input });
  }

  /** Makes this fake answer its look-ups even where FakeBackend has its own (tests of these screens rely on them). */
  takeOver(overrides: Record<string, Handler>) {
    for (const cmd of Object.keys(this.commands)) overrides[cmd] ??= (args) => this.handle(cmd, args);
  }

  handles(cmd: string): boolean {
    return cmd in this.commands;
  }

  handle(cmd: string, args: Args): unknown {
    return this.commands[cmd](args);
  }

  private summary(d: OnboardingDraft): DraftSummary {
    return { id: d.id, name: d.input.name.trim(), step: d.step, updated_at: d.updated_at };
  }

  private readonly commands: Record<string, (args: Args) => unknown> = {
    employees: () => [
      { network_employee_id: 7, first_name: "Dana", last_name: "Manager", email: "dana@example.com", account_status: "active", is_affiliate_manager: true },
      { network_employee_id: 8, first_name: "Eli", last_name: "Lead", email: "eli@example.com", account_status: "active", is_affiliate_manager: true },
    ],
    currencies: () => [
      { currency_id: "USD", currency_name: "US Dollar", currency_symbol: "$" },
      { currency_id: "EUR", currency_name: "Euro", currency_symbol: "€" },
    ],
    affiliate_tiers: () => [{ network_affiliate_tier_id: 1, name: "Gold" }],
    traffic_sources: () => [{ network_traffic_source_id: 3, name: "Email" }],
    countries: () => [
      { country_id: 1, country_code: "US", country_name: "United States" },
      { country_id: 2, country_code: "CA", country_name: "Canada" },
    ],
    regions: () => [
      { region_id: 1, region_code: "NY", region_name: "New York", country_id: 1, country_code: "US" },
      { region_id: 2, region_code: "QC", region_name: "Quebec", country_id: 2, country_code: "CA" },
    ],
    timezones: () => [{ timezone_id: 90, timezone_name: "America/New_York" }],
    enum_options: () => FAKE_ENUMS,
    billing_rules: () => this.billingRules,
    validate_affiliate: (args) => this.validate(args.input as AffiliateInput),
    create_affiliate: (args) => {
      const input = args.input as AffiliateInput;
      const plan = makePlan({
        plan_id: `create-${this.nextPlan++}`,
        kind: "affiliate_create",
        description: `Create affiliate "${input.name}"`,
        record_ids: [1],
        rows: [{ record_id: 1, name: input.name, field_type: "affiliate", field_label: "New affiliate", before: null, after: input.name, status: "ok" }],
      });
      return this.keep(plan, () => {
        this.created.push({ input, notification: args.notification as boolean });
        return [sent(0, 1, `Create "${input.name}"`, makeAffiliate(this.nextAffiliate++, input).network_affiliate_id)];
      });
    },

    list_onboarding_drafts: () => [...this.drafts.values()].map((d) => this.summary(d)),
    load_onboarding_draft: (args) => {
      const draft = this.drafts.get(args.id as string);
      if (!draft) throw { code: "not_found", message: "This draft no longer exists.", status: null, detail: null, fields: [] };
      return structuredClone(draft);
    },
    save_onboarding_draft: (args) => {
      const draft = structuredClone(args.draft as OnboardingDraft);
      if (!draft.id) draft.id = `d${this.nextDraft++}`;
      draft.updated_at = Math.floor(Date.now() / 1000);
      this.drafts.set(draft.id, draft);
      return this.summary(draft);
    },
    discard_onboarding_draft: (args) => {
      this.drafts.delete(args.id as string);
      return null;
    },

    affiliate_csv_template: () => this.csvTemplate,
    preview_affiliate_csv: (args) =>
      this.csvPreviews.get(decodeBase64(args.fileBase64 as string)) ?? {
        encoding: "UTF-8",
        columns: [],
        unknown_columns: [],
        missing_required_columns: [],
        file_errors: [],
        rows: [],
      },
    create_affiliates_from_csv: (args) => {
      const rows = args.rows as CsvRowToCreate[];
      const plan = makePlan({
        plan_id: `csv-${this.nextPlan++}`,
        kind: "affiliate_create",
        description: `Create ${rows.length} affiliates from a CSV file`,
        record_ids: rows.map((r) => r.line),
        rows: rows.map((r) => ({ record_id: r.line, name: r.input.name, field_type: "affiliate", field_label: "New affiliate", before: null, after: r.input.name, status: "ok" })),
      });
      return this.keep(plan, () => {
        const results = rows.map(
          (r, i): CsvResult => ({ line: r.line, name: r.input.name, status: "created", affiliate_id: 6000 + i, message: "" }),
        );
        this.csvResults.set(plan.plan_id, results);
        return rows.map((r, i) => sent(i, r.line, `Create "${r.input.name}"`, 6000 + i));
      });
    },
    csv_create_results: (args) => {
      const results = this.csvResults.get(args.planId as string);
      if (!results) throw { code: "not_found", message: "This import is not in the history.", status: null, detail: null, fields: [] };
      return results;
    },
    export_csv_results: (args) =>
      (args.results as CsvResult[]).map((r) => `${r.line},${r.name},${r.status},${r.affiliate_id ?? ""}`).join("\n"),
    save_text_file: (args) => {
      this.savedFiles.push({ suggestedName: args.suggestedName as string, contents: args.contents as string });
      return this.saveFilePath;
    },

    load_affiliate_for_edit: (args) => {
      const found = this.editable.get(args.affiliateId as number);
      if (!found) throw { code: "not_found", message: "No affiliate with this id.", status: 404, detail: null, fields: [] };
      return { ...structuredClone(found), time_saved: found.affiliate.time_saved };
    },
    plan_affiliate_edit: (args) => {
      const found = this.editable.get(args.affiliateId as number)!;
      const input = args.input as AffiliateInput;
      const before = found.input as Record<string, unknown>;
      const after = input as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
        (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
      );
      const id = found.affiliate.network_affiliate_id;
      const plan = makePlan({
        plan_id: `edit-${this.nextPlan++}`,
        kind: "affiliate_edit",
        description: `Edit ${found.affiliate.name}`,
        record_ids: [id],
        rows: keys.map((k) => ({ record_id: id, name: found.affiliate.name, field_type: k, field_label: k, before: (before[k] ?? null) as never, after: (after[k] ?? null) as never, status: "ok" })),
      });
      return this.keep(plan, () => {
        this.editable.set(id, { ...found, input });
        return [sent(0, id, `Save ${found.affiliate.name}`)];
      });
    },
  };
}

/** The UTF-8 text of base64-encoded bytes, as the CSV preview receives a file. */
export function decodeBase64(base64: string): string {
  const binary = atob(base64);
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
