// The bookkeeping of a long backend job a screen runs (a load with progress): one at a time,
// answers of a job that was replaced ignored, stop on request, and stopped when the screen goes.
import { useCallback, useEffect, useMemo, useRef } from "react";
import { commands } from "../bindings";
import { plain } from "./client";

export interface Job {
  jobId: string;
  cancelled: boolean;
}

function stop(job: Job) {
  job.cancelled = true;
  // The job may have finished already; what comes back from the job itself decides the state.
  void plain(commands.cancelJob(job.jobId)).catch(() => undefined);
}

export function useCurrentJob() {
  const current = useRef<Job | null>(null);

  // Leaving the screen stops a job that is still running.
  useEffect(
    () => () => {
      const job = current.current;
      if (job && !job.cancelled) stop(job);
    },
    [],
  );

  /** A new job, replacing any before it. */
  const begin = useCallback((): Job => {
    const job = { jobId: crypto.randomUUID(), cancelled: false };
    current.current = job;
    return job;
  }, []);

  /** Whether `job` is still the one running; if so, it is over from now on. */
  const settle = useCallback((job: Job): boolean => {
    if (current.current !== job) return false;
    current.current = null;
    return true;
  }, []);

  /** Whether a progress report of `job` still counts. */
  const reporting = useCallback((job: Job): boolean => current.current === job && !job.cancelled, []);

  /** Asks the running job to stop; false when there is none (or it was asked already). */
  const cancel = useCallback((): boolean => {
    const job = current.current;
    if (!job || job.cancelled) return false;
    stop(job);
    return true;
  }, []);

  const forget = useCallback(() => {
    current.current = null;
  }, []);

  return useMemo(() => ({ begin, settle, reporting, cancel, forget }), [begin, settle, reporting, cancel, forget]);
}
