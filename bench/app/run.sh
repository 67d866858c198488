#!/usr/bin/env bash
# The desktop app's start-up and idle cost, and the IPC + render share of the live preview,
# on a RELEASE build under Xvfb. See docs/benchmarks/app.md.
#
# Usage: bench/app/run.sh [RUNS]     RUNS cold starts (default 3); medians are reported.
# Environment:
#   CARGO_TARGET_DIR  where cargo builds (default <repo>/target)
#   APP_BIN           measure this binary instead of building target/release/sync-central
#   APP_ENV           extra environment for the app, e.g. "WEBKIT_DISABLE_COMPOSITING_MODE=1"
#   SETTLE            seconds the app sits idle on the demo before memory is read (default 10)
#   EDITS             edits timed in the live-preview part (default 20; 0 skips it)
#   E2E_PORT          tauri-driver's port for the live-preview part (default 4444)
#
# 1. Builds the UI and the app in release (unless APP_BIN is given).
# 2. Starts its own Xvfb (1280x900x24), then RUNS times: starts the app with
#    SYNC_CENTRAL_TIMINGS=1 on a workspace of its own, takes the UI's first-paint mark (the
#    first frame React painted: the login screen) as a Unix time against the time the script
#    started the process, waits SETTLE seconds at the login screen,
#    then reads VmRSS (/proc/PID/status) and Pss (/proc/PID/smaps_rollup) of the app and of
#    every process under it (WebKit's web and network processes), and stops it.
# 3. Drives the app with tauri-driver through bench/app/preview-latency.mjs (signed in as
#    admin first) on 1,000 records
#    x 20 fields and reports edit -> painted preview split into debounce, IPC round trip
#    (including the backend's preview) and render.
# Writes under bench/out/app/ and prints Markdown tables.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUNS="${1:-3}"
SETTLE="${SETTLE:-10}"
EDITS="${EDITS:-20}"
E2E_PORT="${E2E_PORT:-4444}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
OUT="$ROOT/bench/out/app"
mkdir -p "$OUT"
read -r -a EXTRA_ENV <<<"${APP_ENV:-}"

say() { printf '==> %s\n' "$*" >&2; }
fail() {
  echo "bench/app: $*" >&2
  exit 2
}
command -v Xvfb >/dev/null || fail "no Xvfb (apt-get install xvfb)"
command -v python3 >/dev/null || fail "no python3"

if [[ -z "${APP_BIN:-}" ]]; then
  say "building the UI and the app (release)"
  [[ -d ui/node_modules ]] || (cd ui && npm ci --no-audit --no-fund --loglevel=error)
  npm --prefix ui run build >"$OUT/ui-build.log" 2>&1 || fail "UI build failed (see $OUT/ui-build.log)"
  cargo build --release -p sync-central
  APP_BIN="$TARGET/release/sync-central"
fi
[[ -x "$APP_BIN" ]] || fail "no app at $APP_BIN"

# Process groups started here, stopped on exit.
groups=()
stop_all() {
  local pid
  for pid in "${groups[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${groups[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

display_file="$OUT/xvfb.display"
: >"$display_file"
setsid Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$display_file" >"$OUT/xvfb.log" 2>&1 &
groups+=("$!")
for _ in $(seq 100); do
  [[ -s "$display_file" ]] && break
  sleep 0.1
done
[[ -s "$display_file" ]] || fail "Xvfb did not start (see $OUT/xvfb.log)"
export DISPLAY=":$(tr -d '[:space:]' <"$display_file")"

descendants() {
  local pid="$1" child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid" 2>/dev/null); do descendants "$child"; done
}

kb() { awk -v k="$2:" '$1 == k { print $2 }' "$1" 2>/dev/null || true; }

# The app signs in before its screens: every start here opens a workspace of its own (never
# the user's), so the cold starts measure up to the login screen, and the live-preview part
# signs in as admin first (changing the default password, as a user's first login does).
export SYNCCENTRAL_WORKSPACE="$OUT/workspace.db"
rm -f "$SYNCCENTRAL_WORKSPACE" "$SYNCCENTRAL_WORKSPACE"-*
export SYNCCENTRAL_KEYCHAIN=off   # a key file beside the workspace, not the OS keychain

memory="$OUT/memory.tsv"
paint="$OUT/paint.tsv"
: >"$memory"
: >"$paint"
say "$RUNS cold starts of $APP_BIN on $DISPLAY${APP_ENV:+ with $APP_ENV}, $SETTLE s idle each"
for run in $(seq "$RUNS"); do
  log="$OUT/app-$run.log"
  : >"$log"
  start_ns=$(date +%s%N)
  setsid env SYNC_CENTRAL_TIMINGS=1 "${EXTRA_ENV[@]}" "$APP_BIN" >"$log" 2>&1 &
  app=$!
  for _ in $(seq 300); do
    grep -q 'timing first-paint' "$log" && break
    kill -0 "$app" 2>/dev/null || fail "the app exited (see $log)"
    sleep 0.1
  done
  grep -q 'timing first-paint' "$log" || fail "no first-paint mark after 30 s (see $log)"
  first=$(awk '/timing first-paint/ { print $4 }' "$log")
  printf '%s\t%s\n' "$run" \
    "$(python3 -c "print(f'{$first - $start_ns / 1e6:.0f}')")" >>"$paint"
  sleep "$SETTLE"
  for pid in $(descendants "$app"); do
    name=$(basename "$(readlink "/proc/$pid/exe" 2>/dev/null || echo gone)")
    printf '%s\t%s\t%s\t%s\t%s\n' "$run" "$pid" "$name" \
      "$(kb "/proc/$pid/status" VmRSS)" "$(kb "/proc/$pid/smaps_rollup" Pss)" >>"$memory"
  done
  kill -TERM -- "-$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  sleep 1
done

latency="$OUT/latency.json"
rm -f "$latency"
if [[ "$EDITS" -gt 0 ]]; then
  tauri_driver="$(command -v tauri-driver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver")"
  [[ -x "$tauri_driver" ]] || fail "tauri-driver not found (cargo install tauri-driver --locked)"
  command -v WebKitWebDriver >/dev/null || fail "WebKitWebDriver not found (apt-get install webkit2gtk-driver)"
  [[ -d tests/e2e/node_modules/webdriverio ]] || (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  python3 bench/app/gen_editor_data.py "$OUT/workspace"
  setsid "$tauri_driver" --port "$E2E_PORT" --native-port "$((E2E_PORT + 1))" \
    --native-driver "$(command -v WebKitWebDriver)" >"$OUT/tauri-driver.log" 2>&1 &
  groups+=("$!")
  for _ in $(seq 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$E2E_PORT") 2>/dev/null && break
    sleep 0.2
  done
  say "live preview: $EDITS edits on 1,000 records x 20 fields"
  APP_BIN="$APP_BIN" E2E_PORT="$E2E_PORT" EDITS="$EDITS" \
    node bench/app/preview-latency.mjs "$OUT/workspace" >"$latency"
fi

python3 bench/app/report.py "$paint" "$memory" "$latency" | tee "$OUT/results.md"
