#!/usr/bin/env python3
"""Turns the benchmark's timings (bench/out/times.tsv: tool, run, seconds, peak KB) into the
Markdown table of docs/BENCHMARKS.md, with the machine, the versions and the targets."""

import argparse
import json
import os
import platform
import statistics
import subprocess

LABELS = {
    "ours": "synccentral map (all cores)",
    "ours-1-core": "synccentral map (1 core, taskset -c 0)",
    "jq": "jq",
    "jsonata": "JSONata (node)",
    "floor": "floor: serde_json parse + serialise",
}
# The other tool must take at least this many times as long as ours.
TARGETS = [("jq", 25.0), ("jsonata", 40.0)]
FLOOR_TARGET = 1.5


def first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def machine():
    model = "?"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return model, os.cpu_count(), mem_kb / 1024 / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--times", required=True)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--runs", type=int, required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--compare")
    args = ap.parse_args()

    runs = {}
    with open(args.times, encoding="utf-8") as f:
        for line in f:
            tool, _run, secs, kb = line.split()
            runs.setdefault(tool, []).append((float(secs), int(kb)))
    median = {t: statistics.median(s for s, _ in r) for t, r in runs.items()}
    peak = {t: max(kb for _, kb in r) / 1024 for t, r in runs.items()}
    ours = median["ours"]

    model, cpus, mem_gb = machine()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jsonata_version = "?"
    try:
        with open(os.path.join(root, "bench/node_modules/jsonata/package.json"), encoding="utf-8") as f:
            jsonata_version = json.load(f)["version"]
    except OSError:
        pass
    size_mb = os.path.getsize(args.input) / 1e6

    print(f"Machine: {cpus} CPUs ({model}), {mem_gb:.1f} GiB memory, {platform.system()} {platform.release()}")
    print(f"Input: {args.records} records, {size_mb:.1f} MB ({os.path.basename(args.input)}); "
          f"{args.runs} runs per tool, median wall time")
    print(f"Versions: {first_line(['rustc', '--version'])}; {first_line(['jq', '--version'])}; "
          f"node {first_line(['node', '--version'])}; jsonata {jsonata_version}")
    print()
    print("| tool | median s | runs (s) | records/s | peak memory MB | time vs ours |")
    print("| --- | ---: | --- | ---: | ---: | ---: |")
    for tool in ["ours", "ours-1-core", "jq", "jsonata", "floor"]:
        if tool not in runs:
            continue
        m = median[tool]
        each = " ".join(f"{s:.2f}" for s, _ in runs[tool])
        print(f"| {LABELS[tool]} | {m:.2f} | {each} | {args.records / m:,.0f} | {peak[tool]:.0f} | {m / ours:.2f}× |")
    print()
    print("Targets (median wall times):")
    for who, label in [("ours", "all cores"), ("ours-1-core", "1 core")]:
        if who not in median:
            continue
        base = median[who]
        for tool, want in TARGETS:
            got = median[tool] / base
            verdict = "MET" if got >= want else "MISSED"
            print(f"- ours ({label}) ≥ {want:.0f}× faster than {LABELS[tool]}: {got:.1f}× — {verdict}")
        got = base / median["floor"]
        verdict = "MET" if got <= FLOOR_TARGET else "MISSED"
        print(f"- ours ({label}) ≤ {FLOOR_TARGET}× the floor's time: {got:.2f}× — {verdict}")
    if args.compare:
        print()
        print("Output check (records counted in every output; other tools' records compared with ours field by field):")
        with open(args.compare, encoding="utf-8") as f:
            for line in f:
                print(f"    {line.rstrip()}")


if __name__ == "__main__":
    main()
