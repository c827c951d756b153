// Create one offer URL, or edit one (the PUT replaces the whole record: Rust starts from a fresh GET,
// keeps every field the form does not show, and refuses to apply if Everflow changed meanwhile).
// Errors come from the Rust rules, live (debounced) at each field the user has touched.
import { useMemo, useRef, useState } from "react";
import { offerUrlsApi, toAppError, useOfferUrlValidation, type AppError, type OfferUrl, type Plan } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { useDebounced } from "../../lib/useDebounced";
import { humanize } from "../../lib/words";
import { formatDateTime } from "../affiliates/format";
import { draftToInput, errorsByField, KNOWN_MACROS, macrosOf, URL_STATUSES, type Draft, type UrlStatus } from "./model";
import { AffiliatePicker, UrlWithMacros } from "./pickers";

export type FormMode = { kind: "create" } | { kind: "edit"; url: OfferUrl };

interface Props {
  offerId: number;
  mode: FormMode;
  draft: Draft;
  onDraft: (next: Draft) => void;
  onCancel: () => void;
  /** The change was applied and the dialog closed: the draft is no longer needed. */
  onDone: () => void;
}

const ALL_FIELDS = ["name", "destination_url", "preview_url", "url_status", "network_affiliate_ids", "is_hidden_affiliate"];

export function OfferUrlForm({ offerId, mode, draft, onDraft, onCancel, onDone }: Props) {
  const [touched, setTouched] = useState<Set<string>>(() => new Set(mode.kind === "edit" ? ALL_FIELDS : []));
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const applied = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  const input = useMemo(() => draftToInput(offerId, draft), [offerId, draft]);
  const debounced = useDebounced(input, 300);
  const validation = useOfferUrlValidation(debounced);
  const live = errorsByField(validation.data);
  const server = errorsByField(error?.fields);
  const errorAt = (field: string) => (touched.has(field) ? (live[field] ?? server[field]) : server[field]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], field: string = key) => {
    onDraft({ ...draft, [key]: value });
    setTouched((t) => (t.has(field) ? t : new Set(t).add(field)));
    setError(null);
  };

  const preview = async () => {
    setError(null);
    setPlanning(true);
    try {
      // Check now (not the debounced result): nothing goes to Everflow with a known problem.
      const problems = await offerUrlsApi.validate(input);
      if (problems.length > 0) {
        setTouched(new Set(ALL_FIELDS));
        const first = problems[0].field;
        window.setTimeout(() => {
          const el = formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"] input, [data-field="${first}"] select`);
          el?.focus();
        }, 0);
        return;
      }
      const next = mode.kind === "create" ? await offerUrlsApi.planCreate([input]) : await offerUrlsApi.planEdit(mode.url.network_offer_url_id, input);
      applied.current = false;
      setPlan(next);
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  const macros = macrosOf(draft.destination_url);
  const noTransaction = draft.destination_url.trim() !== "" && !macros.includes("transaction_id");
  const title = mode.kind === "create" ? "New offer URL" : `Edit “${mode.url.name}”`;

  return (
    <div className="ou-form-layout">
      <form
        ref={formRef}
        className="form ou-form"
        data-testid="ou-form"
        aria-label={title}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <h2 className="section-title">{title}</h2>
        {mode.kind === "edit" ? (
          <p className="muted small" data-testid="ou-edit-loaded">
            Loaded from Everflow just now (last saved {formatDateTime(mode.url.time_saved)}). Saving sends the whole record; fields
            this form does not show are kept as they are.
          </p>
        ) : null}

        <Field name="name" label="Name" error={errorAt("name")}>
          {(p) => (
            <input type="text" {...p} data-testid="ou-name" value={draft.name} autoFocus onChange={(e) => set("name", e.target.value)} placeholder="e.g. Mobile landing page" />
          )}
        </Field>

        <Field
          name="destination_url"
          label="Destination URL"
          hint={
            <>
              Where the click goes. Everflow fills in macros such as <code>{"{transaction_id}"}</code> and <code>{"{affiliate_id}"}</code>.
            </>
          }
          error={errorAt("destination_url")}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              data-testid="ou-destination"
              value={draft.destination_url}
              spellCheck={false}
              onChange={(e) => set("destination_url", e.target.value)}
              placeholder="https://example.com/landing?tid={transaction_id}"
            />
          )}
        </Field>

        <Field name="preview_url" label="Preview URL (optional)" hint="The page affiliates can look at before promoting it." error={errorAt("preview_url")}>
          {(p) => (
            <input
              {...p}
              type="text"
              data-testid="ou-preview-url"
              value={draft.preview_url}
              spellCheck={false}
              onChange={(e) => set("preview_url", e.target.value)}
              placeholder="https://example.com/landing"
            />
          )}
        </Field>

        <Field name="url_status" label="Status" error={errorAt("url_status")}>
          {(p) => (
            <select {...p} data-testid="ou-status" value={draft.url_status} onChange={(e) => set("url_status", e.target.value as UrlStatus)}>
              {URL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          )}
        </Field>

        <fieldset className={`field ou-applies${errorAt("network_affiliate_ids") ? " field-invalid" : ""}`} data-field="network_affiliate_ids">
          <legend className="field-label">Applies to</legend>
          <label className="radio">
            <input
              type="radio"
              name="ou-specific"
              data-testid="ou-specific-all"
              checked={!draft.specific}
              onChange={() => set("specific", false, "network_affiliate_ids")}
            />
            Every affiliate
          </label>
          <label className="radio">
            <input
              type="radio"
              name="ou-specific"
              data-testid="ou-specific-some"
              checked={draft.specific}
              onChange={() => set("specific", true, "network_affiliate_ids")}
            />
            Only the affiliates chosen below
          </label>
          {draft.specific ? (
            <AffiliatePicker
              value={draft.affiliates}
              invalid={!!errorAt("network_affiliate_ids")}
              onChange={(next) => set("affiliates", next, "network_affiliate_ids")}
            />
          ) : null}
          {errorAt("network_affiliate_ids") ? (
            <p className="field-error" data-testid="field-error">
              {errorAt("network_affiliate_ids")}
            </p>
          ) : null}
        </fieldset>

        <div className="field" data-field="is_hidden_affiliate">
          <label className="checkbox">
            <input type="checkbox" data-testid="ou-hidden" checked={draft.hidden} onChange={(e) => set("hidden", e.target.checked, "is_hidden_affiliate")} />
            Hidden from affiliates
          </label>
          <p className="field-hint">Affiliates do not see this URL in their portal or through the API; clicks still use it.</p>
        </div>

        {error && error.fields.length === 0 ? <ErrorNotice error={error} title="The change could not be previewed" /> : null}
        {error && error.fields.length > 0 ? (
          <p className="notice notice-error" role="alert">
            Everflow Desk found problems: see the fields marked in red.
          </p>
        ) : null}

        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="ou-form-preview" disabled={planning}>
            {planning ? (
              <>
                <Spinner /> Preparing the preview…
              </>
            ) : mode.kind === "create" ? (
              "Preview and create"
            ) : (
              "Preview changes"
            )}
          </button>
          <button type="button" className="btn btn-secondary" data-testid="ou-form-cancel" onClick={onCancel}>
            {mode.kind === "create" ? "Back to the list" : "Cancel"}
          </button>
          <span className="muted small">Nothing is sent until you confirm in the preview. What you typed is kept if you leave.</span>
        </div>
      </form>

      <aside className="ou-form-aside panel" aria-label="How the destination URL reads" data-testid="ou-url-preview">
        <h3>Destination</h3>
        {draft.destination_url.trim() ? (
          <p className="ou-url-block">
            <UrlWithMacros url={draft.destination_url} testId="ou-destination-preview" />
          </p>
        ) : (
          <p className="muted">The destination URL appears here with its macros highlighted.</p>
        )}
        {macros.length > 0 ? (
          <>
            <h3>Macros</h3>
            <ul className="ou-macro-list">
              {[...new Set(macros)].map((m) => (
                <li key={m}>
                  <span className={`ou-macro${Object.hasOwn(KNOWN_MACROS, m) ? "" : " is-unknown"}`}>{`{${m}}`}</span>{" "}
                  <span className="muted small">{KNOWN_MACROS[m] ?? "Not one of the usual Everflow macros: check the spelling."}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {noTransaction ? (
          <p className="notice notice-warning small" data-testid="ou-no-transaction">
            This URL has no <code>{"{transaction_id}"}</code>: the advertiser cannot send conversions back for these clicks.
          </p>
        ) : null}
      </aside>

      {plan ? (
        <PlanPreview
          plan={plan}
          onClose={() => {
            setPlan(null);
            if (applied.current) onDone();
          }}
          onApplied={(report) => {
            applied.current = report.status === "applied";
          }}
        />
      ) : null}
    </div>
  );
}
