#!/usr/bin/env bash
# Installs what is missing, then serves the release build on http://127.0.0.1:${PORT:-8080}/
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_build_tools
say "serving on http://127.0.0.1:${PORT:-8080}/"
exec trunk serve --release --offline --address 127.0.0.1 --port "${PORT:-8080}"
