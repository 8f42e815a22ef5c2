#!/usr/bin/env bash
# Runs a command with TEST_DATABASE_URL set to a throwaway PostgreSQL: Debian's server, a
# private data folder and port on 127.0.0.1, stopped and removed when the command ends,
# whatever its outcome. With TEST_DATABASE_URL already set, runs the command against that.
#
#   scripts/with-postgres.sh cargo test --features ssr --test http
set -euo pipefail
if [ -n "${TEST_DATABASE_URL:-}" ]; then exec "$@"; fi

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/pg_ctl" ] || { echo "with-postgres: PostgreSQL is not installed (scripts/setup.sh installs it)" >&2; exit 1; }
# PostgreSQL refuses to run as root: as root, its own user runs it.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# POSTGRES_KEEP=DIR keeps the data folder in DIR between runs (the million-account
# benchmark's generated databases); the server is stopped either way.
dir=${POSTGRES_KEEP:-$(mktemp -d /tmp/latch-postgres.XXXXXX)}
mkdir -p "$dir"
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
stop() {
  if [ -n "${POSTGRES_KEEP:-}" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  else
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  fi
}
trap stop EXIT

if [ ! -f "$dir/data/PG_VERSION" ]; then
  as_postgres "$bin/initdb" -D "$dir/data" -U latch --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
fi
# One database per test, each with a pool: room for a few hundred connections. POSTGRES_OPTIONS
# adds settings (the benchmark's larger buffers).
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=500 -c shared_buffers=64MB ${POSTGRES_OPTIONS:-}" start >/dev/null

export TEST_DATABASE_URL="postgres://latch@127.0.0.1:$port/postgres"
kept="removed afterwards"
[ -z "${POSTGRES_KEEP:-}" ] || kept="kept"
echo "with-postgres: PostgreSQL on 127.0.0.1:$port (data in $dir, $kept)" >&2
"$@"
