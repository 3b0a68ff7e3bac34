"""Summarise an A/B run of `--refinement on` against `--refinement off` made by compare.py.

Usage:
  python3 Benchmarks/scripts/refinement_ab.py RUN.csv SOL_DIR ON_NAME OFF_NAME

RUN.csv is compare.py's --out CSV, SOL_DIR its --sol-dir (where it keeps each run's stdout as
`NAME__INSTANCE__sSEED.sol.log`), ON_NAME and OFF_NAME the two --cmd-name values. Prints a Markdown
report: mean gap per arm overall and per size class (100-300, 300-600, 600-1000 customers), paired
wins and losses per (instance, seed), a two-sided sign test, and what the MIP did in the `on` arm
(runs, improving runs, cost reduction, share of the time, pool sizes), all parsed from the logs.
"""
import csv
import math
import os
import re
import statistics
import sys

CLASSES = [(100, 300), (300, 600), (600, 1001)]
REFINEMENT = re.compile(
    r"refinement: (\d+) MIP runs, (\d+) improvements \(cost -(\d+)\), ([\d.]+) s, (\d+) pooled routes")
TIME = re.compile(r"^time: ([\d.]+) s", re.M)
COST = re.compile(r"^cost: (\S+)", re.M)


def class_name(lo, hi):
    return f"{lo}-{1000 if hi == 1001 else hi}"


def sign_test(wins, losses):
    """Two-sided exact binomial p-value for `wins` against `losses` (ties dropped)."""
    n = wins + losses
    if n == 0:
        return 1.0
    k = min(wins, losses)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def main(csv_path, sol_dir, on, off):
    with open(csv_path, newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["solver"] in (on, off)]
    gap = {(r["solver"], r["instance"], r["seed"]): float(r["gap_pct"]) for r in rows if r["gap_pct"]}
    size = {r["instance"]: int(r["customers"]) for r in rows}
    keys = sorted({(r["instance"], r["seed"]) for r in rows}, key=lambda k: (size[k[0]], k[1]))
    paired = [k for k in keys if (on, *k) in gap and (off, *k) in gap]

    print("| customers | runs per arm | mean gap on | mean gap off | difference (pp) | on better / worse / equal | sign test p |")
    print("|---|---|---|---|---|---|---|")
    for lo, hi in CLASSES + [(0, 10**9)]:
        part = [k for k in paired if lo <= size[k[0]] < hi]
        if not part:
            continue
        a = [gap[(on, *k)] for k in part]
        b = [gap[(off, *k)] for k in part]
        better = sum(x < y - 1e-9 for x, y in zip(a, b))
        worse = sum(x > y + 1e-9 for x, y in zip(a, b))
        label = "all" if hi == 10**9 else class_name(lo, hi)
        print(f"| {label} | {len(part)} | {statistics.mean(a):.3f} % | {statistics.mean(b):.3f} % | "
              f"{statistics.mean(a) - statistics.mean(b):+.3f} | {better} / {worse} / {len(part) - better - worse} | "
              f"{sign_test(better, worse):.3f} |")

    stats = []
    for instance, seed in paired:
        path = os.path.join(sol_dir, f"{on}__{instance}__s{seed}.sol.log")
        with open(path) as handle:
            text = handle.read()
        match = REFINEMENT.search(text)
        if not match:
            continue
        runs, improvements, reduction, mip_seconds, pool = match.groups()
        stats.append(dict(
            customers=size[instance], runs=int(runs), improvements=int(improvements),
            reduction_pct=100 * int(reduction) / float(COST.search(text).group(1)),
            share=float(mip_seconds) / float(TIME.search(text).group(1)), pool=int(pool)))
    print()
    print("| customers | MIP runs | improving runs | solves gaining | mean cost reduction by the MIP | MIP share of the time | pool at the end (median) |")
    print("|---|---|---|---|---|---|---|")
    for lo, hi in CLASSES + [(0, 10**9)]:
        part = [s for s in stats if lo <= s["customers"] < hi]
        if not part:
            continue
        runs = sum(s["runs"] for s in part)
        improving = sum(s["improvements"] for s in part)
        gaining = sum(s["improvements"] > 0 for s in part)
        label = "all" if hi == 10**9 else class_name(lo, hi)
        print(f"| {label} | {runs} | {improving} ({100 * improving / runs:.0f} %) | {gaining} / {len(part)} | "
              f"{statistics.mean(s['reduction_pct'] for s in part):.3f} % | "
              f"{100 * statistics.mean(s['share'] for s in part):.1f} % | "
              f"{statistics.median(s['pool'] for s in part):,.0f} |")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
