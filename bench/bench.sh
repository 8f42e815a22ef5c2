#!/usr/bin/env bash
# make bench: Latch against the FastAPI service it replaces, same load tool (wrk), same
# requests, on loopback; prints one table and writes BENCHMARKS.md. Every run is bounded
# in time; the whole takes about 5 minutes once built.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo"
results="$work/results.jsonl"
: >"$results"
record() { printf '%s\n' "$1" >>"$results"; }

command -v wrk >/dev/null || { echo "bench: installing wrk"; as_root=""; [ "$(id -u)" -eq 0 ] || as_root=sudo; $as_root apt-get install -y -qq wrk; }
DURATION=${BENCH_SECONDS:-5}

# wrk_json NAME URL CONNECTIONS [SECONDS]: one bounded run, recorded as a JSON line.
wrk_json() {
  local name=$1 url=$2 connections=$3 seconds=${4:-$DURATION} threads=2 line
  [ "$connections" -ge 2 ] || threads=1
  line=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 2s --latency -s bench/wrk/scenario.lua "$url" | tail -n 1)
  record "{\"name\": \"$name\", \"connections\": $connections, \"result\": $line}"
  echo "  $name c=$connections: $line"
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)[\"$1\"])"; }
PASSWORD="benchmark passphrase 42"
BODY_SIGNUP="{\"email\":\"load@example.com\",\"username\":\"Load Tester\",\"password\":\"$PASSWORD\"}"
BODY_LOGIN="{\"email\":\"load@example.com\",\"password\":\"$PASSWORD\"}"
# login_token BASE: a new session of the benchmark account, as a bearer token.
login_token() {
  curl -sf -X POST "$1/auth/login" -H 'content-type: application/json' -d "$BODY_LOGIN" | json_field access_token
}
# signed_up_token BASE: creates the benchmark account, answers a bearer token.
signed_up_token() {
  curl -sf -X POST "$1/auth/signup" -H 'content-type: application/json' -d "$BODY_SIGNUP" >/dev/null
  login_token "$1"
}
rss_kib() { awk "/^$2:/ {print \$2}" "/proc/$1/status"; }

echo "== machine"
record "{\"name\": \"machine\", \"cores\": $(nproc), \"cpu\": \"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)\", \"ram_gib\": $(awk '/MemTotal/ {printf "%.0f", $2/1048576}' /proc/meminfo), \"kernel\": \"$(uname -r)\", \"rustc\": \"$(rustc --version)\", \"wrk\": \"$(wrk -v 2>&1 | head -1 | cut -c1-40)\"}"

echo "== one Argon2id hash"
cargo build -q --release -p latch-tools --bin hash_cost
record "{\"name\": \"argon2\", \"result\": $(target/release/hash_cost)}"

echo "== the breached-password filter: a million hashes and the common passwords"
cargo build -q --release -p latch-tools --bin breach_filter_cost
record "{\"name\": \"breach_filter\", \"result\": $(target/release/breach_filter_cost)}"

echo "== a throttled login's refusal: an email with an account against one without"
# Printed, not reported: the two medians must stay alike (the refusal touches no account).
cargo test -q --release --features ssr --test http -- --ignored bench_throttled --nocapture 2>/dev/null |
  grep '^throttled refusal' | sed 's/^/  /'

echo "== start-up: process start to first 200"
record "{\"name\": \"startup\", \"result\": $(python3 bench/startup.py "$repo/target/release/latch" "$repo/target/site")}"

LATCH=http://127.0.0.1:3400
# Right-password logins in flight hold a throttle reservation until judged: lift every limit.
UNTHROTTLED=(THROTTLE_SIGNUPS_PER_ADDRESS=1000000 THROTTLE_LOGIN_FAILURES_PER_ADDRESS=1000000
  THROTTLE_LOGIN_FAILURES_PER_ACCOUNT=1000000 THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING=1000000)
start_latch 3400 "${UNTHROTTLED[@]}"
latch_pid=$LATCH_PID
sleep 1
record "{\"name\": \"rss_idle\", \"result\": {\"kib\": $(rss_kib "$latch_pid" VmRSS)}}"
latch_token=$(signed_up_token "$LATCH")

# Logins: 8 connections, more than the hashing threads (one per core), fewer than the
# seed's breaking point, so both services are measured, not only one of them.
echo "== Latch: login storm, then /healthz sampled during a second one"
WRK_METHOD=POST WRK_BODY="$BODY_LOGIN" wrk_json latch_login "$LATCH/auth/login" 8 10
WRK_METHOD=POST WRK_BODY="$BODY_LOGIN" wrk -t2 -c8 -d10s -s bench/wrk/scenario.lua "$LATCH/auth/login" >/dev/null &
storm=$!
sleep 1
line=$(python3 bench/probe.py "$LATCH/healthz" 8 50)
record "{\"name\": \"latch_healthz_during_storm\", \"result\": $line}"
echo "  healthz during the storm (50 req/s probe): $line"
wait $storm

# A token from after the storm: each login is a session, and an account keeps its newest 50
# (MAX_SESSIONS_PER_ACCOUNT), so the storm ended the sessions opened before it.
latch_token=$(login_token "$LATCH")

echo "== Latch: GET /auth/me with a bearer token"
for c in 1 4 16 32 64 256; do WRK_AUTH="Bearer $latch_token" wrk_json latch_me "$LATCH/auth/me" $c; done

# The hot path beside the ceiling: bare axum answering the same JSON (tools/src/bin/bare_axum.rs),
# and Latch at the default log level (info: one access-log line per request, to a file), the
# bearer /auth/me and the browser's cookie GET /api/auth/me, and Latch with the log off;
# alternated, three times each (the best counts: this machine's neighbours come and go).
echo "== the hot path beside bare axum (32 connections, default log level)"
cargo build -q --release -p latch-tools --bin bare_axum
"$repo/target/release/bare_axum" 127.0.0.1:3600 >"$work/bare-axum.log" 2>&1 &
pids+=($!)
wait_for http://127.0.0.1:3600/auth/me
# Its curve, for the chart beside Latch's and the seed's.
for c in 1 4 16 32 64 256; do wrk_json bare_axum_me http://127.0.0.1:3600/auth/me $c; done
RUST_LOG=info start_latch 3420 "${UNTHROTTLED[@]}"
hot_pid=$LATCH_PID
hot_token=$(signed_up_token http://127.0.0.1:3420)
# The same server with the access log off (warnings only), to price the log line.
RUST_LOG=warn start_latch 3421 "${UNTHROTTLED[@]}"
quiet_pid=$LATCH_PID
quiet_token=$(signed_up_token http://127.0.0.1:3421)
for round in 1 2 3; do
  wrk_json bare_axum http://127.0.0.1:3600/auth/me 32
  WRK_AUTH="Bearer $hot_token" wrk_json hot_me http://127.0.0.1:3420/auth/me 32
  WRK_COOKIE="latch_session=$hot_token" wrk_json hot_api_me http://127.0.0.1:3420/api/auth/me 32
  WRK_AUTH="Bearer $quiet_token" wrk_json quiet_me http://127.0.0.1:3421/auth/me 32
done
WRK_COOKIE="latch_session=$hot_token" wrk_json hot_profile http://127.0.0.1:3420/profile 32
wrk_json hot_healthz http://127.0.0.1:3420/healthz 32
record "{\"name\": \"hot_log_lines\", \"result\": {\"lines\": $(wc -l <"$work/latch-3420.log")}}"
kill "$hot_pid" "$quiet_pid"; wait "$hot_pid" "$quiet_pid" 2>/dev/null || true

echo "== Latch: the server-rendered profile page, signed in"
cookie="latch_session=$latch_token"
curl -sf -H "cookie: $cookie" "$LATCH/profile" | grep -q 'Hello, ' || { echo "bench: /profile did not render for the signed-in user" >&2; exit 1; }
WRK_COOKIE="$cookie" wrk_json latch_profile "$LATCH/profile" 32

echo "== Latch: static assets"
css=$(cd target/site/pkg && ls latch*.css | grep -v '\.gz$\|\.br$' | head -1)
headers=$(curl -s -o /dev/null -D - -H 'accept-encoding: br, gzip' "$LATCH/pkg/$css" | tr -d '\r' | tr 'A-Z' 'a-z')
encoding=$(echo "$headers" | awk -F': ' '/^content-encoding:/ {print $2}')
cache=$(echo "$headers" | awk -F': ' '/^cache-control:/ {print $2}')
record "{\"name\": \"static_headers\", \"result\": {\"file\": \"$css\", \"encoding\": \"${encoding:-none}\", \"cache_control\": \"$cache\"}}"
WRK_ENCODING="br, gzip" wrk_json latch_static "$LATCH/pkg/$css" 32
record "{\"name\": \"rss_peak\", \"result\": {\"kib\": $(rss_kib "$latch_pid" VmHWM)}}"
record "{\"name\": \"bundle\", \"result\": $(python3 bench/sizes.py target/site/pkg)}"

# A phone's first visit: Chromium with slow 4G and a 4x slower CPU, empty cache, five visits.
echo "== the first visit to /login: slow 4G, CPU 4x slower, empty cache (Chromium)"
line=$(cd end2end && node first-visit.mjs "$LATCH" 5)
record "{\"name\": \"first_visit\", \"result\": $line}"
echo "  $line"

# The account page's "last active" is written at most once a minute per session: the
# default (60) against never writing it (0, the code before it existed) and against once a
# second (1, sixty times what is allowed), twice each, alternating, one fresh server each.
echo "== Latch: what recording a session's last activity costs GET /auth/me (c=32)"
for round in 1 2; do
  for every in 0 60 1; do
    start_latch 3410 "${UNTHROTTLED[@]}" LAST_SEEN_EVERY_SECS=$every
    token=$(signed_up_token http://127.0.0.1:3410)
    WRK_AUTH="Bearer $token" wrk_json "latch_me_last_seen_$every" "http://127.0.0.1:3410/auth/me" 32
    kill "$LATCH_PID"; wait "$LATCH_PID" 2>/dev/null || true
  done
done

# Several instances on one PostgreSQL: a throwaway server (scripts/with-postgres.sh) that
# lives while the file naming it does.
echo "== Latch on PostgreSQL"
scripts/with-postgres.sh bash -c 'echo "$TEST_DATABASE_URL" >"$0.new" && mv "$0.new" "$0"; while [ -e "$0" ]; do sleep 0.2; done' "$work/postgres-url" &
postgres_holder=$!
until [ -s "$work/postgres-url" ]; do kill -0 $postgres_holder || { echo "bench: PostgreSQL did not start" >&2; exit 1; }; sleep 0.1; done
postgres_server=$(cat "$work/postgres-url")
psql -q "$postgres_server" -c "CREATE DATABASE bench"
PG_URL=${postgres_server%/*}/bench
start_latch 3500 "${UNTHROTTLED[@]}" DATABASE_URL="$PG_URL"
pg_token=$(signed_up_token http://127.0.0.1:3500)
WRK_AUTH="Bearer $pg_token" wrk_json pg_me "http://127.0.0.1:3500/auth/me" 32
WRK_COOKIE="latch_session=$pg_token" wrk_json pg_profile "http://127.0.0.1:3500/profile" 32
WRK_METHOD=POST WRK_BODY="$BODY_LOGIN" wrk_json pg_login "http://127.0.0.1:3500/auth/login" 8 10
# The SQLite figure beside it, measured again now, so the ratio compares like with like.
WRK_AUTH="Bearer $latch_token" wrk_json sqlite_me_again "$LATCH/auth/me" 32
start_latch 3501 "${UNTHROTTLED[@]}" DATABASE_URL="$PG_URL"
pg_token=$(login_token http://127.0.0.1:3500)
echo "  two instances at once, 16 connections each:"
WRK_AUTH="Bearer $pg_token" wrk_json pg_me_two_a "http://127.0.0.1:3500/auth/me" 16 &
WRK_AUTH="Bearer $pg_token" wrk_json pg_me_two_b "http://127.0.0.1:3501/auth/me" 16
wait %%
line=$(python3 bench/revocation.py http://127.0.0.1:3500 http://127.0.0.1:3501 load@example.com "$PASSWORD" 200)
record "{\"name\": \"pg_revocation\", \"result\": $line}"
echo "  logout on one instance refused by the other after: $line"
rm -f "$work/postgres-url"

echo "== the seed service (FastAPI)"
# Past about 12 connections the seed stops answering (synchronous database calls inside
# async handlers exhaust its pool) and does not recover: each scenario gets a fresh one.
start_seed 8400
signed_up_token "http://127.0.0.1:8400" >/dev/null
WRK_METHOD=POST WRK_BODY="$BODY_LOGIN" wrk_json seed_login "http://127.0.0.1:8400/auth/login" 8 10
port=8401
for c in 1 4 16 32 64 256; do
  start_seed $port
  seed_token=$(signed_up_token "http://127.0.0.1:$port")
  WRK_AUTH="Bearer $seed_token" wrk_json seed_me "http://127.0.0.1:$port/auth/me" $c
  kill -9 "$SEED_PID" 2>/dev/null || true
  wait "$SEED_PID" 2>/dev/null || true
  port=$((port + 1))
done

python3 bench/report.py "$results" BENCHMARKS.md
