import { describe, expect, it } from "vitest";
import { NAV_ITEMS } from "./navigation";
import { isTextEntry, shortcutFor, shortcuts } from "./shortcuts";

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("keyboard shortcuts", () => {
  it("go to each main screen with Ctrl+digit, or ⌘digit on macOS", () => {
    NAV_ITEMS.forEach((item, index) => {
      const digit = String(index + 1);
      expect(shortcutFor(key(digit, { ctrlKey: true }), false)?.action).toEqual({ kind: "navigate", screen: item.id });
      expect(shortcutFor(key(digit, { metaKey: true }), true)?.action).toEqual({ kind: "navigate", screen: item.id });
    });
    expect(shortcutFor(key(",", { metaKey: true }), true)?.action).toEqual({ kind: "navigate", screen: "settings" });
  });

  it("ignore the other platform's modifier, extra modifiers and plain digits", () => {
    expect(shortcutFor(key("1", { metaKey: true }), false)).toBeUndefined();
    expect(shortcutFor(key("1", { ctrlKey: true }), true)).toBeUndefined();
    expect(shortcutFor(key("1", { ctrlKey: true, altKey: true }), false)).toBeUndefined();
    expect(shortcutFor(key("1"), false)).toBeUndefined();
    expect(shortcutFor(key("?", { ctrlKey: true }), false)).toBeUndefined();
  });

  it("show themselves with ? and are labelled for each platform", () => {
    expect(shortcutFor(key("?"), false)?.action).toEqual({ kind: "help" });
    expect(shortcuts(false)[0]).toMatchObject({ label: "Ctrl+1", aria: "Control+1", description: "Go to Affiliates" });
    expect(shortcuts(true)[0]).toMatchObject({ label: "⌘1", aria: "Meta+1" });
    const labels = shortcuts(false).map((s) => s.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("know where a typed character is text", () => {
    const text = document.createElement("input");
    const checkbox = document.createElement("input");
    checkbox.type = "checkbox";
    expect(isTextEntry(text)).toBe(true);
    expect(isTextEntry(document.createElement("textarea"))).toBe(true);
    expect(isTextEntry(checkbox)).toBe(false);
    expect(isTextEntry(document.createElement("button"))).toBe(false);
    expect(isTextEntry(null)).toBe(false);
  });
});
