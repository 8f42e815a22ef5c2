#!/usr/bin/env bash
# The contract test: one scripted session against the seed service and against Latch.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
start_seed 8300
start_latch 3300
python3 "$repo/bench/contract.py" http://127.0.0.1:8300 http://127.0.0.1:3300
