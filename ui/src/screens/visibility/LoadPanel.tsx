// What to load into the matrix: affiliates by the affiliates table's search and filters (or the
// selection handed over from it), offers by name, status and visibility type.
import { useId, useState } from "react";
import type { MatrixRequest, OffersTableRequest } from "../../bindings";
import { affiliatesRequest } from "../../api";
import { formatCount } from "../../lib/words";
import type { SelectedAffiliate } from "../../lib/selection";
import { FilterChips, FilterPanel } from "../affiliates/FilterPanel";
import { activeFilterCount, noFilters, type AffiliateFilters } from "../affiliates/filters";
import { OFFER_TYPE_WORDS, type OfferType } from "./model";

export const OFFER_STATUSES: { value: string; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "active", label: "Active" },
  { value: "paused", label: "Paused" },
  { value: "pending", label: "Pending" },
  { value: "deleted", label: "Deleted" },
];

export interface LoadChoice {
  affiliatesMode: "filters" | "selection";
  affiliateSearch: string;
  filters: AffiliateFilters;
  offerSearch: string;
  offerStatus: string;
  offerTypes: OfferType[];
}

export function defaultChoice(handedOver: SelectedAffiliate[] | undefined): LoadChoice {
  return {
    affiliatesMode: handedOver && handedOver.length > 0 ? "selection" : "filters",
    affiliateSearch: "",
    filters: noFilters(),
    offerSearch: "",
    offerStatus: "active",
    offerTypes: [],
  };
}

export function offersRequest(choice: LoadChoice): OffersTableRequest {
  const term = choice.offerSearch.trim();
  return {
    search_terms: term ? [{ search_type: "name", value: term }] : [],
    filters: {
      ...(choice.offerStatus ? { offer_status: choice.offerStatus } : {}),
      visibilities: [...choice.offerTypes],
    },
  };
}

export function matrixRequest(choice: LoadChoice, handedOver: SelectedAffiliate[] | undefined): MatrixRequest {
  const selection = choice.affiliatesMode === "selection" && handedOver && handedOver.length > 0;
  return {
    affiliates: selection ? affiliatesRequest("", noFilters()) : affiliatesRequest(choice.affiliateSearch, choice.filters),
    affiliate_ids: selection ? handedOver.map((a) => a.id) : null,
    offers: offersRequest(choice),
  };
}

/** In words: what a choice loads ("All affiliates × active public offers"). */
export function choiceWords(choice: LoadChoice, handedOver: SelectedAffiliate[] | undefined): string {
  const selection = choice.affiliatesMode === "selection" && handedOver && handedOver.length > 0;
  const filterCount = activeFilterCount(choice.filters);
  const search = choice.affiliateSearch.trim();
  const affiliates = selection
    ? `the ${formatCount(handedOver.length)} selected affiliates`
    : search || filterCount > 0
      ? `affiliates${search ? ` named “${search}”` : ""}${filterCount > 0 ? ` matching ${filterCount} ${filterCount === 1 ? "filter" : "filters"}` : ""}`
      : "every affiliate";
  const status = choice.offerStatus ? `${choice.offerStatus} ` : "";
  const types = choice.offerTypes.length > 0 ? `${choice.offerTypes.map((t) => OFFER_TYPE_WORDS[t].label.toLowerCase()).join(" or ")} ` : "";
  const offerSearch = choice.offerSearch.trim();
  return `${affiliates} × ${status}${types}offers${offerSearch ? ` named “${offerSearch}”` : ""}`;
}

interface Props {
  initial: LoadChoice;
  handedOver: SelectedAffiliate[] | undefined;
  onLoad: (choice: LoadChoice) => void;
  onCancel?: () => void;
}

export function LoadPanel({ initial, handedOver, onLoad, onCancel }: Props) {
  const [choice, setChoice] = useState<LoadChoice>(initial);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const id = useId();
  const set = (patch: Partial<LoadChoice>) => setChoice((c) => ({ ...c, ...patch }));
  const hasSelection = !!handedOver && handedOver.length > 0;
  const filterCount = activeFilterCount(choice.filters);
  const toggleType = (t: OfferType, on: boolean) =>
    set({ offerTypes: on ? [...choice.offerTypes, t] : choice.offerTypes.filter((x) => x !== t) });

  return (
    <form
      className="mx-load panel"
      data-testid="matrix-load-panel"
      onSubmit={(e) => {
        e.preventDefault();
        onLoad(choice);
      }}
    >
      <h2>Choose what to show</h2>
      <p className="muted">
        Loading only reads from Everflow. Nothing changes until you review and apply your edits.
      </p>
      <div className="mx-load-grid">
        <fieldset className="mx-load-section">
          <legend className="field-label">Affiliates (rows)</legend>
          {hasSelection ? (
            <>
              <label className="radio">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  data-testid="matrix-affiliates-selection"
                  checked={choice.affiliatesMode === "selection"}
                  onChange={() => set({ affiliatesMode: "selection" })}
                />
                <span>
                  The {formatCount(handedOver.length)} affiliates you selected
                  <span className="radio-hint">
                    {handedOver
                      .slice(0, 4)
                      .map((a) => a.name)
                      .join(", ")}
                    {handedOver.length > 4 ? ` and ${formatCount(handedOver.length - 4)} more` : ""}
                  </span>
                </span>
              </label>
              <label className="radio">
                <input
                  type="radio"
                  name={`${id}-mode`}
                  data-testid="matrix-affiliates-filters"
                  checked={choice.affiliatesMode === "filters"}
                  onChange={() => set({ affiliatesMode: "filters" })}
                />
                <span>Affiliates by name and filters</span>
              </label>
            </>
          ) : null}
          {choice.affiliatesMode === "filters" ? (
            <div className="mx-load-filters">
              <label htmlFor={`${id}-aff`} className="filter-label">
                Name contains
              </label>
              <input
                id={`${id}-aff`}
                type="search"
                className="search"
                placeholder="Any name"
                data-testid="matrix-load-affiliate-search"
                value={choice.affiliateSearch}
                onChange={(e) => set({ affiliateSearch: e.target.value })}
                autoComplete="off"
                spellCheck={false}
              />
              <button
                type="button"
                className={`btn btn-secondary btn-small mx-load-filter-toggle${filterCount > 0 ? " has-count" : ""}`}
                aria-expanded={filtersOpen}
                onClick={() => setFiltersOpen((o) => !o)}
              >
                Affiliate filters{filterCount > 0 ? ` (${filterCount})` : ""} <span aria-hidden="true">{filtersOpen ? "▴" : "▾"}</span>
              </button>
              {filtersOpen ? (
                <div className="filter-panel" role="region" aria-label="Affiliate filters">
                  <FilterPanel filters={choice.filters} onChange={(filters) => set({ filters })} />
                </div>
              ) : null}
              <FilterChips filters={choice.filters} onChange={(filters) => set({ filters })} />
            </div>
          ) : null}
        </fieldset>

        <fieldset className="mx-load-section">
          <legend className="field-label">Offers (columns)</legend>
          <label htmlFor={`${id}-offer`} className="filter-label">
            Name contains
          </label>
          <input
            id={`${id}-offer`}
            type="search"
            className="search"
            placeholder="Any name"
            data-testid="matrix-load-offer-search"
            value={choice.offerSearch}
            onChange={(e) => set({ offerSearch: e.target.value })}
            autoComplete="off"
            spellCheck={false}
          />
          <label htmlFor={`${id}-status`} className="filter-label mx-load-gap">
            Offer status
          </label>
          <select
            id={`${id}-status`}
            data-testid="matrix-load-offer-status"
            value={choice.offerStatus}
            onChange={(e) => set({ offerStatus: e.target.value })}
          >
            {OFFER_STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <p className="filter-label mx-load-gap">Visibility type</p>
          <div className="mx-load-types">
            {(Object.keys(OFFER_TYPE_WORDS) as OfferType[]).map((t) => (
              <label key={t} className="checkbox" title={OFFER_TYPE_WORDS[t].explain}>
                <input
                  type="checkbox"
                  data-testid={`matrix-load-type-${t}`}
                  checked={choice.offerTypes.includes(t)}
                  onChange={(e) => toggleType(t, e.target.checked)}
                />
                <span>
                  {OFFER_TYPE_WORDS[t].label}
                  <span className="radio-hint">{OFFER_TYPE_WORDS[t].explain}</span>
                </span>
              </label>
            ))}
          </div>
          <p className="field-hint">None ticked: every type.</p>
        </fieldset>
      </div>
      <p className="muted small" data-testid="matrix-load-summary">
        Will load {choiceWords(choice, handedOver)}, then each offer’s visibility (one request per offer, within your
        rate limit).
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" data-testid="matrix-load" autoFocus>
          Load visibility
        </button>
        {onCancel ? (
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            Keep what is loaded
          </button>
        ) : null}
      </div>
    </form>
  );
}
