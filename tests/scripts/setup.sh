# Shared set-up for the project's scripts: installs only what is missing, so a warm machine
# skips straight to the work. Sourced, not run.

# Debian packages, installed in one apt-get call when any is missing.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The Rust toolchain (stable, through rustup) when cargo is not on the PATH.
ensure_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    ensure_apt_packages curl ca-certificates
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
}

# Packages to build the desktop app (Tauri 2 on WebKitGTK) and the keyring crate.
APP_BUILD_PACKAGES=(build-essential pkg-config ca-certificates curl wget file libwebkit2gtk-4.1-dev
  libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev
  libjavascriptcoregtk-4.1-dev libgtk-3-dev libdbus-1-dev)
# Packages to run it headless, drive it, and give it a real keyring.
# x11-utils: xwininfo, to count the app's windows (E2E spec 11: a second launch opens none).
# xclip: reads the clipboard (E2E spec 17: "Copy diagnostics").
APP_HEADLESS_PACKAGES=(xvfb xauth webkit2gtk-driver dbus-x11 gnome-keyring libsecret-tools imagemagick x11-utils xclip)

# The C cross compiler for `cargo check` of the Windows target (tests/cross-check.sh).
CROSS_CHECK_PACKAGES=(gcc-mingw-w64-x86-64)
# A real spreadsheet program, headless: E2E spec 14 edits the exported sheets with LibreOffice
# (`soffice --convert-to`), so the files the app imports were written by it.
SPREADSHEET_PACKAGES=(libreoffice-calc)

# Node.js and npm for the web UI (Debian's, when none is installed).
ensure_node() {
  if ! command -v npm >/dev/null 2>&1; then
    ensure_apt_packages nodejs npm
  fi
}

# tauri-driver, the WebDriver bridge to the app (built from crates.io).
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1; then
    cargo install tauri-driver --version "^2" --locked
  fi
}

# The Tauri CLI from npm (its binary ships inside the npm package), in target/tools, not in the UI's
# dependencies: the registry holds only some of its per-platform packages, which a lock file would
# need to name. Installers (tests/bench/installers.sh) and the update signatures of E2E spec 15 use it.
TAURI_CLI="$(pwd)/target/tools/node_modules/.bin/tauri"
ensure_tauri_cli() {
  if [ ! -x "$TAURI_CLI" ]; then
    mkdir -p target/tools
    npm install --prefix target/tools --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5
  fi
}

# The web UI's dependencies (only when the lock file changed) and its production build.
build_ui() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
  (cd ui && npm run build)
}
