#!/usr/bin/env bash
# Inside the X display and D-Bus session that run.sh made: unlock a fresh keyring, start
# tauri-driver, run the specs.
set -euo pipefail
cd "$(dirname "$0")"

export HOME="$E2E_HOME"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
# Spec 15 writes a throw-away update key here; debug builds trust the key in this file (release
# builds ignore the variable).
export EFLOW_DESK_TEST_UPDATE_PUBKEY_FILE="$HOME/update-test-key.pub"
# WebKitGTK draws nothing under Xvfb with the DMA-BUF renderer.
export WEBKIT_DISABLE_DMABUF_RENDERER=1

# The app's native file dialogs answer paths in this folder instead of opening (spec 14; see
# src-tauri/src/commands/sheets.rs). Set before tauri-driver starts, so the app inherits it.
export EFLOW_E2E_DIALOG_DIR="$HOME/dialogs"
mkdir -p "$EFLOW_E2E_DIALOG_DIR"

echo -n "e2e-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null

"$TAURI_DRIVER_BIN" --port 4444 --native-driver /usr/bin/WebKitWebDriver >"$HOME/tauri-driver.log" 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:4444/status >/dev/null 2>&1 && break
  sleep 0.1
done

# E2E_SPECS picks specs to run (default: all); E2E_PROGRAM runs another program in this session
# instead (the benchmarks do).
if [ -n "${E2E_PROGRAM:-}" ]; then
  node "$E2E_PROGRAM"
else
  node --test --test-concurrency=1 ${E2E_SPECS:-specs/}
fi
