// A fake backend for tests: the Rust commands by their IPC names, over in-memory state.
// Handlers can be overridden per test; every call is recorded for assertions.
import { mockIPC } from "@tauri-apps/api/mocks";
import { FakeOnboarding } from "./onboardingBackend";
import type { ApplyReport, HistoryDetail, HistoryEntry, PatchFieldInput, Plan } from "../api/plans";
import { makePlan } from "./plans";
import { profileEditMovesKey } from "../lib/profiles";
import type {
  Area,
  KeyCheck,
  Affiliate,
  AffiliateRow,
  AffiliatesTableRequest,
  CommandError,
  Country,
  Employee,
  GeoRegion,
  KeyStatus,
  PageRequest,
  Profile,
  ProfileInput,
  SessionView,
  Settings,
} from "../bindings";

export type Args = Record<string, unknown>;
export type Handler = (args: Args, backend: FakeBackend) => unknown;

export interface Call {
  cmd: string;
  args: Args;
}

export function commandError(partial: Partial<CommandError> & Pick<CommandError, "code" | "message">): CommandError {
  return { status: null, detail: null, fields: [], drift: [], area: null, ...partial };
}

/** A key check where `refused` areas answered 403 and every other area was read. */
export function makeKeyCheck(refused: Area[]): KeyCheck {
  const areas: Area[] = ["affiliates", "affiliate", "offers", "visibility", "offer_urls", "employees", "tiers", "traffic_sources", "currencies", "countries", "regions", "timezones"];
  return {
    checked_at: 1_700_000_000,
    kind: "network",
    items: areas.map((area) =>
      refused.includes(area)
        ? {
            area,
            title: area,
            access: "refused",
            refusal: "no_permission",
            message: `This key may not read ${area}; ask your Everflow admin to allow it, or use another key.`,
            limits: "Onboarding and Edit have no list of account managers.",
            detail: "Forbidden",
          }
        : { area, title: area, access: "allowed", refusal: null, message: "This key can read it.", limits: null, detail: null },
    ),
  };
}

export function makeAffiliates(count: number): AffiliateRow[] {
  const statuses = ["active", "pending", "inactive", "suspended"];
  return Array.from({ length: count }, (_, i) => ({
    network_affiliate_id: 1000 + i,
    network_id: 1,
    name: `Partner ${String(i + 1).padStart(3, "0")}`,
    account_status: statuses[i % statuses.length],
    account_manager_id: 7,
    account_manager_name: "Dana Manager",
    account_executive_id: 0,
    account_executive_name: "",
    today_revenue: "0",
    time_created: 0,
    time_saved: 0,
    labels: i % 2 === 0 ? ["VIP"] : [],
    balance: null,
    last_login: 0,
    global_tracking_domain_url: "",
    network_country_code: "US",
    is_payable: true,
    payment_type: i % 3 === 0 ? "paypal" : "wire",
  }));
}

export function makeEmployees(): Employee[] {
  return [
    { network_employee_id: 7, first_name: "Dana", last_name: "Manager", email: "dana@example.com", account_status: "active", is_affiliate_manager: true },
    { network_employee_id: 8, first_name: "Eli", last_name: "Exec", email: "eli@example.com", account_status: "active", is_affiliate_manager: false },
    { network_employee_id: 9, first_name: "Mo", last_name: "Lead", email: "mo@example.com", account_status: "active", is_affiliate_manager: true },
  ];
}

/** A find-by-id record for an affiliate row, with the relationships the detail panel shows. */
export function makeAffiliateRecord(row: AffiliateRow): Affiliate {
  return {
    network_affiliate_id: row.network_affiliate_id,
    network_id: row.network_id,
    name: row.name,
    account_status: row.account_status,
    network_employee_id: row.account_manager_id,
    internal_notes: "",
    has_notifications: true,
    network_traffic_source_id: 0,
    account_executive_id: 0,
    default_currency_id: "USD",
    is_contact_address_enabled: false,
    enable_media_cost_tracking_links: false,
    referrer_id: 0,
    time_created: 1_700_000_000,
    time_saved: 1_700_000_000,
    relationship: {
      labels: { total: row.labels.length, entries: row.labels },
      account_manager: {
        first_name: "Dana",
        last_name: "Manager",
        email: "dana@example.com",
        work_phone: "",
        cell_phone: "",
        instant_messaging_id: 0,
        instant_messaging_identifier: "",
      },
      users: { total: 0, entries: [] },
      billing: { billing_frequency: "manual", payment_type: "none" },
    },
  };
}

/** Some of Everflow's documented values, as `enum_options` returns them. */
export const ENUM_OPTIONS = {
  account_status: ["active", "inactive", "pending", "suspended"],
  billing_frequency: ["weekly", "bimonthly", "monthly", "two_months", "quarterly", "manual", "other"],
  payment_type: ["none", "paypal", "check", "wire", "direct_deposit", "tipalti", "paxum", "veem", "payoneer"],
  patch_operator: ["overwrite", "append", "delete", "clear"],
  weekday: ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
  referral_method: ["flat_fee", "percentage"],
  referral_commission_basis: ["payout", "revenue", "profit"],
  affiliate_patch_fields: [
    "network_employee_id", "account_executive_id", "referrer_id", "labels", "account_status", "default_currency_id",
    "has_notifications", "enable_media_cost_tracking_links", "network_traffic_source_id", "internal_notes",
    "billing_payment_method", "billing_billing_frequency", "billing_weekly", "billing_bimonthly", "billing_monthly",
    "billing_two_months", "billing_quarterly", "billing_is_invoice_creation_auto", "billing_invoice_amount_threshold",
    "billing_auto_invoice_start_date", "billing_invoice_generation_days_delay", "billing_default_payment_terms",
    "billing_default_invoice_is_hidden", "referral_is_enabled", "referral_method", "referral_value",
    "referral_commission_basis", "referral_minimum_threshold", "referral_duration",
  ],
};

/**
 * Plans, apply, history and undo: every plan is "ok" for every affiliate and field (before is what the
 * row holds for status and labels, null otherwise), applied in batches of `batchSize`.
 */
export class FakePlans {
  plans = new Map<string, Plan>();
  /** What applying a plan made elsewhere in the fake does (creates, edits), with its batches. */
  effects = new Map<string, () => ApplyReport["batches"]>();
  /** The fields each plan was made with (Rust keeps them beside the plan; the UI never sees them). */
  fieldsOf = new Map<string, PatchFieldInput[]>();
  history: HistoryEntry[] = [];
  details = new Map<string, HistoryDetail>();
  batchSize = 100;
  private next = 1;

  constructor(private rows: () => AffiliateRow[]) {}

  plan(ids: number[], fields: PatchFieldInput[], undoOf: string | null = null): Plan {
    const byId = new Map(this.rows().map((r) => [r.network_affiliate_id, r]));
    const rows = ids.flatMap((id) =>
      fields.map((f) => {
        const row = byId.get(id);
        const before = f.field_type === "account_status" ? (row?.account_status ?? null) : f.field_type === "labels" ? (row?.labels ?? []) : null;
        return {
          record_id: id,
          name: row?.name ?? `Affiliate ${id}`,
          field_type: f.field_type,
          field_label: f.field_type,
          before,
          after: f.field_value,
          status: "ok" as const,
          error_message: "",
          related_changes: "",
        };
      }),
    );
    const plan: Plan = makePlan({
      plan_id: `plan-${this.next++}`,
      created_at: 1_763_719_200,
      description: `Change ${fields.map((f) => f.field_type).join(", ")} on ${ids.length} affiliates`,
      record_ids: ids,
      totals: { will_change: rows.length, no_change: 0, errors: 0 },
      rows,
      resource_errors: [],
      batch_size: this.batchSize,
      batches: Math.max(1, Math.ceil(ids.length / this.batchSize)),
      can_apply: true,
      blocked_reason: null,
      undo_of: undoOf,
    });
    this.plans.set(plan.plan_id, plan);
    this.fieldsOf.set(plan.plan_id, fields);
    return plan;
  }

  handles(cmd: string): boolean {
    return ["plan_bulk_edit", "plan_bulk_edit_matching", "apply_plan", "plan_undo", "history", "history_item"].includes(cmd);
  }

  handle(cmd: string, args: Args, backend: FakeBackend): unknown {
    switch (cmd) {
      case "plan_bulk_edit":
        return this.plan(args.affiliateIds as number[], args.fields as PatchFieldInput[]);
      case "plan_bulk_edit_matching":
        return this.plan(
          backend.matching(args.request as AffiliatesTableRequest).map((a) => a.network_affiliate_id),
          args.fields as PatchFieldInput[],
        );
      case "apply_plan": {
        const plan = this.plans.get(args.planId as string);
        if (!plan) throw commandError({ code: "not_found", message: "This plan is no longer available. Preview again." });
        const channel = args.onProgress as { onmessage: (p: { done: number; total: number }) => void };
        const effect = this.effects.get(plan.plan_id);
        if (effect) {
          const done = effect();
          channel.onmessage({ done: done.length, total: done.length });
          return { plan_id: plan.plan_id, status: "applied", batches: done, verification: { checked: done.length, mismatches: [], error: null } };
        }
        const batches: ApplyReport["batches"] = [];
        for (let i = 0; i < plan.batches; i++) {
          const ids = plan.record_ids.slice(i * plan.batch_size, (i + 1) * plan.batch_size);
          batches.push({ index: i, label: `${ids.length} affiliates`, record_ids: ids, status: "sent", message: null, fields: [], created_id: null });
          channel.onmessage({ done: i + 1, total: plan.batches });
        }
        const report: ApplyReport = { plan_id: plan.plan_id, status: "applied", batches, verification: { checked: plan.record_ids.length, mismatches: [], error: null } };
        return report;
      }
      case "plan_undo": {
        const original = this.plans.get(args.planId as string) ?? this.details.get(args.planId as string)?.plan;
        if (!original) throw commandError({ code: "not_found", message: "Nothing to undo." });
        const fields = this.fieldsOf.get(original.plan_id) ?? [];
        const plan = this.plan(original.record_ids, fields, original.plan_id);
        plan.description = original.description;
        return plan;
      }
      case "history":
        return this.history;
      case "history_item": {
        const detail = this.details.get(args.planId as string);
        if (!detail) throw commandError({ code: "not_found", message: "This change is not in the history." });
        return detail;
      }
      default:
        throw new Error(`FakePlans has no command "${cmd}"`);
    }
  }
}

export class FakeBackend {
  session: SessionView = { kind: "none" };
  settings: Settings = {
    profiles: [],
    active_profile: null,
    page_size: 50,
    requests_per_second: null,
    ui: { theme: "system", compact_tables: false, affiliate_columns: [] },
    log_level: "info",
    kept_aside: [],
    release_feed: "https://releases.eflowdesk.team/desk/latest.json",
  };
  keys = new Map<string, string>();
  /** Names of profiles whose keys were recorded (keys_without_profile shows them). */
  keyNames = new Map<string, string>();
  affiliates: AffiliateRow[] = makeAffiliates(120);
  employees: Employee[] = makeEmployees();
  countries: Country[] = [
    { country_id: 1, country_code: "US", country_name: "United States" },
    { country_id: 2, country_code: "CA", country_name: "Canada" },
    { country_id: 3, country_code: "FR", country_name: "France" },
  ];
  regions: GeoRegion[] = [
    { region_id: 1, region_code: "CA-US", region_name: "California", country_id: 1, country_code: "US" },
    { region_id: 2, region_code: "NY", region_name: "New York", country_id: 1, country_code: "US" },
    { region_id: 3, region_code: "QC", region_name: "Quebec", country_id: 2, country_code: "CA" },
  ];
  /** Full records for `affiliate` (find by id); rows without one get a minimal record. */
  affiliateRecords = new Map<number, Affiliate>();
  calls: Call[] = [];
  overrides: Record<string, Handler> = {};
  /** Each profile's last key check. */
  keyChecks = new Map<string, KeyCheck>();
  /** Onboarding, CSV import and edit commands (see onboardingBackend.ts). */
  onboarding = new FakeOnboarding((plan, effect) => {
    this.plans.plans.set(plan.plan_id, plan);
    this.plans.effects.set(plan.plan_id, effect);
    return plan;
  });
  /** Bulk edit plans, apply, history and undo. */
  plans = new FakePlans(() => this.affiliates);
  private nextId = 1;

  addProfile(partial: Partial<Profile> & { name: string }, key?: string): Profile {
    const profile: Profile = { id: `p${this.nextId++}`, kind: "network", region: { kind: "us" }, ...partial };
    this.settings.profiles.push(profile);
    if (key) this.keys.set(profile.id, key);
    return profile;
  }

  /** The rows a table request matches: name search and the filters the rows carry. */
  matching(request: AffiliatesTableRequest): AffiliateRow[] {
    const term = request.search_terms.find((t) => t.search_type === "name")?.value.toLowerCase() ?? "";
    const f = request.filters;
    return this.affiliates.filter(
      (a) =>
        a.name.toLowerCase().includes(term) &&
        (!f.account_status || a.account_status === f.account_status) &&
        (!f.payment_type || a.payment_type === f.payment_type) &&
        (f.account_manager_ids.length === 0 || f.account_manager_ids.includes(a.account_manager_id)) &&
        (f.labels.length === 0 || f.labels.some((l) => a.labels.includes(l))) &&
        (f.country_codes.length === 0 || f.country_codes.includes(a.network_country_code)),
    );
  }

  callsOf(cmd: string): Args[] {
    return this.calls.filter((c) => c.cmd === cmd).map((c) => c.args);
  }

  private keyStatus(id: string): KeyStatus {
    const key = this.keys.get(id);
    return key ? { is_set: true, last_four: key.slice(-4) } : { is_set: false, last_four: null };
  }

  private profile(id: string): Profile {
    const p = this.settings.profiles.find((x) => x.id === id);
    if (!p) throw commandError({ code: "not_found", message: "This profile no longer exists." });
    return p;
  }

  handle(cmd: string, args: Args): unknown {
    this.calls.push({ cmd, args });
    const override = this.overrides[cmd];
    if (override) return override(args, this);
    switch (cmd) {
      case "session":
        return this.session;
      case "open_demo":
        this.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
        return this.session;
      case "open_profile": {
        const profile = this.profile(args.id as string);
        if (!this.keys.has(profile.id)) {
          throw commandError({
            code: "no_key",
            message: `The profile "${profile.name}" has no API key yet. Add one in Settings.`,
          });
        }
        this.session = { kind: "profile", profile };
        this.settings.active_profile = profile.id;
        return this.session;
      }
      case "close_session":
        this.session = { kind: "none" };
        return null;
      case "list_profiles":
        return this.settings.profiles;
      case "get_settings":
        return structuredClone(this.settings);
      case "create_profile": {
        const input = args.input as Omit<Profile, "id">;
        if (!input.name.trim()) {
          throw commandError({
            code: "invalid_input",
            message: "Give the profile a name.",
            fields: [{ field: "name", message: "Give the profile a name." }],
          });
        }
        return this.addProfile({ ...input, name: input.name.trim() });
      }
      case "update_profile": {
        const p = this.profile(args.id as string);
        const input = args.input as ProfileInput;
        if (profileEditMovesKey(p, input)) this.keys.delete(p.id);
        Object.assign(p, input);
        if (typeof args.key === "string" && args.key !== "") this.keys.set(p.id, args.key);
        return p;
      }
      case "delete_profile":
        this.settings.profiles = this.settings.profiles.filter((p) => p.id !== args.id);
        this.keys.delete(args.id as string);
        return null;
      case "key_status":
        this.profile(args.id as string);
        return this.keyStatus(args.id as string);
      case "set_key":
        this.profile(args.id as string);
        this.keys.set(args.id as string, args.key as string);
        return this.keyStatus(args.id as string);
      case "clear_key":
        this.keys.delete(args.id as string);
        return this.keyStatus(args.id as string);
      case "dismiss_kept_aside":
        this.settings.kept_aside = [];
        return structuredClone(this.settings);
      case "keys_without_profile":
        return [...this.keys.keys()]
          .filter((id) => !this.settings.profiles.some((p) => p.id === id))
          .map((id) => ({
            profile_id: id,
            name: this.keyNames.get(id) ?? null,
            kept_aside_in: this.settings.kept_aside.find((k) => k.profile_id === id)?.path ?? null,
          }));
      case "remove_key_without_profile":
        this.keys.delete(args.id as string);
        return null;
      case "test_key":
        return "The key works: Everflow accepted it as a network key.";
      case "key_check":
        return this.keyChecks.get(args.id as string) ?? null;
      case "run_key_check": {
        this.profile(args.id as string);
        const check = makeKeyCheck(["employees"]);
        this.keyChecks.set(args.id as string, check);
        return check;
      }
      case "throttle_notice":
        return null;
      case "set_release_feed":
        this.settings.release_feed = (args.feed as string).trim() || "https://releases.eflowdesk.team/desk/latest.json";
        return structuredClone(this.settings);
      case "check_for_update":
        return null;
      case "update_preferences":
        this.settings.page_size = args.pageSize as number;
        this.settings.requests_per_second = args.requestsPerSecond as number | null;
        this.settings.ui = args.ui as Settings["ui"];
        this.settings.log_level = args.logLevel as Settings["log_level"];
        return structuredClone(this.settings);
      case "copy_diagnostics":
        return "Eflow Desk diagnostics\nApp version: 0.1.0\n";
      case "affiliates_table": {
        if (this.session.kind === "none") {
          throw commandError({ code: "no_session", message: "Open a profile or the demo network first." });
        }
        const request = args.request as AffiliatesTableRequest;
        const page = args.page as PageRequest;
        const matching = this.matching(request);
        const start = (page.page - 1) * page.page_size;
        return {
          affiliates: matching.slice(start, start + page.page_size),
          paging: { page: page.page, page_size: page.page_size, total_count: matching.length },
        };
      }
      case "employees":
        return this.employees;
      case "countries":
        return this.countries;
      case "regions":
        return this.regions;
      case "affiliate_tiers":
        return [{ network_affiliate_tier_id: 2, name: "Gold" }];
      case "enum_options":
        return { ...ENUM_OPTIONS };
      case "affiliate": {
        const id = args.affiliateId as number;
        const record = this.affiliateRecords.get(id);
        if (record) return record;
        const row = this.affiliates.find((a) => a.network_affiliate_id === id);
        if (!row) throw commandError({ code: "not_found", message: "Everflow has no affiliate with this ID.", status: 404 });
        return makeAffiliateRecord(row);
      }
      case "affiliates_load_all": {
        // Pages of 50, each reported on the channel, then every matching row.
        const matching = this.matching(args.request as AffiliatesTableRequest);
        const channel = args.onProgress as { onmessage: (p: { done: number; total: number }) => void };
        const pages = Math.max(1, Math.ceil(matching.length / 50));
        for (let done = 1; done <= pages; done++) channel.onmessage({ done, total: pages });
        return matching;
      }
      case "cancel_job":
        // Whether a job with that id was running.
        return true;
      default:
        if (this.onboarding.handles(cmd)) return this.onboarding.handle(cmd, args);
        if (this.plans.handles(cmd)) return this.plans.handle(cmd, args, this);
        throw new Error(`The fake backend has no command "${cmd}"`);
    }
  }
}

/** Installs a fresh fake backend as the Tauri IPC. */
export function installBackend(setup?: (backend: FakeBackend) => void): FakeBackend {
  const backend = new FakeBackend();
  setup?.(backend);
  mockIPC((cmd, args) => backend.handle(cmd, (args ?? {}) as Args));
  return backend;
}
