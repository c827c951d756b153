// Edit one affiliate. Everflow's PUT replaces the whole record, so: load fresh, show the same form
// sections as onboarding (minus users), preview exactly which fields change in the one plan dialog
// (Rust plans it from a fresh copy, keeps it, and says if someone else changed the record
// meanwhile), apply it by id, re-check.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { toAppError, type AppError, type ApplyReport, type Plan } from "../../api";
import { onboardingApi, useAffiliateForEdit, type EditLoad } from "../../api/onboarding";
import { useAffiliateLookups, type Lookups } from "../../api/lookups";
import type { AffiliateInput, FieldError, JsonValue } from "../../bindings";
import {
  ContactSection,
  GeneralSection,
  PaymentSection,
  ScheduleSection,
  detailValueWords,
  frequencyWords,
  paymentWords,
  prepareInput,
  receptionWords,
  setPath,
  type SectionProps,
} from "../../components/affiliate-form";
import { ErrorNotice } from "../../components/ErrorNotice";
import { LookupFailures } from "../../components/LookupFailures";
import { Loading, Spinner } from "../../components/Loading";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { useNavigate } from "../../lib/navigation";
import { humanize } from "../../lib/words";

export const EDIT_VALIDATE_DELAY_MS = 400;

export function EditAffiliateScreen({ affiliateId }: { affiliateId: number }) {
  const navigate = useNavigate();
  const loaded = useAffiliateForEdit(affiliateId);
  const lookups = useAffiliateLookups();
  // Each load (first, reload, after a save) starts the form afresh from what Everflow has now.
  const [generation, setGeneration] = useState(0);
  const [outcome, setOutcome] = useState<EditOutcome | null>(null);

  const reload = useCallback(async () => {
    await loaded.refetch();
    setGeneration((g) => g + 1);
  }, [loaded]);
  // The plan dialog lives here, not in the form: applying refreshes the affiliate, which remounts
  // the form, and the report must stay on screen until the user closes it.
  const [plan, setPlan] = useState<Plan | null>(null);
  const applied = useRef<ApplyReport | null>(null);

  return (
    <section className="screen" data-testid="edit-screen">
      <header className="screen-header">
        <button type="button" className="btn btn-secondary btn-small" data-testid="edit-back" onClick={() => navigate("affiliates")}>
          ← Back to affiliates
        </button>
        <h1>
          Edit {loaded.data ? loaded.data.affiliate.name : "affiliate"} <span className="muted">#{affiliateId}</span>
        </h1>
      </header>
      {outcome ? <Outcome outcome={outcome} /> : null}
      {loaded.error ? (
        <ErrorNotice error={loaded.error} title="This affiliate could not be loaded" onRetry={() => void loaded.refetch()} />
      ) : (
        <LookupFailures lookups={lookups} />
      )}
      {loaded.isPending || lookups.pending ? (
        <Loading label="Loading the affiliate…" />
      ) : loaded.data && !loaded.isFetching ? (
        <EditForm
          key={`${generation}:${loaded.data.time_saved}`}
          load={loaded.data}
          lookups={lookups}
          onReload={async () => {
            setOutcome(null);
            await reload();
          }}
          onPlanned={setPlan}
          onChanged={() => setOutcome(null)}
        />
      ) : loaded.isFetching ? (
        <Loading label="Loading the latest version…" />
      ) : null}
      {plan ? (
        <PlanPreview
          plan={plan}
          onApplied={(report) => {
            applied.current = report;
          }}
          onClose={() => {
            const shown = plan;
            const report = applied.current;
            applied.current = null;
            setPlan(null);
            if (report) {
              void reload().then(() => setOutcome({ plan: shown, report }));
            }
          }}
        />
      ) : null}
    </section>
  );
}

/** A saved edit: the plan as shown and what applying it did. */
interface EditOutcome {
  plan: Plan;
  report: ApplyReport;
}

function Outcome({ outcome }: { outcome: EditOutcome }) {
  const { plan, report } = outcome;
  const sent = report.batches.length > 0 && report.batches.every((b) => b.status === "sent");
  if (!sent) {
    return (
      <div className="notice notice-error" role="alert" data-testid="edit-not-saved">
        <p className="notice-title">Not saved</p>
        <p>{report.batches.find((b) => b.status !== "sent")?.message ?? "Everflow did not save the affiliate."}</p>
      </div>
    );
  }
  const mismatches = report.verification.mismatches;
  if (mismatches.length === 0 && !report.verification.error) {
    return (
      <div className="notice notice-ok" role="status" data-testid="edit-saved">
        <p className="notice-title">Saved and checked</p>
        <p>Everflow has the changes, and a fresh copy of the affiliate matches what you confirmed.</p>
      </div>
    );
  }
  return (
    <div className="notice notice-error" role="alert" data-testid="edit-mismatches">
      <p className="notice-title">Saved, but Everflow's copy differs from what you confirmed</p>
      {report.verification.error ? <p>{report.verification.error}</p> : null}
      <ul>
        {mismatches.map((m) => (
          <li key={m.field_type}>
            {plan.rows.find((r) => r.field_type === m.field_type)?.field_label ?? humanize(m.field_type.split(".").at(-1) ?? m.field_type)}: expected{" "}
            {valueWords(m.field_type, m.expected)}, Everflow has {valueWords(m.field_type, m.actual)}
          </li>
        ))}
      </ul>
      <p className="notice-hint">Check these fields on the affiliate, and edit them again if needed.</p>
    </div>
  );
}

interface FormProps {
  load: EditLoad;
  lookups: Lookups;
  onReload: () => Promise<void>;
  /** A plan of the form's changes is ready to preview. */
  onPlanned: (plan: Plan) => void;
  onChanged: () => void;
}

function EditForm({ load, lookups, onReload, onPlanned, onChanged }: FormProps) {
  const [input, setInput] = useState<AffiliateInput>(load.input);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [showAll, setShowAll] = useState(false);
  const [focusPath, setFocusPath] = useState<string | null>(null);
  const [planning, setPlanning] = useState(false);
  const [nothing, setNothing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [serverFields, setServerFields] = useState<FieldError[]>([]);

  const prepared = useMemo(() => prepareInput(input, lookups.billingRules, "update"), [input, lookups.billingRules]);

  const run = useRef(0);
  const validate = useCallback(async (value: AffiliateInput) => {
    const mine = ++run.current;
    const result = await onboardingApi.validate(value, "update");
    if (mine === run.current) setErrors(result);
    return result;
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => void validate(prepared).catch(() => {}), EDIT_VALIDATE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [prepared, validate]);

  useLayoutEffect(() => {
    if (!focusPath) return;
    const field = document.querySelector(`[data-field="${focusPath.replace(/"/g, '\\"')}"]`);
    const target = field?.querySelector<HTMLElement>("input, select, textarea, [tabindex]") ?? (field as HTMLElement | null);
    target?.focus();
    setFocusPath(null);
  }, [focusPath]);

  const set = useCallback(
    (path: string, value: unknown) => {
      setInput((prev) => setPath(prev, path, value));
      setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
      setServerFields((prev) => prev.filter((f) => f.field !== path));
      setNothing(false);
      onChanged();
    },
    [onChanged],
  );

  const fieldError = (path: string) =>
    serverFields.find((f) => f.field === path)?.message ??
    (touched.has(path) || showAll ? errors.find((e) => e.field === path)?.message : undefined);

  const form: SectionProps = { value: input, set, error: fieldError, lookups };

  const review = async () => {
    setError(null);
    setNothing(false);
    setPlanning(true);
    try {
      const result = await validate(prepared);
      if (result.length > 0) {
        setShowAll(true);
        setFocusPath(result[0].field);
        return;
      }
      const next = await onboardingApi.planEdit(load.affiliate.network_affiliate_id, load.time_saved, prepared);
      if (next.rows.length === 0) setNothing(true);
      else onPlanned(next);
    } catch (e) {
      const appError = toAppError(e);
      setError(appError);
      setServerFields(appError.fields);
      setShowAll(true);
    } finally {
      setPlanning(false);
    }
  };

  const unplaced = showAll ? errors.filter((e) => !document.querySelector(`[data-field="${e.field}"]`)) : [];

  return (
    <div className="edit-form">
      <h2 className="section-title">General</h2>
      <GeneralSection form={form} />
      {input.is_contact_address_enabled ? (
        <>
          <h2 className="section-title">Contact address</h2>
          <ContactSection form={form} />
        </>
      ) : null}
      <h2 className="section-title">Billing schedule</h2>
      <ScheduleSection form={form} />
      <PaymentSection form={form} />

      {unplaced.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <ul>
            {unplaced.map((e) => (
              <li key={e.field}>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <ErrorNotice
          error={error}
          title="The changes could not be previewed"
          actions={
            <button type="button" className="btn btn-secondary btn-small" onClick={() => void onReload()}>
              Reload
            </button>
          }
        />
      ) : null}
      {nothing ? (
        <p className="notice notice-ok" role="status" data-testid="edit-nothing">
          Nothing to save: the form matches what Everflow has.
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="edit-review" disabled={planning} onClick={() => void review()}>
          {planning ? (
            <>
              <Spinner /> Comparing with Everflow…
            </>
          ) : (
            "Review changes"
          )}
        </button>
      </div>

    </div>
  );
}

/** A value in words for the preview ("Monthly", "Tuesday", "Yes", "(empty)"). */
export function valueWords(path: string, value: JsonValue | undefined, lookups?: Lookups): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  const field = path.split(".").at(-1) ?? path;
  if (path === "billing.billing_frequency" && typeof value === "string") return frequencyWords(value);
  if (path === "billing.payment_type" && typeof value === "string") return paymentWords(value);
  if (field === "paypal_reception_method" && typeof value === "string") return receptionWords(value);
  if (path === "account_status" && typeof value === "string") return humanize(value);
  if (path === "network_employee_id" && typeof value === "number" && lookups) {
    const e = lookups.employees.find((x) => x.network_employee_id === value);
    if (e) return `${e.first_name} ${e.last_name}`;
  }
  if (path === "network_affiliate_tier_id" && typeof value === "number" && lookups) {
    const t = lookups.tiers.find((x) => x.network_affiliate_tier_id === value);
    if (t) return t.name;
  }
  if (path === "network_traffic_source_id" && typeof value === "number" && lookups) {
    const t = lookups.trafficSources.find((x) => x.network_traffic_source_id === value);
    if (t) return t.name;
  }
  if (Array.isArray(value)) return value.length ? value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ") : "(none)";
  if (typeof value === "object") return JSON.stringify(value);
  return detailValueWords(field, value);
}
