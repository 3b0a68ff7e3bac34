"""Summarise an A/B run of `--refinement on` against `--refinement off` made by compare.py.

Usage:
  python3 Benchmarks/scripts/refinement_ab.py ON_NAME OFF_NAME RUN.csv SOL_DIR [RUN.csv SOL_DIR ...]

ON_NAME and OFF_NAME are the two --cmd-name values; each RUN.csv is a compare.py --out CSV and SOL_DIR
its --sol-dir (where compare.py keeps each run's stdout as `NAME__INSTANCE__sSEED.sol.log`). Several
runs (say, seeds 1-2 and seeds 3-4) are pooled. Prints a Markdown
report: mean gap per arm overall and per size class (100-300, 300-600, 600-1000 customers), paired
wins and losses per (instance, seed), two-sided sign and Wilcoxon signed-rank tests, and what the MIP did in the `on` arm
(runs, improving runs, cost reduction, share of the time, pool sizes), all parsed from the logs.
"""
import csv
import math
import os
import re
import signal
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


def wilcoxon(differences):
    """Two-sided Wilcoxon signed-rank p-value (normal approximation, average ranks for ties, zeros
    dropped); fine from about 20 non-zero pairs."""
    d = [x for x in differences if abs(x) > 1e-9]
    n = len(d)
    if n == 0:
        return 1.0
    order = sorted(range(n), key=lambda i: abs(d[i]))
    ranks = [0.0] * n
    i = 0
    while i < n:
        j = i
        while j + 1 < n and abs(abs(d[order[j + 1]]) - abs(d[order[i]])) < 1e-9:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    positive = sum(r for r, x in zip(ranks, d) if x > 0)
    mean = n * (n + 1) / 4
    sd = math.sqrt(n * (n + 1) * (2 * n + 1) / 24)
    z = (positive - mean) / sd
    return math.erfc(abs(z) / math.sqrt(2))


def main(on, off, runs):
    rows = []
    log_dir = {}
    for csv_path, sol_dir in runs:
        with open(csv_path, newline="") as handle:
            for r in csv.DictReader(handle):
                if r["solver"] in (on, off):
                    rows.append(r)
                    log_dir[(r["instance"], r["seed"])] = sol_dir
    gap = {(r["solver"], r["instance"], r["seed"]): float(r["gap_pct"]) for r in rows if r["gap_pct"]}
    size = {r["instance"]: int(r["customers"]) for r in rows}
    keys = sorted({(r["instance"], r["seed"]) for r in rows}, key=lambda k: (size[k[0]], k[1]))
    paired = [k for k in keys if (on, *k) in gap and (off, *k) in gap]

    print("| customers | runs per arm | mean gap on | mean gap off | difference (pp) | on better / worse / equal | sign test p | Wilcoxon p |")
    print("|---|---|---|---|---|---|---|---|")
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
              f"{sign_test(better, worse):.3f} | {wilcoxon([x - y for x, y in zip(a, b)]):.3f} |")

    stats = []
    for instance, seed in paired:
        path = os.path.join(log_dir[(instance, seed)], f"{on}__{instance}__s{seed}.sol.log")
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
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if len(sys.argv) < 5 or len(sys.argv) % 2 != 1:
        sys.exit(__doc__)
    pairs = sys.argv[3:]
    main(sys.argv[1], sys.argv[2], list(zip(pairs[0::2], pairs[1::2])))
