#!/usr/bin/env python3
"""Writes a synthetic instance in the Kim, Kim & Sahoo (2006) WCVRPTW file format, for measuring
run time against instance size (the larger instances of the set are not bundled here).

    kim_synthetic.py STOPS --seed S [--decimal] > synthetic_STOPS.txt

SYNTHETIC: stops are drawn in clusters around a depot over a 30 x 30 mile square, with loads,
service times and time windows in the ranges of 102_stop and 277_stop (most stops open all day, some
morning-only or afternoon-only), three disposal sites, and the header of 102_stop except a daily route
yardage that lets one truck serve about 150 stops. --decimal writes decimal-hour times (875 = 08:45)
as some files of the set do.
"""
import argparse
import random


def clock(hours, decimal):
    if decimal:
        return f"{int(round(hours * 100)):04d}"
    h = int(hours)
    m = int(round((hours - h) * 60))
    return f"{h:02d}{m:02d}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("stops", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--decimal", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    mile = 5280.0
    depot = (1_200_000.0, 3_400_000.0)
    lines = [
        "280.0\t\t\t\t// vehicle capacity (yards), real number",
        "1200.0\t\t\t\t// total yardage allowed for a vehicle per day, real number",
        "500\t\t\t\t// total number of regular stops for a vehicle allowed per day",
        "3600\t\t\t\t// lunch time duration in second, lunch time should start between 11:00am and 12:00 pm",
        "40\t\t\t\t// speed: MPH",
        "Stop_ID\tX(feet)\tY(feet)\tEarly_St_Time (HHMM)\tLate_St_Time (HHMM)\tSvice_Time(Sec)\tLoad (Yards)\tStop_Type",
    ]
    rows = [(0, depot[0], depot[1], clock(6, args.decimal), clock(18.5 if args.decimal else 18.5, args.decimal), 0, 9999.0, 0)]
    for k in range(3):
        x = depot[0] + rng.uniform(-12, 12) * mile
        y = depot[1] + rng.uniform(-12, 12) * mile
        rows.append((k + 1, x, y, clock(0, False), "2400", 1200, 9999.0, 2))
    centres = [(depot[0] + rng.uniform(-15, 15) * mile, depot[1] + rng.uniform(-15, 15) * mile)
               for _ in range(max(3, args.stops // 60))]
    for i in range(args.stops):
        cx, cy = rng.choice(centres)
        x = cx + rng.gauss(0, 1.2) * mile
        y = cy + rng.gauss(0, 1.2) * mile
        r = rng.random()
        if r < 0.8:
            early, late = "0000", "2400"
        elif r < 0.9:
            early, late = clock(0, False), clock(rng.choice([10, 11.5, 12.75]), args.decimal)
        else:
            early, late = clock(rng.choice([8, 9.25, 12]), args.decimal), "2400"
        service = rng.choice([30, 60, 90, 120, 180, 300])
        load = rng.choice([1, 2, 3, 4, 6, 8, 10, 12])
        rows.append((len(rows), round(x), round(y), early, late, service, float(load), 1))
    for row in rows:
        lines.append(f"{row[0]}   {row[1]:.2f}   {row[2]:.2f}  {row[3]} {row[4]} {row[5]}  {row[6]:.2f} {row[7]}")
    print("\r\n".join(lines), end="\r\n")


if __name__ == "__main__":
    main()
