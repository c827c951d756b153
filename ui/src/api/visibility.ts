// The visibility matrix: load (with progress and cancel), plan the pending cell edits, and fetch
// offers' visibility again. Like client.ts, every failure is thrown as an AppError.
import { useCallback, useState } from "react";
import { Channel } from "@tauri-apps/api/core";
import {
  commands,
  type CellEdit,
  type MatrixProgress,
  type MatrixRequest,
  type OfferVisibility,
  type Plan,
  type VisibilityMatrix,
} from "../bindings";
import { unwrap } from "./client";
import { type AppError, toAppError } from "./errors";
import { useCurrentJob } from "./jobs";

export type { CellEdit, MatrixProgress, MatrixRequest, OfferVisibility, VisibilityMatrix } from "../bindings";

export const visibilityApi = {
  load: (request: MatrixRequest, jobId: string, onProgress: (p: MatrixProgress) => void): Promise<VisibilityMatrix> => {
    const channel = new Channel<MatrixProgress>();
    channel.onmessage = onProgress;
    return unwrap(commands.loadVisibilityMatrix(request, jobId, channel));
  },
  /** A plan of the edits against the loaded matrix; `not_found` when none of them changes anything. */
  plan: (matrixId: string, edits: CellEdit[]): Promise<Plan> => unwrap(commands.planVisibility(matrixId, edits)),
  /** These offers' visibility as Everflow has it now; the app's copy of the matrix is updated too. */
  refresh: (matrixId: string, offerIds: number[]): Promise<OfferVisibility[]> =>
    unwrap(commands.refreshVisibilityMatrix(matrixId, offerIds)),
};

/** Progress of each loading step, as last reported. */
export type MatrixSteps = Partial<Record<"affiliates" | "offers" | "visibility", MatrixProgress>>;

export type MatrixLoadState =
  | { state: "idle" }
  | { state: "loading"; steps: MatrixSteps; current: MatrixProgress | null; cancelling: boolean }
  | { state: "done"; matrix: VisibilityMatrix; request: MatrixRequest }
  | { state: "stopped" }
  | { state: "failed"; error: AppError };

/** Loads a matrix with progress per step; can be cancelled (leaving the screen cancels too). */
export function useMatrixLoad(initial: MatrixLoadState = { state: "idle" }) {
  const [state, setState] = useState<MatrixLoadState>(initial);
  const jobs = useCurrentJob();

  const start = useCallback(
    (request: MatrixRequest) => {
      const job = jobs.begin();
      setState({ state: "loading", steps: {}, current: null, cancelling: false });
      visibilityApi
        .load(request, job.jobId, (progress) => {
          if (!jobs.reporting(job)) return;
          setState((s) =>
            s.state === "loading" ? { ...s, current: progress, steps: { ...s.steps, [progress.step]: progress } } : s,
          );
        })
        .then(
          (matrix) => {
            if (!jobs.settle(job)) return;
            setState(job.cancelled ? { state: "stopped" } : { state: "done", matrix, request });
          },
          (error: unknown) => {
            if (!jobs.settle(job)) return;
            const appError = toAppError(error);
            setState(
              job.cancelled || appError.code === "cancelled" ? { state: "stopped" } : { state: "failed", error: appError },
            );
          },
        );
    },
    [jobs],
  );

  const cancel = useCallback(() => {
    if (jobs.cancel()) setState((s) => (s.state === "loading" ? { ...s, cancelling: true } : s));
  }, [jobs]);

  const reset = useCallback(() => {
    jobs.forget();
    setState({ state: "idle" });
  }, [jobs]);

  return { state, start, cancel, reset };
}
