#!/usr/bin/env bash
# Checks that the whole workspace compiles for Windows and macOS: `cargo check` type-checks every
# crate (tests, benches and binaries too) for the target and links nothing. Warnings fail it, so code
# that is unused or dead on one platform only shows up here. Installs the Rust targets and MinGW,
# the C cross compiler that ring (TLS, through rustls) needs for Windows.
#
# macOS: two dependencies compile C or Objective-C against Apple's SDK in their build scripts: ring
# (its C includes <TargetConditionals.h> and the SDK's libc headers) and objc2-exception-helper (an
# Objective-C file over <objc/objc.h>, used by the window and dialog crates). The SDK ships only with
# Xcode, so those two build scripts cannot run here. Both declare a `links` key, which lets cargo take
# their output from configuration instead of running them; since `cargo check` links nothing, their
# C libraries are not needed. So every Rust line, theirs included, is checked for macOS; their C is not.
set -euo pipefail
cd "$(dirname "$0")/.."
. tests/scripts/setup.sh
ensure_apt_packages "${CROSS_CHECK_PACKAGES[@]}"
ensure_rust
ensure_node
# The app crate embeds the built UI (tauri.conf.json's frontendDist).
[ -f ui/dist/index.html ] || build_ui

targets=(x86_64-pc-windows-gnu aarch64-apple-darwin)
installed=$(rustup target list --installed)
for target in "${targets[@]}"; do
  grep -qx "$target" <<<"$installed" || rustup target add "$target"
done

# The `links` names of the crates whose build scripts need Apple's SDK, as Cargo.lock resolves them.
apple_sdk_links=$(cargo metadata --format-version 1 --locked --filter-platform aarch64-apple-darwin |
  node -e '
    const names = new Set(["ring", "objc2-exception-helper"]);
    const meta = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const links = meta.packages.filter((p) => names.has(p.name) && p.links).map((p) => p.links);
    console.log(links.join(" "));')

for target in "${targets[@]}"; do
  overrides=()
  if [ "$target" = aarch64-apple-darwin ]; then
    for links in $apple_sdk_links; do
      overrides+=(--config "target.$target.$links.rustc-link-lib=[]")
    done
  fi
  echo "== cargo check --workspace --all-targets --target $target"
  start=$(date +%s)
  RUSTFLAGS="-D warnings" cargo check --quiet --workspace --all-targets --locked --target "$target" "${overrides[@]}"
  echo "   $target: $(( $(date +%s) - start )) s"
done
