// Bulk update of the selected offer URLs of one offer (status, affiliates with overwrite / append /
// delete / clear, who it applies to, hidden, find/replace in the destination), previewed locally by
// Rust with the before/after of every URL and applied through PlanPreview.
import { useId, useRef, useState } from "react";
import { offerUrlsApi, toAppError, type AppError, type OfferUrl, type Plan } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Spinner } from "../../components/Loading";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { formatCount, humanize } from "../../lib/words";
import {
  AFFILIATE_OPERATOR_WORDS,
  patchFieldErrors,
  toOfferUrlPatch,
  UPDATE_FIELD_LABELS,
  updateGaps,
  URL_STATUSES,
  type AffiliateOperator,
  type UpdateFields,
  type UpdateFieldType,
  type UrlStatus,
} from "./model";
import { AffiliatePicker } from "./pickers";

const NAMES_SHOWN = 10;
const ORDER: UpdateFieldType[] = ["url_status", "network_affiliate_ids", "is_apply_specific_affiliates", "is_hidden_affiliate", "destination_url_replace"];

interface Props {
  offerId: number;
  selected: OfferUrl[];
  fields: UpdateFields;
  onFields: (fields: UpdateFields) => void;
  onCancel: () => void;
  /** Applied and closed: the selection has done its job. */
  onDone: () => void;
}

function initial(type: UpdateFieldType): UpdateFields[UpdateFieldType] {
  switch (type) {
    case "url_status":
      return "paused";
    case "network_affiliate_ids":
      return { operator: "append", affiliates: [] };
    case "is_apply_specific_affiliates":
      return true;
    case "is_hidden_affiliate":
      return true;
    case "destination_url_replace":
      return { find: "", replace: "" };
  }
}

export function BulkUpdate({ offerId, selected, fields, onFields, onCancel, onDone }: Props) {
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [gaps, setGaps] = useState<string[]>([]);
  const applied = useRef(false);
  const pickerId = useId();

  const patch = toOfferUrlPatch(
    offerId,
    selected.map((u) => u.network_offer_url_id),
    fields,
  );
  const fieldErrors = patchFieldErrors(patch, error?.fields ?? []);
  const added = ORDER.filter((t) => fields[t] !== undefined);
  const available = ORDER.filter((t) => fields[t] === undefined);

  const set = (next: UpdateFields) => {
    onFields(next);
    setGaps([]);
    setError(null);
  };
  const change = <K extends UpdateFieldType>(type: K, value: UpdateFields[K]) => set({ ...fields, [type]: value });
  const remove = (type: UpdateFieldType) => {
    const next = { ...fields };
    delete next[type];
    set(next);
  };

  const preview = async () => {
    const missing = updateGaps(fields);
    if (missing.length > 0) {
      setGaps(missing);
      return;
    }
    setError(null);
    setPlanning(true);
    try {
      applied.current = false;
      setPlan(await offerUrlsApi.planUpdate(patch));
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  return (
    <section className="panel ou-bulk-update" data-testid="ou-bulk-update" aria-labelledby={`${pickerId}-title`}>
      <h2 className="section-title" id={`${pickerId}-title`}>
        Change {formatCount(selected.length)} selected offer {selected.length === 1 ? "URL" : "URLs"}
      </h2>
      <ul className="chips" data-testid="ou-bulk-who">
        {selected.slice(0, NAMES_SHOWN).map((u) => (
          <li key={u.network_offer_url_id} className="chip">
            {u.name}
          </li>
        ))}
        {selected.length > NAMES_SHOWN ? <li className="chip">and {formatCount(selected.length - NAMES_SHOWN)} more</li> : null}
      </ul>

      <div className="bulk-fields">
        {added.map((type) => (
          <div key={type} className={`bulk-field${fieldErrors[type] ? " field-invalid" : ""}`} data-testid={`ou-update-${type}`} data-field={type}>
            <span className="field-label bulk-field-label">{UPDATE_FIELD_LABELS[type]}</span>
            <UpdateValue type={type} fields={fields} onChange={change} />
            <button type="button" className="btn-link" data-testid={`ou-update-remove-${type}`} onClick={() => remove(type)}>
              Remove
            </button>
            {fieldErrors[type] ? (
              <p className="field-error" data-testid="field-error">
                {fieldErrors[type]}
              </p>
            ) : null}
          </div>
        ))}
        {added.length === 0 ? <p className="muted">Add the changes to make to every selected URL.</p> : null}
      </div>
      <div className="field bulk-picker">
        <label htmlFor={pickerId} className="field-label">
          Add a change
        </label>
        <select
          id={pickerId}
          data-testid="ou-update-picker"
          value=""
          disabled={available.length === 0}
          onChange={(e) => {
            const type = e.target.value as UpdateFieldType;
            if (type) set({ ...fields, [type]: initial(type) });
          }}
        >
          <option value="">Choose what to change…</option>
          {available.map((t) => (
            <option key={t} value={t}>
              {UPDATE_FIELD_LABELS[t]}
            </option>
          ))}
        </select>
      </div>

      {gaps.length > 0 ? (
        <div className="notice notice-error" role="alert" data-testid="ou-update-gaps">
          {gaps.map((g) => (
            <p key={g}>{g}</p>
          ))}
        </div>
      ) : null}
      {error && Object.keys(fieldErrors).length === 0 ? <ErrorNotice error={error} title="The change could not be previewed" /> : null}

      <div className="form-actions">
        <button type="button" className="btn btn-primary" data-testid="ou-update-preview" disabled={planning || added.length === 0} onClick={() => void preview()}>
          {planning ? (
            <>
              <Spinner /> Reading the URLs from Everflow…
            </>
          ) : (
            "Preview changes"
          )}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="ou-update-cancel" onClick={onCancel}>
          Cancel
        </button>
        <span className="muted small">The preview shows every URL before and after; nothing is sent until you confirm.</span>
      </div>

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
    </section>
  );
}

function UpdateValue({
  type,
  fields,
  onChange,
}: {
  type: UpdateFieldType;
  fields: UpdateFields;
  onChange: <K extends UpdateFieldType>(type: K, value: UpdateFields[K]) => void;
}) {
  switch (type) {
    case "url_status":
      return (
        <select
          className="bulk-value"
          data-testid="ou-update-value-url_status"
          aria-label="New status"
          value={fields.url_status}
          onChange={(e) => onChange("url_status", e.target.value as UrlStatus)}
        >
          {URL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      );
    case "network_affiliate_ids": {
      const value = fields.network_affiliate_ids ?? { operator: "append" as AffiliateOperator, affiliates: [] };
      return (
        <div className="bulk-value ou-update-affiliates">
          <select
            className="bulk-operator"
            data-testid="ou-update-operator"
            aria-label="How to change the affiliates"
            value={value.operator}
            onChange={(e) => onChange("network_affiliate_ids", { ...value, operator: e.target.value as AffiliateOperator })}
          >
            {(Object.keys(AFFILIATE_OPERATOR_WORDS) as AffiliateOperator[]).map((op) => (
              <option key={op} value={op}>
                {AFFILIATE_OPERATOR_WORDS[op]}
              </option>
            ))}
          </select>
          {value.operator === "clear" ? (
            <span className="muted">The URLs will name no affiliate.</span>
          ) : (
            <AffiliatePicker
              testId="ou-update-affiliates"
              value={value.affiliates}
              onChange={(affiliates) => onChange("network_affiliate_ids", { ...value, affiliates })}
            />
          )}
        </div>
      );
    }
    case "is_apply_specific_affiliates":
      return (
        <select
          className="bulk-value"
          data-testid="ou-update-value-is_apply_specific_affiliates"
          aria-label="Who the URLs apply to"
          value={String(fields.is_apply_specific_affiliates)}
          onChange={(e) => onChange("is_apply_specific_affiliates", e.target.value === "true")}
        >
          <option value="true">Only the affiliates they name</option>
          <option value="false">Every affiliate</option>
        </select>
      );
    case "is_hidden_affiliate":
      return (
        <select
          className="bulk-value"
          data-testid="ou-update-value-is_hidden_affiliate"
          aria-label="Hidden from affiliates"
          value={String(fields.is_hidden_affiliate)}
          onChange={(e) => onChange("is_hidden_affiliate", e.target.value === "true")}
        >
          <option value="true">Hidden from affiliates</option>
          <option value="false">Shown to affiliates</option>
        </select>
      );
    case "destination_url_replace": {
      const value = fields.destination_url_replace ?? { find: "", replace: "" };
      return (
        <div className="bulk-value ou-find-replace">
          <label>
            <span className="small muted">Find</span>
            <input
              type="text"
              data-testid="ou-update-find"
              spellCheck={false}
              value={value.find}
              placeholder="old-domain.com"
              onChange={(e) => onChange("destination_url_replace", { ...value, find: e.target.value })}
            />
          </label>
          <label>
            <span className="small muted">Replace with</span>
            <input
              type="text"
              data-testid="ou-update-replace"
              spellCheck={false}
              value={value.replace}
              placeholder="new-domain.com"
              onChange={(e) => onChange("destination_url_replace", { ...value, replace: e.target.value })}
            />
          </label>
        </div>
      );
    }
  }
}
