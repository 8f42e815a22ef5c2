#!/usr/bin/env bash
# bench/hot-path-ab.sh [BEFORE_COMMIT]: the hot path before and after, side by side in one run.
# Builds BEFORE_COMMIT (default: the commit before the hot-path work) in a worktree with its
# own target folder (once; minutes), runs it beside this checkout's release build, both with
# RUST_LOG=info, alternating the same four requests three times, and writes the best of each
# to bench/hot_path_before.json, which `make bench` prints beside its own figures.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$repo"
before_commit=${1:-10242d1}
before_tree=${BEFORE_TREE:-/tmp/latch-before-$before_commit}
before_target=${BEFORE_TARGET:-/tmp/latch-before-target}
command -v wrk >/dev/null || { echo "hot-path-ab: wrk is missing (make bench installs it)" >&2; exit 1; }
[ -x target/release/latch ] || { echo "hot-path-ab: build first (make build)" >&2; exit 1; }

[ -d "$before_tree" ] || git worktree add -f "$before_tree" "$before_commit" >/dev/null
(cd "$before_tree" && CARGO_TARGET_DIR="$before_target" cargo build -q --release --features ssr --bin latch)
# cargo-leptos writes the bundle's hashed names beside the release binary, and Leptos reads
# that file on every page it renders: the binary built here by plain cargo gets the same file,
# or its pages skip a read the other's pay.
if [ -f target/release/hash.txt ]; then cp target/release/hash.txt "$before_target/release/hash.txt"; fi

results="$work/ab.jsonl"
: >"$results"
# start NAME BINARY PORT: a server on a fresh SQLite file, with the access log on.
start() {
  mkdir -p "$work/$1"
  env LEPTOS_SITE_ADDR="127.0.0.1:$3" LEPTOS_SITE_ROOT="$repo/target/site" DATABASE_URL="sqlite://$work/$1/latch.db" \
    RUST_LOG=info THROTTLE_SIGNUPS_PER_ADDRESS=1000000 "$2" >"$work/$1.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$3/healthz"
}
token_of() {
  curl -sf -X POST "$1/auth/signup" -H 'content-type: application/json' \
    -d '{"email":"load@example.com","username":"Load Tester","password":"benchmark passphrase 42"}' >/dev/null
  curl -sf -X POST "$1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"load@example.com","password":"benchmark passphrase 42"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
start before "$before_target/release/latch" 3470
start after "$repo/target/release/latch" 3471
before_token=$(token_of http://127.0.0.1:3470)
after_token=$(token_of http://127.0.0.1:3471)
# run WHICH REQUEST PATH [bearer|cookie]: one bounded 5 s run at c=32, recorded.
run() {
  local which=$1 request=$2 path=$3 credential=${4:-} port token line presented=()
  if [ "$which" = before ]; then port=3470; token=$before_token; else port=3471; token=$after_token; fi
  case $credential in
    bearer) presented=("WRK_AUTH=Bearer $token") ;;
    cookie) presented=("WRK_COOKIE=latch_session=$token") ;;
  esac
  line=$(env "${presented[@]}" wrk -t2 -c32 -d5s --timeout 2s --latency -s bench/wrk/scenario.lua \
    "http://127.0.0.1:$port$path" | tail -n 1)
  printf '{"which": "%s", "request": "%s", "result": %s}\n' "$which" "$request" "$line" >>"$results"
  echo "  $which $request: $line"
}
# Each round runs both, in turns: before first in rounds 1 and 3, after first in round 2.
for round in 1 2 3; do
  order="before after"; [ "$round" = 2 ] && order="after before"
  for which in $order; do
    run "$which" 'GET /auth/me, bearer' /auth/me bearer
    run "$which" 'GET /api/auth/me, cookie' /api/auth/me cookie
    run "$which" '/profile, signed in' /profile cookie
    run "$which" '/healthz' /healthz
  done
done
python3 - "$results" "$before_commit" "$(git rev-parse --short HEAD)" >bench/hot_path_before.json <<'PY'
import datetime, json, sys
runs = [json.loads(line) for line in open(sys.argv[1])]
best = {}
for run in runs:
    key = (run["which"], run["request"])
    if key not in best or run["result"]["ok_rps"] > best[key]["ok_rps"]:
        best[key] = run["result"]
requests = list(dict.fromkeys(run["request"] for run in runs))
rows = [{"request": r, "before_rps": best[("before", r)]["ok_rps"], "before_p99_ms": best[("before", r)]["p99_ms"],
         "after_rps": best[("after", r)]["ok_rps"], "after_p99_ms": best[("after", r)]["p99_ms"]} for r in requests]
print(json.dumps({"measured": str(datetime.date.today()), "before": sys.argv[2], "after": sys.argv[3], "rows": rows}, indent=1))
PY
cat bench/hot_path_before.json
