import { useEffect, useRef, useState } from "react";
import { useSaveAffiliateColumns, useSettings } from "../../api";
import { ErrorNotice } from "../../components/ErrorNotice";
import { COLUMN_CHOICES, DEFAULT_COLUMNS, REQUIRED_COLUMNS, visibleColumns, type ColumnId } from "./columns";

/** Which columns the table shows; saved in the preferences (other preferences are kept). */
export function ColumnChooser() {
  const settings = useSettings();
  const save = useSaveAffiliateColumns();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const shown = visibleColumns(settings.data?.ui.affiliate_columns);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);

  const store = (columns: ColumnId[]) => {
    if (!settings.data) return;
    save.mutate({ settings: settings.data, columns });
  };
  const toggle = (id: ColumnId) => {
    const next = shown.includes(id) ? shown.filter((c) => c !== id) : [...shown, id];
    store(COLUMN_CHOICES.map((c) => c.id).filter((c) => next.includes(c)));
  };
  const isDefault = shown.length === DEFAULT_COLUMNS.length && shown.every((c, i) => c === DEFAULT_COLUMNS[i]);

  return (
    <div
      className="popover-anchor"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn-secondary btn-small"
        data-testid="column-chooser"
        aria-haspopup="true"
        aria-expanded={open}
        disabled={!settings.data}
        onClick={() => setOpen((o) => !o)}
      >
        Columns ({shown.length})
      </button>
      {open ? (
        <div className="popover column-menu" data-testid="column-chooser-menu" role="group" aria-label="Columns to show">
          <p className="popover-title">Columns to show</p>
          <ul className="ms-list">
            {COLUMN_CHOICES.map((c) => {
              const required = REQUIRED_COLUMNS.includes(c.id);
              return (
                <li key={c.id}>
                  <label className="ms-option">
                    <input
                      type="checkbox"
                      checked={shown.includes(c.id)}
                      disabled={required || save.isPending}
                      onChange={() => toggle(c.id)}
                    />
                    <span>
                      {c.label}
                      {required ? <span className="muted small"> (always shown)</span> : null}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="btn btn-secondary btn-small"
            disabled={isDefault || save.isPending}
            onClick={() => store([])}
          >
            Back to the usual columns
          </button>
          {save.error ? <ErrorNotice compact title="The columns could not be saved" error={save.error} /> : null}
        </div>
      ) : null}
    </div>
  );
}
