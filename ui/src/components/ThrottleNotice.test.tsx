import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installBackend } from "../test/backend";
import { renderApp } from "../test/render";

describe("Throttle notice", () => {
  it("says when Everflow throttles the open network, and goes away when the wait is over", async () => {
    let notice: string | null = "Everflow is throttling this network; continuing in 24 s";
    installBackend((b) => {
      b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
      b.overrides.throttle_notice = () => notice;
    });
    renderApp();
    expect(await screen.findByTestId("throttle-notice")).toHaveTextContent(
      "Everflow is throttling this network; continuing in 24 s",
    );
    notice = null;
    await waitFor(() => expect(screen.queryByTestId("throttle-notice")).toBeNull(), { timeout: 3000 });
  });
});
