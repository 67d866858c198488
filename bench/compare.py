#!/usr/bin/env python3
"""Checks that the benchmark's outputs agree: record counts of every output, and, field by
field, how many records each other tool maps differently from the reference (ours), with one
example of each difference.

Usage: compare.py EXPECTED_COUNT REFERENCE.json [NAME=OUTPUT.json ...]
A NAME=count:FILE argument only has its records counted (for the floor, which writes the
input back as {"data": [...]}).
Exits 1 when a count differs."""

import json
import sys


def records(path: str, only_count: bool):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and "data" in doc:
        doc = doc["data"]
    return len(doc) if only_count else doc


def main() -> int:
    expected = int(sys.argv[1])
    reference = records(sys.argv[2], False)
    ok = True
    counts = [("ours", len(reference))]
    diffs = []
    for arg in sys.argv[3:]:
        name, path = arg.split("=", 1)
        if path.startswith("count:"):
            counts.append((name, records(path[len("count:"):], True)))
            continue
        out = records(path, False)
        counts.append((name, len(out)))
        per_field = {}
        for ours, theirs in zip(reference, out):
            for key in sorted(set(ours) | set(theirs)):
                a, b = ours.get(key, "<missing>"), theirs.get(key, "<missing>")
                if a != b or type(a) is not type(b):
                    n, example = per_field.get(key, (0, (a, b)))
                    per_field[key] = (n + 1, example)
        diffs.append((name, per_field))
    for name, n in counts:
        flag = "" if n == expected else f"  MISMATCH (expected {expected})"
        ok = ok and n == expected
        print(f"  {name:<18} {n} records{flag}")
    for name, per_field in diffs:
        if not per_field:
            print(f"  {name}: every record equal to ours")
            continue
        for key, (n, (a, b)) in sorted(per_field.items()):
            print(f"  {name}: {key} differs in {n} records, e.g. ours {json.dumps(a, ensure_ascii=False)}"
                  f" vs {json.dumps(b, ensure_ascii=False)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
