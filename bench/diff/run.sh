#!/usr/bin/env bash
# The diff engine against reladiff on the same data: ROWS records × 10 fields in two tables
# of one SQLite file (bench/diff/gen_data.py: 1% changed, 0.5% missing on each side), then
#   - synccentral-recon's merge (examples/diff_sqlite.rs: both tables read from SQLite in key
#     order, compared with type-aware equality), and
#   - reladiff (PyPI, installed here into a venv under bench/out/diff/, not in CI) on the
#     same rows with the same key and columns. reladiff 0.6 has no SQLite driver, so its
#     copy of the two tables is a DuckDB file loaded from the generator's CSV (DuckDB from
#     PyPI in the same venv); loading it is not timed,
# each timed with its peak memory (GNU time). See docs/BENCHMARKS.md, "Diff".
#
# Usage: bench/diff/run.sh
# Environment: ROWS (default 1000000), CARGO_TARGET_DIR, PROFILE (cargo profile of the
#   engine's build, default release; `dev-opt` builds the dev profile with the engine and
#   recon crates at opt-level 3, for a machine where release builds are not wanted).
# Writes only under bench/out/diff/ and prints the table (also bench/out/diff/results.md).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
HERE="$ROOT/bench/diff"
OUT="$ROOT/bench/out/diff"
ROWS="${ROWS:-1000000}"
PROFILE="${PROFILE:-release}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export PATH="$HOME/.cargo/bin:$PATH"
mkdir -p "$OUT"

say() { printf '\n==> %s\n' "$*" >&2; }
if [ ! -x /usr/bin/time ]; then
  say "installing GNU time"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time; else sudo apt-get install -y -qq time; fi
fi

say "building the engine's benchmark reader ($PROFILE)"
if [ "$PROFILE" = dev-opt ]; then
  cargo build --quiet -p synccentral-recon --example diff_sqlite \
    --config 'profile.dev.package.synccentral-recon.opt-level=3' \
    --config 'profile.dev.package.synccentral-engine.opt-level=3'
  ENGINE="$TARGET/debug/examples/diff_sqlite"
else
  cargo build --quiet --profile "$PROFILE" -p synccentral-recon --example diff_sqlite
  dir="$PROFILE"; [ "$PROFILE" = dev ] && dir=debug
  ENGINE="$TARGET/$dir/examples/diff_sqlite"
fi

if [ ! -x "$OUT/venv/bin/reladiff" ]; then
  say "installing reladiff into $OUT/venv"
  python3 -m venv "$OUT/venv"
  "$OUT/venv/bin/pip" install --quiet reladiff duckdb
fi
RELADIFF_VERSION="$("$OUT/venv/bin/pip" show reladiff | sed -n 's/^Version: //p')"

DB="$OUT/data.db"
say "generating $ROWS rows per table into $DB"
rm -f "$DB"
EXPECTED="$(python3 "$HERE/gen_data.py" "$DB" "$ROWS")"
echo "expected: $EXPECTED" >&2

DUCK="$OUT/data.duckdb"
rm -f "$DUCK"
"$OUT/venv/bin/python" - "$OUT" "$DUCK" <<'PY'
import sys, duckdb
out, path = sys.argv[1], sys.argv[2]
con = duckdb.connect(path)
types = ("{'id': 'VARCHAR', 'name': 'VARCHAR', 'email': 'VARCHAR', 'city': 'VARCHAR', 'status': 'VARCHAR', "
         "'amount': 'DOUBLE', 'quantity': 'BIGINT', 'rate': 'DOUBLE', 'active': 'BIGINT', 'due': 'VARCHAR', 'updated': 'VARCHAR'}")
for t in ("src", "tgt"):
    con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_csv('{out}/{t}.csv', header = true, columns = {types})")
con.close()
PY

COLS=(name email city status amount quantity rate active due updated)
measure() { # name, command… → "seconds peak_mb" and the command's stdout in $OUT/<name>.out
  local name="$1"; shift
  /usr/bin/time -f '%e %M' -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
  awk '{printf "%s %.0f", $1, $2 / 1024}' "$OUT/$name.time"
}

say "synccentral-recon"
read -r E_S E_MB <<<"$(measure engine "$ENGINE" "$DB" src tgt)"
ENGINE_SUMMARY="$(cat "$OUT/engine.out")"

say "reladiff $RELADIFF_VERSION"
cargs=(); for c in "${COLS[@]}"; do cargs+=(-c "$c"); done
read -r R_S R_MB <<<"$(measure reladiff "$OUT/venv/bin/reladiff" "duckdb://main@$DUCK" src "duckdb://main@$DUCK" tgt -k id "${cargs[@]}" --stats)"

{
  echo "| tool | rows × fields | seconds | peak MB |"
  echo "|---|---|---|---|"
  echo "| synccentral-recon merge ($PROFILE) | $ROWS × 10 | $E_S | $E_MB |"
  echo "| reladiff $RELADIFF_VERSION (the same rows in DuckDB) | $ROWS × 10 | $R_S | $R_MB |"
  echo
  echo "expected: \`$EXPECTED\`"
  echo
  echo "engine: \`$ENGINE_SUMMARY\`"
  echo
  echo "reladiff --stats:"
  echo '```'
  cat "$OUT/reladiff.out"
  echo '```'
} | tee "$OUT/results.md"
