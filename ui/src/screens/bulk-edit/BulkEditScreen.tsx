// Bulk edit: who (the table's selection, or every affiliate matching its filters), what (fields with a
// typed input and only the operators that make sense), then Everflow's own preview in PlanPreview.
import { useId, useRef, useState, type ReactNode } from "react";
import {
  plansApi,
  toAppError,
  useCurrencies,
  useEmployees,
  useEnumOptions,
  useKnownAccountManagers,
  useTrafficSources,
  type AppError,
  type PatchFieldInput,
  type Plan,
} from "../../api";
import type { JsonValue } from "../../bindings";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading, Spinner } from "../../components/Loading";
import { fieldSpec, operatorsFor, operatorWords, valueWords } from "../../components/plan-preview/fields";
import { PlanPreview } from "../../components/plan-preview/PlanPreview";
import { frequencyWords, MONTHS } from "../../components/affiliate-form/words";
import { useNavigate, type ScreenParams } from "../../lib/navigation";
import { useAffiliateSelection } from "../../lib/selection";
import { formatCount, humanize } from "../../lib/words";
import {
  addField,
  missingValues,
  pickable,
  removeField,
  setOperator,
  setValue,
  toPatchFields,
  type FieldRow,
} from "./model";

const NAMES_SHOWN = 12;

export function BulkEditScreen({ params }: { params: ScreenParams }) {
  const navigate = useNavigate();
  const selection = useAffiliateSelection();
  const applied = useRef(false);
  const enums = useEnumOptions();
  const matching = params.bulkEdit ?? null;
  const count = matching ? matching.count : selection.count;

  const [rows, setRows] = useState<FieldRow[]>([]);
  const [planning, setPlanning] = useState(false);
  const [plan, setPlan] = useState<Plan | null>(null);
  // The fields the shown plan was made with, to plan again without the affiliates in error.
  const [plannedFields, setPlannedFields] = useState<PatchFieldInput[]>([]);
  const [error, setError] = useState<AppError | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const pickerId = useId();

  const update = (next: FieldRow[]) => {
    setRows(next);
    setMissing([]);
    setError(null);
  };

  const fieldErrors = (index: number): string[] =>
    (error?.fields ?? []).filter((f) => f.field === `fields[${index}]` || f.field.startsWith(`fields[${index}].`)).map((f) => f.message);

  const preview = async () => {
    const gaps = missingValues(rows);
    if (gaps.length > 0) {
      setMissing(gaps.map((r) => r.field_type));
      return;
    }
    setError(null);
    setPlanning(true);
    try {
      const fields = toPatchFields(rows);
      const next = matching
        ? await plansApi.planBulkEditMatching(matching.request, fields)
        : await plansApi.planBulkEdit(
            selection.selected.map((a) => a.id),
            fields,
          );
      setPlannedFields(fields);
      setPlan(next);
    } catch (e) {
      setError(toAppError(e));
    } finally {
      setPlanning(false);
    }
  };

  const removeAffiliates = (ids: number[]) => {
    if (!plan) return Promise.reject(new Error("No plan"));
    const gone = new Set(ids);
    return plansApi.planBulkEdit(
      plan.record_ids.filter((id) => !gone.has(id)),
      plannedFields,
    );
  };

  if (count === 0) {
    return (
      <section className="screen" data-testid="bulk-edit-screen">
        <header className="screen-header">
          <h1>Bulk edit</h1>
        </header>
        <div className="panel panel-calm empty" data-testid="bulk-empty">
          <h2>Choose the affiliates to change first</h2>
          <p>
            In the affiliates table, tick the affiliates you want to change and press “Bulk edit selected”, or filter the
            table and press “Bulk edit all matching”.
          </p>
          <button type="button" className="btn btn-primary" data-testid="bulk-choose" onClick={() => navigate("affiliates")}>
            Go to the affiliates
          </button>
        </div>
      </section>
    );
  }

  const available = pickable(enums.data?.affiliate_patch_fields ?? [], rows);

  return (
    <section className="screen" data-testid="bulk-edit-screen">
      <header className="screen-header">
        <button type="button" className="btn btn-secondary btn-small" data-testid="bulk-back" onClick={() => navigate("affiliates")}>
          ← Back to affiliates
        </button>
        <h1>Bulk edit</h1>
      </header>

      <h2 className="section-title">Who</h2>
      <div className="bulk-who" data-testid="bulk-who">
        {matching ? (
          <p>
            All <strong>{formatCount(matching.count)}</strong> affiliates matching the filters in the table. Everflow
            Desk looks them up again when you preview.
          </p>
        ) : (
          <>
            <p>
              <strong>{formatCount(selection.count)}</strong> selected {selection.count === 1 ? "affiliate" : "affiliates"}
            </p>
            <ul className="chips" data-testid="bulk-who-names">
              {selection.selected.slice(0, NAMES_SHOWN).map((a) => (
                <li key={a.id} className="chip">
                  {a.name}
                </li>
              ))}
              {selection.count > NAMES_SHOWN ? (
                <li className="chip">and {formatCount(selection.count - NAMES_SHOWN)} more</li>
              ) : null}
            </ul>
          </>
        )}
      </div>

      <h2 className="section-title">What to change</h2>
      {enums.isPending ? <Loading label="Loading the fields…" /> : null}
      {enums.error ? <ErrorNotice error={enums.error} title="The list of fields could not be loaded" compact /> : null}
      <div className="bulk-fields">
        {rows.map((row, index) => (
          <FieldEditor
            key={row.field_type}
            row={row}
            errors={fieldErrors(index)}
            missing={missing.includes(row.field_type)}
            onValue={(value) => update(setValue(rows, row.field_type, value))}
            onOperator={(op) => update(setOperator(rows, row.field_type, op))}
            onRemove={() => update(removeField(rows, row.field_type))}
          />
        ))}
        {rows.length === 0 ? <p className="muted">Add the fields you want to change.</p> : null}
      </div>
      <div className="field bulk-picker">
        <label htmlFor={pickerId} className="field-label">
          Add a field
        </label>
        <select
          id={pickerId}
          data-testid="bulk-field-picker"
          value=""
          disabled={available.length === 0}
          onChange={(e) => e.target.value && update(addField(rows, e.target.value))}
        >
          <option value="">Choose a field…</option>
          {available
            .map((f) => ({ f, label: fieldSpec(f).label }))
            .sort((a, b) => a.label.localeCompare(b.label))
            .map(({ f, label }) => (
              <option key={f} value={f}>
                {label}
              </option>
            ))}
        </select>
      </div>

      {missing.length > 0 ? (
        <p className="notice notice-error" role="alert" data-testid="bulk-missing">
          Choose a value for: {missing.map((f) => fieldSpec(f).label).join(", ")}.
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="The change could not be previewed" /> : null}

      <div className="form-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="bulk-preview"
          disabled={planning || rows.length === 0}
          onClick={() => void preview()}
        >
          {planning ? (
            <>
              <Spinner /> Asking Everflow for a preview…
            </>
          ) : (
            "Preview changes"
          )}
        </button>
        <span className="muted small">Nothing is sent until you confirm in the preview.</span>
      </div>

      {plan ? (
        <PlanPreview
          plan={plan}
          onRemoveAffiliates={removeAffiliates}
          onClose={() => {
            setPlan(null);
            // A selection made for a change that went through must not silently carry over into
            // the next one (cleared on close, so the report stays readable until then).
            if (applied.current) selection.clear();
            applied.current = false;
          }}
          onApplied={(report) => {
            applied.current = report.status === "applied";
          }}
        />
      ) : null}
    </section>
  );
}

interface EditorProps {
  row: FieldRow;
  errors: string[];
  missing: boolean;
  onValue: (value: JsonValue | null) => void;
  onOperator: (operator: string) => void;
  onRemove: () => void;
}

function FieldEditor({ row, errors, missing, onValue, onOperator, onRemove }: EditorProps) {
  const spec = fieldSpec(row.field_type);
  const operators = operatorsFor(row.field_type);
  const id = useId();
  const invalid = errors.length > 0 || missing;
  return (
    <div className={`bulk-field${invalid ? " field-invalid" : ""}`} data-testid={`bulk-field-${row.field_type}`} data-field={row.field_type}>
      <label htmlFor={id} className="field-label bulk-field-label">
        {spec.label}
      </label>
      <select
        className="bulk-operator"
        data-testid="bulk-operator"
        aria-label={`How to change ${spec.label}`}
        value={row.operator}
        disabled={operators.length === 1}
        onChange={(e) => onOperator(e.target.value)}
      >
        {operators.map((op) => (
          <option key={op} value={op}>
            {operatorWords(op)}
          </option>
        ))}
      </select>
      <div className="bulk-value">
        {row.operator === "clear" ? (
          <span className="muted">Every label is removed.</span>
        ) : (
          <ValueInput id={id} row={row} onValue={onValue} />
        )}
      </div>
      {row.requiredBy ? (
        <span className="muted small">Required by the billing frequency</span>
      ) : (
        <button type="button" className="btn-link" data-testid={`bulk-remove-${row.field_type}`} onClick={onRemove}>
          Remove
        </button>
      )}
      {spec.hint ? <p className="field-hint">{spec.hint}</p> : null}
      {errors.map((m) => (
        <p key={m} className="field-error" data-testid="field-error">
          {m}
        </p>
      ))}
    </div>
  );
}

const DAYS = Array.from({ length: 31 }, (_, i) => i + 1);

function ValueInput({ id, row, onValue }: { id: string; row: FieldRow; onValue: (value: JsonValue | null) => void }) {
  const spec = fieldSpec(row.field_type);
  const enums = useEnumOptions();
  const employees = useEmployees(spec.kind === "employee");
  const currencies = useCurrencies(spec.kind === "currency");
  const sources = useTrafficSources(spec.kind === "traffic_source");
  const employeesUnavailable = employees.isError || (employees.isSuccess && employees.data.length === 0);
  const knownManagers = useKnownAccountManagers(spec.kind === "employee" && employeesUnavailable);
  const testId = `bulk-value-${row.field_type}`;
  const value = row.value;
  const str = (v: string) => (v === "" ? null : v);
  const num = (v: string) => (v === "" || Number.isNaN(Number(v)) ? null : Number(v));

  const choice = (options: { value: string; label: string }[], asNumber = false) => (
    <select id={id} data-testid={testId} value={value === null ? "" : String(value)} onChange={(e) => onValue(asNumber ? num(e.target.value) : str(e.target.value))}>
      <option value="">Choose…</option>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
  // A list Everflow would not give: say why, offer what is known from elsewhere, and let the id be typed.
  const typed = (failure: AppError | null, known: { value: string; label: string }[], asNumber: boolean, what: string) => (
    <TypedValue id={id} testId={testId} value={value} onValue={onValue} failure={failure} asNumber={asNumber} what={what}>
      {known.length > 0 ? choice(known, asNumber) : null}
    </TypedValue>
  );
  const words = (values: string[] | undefined, fn: (v: string) => string = humanize) => (values ?? []).map((v) => ({ value: v, label: fn(v) }));

  switch (spec.kind) {
    case "status":
      // A bulk edit can set active, inactive or suspended (not pending).
      return choice(words(enums.data?.account_status.filter((s) => s !== "pending")));
    case "employee":
      if (employeesUnavailable) {
        const known = knownManagers.map((m) => ({ value: String(m.id), label: `${m.name} (#${m.id})` }));
        return typed(employees.error, known, true, "the account manager's employee id");
      }
      return choice(
        (employees.data ?? []).map((e) => ({ value: String(e.network_employee_id), label: `${e.first_name} ${e.last_name}` })),
        true,
      );
    case "currency":
      if (currencies.isError || (currencies.isSuccess && currencies.data.length === 0)) {
        return typed(currencies.error, [], false, "the currency code, e.g. USD");
      }
      return choice((currencies.data ?? []).map((c) => ({ value: c.currency_id, label: `${c.currency_name} (${c.currency_id})` })));
    case "traffic_source":
      if (sources.isError || (sources.isSuccess && sources.data.length === 0)) {
        return typed(sources.error, [], true, "the traffic source id");
      }
      return choice((sources.data ?? []).map((t) => ({ value: String(t.network_traffic_source_id), label: t.name })), true);
    case "frequency":
      return choice(words(enums.data?.billing_frequency, frequencyWords));
    case "payment_method":
      return choice([{ value: "pay", label: "Everflow Pay" }]);
    case "referral_method":
      return choice(words(enums.data?.referral_method));
    case "referral_basis":
      return choice(words(enums.data?.referral_commission_basis));
    case "weekday":
      return choice(words(enums.data?.weekday));
    case "boolean":
      return (
        <label className="toggle">
          <input id={id} type="checkbox" role="switch" data-testid={testId} checked={value === true} onChange={(e) => onValue(e.target.checked)} />
          <span>{value === true ? "Yes" : "No"}</span>
        </label>
      );
    case "affiliate_id":
    case "integer":
    case "number":
      return (
        <input
          id={id}
          type="number"
          inputMode={spec.kind === "number" ? "decimal" : "numeric"}
          step={spec.kind === "number" ? "any" : 1}
          data-testid={testId}
          value={value === null ? "" : String(value)}
          onChange={(e) => onValue(num(e.target.value))}
        />
      );
    case "date":
      return <input id={id} type="date" data-testid={testId} value={typeof value === "string" ? value : ""} onChange={(e) => onValue(str(e.target.value))} />;
    case "labels":
      return <LabelsInput id={id} testId={testId} labels={Array.isArray(value) ? (value as string[]) : []} onChange={onValue} />;
    case "bimonthly":
    case "monthly":
    case "month_cycle":
      return <ScheduleInput testId={testId} kind={spec.kind} value={(value ?? {}) as Record<string, number | null>} onChange={onValue} />;
    case "text":
    default:
      return <textarea id={id} data-testid={testId} rows={2} value={typeof value === "string" ? value : ""} onChange={(e) => onValue(e.target.value)} />;
  }
}

/** A value typed because its list could not be read; a number field never gets letters sent. */
function TypedValue({
  id,
  testId,
  value,
  onValue,
  failure,
  asNumber,
  what,
  children,
}: {
  id: string;
  testId: string;
  value: JsonValue | null;
  onValue: (value: JsonValue | null) => void;
  failure: AppError | null;
  asNumber: boolean;
  what: string;
  children: ReactNode;
}) {
  const [text, setText] = useState(value === null ? "" : String(value));
  // The typed text while it agrees with the value (or is a bad number, which sends nothing); the
  // value itself when it was picked from the list of known ones.
  const valueText = value === null ? "" : String(value);
  const badNumber = asNumber && text.trim() !== "" && !/^\d+$/.test(text.trim());
  const shown = text.trim() === valueText || badNumber ? text : valueText;
  const notANumber = badNumber && shown === text;
  return (
    <div className="lookup-fallback" data-testid={`${testId}-fallback`}>
      <p className="small lookup-unavailable" data-testid={`${testId}-unavailable`}>
        {failure ? failure.message : "Everflow sent an empty list."} {children ? `Pick one seen on your affiliates, or type ${what}.` : `Type ${what}.`}
      </p>
      {children}
      <input
        id={children ? undefined : id}
        type="text"
        inputMode={asNumber ? "numeric" : "text"}
        aria-label={`Type ${what}`}
        data-testid={`${testId}-typed`}
        value={shown}
        onChange={(e) => {
          setText(e.target.value);
          const raw = e.target.value.trim();
          onValue(raw === "" || (asNumber && !/^\d+$/.test(raw)) ? null : asNumber ? Number(raw) : raw);
        }}
      />
      {notANumber ? <p className="field-error small">Digits only, e.g. 12: nothing is sent until it is a number.</p> : null}
    </div>
  );
}

function LabelsInput({ id, testId, labels, onChange }: { id: string; testId: string; labels: string[]; onChange: (v: string[]) => void }) {
  const [draft, setDraft] = useState("");
  const add = () => {
    const label = draft.trim();
    if (label && !labels.includes(label)) onChange([...labels, label]);
    setDraft("");
  };
  return (
    <div className="bulk-labels" data-testid={testId}>
      <ul className="chips">
        {labels.map((l) => (
          <li key={l} className="chip chip-removable">
            {l}
            <button type="button" className="chip-x" aria-label={`Remove ${l}`} onClick={() => onChange(labels.filter((x) => x !== l))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={id}
        data-testid="bulk-label-input"
        placeholder="Type a label, then Enter"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          }
        }}
      />
      <button type="button" className="btn btn-secondary btn-small" data-testid="bulk-label-add" onClick={add}>
        Add label
      </button>
    </div>
  );
}

function ScheduleInput({
  testId,
  kind,
  value,
  onChange,
}: {
  testId: string;
  kind: "bimonthly" | "monthly" | "month_cycle";
  value: Record<string, number | null>;
  onChange: (v: JsonValue) => void;
}) {
  const parts: { key: string; label: string; options: { value: number; label: string }[] }[] =
    kind === "bimonthly"
      ? [
          { key: "day_of_month_one", label: "First day", options: DAYS.map((d) => ({ value: d, label: String(d) })) },
          { key: "day_of_month_two", label: "Second day", options: DAYS.map((d) => ({ value: d, label: String(d) })) },
        ]
      : kind === "monthly"
        ? [{ key: "day_of_month", label: "Day of the month", options: DAYS.map((d) => ({ value: d, label: String(d) })) }]
        : [
            { key: "starting_month", label: "Starting month", options: MONTHS.map((m, i) => ({ value: i + 1, label: m })) },
            { key: "day_of_month", label: "Day of the month", options: DAYS.map((d) => ({ value: d, label: String(d) })) },
          ];
  return (
    <div className="bulk-schedule" data-testid={testId}>
      {parts.map((p) => (
        <label key={p.key} className="bulk-schedule-part">
          <span className="small muted">{p.label}</span>
          <select
            data-testid={`${testId}-${p.key}`}
            value={value[p.key] ?? ""}
            onChange={(e) => onChange({ ...value, [p.key]: e.target.value === "" ? null : Number(e.target.value) })}
          >
            {p.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      ))}
      <span className="small muted">{valueWords(kind === "month_cycle" ? "billing_quarterly" : kind === "monthly" ? "billing_monthly" : "billing_bimonthly", value as JsonValue)}</span>
    </div>
  );
}
