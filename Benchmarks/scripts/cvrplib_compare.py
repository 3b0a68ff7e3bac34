#!/usr/bin/env python3
"""CVRPLIB X instances: waste-route against PyVRP and HGS-CVRP, side by side, every solution checked by
`waste-route check`.

    pip install pyvrp hygese vrplib          # tested with pyvrp 0.14.1, hygese 0.1.0, vrplib 2.2.0
    swift build -c release --product waste-route
    python3 Benchmarks/scripts/cvrplib_compare.py INSTANCES... --per-100 3 --seeds 1 \\
        --bks Benchmarks/x-bks.csv --out Benchmarks/results/x-RUN

INSTANCES are .vrp files or folders of them (the X set of Uchoa et al. 2017: 100 instances, 100 to 1000
customers). They are public on CVRPLIB, http://vrp.galgos.inf.puc-rio.br/index.php/en/ (one archive,
Vrp-Set-X.tgz, or one file per instance). `--download DIR` fetches the .vrp and .sol files of the X
instances named in --bks (or of --names) from CVRPLIB into DIR first, skipping those already there, and
then runs on them; --base-url changes where from.

Every solver gets the same instance, the same integer distance matrix (Euclidean distance rounded to the
nearest integer per edge, the X convention, TSPLIB EUC_2D), the same time limit (--per-100 S seconds per
100 customers, or --time-limit) and the same seed, one thread each (waste-route --threads 1; PyVRP and
HGS-CVRP are single-threaded), at most --jobs runs at a time. Each solution is written as a CVRPLIB .sol
file (customers numbered 1..n-1 in file order, depot left out) and checked by `waste-route check`, which
recomputes the cost from the instance: a solution it rejects counts as infeasible. Gaps are to the
best-known solution (BKS) from --bks (a CSV with columns instance and bks), else from the Cost line of the
.sol file next to the instance.

Prints a Markdown table (one row per instance and seed: cost and gap per solver; then per solver the
runs feasible, the mean gap overall and per size class), and with --out PREFIX writes it to PREFIX.md and
one row per run to PREFIX.csv. Solutions and logs are kept in PREFIX-runs/ (or a temporary folder).
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
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

SOLVERS = ("waste-route", "pyvrp", "hgs")
LABELS = {"waste-route": "waste-route", "pyvrp": "PyVRP", "hgs": "HGS-CVRP (hygese)"}
SIZE_CLASSES = [("100–300", 100, 299), ("300–600", 300, 599), ("600–1000", 600, 1000)]
DEFAULT_BASE_URL = "http://vrp.galgos.inf.puc-rio.br/media/com_vrp/instances/X/"


# ----------------------------------------------------------------------------------------------------
# Instances
# ----------------------------------------------------------------------------------------------------

def read_vrp(path):
    """The CVRP of a VRPLIB file (via the vrplib package): coordinates, demands, capacity, and the matrix
    of Euclidean distances rounded to the nearest integer (the X convention)."""
    import numpy as np
    import vrplib

    raw = vrplib.read_instance(path, compute_edge_weights=False)
    if str(raw.get("edge_weight_type", "")).upper() != "EUC_2D":
        raise ValueError(f"{path}: EDGE_WEIGHT_TYPE {raw.get('edge_weight_type')}: only EUC_2D is compared")
    if "distance" in raw or "service_time" in raw:
        raise ValueError(f"{path}: route limits (DISTANCE, SERVICE_TIME) are not compared here")
    depots = [int(d) for d in np.atleast_1d(raw["depot"])]
    if depots != [0]:
        raise ValueError(f"{path}: the depot must be the first node, found {depots}")
    xy = np.asarray(raw["node_coord"], dtype=float)
    # TSPLIB nint: floor(d + 0.5).
    matrix = np.floor(np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(axis=2)) + 0.5).astype(np.int64)
    return {"name": raw.get("name", os.path.basename(path)[:-4]), "xy": xy,
            "demand": [int(d) for d in raw["demand"]], "capacity": int(raw["capacity"]), "matrix": matrix}


def fleet_bound(instance, path):
    """Vehicles offered to the peers: the X name's k (the fewest routes) or the demand bound, whichever is
    larger, plus a fifth and at least ten spare. Unused vehicles cost nothing."""
    least = math.ceil(sum(instance["demand"]) / instance["capacity"])
    named = re.search(r"-k(\d+)", os.path.basename(path))
    least = max(least, int(named.group(1)) if named else 0)
    return least + max(10, least // 5)


def instance_paths(inputs):
    paths = []
    for item in inputs:
        if os.path.isdir(item):
            names = [n for n in os.listdir(item) if n.endswith(".vrp")]
            names.sort(key=lambda n: [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", n)])
            paths += [os.path.join(item, n) for n in names]
        elif os.path.isfile(item):
            paths.append(item)
        else:
            sys.exit(f"cvrplib_compare.py: {item}: no such file or folder")
    if not paths:
        sys.exit("cvrplib_compare.py: no .vrp instances given")
    return paths


def customers_in(path):
    with open(path) as handle:
        for line in handle:
            if line.split(":")[0].strip().upper() == "DIMENSION":
                return int(line.split(":")[1]) - 1
    return 0


def read_bks(path):
    table = {}
    if path:
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("bks", "").strip():
                    table[row["instance"].strip()] = float(row["bks"])
    return table


def stated_cost(sol_path):
    try:
        with open(sol_path) as handle:
            for line in handle:
                if line.lower().startswith("cost"):
                    return float(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return None


def download(names, folder, base_url):
    """Fetches NAME.vrp and NAME.sol from CVRPLIB into folder, keeping files already there."""
    os.makedirs(folder, exist_ok=True)
    for name in names:
        for suffix in (".vrp", ".sol"):
            target = os.path.join(folder, name + suffix)
            if os.path.exists(target):
                continue
            url = base_url + name + suffix
            print(f"downloading {url}", file=sys.stderr)
            try:
                with urllib.request.urlopen(url, timeout=60) as response, open(target + ".part", "wb") as out:
                    shutil.copyfileobj(response, out)
                os.replace(target + ".part", target)
            except OSError as error:
                sys.exit(f"cvrplib_compare.py: cannot download {url}: {error}")


# ----------------------------------------------------------------------------------------------------
# One run in a child process: solve, write the .sol (the parent checks it)
# ----------------------------------------------------------------------------------------------------

def write_sol(routes, cost, path):
    lines = [f"Route #{k}: " + " ".join(str(c) for c in route) for k, route in enumerate(routes, 1) if route]
    with open(path, "w") as handle:
        handle.write("\n".join(lines + [f"Cost {cost}"]) + "\n")


def solve_pyvrp(instance, path, limit, seed):
    import numpy as np
    from pyvrp import Client, Depot, Location, ProblemData, VehicleType, solve
    from pyvrp.stop import MaxRuntime

    n = len(instance["demand"])
    data = ProblemData(
        locations=[Location(x=float(x), y=float(y)) for x, y in instance["xy"]],
        clients=[Client(location=i, delivery=[instance["demand"][i]]) for i in range(1, n)],
        depots=[Depot(location=0)],
        vehicle_types=[VehicleType(num_available=fleet_bound(instance, path), capacity=[instance["capacity"]])],
        distance_matrices=[instance["matrix"]],
        duration_matrices=[np.zeros_like(instance["matrix"])])
    result = solve(data, stop=MaxRuntime(limit), seed=seed, display=False)
    # Client k (from 0) of the data is location k + 1, which is its .sol number.
    routes = [[visit.idx + 1 for visit in route.schedule() if visit.is_client()] for route in result.best.routes()]
    return routes, int(result.cost())


def solve_hgs(instance, path, limit, seed):
    import hygese

    n = len(instance["demand"])
    parameters = hygese.AlgorithmParameters(timeLimit=limit, seed=seed)
    solver = hygese.Solver(parameters=parameters, verbose=False)
    result = solver.solve_cvrp({
        "x_coordinates": instance["xy"][:, 0], "y_coordinates": instance["xy"][:, 1],
        "distance_matrix": instance["matrix"].astype(float), "demands": instance["demand"],
        "vehicle_capacity": instance["capacity"], "num_vehicles": fleet_bound(instance, path), "depot": 0,
        "service_times": [0.0] * n})
    return [list(route) for route in result.routes], int(round(result.cost))


def run_one(solver, path, limit, seed, sol_path):
    """Child process: solve with a peer, write the .sol, print one JSON line."""
    from importlib.metadata import version

    instance = read_vrp(path)
    started = time.perf_counter()
    routes, cost = (solve_pyvrp if solver == "pyvrp" else solve_hgs)(instance, path, limit, seed)
    wall = time.perf_counter() - started
    write_sol(routes, cost, sol_path)
    package = {"pyvrp": "pyvrp", "hgs": "hygese"}[solver]
    print(json.dumps({"solver_cost": cost, "wall_s": round(wall, 3), "version": version(package)}))


# ----------------------------------------------------------------------------------------------------
# The parent: runs, checks, tables
# ----------------------------------------------------------------------------------------------------

def check(waste_route, path, sol_path):
    """`waste-route check`: (feasible, cost, routes, first problem)."""
    done = subprocess.run([waste_route, "check", path, sol_path], capture_output=True, text=True)
    text = done.stdout
    feasible = re.search(r"^feasible: yes", text, re.M) is not None and done.returncode == 0
    cost = re.search(r"^cost: ([\d.]+)", text, re.M)
    routes = re.search(r"^routes: (\d+)", text, re.M)
    problem = None if feasible else (done.stderr.strip() or next(
        (line.strip() for line in text.splitlines() if "violat" in line.lower() and not line.startswith("violations: 0")),
        "rejected"))
    return feasible, float(cost.group(1)) if cost else None, int(routes.group(1)) if routes else None, problem


def run(index, task, args, work):
    solver, path, seed, limit = task
    name = os.path.basename(path)[:-4]
    sol_path = os.path.join(work, f"{solver}-{name}-s{seed}.sol")
    log_path = os.path.join(work, f"{solver}-{name}-s{seed}.log")
    row = {"index": index, "solver": solver, "instance": name, "customers": customers_in(path), "seed": seed,
           "time_limit": round(limit, 3), "cost": None, "feasible": False, "routes": None, "wall_s": None,
           "version": "", "error": ""}
    started = time.perf_counter()
    if solver == "waste-route":
        command = [args.waste_route, "solve", path, "--time-limit", f"{limit:.3f}", "--seed", str(seed),
                   "--threads", str(args.threads), "-o", sol_path]
    else:
        command = [sys.executable, os.path.abspath(__file__), "--run-one", solver, path, "--time-limit",
                   f"{limit:.3f}", "--seeds", str(seed), "--sol", sol_path]
    with open(log_path, "w") as log:
        done = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT)
    row["wall_s"] = round(time.perf_counter() - started, 3)
    if done.returncode != 0 or not os.path.exists(sol_path):
        with open(log_path) as log:
            row["error"] = (log.read().strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        return row
    if solver != "waste-route":
        with open(log_path) as log:
            for line in log:
                if line.startswith("{"):
                    row["version"] = json.loads(line)["version"]
    row["feasible"], row["cost"], row["routes"], problem = check(args.waste_route, path, sol_path)
    row["error"] = problem or ""
    return row


def gap(row, bks):
    best = bks.get(row["instance"])
    if not row["feasible"] or row["cost"] is None or not best:
        return None
    return 100 * (row["cost"] - best) / best


def mean(values):
    return sum(values) / len(values) if values else None


def fmt(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f}"


def tables(rows, solvers, bks, args, header):
    lines = ["# waste-route against PyVRP and HGS-CVRP on CVRPLIB instances", ""] + [f"- {h}" for h in header] + [""]
    lines.append("| instance | n | seed | BKS | " + " | ".join(f"{LABELS[s]} | gap %" for s in solvers) + " |")
    lines.append("|---|---:|---:|---:|" + "---:|---:|" * len(solvers))
    keys = []
    for row in rows:
        if (row["instance"], row["seed"]) not in keys:
            keys.append((row["instance"], row["seed"]))
    by_key = {(r["solver"], r["instance"], r["seed"]): r for r in rows}
    for name, seed in keys:
        cells = []
        n = next(r["customers"] for r in rows if r["instance"] == name)
        for solver in solvers:
            row = by_key.get((solver, name, seed))
            if row is None:
                cells += ["–", "–"]
            elif not row["feasible"]:
                cells += ["**failed**", "–"]
            else:
                cells += [f"{row['cost']:.0f}", fmt(gap(row, bks))]
        lines.append(f"| {name} | {n} | {seed} | {fmt(bks.get(name), 0)} | " + " | ".join(cells) + " |")
    lines += ["", "| solver | feasible | mean gap % | " + " | ".join(f"{label} customers" for label, _, _ in SIZE_CLASSES)
              + " | mean seconds |", "|---|---:|---:|" + "---:|" * len(SIZE_CLASSES) + "---:|"]
    for solver in solvers:
        mine = [r for r in rows if r["solver"] == solver]
        gaps = [g for g in (gap(r, bks) for r in mine) if g is not None]
        per_class = []
        for _, low, high in SIZE_CLASSES:
            members = [gap(r, bks) for r in mine if low <= r["customers"] <= high]
            per_class.append(fmt(mean([g for g in members if g is not None])))
        walls = [r["wall_s"] for r in mine if r["wall_s"] is not None]
        lines.append(f"| {LABELS[solver]} | {sum(r['feasible'] for r in mine)}/{len(mine)} | {fmt(mean(gaps))} | "
                     + " | ".join(per_class) + f" | {fmt(mean(walls), 1)} |")
    failed = [r for r in rows if not r["feasible"]]
    if failed:
        lines += ["", f"**Failed runs: {len(failed)}**", ""]
        lines += [f"- {LABELS[r['solver']]} {r['instance']} seed {r['seed']}: {r['error']}" for r in failed]
    lines += ["", "Costs are recomputed by `waste-route check` from the instance. Seconds: wall time of each "
              "solver's process (start-up included, checking excluded). HGS-CVRP's limit is CPU time, the "
              "others' wall time: on a loaded machine HGS-CVRP runs longer."]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 2)[2],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("instances", nargs="*", help=".vrp files or folders of them")
    parser.add_argument("--waste-route", default=".build/release/waste-route", help="the waste-route binary")
    parser.add_argument("--solvers", default="waste-route,pyvrp,hgs",
                        help="comma-separated, of waste-route, pyvrp, hgs (default: all three)")
    parser.add_argument("--per-100", type=float, help="time limit: seconds per 100 customers")
    parser.add_argument("--time-limit", type=float, help="time limit: seconds per run")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--threads", type=int, default=1, help="waste-route's threads (default 1, as the peers)")
    parser.add_argument("--jobs", type=int, default=1, help="runs at a time (the machine's cores at most)")
    parser.add_argument("--bks", help="CSV with columns instance and bks (Benchmarks/x-bks.csv)")
    parser.add_argument("--download", metavar="DIR",
                        help="first fetch the instances named by --names or --bks from CVRPLIB into DIR")
    parser.add_argument("--names", nargs="+", help="instance names for --download (default: all in --bks)")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help=f"where --download fetches from ({DEFAULT_BASE_URL})")
    parser.add_argument("--out", help="write PREFIX.md, PREFIX.csv, and solutions and logs in PREFIX-runs/")
    parser.add_argument("--run-one", choices=["pyvrp", "hgs"], help=argparse.SUPPRESS)
    parser.add_argument("--sol", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run_one:
        run_one(args.run_one, args.instances[0], args.time_limit, args.seeds[0], args.sol)
        return
    if args.download and args.per_100 is None and args.time_limit is None:
        # Download only (for the bench tool, `waste-route-bench vrplib DIR`).
        bks = read_bks(args.bks)
        names = args.names or sorted(n for n in bks if n.startswith("X-"))
        if not names:
            parser.error("--download needs --names or a --bks file naming X instances")
        download(names, args.download, args.base_url)
        return
    if (args.per_100 is None) == (args.time_limit is None):
        parser.error("give one time rule: --per-100 or --time-limit (or only --download)")
    solvers = [s.strip() for s in args.solvers.split(",")]
    if not solvers or any(s not in SOLVERS for s in solvers):
        parser.error(f"--solvers takes names from {', '.join(SOLVERS)}")
    if not os.access(args.waste_route, os.X_OK):  # also the checker of every solution
        parser.error(f"{args.waste_route}: not an executable (swift build -c release --product waste-route)")
    bks = read_bks(args.bks)
    inputs = list(args.instances)
    if args.download:
        names = args.names or sorted(n for n in bks if n.startswith("X-"))
        if not names:
            parser.error("--download needs --names or a --bks file naming X instances")
        download(names, args.download, args.base_url)
        inputs.append(args.download)
    paths = instance_paths(inputs)
    for path in paths:  # BKS from the .sol next to an instance when the CSV has none
        name = os.path.basename(path)[:-4]
        if name not in bks:
            cost = stated_cost(path[:-4] + ".sol")
            if cost:
                bks[name] = cost

    work = args.out + "-runs" if args.out else tempfile.mkdtemp(prefix="cvrplib-compare-")
    os.makedirs(work, exist_ok=True)
    tasks = []
    for path in paths:
        n = customers_in(path)
        limit = args.time_limit if args.time_limit is not None else args.per_100 * n / 100
        for seed in args.seeds:
            tasks += [(solver, path, seed, limit) for solver in solvers]
    load_start = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [pool.submit(run, index, task, args, work) for index, task in enumerate(tasks)]
        for count, future in enumerate(concurrent.futures.as_completed(futures), 1):
            row = future.result()
            rows.append(row)
            state = f"{row['cost']:.0f}" if row["feasible"] else f"FAILED ({row['error']})"
            print(f"[{count}/{len(tasks)}] {LABELS[row['solver']]} {row['instance']} seed {row['seed']}: {state}",
                  file=sys.stderr, flush=True)
    rows.sort(key=lambda r: r["index"])
    load_end = os.getloadavg()
    version = subprocess.run([args.waste_route, "--version"], capture_output=True, text=True).stdout.strip()
    for row in rows:
        if row["solver"] == "waste-route":
            row["version"] = version
    rule = f"{args.per_100:g} s per 100 customers" if args.per_100 is not None else f"{args.time_limit:g} s per run"
    header = [
        f"date: {started.isoformat(timespec='seconds')}",
        f"machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}",
        "load average (1, 5, 15 min): " + " ".join(f"{x:.2f}" for x in load_start) + " at the start, "
        + " ".join(f"{x:.2f}" for x in load_end) + " at the end",
        f"settings: {rule}, seeds {' '.join(map(str, args.seeds))}, {args.jobs} run(s) at a time, one thread per "
        f"solver; waste-route {version or '?'}, "
        + ", ".join(f"{LABELS[s]} {next((r['version'] for r in rows if r['solver'] == s and r['version']), '?')}"
                    for s in solvers if s != "waste-route"),
        "command: `" + " ".join(sys.argv) + "`",
    ]
    report = tables(rows, solvers, bks, args, header)
    print(report, end="")
    if args.out:
        with open(args.out + ".md", "w") as handle:
            handle.write(report)
        fields = ["solver", "instance", "customers", "seed", "time_limit", "cost", "feasible", "routes", "bks",
                  "gap_pct", "wall_s", "version", "error"]
        with open(args.out + ".csv", "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                g = gap(row, bks)
                writer.writerow({**row, "bks": bks.get(row["instance"], ""),
                                 "gap_pct": "" if g is None else f"{g:.4f}"})
    if any(not r["feasible"] for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
