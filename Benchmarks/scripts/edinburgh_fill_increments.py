#!/usr/bin/env python3
"""Derives fixtures/edinburgh/fill-increments.csv from Edinburgh's litter-bin emptyings.

Input: the derived `collections.csv` of the City of Edinburgh Council's litter bin sensor data
(one row per emptying: site, local time, fill before and after, percent). For each bin, the rise
between two successive emptyings (fill before the later minus fill after the earlier, at least 0)
is spread evenly over the time between them; integrating that rate over each whole local calendar
day between the bin's first and last emptying gives its daily fill increments, percentage points.
Bins with fewer than 10 emptyings or 14 whole days are left out.

Usage: edinburgh_fill_increments.py COLLECTIONS_CSV OUTPUT_CSV
"""
import csv
import datetime as dt
import sys
from collections import defaultdict


def main() -> None:
    source, target = sys.argv[1], sys.argv[2]
    events = defaultdict(list)
    with open(source, newline="") as f:
        for row in csv.DictReader(f):
            time = dt.datetime.fromisoformat(row["collected_at_europe_london"])
            before = float(row["fill_before_pct"])
            after = float(row["fill_after_pct"] or 0)
            events[int(row["site_id"])].append((time, before, after))
    rows = []
    for site in sorted(events):
        series = sorted(events[site])
        if len(series) < 10:
            continue
        # Piecewise-constant rate, percentage points per second, between successive emptyings.
        pieces = []
        for (t0, _, after0), (t1, before1, _) in zip(series, series[1:]):
            seconds = (t1 - t0).total_seconds()
            if seconds <= 0:
                continue
            pieces.append((t0, t1, max(0.0, before1 - after0) / seconds))
        first = series[0][0].date() + dt.timedelta(days=1)
        last = series[-1][0].date() - dt.timedelta(days=1)
        days = (last - first).days + 1
        if days < 14:
            continue
        increments = []
        for k in range(days):
            start = dt.datetime.combine(first + dt.timedelta(days=k), dt.time())
            end = start + dt.timedelta(days=1)
            rise = 0.0
            for t0, t1, rate in pieces:
                overlap = (min(end, t1) - max(start, t0)).total_seconds()
                if overlap > 0:
                    rise += rate * overlap
            increments.append(f"{rise:.2f}".rstrip("0").rstrip("."))
        rows.append((site, first.isoformat(), " ".join(increments)))
    with open(target, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["site_id", "first_day", "increments"])
        writer.writerows(rows)
    print(f"{len(rows)} bins written to {target}")


if __name__ == "__main__":
    main()
