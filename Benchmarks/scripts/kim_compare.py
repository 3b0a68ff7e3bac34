#!/usr/bin/env python3
"""Kim WCVRPTW instances: waste-route against PyVRP, side by side, every solution checked by
`waste-route check`.

    pip install pyvrp                        # tested with pyvrp 0.14.1
    swift build -c release --product waste-route
    python3 Benchmarks/scripts/kim_compare.py 102_stop.txt 277_stop.txt --time-limit 60 --seeds 1 2 3 \\
        --reference Benchmarks/kim-reference.csv --out Benchmarks/results/kim-RUN

The instances are the real commercial waste-collection problems published with Kim, Kim & Sahoo (2006),
"Waste collection vehicle routing problem with time windows", Computers & Operations Research 33(12):
3624-3642. Their benchmark page (formerly http://www.e-iit.com/waste-VRPTW/benchmark.html) is mirrored,
with the author's permission, in the GitHub repository optlibrary/wcvrptw-instances: download
instances/102_stop.txt, instances/277_stop.txt and the larger files from it and pass them here.

Each (instance, seed) is solved by `waste-route solve` (--threads 1 by default, as PyVRP is single-
threaded) and by PyVRP under the same time limit, at most --jobs runs at a time; --lunch-proxy also runs
PyVRP with its routes ending one lunch duration before the depot closes. Every solution, ours and
PyVRP's, is written as waste-routing solution JSON and checked by `waste-route check`, which schedules
each route itself (earliest times, the lunch break where the truck is) and checks every rule: every stop
once, capacity between disposal visits, daily yardage, stop limit, time windows, depot hours, the lunch
break, ending empty. A rejected solution is reported with its first violation.

How the problem is put into PyVRP (PyVRP 0.14 has disposal trips as reload depots, but no break, no
daily load limit across trips and no stop limit):
  * locations: the depot twice (start; end, reached after the last unloading), the disposal sites as
    reload depots with their window and unloading time, the stops as clients (pickup in hundredths of a
    yard, service time, window on the start of service);
  * ending empty: an arc from a stop to the end depot drives through the disposal site k minimising
    dist(stop, k) + dist(k, depot) and includes its unloading time; the visit is written out in the JSON;
  * daily yardage: every arc into a stop is longer by M feet per hundredth of a yard of that stop, and the
    route's maximum distance is M x (daily yardage + 1) - 1, exact while a route is under M = 10^7 ft;
    neighbourhoods come from the plain distances and the distance penalty starts M times lower;
  * lunch break and stop limit: not modelled, checked by `waste-route check`;
  * objective: a fixed cost of 10^9 ft per vehicle plus feet: vehicles first, then distance.
Distances are Manhattan feet rounded to whole feet; travel times whole seconds rounded up.

Prints a Markdown table (vehicles and miles per solver and run, gaps in miles to the reference when the
vehicles match, per instance the means) and with --out PREFIX writes it to PREFIX.md, one row per run to
PREFIX.csv, and solutions and logs to PREFIX-runs/.
"""
import argparse
import concurrent.futures
import csv
import datetime
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time

FEET_PER_MILE = 5280
LOAD_SCALE = 100  # hundredths of a cubic yard
YARDAGE_FEET = 10**7  # M: feet added per load unit on arcs into stops
VEHICLE_COST = 10**9  # feet per vehicle


# ----------------------------------------------------------------------------------------------------
# The instance file
# ----------------------------------------------------------------------------------------------------

def read_kim(path):
    """Header values, then one dict per row (file order)."""
    with open(path, encoding="latin-1") as handle:
        lines = [line for line in handle.read().splitlines()]
    values = [float(line.split()[0]) for line in lines[:5]]
    rows = []
    for number, line in enumerate(lines[6:], 7):
        fields = line.split()
        if not fields:
            continue
        if len(fields) < 8:
            raise ValueError(f"{path}:{number}: expected 8 fields, found {len(fields)}")
        rows.append({"id": fields[0], "x": float(fields[1]), "y": float(fields[2]), "early": float(fields[3]),
                     "late": float(fields[4]), "service": float(fields[5]), "load": float(fields[6]),
                     "type": int(float(fields[7]))})
    # HHMM, unless some time has a minute part above 59: then hundredths of an hour (875 = 08:45).
    decimal = any(round(r[k]) % 100 > 59 for r in rows for k in ("early", "late"))
    for row in rows:
        for key in ("early", "late"):
            value = round(row[key])
            row[key] = value * 36 if decimal else (value // 100) * 3600 + (value % 100) * 60
    if not rows or rows[0]["type"] != 0:
        raise ValueError(f"{path}: the first row must be the depot (type 0)")
    return {"name": os.path.basename(path).rsplit(".", 1)[0], "capacity": values[0], "yardage": values[1],
            "max_stops": int(values[2]), "lunch": values[3], "speed": values[4], "rows": rows}


# ----------------------------------------------------------------------------------------------------
# PyVRP (child process)
# ----------------------------------------------------------------------------------------------------

def pyvrp_model(kim, lunch_proxy):
    import numpy as np
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType

    rows = kim["rows"]
    sites = [i for i, r in enumerate(rows) if r["type"] == 2]
    stops = [i for i, r in enumerate(rows) if r["type"] == 1]
    order = [0, 0] + sites + stops  # instance row of each PyVRP location
    first_stop = 2 + len(sites)
    x = np.array([rows[i]["x"] for i in order])
    y = np.array([rows[i]["y"] for i in order])
    feet = np.rint(np.abs(x[:, None] - x[None, :]) + np.abs(y[:, None] - y[None, :])).astype(np.int64)
    seconds = np.ceil(feet * 3600 / (FEET_PER_MILE * kim["speed"]) - 1e-9).astype(np.int64)
    opens, closes = rows[0]["early"], rows[0]["late"]
    if lunch_proxy:
        closes -= int(kim["lunch"])

    # Ending empty: from a stop to the end depot through its best disposal site.
    site_locations = list(range(2, first_stop))
    usable = [k for k in site_locations if rows[order[k]]["late"] >= opens] or site_locations
    unload = {k: math.ceil(rows[order[k]]["service"]) for k in site_locations}
    final_site = {}
    for i in range(len(order)):
        best = min(usable, key=lambda k: (feet[i, k] + feet[k, 0], k))
        final_site[i] = best
        if i >= first_stop:
            feet[i, 1] = feet[i, best] + feet[best, 0]
            seconds[i, 1] = seconds[i, best] + unload[best] + seconds[best, 0]
    for k in site_locations:
        feet[k, 1], seconds[k, 1] = feet[k, 0], seconds[k, 0]
    feet[0, 1] = seconds[0, 1] = 0
    feet[1, :], seconds[1, :] = feet[0, :], seconds[0, :]
    feet[1, 1] = seconds[1, 1] = 0

    loads = np.zeros(len(order), dtype=np.int64)
    loads[first_stop:] = [round(rows[i]["load"] * LOAD_SCALE) for i in stops]
    priced = feet + YARDAGE_FEET * loads[None, :]
    np.fill_diagonal(priced, 0)
    yardage = round(kim["yardage"] * LOAD_SCALE)

    depots = [Depot(location=0, tw_early=opens, tw_late=closes), Depot(location=1, tw_early=opens, tw_late=closes)]
    depots += [Depot(location=k, tw_early=rows[order[k]]["early"], tw_late=rows[order[k]]["late"],
                     service_duration=unload[k]) for k in site_locations]
    clients = [Client(location=j, pickup=[int(loads[j])], service_duration=math.ceil(rows[order[j]]["service"]),
                      tw_early=rows[order[j]]["early"], tw_late=rows[order[j]]["late"])
               for j in range(first_stop, len(order))]
    total = sum(rows[i]["load"] for i in stops)
    fleet = 2 * max(1, math.ceil(total / kim["yardage"])) + 3  # unused vehicles cost nothing
    vehicles = VehicleType(num_available=fleet, capacity=[round(kim["capacity"] * LOAD_SCALE)], start_depot=0,
                           end_depot=1, reload_depots=site_locations, fixed_cost=VEHICLE_COST, tw_early=opens,
                           tw_late=closes, max_distance=YARDAGE_FEET * (yardage + 1) - 1)
    locations = [Location(x=float(a), y=float(b)) for a, b in zip(x, y)]
    data = ProblemData(locations, clients, depots, [vehicles], [priced], [seconds])
    plain = data.replace(distance_matrices=[feet])
    return data, plain, order, first_stop, final_site, fleet


def pyvrp_solve(data, plain, seconds, seed):
    """pyvrp.solve, with the neighbourhoods from the plain distances and the distance penalty scaled to
    the yardage encoding (one hundredth of a yard over the day costs about as much as over the truck)."""
    from pyvrp import RandomNumberGenerator, Solution
    from pyvrp.IteratedLocalSearch import IteratedLocalSearch
    from pyvrp.PenaltyManager import PenaltyManager, PenaltyParams
    from pyvrp.search import LocalSearch, PerturbationManager, compute_neighbours
    from pyvrp.solve import SolveParams
    from pyvrp.stop import MaxRuntime

    started = time.perf_counter()
    penalty = PenaltyParams(min_penalty=PenaltyParams.min_penalty / YARDAGE_FEET)
    params = SolveParams(penalty=penalty)
    rng = RandomNumberGenerator(seed=seed)
    search = LocalSearch(data, rng, compute_neighbours(plain, params.neighbourhood),
                         PerturbationManager(params.perturbation))
    for operator in params.operators:
        if operator.supports(data):
            search.add_operator(operator(data))
    load, time_warp, distance = PenaltyParams().midpoint_penalties(data)
    manager = PenaltyManager((load, time_warp, distance / YARDAGE_FEET), penalty)
    start = search(Solution.make_random(data, rng), manager.max_cost_evaluator(), exhaustive=True)
    left = max(0.0, seconds - (time.perf_counter() - started))
    return IteratedLocalSearch(data, manager, search, start, params.ils).run(MaxRuntime(left), False).best


def run_pyvrp(path, limit, seed, lunch_proxy, out):
    """Child process: solve with PyVRP, write the solution JSON, print one JSON line."""
    from importlib.metadata import version

    started = time.perf_counter()
    kim = read_kim(path)
    data, plain, order, first_stop, final_site, fleet = pyvrp_model(kim, lunch_proxy)
    best = pyvrp_solve(data, plain, limit - (time.perf_counter() - started), seed)
    site_index = {k: k - 2 for k in range(2, first_stop)}  # disposal sites in file order
    routes = []
    for route in best.routes():
        visits, last = [{"kind": "depot"}], None
        for activity in route.schedule()[1:-1]:
            if activity.is_client():
                visits.append({"kind": "client", "index": activity.idx})  # stops in file order
                last = first_stop + activity.idx
            elif activity.is_depot() and activity.idx >= 2:
                visits.append({"kind": "disposal", "index": site_index[activity.idx]})
                last = None
        if last is not None:  # the final unloading on the way home
            visits.append({"kind": "disposal", "index": site_index[final_site[last]]})
        visits.append({"kind": "depot"})
        routes.append({"vehicleType": 0, "visits": visits})
    with open(out, "w") as handle:
        json.dump({"format": "waste-routing-solution", "version": 1, "instance": kim["name"], "routes": routes},
                  handle)
    print(json.dumps({"wall_s": round(time.perf_counter() - started, 2), "pyvrp_feasible": best.is_feasible(),
                      "fleet_offered": fleet, "version": version("pyvrp")}))


# ----------------------------------------------------------------------------------------------------
# The parent: runs, checks, table
# ----------------------------------------------------------------------------------------------------

def check(waste_route, path, solution):
    done = subprocess.run([waste_route, "check", path, solution], capture_output=True, text=True)
    text = done.stdout
    vehicles = re.search(r"^vehicles: (\d+)", text, re.M)
    miles = re.search(r"^distance: ([\d.]+)", text, re.M)
    count = re.search(r"^violations: (\d+)", text, re.M)
    feasible = done.returncode == 0 and re.search(r"^feasible: yes", text, re.M) is not None
    problem = ""
    if not feasible:
        listed = [line.strip() for line in text.splitlines()
                  if line.strip() and not re.match(r"(instance|feasible|vehicles|distance|cost|violations):|route \d+:",
                                                    line.strip())]
        problem = (f"{count.group(1)} violation(s): " if count else "") + (listed[0] if listed else done.stderr.strip())
    return (feasible, int(vehicles.group(1)) if vehicles else None, float(miles.group(1)) if miles else None,
            problem)


def run(index, task, args, work):
    solver, path, seed = task
    name = os.path.basename(path).rsplit(".", 1)[0]
    base = os.path.join(work, f"{solver}-{name}-s{seed}")
    row = {"index": index, "solver": solver, "instance": name, "seed": seed, "time_limit": args.time_limit,
           "vehicles": None, "miles": None, "feasible": False, "wall_s": None, "version": "", "error": ""}
    if solver == "waste-route":
        command = [args.waste_route, "solve", path, "--format", "wcvrptw", "--time-limit", str(args.time_limit),
                   "--seed", str(seed), "--threads", str(args.threads), "-o", base + ".json"]
    else:
        command = [sys.executable, os.path.abspath(__file__), "--run-pyvrp", path, "--time-limit",
                   str(args.time_limit), "--seeds", str(seed), "--solution", base + ".json"]
        command += ["--close-early"] if solver == "pyvrp-lunch-proxy" else []
    started = time.perf_counter()
    with open(base + ".log", "w") as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    row["wall_s"] = round(time.perf_counter() - started, 2)
    if done.returncode != 0 or not os.path.exists(base + ".json"):
        with open(base + ".log") as log:
            row["error"] = (log.read().strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return row
    if solver != "waste-route":
        with open(base + ".log") as log:
            for line in log:
                if line.startswith("{"):
                    row["version"] = json.loads(line)["version"]
    row["feasible"], row["vehicles"], row["miles"], row["error"] = check(args.waste_route, path, base + ".json")
    return row


def read_reference(path):
    table = {}
    if path:
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                table[row["instance"].strip()] = (int(row["vehicles"]), float(row["miles"]), row.get("source", ""))
    return table


LABELS = {"waste-route": "waste-route (lunch honoured)", "pyvrp": "PyVRP (no lunch model)",
          "pyvrp-lunch-proxy": "PyVRP --lunch-proxy"}


def cell(row):
    if row is None:
        return "–"
    if row["vehicles"] is None:
        return f"**failed** ({row['error']})"
    text = f"{row['vehicles']} / {row['miles']:.1f} mi"
    return text if row["feasible"] else f"{text}, **rejected**: {row['error']}"


def gap(row, reference):
    ref = reference.get(row["instance"]) if row else None
    if not ref or not row["feasible"] or row["vehicles"] != ref[0]:
        return None
    return 100 * (row["miles"] - ref[1]) / ref[1]


def report(rows, solvers, reference, header):
    lines = ["# waste-route against PyVRP on the Kim WCVRPTW instances", ""] + [f"- {h}" for h in header] + [""]
    lines.append("| instance | seed | reference | " + " | ".join(f"{LABELS[s]} | gap %" for s in solvers) + " |")
    lines.append("|---|---|---|" + "---|---:|" * len(solvers))
    by_key = {(r["solver"], r["instance"], r["seed"]): r for r in rows}
    instances = list(dict.fromkeys(r["instance"] for r in rows))
    seeds = list(dict.fromkeys(r["seed"] for r in rows))
    for name in instances:
        ref = reference.get(name)
        ref_text = f"{ref[0]} / {ref[1]:.1f} mi" if ref else "–"
        for seed in seeds:
            cells = []
            for solver in solvers:
                row = by_key.get((solver, name, seed))
                g = gap(row, reference)
                cells += [cell(row), "–" if g is None else f"{g:.2f}"]
            lines.append(f"| {name} | {seed} | {ref_text} | " + " | ".join(cells) + " |")
        if len(seeds) > 1:
            cells = []
            for solver in solvers:
                good = [by_key[(solver, name, s)] for s in seeds
                        if (solver, name, s) in by_key and by_key[(solver, name, s)]["feasible"]]
                if good:
                    v = sum(r["vehicles"] for r in good) / len(good)
                    m = sum(r["miles"] for r in good) / len(good)
                    cells += [f"{v:.2f} / {m:.1f} mi ({len(good)} accepted)", ""]
                else:
                    cells += ["–", ""]
            lines.append(f"| {name} | mean | {ref_text} | " + " | ".join(cells) + " |")
    lines += ["", "Vehicles / miles as `waste-route check` recomputes them from the instance; **rejected**: the "
              "checker finds a rule broken (its first violation is named). Gap: miles against the reference, "
              "when the vehicles are the same."]
    for name in instances:
        if name in reference and reference[name][2]:
            lines += ["", f"Reference for {name}: {reference[name][2]}."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("instances", nargs="*", help="Kim instance files (NNN_stop.txt)")
    parser.add_argument("--waste-route", default=".build/release/waste-route", help="the waste-route binary")
    parser.add_argument("--time-limit", type=float, default=60, help="seconds per run (default 60)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--threads", type=int, default=1, help="waste-route's threads (default 1, as PyVRP)")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (the machine's cores at most)")
    parser.add_argument("--lunch-proxy", choices=["off", "on", "both"], default="off",
                        help="PyVRP without (off), with (on) or both ways (both)")
    parser.add_argument("--reference", help="CSV with columns instance, vehicles, miles, source")
    parser.add_argument("--out", help="write PREFIX.md, PREFIX.csv, and solutions and logs in PREFIX-runs/")
    parser.add_argument("--run-pyvrp", metavar="INSTANCE", help=argparse.SUPPRESS)
    parser.add_argument("--solution", help=argparse.SUPPRESS)
    parser.add_argument("--close-early", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run_pyvrp:
        run_pyvrp(args.run_pyvrp, args.time_limit, args.seeds[0], args.close_early, args.solution)
        return
    if not args.instances:
        parser.error("give at least one instance file")
    if not os.access(args.waste_route, os.X_OK):
        parser.error(f"{args.waste_route}: not an executable (swift build -c release --product waste-route)")
    for path in args.instances:
        read_kim(path)  # fail early on a bad file
    solvers = ["waste-route"] + {"off": ["pyvrp"], "on": ["pyvrp-lunch-proxy"],
                                 "both": ["pyvrp", "pyvrp-lunch-proxy"]}[args.lunch_proxy]
    reference = read_reference(args.reference)
    work = args.out + "-runs" if args.out else tempfile.mkdtemp(prefix="kim-compare-")
    os.makedirs(work, exist_ok=True)
    tasks = [(solver, path, seed) for path in args.instances for seed in args.seeds for solver in solvers]
    load_start = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(run, index, task, args, work) for index, task in enumerate(tasks)]
        for count, future in enumerate(concurrent.futures.as_completed(futures), 1):
            row = future.result()
            rows.append(row)
            print(f"[{count}/{len(tasks)}] {LABELS[row['solver']]} {row['instance']} seed {row['seed']}: {cell(row)}",
                  file=sys.stderr, flush=True)
    rows.sort(key=lambda r: r["index"])
    load_end = os.getloadavg()
    version = subprocess.run([args.waste_route, "--version"], capture_output=True, text=True).stdout.strip()
    peer = next((r["version"] for r in rows if r["version"]), "?")
    header = [
        f"date: {started.isoformat(timespec='seconds')}",
        f"machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        "load average (1, 5, 15 min): " + " ".join(f"{x:.2f}" for x in load_start) + " at the start, "
        + " ".join(f"{x:.2f}" for x in load_end) + " at the end",
        f"settings: {args.time_limit:g} s per run, seeds {' '.join(map(str, args.seeds))}, {args.jobs} run(s) at a "
        f"time; waste-route {version or '?'} with {args.threads} thread(s), PyVRP {peer}",
        "command: `" + " ".join(sys.argv) + "`",
    ]
    text = report(rows, solvers, reference, header)
    print(text, end="")
    if args.out:
        with open(args.out + ".md", "w") as handle:
            handle.write(text)
        fields = ["solver", "instance", "seed", "time_limit", "vehicles", "miles", "feasible", "gap_pct", "wall_s",
                  "version", "error"]
        with open(args.out + ".csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                g = gap(row, reference)
                writer.writerow({**row, "version": row["version"] or (version if row["solver"] == "waste-route" else ""),
                                 "gap_pct": "" if g is None else f"{g:.4f}"})
    if any(r["solver"] == "waste-route" and not r["feasible"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
