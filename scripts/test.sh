#!/usr/bin/env bash
# Installs what is missing, then runs every test layer: native, in-browser (wasm), end-to-end.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_test_tools

say "1/3 native tests (cargo test)"
cargo test --locked

say "2/3 in-browser tests (wasm-bindgen-test, headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) cargo test --locked --target wasm32-unknown-unknown --test web

say "3/3 end-to-end tests (release build, Playwright + Chromium)"
trunk build --release --offline
node scripts/size-report.mjs --check
node --test --test-concurrency=1 tests/e2e/
