// The native menu's own items (macOS: Settings…, Help › Keyboard Shortcuts) arrive here.
import { Channel } from "@tauri-apps/api/core";
import { useEffect, useRef } from "react";
import { commands, type MenuAction } from "../bindings";
import type { Navigate } from "./navigation";

export function useMenuActions(navigate: Navigate, showShortcuts: () => void) {
  const latest = useRef({ navigate, showShortcuts });
  latest.current = { navigate, showShortcuts };
  useEffect(() => {
    const channel = new Channel<MenuAction>();
    channel.onmessage = (action) => {
      if (action === "open_settings") latest.current.navigate("settings");
      else latest.current.showShortcuts();
    };
    // Outside the app (UI tests) there is no backend to register with.
    void Promise.resolve()
      .then(() => commands.watchMenu(channel))
      .catch(() => undefined);
  }, []);
}
