#!/usr/bin/env bash
# Sandbox org throughput: requests/s of GET /sobjects/Contact/{id} and of single-record creates
# (wrk, DURATION seconds each, on loopback), rows/s ingested through sObject Collections
# (200 records per request), and the same wrk GET against `python3 -m http.server` serving a
# file of the same bytes, for context. See docs/benchmarks/sandbox.md.
#
# Usage: bench/sandbox/run.sh
# Environment: DURATION (seconds per wrk run, default 10), CONNECTIONS (default 16),
#   THREADS (wrk threads, default 2), ROWS (collections ingest, default 20000), EXT_ROWS (the
#   same with a new external-ID value per record, default 400), DATA_DIR (the org's data,
#   default bench/out/sandbox/data), CARGO_TARGET_DIR.
# Installs wrk/python3/curl through apt when missing, builds the CLI in release, writes only
# under bench/out/sandbox/ and prints the table (also bench/out/sandbox/results.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/bench/sandbox"
OUT="$ROOT/bench/out/sandbox"
DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
ROWS="${ROWS:-20000}"
EXT_ROWS="${EXT_ROWS:-400}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

say "building synccentral-cli (release)"
cargo build --release --quiet -p synccentral-cli
CLI="$TARGET/release/synccentral"

rm -rf "$OUT"
mkdir -p "$OUT/static"
DATA_DIR="${DATA_DIR:-$OUT/data}"
rm -rf "$DATA_DIR"
pids=()
cleanup() {
  local pid
  # TERM: a background job of a non-interactive shell ignores INT, and python honours that.
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

load="$(cut -d' ' -f1-3 /proc/loadavg)"
say "starting the sandbox org"
"$CLI" sandbox serve --port 0 --data "$DATA_DIR" --daily-limit 1000000000 >"$OUT/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  BASE="$(grep -Eo 'listening on http://127\.0\.0\.1:[0-9]+' "$OUT/serve.log" | head -1 | cut -d' ' -f3 || true)"
  [ -n "$BASE" ] && break
  sleep 0.1
done
[ -n "$BASE" ] || { echo "the sandbox did not start:" >&2; cat "$OUT/serve.log" >&2; exit 1; }

TOKEN="$(curl -sf "$BASE/services/oauth2/token" -d grant_type=password -d client_id=sandbox \
  -d client_secret=sandbox-secret -d username=admin@sandbox.local -d password=sandbox |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
export TOKEN
DATA="$BASE/services/data/v62.0"
ID="$(curl -sf "$DATA/sobjects/Contact" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"FirstName":"Bench","LastName":"Read","Email":"read@example.com"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
curl -sf "$DATA/sobjects/Contact/$ID" -H "Authorization: Bearer $TOKEN" >"$OUT/static/contact.json"

say "starting python3 -m http.server (the peer)"
python3 -m http.server 0 --bind 127.0.0.1 --directory "$OUT/static" >"$OUT/static.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  STATIC="$(grep -Eo 'port [0-9]+' "$OUT/static.log" | head -1 | cut -d' ' -f2 || true)"
  [ -n "$STATIC" ] && curl -sf "http://127.0.0.1:$STATIC/contact.json" >/dev/null && break
  STATIC=""
  sleep 0.1
done
[ -n "$STATIC" ] || { echo "python3 -m http.server did not start" >&2; exit 1; }

# run_wrk NAME ARGS...: runs wrk, keeps its output; for the sandbox (not the peer), fails on
# any socket error or non-2xx answer.
run_wrk() {
  local name="$1"; shift
  say "wrk: $name (${DURATION}s, $THREADS threads, $CONNECTIONS connections)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency "$@" | tee "$OUT/$name.txt" >&2
  if [ "$name" != static ] && grep -Eq 'Non-2xx|Socket errors' "$OUT/$name.txt"; then
    echo "wrk saw failed requests in $name" >&2
    exit 1
  fi
}
run_wrk get -H "Authorization: Bearer $TOKEN" "$DATA/sobjects/Contact/$ID"

# Ingest next, so that it always meets the same table: one contact, then its own rows.
say "sObject Collections ingest: $ROWS rows, then $EXT_ROWS with external IDs, 200 per request"
read -r rows secs rate < <(python3 "$HERE/ingest.py" "$BASE" "$TOKEN" "$ROWS")
read -r ext_rows ext_secs ext_rate < <(python3 "$HERE/ingest.py" "$BASE" "$TOKEN" "$EXT_ROWS" --external-ids)
contacts="$(curl -sf -G "$DATA/query" -H "Authorization: Bearer $TOKEN" \
  --data-urlencode "q=SELECT COUNT() FROM Contact" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["totalSize"])')"

run_wrk create -s "$HERE/create.lua" "$DATA/sobjects/Contact"
run_wrk static "http://127.0.0.1:$STATIC/contact.json"

rps() { grep -E '^Requests/sec' "$OUT/$1.txt" | awk '{printf "%d", $2}'; }
lat() { grep -E "^ +$2 " "$OUT/$1.txt" | awk '{print $2}'; }
total() { grep -E 'requests in' "$OUT/$1.txt" | awk '{print $1}'; }
bytes="$(wc -c <"$OUT/static/contact.json")"
created="$(curl -sf -G "$DATA/query" -H "Authorization: Bearer $TOKEN" \
  --data-urlencode "q=SELECT COUNT() FROM Contact WHERE LastName = 'Create'" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["totalSize"])')"
# wrk counts the answers it read; the requests still in flight when it stopped (at most one
# per connection) are created too.
if [ "$created" -lt "$(total create)" ] || [ "$created" -gt $(($(total create) + CONNECTIONS)) ]; then
  echo "wrk read $(total create) created answers, but the org holds $created new contacts" >&2
  exit 1
fi

{
  echo "| what | requests | requests/s | rows/s | p50 | p99 |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  echo "| sandbox: GET /sobjects/Contact/{id} ($bytes-byte answer) | $(total get) | $(rps get) | | $(lat get 50%) | $(lat get 99%) |"
  echo "| sandbox: POST /sobjects/Contact (one record each) | $(total create) | $(rps create) | $(rps create) | $(lat create 50%) | $(lat create 99%) |"
  echo "| sandbox: POST /composite/sobjects (200 records each, 1 connection) | $((rows / 200)) | $(awk "BEGIN {printf \"%d\", $rate / 200}") | $rate | | |"
  echo "| sandbox: the same, each record with a new external ID (Contact_Id__c) | $((ext_rows / 200)) | $(awk "BEGIN {printf \"%.1f\", $ext_rate / 200}") | $ext_rate | | |"
  echo "| peer: python3 -m http.server, the same $bytes bytes | $(total static) | $(rps static) | | $(lat static 50%) | $(lat static 99%) |"
} | tee "$OUT/results.md"
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run $load; data in $DATA_DIR ($(df --output=fstype "$DATA_DIR" | tail -1))" | tee -a "$OUT/results.md"
peer_errors="$(grep -E 'Socket errors|Non-2xx' "$OUT/static.txt" | xargs || true)"
echo "(wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; ingest: $rows rows in ${secs}s, $ext_rows with external IDs in ${ext_secs}s, $contacts contacts after it; the org holds all $created creates${peer_errors:+; peer: $peer_errors})"
