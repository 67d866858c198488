#!/usr/bin/env bash
# Runs the real-app WebDriver tests: the built desktop app, driven by tauri-driver and
# WebKitWebDriver, under Xvfb when there is no display. Starts what it needs, stops all of
# it on exit, and exits non-zero when a test fails. Arguments name the test files to run
# (./layout.test.mjs, from tests/e2e); without any, all of them run.
#
# Environment:
#   APP_BIN   the desktop app   (default: $CARGO_TARGET_DIR or <repo>/target, then debug/sync-central)
#   CLI_BIN   the CLI           (default: the same directory, synccentral)
#   E2E_PORT  tauri-driver's port (default 4444); WebKitWebDriver gets the next one
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
export APP_BIN="${APP_BIN:-$target/debug/sync-central}"
export CLI_BIN="${CLI_BIN:-$target/debug/synccentral}"
export E2E_PORT="${E2E_PORT:-4444}"
native_port=$((E2E_PORT + 1))
out="$here/out"
mkdir -p "$out"

fail() {
  echo "e2e: $*" >&2
  exit 2
}

[[ -x "$APP_BIN" ]] || fail "no app binary at $APP_BIN (build it: cargo build -p sync-central)"
[[ -x "$CLI_BIN" ]] || echo "e2e: no CLI at $CLI_BIN: the tests that compare with it will fail" >&2

tauri_driver="$(command -v tauri-driver || true)"
if [[ -z "$tauri_driver" && -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]]; then
  tauri_driver="${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver"
fi
[[ -n "$tauri_driver" ]] || fail "tauri-driver not found (cargo install tauri-driver --locked)"
native_driver="$(command -v WebKitWebDriver || true)"
[[ -n "$native_driver" ]] || fail "WebKitWebDriver not found (apt-get install webkit2gtk-driver)"

if [[ ! -d "$here/node_modules/webdriverio" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Process groups started here; each is stopped on exit, whatever happens.
groups=()
stop_all() {
  local pid
  for pid in "${groups[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${groups[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "${sync_dir:-}" ]]; then rm -rf "$sync_dir"; fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM

if [[ -z "${DISPLAY:-}" ]]; then
  command -v Xvfb >/dev/null || fail "no DISPLAY and no Xvfb (apt-get install xvfb)"
  display_file="$out/xvfb.display"
  : >"$display_file"
  setsid Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$display_file" \
    >"$out/xvfb.log" 2>&1 &
  groups+=("$!")
  for _ in $(seq 100); do
    [[ -s "$display_file" ]] && break
    sleep 0.1
  done
  [[ -s "$display_file" ]] || fail "Xvfb did not start (see $out/xvfb.log)"
  export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"
  echo "e2e: started Xvfb on $DISPLAY"
fi

# The app's own workspace for the sync tests: a temporary file, a key file beside it (no
# OS keychain under Xvfb), removed on exit.
sync_dir="$(mktemp -d)"
export SYNCCENTRAL_WORKSPACE="$sync_dir/workspace.db"
export SYNCCENTRAL_KEYCHAIN=off

setsid "$tauri_driver" --port "$E2E_PORT" --native-port "$native_port" \
  --native-driver "$native_driver" >"$out/tauri-driver.log" 2>&1 &
groups+=("$!")
driver_pid="$!"

wait_for_port() {
  local port="$1"
  for _ in $(seq 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    kill -0 "$driver_pid" 2>/dev/null || fail "tauri-driver exited (see $out/tauri-driver.log)"
    sleep 0.2
  done
  fail "nothing listens on port $port after 30 s (see $out/tauri-driver.log)"
}
wait_for_port "$E2E_PORT"
wait_for_port "$native_port"
echo "e2e: tauri-driver on :$E2E_PORT, WebKitWebDriver on :$native_port, app $APP_BIN"

cd "$here"
status=0
if [[ $# -gt 0 ]]; then files=("$@"); else files=(./*.test.mjs); fi
node --test --test-reporter=spec --test-concurrency=1 "${files[@]}" || status=$?
exit "$status"
