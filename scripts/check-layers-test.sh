#!/usr/bin/env bash
# The layer check must fail when a layer imports upward or two files import each other: plant
# each in a copy of the tree and expect exit 1 and the breach named; the untouched copy passes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
mkdir -p "$copy/crates/latch"
cp -r "$repo/crates/latch/src" "$copy/crates/latch/src"
cp -r "$repo/src" "$copy/src"

"$repo/scripts/check-layers.py" --root "$copy" >/dev/null || { echo "check-layers-test: the copy itself fails"; exit 1; }

expect_breach() { # <file in the copy> <line to add> <what the report must name>
  cp "$copy/$1" "$copy/$1.orig"
  echo "$2" >>"$copy/$1"
  if output="$("$repo/scripts/check-layers.py" --root "$copy")"; then
    echo "check-layers-test: '$2' in $1 passed the check"; exit 1
  fi
  grep -qF "$3" <<<"$output" || { echo "check-layers-test: the report does not name $3:"; echo "$output"; exit 1; }
  mv "$copy/$1.orig" "$copy/$1"
}
# The rules (layer 2) reaching up into the router (layer 7).
expect_breach crates/latch/src/auth/server/login.rs "use crate::server::router::router;" "auth/server/login.rs (layer 2) imports server/router.rs (layer 7)"
# A page (layer 6) reaching up into start-up (layer 7).
expect_breach crates/latch/src/pages/home.rs "use crate::server::startup::Application;" "pages/home.rs (layer 6) imports server/startup.rs (layer 7)"
# The languages (layer 0) reaching up into the account rules' types (layer 1).
expect_breach crates/latch/src/i18n/hand_over.rs "use crate::auth::error::AuthError;" "i18n/hand_over.rs (layer 0) imports auth/error.rs (layer 1)"
# The application's shell (layer 0) reaching into its own crate root.
expect_breach src/app.rs "use crate::main::main;" "app.rs (layer 0) imports main.rs (layer 1)"
# Two files of one folder importing each other (sessions.rs already imports users.rs).
expect_breach crates/latch/src/auth/server/store/users.rs "use super::sessions::SessionRow;" "import circle: auth/server/store/sessions.rs -> auth/server/store/users.rs"
echo "check-layers-test: 5 planted breaches found, the untouched tree passes"
