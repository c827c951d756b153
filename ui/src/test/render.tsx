import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { AppRoot } from "../App";
import { createQueryClient } from "../api";

/** Renders the whole app with a fresh query cache. */
export function renderApp() {
  const user = userEvent.setup();
  const client = createQueryClient();
  const result = render(<AppRoot client={client} />);
  return { user, client, ...result };
}
