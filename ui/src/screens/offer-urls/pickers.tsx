// Search-as-you-type pickers (an offer by name or ID, affiliates by name or ID) and the URL with its
// macros shown as chips.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useAffiliateNames, useAffiliatePickerSearch, useOfferSearch } from "../../api";
import { Spinner } from "../../components/Loading";
import { useDebounced } from "../../lib/useDebounced";
import { humanize } from "../../lib/words";
import { KNOWN_MACROS, urlParts, type PickedAffiliate } from "./model";

interface Option {
  id: number;
  label: string;
  detail?: string;
}

/** A text box with a list of matches under it: arrows move, Enter picks, Escape closes. */
function Combobox({
  id,
  testId,
  placeholder,
  text,
  onText,
  options,
  loading,
  error,
  emptyWords,
  onPick,
  label,
  autoFocus,
  stale = false,
}: {
  id?: string;
  testId: string;
  placeholder: string;
  text: string;
  onText: (text: string) => void;
  options: Option[];
  loading: boolean;
  error: string | null;
  emptyWords: string;
  onPick: (option: Option) => void;
  label: string;
  autoFocus?: boolean;
  /** The options are for an older text (a search is on its way): shown, but Enter waits. */
  stale?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const wrap = useRef<HTMLDivElement>(null);

  const optionKey = options.map((o) => o.id).join(",");
  useEffect(() => setActive(0), [optionKey]);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  const pick = (option: Option) => {
    onPick(option);
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter") {
      if (stale) {
        e.preventDefault();
      } else if (open && options[active]) {
        e.preventDefault();
        pick(options[active]);
      }
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  return (
    <div className="ou-combo" ref={wrap}>
      <input
        id={id}
        type="search"
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && options[active] ? `${listId}-${active}` : undefined}
        data-testid={testId}
        placeholder={placeholder}
        value={text}
        autoComplete="off"
        autoFocus={autoFocus}
        onChange={(e) => {
          onText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <ul className={`ou-combo-list${stale ? " is-stale" : ""}`} id={listId} role="listbox" data-testid={`${testId}-options`}>
          {options.map((o, i) => (
            <li
              key={`${o.id}-${i}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? "is-active" : undefined}
              data-testid={`${testId}-option`}
              data-id={o.id}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => pick(o)}
            >
              <span>{o.label}</span>
              {o.detail ? <span className="muted small">{o.detail}</span> : null}
            </li>
          ))}
          {options.length === 0 && !loading && !error ? <li className="ou-combo-state muted">{emptyWords}</li> : null}
          {loading ? (
            <li className="ou-combo-state muted" role="status">
              <Spinner /> Searching…
            </li>
          ) : null}
          {error ? <li className="ou-combo-state text-danger">{error}</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

export interface PickedOffer {
  id: number;
  name?: string;
}

/** Choose an offer by (part of) its name, or type its ID. */
export function OfferPicker({ onPick, autoFocus }: { onPick: (offer: PickedOffer) => void; autoFocus?: boolean }) {
  const [text, setText] = useState("");
  const term = useDebounced(text, 250);
  const numeric = /^\s*#?\d+\s*$/.test(text);
  const search = useOfferSearch(numeric ? "" : term);
  const options = useMemo(() => {
    const list: Option[] = [];
    if (numeric) {
      const id = Number(text.replace(/[#\s]/g, ""));
      const known = search.data?.find((o) => o.network_offer_id === id);
      list.push({ id, label: known ? known.name : `Offer ID ${id}`, detail: known ? `#${id}` : "Use this ID" });
    }
    for (const o of search.data ?? []) {
      if (numeric) continue;
      list.push({ id: o.network_offer_id, label: o.name, detail: `#${o.network_offer_id} · ${humanize(o.offer_status)}` });
    }
    return list;
  }, [numeric, text, search.data]);
  return (
    <Combobox
      testId="offer-picker"
      label="Find an offer by name or ID"
      placeholder="Find an offer by name, or type its ID…"
      text={text}
      onText={setText}
      options={options}
      loading={search.isFetching && !numeric}
      stale={!numeric && (term !== text || search.isPlaceholderData)}
      error={search.error ? `Offers could not be searched. ${search.error.message} Type the offer's ID instead.` : null}
      emptyWords="No offer has that in its name."
      autoFocus={autoFocus}
      onPick={(o) => {
        onPick({ id: o.id, name: o.detail === "Use this ID" ? undefined : o.label });
        setText("");
      }}
    />
  );
}

/** Chosen affiliates as chips, and a search to add more by name or ID. */
export function AffiliatePicker({
  id,
  value,
  onChange,
  testId = "affiliate-picker",
  invalid,
  describedBy,
}: {
  id?: string;
  value: PickedAffiliate[];
  onChange: (next: PickedAffiliate[]) => void;
  testId?: string;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [text, setText] = useState("");
  const term = useDebounced(text, 250);
  const numeric = /^\s*#?\d+\s*$/.test(text);
  const search = useAffiliatePickerSearch(numeric ? "" : term);
  const unnamed = value.filter((a) => !a.name).map((a) => a.id);
  const names = useAffiliateNames(unnamed);
  const chosen = new Set(value.map((a) => a.id));

  const options: Option[] = [];
  if (numeric) {
    const typed = Number(text.replace(/[#\s]/g, ""));
    if (!chosen.has(typed)) options.push({ id: typed, label: `Affiliate ID ${typed}`, detail: "Add this ID" });
  } else {
    for (const a of search.data ?? []) {
      if (!chosen.has(a.id)) options.push({ id: a.id, label: a.name, detail: `#${a.id} · ${humanize(a.status)}` });
    }
  }

  return (
    <div className={`ou-affiliates${invalid ? " is-invalid" : ""}`} data-testid={testId} aria-describedby={describedBy}>
      {value.length > 0 ? (
        <ul className="chips ou-affiliate-chips" aria-label="Chosen affiliates">
          {value.map((a) => {
            const name = a.name ?? names.get(a.id);
            return (
              <li key={a.id} className="chip chip-removable" data-testid={`${testId}-chip`} data-id={a.id}>
                {name ? `${name} (#${a.id})` : `Affiliate #${a.id}`}
                <button
                  type="button"
                  className="chip-x"
                  aria-label={`Remove ${name ?? `affiliate ${a.id}`}`}
                  onClick={() => onChange(value.filter((x) => x.id !== a.id))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <Combobox
        id={id}
        testId={`${testId}-search`}
        label="Add an affiliate by name or ID"
        placeholder="Add an affiliate: type a name or an ID…"
        text={text}
        onText={setText}
        options={options}
        loading={search.isFetching && !numeric}
        stale={!numeric && (term !== text || search.isPlaceholderData)}
        error={search.error ? `Affiliates could not be searched. ${search.error.message} Type an affiliate's ID instead.` : null}
        emptyWords={search.data && search.data.length > 0 ? "Every match is already chosen." : "No affiliate has that in its name."}
        onPick={(o) => {
          onChange([...value, { id: o.id, name: o.detail === "Add this ID" ? undefined : o.label }]);
          setText("");
        }}
      />
    </div>
  );
}

/** A URL with its `{macros}` as chips; unknown macro names are marked. */
export function UrlWithMacros({ url, testId }: { url: string; testId?: string }) {
  const parts = urlParts(url);
  return (
    <span className="ou-url" data-testid={testId}>
      {parts.map((p, i) =>
        p.macro ? (
          <span
            key={i}
            className={`ou-macro${p.known ? "" : " is-unknown"}`}
            data-testid="macro"
            data-macro={p.name}
            title={p.known ? KNOWN_MACROS[p.name] : "Not one of the usual Everflow macros: check the spelling"}
          >
            {p.text}
          </span>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}
