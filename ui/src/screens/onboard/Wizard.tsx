// The onboarding wizard: one partner, step by step. Every rule is checked by validateAffiliate in
// Rust; this screen only decides when to show its answers. Nothing typed is ever dropped.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { AffiliateInput, FieldError } from "../../bindings";
import { toAppError, type AppError, type ApplyReport, type Plan } from "../../api";
import { onboardingApi, useDraftsChanged, type OnboardingDraft } from "../../api/onboarding";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { type Lookups } from "../../api/lookups";
import {
  ContactSection,
  GeneralSection,
  PaymentSection,
  ScheduleSection,
  STEP_TITLES,
  UsersSection,
  errorsOfStep,
  prepareInput,
  setPath,
  stepOfField,
  type SectionProps,
  type StepId,
} from "../../components/affiliate-form";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Loading";
import { useNavigate } from "../../lib/navigation";
import { Review } from "./Review";

export const VALIDATE_DELAY_MS = 400;
export const DRAFT_DELAY_MS = 600;

interface Props {
  initial: OnboardingDraft;
  lookups: Lookups;
  /** Leave the wizard (after discarding, or "Onboard another"). */
  onClose: () => void;
  onRestart: () => void;
}

function stepsFor(input: AffiliateInput): StepId[] {
  return input.is_contact_address_enabled
    ? ["general", "contact", "users", "schedule", "payment", "review"]
    : ["general", "users", "schedule", "payment", "review"];
}

function isStep(value: string): value is StepId {
  return value in STEP_TITLES;
}

/** Focuses the first input (or the error itself) of the field at `path`. */
function focusField(path: string) {
  const selector = `[data-field="${path.replace(/"/g, '\\"')}"]`;
  const field = document.querySelector(selector);
  if (!field) return;
  const target = field.querySelector<HTMLElement>("input, select, textarea, [tabindex]") ?? (field as HTMLElement);
  target.focus();
  target.scrollIntoView?.({ block: "center" });
}

export function Wizard({ initial, lookups, onClose, onRestart }: Props) {
  const navigate = useNavigate();
  const draftsChanged = useDraftsChanged();
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);

  const [input, setInput] = useState<AffiliateInput>(initial.input);
  const [step, setStep] = useState<StepId>(isStep(initial.step) ? initial.step : "general");
  const [notification, setNotification] = useState(initial.notification);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [shownSteps, setShownSteps] = useState<Set<StepId>>(() => new Set());
  const [serverFields, setServerFields] = useState<FieldError[]>([]);
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [focusPath, setFocusPath] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [created, setCreated] = useState<{ name: string; id: number | null } | null>(null);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [draftState, setDraftState] = useState<"idle" | "saving" | "saved" | "failed">("idle");
  const [dirty, setDirty] = useState(false);

  const rules = lookups.billingRules;
  const prepared = useMemo(() => prepareInput(input, rules, "create"), [input, rules]);
  const steps = stepsFor(input);
  const shownStep = steps.includes(step) ? step : "general";
  const stepIndex = steps.indexOf(shownStep);

  // ---- validation, debounced as the user types ----
  const validationRun = useRef(0);
  const validate = useCallback(async (value: AffiliateInput) => {
    const run = ++validationRun.current;
    const result = await onboardingApi.validate(value, "create");
    if (run === validationRun.current) setErrors(result);
    return result;
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      void validate(prepared).catch(() => {});
    }, VALIDATE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [prepared, validate]);

  // ---- drafts, saved as the user types (never with a password) ----
  const draftId = useRef(initial.id);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const finished = useRef(false);
  useEffect(() => {
    if (!dirty || created) return;
    const timer = window.setTimeout(() => {
      saving.current = saving.current.then(async () => {
        if (finished.current) return;
        setDraftState("saving");
        try {
          const summary = await onboardingApi.saveDraft({
            id: draftId.current,
            step: shownStep,
            input,
            notification,
            updated_at: Math.floor(Date.now() / 1000),
          });
          draftId.current = summary.id;
          setDraftState("saved");
          void draftsChanged();
        } catch {
          setDraftState("failed");
        }
      });
    }, DRAFT_DELAY_MS);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [input, shownStep, notification, dirty, created]);

  useLayoutEffect(() => {
    if (!focusPath) return;
    focusField(focusPath);
    setFocusPath(null);
  }, [focusPath, shownStep]);

  const set = useCallback((path: string, value: unknown) => {
    setInput((prev) => setPath(prev, path, value));
    setTouched((prev) => (prev.has(path) ? prev : new Set(prev).add(path)));
    setServerFields((prev) => prev.filter((f) => f.field !== path));
    setDirty(true);
  }, []);

  const error = useCallback(
    (path: string): string | undefined => {
      const server = serverFields.find((f) => f.field === path);
      if (server) return server.message;
      const found = errors.find((e) => e.field === path);
      if (!found) return undefined;
      return touched.has(path) || shownSteps.has(stepOfField(path)) ? found.message : undefined;
    },
    [errors, serverFields, touched, shownSteps],
  );

  const form: SectionProps = { value: input, set, error, lookups };

  const goTo = (next: StepId, field?: string) => {
    setStep(next);
    setDirty(true);
    if (field) {
      setShownSteps((prev) => new Set(prev).add(stepOfField(field)));
      setFocusPath(field);
    }
  };

  const next = async () => {
    setChecking(true);
    let result: FieldError[];
    try {
      result = await validate(prepared);
    } catch (e) {
      setServerError(toAppError(e));
      return;
    } finally {
      setChecking(false);
    }
    const mine = errorsOfStep(result, shownStep);
    if (mine.length > 0) {
      setShownSteps((prev) => new Set(prev).add(shownStep));
      setFocusPath(mine[0].field);
      return;
    }
    goTo(steps[stepIndex + 1]);
  };

  const submit = async () => {
    setServerError(null);
    let result: FieldError[];
    try {
      result = await validate(prepared);
    } catch (e) {
      setServerError(toAppError(e));
      return;
    }
    if (result.length > 0) {
      setShownSteps(new Set(steps));
      return;
    }
    setPlanning(true);
    try {
      // Rust plans the create (rules, names and emails already on Everflow) and keeps it; the
      // dialog shows it and applies it by id.
      setPlan(await onboardingApi.planCreate(prepared, notification));
    } catch (e) {
      const error = toAppError(e);
      setServerError(error);
      setServerFields(error.fields);
      setShownSteps(new Set(steps));
    } finally {
      setPlanning(false);
    }
  };

  const onApplied = async (report: ApplyReport) => {
    const batch = report.batches[0];
    if (!batch || batch.status !== "sent") {
      setServerFields(batch?.fields ?? []);
      return;
    }
    setCreatedLater({ name: prepared.name.trim(), id: batch.created_id ?? null });
    finished.current = true;
    await saving.current;
    if (draftId.current) {
      await onboardingApi.discardDraft(draftId.current).catch(() => {});
      draftId.current = "";
    }
    void draftsChanged();
  };
  // Shown once the dialog with the report is closed.
  const createdLater = useRef<{ name: string; id: number | null } | null>(null);
  const setCreatedLater = (value: { name: string; id: number | null }) => {
    createdLater.current = value;
  };

  const discard = async () => {
    finished.current = true;
    await saving.current;
    if (draftId.current) await onboardingApi.discardDraft(draftId.current).catch(() => {});
    void draftsChanged();
    setConfirmDiscard(false);
    onClose();
  };

  if (created) {
    return (
      <div className="panel wizard-success" data-testid="wizard-success" role="status">
        <h2>{created.name} was created</h2>
        <p>
          Everflow gave it the id <strong data-testid="created-id">#{created.id ?? "?"}</strong>.
          {notification ? " A welcome email is on its way to the new users." : " No welcome email was sent."}
        </p>
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => navigate("affiliates")} data-testid="view-affiliates">
            View affiliates
          </button>
          <button type="button" className="btn btn-secondary" onClick={onRestart} data-testid="onboard-another">
            Onboard another
          </button>
        </div>
      </div>
    );
  }

  // Errors still open anywhere, shown on Review: the server's first, then the rules'.
  const reviewErrors = [...serverFields, ...errors.filter((e) => !serverFields.some((s) => s.field === e.field))];

  return (
    <div className="wizard" data-testid="wizard">
      <ol className="wizard-steps" aria-label="Steps">
        {steps.map((s, i) => {
          const count = s === "review" ? 0 : errorsOfStep(errors, s).length;
          const flagged = count > 0 && (shownSteps.has(s) || i < stepIndex);
          return (
            <li key={s}>
              <button
                type="button"
                className={`wizard-step${s === shownStep ? " is-current" : ""}${flagged ? " has-errors" : ""}`}
                aria-current={s === shownStep ? "step" : undefined}
                data-testid={`wizard-step-${s}`}
                onClick={() => goTo(s)}
              >
                <span className="wizard-step-number">{i + 1}</span> {STEP_TITLES[s]}
                {flagged ? <span className="visually-hidden"> (needs fixing)</span> : null}
              </button>
            </li>
          );
        })}
      </ol>

      <div className="wizard-body">
        <h2 className="wizard-title">{STEP_TITLES[shownStep]}</h2>
        {shownStep === "general" ? <GeneralSection form={form} /> : null}
        {shownStep === "contact" ? <ContactSection form={form} /> : null}
        {shownStep === "users" ? <UsersSection form={form} /> : null}
        {shownStep === "schedule" ? <ScheduleSection form={form} /> : null}
        {shownStep === "payment" ? <PaymentSection form={form} /> : null}
        {shownStep === "review" ? (
          <>
            <Review input={prepared} lookups={lookups} steps={steps} errors={reviewErrors} onEdit={goTo} />
            <label className="checkbox welcome-toggle">
              <input
                type="checkbox"
                data-testid="wizard-notification"
                checked={notification}
                onChange={(e) => {
                  setNotification(e.target.checked);
                  setDirty(true);
                }}
              />
              <span>Send a welcome email to the new users</span>
            </label>
          </>
        ) : null}

        {serverError ? <ErrorNotice error={serverError} title="The partner was not created" compact /> : null}

        <div className="form-actions wizard-actions">
          {stepIndex > 0 ? (
            <button type="button" className="btn btn-secondary" data-testid="wizard-back" onClick={() => goTo(steps[stepIndex - 1])}>
              Back
            </button>
          ) : null}
          {shownStep !== "review" ? (
            <button type="button" className="btn btn-primary" data-testid="wizard-next" onClick={() => void next()}>
              {checking ? <Spinner /> : null} Next
            </button>
          ) : (
            <button
              type="button"
              className="btn btn-primary"
              data-testid="wizard-create"
              disabled={planning || plan !== null}
              onClick={() => void submit()}
            >
              {planning ? (
                <>
                  <Spinner /> Checking with Everflow…
                </>
              ) : (
                "Review and create…"
              )}
            </button>
          )}
          <span className="topbar-spacer" />
          <span className="muted small" role="status" data-testid="draft-status">
            {draftState === "saving" ? "Saving draft…" : draftState === "saved" ? "Draft saved" : draftState === "failed" ? "The draft could not be saved" : ""}
          </span>
          <button type="button" className="btn btn-danger-quiet btn-small" data-testid="wizard-discard" onClick={() => setConfirmDiscard(true)}>
            Discard draft
          </button>
        </div>
      </div>

      {plan ? (
        <PlanPreview
          plan={plan}
          onApplied={(report) => void onApplied(report)}
          onClose={() => {
            setPlan(null);
            if (createdLater.current) setCreated(createdLater.current);
          }}
        />
      ) : null}

      <ConfirmDialog
        open={confirmDiscard}
        onOpenChange={setConfirmDiscard}
        title="Discard this draft?"
        confirmLabel="Discard draft"
        destructive
        onConfirm={() => void discard()}
      >
        <p>Everything typed for {input.name.trim() || "this partner"} will be thrown away. Nothing was sent to Everflow.</p>
      </ConfirmDialog>
    </div>
  );
}
