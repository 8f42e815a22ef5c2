#!/usr/bin/env python3
"""Sizes of the browser bundle (WASM, JS, CSS): raw, and as served precompressed (.gz, .br
written by cargo-leptos --precompress); gzip -9 is computed when no .gz exists."""
import gzip, json, os, sys

pkg = sys.argv[1]
out = {}
for name in sorted(os.listdir(pkg)):
    if name.endswith((".gz", ".br", ".d.ts")):
        continue
    kind = name.rsplit(".", 1)[-1]
    if kind not in ("wasm", "js", "css"):
        continue
    path = os.path.join(pkg, name)
    raw = open(path, "rb").read()
    gz = os.path.getsize(path + ".gz") if os.path.exists(path + ".gz") else len(gzip.compress(raw, 9))
    br = os.path.getsize(path + ".br") if os.path.exists(path + ".br") else None
    out[kind] = {"file": name, "raw": len(raw), "gzip": gz, "brotli": br}
print(json.dumps(out))
