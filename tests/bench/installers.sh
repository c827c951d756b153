#!/usr/bin/env bash
# Builds every installer this machine can and prints their sizes: the Linux .deb and .rpm, then the
# ones that need downloads at build time are attempted and reported as not built with the reason:
# the AppImage (Tauri's bundler fetches AppRun, linuxdeploy and its plugins from GitHub) and the Windows NSIS
# setup cross-built for x86_64-pc-windows-gnu with MinGW and Debian's NSIS (the bundler fetches its
# NSIS plugin, nsis_tauri_utils.dll, from GitHub). The .msi needs WiX, which runs on Windows only;
# .app and .dmg need macOS. The Tauri CLI comes from npm (setup.sh: ensure_tauri_cli).
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/scripts/setup.sh
ensure_apt_packages "${APP_BUILD_PACKAGES[@]}" "${CROSS_CHECK_PACKAGES[@]}" dpkg-dev file nsis
ensure_rust
ensure_node
build_ui
rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu

ensure_tauri_cli
TAURI="$TAURI_CLI"
ENABLE='{"bundle":{"active":true},"build":{"beforeBuildCommand":""}}'
BUNDLE="$(pwd)/target/release/bundle"
WINDOWS_BUNDLE="$(pwd)/target/x86_64-pc-windows-gnu/release/bundle"

# Runs a bundling step that may fail for want of a download; reports the first error line and
# what it was downloading.
attempt() {
  local name="$1" log="/tmp/eflow-installer-$1.log"
  shift
  local start=$(date +%s)
  if "$@" > "$log" 2>&1; then
    echo "$name built in $(( $(date +%s) - start )) s."
  else
    local fetching=$(grep -o 'Downloading https://[^ ]*' "$log" | tail -n1)
    echo "$name not built ($(( $(date +%s) - start )) s): $(grep -m1 -iE 'error|failed' "$log" || tail -n1 "$log")${fetching:+ while ${fetching}} (full log: $log)"
  fi
}

cd src-tauri
start=$(date +%s)
"$TAURI" build --bundles deb,rpm --config "$ENABLE"
echo "Release build, .deb and .rpm: $(( $(date +%s) - start )) s"
attempt AppImage "$TAURI" build --bundles appimage --config "$ENABLE"
# On Linux `--bundles` offers only the Linux kinds; for a Windows target "all" (tauri.conf.json) means NSIS.
attempt "Windows NSIS setup" "$TAURI" build --target x86_64-pc-windows-gnu --config "$ENABLE"
cd ..

echo
echo "Installer sizes:"
for file in "$BUNDLE"/deb/*.deb "$BUNDLE"/rpm/*.rpm "$BUNDLE"/appimage/*.AppImage "$WINDOWS_BUNDLE"/nsis/*.exe; do
  [ -e "$file" ] && awk -v n="$(basename "$file")" -v s="$(stat -c %s "$file")" 'BEGIN { printf "  %-60s %6.1f MiB\n", n, s / 1048576 }'
done
awk -v s="$(stat -c %s target/release/eflow-desk)" 'BEGIN { printf "  %-60s %6.1f MiB\n", "release binary (target/release/eflow-desk)", s / 1048576 }'
if [ -e target/x86_64-pc-windows-gnu/release/eflow-desk.exe ]; then
  awk -v s="$(stat -c %s target/x86_64-pc-windows-gnu/release/eflow-desk.exe)" 'BEGIN { printf "  %-60s %6.1f MiB\n", "Windows release binary (eflow-desk.exe)", s / 1048576 }'
fi
