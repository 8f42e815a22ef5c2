#!/usr/bin/env bash
# Every browser test runs under the shared fixture (end2end/tests/fixtures.ts) that fails it
# on an uncaught page error or a console error: a spec that takes `test` straight from
# Playwright would run without it, so that is refused here.
set -euo pipefail
cd "$(dirname "$0")/../end2end"
bypassing=$(grep -lE "import \{[^}]*\btest\b[^}]*\} from [\"']@playwright/test[\"']" tests/*.spec.ts deploy/*.spec.ts notes/*.spec.ts || true)
if [ -n "$bypassing" ]; then
  echo "these specs import test from @playwright/test instead of ./fixtures (the page-error fixture):" >&2
  echo "$bypassing" >&2
  exit 1
fi
