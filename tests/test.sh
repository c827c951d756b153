#!/usr/bin/env bash
# Installs whatever is missing, then runs every test of Eflow Desk.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/setup.sh

ensure_apt_packages build-essential pkg-config ca-certificates
ensure_rust

echo "== Rust: unit, contract, client-against-simulator and simulator tests"
cargo test --workspace --locked
