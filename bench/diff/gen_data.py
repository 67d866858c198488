"""Two tables of the diff benchmark in one SQLite file: `src` and `tgt`, N rows each keyed
by `id` (text), ten compared columns. The target differs from the source the way real
syncs drift: 1% of the rows have one changed field, 0.5% of the source keys are missing in
the target and 0.5% of the target keys are not in the source. Equal values are written in
the same form on both sides, so reladiff (which compares stored values) and the engine
(which compares typed values) must find the same differences.

The same rows are also written as `src.csv` and `tgt.csv` next to DB, for loading into the
peer's database (reladiff 0.6 has no SQLite driver).

Usage: gen_data.py DB N
"""
import csv
import os
import random
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
con = sqlite3.connect(db)
cols = "name TEXT, email TEXT, city TEXT, status TEXT, amount REAL, quantity INTEGER, rate REAL, active INTEGER, due TEXT, updated TEXT"
for t in ("src", "tgt"):
    con.execute(f"DROP TABLE IF EXISTS {t}")
    con.execute(f"CREATE TABLE {t} (id TEXT PRIMARY KEY, {cols})")
CITIES = ["Paris", "Lyon", "Oslo", "Quito", "Lima", "Kyiv", "Pune", "Baku"]
STATUS = ["Open", "Paid", "Void", "Draft"]


def row(i):
    return [
        f"K{i:08d}",
        f"Customer {i}",
        f"c{i}@example.com",
        CITIES[i % len(CITIES)],
        STATUS[i % len(STATUS)],
        round((i * 37 % 100000) / 100, 2),
        i % 1000,
        round((i % 9973) / 10000, 4),
        i % 2,
        f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
        f"2024-06-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{(i * 7) % 60:02d}Z",
    ]


changed = missing_t = extra_t = 0
src, tgt = [], []
for i in range(n):
    r = row(i)
    src.append(r)
    x = rnd.random()
    if x < 0.005:
        missing_t += 1
        continue
    t = list(r)
    if x < 0.015:
        field = 1 + rnd.randrange(10)
        t[field] = (t[field] + 1) if isinstance(t[field], (int, float)) else f"{t[field]}x"
        changed += 1
    tgt.append(t)
for j in range(n // 200):
    t = row(n + j)
    tgt.append(t)
    extra_t += 1
con.executemany("INSERT INTO src VALUES (?,?,?,?,?,?,?,?,?,?,?)", src)
con.executemany("INSERT INTO tgt VALUES (?,?,?,?,?,?,?,?,?,?,?)", tgt)
con.commit()
for name, rows in (("src", src), ("tgt", tgt)):
    with open(os.path.join(os.path.dirname(db), f"{name}.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "email", "city", "status", "amount", "quantity", "rate", "active", "due", "updated"])
        w.writerows(rows)
print(f'{{"rows": {n}, "different": {changed}, "missing_in_target": {missing_t}, "missing_in_source": {extra_t}}}')
