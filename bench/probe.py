#!/usr/bin/env python3
"""A light latency probe: GET URL at RATE requests/s for SECONDS, one at a time, as a
monitor would. Prints one JSON line (count, p50, p99, max in ms, errors)."""
import json, sys, time, urllib.request

url, seconds, rate = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
latencies, errors = [], 0
deadline = time.perf_counter() + seconds
while time.perf_counter() < deadline:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            response.read()
            ok = response.status == 200
    except OSError:
        ok = False
    elapsed = time.perf_counter() - started
    if ok:
        latencies.append(elapsed * 1e3)
    else:
        errors += 1
    time.sleep(max(0.0, 1.0 / rate - elapsed))
latencies.sort()
pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 3) if latencies else None
print(json.dumps({"requests": len(latencies) + errors, "rps": round((len(latencies) + errors) / seconds, 1),
                  "ok_rps": round(len(latencies) / seconds, 1), "p50_ms": pick(0.5), "p99_ms": pick(0.99),
                  "max_ms": round(latencies[-1], 3) if latencies else None, "errors": errors}))
