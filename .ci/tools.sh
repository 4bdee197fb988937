#!/usr/bin/env bash
# Installs what this project needs and the machine lacks; skips what is there.
# Usage: .ci/tools.sh build   (Rust targets, dx, wasm-bindgen, esbuild)
#        .ci/tools.sh release (the above plus wasm-opt)
#        .ci/tools.sh browser (Chromium and the Playwright package for tests)
#        .ci/tools.sh s3      (moto's S3 server, for the S3 storage test)
#        .ci/tools.sh mail    (Postfix and Dovecot, for the e-mail source's tests)
#        .ci/tools.sh nats    (nats-server, for the bus between app nodes)
#        .ci/tools.sh cluster (nats-server, HAProxy and SurrealDB's server, for `make cluster`)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[tools]\033[0m %s\n' "$*"; }

build_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -q wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! command -v dx >/dev/null || ! dx --version 2>/dev/null | grep -q '0\.7\.10'; then
    say "installing dioxus-cli 0.7.10 (takes 25-40 minutes on 2 cores, once)"
    cargo install dioxus-cli --version 0.7.10 --locked
  fi
  # The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
  local want
  want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  if ! command -v wasm-bindgen >/dev/null || ! wasm-bindgen --version | grep -q "$want"; then
    say "installing wasm-bindgen-cli $want (about 6 minutes)"
    # Not --locked: its lockfile pins a crate version this registry lacks.
    cargo install wasm-bindgen-cli --version "$want"
  fi
  if ! command -v esbuild >/dev/null; then
    say "installing esbuild 0.27.3"
    npm install -g --allow-scripts=esbuild esbuild@0.27.3 || npm install -g esbuild@0.27.3
  fi
}

release_tools() {
  if ! command -v wasm-opt >/dev/null; then
    say "installing wasm-opt (npm binaryen 132) for release builds"
    npm install -g binaryen@132
  fi
}

browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Chromium from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  if [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/jsqr ] || [ ! -d tests/e2e/node_modules/axe-core ] || [ ! -d tests/e2e/node_modules/web-push-testing ]; then
    say "installing the browser tests' npm packages (playwright-core, jsqr, axe-core, web-push-testing)"
    (cd tests/e2e && npm install --no-audit --no-fund --silent)
  fi
}

# A real S3-compatible server on loopback for tests/files_s3.rs: moto's, in
# its own virtualenv under ~/.cache (PyPI is reachable; MinIO is not packaged).
s3_tools() {
  local venv="$HOME/.cache/chats-moto"
  if [ -x "$venv/bin/moto_server" ]; then return; fi
  if ! command -v python3 >/dev/null || ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
    say "installing python3 and venv from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv >/dev/null
  fi
  say "installing moto's S3 server (moto[server] 5) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q 'moto[server]==5.*'
}

# A real mail system on loopback for the e-mail source's tests (#16):
# Debian's Postfix (SMTP) and Dovecot (IMAP, LMTP). tests/mail/servers.sh
# starts private instances; the packages' own services stay stopped.
mail_tools() {
  if command -v postfix >/dev/null && command -v dovecot >/dev/null && [ -x /usr/lib/dovecot/lmtp ]; then return; fi
  say "installing Postfix and Dovecot (IMAP, LMTP) from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix dovecot-imapd dovecot-lmtpd >/dev/null
}

# NATS for the bus between app nodes (#17): Debian's nats-server (with
# JetStream). The tests start private instances on free ports; the package's
# own service stays stopped.
nats_tools() {
  if command -v nats-server >/dev/null || [ -x /usr/sbin/nats-server ]; then return; fi
  say "installing nats-server from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nats-server >/dev/null
}

# HAProxy in front of the app nodes (#17): Debian's package; the cluster
# harness starts its own instance, the package's service stays stopped.
haproxy_tools() {
  if command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ]; then return; fi
  say "installing HAProxy from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends haproxy >/dev/null
  # Only our own instances run.
  (systemctl disable --now haproxy || service haproxy stop || true) >/dev/null 2>&1
}

# SurrealDB's own server (#17): not packaged in Debian or npm; the
# `surrealdb-server` crate is its code as a library, so tools/surreal-server
# is a five-line binary over it, built once (about 15 minutes on 2 cores).
surreal_tools() {
  local bin="$HOME/.cache/chats-tools/bin/surreal"
  if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -q '3\.3\.5'; then return; fi
  say "building SurrealDB's server 3.3.5 into $bin (about 15 minutes, once)"
  mkdir -p "$(dirname "$bin")"
  (cd tools/surreal-server && CARGO_TARGET_DIR="$HOME/.cache/chats-surreal-target" cargo build --release --locked)
  cp "$HOME/.cache/chats-surreal-target/release/surreal" "$bin"
}

case "${1:-build}" in
  build) build_tools ;;
  browser) browser_tools ;;
  s3) s3_tools ;;
  mail) mail_tools ;;
  nats) nats_tools ;;
  cluster) nats_tools; haproxy_tools; surreal_tools ;;
  release) build_tools; release_tools ;;
  *) echo "usage: $0 build|browser|release|s3|mail|nats|cluster" >&2; exit 2 ;;
esac
