# The single entry point. `make run` and `make test` set everything up first (scripts/setup.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help
# cargo's tools, and binaryen's wasm-opt from end2end's npm packages (cargo-leptos runs it in release).
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# A local .env (copied from .env.example) configures `make run`.
ifneq (,$(wildcard .env))
include .env
export
endif

.PHONY: help setup check-macos build build-notes run-notes build-diagnostic test-e2e-diagnostic run test lint test-rust test-e2e bundle-budget contract fuzz-api stress bench bench-scale dist test-deploy

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: ## install what is missing (idempotent; seconds when all is there)
	@scripts/setup.sh

build: setup ## build the release server and the WASM bundle into target/ (hashed, precompressed)
	RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(WASM_RUSTFLAGS)" \
	  cargo leptos build --project latch-app --release --precompress --frontend-only
	cargo leptos build --project latch-app --release --precompress --server-only

# Notes (examples/notes), the product built on the library, the same way: its own bundle in
# target/notes-site and its binary target/notes/release/notes. Its own cargo folder: cargo-leptos
# compiles with the project's output name in the environment, which Leptos reads at compile
# time, so the two applications in one folder would each recompile everything above Leptos
# after the other (3 minutes a build, measured).
NOTES_TARGET := CARGO_TARGET_DIR=target/notes
build-notes: setup ## build the Notes example's release server and bundle
	$(NOTES_TARGET) RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
	  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$(WASM_RUSTFLAGS)" \
	  cargo leptos build --project latch-notes --release --precompress --frontend-only
	$(NOTES_TARGET) cargo leptos build --project latch-notes --release --precompress --server-only

# The WASM gets its own build of the standard library, compiled to abort on a panic on the spot:
# no panic messages, no source locations, no `Debug` formatting in the bundle (a release build
# has no panic hook to show them anyway; a panic stops the app either way). These are flags the
# stable compiler keeps unstable, so that one build (and only it: the server never sees them)
# runs with RUSTC_BOOTSTRAP: the bundle is a tenth smaller (docs/performance.md). `erase_components` is
# repeated here because a target's own flags replace `[build] rustflags` (.cargo/config.toml).
WASM_RUSTFLAGS := --cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none

# The same release build, but its WASM keeps what a panic says: the standard library's usual
# unwinding-free abort (no immediate-abort), locations and `Debug` formatting, and the panic
# hook that writes the message to the browser's console (`--cfg latch_diagnostics`). For
# finding a WASM trap (`RuntimeError: unreachable`); the bundle is larger, so the budget
# does not apply. `make test-e2e-diagnostic` runs the browser tests against it.
build-diagnostic: setup ## the release build with panic messages in the browser's console
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg latch_diagnostics" \
	  cargo leptos build --project latch-app --release --precompress --frontend-only
	cargo leptos build --project latch-app --release --precompress --server-only

test-e2e-diagnostic: build-diagnostic ## Playwright against the diagnostic build: a panic's message shows in the failure
	cd end2end && npx playwright test

run: build ## build in release and serve on 127.0.0.1:3000 (SQLite file under data/)
	target/release/latch

run-notes: build-notes ## the Notes example, in release, on 127.0.0.1:3100 (its own SQLite file, data/notes.db)
	LEPTOS_SITE_ROOT=target/notes-site LEPTOS_SITE_ADDR=127.0.0.1:3100 DATABASE_URL=sqlite://data/notes.db target/notes/release/notes

test: setup lint check-macos test-rust test-e2e bundle-budget fuzz-api test-deploy ## run every test: lints, the macOS build, Rust tests (SQLite and PostgreSQL), Playwright, the bundle's size, the API fuzz, the release behind nginx

lint: ## formatting, clippy for both targets (warnings are errors), the library's docs, the layering of the library and the app
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features ssr -- -D warnings
	cargo clippy -p latch -p latch-app -p latch-notes --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc -p latch --no-deps --features ssr
	scripts/check-layers.py
	scripts/check-layers-test.sh
	scripts/check-e2e-fixture.sh

check-macos: setup ## build and link the app for x86_64-apple-darwin (zig stands in for the macOS SDK)
	scripts/check-macos.sh

test-rust: ## unit, HTTP and process tests on SQLite, then the HTTP suites (Latch's, Notes') again on a throwaway PostgreSQL
	cargo test --workspace --features ssr
	# The whole workspace's features, as above, so that nothing recompiles for this run.
	scripts/with-postgres.sh cargo test --workspace --features ssr --test http --test notes

test-e2e: build build-notes ## Playwright in Debian's Chromium against the release builds: Latch's, then Notes' on SQLite and PostgreSQL
	cd end2end && npx playwright test
	cd end2end && ../scripts/with-postgres.sh npx playwright test -c playwright.notes.config.ts

# What a first visit downloads to run the app (WASM + JS, brotli): the build fails if it grows
# past its target, 196,000 B (docs/performance.md lists the cuts that reached it, what two
# languages cost, the 4,080 B that sign-in with other providers added, the 1,449 B of the
# breach warning, the security-notices section and the "This wasn't me" page, and the 6,497 B
# of sign-in by email's four pages and the password's removal: 194,923 B measured).
BUNDLE_BUDGET_BYTES := 196000
# Notes' own: a product sets its budget for the pages it writes (docs/build-on-latch.md). Its
# `AccountRoutes` brings every account page Latch adds: sign-in by email's four took it from
# 258,135 to 264,138 B (measured).
NOTES_BUNDLE_BUDGET_BYTES := 266000
bundle-budget: build build-notes ## fail if WASM + JS (brotli) grows past the budget (Latch's; Notes' has its own)
	scripts/check-bundle-budget.py target/site/pkg $(BUNDLE_BUDGET_BYTES)
	scripts/check-bundle-budget.py target/notes-site/pkg $(NOTES_BUNDLE_BUDGET_BYTES)

dist: build ## the release tarball: dist/latch-<version>-<target>.tar.gz (binary, site, configs, DEPLOY.md)
	scripts/dist.sh

test-deploy: dist ## unpack the tarball, run it in production behind nginx over https, check it and walk through it in Chromium
	deploy/test-deploy.sh

bench: build ## Latch against the seed service, side by side: prints the table, writes BENCHMARKS.md
	bench/bench.sh

bench-scale: build ## every cost at 1,000 and 1,000,000 accounts, SQLite and PostgreSQL: BENCHMARKS.md's "A million accounts"
	bench/scale.sh

stress: ## longer crash and shutdown runs: 10 kill -9 rounds, 64 workers; prints sent / 2xx / 4xx / 5xx / lost
	STRESS_ROUNDS=$${STRESS_ROUNDS:-10} STRESS_WORKERS=$${STRESS_WORKERS:-64} \
	  cargo test --features ssr --test process --test http -- --nocapture --test-threads=1 stress:: load:: concurrency::

fuzz-api: build ## fuzz the JSON API from /openapi.json (schemathesis): no 5xx, every answer as documented
	bench/fuzz-api.sh

contract: build ## compare Latch with the seed FastAPI service, step by step (needs Python; the seed beside the checkout or SEED_DIR)
	bench/contract.sh
