#!/usr/bin/env python3
"""Random instances in the Kim, Kim & Sahoo (2006) WCVRPTW file format that are feasible by construction:
every stop can be served on a route of its own (depot, the stop, a disposal site, depot) within its
window, the site's hours and the depot's hours, and the fleet is unlimited.

    kim_random.py --seed S [--stops N] > random_S.txt

Each instance draws a mix of what cities send: skip-lift rounds (capacity 10-30 yd, every load above
half of it), tight windows (5-30 minutes wide), 2-4 disposal sites with their own opening hours, a
stop limit of 2-12 per day, no lunch (duration 0). The window of each stop is placed around the time a
truck leaving the depot at opening would reach it, with at least 10 minutes of slack; every site is open
from before any truck can reach it until late enough for a truck leaving the latest stop. Used for case 2
of issue 11 (reliability): count traps and "no feasible solution" answers.
"""
import argparse
import math
import random

MILE = 5280.0


def hhmm(seconds):
    seconds = max(0, min(24 * 3600, int(seconds)))
    return f"{seconds // 3600:02d}{seconds % 3600 // 60:02d}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stops", type=int)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.stops or rng.randint(20, 120)
    skip = rng.random() < 0.6
    capacity = rng.choice([10, 20, 30]) if skip else rng.choice([40, 100, 280])
    day_yards = capacity * rng.choice([2, 4, 100])
    max_stops = rng.randint(2, 12)
    speed = rng.choice([20, 30, 40])
    fps = speed * MILE / 3600  # feet per second
    depot = (0.0, 0.0)
    open_, close = 6 * 3600, 20 * 3600

    def travel(a, b):
        return (abs(a[0] - b[0]) + abs(a[1] - b[1])) / fps

    sites = [(rng.uniform(-8, 8) * MILE, rng.uniform(-8, 8) * MILE) for _ in range(rng.randint(2, 4))]
    stops = []
    for _ in range(n):
        p = (rng.uniform(-10, 10) * MILE, rng.uniform(-10, 10) * MILE)
        load = rng.uniform(capacity / 2 + 0.5, capacity) if skip else rng.uniform(0.5, min(capacity, 20))
        service = rng.choice([30, 60, 120, 300])
        arrive = open_ + travel(depot, p)
        if rng.random() < 0.5:  # tight window around the earliest arrival
            early = arrive - rng.uniform(0, 1800)
            late = arrive + 600 + rng.uniform(0, 1200)
        else:
            early = arrive - rng.uniform(0, 3600)
            late = arrive + 600 + rng.uniform(0, 6 * 3600)
        stops.append((p, early, late, service, round(load, 2)))
    # Site hours: open from 06:00, and until a truck serving the latest stop as late as possible can unload.
    latest_needed = 0
    for p, early, late, service, load in stops:
        nearest = min(sites, key=lambda s: travel(p, s))
        latest_needed = max(latest_needed, late + service + travel(p, nearest) + 600)
    site_rows = []
    for s in sites:
        opens = open_ if rng.random() < 0.5 else open_ + rng.uniform(0, 1800)
        # A site that opens later still takes every stop: all stop windows close after 06:10.
        closes = max(latest_needed, 16 * 3600) + rng.uniform(0, 3600)
        site_rows.append((s, min(opens, open_ + 600), closes, rng.choice([600, 1200, 1800])))
    # Depot closes late enough for the longest single-stop round trip.
    worst = max(late + service + max(travel(p, s[0]) + s[3] + travel(s[0], depot) for s in site_rows)
                for p, early, late, service, load in stops)
    close = min(24 * 3600, max(close, worst + 900))
    lines = [
        f"{capacity:.1f}\t\t\t\t// vehicle capacity (yards), real number",
        f"{day_yards:.1f}\t\t\t\t// total yardage allowed for a vehicle per day, real number",
        f"{max_stops}\t\t\t\t// total number of regular stops for a vehicle allowed per day",
        "0\t\t\t\t// lunch time duration in second",
        f"{speed}\t\t\t\t// speed: MPH",
        "Stop_ID\tX(feet)\tY(feet)\tEarly_St_Time (HHMM)\tLate_St_Time (HHMM)\tSvice_Time(Sec)\tLoad (Yards)\tStop_Type",
        f"1   {depot[0]:.2f}   {depot[1]:.2f}  {hhmm(open_)} {hhmm(close)} 0  9999.00 0",
    ]
    for k, (s, opens, closes, unload) in enumerate(site_rows):
        lines.append(f"{k + 2}   {s[0]:.2f}   {s[1]:.2f}  {hhmm(opens)} {hhmm(closes)} {unload}  9999.00 2")
    for k, (p, early, late, service, load) in enumerate(stops):
        # Minute resolution: round the window outwards.
        e = math.floor(early / 60) * 60
        l = math.ceil(late / 60) * 60
        lines.append(f"{k + 2 + len(site_rows)}   {p[0]:.2f}   {p[1]:.2f}  {hhmm(e)} {hhmm(l)} {service}  {load:.2f} 1")
    print("\r\n".join(lines), end="\r\n")


if __name__ == "__main__":
    main()
