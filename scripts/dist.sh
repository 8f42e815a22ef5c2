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
install -m 0644 .env.example "$root/latch.env.example"
install -m 0644 DEPLOY.md "$root/DEPLOY.md"
# The licence, and the notice the embedded common-password list asks to travel with it.
install -m 0644 LICENSE NOTICE "$root/"

mkdir -p dist
tar -C "$staging" --owner=0 --group=0 -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz: $(du -k "dist/$name.tar.gz" | cut -f1) KiB"
