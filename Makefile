# The two commands of the README: `make run` and `make test`.
# Builds go to a target directory outside the clone so repeated runs (and CI)
# build incrementally.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/chats-target
# dx would otherwise try to download wasm-bindgen from GitHub (unreachable here).
export NO_DOWNLOADS := 1
export DX_TELEMETRY_ENABLED := false
export PATH := $(HOME)/.cargo/bin:$(PATH)

PORT ?= 8080
HOST_TARGET := $(shell rustc -vV | sed -n 's/^host: //p')
# Same profile, target and features as dx's server build, so the tests reuse
# its compiled dependencies instead of building SurrealDB twice.
CARGO_SERVER := --profile server-dev --target $(HOST_TARGET) --no-default-features --features server
WEB_DIR := $(CARGO_TARGET_DIR)/dx/chats/debug/web

.PHONY: run test test-rust test-e2e cluster build release bench bench-media bench-filter bench-history bench-lists bench-upload cold-start load lighthouse tools

# `make run` builds into its own target directory, so it can run beside
# `make test`: they would otherwise share dx's output folder, and a server
# running from it makes the other's build fail ("Text file busy").
RUN_TARGET_DIR ?= $(CARGO_TARGET_DIR)-run

## make run: the workspace with hot reload on http://127.0.0.1:$(PORT) (demo data in ./data)
run: tools
	@echo "[run] starting dx serve on http://127.0.0.1:$(PORT) (first build: ~20 min; target: $(RUN_TARGET_DIR))"
	DEMO=1 CARGO_TARGET_DIR=$(RUN_TARGET_DIR) dx serve --platform web --addr 127.0.0.1 --port $(PORT) --open false --interactive false

## make test: every test — unit, service, router, and the Chromium end-to-end suite
test: test-rust test-e2e

test-rust:
	@.ci/tools.sh s3
	@.ci/tools.sh mail
	@.ci/tools.sh nats
	@echo "[test] Rust unit, service and router tests"
	cargo test $(CARGO_SERVER)

build: tools
	@echo "[build] dx build --platform web (debug): the website widget's own build, then the app's"
	dx build --platform web --features widget-client
	tools/widget-build.sh save $(WEB_DIR) $(CARGO_TARGET_DIR)/widget-debug
	dx build --platform web
	tools/widget-build.sh merge $(WEB_DIR) $(CARGO_TARGET_DIR)/widget-debug

test-e2e: build
	@.ci/tools.sh browser
	@.ci/tools.sh mail
	@.ci/tools.sh cluster
	@echo "[test] browser tests in Chromium against $(WEB_DIR)/server"
	cd tests/e2e && SERVER_DIR=$(WEB_DIR) node --test --test-concurrency=1 *.test.mjs

## make release: optimised build; the server binary and public/ land in target/dx/chats/release/web
release:
	@.ci/tools.sh release
	dx build --platform web --release --features widget-client
	tools/widget-build.sh save $(CARGO_TARGET_DIR)/dx/chats/release/web $(CARGO_TARGET_DIR)/widget-release
	dx build --platform web --release
	tools/widget-build.sh merge $(CARGO_TARGET_DIR)/dx/chats/release/web $(CARGO_TARGET_DIR)/widget-release

## make bench: write/read/live figures on embedded SurrealKV (optimised build; see docs/performance.md)
bench:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench messages

## make bench-media: the media server with one presenter and N synthetic viewers (VIEWERS=25,100,300; MODE=conference: N who all send); see docs/performance.md
bench-media:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench media

## make bench-filter: the chat filter over 10,000 chats (CHATS=N); see docs/performance.md
bench-filter:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench filter

## make bench-history: pages of a 100,000-message chat (MESSAGES=N); see docs/performance.md
bench-history:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench history

## make bench-lists: the chat lists' counters and pages over 100,000 chats (CHATS=N); see docs/performance.md
bench-lists:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench lists

## make cold-start: a restart over 100,000 chats and 1,000,000 messages (seeded once; CHATS, MESSAGES per chat); see docs/performance.md
cold-start:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench cold_start

## make bench-upload: a 20 MB file up and down through the router (MB=N, ROUNDS=N); see docs/performance.md
bench-upload:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features server --bench upload

## make load: the loopback load benchmark (CLIENTS, RATE msg/s, SECS; LOAD_FEATURES=mimalloc for that allocator); see docs/performance.md
load:
	cargo bench --config profile.server-release.strip=false --profile server-release --target $(HOST_TARGET) --no-default-features --features "server $(LOAD_FEATURES)" --bench load

tools:
	@.ci/tools.sh build

## make cluster: nats-server, SurrealDB's server, two app nodes and HAProxy on loopback, with the demo (docs/deployment.md)
cluster: build
	@.ci/tools.sh cluster
	cd tests/e2e && SERVER_DIR=$(WEB_DIR) node cluster.mjs

## make lighthouse: Lighthouse scores of the release build (sign-in, workspace, widget); see docs/lighthouse.md
lighthouse: release
	@.ci/tools.sh browser
	cd tests/lighthouse && (test -d node_modules/lighthouse || npm install --no-audit --no-fund --silent) && SERVER_DIR=$(CARGO_TARGET_DIR)/dx/chats/release/web node run.mjs
