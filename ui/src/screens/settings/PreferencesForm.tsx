import { useEffect, useId, useState, type FormEvent } from "react";
import type { LogLevel, Settings } from "../../bindings";
import { useUpdatePreferences } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Field } from "../../components/Field";
import { Spinner } from "../../components/Loading";

const LOG_LEVELS: { value: LogLevel; label: string }[] = [
  { value: "error", label: "Errors only" },
  { value: "warn", label: "Errors and warnings" },
  { value: "info", label: "Normal" },
  { value: "debug", label: "Detailed (for support)" },
  { value: "trace", label: "Everything (for support)" },
];

/** Page size, request rate, appearance and log detail. */
export function PreferencesForm({ settings }: { settings: Settings }) {
  const update = useUpdatePreferences();
  const [pageSize, setPageSize] = useState(String(settings.page_size));
  const [rps, setRps] = useState(settings.requests_per_second === null ? "" : String(settings.requests_per_second));
  const [theme, setTheme] = useState(settings.ui.theme);
  const [compact, setCompact] = useState(settings.ui.compact_tables);
  const [logLevel, setLogLevel] = useState<LogLevel>(settings.log_level);
  const compactId = useId();

  // Show what the backend stored (it may have adjusted a value).
  useEffect(() => {
    setPageSize(String(settings.page_size));
    setRps(settings.requests_per_second === null ? "" : String(settings.requests_per_second));
    setTheme(settings.ui.theme);
    setCompact(settings.ui.compact_tables);
    setLogLevel(settings.log_level);
  }, [settings.page_size, settings.requests_per_second, settings.ui.theme, settings.ui.compact_tables, settings.log_level]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      pageSize: Number(pageSize),
      requestsPerSecond: rps.trim() === "" ? null : Number(rps),
      ui: { ...settings.ui, theme, compact_tables: compact },
      logLevel,
    });
  };

  return (
    <form className="form" onSubmit={submit} data-testid="preferences-form" aria-label="Preferences">
      <Field
        name="page_size"
        label="Rows per page"
        hint="How many affiliates each page of a table shows, from 1 to 2,000."
        error={update.error?.fieldMessage("page_size")}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={1}
            max={2000}
            step={1}
            required
            data-testid="pref-page-size"
            value={pageSize}
            onChange={(e) => {
              update.reset();
              setPageSize(e.target.value);
            }}
          />
        )}
      </Field>
      <Field
        name="requests_per_second"
        label="Requests per second"
        hint="Leave blank to use Everflow's limit for your key type. A lower number is gentler; it applies the next time a profile is opened."
        error={update.error?.fieldMessage("requests_per_second")}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={1}
            step={1}
            data-testid="pref-rps"
            placeholder="Everflow default"
            value={rps}
            onChange={(e) => {
              update.reset();
              setRps(e.target.value);
            }}
          />
        )}
      </Field>
      <Field name="theme" label="Appearance">
        {(props) => (
          <select
            {...props}
            data-testid="pref-theme"
            value={theme}
            onChange={(e) => {
              update.reset();
              setTheme(e.target.value);
            }}
          >
            <option value="system">Same as my computer</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        )}
      </Field>
      <Field
        name="log_level"
        label="Log detail"
        hint="How much Eflow Desk writes to its log files. Keys and payment details are never written, whatever you choose."
      >
        {(props) => (
          <select
            {...props}
            data-testid="pref-log-level"
            value={logLevel}
            onChange={(e) => {
              update.reset();
              setLogLevel(e.target.value as LogLevel);
            }}
          >
            {LOG_LEVELS.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="field" data-field="compact_tables">
        <label className="checkbox" htmlFor={compactId}>
          <input
            id={compactId}
            type="checkbox"
            data-testid="pref-compact"
            checked={compact}
            onChange={(e) => {
              update.reset();
              setCompact(e.target.checked);
            }}
          />
          <span>Denser table rows</span>
        </label>
      </div>
      {update.error && update.error.fields.length === 0 ? <ErrorNotice compact error={update.error} /> : null}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={update.isPending} data-testid="save-preferences">
          {update.isPending ? (
            <>
              <Spinner /> Saving…
            </>
          ) : (
            "Save preferences"
          )}
        </button>
        {update.isSuccess ? (
          <span className="text-ok small" role="status">
            Preferences saved.
          </span>
        ) : null}
      </div>
    </form>
  );
}
