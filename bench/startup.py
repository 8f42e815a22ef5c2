#!/usr/bin/env python3
"""Milliseconds from process start to the first 200 from /healthz, median of 5 fresh starts
(each with a new database, so migrations run every time)."""
import json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

binary, site_root = sys.argv[1], sys.argv[2]
times = []
for _ in range(5):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data = tempfile.mkdtemp()
    env = dict(os.environ, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}", LEPTOS_SITE_ROOT=site_root,
               DATABASE_URL=f"sqlite://{data}/latch.db", RUST_LOG="warn")
    started = time.perf_counter()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        times.append((time.perf_counter() - started) * 1e3)
                        break
            except OSError:
                if time.perf_counter() - started > 30:
                    sys.exit("startup: no 200 within 30 s")
                time.sleep(0.002)
    finally:
        process.terminate()
        process.wait()
print(json.dumps({"median_ms": round(statistics.median(times), 1), "runs_ms": [round(t, 1) for t in times]}))
