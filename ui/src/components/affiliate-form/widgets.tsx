// Small labelled inputs bound to one dotted path of the affiliate form.
import { useState, type ReactNode } from "react";
import type { AppError } from "../../api";
import { Field } from "../Field";
import { getPath, numberOrNull, textOrNull } from "./model";
import type { SectionProps } from "./types";

interface Common {
  form: SectionProps;
  path: string;
  label: ReactNode;
  hint?: ReactNode;
}

/** data-testid for an input: "f-" + its path, brackets and dots turned into dashes. */
export function testId(path: string): string {
  return `f-${path.replace(/\[(\d+)\]/g, "-$1").replace(/\./g, "-")}`;
}

export function TextInput({
  form,
  path,
  label,
  hint,
  required,
  type = "text",
  multiline,
}: Common & { required?: boolean; type?: "text" | "email" | "tel" | "date" | "password"; multiline?: boolean }) {
  const raw = getPath(form.value, path);
  const value = typeof raw === "string" ? raw : "";
  const onChange = (next: string) => form.set(path, required ? next : textOrNull(next));
  return (
    <Field name={path} label={label} hint={hint} error={form.error(path)}>
      {(props) =>
        multiline ? (
          <textarea {...props} data-testid={testId(path)} value={value} rows={3} onChange={(e) => onChange(e.target.value)} />
        ) : (
          <input
            {...props}
            type={type}
            data-testid={testId(path)}
            value={value}
            autoComplete={type === "password" ? "new-password" : "off"}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

export function NumberInput({ form, path, label, hint }: Common) {
  const raw = getPath(form.value, path);
  const value = typeof raw === "number" ? String(raw) : "";
  return (
    <Field name={path} label={label} hint={hint} error={form.error(path)}>
      {(props) => (
        <input
          {...props}
          type="number"
          inputMode="decimal"
          data-testid={testId(path)}
          value={value}
          onChange={(e) => form.set(path, numberOrNull(e.target.value))}
        />
      )}
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

/** A select; `numeric` stores numbers, and the empty choice stores null (or `emptyValue`). */
export function SelectInput({
  form,
  path,
  label,
  hint,
  options,
  numeric,
  placeholder = "Choose…",
  emptyValue = null,
  onChanged,
}: Common & {
  options: Option[];
  numeric?: boolean;
  placeholder?: string | null;
  emptyValue?: unknown;
  onChanged?: (value: unknown) => void;
}) {
  const raw = getPath(form.value, path);
  const value = raw === null || raw === undefined || raw === emptyValue ? "" : String(raw);
  const known = value === "" || options.some((o) => o.value === value);
  return (
    <Field name={path} label={label} hint={hint} error={form.error(path)}>
      {(props) => (
        <select
          {...props}
          data-testid={testId(path)}
          value={value}
          onChange={(e) => {
            const text = e.target.value;
            const next = text === "" ? emptyValue : numeric ? Number(text) : text;
            form.set(path, next);
            onChanged?.(next);
          }}
        >
          {placeholder !== null || value === "" ? <option value="">{placeholder ?? "Choose…"}</option> : null}
          {!known ? <option value={value}>{value}</option> : null}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Toggle({
  form,
  path,
  label,
  hint,
  onChanged,
}: Common & { onChanged?: (checked: boolean) => void }) {
  const checked = getPath(form.value, path) === true;
  const error = form.error(path);
  return (
    <div className={`field${error ? " field-invalid" : ""}`} data-field={path}>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid={testId(path)}
          checked={checked}
          onChange={(e) => {
            form.set(path, e.target.checked);
            onChanged?.(e.target.checked);
          }}
        />
        <span>
          {label}
          {hint ? <span className="radio-hint">{hint}</span> : null}
        </span>
      </label>
      {error ? (
        <p className="field-error" data-testid="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Errors the backend named at a path no single input stands for (e.g. `billing.details`). */
export function LooseErrors({ form, paths }: { form: SectionProps; paths: string[] }) {
  const shown = paths.map((p) => [p, form.error(p)] as const).filter(([, message]) => message);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map(([path, message]) => (
        <div key={path} className="field field-invalid" data-field={path}>
          <p className="field-error" data-testid="field-error" tabIndex={-1}>
            {message}
          </p>
        </div>
      ))}
    </>
  );
}

/**
 * A choice from a list read from Everflow that keeps working when the list cannot be read: while
 * the list is there it is a plain select; when it failed (or came back empty) the field says so
 * and offers the values known from elsewhere (if any) and a box to type the id or code, checked
 * when the form is sent. Never a dropdown with nothing to choose.
 */
export function LookupChoice({
  form,
  path,
  label,
  hint,
  options,
  numeric,
  placeholder = "Choose…",
  emptyValue = null,
  failure,
  known = [],
  typedLabel,
  onChanged,
}: Common & {
  options: Option[];
  numeric?: boolean;
  placeholder?: string | null;
  emptyValue?: unknown;
  /** Why the list could not be read (its message names the list and the reason). */
  failure?: AppError;
  /** Values known from other answers, offered when the list failed. */
  known?: Option[];
  /** What to type, e.g. "Type the employee id". */
  typedLabel: string;
  onChanged?: (value: unknown) => void;
}) {
  const raw = getPath(form.value, path);
  const value = raw === null || raw === undefined || raw === emptyValue ? "" : String(raw);
  const [typed, setTyped] = useState(value);
  if (!failure && options.length > 0) {
    return (
      <SelectInput
        form={form}
        path={path}
        label={label}
        hint={hint}
        options={options}
        numeric={numeric}
        placeholder={placeholder}
        emptyValue={emptyValue}
        onChanged={onChanged}
      />
    );
  }
  const notANumber = numeric && typed.trim() !== "" && !/^#?\d+$/.test(typed.trim());
  const store = (text: string) => {
    const trimmed = text.trim().replace(/^#/, "");
    // A numeric field only ever holds a number: anything else stays in the box, marked, unsent.
    const next = trimmed === "" || (numeric && !/^\d+$/.test(trimmed)) ? emptyValue : numeric ? Number(trimmed) : trimmed;
    form.set(path, next);
    onChanged?.(next);
  };
  const why = failure ? failure.message : "Everflow sent an empty list.";
  return (
    <Field
      name={path}
      label={label}
      hint={
        <>
          <span className="lookup-unavailable" data-testid={`${testId(path)}-unavailable`}>
            {why}
          </span>{" "}
          {known.length > 0 ? "Pick one seen on your affiliates, or type the id." : `${typedLabel}.`}
        </>
      }
      error={notANumber ? `${typedLabel}: digits only, e.g. 12.` : form.error(path)}
    >
      {(props) => (
        <div className="lookup-fallback">
          {known.length > 0 ? (
            <select
              {...props}
              data-testid={testId(path)}
              value={known.some((o) => o.value === value) ? value : ""}
              onChange={(e) => {
                setTyped(e.target.value);
                store(e.target.value);
              }}
            >
              <option value="">{placeholder ?? "Choose…"}</option>
              {known.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : null}
          <input
            {...(known.length > 0 ? { "aria-label": typedLabel } : props)}
            type="text"
            inputMode={numeric ? "numeric" : "text"}
            data-testid={`${testId(path)}-typed`}
            placeholder={typedLabel}
            value={typed}
            autoComplete="off"
            onChange={(e) => {
              setTyped(e.target.value);
              store(e.target.value);
            }}
          />
        </div>
      )}
    </Field>
  );
}
