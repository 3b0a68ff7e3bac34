#!/usr/bin/env python3
"""Two waste-route binaries side by side on Kim WCVRPTW instances: each (instance, seed) runs both at once.

    kim_ab.py --a NAME=CMD --b NAME=CMD --out DIR [--seeds 1 2 3] [--time-limit 60] INSTANCE.txt ...

CMD is a command prefix (for example `/path/waste-route` or `/path/waste-route --threads 1`, the options
going after `solve INSTANCE`). Every solution is checked with the first binary's `check` (the independent
evaluator). Prints a Markdown table of vehicles / miles per run and the means per instance.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import statistics
import subprocess


def run(name, cmd, instance, seed, limit, out):
    parts = shlex.split(cmd)
    binary, extra = parts[0], parts[1:]
    stem = os.path.join(out, f"{name}-{os.path.basename(instance).split('.')[0]}-s{seed}")
    with open(stem + ".txt", "w") as log:
        subprocess.run(["/usr/bin/time", "-f", "wall %e rss_kb %M", binary, "solve", instance, "--time-limit",
                        str(limit), "--seed", str(seed), "-o", stem + ".json"] + extra,
                       stdout=log, stderr=subprocess.STDOUT)
    return stem


def read(stem, checker, instance):
    text = open(stem + ".txt").read()
    vehicles = re.search(r"^vehicles: (\d+)", text, re.M)
    miles = re.search(r"^distance: ([\d.]+) mi", text, re.M)
    if not (vehicles and miles and os.path.exists(stem + ".json")):
        return None
    check = subprocess.run([checker, "check", instance, stem + ".json"], capture_output=True, text=True)
    return {"vehicles": int(vehicles.group(1)), "miles": float(miles.group(1)), "feasible": check.returncode == 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--a", required=True)
    ap.add_argument("--b", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("instances", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    solvers = [tuple(s.split("=", 1)) for s in (args.a, args.b)]
    checker = shlex.split(solvers[0][1])[0]
    results = {}
    for instance in args.instances:
        for seed in args.seeds:
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                stems = list(pool.map(lambda s: run(s[0], s[1], instance, seed, args.time_limit, args.out), solvers))
            for (name, _), stem in zip(solvers, stems):
                results[(name, instance, seed)] = read(stem, checker, instance)
            print("ran", os.path.basename(instance), seed, [results[(n, instance, seed)] for n, _ in solvers], flush=True)
    names = [n for n, _ in solvers]
    print(f"\n| instance | seed | {' | '.join(names)} |")
    print("|---|---|" + "---|" * len(names))
    for instance in args.instances:
        label = os.path.basename(instance)
        for seed in args.seeds:
            cells = []
            for n in names:
                r = results[(n, instance, seed)]
                cells.append(f"{r['vehicles']} / {r['miles']:.3f} mi" + ("" if r["feasible"] else " INFEASIBLE") if r else "failed")
            print(f"| {label} | {seed} | {' | '.join(cells)} |")
        cells = []
        for n in names:
            runs = [results[(n, instance, s)] for s in args.seeds if results[(n, instance, s)]]
            cells.append(f"{statistics.mean(r['vehicles'] for r in runs):.2f} / {statistics.mean(r['miles'] for r in runs):.3f} mi"
                         if runs else "–")
        print(f"| {label} | mean | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
