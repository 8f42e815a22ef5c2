#!/usr/bin/env python3
"""The size budget of what a first visit downloads to run the app: WASM + JS, brotli, as
served (cargo-leptos --precompress writes the .br files). Fails the build past the budget.

    scripts/check-bundle-budget.py target/site/pkg BUDGET_BYTES
"""
import os, sys

pkg, budget = sys.argv[1], int(sys.argv[2])
# The newest bundle of each kind: an earlier build's hashed files may still sit beside it.
newest = {}
for name in os.listdir(pkg):
    kind = name.rsplit(".", 1)[-1]
    if kind in ("wasm", "js") and not name.endswith(".d.ts"):
        path = os.path.join(pkg, name)
        if kind not in newest or os.path.getmtime(path) > os.path.getmtime(newest[kind]):
            newest[kind] = path
missing = [kind for kind in ("wasm", "js") if kind not in newest or not os.path.exists(newest[kind] + ".br")]
if missing:
    sys.exit(f"bundle budget: no precompressed {' or '.join(missing)} in {pkg} (build with --precompress)")
sizes = {kind: os.path.getsize(path + ".br") for kind, path in newest.items()}
total = sum(sizes.values())
line = f"WASM {sizes['wasm']:,} B + JS {sizes['js']:,} B = {total:,} B brotli; budget {budget:,} B"
if total > budget:
    sys.exit(
        f"bundle budget: OVER by {total - budget:,} B: {line}\n"
        "  The budget is this application's own (BUNDLE_BUDGET_BYTES in the Makefile). A page written\n"
        "  as the Leptos book teaches (a Resource of a serde type, Suspense, an ActionForm) adds about\n"
        "  58 KB brotli for the first such page and about 4 KB for each more; Latch's own helpers\n"
        "  (PostForm, FormAction, client::json) keep pages small. Choose, then set the budget:\n"
        "  docs/build-on-latch.md, 'What a page costs in the browser'."
    )
print(f"bundle budget: {line} ({budget - total:,} B to spare)")
