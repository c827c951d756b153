import { useEffect } from "react";
import { commands } from "../bindings";

let reported = false;
const marks: [string, number][] = [];

/** Notes a moment of start-up (milliseconds since the page began loading) for the log. */
export function markStartup(name: string) {
  if (!reported) marks.push([name, Math.round(performance.now())]);
}

/**
 * Tells Rust, once per launch, that the first screen with data is painted (two animation frames
 * after the data rendered), with the moments noted on the way, so the log says where start-up
 * time went.
 */
export function useReportFirstScreen(hasData: boolean) {
  useEffect(() => {
    if (!hasData || reported) return;
    markStartup("data rendered");
    reported = true;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        marks.push(["painted", Math.round(performance.now())]);
        void commands.firstScreenShown(performance.timeOrigin, marks).catch(() => undefined);
      }),
    );
  }, [hasData]);
}
