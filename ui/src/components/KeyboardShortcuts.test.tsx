import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installBackend } from "../test/backend";
import { renderApp } from "../test/render";

async function openDemo() {
  installBackend();
  const rendered = renderApp();
  await rendered.user.click(await screen.findByTestId("open-demo"));
  await screen.findByTestId("demo-badge");
  return rendered;
}

describe("keyboard shortcuts in the app", () => {
  it("go to the main screens with Ctrl+digit, and the sidebar names them", async () => {
    const { user } = await openDemo();
    expect(screen.getByTestId("nav-history")).toHaveAttribute("aria-keyshortcuts", "Control+7");
    await user.keyboard("{Control>}7{/Control}");
    await waitFor(() => expect(screen.getByTestId("nav-history")).toHaveAttribute("aria-current", "page"));
    await user.keyboard("{Control>},{/Control}");
    await waitFor(() => expect(screen.getByTestId("nav-settings")).toHaveAttribute("aria-current", "page"));
    await user.keyboard("{Control>}1{/Control}");
    await waitFor(() => expect(screen.getByTestId("nav-affiliates")).toHaveAttribute("aria-current", "page"));
  });

  it("work while an affiliate's detail panel is open (it is not modal)", async () => {
    const { user } = await openDemo();
    const rows = await screen.findAllByTestId("affiliate-row");
    await user.click(within(rows[0]).getAllByRole("cell")[1] ?? rows[0]);
    await screen.findByTestId("affiliate-detail");
    await user.keyboard("{Control>}7{/Control}");
    await waitFor(() => expect(screen.getByTestId("nav-history")).toHaveAttribute("aria-current", "page"));
  });

  it("? and the help button list them in a dialog that Escape closes; ? typed in a field is text", async () => {
    const { user } = await openDemo();
    await user.keyboard("?");
    const dialog = await screen.findByTestId("shortcuts-dialog");
    expect(within(dialog).getByRole("heading", { name: "Keyboard shortcuts" })).toBeInTheDocument();
    expect(within(dialog).getAllByTestId("shortcut-row")[0]).toHaveTextContent("Ctrl+1Go to Affiliates");
    expect(within(dialog).getByText("Show these keyboard shortcuts")).toBeInTheDocument();
    // While a dialog is open, shortcuts do not move the screen under it.
    await user.keyboard("{Control>}7{/Control}");
    expect(screen.getByTestId("nav-affiliates")).toHaveAttribute("aria-current", "page");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByTestId("shortcuts-dialog")).not.toBeInTheDocument());

    const search = screen.getAllByRole("searchbox")[0] ?? screen.getAllByRole("textbox")[0];
    await user.click(search);
    await user.keyboard("?");
    expect(screen.queryByTestId("shortcuts-dialog")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("show-shortcuts"));
    expect(await screen.findByTestId("shortcuts-dialog")).toBeInTheDocument();
  });
});
