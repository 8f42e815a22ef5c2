#!/usr/bin/env bash
# Starts Notes' release build for its browser tests on 127.0.0.1, on a fresh database: a
# SQLite file, or with a third argument `postgres` a new database on $TEST_DATABASE_URL's
# server (scripts/with-postgres.sh starts a throwaway one around the whole run).
#   serve.sh PORT [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/../.."
port=$1
engine=${2:-sqlite}
data=end2end/.artifacts/notes-data-$port
rm -rf "$data" && mkdir -p "$data"
if [ "$engine" = postgres ]; then
  : "${TEST_DATABASE_URL:?run under scripts/with-postgres.sh}"
  name="notes_e2e_${port}_$$"
  psql -q "$TEST_DATABASE_URL" -c "CREATE DATABASE $name"
  export DATABASE_URL="${TEST_DATABASE_URL%/*}/$name"
else
  export DATABASE_URL="sqlite://$data/notes.db"
fi
export PUBLIC_ORIGIN="http://127.0.0.1:$port"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT=target/notes-site
export RUST_LOG=${RUST_LOG:-warn}
export THROTTLE_SIGNUPS_PER_ADDRESS=100000
exec target/notes/release/notes
