"""Writes a sandbox org data file holding RECORDS Accounts, directly with SQLite (a bench-only
shortcut: the REST or Bulk API would take minutes for a million records). The file is in the
format the sandbox wrote before its query indexes (migration 0001 only), so the org opened on
it migrates and indexes it as it does an existing data directory. Python stdlib only.

Account i (1-based): Id as the sandbox makes them (prefix 001, pod SB, base-62 number, case
checksum), Name "Account i", External_Id__c "EXT-%07d", BillingCity "City i%1000".

Usage: load_org.py DATA_DIR RECORDS
"""

import json
import os
import sqlite3
import sys
import time

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


def make_id(prefix, n):
    digits = []
    for _ in range(10):
        digits.append(BASE62[n % 62])
        n //= 62
    id15 = prefix + "SB" + "".join(reversed(digits))
    suffix = ""
    for chunk in range(3):
        bits = 0
        for j, c in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= c <= "Z":
                bits |= 1 << j
        suffix += CHECKSUM[bits]
    return id15 + suffix


def main():
    data, records = sys.argv[1], int(sys.argv[2])
    os.makedirs(data, exist_ok=True)
    path = os.path.join(data, "sandbox.db")
    if os.path.exists(path):
        os.remove(path)
    here = os.path.dirname(os.path.abspath(__file__))
    init = os.path.join(here, "..", "..", "crates", "sandbox", "migrations", "0001_init.sql")
    began = time.perf_counter()
    db = sqlite3.connect(path)
    db.executescript(open(init).read())
    db.execute("PRAGMA user_version = 1")
    user = make_id("005", 1)
    now = "2026-01-01T00:00:00.000+0000"

    def rows():
        for i in range(1, records + 1):
            rid = make_id("001", i)
            fields = {
                "Id": rid,
                "IsDeleted": False,
                "CreatedDate": now,
                "CreatedById": user,
                "LastModifiedDate": now,
                "LastModifiedById": user,
                "SystemModstamp": now,
                "Name": f"Account {i}",
                "External_Id__c": f"EXT-{i:07d}",
                "BillingCity": f"City {i % 1000}",
                "Industry": "Technology",
                "AnnualRevenue": i * 10,
                "Active__c": i % 2 == 0,
            }
            yield (rid, "Account", json.dumps(fields, separators=(",", ":")))

    db.executemany(
        "INSERT INTO records (id, object, is_deleted, fields) VALUES (?, ?, 0, ?)", rows()
    )
    db.execute("INSERT INTO counters (prefix, next) VALUES ('001', ?)", (records + 1,))
    db.commit()
    db.close()
    print(f"{records} {time.perf_counter() - began:.1f}")


if __name__ == "__main__":
    main()
