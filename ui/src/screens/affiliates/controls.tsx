// Small filter controls: a searchable multi-select and a type-and-Enter chip input.
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import type { AppError } from "../../api";
import { Spinner } from "../../components/Loading";

export interface Option<V> {
  value: V;
  label: string;
  /** Shown smaller after the label, e.g. an email. */
  hint?: string;
}

/** Loading and error states of a look-up, shown inside the control. */
export interface LookupState {
  isPending: boolean;
  isError: boolean;
  error: AppError | null;
  refetch: () => unknown;
}

/** How many options are rendered at once; typing narrows the rest. */
const MAX_SHOWN = 200;

interface MultiSelectProps<V> {
  label: string;
  testId: string;
  options: Option<V>[];
  value: V[];
  onChange: (value: V[]) => void;
  lookup?: LookupState;
  /** Subject of the error line, e.g. "the account managers". */
  what: string;
  searchable?: boolean;
  placeholder?: string;
  /** Shown when there are no options at all. */
  emptyText?: string;
  note?: ReactNode;
}

/**
 * A button that opens a list of checkboxes (with a search box when searchable). Keyboard: Enter or
 * Space opens, Tab moves through the boxes, Escape closes and returns to the button.
 */
export function MultiSelect<V extends string | number>({
  label,
  testId,
  options,
  value,
  onChange,
  lookup,
  what,
  searchable,
  placeholder = "Any",
  emptyText = "Nothing to choose from.",
  note,
}: MultiSelectProps<V>) {
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState("");
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const matching = useMemo(() => {
    const t = term.trim().toLowerCase();
    return t ? options.filter((o) => o.label.toLowerCase().includes(t) || String(o.value).toLowerCase().includes(t)) : options;
  }, [options, term]);

  const chosen = new Set(value);
  const summary =
    value.length === 0
      ? placeholder
      : value.length === 1
        ? (options.find((o) => o.value === value[0])?.label ?? String(value[0]))
        : `${value.length} chosen`;

  const toggle = (v: V) => onChange(chosen.has(v) ? value.filter((x) => x !== v) : [...value, v]);

  let body: ReactNode;
  if (lookup?.isPending) {
    body = (
      <p className="ms-state muted small" role="status">
        <Spinner /> Loading…
      </p>
    );
  } else if (lookup?.isError) {
    body = null;
  } else if (options.length === 0) {
    body = <p className="ms-state muted small">{emptyText}</p>;
  } else {
    body = (
      <>
        {searchable ? (
          <input
            type="search"
            className="ms-search"
            aria-label={`Find ${label.toLowerCase()}`}
            placeholder="Type to find…"
            value={term}
            onChange={(e) => setTerm(e.target.value)}
            autoFocus
          />
        ) : null}
        <ul className="ms-list" role="group" aria-label={label}>
          {matching.slice(0, MAX_SHOWN).map((o) => (
            <li key={String(o.value)}>
              <label className="ms-option">
                <input type="checkbox" checked={chosen.has(o.value)} onChange={() => toggle(o.value)} />
                <span>
                  {o.label}
                  {o.hint ? <span className="muted small"> {o.hint}</span> : null}
                </span>
              </label>
            </li>
          ))}
        </ul>
        {matching.length === 0 ? <p className="ms-state muted small">Nothing matches “{term}”.</p> : null}
        {matching.length > MAX_SHOWN ? (
          <p className="ms-state muted small">
            {matching.length - MAX_SHOWN} more. Type to narrow the list.
          </p>
        ) : null}
        {value.length > 0 ? (
          <button type="button" className="btn btn-secondary btn-small ms-clear" onClick={() => onChange([])}>
            Clear {label.toLowerCase()}
          </button>
        ) : null}
      </>
    );
  }

  return (
    <div
      className="filter-control ms"
      data-testid={testId}
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <span className="filter-label" id={`${id}-label`}>
        {label}
      </span>
      <button
        ref={button}
        type="button"
        className="ms-button"
        aria-haspopup="true"
        aria-expanded={open}
        aria-labelledby={`${id}-label ${id}-value`}
        aria-controls={open ? `${id}-pop` : undefined}
        disabled={lookup?.isError}
        onClick={() => setOpen((o) => !o)}
      >
        <span id={`${id}-value`} className={value.length === 0 ? "muted" : undefined}>
          {lookup?.isPending && value.length === 0 ? "Loading…" : summary}
        </span>
        <span aria-hidden="true" className="ms-caret">
          ▾
        </span>
      </button>
      {lookup?.isError && lookup.error ? <LookupError what={what} error={lookup.error} onRetry={lookup.refetch} /> : null}
      {note ? <p className="field-hint">{note}</p> : null}
      {open && !lookup?.isError ? (
        <div className="ms-pop" id={`${id}-pop`}>
          {body}
        </div>
      ) : null}
    </div>
  );
}

export function LookupError({ what, error, onRetry }: { what: string; error: AppError; onRetry: () => unknown }) {
  return (
    <div className="lookup-error" role="alert" data-testid="lookup-error">
      <span>
        Could not load {what}: {error.message}
      </span>
      <button type="button" className="btn btn-secondary btn-small" onClick={() => void onRetry()}>
        Try again
      </button>
    </div>
  );
}

interface ChipInputProps {
  label: string;
  testId: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder: string;
  /** Returns the value to add, or an error in plain words. */
  parse?: (text: string) => { value: string } | { error: string };
  inputMode?: "numeric" | "text";
  hint?: string;
}

/** Type a value and press Enter to add it; each value shows as a removable chip. */
export function ChipInput({ label, testId, values, onChange, placeholder, parse, inputMode, hint }: ChipInputProps) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const add = () => {
    const raw = text.trim();
    if (!raw) return;
    const parsed = parse ? parse(raw) : { value: raw };
    if ("error" in parsed) {
      setError(parsed.error);
      return;
    }
    if (!values.includes(parsed.value)) onChange([...values, parsed.value]);
    setText("");
    setError(null);
  };

  return (
    <div className="filter-control" data-testid={testId}>
      <label className="filter-label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="text"
        inputMode={inputMode}
        value={text}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            add();
          } else if (e.key === "Backspace" && text === "" && values.length > 0) {
            onChange(values.slice(0, -1));
          }
        }}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {values.length > 0 ? (
        <ul className="chips chip-list" aria-label={label}>
          {values.map((v) => (
            <li key={v} className="chip chip-removable">
              {v}
              <button type="button" className="chip-x" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((x) => x !== v))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
