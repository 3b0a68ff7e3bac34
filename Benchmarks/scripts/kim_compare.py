#!/usr/bin/env python3
"""Kim WCVRPTW benchmark: waste-route against PyVRP (../shared/peers/wcvrptw_pyvrp.py), side by side.

    kim_compare.py --waste-route .build/release/waste-route --peer ../shared/peers/wcvrptw_pyvrp.py \
        --out results/kim INSTANCE.txt ... [--seeds 1 2 3] [--time-limit 60] [--jobs 2] [--lunch-proxy both]

Runs every (instance, seed) with both solvers at the same time limit, at most --jobs runs at a time,
checks each of our solutions with `waste-route check` (the independent evaluator, lunch break
included), and prints a Markdown table: vehicles and total miles per run, and per instance the mean
over seeds. PyVRP cannot model the lunch break; its script checks afterwards whether one fits
(`lunch_not_insertable`), and `--lunch-proxy` ends its routes one lunch duration before the depot
closes. `--summarize DIR` only prints the table for runs already in DIR.
"""
import argparse
import concurrent.futures
import json
import os
import re
import statistics
import subprocess
import sys


def ours(binary, instance, name, seed, limit, out):
    base = os.path.join(out, f"wr-{name}-s{seed}")
    with open(base + ".txt", "w") as log:
        subprocess.run(["/usr/bin/time", "-f", "wall %e rss_kb %M", binary, "solve", instance, "--time-limit",
                        str(limit), "--seed", str(seed), "-o", base + ".json"], stdout=log, stderr=subprocess.STDOUT)
    with open(base + ".check", "w") as log:
        subprocess.run([binary, "check", instance, base + ".json"], stdout=log, stderr=subprocess.STDOUT)


def peer(script, instance, name, seed, limit, out, proxy):
    tag = "pyvrp-lunch" if proxy else "pyvrp"
    with open(os.path.join(out, f"{tag}-{name}-s{seed}.line"), "w") as log:
        subprocess.run([sys.executable, script, instance, "--time-limit", str(limit), "--seed", str(seed)]
                       + (["--lunch-proxy"] if proxy else []), stdout=log, stderr=subprocess.STDOUT)


def read_ours(out, name, seed):
    base = os.path.join(out, f"wr-{name}-s{seed}")
    try:
        text = open(base + ".txt").read()
        check = open(base + ".check").read()
    except OSError:
        return None
    vehicles = re.search(r"^vehicles: (\d+)", text, re.M)
    miles = re.search(r"^distance: ([\d.]+) mi", text, re.M)
    wall = re.search(r"wall ([\d.]+) rss_kb (\d+)", text)
    violations = re.search(r"violations: (\d+)", check)
    if not (vehicles and miles):
        return None
    return {"vehicles": int(vehicles.group(1)), "miles": float(miles.group(1)),
            "feasible": violations is not None and violations.group(1) == "0",
            "wall": float(wall.group(1)) if wall else None, "rss_mb": int(wall.group(2)) / 1024 if wall else None}


def read_peer(out, name, seed, proxy):
    path = os.path.join(out, f"{'pyvrp-lunch' if proxy else 'pyvrp'}-{name}-s{seed}.line")
    try:
        for line in open(path):
            if line.startswith("{"):
                d = json.loads(line)
                return {"vehicles": d["vehicles"], "miles": d["total_miles"], "feasible": d["feasible"],
                        "lunch_missing": d.get("checks", {}).get("lunch_not_insertable", 0)}
    except OSError:
        pass
    return None


def summarize(out, names, seeds, proxies):
    rows = ["| instance | seed | waste-route (lunch honoured) | " +
            " | ".join("PyVRP" + (" --lunch-proxy" if p else " (no lunch)") for p in proxies) + " |",
            "|---|---|---|" + "---|" * len(proxies)]
    means = {}
    for name in names:
        for seed in seeds:
            o = read_ours(out, name, seed)
            cells = [f"{o['vehicles']} / {o['miles']:.1f} mi" + ("" if o["feasible"] else " INFEASIBLE")
                     if o else "–"]
            means.setdefault((name, "ours"), []).append(o)
            for p in proxies:
                r = read_peer(out, name, seed, p)
                means.setdefault((name, p), []).append(r)
                note = f" ({r['lunch_missing']} route(s) without room for lunch)" if r and r["lunch_missing"] else ""
                cells.append(f"{r['vehicles']} / {r['miles']:.1f} mi{note}" if r else "–")
            rows.append(f"| {name} | {seed} | " + " | ".join(cells) + " |")
        def mean(runs):
            runs = [r for r in runs if r]
            if not runs:
                return "–"
            return (f"{statistics.mean(r['vehicles'] for r in runs):.2f} / "
                    f"{statistics.mean(r['miles'] for r in runs):.1f} mi")
        rows.append(f"| {name} | mean | **{mean(means[(name, 'ours')])}** | " +
                    " | ".join(mean(means[(name, p)]) for p in proxies) + " |")
    print("\n".join(rows))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("instances", nargs="*")
    parser.add_argument("--waste-route", default=".build/release/waste-route")
    parser.add_argument("--peer", default="../shared/peers/wcvrptw_pyvrp.py")
    parser.add_argument("--out", default="results/kim")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--lunch-proxy", choices=["on", "off", "both"], default="both")
    parser.add_argument("--summarize", action="store_true")
    args = parser.parse_args()
    proxies = {"on": [True], "off": [False], "both": [False, True]}[args.lunch_proxy]
    names = [os.path.basename(i).replace("_stop.txt", "").replace(".txt", "") for i in args.instances]
    os.makedirs(args.out, exist_ok=True)
    if not args.summarize:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            jobs = []
            for instance, name in zip(args.instances, names):
                for seed in args.seeds:
                    jobs.append(pool.submit(ours, args.waste_route, instance, name, seed, args.time_limit, args.out))
                    for p in proxies:
                        jobs.append(pool.submit(peer, args.peer, instance, name, seed, args.time_limit, args.out, p))
            for job in jobs:
                job.result()
    summarize(args.out, names, args.seeds, proxies)


if __name__ == "__main__":
    main()
