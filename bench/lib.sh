# Shared by bench/*.sh: start Latch (release) and the seed FastAPI service on loopback, wait
# for them, and stop them on exit. Source it; don't run it.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
pids=()

# SIGTERM, then SIGKILL after 5 s: a seed stuck on its own hung requests ignores SIGTERM.
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive -eq 1 ] || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_all EXIT

# wait_for URL [SECONDS]: until it answers at all (any status), or fail.
wait_for() {
  local deadline=$((SECONDS + ${2:-120}))
  until curl -s -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || { echo "bench: $1 never answered" >&2; return 1; }
    sleep 0.2
  done
}

# start_latch PORT [ENV=VALUE...]: the release build, a fresh database, 127.0.0.1 only.
start_latch() {
  local port=$1; shift
  mkdir -p "$work/latch-$port"
  env LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$repo/target/site" \
    DATABASE_URL="sqlite://$work/latch-$port/latch.db" RUST_LOG="${RUST_LOG:-warn}" "$@" \
    "$repo/target/release/latch" >"$work/latch-$port.log" 2>&1 &
  pids+=($!)
  LATCH_PID=$!
  wait_for "http://127.0.0.1:$port/healthz"
}

# The seed service's folder: SEED_DIR, or shared/baseline beside the checkout.
seed_dir() {
  local dir
  for dir in "${SEED_DIR:-}" "$repo/../shared/baseline/fastapi-seed" /work/shared/baseline/fastapi-seed; do
    [ -n "$dir" ] && [ -x "$dir/run.sh" ] && { (cd "$dir" && pwd); return 0; }
  done
  echo "bench: the seed service (run.sh) was not found; set SEED_DIR" >&2
  return 1
}

# start_seed PORT: the FastAPI baseline, in its own virtualenv (made once, from PyPI).
start_seed() {
  local port=$1 dir
  dir=$(seed_dir) || return 1
  SEED_VENV="${SEED_VENV:-$HOME/.cache/latch/seed-venv}" PORT="$port" "$dir/run.sh" >"$work/seed-$port.log" 2>&1 &
  pids+=($!)
  SEED_PID=$!
  wait_for "http://127.0.0.1:$port/" 300
}
