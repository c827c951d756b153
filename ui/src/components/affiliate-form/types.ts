import type { AffiliateInput } from "../../bindings";
import type { Lookups } from "../../api/lookups";

/** What every form section gets: the values, a setter by dotted path, the error shown at a path. */
export interface SectionProps {
  value: AffiliateInput;
  set: (path: string, value: unknown) => void;
  error: (path: string) => string | undefined;
  lookups: Lookups;
}
