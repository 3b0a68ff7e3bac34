#!/usr/bin/env python3
"""Summarises `waste-route simulate` JSON reports of several seeds: per policy the mean of each total,
and every percentage against the fixed round and the threshold policy.

Usage: simulation_summary.py REPORT.json [REPORT.json ...]
"""
import json
import sys

FIELDS = [
    ("kilometres", "km", 1),
    ("drivingHours", "driving h", 1),
    ("crewHours", "crew h", 1),
    ("trucksPerDay", "trucks/day", 2),
    ("binsEmptied", "bins emptied", 0),
    ("meanFillAtEmptying", "mean fill at emptying %", 1),
    ("overflowBinDays", "overflow bin-days", 1),
    ("overflowLitres", "overflow L", 0),
    ("cost", "cost", 0),
    ("requiredLeftOut", "required left out", 1),
    ("secondsPerDay", "s/day", 1),
]


def main() -> None:
    reports = [json.load(open(path)) for path in sys.argv[1:]]
    policies = [p["policy"] for p in reports[0]["policies"]]
    means = {}
    for policy in policies:
        rows = [next(p["summary"] for p in r["policies"] if p["policy"] == policy) for r in reports]
        means[policy] = {key: sum(row[key] for row in rows) / len(rows) for key, _, _ in FIELDS}
    seeds = ", ".join(str(r["seed"]) for r in reports)
    first = reports[0]
    print(f"{first['scenario']}: {first['days']} days from {first['startDate']}, {first['binCount']} bins, "
          f"seeds {seeds} (means), time limit {first['timeLimitSeconds']} s/day, horizon {first['horizonDays']}")
    print()
    print("| policy | " + " | ".join(label for _, label, _ in FIELDS) + " |")
    print("|---|" + "---:|" * len(FIELDS))
    for policy in policies:
        cells = [f"{means[policy][key]:,.{digits}f}" for key, _, digits in FIELDS]
        print(f"| {policy} | " + " | ".join(cells) + " |")
    for base in ("fixed", "threshold"):
        if base not in means or "lookahead" not in means:
            continue
        print()
        print(f"lookahead against {base}:")
        for key, label, _ in FIELDS:
            a, b = means["lookahead"][key], means[base][key]
            change = f"{(a - b) / b * 100:+.1f} %" if b else "n/a"
            print(f"- {label}: {a:,.2f} against {b:,.2f} ({change})")
    print()
    print("per seed (overflow bin-days / km):")
    for r in reports:
        cells = [f"{p['policy']} {p['summary']['overflowBinDays']} / {p['summary']['kilometres']:.1f}" for p in r["policies"]]
        print(f"- seed {r['seed']}: " + "; ".join(cells))
    look = [d for r in reports for p in r["policies"] if p["policy"] == "lookahead" for d in p["days"] if d.get("lookahead")]
    if look:
        exact = [d["lookahead"] for d in look if d["lookahead"].get("exactObjective") is not None]
        if exact:
            gains = [(e["greedyObjective"] - e["exactObjective"]) for e in exact]
            rel = [g / abs(e["greedyObjective"]) * 100 for g, e in zip(gains, exact) if e["greedyObjective"]]
            proven = sum(1 for e in exact if e["provenOptimal"])
            print()
            print(f"assignment model, {len(exact)} days: GLPK below greedy by {sum(gains) / len(gains):.2f} on average "
                  f"({sum(rel) / max(1, len(rel)):.2f} % of |greedy|; best {max(gains):.2f}), proven optimal on {proven}, "
                  f"GLPK {sum(e['exactSeconds'] for e in exact) / len(exact):.2f} s, greedy "
                  f"{sum(e['greedySeconds'] for e in exact) / len(exact):.3f} s per day")


if __name__ == "__main__":
    main()
