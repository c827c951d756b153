// Spreadsheets: the native dialogs (opened by Rust, answering a path), exports to a path and
// imports of an edited sheet as a plan previewed like every write.
import { Channel } from "@tauri-apps/api/core";
import { commands, type AffiliatesTableRequest, type HistoryScope, type Plan, type Progress } from "../bindings";
import { unwrap } from "./client";

export const sheetsApi = {
  /** Where to save; `null` when the user cancelled. */
  chooseSavePath: (suggestedName: string): Promise<string | null> => unwrap(commands.chooseSheetSavePath(suggestedName)),
  /** Which sheet to import; `null` when the user cancelled. */
  chooseToOpen: (): Promise<string | null> => unwrap(commands.chooseSheetToOpen()),
  exportAffiliates: (request: AffiliatesTableRequest, path: string, jobId: string, onProgress: (p: Progress) => void): Promise<string> => {
    const channel = new Channel<Progress>();
    channel.onmessage = onProgress;
    return unwrap(commands.exportAffiliatesSheet(request, path, jobId, channel));
  },
  exportVisibility: (matrixId: string, affiliateIds: number[] | null, offerIds: number[] | null, path: string): Promise<string> =>
    unwrap(commands.exportVisibilitySheet(matrixId, affiliateIds, offerIds, path)),
  exportHistory: (scope: HistoryScope, path: string): Promise<string> => unwrap(commands.exportHistoryCsv(scope, path)),
  importAffiliates: (path: string): Promise<Plan> => unwrap(commands.importAffiliatesSheet(path)),
  importVisibility: (path: string): Promise<Plan> => unwrap(commands.importVisibilitySheet(path)),
};

/** "affiliates-2026-12-06.xlsx" */
export function sheetFileName(what: string, extension: "xlsx" | "csv", now = new Date()): string {
  return `${what}-${now.toISOString().slice(0, 10)}.${extension}`;
}
