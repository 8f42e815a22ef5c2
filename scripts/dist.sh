#!/usr/bin/env bash
# make dist: the release as one tarball, dist/latch-<version>-<target>.tar.gz, holding what a
# server needs and nothing else: the binary (stripped), the compiled site beside it (found
# there when LEPTOS_SITE_ROOT is unset), hash.txt (the bundle's hashed names), the example
# configuration, the nginx and systemd files, DEPLOY.md. Run after `make build`.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
target=$(rustc -vV | awk '/^host:/ {print $2}')
name="latch-$version-$target"
for built in target/release/latch target/release/hash.txt target/site/pkg; do
  [ -e "$built" ] || { echo "dist: $built is missing; run make build first" >&2; exit 1; }
done

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
root="$staging/$name"
mkdir -p "$root/deploy"
install -m 0755 target/release/latch "$root/latch"
strip "$root/latch" 2>/dev/null || true
install -m 0644 target/release/hash.txt "$root/hash.txt"
cp -R target/site "$root/site"
install -m 0644 deploy/nginx.conf deploy/latch.service "$root/deploy/"
# The release's example environment is production's: DEPLOY.md copies it into the unit's
# environment file, and systemd lets that file override the unit's own settings. So it says
# LATCH_ENV=production and leaves every other variable commented out (the unit's values, or
# the defaults, apply until the operator sets one).
{
  echo "# Latch's environment file for a deployment (DEPLOY.md): set JWT_SECRET, FACTOR_SECRET,"
  echo "# SMTP_URL, MAIL_FROM and PUBLIC_ORIGIN. Every other variable is listed commented out, with"
  echo "# its default; the systemd unit sets the database, the address and the proxy."
  echo
  sed -E -e 's/^LATCH_ENV=.*/LATCH_ENV=production/' -e '/^LATCH_ENV=/!s/^([A-Z_]+=)/# \1/' .env.example
} >"$staging/latch.env.example"
install -m 0644 "$staging/latch.env.example" "$root/latch.env.example"
install -m 0644 DEPLOY.md "$root/DEPLOY.md"
# The licence, and the notice the embedded common-password list asks to travel with it.
install -m 0644 LICENSE NOTICE "$root/"

mkdir -p dist
tar -C "$staging" --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz: $(du -k "dist/$name.tar.gz" | cut -f1) KiB"
