#!/usr/bin/env bash
# The mapping benchmark: `synccentral map` side by side, in the same run, with jq, JSONata
# and a serde_json parse+serialise floor, on the same generated input. See docs/BENCHMARKS.md.
#
# Usage: bench/run.sh [RUNS]      RUNS per tool, default 3; the median wall time counts.
# Environment: RECORDS (default 100000), SEED (default 42), CARGO_TARGET_DIR.
# Installs what is missing (jq, GNU time, node/npm via apt; jsonata via npm ci in bench/),
# builds the release binaries, writes everything under bench/out/ and prints the table.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-${RUNS:-3}}"
RECORDS="${RECORDS:-100000}"
SEED="${SEED:-42}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
OUT="$ROOT/bench/out"
DATA="$OUT/customers-$RECORDS-$SEED.json"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\n==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- what the benchmark needs -------------------------------------------------------
missing=()
command -v jq >/dev/null 2>&1 || missing+=(jq)
[ -x /usr/bin/time ] || missing+=(time)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v taskset >/dev/null 2>&1 || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "error: no Rust toolchain (cargo). Install one with rustup, then run this again." >&2
  exit 2
fi
if [ ! -d bench/node_modules/jsonata ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  say "installing jsonata (npm ci in bench/)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

say "building release binaries (target dir $TARGET)"
CARGO_TARGET_DIR="$TARGET" cargo build --release --quiet -p synccentral-cli
CARGO_TARGET_DIR="$TARGET" cargo build --release --quiet -p synccentral-engine --example parse_floor
OURS="$TARGET/release/synccentral"
FLOOR="$TARGET/release/examples/parse_floor"

# The mapping carries a test case with every transform's expected output: if the engine
# does not apply the transforms, timing it would mean nothing.
say "checking that synccentral applies the benchmark mapping"
if ! "$OURS" mapping test bench/mapping.json >&2; then
  echo "error: synccentral does not map the benchmark's test record as expected; not measuring." >&2
  exit 1
fi

mkdir -p "$OUT"
if [ ! -s "$DATA" ]; then
  say "generating $RECORDS records (seed $SEED)"
  python3 bench/gen_data.py --records "$RECORDS" --seed "$SEED" --out "$DATA.tmp"
  mv "$DATA.tmp" "$DATA"
fi

# --- the runs -----------------------------------------------------------------------
# Each tool reads $DATA and writes its records to bench/out/NAME.json.
TOOLS=(ours ours-1-core jq jsonata floor)
run_tool() {
  case "$1" in
    ours) "$OURS" map --mapping bench/mapping.json --input "$DATA" --records-path data --out "$OUT/ours.json" ;;
    ours-1-core) taskset -c 0 "$OURS" map --mapping bench/mapping.json --input "$DATA" --records-path data --out "$OUT/ours-1-core.json" ;;
    jq) jq -c -f bench/mapping.jq "$DATA" >"$OUT/jq.json" ;;
    jsonata) node bench/jsonata-map.mjs bench/mapping.jsonata "$DATA" "$OUT/jsonata.json" ;;
    floor) "$FLOOR" "$DATA" "$OUT/floor.json" ;;
  esac
}
export -f run_tool
export OURS FLOOR DATA OUT

TIMES="$OUT/times.tsv"
: >"$TIMES"
# Round robin (run 1 of every tool, then run 2, ...) so that load from elsewhere on the
# machine spreads over all tools rather than hitting one.
for run in $(seq 1 "$RUNS"); do
  for tool in "${TOOLS[@]}"; do
    say "run $run/$RUNS: $tool"
    /usr/bin/time -f '%e %M' -o "$OUT/time.txt" bash -c 'run_tool "$1"' _ "$tool" 2>"$OUT/$tool.stderr" || {
      cat "$OUT/$tool.stderr" >&2
      echo "error: $tool failed" >&2
      exit 1
    }
    read -r secs kb <"$OUT/time.txt"
    printf '%s\t%s\t%s\t%s\n' "$tool" "$run" "$secs" "$kb" >>"$TIMES"
    printf '    %s s, %s MB\n' "$secs" "$((kb / 1024))" >&2
  done
done

say "checking the outputs agree"
python3 bench/compare.py "$RECORDS" "$OUT/ours.json" \
  ours-1-core="$OUT/ours-1-core.json" jq="$OUT/jq.json" jsonata="$OUT/jsonata.json" \
  floor=count:"$OUT/floor.json" | tee "$OUT/compare.txt"

python3 bench/report.py --times "$TIMES" --records "$RECORDS" --runs "$RUNS" \
  --input "$DATA" --compare "$OUT/compare.txt" | tee "$OUT/results.md"
