"""Summarise a compare.py CSV: mean gap to BKS per solver, overall and per size class.

Usage: python3 Benchmarks/scripts/summarize_compare.py RUN.csv [RUN2.csv ...]

Prints a Markdown table: for each solver (and seed set), the number of runs, feasible runs, and the mean
gap % over all instances and per class of 100-300, 300-600 and 600-1000 customers.
"""
import csv
import sys
from collections import defaultdict

CLASSES = [(100, 300), (300, 600), (600, 1001)]


def main(paths):
    rows = []
    for path in paths:
        with open(path, newline="") as handle:
            rows.extend(csv.DictReader(handle))
    by_solver = defaultdict(list)
    for row in rows:
        by_solver[row["solver"]].append(row)
    header = ["solver", "runs", "feasible", "mean gap %"] + [f"{lo}-{hi - 1 if hi == 1001 else hi} gap %" for lo, hi in CLASSES]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for solver, runs in sorted(by_solver.items()):
        feasible = [r for r in runs if r["feasible"] in ("True", "true", "1") and r["gap_pct"] not in ("", None)]
        gaps = [float(r["gap_pct"]) for r in feasible]
        cells = [solver, str(len(runs)), str(len(feasible)), f"{sum(gaps) / len(gaps):.2f}" if gaps else "-"]
        for lo, hi in CLASSES:
            part = [float(r["gap_pct"]) for r in feasible if lo <= int(r["customers"]) < hi]
            cells.append(f"{sum(part) / len(part):.2f}" if part else "-")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
