#!/usr/bin/env bash
# Start-up and idle memory of the release app on the demo network, against WebKitGTK's own
# MiniBrowser painting a one-line page (the floor for this webview), measured in the same run
# under Xvfb: several runs of each, min / median / max and the ratios. Prints figures; passes or
# fails on none. STARTUP_RUNS sets the number of runs (default 5).
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/scripts/setup.sh

ensure_apt_packages "${APP_BUILD_PACKAGES[@]}" "${APP_HEADLESS_PACKAGES[@]}" libwebkit2gtk-4.1-0
ensure_rust
ensure_node
build_ui
echo "== Release build of the app"
cargo build --locked --release -p eflow-desk

minibrowser=$(dpkg -L libwebkit2gtk-4.1-0 | grep '/MiniBrowser$' | head -n1)
[ -x "$minibrowser" ] || { echo "MiniBrowser is not in libwebkit2gtk-4.1-0 here" >&2; exit 1; }
export STARTUP_APP="$(pwd)/target/release/eflow-desk" STARTUP_FLOOR="$minibrowser"
sandbox=$(mktemp -d)
trap 'rm -rf "$sandbox"' EXIT
export STARTUP_HOME="$sandbox"
xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash -c '
  export HOME="$STARTUP_HOME" XDG_DATA_HOME="$STARTUP_HOME/keyring"
  mkdir -p "$XDG_DATA_HOME"
  export WEBKIT_DISABLE_DMABUF_RENDERER=1
  echo -n "startup-keyring-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  node tests/bench/startup.mjs
'
