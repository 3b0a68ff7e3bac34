#!/usr/bin/env python3
"""A/B of the GLPK refinement on waste problems: `waste-route solve` with `--refinement on` and `off`
side by side (one run of each at a time, one per core), the same seeds and time limit, on Kim-format
(WCVRPTW) instances; every solution checked by `waste-route check`.

    rich_refinement_ab.py --waste-route .build/release/waste-route --time-limit 60 --seeds 1 2 3 \
        --out results/rich-ab 102_stop.txt 277_stop.txt synthetic_500.txt ...

Prints a Markdown table per instance (vehicles, then miles; refinement runs, improvements, MIP time
share, pool size) and writes RUN.csv and RUN.md under --out. Objective as in the literature: vehicles
first, then distance.

`plan` mode (`--plan SCENARIO`) does the same for `waste-route plan` and reports the plan objective.
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor


def run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def parse_refinement(text):
    m = re.search(r"refinement: (\d+) MIP runs, (\d+) improvements \((?:cost|objective) -([\d.]+)\), ([\d.]+) s, (\d+) pooled routes", text)
    if not m:
        return dict(runs=0, improvements=0, reduction=0, mip_seconds=0.0, pool=0)
    return dict(runs=int(m[1]), improvements=int(m[2]), reduction=float(m[3]), mip_seconds=float(m[4]), pool=int(m[5]))


def solve(binary, instance, seed, limit, arm, folder):
    name = os.path.splitext(os.path.basename(instance))[0]
    solution = os.path.join(folder, f"{name}-s{seed}-{arm}.json")
    code, out, err = run([binary, "solve", instance, "--time-limit", str(limit), "--seed", str(seed),
                          "--refinement", arm, "-o", solution])
    row = dict(instance=name, seed=seed, arm=arm, status=code)
    m = re.search(r"vehicles: (\d+)", out)
    row["vehicles"] = int(m[1]) if m else None
    m = re.search(r"distance: ([\d.]+) mi", out)
    row["miles"] = float(m[1]) if m else None
    m = re.search(r"iterations: (\d+)", out)
    row["iterations"] = int(m[1]) if m else None
    m = re.search(r"time: ([\d.]+) s", out)
    row["seconds"] = float(m[1]) if m else None
    row.update(parse_refinement(out))
    if code == 0:
        check_code, check_out, _ = run([binary, "check", instance, solution])
        row["checked"] = check_code == 0 and "feasible: yes" in check_out
    else:
        row["checked"] = False
        row["error"] = err.strip().splitlines()[-1] if err.strip() else ""
    return row


def plan(binary, scenario, seed, limit, arm, folder):
    output = os.path.join(folder, f"plan-s{seed}-{arm}.json")
    command = [binary, "plan", scenario, "--seed", str(seed), "--refinement", arm, "-o", output]
    if limit:
        command += ["--time-limit", str(limit)]
    code, out, err = run(command)
    row = dict(instance=os.path.basename(scenario), seed=seed, arm=arm, status=code)
    m = re.search(r"objective[: ]+([\d.]+)", out)
    row["objective"] = float(m[1]) if m else None
    row.update(parse_refinement(out))
    check_code, _, _ = run([binary, "validate", scenario, output]) if code in (0, 4) else (1, "", "")
    row["checked"] = check_code == 0
    return row


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--waste-route", required=True)
    parser.add_argument("--time-limit", type=float, default=60)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--out", required=True)
    parser.add_argument("--plan", help="a scenario: A/B of `waste-route plan` instead of `solve`")
    parser.add_argument("instances", nargs="*")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rows = []
    jobs = []
    if args.plan:
        limit = args.time_limit if args.time_limit > 0 else None
        jobs = [(plan, (args.waste_route, args.plan, seed, limit)) for seed in args.seeds]
    else:
        jobs = [(solve, (args.waste_route, instance, seed, args.time_limit))
                for instance in args.instances for seed in args.seeds]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for function, parameters in jobs:
            arms = [pool.submit(function, *parameters, arm, args.out) for arm in ("on", "off")]
            for future in arms:
                row = future.result()
                rows.append(row)
                print(row, file=sys.stderr, flush=True)
    keys = sorted({key for row in rows for key in row})
    with open(os.path.join(args.out, "RUN.csv"), "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=keys)
        writer.writeheader()
        writer.writerows(rows)
    lines = summary(rows, args)
    with open(os.path.join(args.out, "RUN.md"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def summary(rows, args):
    plan_mode = bool(args.plan)
    lines = []
    if plan_mode:
        lines.append("| scenario | seed | objective on | objective off | MIP runs improving | MIP time share | pool |")
        lines.append("|---|---|---|---|---|---|---|")
    else:
        lines.append("| instance | seed | on: vehicles / miles | off: vehicles / miles | MIP runs improving | MIP time share | pool | checked |")
        lines.append("|---|---|---|---|---|---|---|---|")
    by = {(r["instance"], r["seed"], r["arm"]): r for r in rows}
    instances = sorted({r["instance"] for r in rows}, key=lambda name: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name)])
    better = worse = equal = 0
    for name in instances:
        for seed in args.seeds:
            on, off = by.get((name, seed, "on")), by.get((name, seed, "off"))
            if not on or not off:
                continue
            share = on["mip_seconds"] / (on.get("seconds") or args.time_limit or 1) if on["mip_seconds"] else 0
            improving = f"{on['improvements']}/{on['runs']}"
            if plan_mode:
                key_on, key_off = on["objective"], off["objective"]
                lines.append(f"| {name} | {seed} | {key_on} | {key_off} | {improving} | {share:.1%} | {on['pool']} |")
            else:
                key_on = (on["vehicles"] or 10**9, on["miles"] or 10**12)
                key_off = (off["vehicles"] or 10**9, off["miles"] or 10**12)
                checked = "yes" if on["checked"] and off["checked"] else "NO"
                lines.append(f"| {name} | {seed} | {on['vehicles']} / {on['miles']} | {off['vehicles']} / {off['miles']} "
                             f"| {improving} | {share:.1%} | {on['pool']} | {checked} |")
            if key_on is None or key_off is None:
                continue
            if key_on < key_off:
                better += 1
            elif key_on > key_off:
                worse += 1
            else:
                equal += 1
        if not plan_mode:
            ons = [by[(name, s, "on")] for s in args.seeds if (name, s, "on") in by]
            offs = [by[(name, s, "off")] for s in args.seeds if (name, s, "off") in by]
            if ons and offs and all(r["miles"] for r in ons + offs):
                lines.append(f"| {name} | mean | {statistics.mean(r['vehicles'] for r in ons):.2f} / "
                             f"{statistics.mean(r['miles'] for r in ons):.1f} | "
                             f"{statistics.mean(r['vehicles'] for r in offs):.2f} / "
                             f"{statistics.mean(r['miles'] for r in offs):.1f} | | | | |")
    lines.append("")
    lines.append(f"on better / worse / equal: {better} / {worse} / {equal}")
    return lines


if __name__ == "__main__":
    main()
