#!/usr/bin/env bash
# End-to-end tests of the real app: builds the UI and the binaries, then drives the app under
# Xvfb, with a real Secret Service keyring (gnome-keyring in a D-Bus session), through
# tauri-driver and WebKitWebDriver, against simulator processes. Screenshots: tests/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/setup.sh

ensure_apt_packages "${APP_BUILD_PACKAGES[@]}" "${APP_HEADLESS_PACKAGES[@]}" "${SPREADSHEET_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_tauri_driver
ensure_tauri_cli
build_ui
cargo build --locked -p eflow-desk -p everflow-sim --bins
if [ ! -d tests/e2e/node_modules ] || [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund)
fi

# tauri-driver listens on one fixed port: one end-to-end run at a time on this machine.
exec 9>/tmp/eflow-desk-e2e.lock
if ! flock -n 9; then
  echo "Another end-to-end run is using the WebDriver port; waiting for it to finish..."
  flock 9
fi

# A full run starts with no screenshots; a run of chosen specs keeps the others' screenshots.
if [ -z "${E2E_SPECS:-}" ] && [ -z "${E2E_PROGRAM:-}" ]; then rm -rf tests/artifacts; fi
mkdir -p tests/artifacts
# A throw-away home: the app's settings, logs and the test keyring land here, not in the real home.
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
export E2E_HOME="$sandbox"
export TAURI_DRIVER_BIN="$(command -v tauri-driver)"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash tests/e2e/session.sh
