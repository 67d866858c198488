#!/usr/bin/env bash
# Runs the sandbox org's third-party client tests against the real CLI binary: jsforce
# (`node --test`) and then simple-salesforce (pytest, over HTTPS). Installs the npm packages
# and the Python virtualenv (tests/sandbox/simple_salesforce/.venv) when missing. Runs both
# suites even when the first fails; exits non-zero if either fails. The last line is
# pytest's summary.
#
# Environment:
#   CLI_BIN  the CLI (default: $CARGO_TARGET_DIR or <repo>/target, then debug/synccentral)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../scripts/lib.sh"
export CLI_BIN="${CLI_BIN:-$TARGET/debug/synccentral}"

[[ -x "$CLI_BIN" ]] || { echo "sandbox tests: no CLI at $CLI_BIN (cargo build -p synccentral-cli)" >&2; exit 2; }

if [[ ! -d "$here/jsforce/node_modules/jsforce" ]]; then
  (cd "$here/jsforce" && npm ci --no-audit --no-fund --loglevel=error)
fi

py="$here/simple_salesforce"
if [[ ! -x "$py/.venv/bin/python" || "$py/requirements.txt" -nt "$py/.venv/installed" ]]; then
  if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    say "installing Debian packages: python3-venv"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv
  fi
  say "installing the Python packages in ${py#"$ROOT"/}/.venv"
  python3 -m venv "$py/.venv"
  "$py/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$py/requirements.txt"
  touch "$py/.venv/installed"
fi

status=0
(cd "$here/jsforce" && node --test --test-reporter=spec sandbox.test.mjs) || status=1
(cd "$py" && .venv/bin/python -m pytest) || status=1
exit "$status"
