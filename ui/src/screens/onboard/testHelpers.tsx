import { screen, within } from "@testing-library/react";
import { installBackend, type FakeBackend } from "../../test/backend";
import { renderApp } from "../../test/render";

/** Opens the demo network and the Onboard screen. */
export async function openOnboard(setup?: (backend: FakeBackend) => void) {
  const backend = installBackend((b) => {
    b.session = { kind: "demo", base_url: "http://127.0.0.1:4321/v1" };
    setup?.(b);
    b.onboarding.takeOver(b.overrides);
  });
  const app = renderApp();
  await app.user.click(await screen.findByTestId("nav-onboard"));
  await screen.findByTestId("onboard-screen");
  return { backend, ...app };
}

/** The input, select or textarea inside the field at a dotted path. */
export function fieldInput(path: string): HTMLInputElement & HTMLSelectElement {
  const field = document.querySelector(`[data-field="${path}"]`);
  if (!field) throw new Error(`No field ${path} on screen`);
  const input = field.querySelector("input, select, textarea");
  if (!input) throw new Error(`Field ${path} has no input`);
  return input as HTMLInputElement & HTMLSelectElement;
}

export function fieldError(path: string): string | null {
  const field = document.querySelector(`[data-field="${path}"]`);
  if (!field) return null;
  return within(field as HTMLElement).queryByTestId("field-error")?.textContent ?? null;
}
