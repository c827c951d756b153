// Onboard: one partner with the wizard (new or from a saved draft), or many from a CSV file.
import { useState } from "react";
import { toAppError, type AppError } from "../../api";
import {
  onboardingApi,
  useDiscardDraft,
  useOnboardingDrafts,
  type DraftSummary,
  type OnboardingDraft,
} from "../../api/onboarding";
import { useAffiliateLookups } from "../../api/lookups";
import { emptyAffiliateInput, STEP_TITLES, type StepId } from "../../components/affiliate-form";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { ErrorNotice } from "../../components/ErrorNotice";
import { LookupFailures } from "../../components/LookupFailures";
import { Loading } from "../../components/Loading";
import { CsvImport } from "./CsvImport";
import { Wizard } from "./Wizard";

type Tab = "one" | "csv";

function newDraft(): OnboardingDraft {
  return { id: "", step: "general", input: emptyAffiliateInput(), notification: true, updated_at: 0 };
}

/** "3 minutes ago", from Unix seconds. */
export function timeAgo(unixSeconds: number, now = Date.now()): string {
  const ms = unixSeconds * 1000;
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  return `on ${new Date(ms).toLocaleDateString()}`;
}

function stepWords(step: string): string {
  return step in STEP_TITLES ? `${STEP_TITLES[step as StepId]} step` : "started";
}

export function OnboardScreen() {
  const [tab, setTab] = useState<Tab>("one");
  const lookups = useAffiliateLookups();
  const [open, setOpen] = useState<{ draft: OnboardingDraft; key: number } | null>(null);

  return (
    <section className="screen" data-testid="onboard-screen">
      <header className="screen-header">
        <h1>Onboard partners</h1>
      </header>
      <div className="tabs" role="tablist" aria-label="How to onboard">
        <button
          type="button"
          role="tab"
          className={`tab${tab === "one" ? " is-current" : ""}`}
          aria-selected={tab === "one"}
          data-testid="tab-one"
          onClick={() => setTab("one")}
        >
          One partner
        </button>
        <button
          type="button"
          role="tab"
          className={`tab${tab === "csv" ? " is-current" : ""}`}
          aria-selected={tab === "csv"}
          data-testid="tab-csv"
          onClick={() => setTab("csv")}
        >
          Import from a CSV file
        </button>
      </div>

      <LookupFailures lookups={lookups} />

      {/* Both tabs stay mounted, so switching tabs loses nothing typed or imported. */}
      <div role="tabpanel" hidden={tab !== "one"}>
        {lookups.pending ? (
          <Loading label="Loading the form…" />
        ) : open ? (
          <Wizard
            key={open.key}
            initial={open.draft}
            lookups={lookups}
            onClose={() => setOpen(null)}
            onRestart={() => setOpen({ draft: newDraft(), key: Date.now() })}
          />
        ) : (
          <Drafts onOpen={(draft) => setOpen({ draft, key: Date.now() })} />
        )}
      </div>
      <div role="tabpanel" hidden={tab !== "csv"}>
        <CsvImport />
      </div>
    </section>
  );
}

function Drafts({ onOpen }: { onOpen: (draft: OnboardingDraft) => void }) {
  const drafts = useOnboardingDrafts();
  const discard = useDiscardDraft();
  const [confirm, setConfirm] = useState<DraftSummary | null>(null);
  const [resumeError, setResumeError] = useState<AppError | null>(null);
  const [resuming, setResuming] = useState<string | null>(null);

  const resume = async (id: string) => {
    setResumeError(null);
    setResuming(id);
    try {
      onOpen(await onboardingApi.loadDraft(id));
    } catch (e) {
      setResumeError(toAppError(e));
    } finally {
      setResuming(null);
    }
  };

  return (
    <div className="drafts" data-testid="drafts">
      <div className="form-actions">
        <button type="button" className="btn btn-primary btn-large" data-testid="start-new" onClick={() => onOpen(newDraft())}>
          Start a new partner
        </button>
      </div>
      {drafts.isPending ? <Loading label="Looking for saved drafts…" /> : null}
      {drafts.error ? <ErrorNotice error={drafts.error} title="Saved drafts could not be listed" onRetry={() => void drafts.refetch()} compact /> : null}
      {resumeError ? <ErrorNotice error={resumeError} title="The draft could not be opened" compact /> : null}
      {drafts.data && drafts.data.length > 0 ? (
        <>
          <h2 className="section-title">Saved drafts</h2>
          <ul className="card-list" data-testid="draft-list">
            {drafts.data.map((d) => (
              <li key={d.id} className="card draft-item" data-testid="draft-item">
                <span>
                  <strong>{d.name.trim() || "Unnamed partner"}</strong>
                  <span className="muted">
                    {" "}
                    — {d.problem ? d.problem : `${stepWords(d.step)}, saved ${timeAgo(d.updated_at)}`}
                  </span>
                </span>
                <span className="card-actions">
                  <button
                    type="button"
                    className="btn btn-secondary btn-small"
                    data-testid="draft-resume"
                    disabled={resuming !== null || Boolean(d.problem)}
                    onClick={() => void resume(d.id)}
                  >
                    Resume
                  </button>
                  <button
                    type="button"
                    className="btn btn-danger-quiet btn-small"
                    data-testid="draft-discard"
                    onClick={() => setConfirm(d)}
                  >
                    Discard
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(next) => (next ? undefined : setConfirm(null))}
        title="Discard this draft?"
        confirmLabel="Discard draft"
        pendingLabel="Discarding…"
        destructive
        pending={discard.isPending}
        error={discard.error}
        onConfirm={() => {
          if (confirm) discard.mutate(confirm.id, { onSuccess: () => setConfirm(null) });
        }}
      >
        <p>The saved draft for {confirm?.name.trim() || "this partner"} will be thrown away. Nothing was sent to Everflow.</p>
      </ConfirmDialog>
    </div>
  );
}
