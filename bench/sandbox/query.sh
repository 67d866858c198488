#!/usr/bin/env bash
# Sandbox org query speed: SOQL by Id, by external ID IN (200 keys), SELECT COUNT() and a
# filtered scan, through the real HTTP server on loopback, on orgs of SIZES Accounts — each
# size once with the query indexes ("indexed") and once reading every record of the object as
# before them ("--no-indexes", the reference path). The data file is written directly in the
# pre-index format (load_org.py), so the first start also measures migrating and indexing it.
# See docs/benchmarks/sandbox.md, "Sandbox org queries".
#
# Usage: bench/sandbox/query.sh
# Environment: SIZES (default "10000 1000000"), BUDGET (seconds per query kind, default 5),
#   MODES (default "indexed reference"), CARGO_TARGET_DIR.
# Builds the crate's bench_org example in release, writes only under bench/out/sandbox-query/
# and prints the table (also bench/out/sandbox-query/results.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/bench/sandbox"
OUT="$ROOT/bench/out/sandbox-query"
SIZES="${SIZES:-10000 1000000}"
BUDGET="${BUDGET:-5}"
MODES="${MODES:-indexed reference}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n==> %s\n' "$*" >&2; }

say "building the bench_org example (release)"
cargo build --release --quiet -p synccentral-sandbox --example bench_org
ORG="$TARGET/release/examples/bench_org"

rm -rf "$OUT"
mkdir -p "$OUT"
pid=""
cleanup() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

load="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
for size in $SIZES; do
  say "writing $size Accounts"
  read -r _ load_secs < <(python3 "$HERE/load_org.py" "$OUT/seed-$size" "$size")
  for mode in $MODES; do
    rm -rf "$OUT/data"
    cp -r "$OUT/seed-$size" "$OUT/data"
    flag=""
    [ "$mode" = reference ] && flag="--no-indexes"
    say "$size Accounts, $mode: starting the org"
    "$ORG" "$OUT/data" $flag >"$OUT/serve-$size-$mode.log" 2>&1 &
    pid=$!
    BASE=""
    for _ in $(seq 6000); do
      BASE="$(grep -Eo 'listening on http://127\.0\.0\.1:[0-9]+' "$OUT/serve-$size-$mode.log" | head -1 | cut -d' ' -f3 || true)"
      [ -n "$BASE" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$BASE" ] || { echo "the org did not start:" >&2; cat "$OUT/serve-$size-$mode.log" >&2; exit 1; }
    opened="$(grep -Eo 'opened in [0-9.]+s' "$OUT/serve-$size-$mode.log" | cut -d' ' -f3)"
    say "$size Accounts, $mode: querying (up to ${BUDGET}s per kind)"
    while read -r kind n median p95 qps; do
      rows+=("| $size | $mode | $kind | $n | $median | $p95 | $qps |")
      echo "$size $mode $kind: $n requests, median $median ms, p95 $p95 ms, $qps/s" >&2
    done < <(cd "$HERE" && python3 query.py "$BASE" "$size" "$BUDGET")
    rows+=("| $size | $mode | (start: open, migrate, index; data written in ${load_secs}s) | 1 | $(awk "BEGIN {printf \"%.0f\", $opened * 1000}") | | |")
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
  done
  rm -rf "$OUT/seed-$size" "$OUT/data"
done

{
  echo "| records | mode | query | requests | median ms | p95 ms | queries/s |"
  echo "| ---: | --- | --- | ---: | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average before the run $load; BUDGET=${BUDGET}s per kind"
} | tee "$OUT/results.md"
