# Shared set-up for scripts/serve.sh and scripts/test.sh. Source it from the project root.
# Every ensure_* step is idempotent: it checks first and installs only what is missing.

TRUNK_VERSION="0.21.14"
APT_TEST_PACKAGES=(chromium chromium-driver fonts-noto-cjk poppler-utils)

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '==> %s\n' "$*" >&2; }

ensure_rust_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_trunk() {
  if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (takes several minutes)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
}

# The wasm-bindgen version that Cargo.lock resolved; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '$1 == "name" && $3 == "\"wasm-bindgen\"" { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}

ensure_wasm_bindgen() {
  local want
  want=$(wasm_bindgen_version)
  [ -n "$want" ] || { echo "cannot read the wasm-bindgen version from Cargo.lock" >&2; return 1; }
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ] ||
     ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
    say "installing wasm-bindgen-cli $want"
    # Not --locked: the registry lacks one of the CLI's locked dependencies.
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

# npm tools (binaryen's wasm-opt, playwright-core), reinstalled only when package-lock.json changes.
ensure_npm_tools() {
  local stamp=node_modules/.osteoplan-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -x node_modules/.bin/wasm-opt ]; then
    say "installing npm tools (npm ci)"
    npm ci --no-audit --no-fund
    echo "$want" > "$stamp"
  fi
}

# Debian's Chromium and ChromeDriver for the browser tests, a CJK font, and pdftotext.
ensure_browser() {
  local missing=() pkg
  for pkg in "${APT_TEST_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing Debian packages: ${missing[*]}; install them as root (apt-get install ${missing[*]})" >&2
    return 1
  fi
  say "installing ${missing[*]}"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
}

ensure_build_tools() {
  ensure_rust_target
  ensure_npm_tools
  ensure_trunk
  ensure_wasm_bindgen
}

ensure_test_tools() {
  ensure_build_tools
  ensure_browser
}
