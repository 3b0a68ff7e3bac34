#!/usr/bin/env python3
"""Re-planning on Heidelberg: a truck breaks down at 11:00, 30 urgent bins arrive at 12:00.

Plans the morning, writes the two events files, then re-plans at 11:00 and again at 12:00, without and with
the stability cost, the two variants side by side (two processes at once, same load), and validates every
plan. Prints a Markdown table.

    python3 Benchmarks/scripts/replan_heidelberg.py --binary .build-release/release/waste-route \
        --out /tmp/replan-hd --time-limit 20 --stability-cost 10
"""
import argparse
import json
import random
import re
import subprocess
import sys
import time
from pathlib import Path

SCENARIO = "fixtures/heidelberg/heidelberg.scenario.json"


def run(command):
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    return result, time.monotonic() - started


def start(command):
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True), time.monotonic()


def finish(process_and_start):
    process, started = process_and_start
    out, err = process.communicate()
    return process.returncode, out, err, time.monotonic() - started


def served(plan):
    return {b["selection"]["binID"]: b["truckID"] for b in plan["bins"] if b.get("truckID")}


def moved(old, new):
    before, after = served(old), served(new)
    return sorted(b for b, t in after.items() if b in before and before[b] != t)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--time-limit", type=float, default=20)
    parser.add_argument("--morning-time-limit", type=float, default=30)
    parser.add_argument("--stability-cost", type=float, default=10)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    binary = args.binary
    common = ["--seed", str(args.seed), "--threads", str(args.threads)]

    plan1 = out / "plan1.json"
    result, seconds = run([binary, "plan", SCENARIO, "--time-limit", str(args.morning_time_limit), "-o", str(plan1)] + common)
    print(f"morning plan: exit {result.returncode}, {seconds:.1f} s", file=sys.stderr)
    if result.returncode not in (0, 4):
        print(result.stderr, file=sys.stderr)
        sys.exit(1)
    morning = json.loads(plan1.read_text())

    # The truck with the most stops after 11:00 breaks down then.
    eleven, noon = "2026-11-27T11:00:00+01:00", "2026-11-27T12:00:00+01:00"

    def after(truck, instant):
        return sum(1 for s in truck["stops"] if s["kind"] == "bin" and s["start"] >= instant)

    # Plan times are written in the scenario's zone (+01:00), so text comparison orders them.
    broken = max(morning["trucks"], key=lambda t: after(t, eleven))["truckID"]
    scenario = json.loads(Path(SCENARIO).read_text())
    rng = random.Random(7)
    picks = rng.sample(scenario["bins"], 30)
    urgent = [
        {"id": f"urgent-{k + 1:02d}", "lon": round(b["lon"] + 0.00012, 7), "lat": round(b["lat"] + 0.00008, 7),
         "capacity": 1100, "fraction": "residual", "serviceTime": 90, "readings": []}
        for k, b in enumerate(picks)
    ]
    breakdown = {"time": eleven, "kind": "truckOutOfService", "truck": broken}
    events1 = {"format": "waste-routing-events", "version": 1, "now": eleven, "events": [breakdown]}
    events2 = {"format": "waste-routing-events", "version": 1, "now": noon,
               "events": [breakdown, {"time": noon, "kind": "binsAdded", "newBins": urgent}]}
    (out / "events-1100.json").write_text(json.dumps(events1, indent=1) + "\n")
    (out / "events-1200.json").write_text(json.dumps(events2, indent=1) + "\n")

    rows = []
    plans = {"free": plan1, "stable": plan1}
    costs = {"free": 0, "stable": args.stability_cost}
    for label, events in [("11:00", "events-1100.json"), ("12:00", "events-1200.json")]:
        jobs = {}
        for variant in ["free", "stable"]:
            target = out / f"plan-{label.replace(':', '')}-{variant}.json"
            jobs[variant] = (target, start([
                binary, "replan", SCENARIO, str(plans[variant]), str(out / events), "-o", str(target),
                "--time-limit", str(args.time_limit), "--stability-cost", str(costs[variant])] + common))
        for variant, (target, job) in jobs.items():
            code, stdout, stderr, seconds = finish(job)
            before = json.loads(Path(plans[variant]).read_text())
            row = {"when": label, "variant": variant, "exit": code, "seconds": seconds}
            stated = re.search(r"time: ([0-9.]+) s end to end", stdout)
            row["stated"] = float(stated.group(1)) if stated else None
            if code in (0, 4):
                new = json.loads(target.read_text())
                row["moved"] = len(moved(before, new))
                row["movedSinceMorning"] = len(moved(morning, new))
                row["bins"] = new["totals"]["binsCollected"]
                row["required"] = f'{new["totals"]["requiredCollected"]}/{new["totals"]["requiredBins"]}'
                row["urgent"] = sum(1 for b in new["bins"] if b["selection"]["binID"].startswith("urgent-") and b.get("truckID"))
                row["km"] = new["totals"]["kilometres"]
                row["cost"] = new["totals"]["cost"]
                check, _ = run([binary, "validate", SCENARIO, str(target), "--events", str(out / events)])
                row["validate"] = check.returncode
                row["validateLine"] = (check.stdout.strip().splitlines() or [check.stderr.strip()])[0]
                plans[variant] = target
            else:
                row["error"] = stderr.strip()
            rows.append(row)
    check, _ = run([binary, "validate", SCENARIO, str(plan1)])
    summary = {"broken": broken, "morning": {"bins": morning["totals"]["binsCollected"], "required": f'{morning["totals"]["requiredCollected"]}/{morning["totals"]["requiredBins"]}', "km": morning["totals"]["kilometres"], "cost": morning["totals"]["cost"], "validate": check.returncode, "seconds": seconds, "validateLine": check.stdout.strip().splitlines()[0] if check.stdout.strip() else check.stderr.strip()}, "rows": rows}
    (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n")
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
