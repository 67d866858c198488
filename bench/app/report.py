#!/usr/bin/env python3
"""Prints bench/app/run.sh's results as Markdown: first paint, idle memory per process
(median over the runs), and the live preview's time split."""
import json
import os
import statistics
import sys
from collections import defaultdict


def median(values):
    return statistics.median(values) if values else float("nan")


def main():
    paint_file, memory_file, latency_file = sys.argv[1:4]
    paints = [line.split("\t") for line in open(paint_file).read().splitlines() if line]
    print("| mark | median ms | runs (ms) |")
    print("| --- | ---: | --- |")
    for col, name in ((1, "first paint (process start → login screen painted)"),):
        values = [float(p[col]) for p in paints]
        print(f"| {name} | {median(values):.0f} | {' '.join(f'{v:.0f}' for v in values)} |")
    print()

    rows = [line.split("\t") for line in open(memory_file).read().splitlines() if line]
    per_run = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))
    for run, _pid, name, rss, pss in rows:
        entry = per_run[run][name]
        entry[0] += int(rss or 0)
        entry[1] += int(pss or 0)
        entry[2] += 1
    names = sorted({n for r in per_run.values() for n in r}, key=lambda n: (n != "sync-central", n))
    print("| process (idle at the login screen) | RSS MB | PSS MB |")
    print("| --- | ---: | ---: |")
    for name in names:
        rss = median([r[name][0] for r in per_run.values() if name in r]) / 1024
        pss = median([r[name][1] for r in per_run.values() if name in r]) / 1024
        count = max(r[name][2] for r in per_run.values() if name in r)
        label = name if count == 1 else f"{name} (×{count})"
        print(f"| {label} | {rss:.0f} | {pss:.0f} |")
    rss_total = median([sum(v[0] for v in r.values()) for r in per_run.values()]) / 1024
    pss_total = median([sum(v[1] for v in r.values()) for r in per_run.values()]) / 1024
    print(f"| **total** | **{rss_total:.0f}** | **{pss_total:.0f}** |")
    print()

    if os.path.exists(latency_file) and os.path.getsize(latency_file) > 0:
        data = json.load(open(latency_file))
        timings = data["timings"]
        parts = {
            "edit → painted preview": [t["painted"] - t["edit"] for t in timings],
            "  debounce (edit → request)": [t["sent"] - t["edit"] for t in timings],
            "  IPC round trip, backend preview included (request → answer)": [t["received"] - t["sent"] for t in timings],
            "  render (answer → painted frame)": [t["painted"] - t["received"] for t in timings],
        }
        print(f"Live preview, 1,000 records × 20 fields, {len(timings)} edits:")
        print()
        print("| part | min ms | median ms | max ms |")
        print("| --- | ---: | ---: | ---: |")
        for name, values in parts.items():
            print(f"| {name} | {min(values):.1f} | {median(values):.1f} | {max(values):.1f} |")


if __name__ == "__main__":
    main()
