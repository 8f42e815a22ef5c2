#!/usr/bin/env bash
# Schema-driven fuzzing of the JSON API: schemathesis generates requests from /openapi.json
# and checks that nothing answers 5xx and every answer matches the document.
#
# Left out, on purpose: `positive_data_acceptance`. It expects every schema-valid body to be
# accepted, but some refusals are rules no JSON Schema can state (a common password, a
# password containing the email, an email already registered: the seed's 400), and they
# must stay refusals.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

venv=${LATCH_PY_VENV:-$HOME/.cache/latch/py}
if [ ! -x "$venv/bin/schemathesis" ]; then
  echo "fuzz-api: installing schemathesis into $venv (once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi

# Throttles are raised: the fuzzer signs up and fails logins far faster than any person.
start_latch 3301 THROTTLE_SIGNUPS_PER_ADDRESS=1000000 THROTTLE_LOGIN_FAILURES_PER_ADDRESS=1000000 \
  THROTTLE_LOGIN_FAILURES_PER_ACCOUNT=1000000 THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_CEILING=1000000
base=http://127.0.0.1:3301
password="generated passphrase $RANDOM$RANDOM"
curl -sf -X POST "$base/auth/signup" -H 'content-type: application/json' \
  -d "{\"email\":\"fuzz@example.com\",\"username\":\"Fuzz\",\"password\":\"$password\"}" >/dev/null
new_token() {
  curl -sf -X POST "$base/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"fuzz@example.com\",\"password\":\"$password\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
fuzz() {
  "$venv/bin/schemathesis" run "$base/openapi.json" \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples "${FUZZ_EXAMPLES:-100}" --generation-deterministic \
    --header "Authorization: Bearer $(new_token)" --request-timeout 10 "$@"
}

# Logging out revokes the token, so the logout routes get a pass of their own, last.
fuzz --exclude-path-regex 'logout'
fuzz --include-path-regex 'logout'
