// The affiliates the user picked, shared by the affiliates table and the screens that act on many
// affiliates (bulk edit, visibility). Mounted once per open network: a new network starts empty.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

export interface SelectedAffiliate {
  id: number;
  name: string;
}

export interface AffiliateSelection {
  /** In the order they were picked. */
  selected: SelectedAffiliate[];
  count: number;
  isSelected: (id: number) => boolean;
  /** Adds (or, with `on` false, removes) these affiliates. */
  set: (affiliates: SelectedAffiliate[], on: boolean) => void;
  toggle: (affiliate: SelectedAffiliate) => void;
  /** Replaces the whole selection. */
  replace: (affiliates: SelectedAffiliate[]) => void;
  clear: () => void;
}

const SelectionContext = createContext<AffiliateSelection | null>(null);

export function SelectionProvider({ children }: { children: ReactNode }) {
  const [map, setMap] = useState<Map<number, SelectedAffiliate>>(() => new Map());

  const set = useCallback((affiliates: SelectedAffiliate[], on: boolean) => {
    setMap((prev) => {
      const next = new Map(prev);
      for (const a of affiliates) {
        if (on) next.set(a.id, { id: a.id, name: a.name });
        else next.delete(a.id);
      }
      return next;
    });
  }, []);
  const toggle = useCallback(
    (a: SelectedAffiliate) =>
      setMap((prev) => {
        const next = new Map(prev);
        if (next.has(a.id)) next.delete(a.id);
        else next.set(a.id, { id: a.id, name: a.name });
        return next;
      }),
    [],
  );
  const replace = useCallback(
    (affiliates: SelectedAffiliate[]) => setMap(new Map(affiliates.map((a) => [a.id, { id: a.id, name: a.name }]))),
    [],
  );
  const clear = useCallback(() => setMap(new Map()), []);

  const value = useMemo<AffiliateSelection>(
    () => ({
      selected: [...map.values()],
      count: map.size,
      isSelected: (id) => map.has(id),
      set,
      toggle,
      replace,
      clear,
    }),
    [map, set, toggle, replace, clear],
  );
  return <SelectionContext.Provider value={value}>{children}</SelectionContext.Provider>;
}

/** The selected affiliates. Must be used under SelectionProvider (App mounts it for every open network). */
export function useAffiliateSelection(): AffiliateSelection {
  const value = useContext(SelectionContext);
  if (!value) throw new Error("useAffiliateSelection needs a SelectionProvider above it");
  return value;
}
