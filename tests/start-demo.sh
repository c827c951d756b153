#!/usr/bin/env bash
# Installs whatever is missing, builds Eflow Desk, and opens it on the built-in demo network
# (sample data served by the simulator inside the app; nothing leaves this computer).
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/setup.sh

ensure_apt_packages "${APP_BUILD_PACKAGES[@]}"
ensure_rust
ensure_node
build_ui
cargo build --locked -p eflow-desk
exec target/debug/eflow-desk --demo "$@"
