import { useEffect } from "react";
import { commands } from "../bindings";

let reported = false;

/**
 * Tells Rust, once per launch, that the first screen with data is painted (two animation frames
 * after the data rendered), so the log says how long start-up took.
 */
export function useReportFirstScreen(hasData: boolean) {
  useEffect(() => {
    if (!hasData || reported) return;
    reported = true;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        void commands.firstScreenShown().catch(() => undefined);
      }),
    );
  }, [hasData]);
}
