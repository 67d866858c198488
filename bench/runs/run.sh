#!/usr/bin/env bash
# Sync runs, end to end: RECORDS invoices from the paged local sample API into the sandbox
# org through `synccentral run` (release build), side by side in the same run with the peer:
# the sandbox ingesting the same mapped records directly through the same client, API and
# batches (crates/api/examples/direct_ingest.rs). Once with `api: rest` (sObject
# Collections, 200 per call) and once with `api: bulk` (Bulk API 2.0, BULK_BATCH per job).
# Ours runs twice per API: with the default Day-Zero guard (`warn`: it reads the org before
# writing, which also keeps the run undoable) and with `guard: off` (the writes alone). Every
# run's API calls are read from the sandbox's `Sforce-Limit-Info` before and after; in the
# first round, the same run again on the loaded org (every record an update), a dry run and
# a diff of it are counted too.
# Then peak RSS of `synccentral run` streaming MEM_RECORDS records into the org.
# See docs/BENCHMARKS.md, "Sync runs".
#
# Usage: bench/runs/run.sh [RUNS]     (RUNS rounds, default 1; the median wall time counts)
# Environment: RECORDS (default 100000), MEM_RECORDS (default 1000000, 0 skips it), MEM_API
#   (the memory run's api, default rest), ONLY_MEMORY=1 (skip the side-by-side runs),
#   PAGE_SIZE (sample API page, default 1000), BULK_BATCH (default 10000), CARGO_TARGET_DIR.
# Writes only under bench/out/runs/ and prints the table (also bench/out/runs/results.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/bench/runs"
OUT="$ROOT/bench/out/runs"
RUNS="${1:-1}"
RECORDS="${RECORDS:-100000}"
MEM_RECORDS="${MEM_RECORDS:-1000000}"
MEM_API="${MEM_API:-rest}"
ONLY_MEMORY="${ONLY_MEMORY:-0}"
PAGE_SIZE="${PAGE_SIZE:-1000}"
BULK_BATCH="${BULK_BATCH:-10000}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"
export SYNCCENTRAL_KEYCHAIN=off

. "$ROOT/bench/lib.sh"
need_tools

say "building synccentral-cli and the direct_ingest example (release)"
cargo build --release --quiet -p synccentral-cli
cargo build --release --quiet -p synccentral-api --example direct_ingest
CLI="$TARGET/release/synccentral"
PEER="$TARGET/release/examples/direct_ingest"

rm -rf "$OUT"
mkdir -p "$OUT"

# start_api N: the sample API with N records; sets API_URL. (Not in $(...): the pid must be
# kept by this shell to be stopped.)
start_api() {
  "$CLI" sample-api serve --port 0 --records "$1" >"$OUT/api-$1.log" 2>&1 &
  pids+=($!)
  API_URL="$(wait_url "$OUT/api-$1.log" "listening on")"
}

# start_org: a fresh org; sets ORG and ORG_PID.
ORG_PID=""
start_org() {
  rm -rf "$OUT/org" "$OUT/org.log"
  "$CLI" sandbox serve --port 0 --data "$OUT/org" --schema fixtures/samples/describe \
    --daily-limit 1000000000 >"$OUT/org.log" 2>&1 &
  ORG_PID=$!
  pids+=($!)
  ORG="$(wait_url "$OUT/org.log" "Sandbox org listening on")"
}
stop_org() { kill -TERM "$ORG_PID" 2>/dev/null || true; wait "$ORG_PID" 2>/dev/null || true; }

count_invoices() { count_records "$1" Invoice__c; }

# workspace ORG API N API_KIND BATCH -> a fresh workspace file with the import option
workspace() {
  local dir="$OUT/ws"
  rm -rf "$dir"; mkdir -p "$dir"
  python3 - "$1" "$2" "$4" "$5" "$HERE/invoices.mapping.json" "$PAGE_SIZE" "${6:-warn}" >"$dir/config.json" <<'PY'
import json, sys
org, api, kind, batch, mapping, page, guard = sys.argv[1:]
m = json.load(open(mapping))
print(json.dumps({"format": "sync-central/1",
  "connections": [
    {"name": "org", "type": "salesforce", "loginUrl": org,
     "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
              "username": "admin@sandbox.local", "password": "sandbox"}},
    {"name": "api", "type": "http", "baseUrl": api}],
  "remoteSites": [org, api],
  "options": [{"name": "inv", "direction": "import", "guard": guard,
    "source": {"connection": "api", "path": "/v1/invoices", "params": {"page_size": page},
               "recordsPath": "$.invoices", "paging": {"type": "nextUrl", "path": "$.next_page"},
               "maxPages": 100000},
    "target": {"connection": "org", "object": "Invoice__c", "operation": "upsert",
               "externalId": "invoice_id__c", "api": kind, "batchSize": int(batch)},
    "mapping": m}]}))
PY
  SYNCCENTRAL_MASTER_KEY_FILE="$dir/key" "$CLI" --workspace "$dir/ws.db" config import "$dir/config.json" --apply >&2
  echo "$dir"
}

load="$(cut -d' ' -f1-3 /proc/loadavg)"
say "starting the sample API ($RECORDS records)"
start_api "$RECORDS"; API="$API_URL"

# One measurement: NAME, then the command; appends "NAME secs rss" to $OUT/times.
measure() { # measure NAME COMMAND…: wall time, peak RSS and the org's API calls
  local name="$1"; shift
  local before after
  before="$(usage "$ORG")"
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || {
    case "$name" in diff-*) ;; *) echo "$name failed:" >&2; cat "$OUT/$name.err" >&2; exit 1 ;; esac; }
  after="$(usage "$ORG")"
  echo "$name $(cat "$OUT/time.txt") $((after - before - 1))" >>"$OUT/times"
}

[ "$ONLY_MEMORY" = 1 ] && RUNS=0
for round in $(seq "$RUNS"); do
  for kind in rest bulk; do
    batch=200; [ "$kind" = bulk ] && batch="$BULK_BATCH"
    for guard in warn off; do
      name="ours-$kind"; [ "$guard" = off ] && name="off-$kind"
      say "round $round, api: $kind: synccentral run, guard: $guard"
      start_org
      ws="$(workspace "$ORG" "$API" "$RECORDS" "$kind" "$batch" "$guard")"
      SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" measure "$name" "$CLI" --workspace "$ws/ws.db" run --option inv --json
      n="$(count_invoices "$ORG")"
      [ "$n" = "$RECORDS" ] || { echo "ours ($kind, guard $guard) left $n invoices, not $RECORDS" >&2; exit 1; }
      grep -q "\"written\":$RECORDS" "$OUT/$name.out" || { cat "$OUT/$name.out" >&2; exit 1; }
      if [ "$round" = 1 ]; then
        if [ "$guard" = warn ]; then
          say "api: $kind: a dry run and a diff of the loaded org (API calls)"
          SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" measure "dry-$kind" "$CLI" --workspace "$ws/ws.db" run --option inv --dry-run --json
          SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" measure "diff-$kind" "$CLI" --workspace "$ws/ws.db" diff --option inv
        fi
        say "api: $kind, guard: $guard: the same run again, every record now an update (API calls)"
        SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" measure "again-$name" "$CLI" --workspace "$ws/ws.db" run --option inv --json
      fi
      stop_org
    done

    say "round $round, api: $kind: direct ingest (the peer)"
    start_org
    measure "peer-$kind" "$PEER" "$ORG" "$HERE/invoices.mapping.json" "$RECORDS" "$kind" "$batch"
    cat "$OUT/peer-$kind.out" >&2
    n="$(count_invoices "$ORG")"; stop_org
    [ "$n" = "$RECORDS" ] || { echo "the peer ($kind) left $n invoices, not $RECORDS" >&2; exit 1; }
  done
done

if [ "$RUNS" -gt 0 ]; then
median() { grep "^$1 " "$OUT/times" | awk '{print $'"$2"'}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
all() { grep "^$1 " "$OUT/times" | awk '{print $2}' | xargs; }
{
  echo "| what | median s | runs (s) | records/s | peak RSS MB | vs direct ingest | API calls |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | ---: |"
  for kind in rest bulk; do
    for who in ours off peer; do
      t="$(median "$who-$kind" 2)"; m="$(median "$who-$kind" 3)"; p="$(median "peer-$kind" 2)"
      label="synccentral run, api: $kind, guard: warn (default)"
      [ "$who" = off ] && label="synccentral run, api: $kind, guard: off"
      [ "$who" = peer ] && label="peer: direct ingest, api: $kind"
      echo "| $label | $t | $(all "$who-$kind") | $(awk "BEGIN {printf \"%d\", $RECORDS / $t}") | $((m / 1024)) | $(awk "BEGIN {printf \"%.2f×\", $t / $p}") | $(median "$who-$kind" 4) |"
    done
  done
  echo
  echo "API calls for $RECORDS records, the first round (the writes alone: guard off, and the peer):"
  echo
  echo "| api | guard warn | guard off | peer | again (updates), guard warn | again, guard off | dry run | diff |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for kind in rest bulk; do
    c() { grep "^$1 " "$OUT/times" | head -1 | awk '{print $4}'; }
    echo "| $kind | $(c "ours-$kind") | $(c "off-$kind") | $(c "peer-$kind") | $(c "again-ours-$kind") | $(c "again-off-$kind") | $(c "dry-$kind") | $(c "diff-$kind") |"
  done
} | tee "$OUT/results.md"
fi

if [ "$MEM_RECORDS" -gt 0 ]; then
  batch=200; [ "$MEM_API" = bulk ] && batch="$BULK_BATCH"
  say "memory: $MEM_RECORDS records through synccentral run (api: $MEM_API, $batch per call)"
  start_api "$MEM_RECORDS"; MEM_URL="$API_URL"
  start_org
  ws="$(workspace "$ORG" "$MEM_URL" "$MEM_RECORDS" "$MEM_API" "$batch")"
  SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" measure "memory" "$CLI" --workspace "$ws/ws.db" run --option inv --json
  n="$(count_invoices "$ORG")"; stop_org
  [ "$n" = "$MEM_RECORDS" ] || { echo "the memory run left $n invoices, not $MEM_RECORDS" >&2; exit 1; }
  read -r _ secs rss _ < <(grep "^memory " "$OUT/times")
  echo "memory: $MEM_RECORDS records sample API → mapping → sandbox (api: $MEM_API) in ${secs}s, peak RSS of synccentral $((rss / 1024)) MB; workspace $(du -m "$ws/ws.db" | cut -f1) MB" | tee -a "$OUT/results.md"
fi
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run $load; $RECORDS records, page size $PAGE_SIZE, $RUNS round(s)" | tee -a "$OUT/results.md"
