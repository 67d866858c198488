#!/usr/bin/env bash
# Salesforce to Salesforce: RECORDS Contacts copied from one sandbox org to another by
# `synccentral run` (release build; source and target `api: bulk`, upsert matched on Email
# into an empty target), side by side in the same run with the peer: the second sandbox
# ingesting the same Contacts directly through Bulk API 2.0 jobs of 10,000
# (crates/api/examples/org_contacts.rs). Wall time, peak RSS and the API calls each side's
# org counted. See docs/BENCHMARKS.md, "Org to org".
#
# Usage: bench/orgs/run.sh [RUNS]   (RUNS rounds, default 1; the median counts)
# Environment: RECORDS (default 100000), CARGO_TARGET_DIR.
# Writes only under bench/out/orgs/ and prints the table (also bench/out/orgs/results.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/bench/out/orgs"
RUNS="${1:-1}"
RECORDS="${RECORDS:-100000}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"
export SYNCCENTRAL_KEYCHAIN=off

. "$ROOT/bench/lib.sh"
need_tools

say "building synccentral-cli and the org_contacts example (release)"
cargo build --release --quiet -p synccentral-cli
cargo build --release --quiet -p synccentral-api --example org_contacts
CLI="$TARGET/release/synccentral"
HELPER="$TARGET/release/examples/org_contacts"

rm -rf "$OUT"
mkdir -p "$OUT"

# start_org NAME: a fresh org; sets URL and PID.
start_org() {
  rm -rf "$OUT/$1" "$OUT/$1.log"
  "$CLI" sandbox serve --port 0 --data "$OUT/$1" --daily-limit 1000000000 >"$OUT/$1.log" 2>&1 &
  PID=$!
  pids+=($!)
  URL="$(wait_url "$OUT/$1.log" "Sandbox org listening on")"
}

count() { count_records "$1" Contact; }

load="$(cut -d' ' -f1-3 /proc/loadavg)"
say "the source org: $RECORDS Contacts"
start_org source; SOURCE="$URL"
"$HELPER" seed "$SOURCE" "$RECORDS" >&2

for round in $(seq "$RUNS"); do
  say "round $round: synccentral run, org to org"
  start_org target; TARGET_URL="$URL"; TARGET_PID="$PID"
  ws="$OUT/ws"; rm -rf "$ws"; mkdir -p "$ws"
  python3 - "$SOURCE" "$TARGET_URL" >"$ws/config.json" <<'PY'
import json, sys
s, t = sys.argv[1:]
conn = lambda n, u: {"name": n, "type": "salesforce", "loginUrl": u,
  "auth": {"flow": "password", "clientId": "sandbox", "clientSecret": "sandbox-secret",
           "username": "admin@sandbox.local", "password": "sandbox"}}
print(json.dumps({"format": "sync-central/1",
  "connections": [conn("production", s), conn("fullcopy", t)], "remoteSites": [s, t],
  "options": [{"name": "contacts", "direction": "import",
    "source": {"connection": "production", "object": "Contact", "api": "bulk"},
    "target": {"connection": "fullcopy", "object": "Contact", "operation": "upsert",
               "matchOn": ["Email"], "api": "bulk", "batchSize": 10000},
    "mapping": {"FirstName": "FirstName", "LastName": "LastName", "Email": "Email",
                "Title": "Title", "Phone": "Phone"}}]}))
PY
  SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" "$CLI" --workspace "$ws/ws.db" config import "$ws/config.json" --apply >&2
  sb="$(usage "$SOURCE")"; tb="$(usage "$TARGET_URL")"
  SYNCCENTRAL_MASTER_KEY_FILE="$ws/key" /usr/bin/time -f '%e %M' -o "$OUT/time.txt" \
    "$CLI" --workspace "$ws/ws.db" run --option contacts --json >"$OUT/ours.out" 2>"$OUT/ours.err" ||
    { cat "$OUT/ours.out" "$OUT/ours.err" >&2; exit 1; }
  sa="$(usage "$SOURCE")"; ta="$(usage "$TARGET_URL")"
  n="$(count "$TARGET_URL")"
  [ "$n" = "$RECORDS" ] || { echo "the copy left $n Contacts, not $RECORDS" >&2; cat "$OUT/ours.out" >&2; exit 1; }
  echo "ours $(cat "$OUT/time.txt") $((sa - sb - 2)) $((ta - tb - 2))" >>"$OUT/times"
  kill -TERM "$TARGET_PID"; wait "$TARGET_PID" 2>/dev/null || true

  say "round $round: the peer, direct Bulk API 2.0 ingest"
  start_org peer; PEER_URL="$URL"; PEER_PID="$PID"
  pb="$(usage "$PEER_URL")"
  /usr/bin/time -f '%e %M' -o "$OUT/time.txt" "$HELPER" ingest "$PEER_URL" "$RECORDS" >"$OUT/peer.out" 2>&1 ||
    { cat "$OUT/peer.out" >&2; exit 1; }
  pa="$(usage "$PEER_URL")"
  cat "$OUT/peer.out" >&2
  echo "peer $(cat "$OUT/time.txt") 0 $((pa - pb - 2))" >>"$OUT/times"
  kill -TERM "$PEER_PID"; wait "$PEER_PID" 2>/dev/null || true
done

median() { grep "^$1 " "$OUT/times" | awk '{print $'"$2"'}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
all() { grep "^$1 " "$OUT/times" | awk '{print $2}' | xargs; }
{
  echo "| what | median s | runs (s) | records/s | peak RSS MB | vs direct ingest | source org calls | target org calls |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
  p="$(median peer 2)"
  for who in ours peer; do
    t="$(median "$who" 2)"; m="$(median "$who" 3)"
    label="synccentral run, org to org (bulk, matchOn Email)"
    [ "$who" = peer ] && label="peer: direct Bulk API 2.0 ingest"
    echo "| $label | $t | $(all "$who") | $(awk "BEGIN {printf \"%d\", $RECORDS / $t}") | $((m / 1024)) | $(awk "BEGIN {printf \"%.2f×\", $t / $p}") | $(median "$who" 4) | $(median "$who" 5) |"
  done
} | tee "$OUT/results.md"
echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run $load; $RECORDS Contacts, $RUNS round(s)" | tee -a "$OUT/results.md"
