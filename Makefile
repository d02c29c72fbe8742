# telematics-user: `make demo` and `make test` do everything on a fresh Debian machine.
SHELL := /bin/bash
CARGO_WASM := .ci/cargo-wasm
WASM_TARGET := wasm32-unknown-unknown
WASM_OUT := target/wasm/$(WASM_TARGET)/release/telematics_user.wasm
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON ?= $(CURDIR)/tests/webdriver.json
export WASM_BINDGEN_TEST_TIMEOUT ?= 120

.PHONY: all setup build package sandbox test test-native test-wasm test-package test-pages lint demo clean

all: package

## setup: install what is missing (Debian packages, wasm-bindgen-cli, npm dev tools). Idempotent.
setup:
	@.ci/setup

## build: release build of the wasm.
build: setup
	$(CARGO_WASM) build --release --target $(WASM_TARGET) --lib

## package: pkg/, the npm package (wasm-bindgen, wasm-opt -Oz, pkg-template/); prints sizes.
package: build
	node .ci/assemble-pkg.mjs $(WASM_OUT)

## sandbox: the local stand-in for the User Service (tests/sandbox), used by the JS, page and
## demo runs.
sandbox:
	cargo build -p telematics-user-sandbox

## test: every suite: lint, native core, wasm in Node and headless Chromium, the packed tarball,
## and the page tests (several Chromium tabs sharing one session for about a minute).
test: setup lint test-native test-wasm test-package test-pages
	@echo "make test: all suites passed"

test-native:
	cargo test --all-targets
	cargo test --doc
	cargo test -p telematics-user-sandbox

test-wasm: setup
	$(CARGO_WASM) test --target $(WASM_TARGET) --test node --test web

test-package: package sandbox
	node --test tests/js/

test-pages: package sandbox
	node --test tests/pages/

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

## demo: the demo page and the package, served by the sandbox on http://127.0.0.1:8787 (Ctrl-C
## stops it). DEMO_PORT and DEMO_ACCESS_TTL (seconds; short, so the countdown moves) override.
DEMO_PORT ?= 8787
DEMO_ACCESS_TTL ?= 300
demo: package sandbox
	@echo "make demo: open http://127.0.0.1:$(DEMO_PORT)/ (credentials below)"
	target/debug/telematics-user-sandbox --port $(DEMO_PORT) --www www --pkg pkg --access-ttl $(DEMO_ACCESS_TTL)

clean:
	rm -rf target pkg
