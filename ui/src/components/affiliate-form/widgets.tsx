// Small labelled inputs bound to one dotted path of the affiliate form.
import type { ReactNode } from "react";
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
