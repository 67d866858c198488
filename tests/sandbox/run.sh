#!/usr/bin/env bash
# Runs the sandbox org's third-party client tests (jsforce) against the real CLI binary:
# installs the npm packages when missing, then `node --test`. Exits non-zero on a failure.
#
# Environment:
#   CLI_BIN  the CLI (default: $CARGO_TARGET_DIR or <repo>/target, then debug/synccentral)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export CLI_BIN="${CLI_BIN:-${CARGO_TARGET_DIR:-$repo/target}/debug/synccentral}"

[[ -x "$CLI_BIN" ]] || { echo "sandbox tests: no CLI at $CLI_BIN (cargo build -p synccentral-cli)" >&2; exit 2; }

if [[ ! -d "$here/jsforce/node_modules/jsforce" ]]; then
  (cd "$here/jsforce" && npm ci --no-audit --no-fund --loglevel=error)
fi

cd "$here/jsforce"
node --test --test-reporter=spec sandbox.test.mjs
