# telematics-user: `make demo` and `make test` do everything on a fresh Debian machine.
SHELL := /bin/bash
CARGO_WASM := .ci/cargo-wasm
WASM_TARGET := wasm32-unknown-unknown
# The package build has its own target folder: its size flags (WASM_SIZE, see .ci/cargo-wasm) would
# otherwise rebuild std each time the tests build without them. It builds the crate twice, once per
# .wasm of the package (`UserClient`, and the request builders of `telematics-user/builders`),
# each with one of the crate's features, and keeps each one's output under its feature's name.
WASM_RELEASE := target/wasm-pkg/$(WASM_TARGET)/release
WASM_VARIANTS := client builders
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON ?= $(CURDIR)/tests/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

.PHONY: all setup build package sandbox sandbox-release test test-native test-wasm test-package test-pages test-leaks leaks-reset test-bench bench test-fuzz fuzz lint demo clean

all: package

## setup: install what is missing (Debian packages, wasm-bindgen-cli, npm dev tools). Idempotent.
setup:
	@.ci/setup

## build: release builds of the two .wasm files (a few seconds each once std is built).
build: setup
	@set -e; for feature in $(WASM_VARIANTS); do \
	  WASM_SIZE=1 CARGO_TARGET_DIR=target/wasm-pkg $(CARGO_WASM) build --release --target $(WASM_TARGET) --lib --no-default-features --features $$feature; \
	  cp $(WASM_RELEASE)/telematics_user.wasm $(WASM_RELEASE)/telematics_user.$$feature.wasm; \
	done

## package: pkg/, the npm package (wasm-bindgen, wasm-opt -Oz, pkg-template/); prints sizes.
package: build
	node .ci/assemble-pkg.mjs $(foreach v,$(WASM_VARIANTS),$(WASM_RELEASE)/telematics_user.$(v).wasm)

## sandbox: the local stand-in for the User Service (tests/sandbox), used by the JS, page and
## demo runs.
sandbox:
	cargo build -p telematics-user-sandbox

## test: every suite: lint, native core, wasm in Node and headless Chromium, the packed tarball,
## and the page tests (several Chromium tabs sharing one session for about a minute), then the
## leak check over everything the package and page suites recorded.
test: setup lint test-native test-wasm test-fuzz leaks-reset test-package test-pages test-leaks test-bench
	@echo "make test: all suites passed"

test-native:
	cargo test --all-targets
	cargo test --doc
	cargo test -p telematics-user-sandbox

## test-wasm: the wasm suites in Node, then in headless Chromium; .ci/web-tests runs the browser
## suite again when its page never ran a test (an upstream test-server hang, see the script).
test-wasm: setup
	$(CARGO_WASM) test --target $(WASM_TARGET) --test node
	$(CARGO_WASM) test --target $(WASM_TARGET) --test web --no-run
	.ci/web-tests $(CARGO_WASM) test --target $(WASM_TARGET) --test web

## test-fuzz: each fuzz target (tests/fuzz) for a few seconds from its committed corpus; `make
## fuzz` runs them long (FUZZ_SECONDS each, default 600). New inputs go under target/, never into
## the committed corpora; each run's log is target/fuzz-corpus/<target>.log.
FUZZ_TARGETS := response jwt stored_session
FUZZ_SECONDS ?= 600
test-fuzz:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=5

fuzz: setup
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p target/fuzz-corpus/$$t; \
	  if ! (cd tests/fuzz && cargo +nightly fuzz run --fuzz-dir . $$t ../../target/fuzz-corpus/$$t corpus/$$t -- \
	      -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -print_final_stats=1 > ../../target/fuzz-corpus/$$t.log 2>&1); then \
	    tail -n 80 target/fuzz-corpus/$$t.log; echo "fuzz target $$t failed (input saved under tests/fuzz/artifacts/)"; exit 1; \
	  fi; \
	  echo "fuzz $$t: $$(grep -o 'number_of_executed_units: [0-9]*' target/fuzz-corpus/$$t.log | grep -o '[0-9]*$$') inputs in $(FUZZ_SECONDS) s, no failure"; \
	done

## test-package: the packed tarball in fresh projects: Node ESM and CommonJS, TypeScript (tsc
## --strict), the fault suite, and Cloudflare Workers (workerd through Miniflare, with the
## registration-proxy example in tests/worker/example/). The Vite app runs in test-pages.
test-package: package sandbox
	node --test tests/js/ tests/worker/

test-pages: package sandbox
	node --test tests/pages/

## bench: size, cold start, per-call overhead against raw fetch and a JS peer (ofetch), the refresh
## storm and bulk registration, each run 5 times (median and spread) into target/bench/results.json
## and results.md. test-bench runs it at a tiny scale as a smoke test: no time is ever asserted.
## The bench runs the sandbox built optimised: the storm and bulk figures then time the client and
## loopback rather than an unoptimised server (which made up about nine tenths of registerMany's).
BENCH_SCALE ?= full
bench: package sandbox-release
	SANDBOX_BIN=target/release/telematics-user-sandbox BENCH_SCALE=$(BENCH_SCALE) node tests/bench/bench.mjs

sandbox-release:
	cargo build --release -p telematics-user-sandbox

test-bench:
	@$(MAKE) --no-print-directory bench BENCH_SCALE=tiny

## leaks-reset / test-leaks: the package and page suites record every error, event, channel
## message, console line and page text under target/secrets/, and every secret their sandboxes
## issued; test-leaks asserts that none of those holds any of these.
leaks-reset:
	rm -rf target/secrets

test-leaks:
	node --test tests/leaks/

## lint: rustfmt, and clippy twice: natively (the core, the sandbox, the native tests) and for
## wasm32 (the shell and the wasm test suites, which a native build leaves out).
lint:
	cargo fmt --all --check
	cargo fmt --manifest-path tests/fuzz/Cargo.toml --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(CARGO_WASM) clippy --target $(WASM_TARGET) --lib --test node --test web -- -D warnings
	@set -e; for feature in $(WASM_VARIANTS); do \
	  $(CARGO_WASM) clippy --target $(WASM_TARGET) --lib --no-default-features --features $$feature -- -D warnings; \
	done

## demo: the demo page and the package, served by the sandbox on http://127.0.0.1:8787 (Ctrl-C
## stops it). DEMO_PORT and DEMO_ACCESS_TTL (seconds; short, so the countdown moves) override.
DEMO_PORT ?= 8787
DEMO_ACCESS_TTL ?= 300
demo: package sandbox
	@echo "make demo: open http://127.0.0.1:$(DEMO_PORT)/ (credentials below)"
	target/debug/telematics-user-sandbox --port $(DEMO_PORT) --www www --pkg pkg --access-ttl $(DEMO_ACCESS_TTL)

clean:
	rm -rf target pkg
