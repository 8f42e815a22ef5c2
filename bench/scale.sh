#!/usr/bin/env bash
# make bench-scale: every cost Latch has at 1,000 accounts and at 1,000,000, side by side, on
# SQLite and on PostgreSQL; writes its part of BENCHMARKS.md (tables and SVG charts).
#
# The generated databases are kept in $LATCH_SCALE_CACHE (/var/tmp/latch-scale) for a day
# (their events are spread over the 90 days before they were made, so an older one would
# hand the pruner more than a day); each run first adds the day's dead rows the pruner's
# round deletes. SCALE_SIZES="1000 1000000" and SCALE_DATABASES="sqlite postgres" choose.
# The memory measure presents every live token once on SQLite (a million) and 200,000 on
# PostgreSQL (twice the largest cache's limit; the caches are the process's, not the
# database's), to keep the whole within 30 minutes; SCALE_FLOOD sets it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cache=${LATCH_SCALE_CACHE:-/var/tmp/latch-scale}
sizes=${SCALE_SIZES:-1000 1000000}
databases=${SCALE_DATABASES:-sqlite postgres}
mkdir -p "$cache"
chmod 755 "$cache"
results="$cache/results.jsonl"
scale="$repo/target/release/scale"

# fresh FILE: whether FILE was made less than a day ago.
fresh() { [ -f "$1" ] && [ -n "$(find "$1" -mmin -1440)" ]; }

read -r small large _ <<<"$sizes"

# tag DATABASE [SIZE]: each JSON line says which database (and size) it measured; the
# side-by-side lines say their size themselves.
tag() {
  local fields="\"database\":\"$1\","
  [ -n "${2:-}" ] && fields+="\"accounts\":$2,"
  sed -u "s/^{/{$fields/" >>"$results"
}

# measure DATABASE SIZE URL: the generated database's report, then the costs measured once
# per database on its own server (the pruner, the plans, the export, memory, the CLI).
measure() {
  local database=$1 size=$2 url=$3 work
  work=$(mktemp -d)
  tag "$database" "$size" <"$cache/$database-$size.fill.json"
  echo "== $(date +%T) $database, $size accounts: the costs of one database"
  "$scale" run --database-url "$url" --accounts "$size" --latch target/release/latch --site target/site \
    --port 3790 --work "$work" --flood "${SCALE_FLOOD:-1000000}" | tee -a /dev/stderr | tag "$database" "$size"
  rm -rf "$work"
}

# side_by_side DATABASE SMALL_URL LARGE_URL: every request's cost on both sizes' servers at
# the same moment, so that their ratio is the data's and not the minute's.
side_by_side() {
  local database=$1 work
  [ -n "${large:-}" ] || return 0
  work=$(mktemp -d)
  echo "== $(date +%T) $database: the requests at $small and $large accounts side by side"
  "$scale" pair --database-url "$2" --accounts "$small" --database-url "$3" --accounts "$large" \
    --latch target/release/latch --site target/site --port 3790 --work "$work" | tee -a /dev/stderr | tag "$database"
  rm -rf "$work"
}

# generate DATABASE SIZE URL: a new generated database at URL, unless a fresh one is cached.
generate() {
  local database=$1 size=$2 url=$3
  fresh "$cache/$database-$size.fill.json" && return 0
  echo "== $(date +%T) $database, $size accounts: generating"
  "$scale" fill --database-url "$url" --accounts "$size" >"$cache/$database-$size.fill.json.new"
  mv "$cache/$database-$size.fill.json.new" "$cache/$database-$size.fill.json"
}

# Inside the benchmark's PostgreSQL (this script again, under scripts/with-postgres.sh).
if [ "${1:-}" = "--inside-postgres" ]; then
  base=${TEST_DATABASE_URL%/*}
  for size in $sizes; do
    if ! fresh "$cache/postgres-$size.fill.json"; then
      psql -q "$TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS scale_$size" -c "CREATE DATABASE scale_$size"
    fi
    generate postgres "$size" "$base/scale_$size"
    measure postgres "$size" "$base/scale_$size"
  done
  side_by_side postgres "$base/scale_$small" "$base/scale_${large:-}"
  exit 0
fi

started=$SECONDS
: >"$results"
cargo build -q --release -p latch-tools --bin scale

if [[ " $databases " == *" sqlite "* ]]; then
  for size in $sizes; do
    file="$cache/sqlite-$size.db"
    fresh "$cache/sqlite-$size.fill.json" || rm -f "$file" "$file-wal" "$file-shm"
    generate sqlite "$size" "sqlite://$file?mode=rwc"
    measure sqlite "$size" "sqlite://$file"
  done
  side_by_side sqlite "sqlite://$cache/sqlite-$small.db" "sqlite://$cache/sqlite-${large:-}.db"
fi

if [[ " $databases " == *" postgres "* ]]; then
  # One server for both sizes, its data kept in the cache; buffers closer to a real server's.
  POSTGRES_KEEP="$cache/postgres" POSTGRES_OPTIONS="-c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min" \
    SCALE_FLOOD=${SCALE_FLOOD:-200000} scripts/with-postgres.sh "$0" --inside-postgres
fi

echo "== the report ($((SECONDS - started)) s so far)"
python3 bench/scale_report.py "$results" BENCHMARKS.md docs/scale
echo "bench-scale: done in $((SECONDS - started)) s"
