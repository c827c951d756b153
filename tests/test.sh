#!/usr/bin/env bash
# Installs whatever is missing, then runs every test of Eflow Desk: Rust (unit, contract,
# client-against-simulator, simulator semantics, OS keyring, bindings freshness), the check that
# the workspace compiles for Windows and macOS, the UI's unit tests, and the end-to-end tests of the
# real app.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/setup.sh

ensure_apt_packages "${APP_BUILD_PACKAGES[@]}" "${APP_HEADLESS_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_tauri_driver

echo "== Web UI build (the app embeds it)"
build_ui

echo "== Rust tests (with a real Secret Service for the keyring tests)"
keyring_home=$(mktemp -d)
XDG_DATA_HOME="$keyring_home" dbus-run-session -- bash -c '
  echo -n "test-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test --workspace --locked -- --include-ignored
'
rm -rf "$keyring_home"

echo "== The workspace compiles for Windows and macOS"
bash tests/cross-check.sh

echo "== Web UI unit tests"
(cd ui && npm test)

echo "== End-to-end tests of the real app"
bash tests/e2e/run.sh
