#!/usr/bin/env bash
# Starts the release build for the browser tests: 127.0.0.1 only, a fresh database each run.
#   serve.sh [port] [public origin]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-3100}
# The origin browsers use: passkeys need a host name (localhost), not an IP address.
export PUBLIC_ORIGIN=${2:-http://127.0.0.1:$port}
data=end2end/.artifacts/data-$port
rm -rf "$data" && mkdir -p "$data"
export LEPTOS_SITE_ADDR="127.0.0.1:$port"
export LEPTOS_SITE_ROOT=target/site
export DATABASE_URL="sqlite://$data/latch.db"
export RUST_LOG=${RUST_LOG:-warn}
# Every browser test signs up a fresh account from 127.0.0.1; the per-address signup limit
# (60 an hour by default) is raised here so that it is not what the suite measures.
export THROTTLE_SIGNUPS_PER_ADDRESS=100000
# Likewise every wrong password of every test comes from 127.0.0.1; the limit per account
# (and address) is lowered instead, so that a test reaches the throttled state in 4 tries.
export THROTTLE_LOGIN_FAILURES_PER_ADDRESS=100000
export THROTTLE_LOGIN_FAILURES_PER_ACCOUNT=30
# The pseudo language (en-XA) for the check that no text bypasses the catalogue.
export LATCH_PSEUDO_LANGUAGE=true
# Sign-in with the real OpenID provider playwright.config.ts starts (`corp`), where it says.
if [ -n "${OIDC_PROVIDER_PORT:-}" ]; then
  export OIDC_CORP_ISSUER="http://127.0.0.1:$OIDC_PROVIDER_PORT"
  export OIDC_CORP_CLIENT_ID=latch-e2e
  export OIDC_CORP_CLIENT_SECRET=latch-e2e-secret
  export OIDC_CORP_LABEL="Corp ID"
fi
exec target/release/latch
