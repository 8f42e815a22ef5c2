#!/usr/bin/env bash
# Installs what Latch needs to build, run and test, skipping whatever is already there.
# Idempotent, and a few seconds when everything is installed. `make run` and `make test`
# call it first; run it alone with `make setup`.
#
#   LATCH_TARGET_CACHE  where the cargo target folder lives, outside the clone, so that every
#                       fresh clone (CI clones afresh each run) reuses compiled dependencies.
#                       Default ~/.cache/latch/target; `none` keeps a plain ./target.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# The wasm32 target (rust-toolchain.toml names it; this covers rustup versions that don't act on it).
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The standard library's source: the WASM build compiles its own std (see WASM_RUSTFLAGS in the Makefile).
if ! rustup component list --installed | grep -q '^rust-src'; then
  step "adding the rust-src component"
  rustup component add rust-src
fi

# macOS, checked from here (scripts/check-macos.sh): its target, and zig, whose clang carries
# macOS's headers and libSystem. rust-toolchain.toml names the target too.
if ! rustup target list --installed | grep -qx x86_64-apple-darwin; then
  step "adding the x86_64-apple-darwin target"
  rustup target add x86_64-apple-darwin
fi
ZIG_VERSION=0.17.1
zig_dir=$HOME/.cache/latch/zig
if [ "$(cat "$zig_dir/version" 2>/dev/null)" != "$ZIG_VERSION" ]; then
  step "installing zig $ZIG_VERSION from PyPI (ziglang)"
  rm -rf "$zig_dir"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --target "$zig_dir" "ziglang==$ZIG_VERSION"
  echo "$ZIG_VERSION" >"$zig_dir/version"
fi

# A target folder outside the clone: dependencies compile once per machine, not once per clone.
cache=${LATCH_TARGET_CACHE:-$HOME/.cache/latch/target}
if [ "$cache" != none ] && [ ! -e target ] && [ ! -L target ]; then
  step "linking ./target to $cache"
  mkdir -p "$cache"
  ln -s "$cache" target
fi

# cargo-leptos, at the version the project is built with (about 25 minutes to compile, once).
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes about 25 minutes, once)"
  # no_downloads: its own downloads of sass/tailwind/wasm-opt cannot reach the internet here.
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION" --features no_downloads
fi

# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  step "installing wasm-bindgen-cli $wbg_version (about 6 minutes, once)"
  # Not --locked: its lock file names a crate this registry mirror does not have.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# From Debian: Chromium for the browser tests (Playwright must never download its own),
# PostgreSQL and nginx, which the tests start privately (scripts/with-postgres.sh,
# deploy/test-deploy.sh; nothing runs as a service), openssl for a test certificate, and
# OpenSSL's headers with pkg-config, which the passkey crate (webauthn-rs) compiles against.
missing=()
dpkg -s libssl-dev >/dev/null 2>&1 || missing+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian's ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# Node packages: Playwright, binaryen's wasm-opt (Debian's 108 breaks hydration; 132 works), and
# oidc-provider, the real OpenID provider the sign-in tests start on loopback.
if [ ! -f end2end/node_modules/.package-lock.json ] ||
   [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  step "installing end2end's npm packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi

step "ready"
