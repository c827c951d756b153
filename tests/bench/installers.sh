#!/usr/bin/env bash
# Builds the release installers and prints their sizes. The .deb is built with the Tauri CLI from
# npm (its binary ships inside the npm package), installed into target/tools, not into the UI's
# dependencies: the registry holds only some of its per-platform packages, which a lock file would
# need to name. An AppImage needs linuxdeploy and appimagetool,
# which the Tauri bundler downloads from GitHub at build time; on a machine without that access it
# is attempted and reported as not built.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/scripts/setup.sh
ensure_apt_packages "${APP_BUILD_PACKAGES[@]}" dpkg-dev file
ensure_rust
ensure_node
build_ui

tools="$(pwd)/target/tools"
if [ ! -x "$tools/node_modules/.bin/tauri" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-save --no-audit --no-fund @tauri-apps/cli@2.12.5
fi
TAURI="$tools/node_modules/.bin/tauri"
BUNDLE="$(pwd)/target/release/bundle"
ENABLE='{"bundle":{"active":true},"build":{"beforeBuildCommand":""}}'

cd src-tauri
start=$(date +%s)
"$TAURI" build --bundles deb --config "$ENABLE"
echo "Release build and .deb: $(( $(date +%s) - start )) s"
if "$TAURI" build --bundles appimage --config "$ENABLE" > /tmp/eflow-appimage.log 2>&1; then
  echo "AppImage built."
else
  echo "AppImage not built: $(grep -m1 -iE 'error|failed' /tmp/eflow-appimage.log || tail -n1 /tmp/eflow-appimage.log)"
fi
cd ..

echo
echo "Installer sizes:"
for file in "$BUNDLE"/deb/*.deb "$BUNDLE"/appimage/*.AppImage; do
  [ -e "$file" ] && awk -v n="$(basename "$file")" -v s="$(stat -c %s "$file")" 'BEGIN { printf "  %-60s %6.1f MiB\n", n, s / 1048576 }'
done
awk -v s="$(stat -c %s target/release/eflow-desk)" 'BEGIN { printf "  %-60s %6.1f MiB\n", "release binary (target/release/eflow-desk)", s / 1048576 }'
