// The app's keyboard shortcuts: one list, used both to act on key presses and to show them in the
// "Keyboard shortcuts" dialog. The modifier is ⌘ on macOS and Ctrl elsewhere, as each platform's
// users expect.
import { NAV_ITEMS, type ScreenId } from "./navigation";

export type ShortcutAction = { kind: "navigate"; screen: ScreenId } | { kind: "help" };

export interface Shortcut {
  /** What the user presses, as shown (e.g. "Ctrl+1", "⌘1", "?"). */
  label: string;
  /** The same for assistive technology (`aria-keyshortcuts`), e.g. "Control+1". */
  aria: string;
  description: string;
  action: ShortcutAction;
  matches: (event: KeyEventLike, mac: boolean) => boolean;
}

/** The parts of a KeyboardEvent a shortcut looks at. */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

export function isMac(): boolean {
  const platform = typeof navigator === "undefined" ? "" : navigator.platform || navigator.userAgent;
  return /Mac|iPhone|iPad/i.test(platform);
}

/** The platform's modifier alone is held (⌘ on macOS, Ctrl elsewhere), no other. */
function modifierOnly(event: KeyEventLike, mac: boolean): boolean {
  return !event.altKey && (mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey);
}

export function shortcuts(mac: boolean): Shortcut[] {
  const mod = (key: string) => ({ label: mac ? `⌘${key}` : `Ctrl+${key}`, aria: `${mac ? "Meta" : "Control"}+${key}` });
  const screens: Shortcut[] = NAV_ITEMS.map((item, index) => {
    const digit = String(index + 1);
    return {
      ...mod(digit),
      description: `Go to ${item.label}`,
      action: { kind: "navigate", screen: item.id },
      matches: (event, isMacOs) => modifierOnly(event, isMacOs) && event.key === digit,
    };
  });
  return [
    ...screens,
    {
      ...mod(","),
      description: "Open Settings",
      action: { kind: "navigate", screen: "settings" },
      matches: (event, isMacOs) => modifierOnly(event, isMacOs) && event.key === ",",
    },
    {
      label: "?",
      aria: "Shift+?",
      description: "Show these keyboard shortcuts",
      action: { kind: "help" },
      matches: (event) => event.key === "?" && !event.ctrlKey && !event.metaKey && !event.altKey,
    },
  ];
}

/** The shortcut a key press means, if any. */
export function shortcutFor(event: KeyEventLike, mac: boolean): Shortcut | undefined {
  return shortcuts(mac).find((shortcut) => shortcut.matches(event, mac));
}

/** Where typing a character means text, not a command. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["checkbox", "radio", "button", "submit", "reset", "range", "color", "file"].includes(target.type);
  }
  return false;
}

/** The shortcut a label belongs to, for `aria-keyshortcuts` on the control it stands for. */
export function navShortcut(screen: ScreenId, mac: boolean): Shortcut | undefined {
  return shortcuts(mac).find((shortcut) => shortcut.action.kind === "navigate" && shortcut.action.screen === screen);
}
