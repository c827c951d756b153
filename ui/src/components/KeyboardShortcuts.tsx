import * as Dialog from "@radix-ui/react-dialog";
import { createContext, useContext, useEffect, useRef } from "react";
import { isMac, isTextEntry, shortcutFor, shortcuts, type ShortcutAction } from "../lib/shortcuts";

/** Opens the "Keyboard shortcuts" dialog (the help button and `?` call it). */
export const ShowShortcutsContext = createContext<() => void>(() => {});

/** Acts on the app's keyboard shortcuts anywhere in the window. */
export function useKeyboardShortcuts(onAction: (action: ShortcutAction) => void) {
  const latest = useRef(onAction);
  latest.current = onAction;
  useEffect(() => {
    const mac = isMac();
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const shortcut = shortcutFor(event, mac);
      if (!shortcut) return;
      // `?` typed in a field is text.
      if (shortcut.action.kind === "help" && isTextEntry(event.target)) return;
      // A modal dialog (a plan preview, a confirmation) keeps the keyboard to itself; a side
      // panel (an affiliate's detail, `aria-modal="false"`) does not.
      if (document.querySelector('[role="dialog"]:not([aria-modal="false"]), [role="alertdialog"]')) return;
      event.preventDefault();
      latest.current(shortcut.action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The button that opens the list of shortcuts. */
export function ShortcutsButton({ className }: { className?: string }) {
  const show = useContext(ShowShortcutsContext);
  return (
    <button
      type="button"
      className={className ?? "btn btn-secondary btn-small"}
      data-testid="show-shortcuts"
      aria-keyshortcuts="Shift+?"
      onClick={show}
    >
      Keyboard shortcuts <kbd>?</kbd>
    </button>
  );
}

export function KeyboardShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const list = shortcuts(isMac());
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog" data-testid="shortcuts-dialog">
          <Dialog.Title className="dialog-title">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="muted">
            Tab and Shift+Tab move between controls; Enter or Space uses the one in focus; Escape closes a dialog.
          </Dialog.Description>
          <table className="shortcuts-table">
            <thead>
              <tr>
                <th scope="col">Keys</th>
                <th scope="col">What they do</th>
              </tr>
            </thead>
            <tbody>
              {list.map((shortcut) => (
                <tr key={shortcut.label} data-testid="shortcut-row">
                  <td>
                    <kbd>{shortcut.label}</kbd>
                  </td>
                  <td>{shortcut.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <Dialog.Close asChild>
              <button type="button" className="btn btn-primary" data-testid="close-shortcuts">
                Close
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
