// What the visibility screen keeps while the user is on another screen, so coming back finds the
// loaded matrix and every pending edit (with undo history) as they were. One per network: the
// backend keeps the loaded matrix by id, so nothing needs loading again.
import type { MatrixRequest, VisibilityMatrix } from "../../bindings";
import type { LoadChoice } from "./LoadPanel";
import type { Edits, Model } from "./model";

export interface KeptMatrix {
  session: string;
  choice: LoadChoice;
  request: MatrixRequest;
  matrix: VisibilityMatrix;
  /** The editor's model (fresh after an apply) and edits, once it has been shown. */
  model?: Model;
  edits?: Edits;
}

let kept: KeptMatrix | null = null;

/** What was kept for this network, if anything. */
export function keptFor(session: string): KeptMatrix | null {
  return kept?.session === session ? kept : null;
}

export function keepMatrix(next: KeptMatrix | null) {
  kept = next;
}
