#!/usr/bin/env python3
"""Time `waste-route matrix` against scipy.sparse.csgraph.dijkstra on the same road graph, in one run.

The CLI exports the full-resolution graph it builds (every OSM node of a usable road is a vertex), so
scipy runs on exactly the graph the library routes on. Steps:

1. `waste-route network-info FILE --export-arcs --export-nodes` writes the graph.
2. Pick N random vertices in the largest strongly connected component (seeded).
3. Time scipy's Dijkstra from those N sources (lengths), the reference.
4. Time `waste-route matrix` end to end (parse, build, snap, matrices, write) under /usr/bin/time -v,
   with turn rules off and on, alternating with scipy --repeat times; report medians.
5. Check the CLI's shortest distances (turn rules off) against scipy: relative error per pair.

Usage: Benchmarks/scripts/matrix_vs_scipy.py [--file PBF] [--points 1000] [--seed 1] [--check-time]
Build first: swift build -c release
"""
import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(command):
    return subprocess.run(command, check=True, capture_output=True, text=True)


def timed_cli(binary, args):
    """Run the CLI under /usr/bin/time -v; return (wall seconds, peak RSS in MB, stderr)."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-v", binary, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"CLI failed: {result.stderr}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", result.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", result.stderr)
    cpu = float(user.group(1)) + float(system.group(1)) if user and system else float("nan")
    return elapsed, (int(rss.group(1)) / 1024 if rss else float("nan")), cpu, result.stderr


def graph(arcs, n, column):
    # Parallel arcs: keep the cheapest (csr_matrix would add them up).
    frame = arcs[["tail", "head", column]].groupby(["tail", "head"], as_index=False).min()
    return csr_matrix((frame[column].to_numpy(), (frame["tail"].to_numpy(), frame["head"].to_numpy())), shape=(n, n))


def read_matrix(path, n, value):
    frame = pd.read_csv(path, dtype={"from": str, "to": str})
    ids = {v: k for k, v in enumerate(pd.unique(frame["from"]))}
    matrix = np.full((n, n), np.nan)
    matrix[frame["from"].map(ids).to_numpy(), frame["to"].map(ids).to_numpy()] = frame[value].to_numpy()
    return ids, matrix


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--file", default=os.path.join(ROOT, "fixtures/heidelberg/heidelberg.test.pbf"))
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/waste-route"))
    parser.add_argument("--profile-flags", default="--private-roads", help="truck flags passed to the CLI")
    parser.add_argument("--repeat", type=int, default=3, help="alternating runs of scipy and the CLI")
    parser.add_argument("--keep", help="directory to keep points.csv in")
    parser.add_argument("--check-time", action="store_true", help="also compare travel times with scipy")
    options = parser.parse_args()
    flags = options.profile_flags.split()

    with tempfile.TemporaryDirectory() as work:
        arcs_path, nodes_path = os.path.join(work, "arcs.csv"), os.path.join(work, "nodes.csv")
        run([options.binary, "network-info", options.file, *flags, "--export-arcs", arcs_path,
             "--export-nodes", nodes_path])
        arcs = pd.read_csv(arcs_path)
        nodes = pd.read_csv(nodes_path)
        n = len(nodes)
        lengths = graph(arcs, n, "length_m")
        count, labels = connected_components(lengths, directed=True, connection="strong")
        largest = np.bincount(labels).argmax()
        members = np.flatnonzero(labels == largest)
        rng = np.random.default_rng(options.seed)
        sources = np.sort(rng.choice(members, size=options.points, replace=False))
        points_path = os.path.join(options.keep or work, "points.csv")
        with open(points_path, "w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "lon", "lat"])
            for v in sources:
                writer.writerow([int(v), repr(float(nodes.lon[v])), repr(float(nodes.lat[v]))])
        print(f"graph: {n} vertices, {len(arcs)} arcs; largest SCC {len(members)} vertices; "
              f"{options.points} points (seed {options.seed})")

        # Alternate scipy and the CLI, so that load from other jobs on the machine hits both alike, and
        # report medians.
        scipy_runs, scipy_cpu, cli_runs = [], [], {"none": [], "standard": []}
        logs = {}
        for _ in range(options.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            reference = dijkstra(lengths, directed=True, indices=sources)
            scipy_runs.append(time.perf_counter() - start)
            scipy_cpu.append(time.process_time() - start_cpu)
            for turns in cli_runs:
                output = os.path.join(work, f"matrix_{turns}.csv")
                seconds, rss, cpu, log = timed_cli(options.binary, [
                    "matrix", options.file, *flags, "--points", points_path, "--metric", "both",
                    "--turns", turns, "--output", output])
                cli_runs[turns].append((seconds, rss, cpu))
                logs[turns] = next((line for line in log.splitlines() if "points routed" in line), "")
        scipy_seconds = statistics.median(scipy_runs)
        print(f"scipy dijkstra, {options.points} sources (lengths): median {scipy_seconds:.3f} s "
              f"of {', '.join(f'{t:.2f}' for t in scipy_runs)}; CPU median {statistics.median(scipy_cpu):.3f} s")
        for turns, runs in cli_runs.items():
            seconds = statistics.median(run[0] for run in runs)
            rss = max(run[1] for run in runs)
            print(f"waste-route matrix --metric both --turns {turns}: median {seconds:.3f} s end to end "
                  f"of {', '.join(f'{run[0]:.2f}' for run in runs)}, peak RSS {rss:.0f} MB, "
                  f"{scipy_seconds / seconds:.1f}x faster than scipy; "
                  f"CPU (user + system) median {statistics.median(run[2] for run in runs):.3f} s")
            print("  last run: " + logs[turns])

        output = os.path.join(work, "matrix_distance.csv")
        run([options.binary, "matrix", options.file, *flags, "--points", points_path, "--metric", "distance",
             "--turns", "none", "--output", output])
        ids, ours = read_matrix(output, options.points, "distance_m")
        order = [ids[str(int(v))] for v in sources]
        ours = ours[np.ix_(order, order)]
        theirs = reference[:, sources]
        finite = np.isfinite(theirs) & (theirs > 0)
        relative = np.abs(ours[finite] - theirs[finite]) / theirs[finite]
        print(f"distances vs scipy (turns none): max relative error {relative.max() * 100:.5f} %, "
              f"mean {relative.mean() * 100:.6f} %, pairs over 0.1 %: {(relative > 0.001).sum()} "
              f"of {finite.sum()}; max absolute {np.abs(ours - theirs)[np.isfinite(theirs)].max():.3f} m")

        if options.check_time:
            times = graph(arcs, n, "time_s")
            time_reference = dijkstra(times, directed=True, indices=sources)[:, sources]
            ids, ours_time = read_matrix(os.path.join(work, "matrix_none.csv"), options.points, "time_s")
            ours_time = ours_time[np.ix_([ids[str(int(v))] for v in sources], [ids[str(int(v))] for v in sources])]
            finite = np.isfinite(time_reference) & (time_reference > 0)
            relative = np.abs(ours_time[finite] - time_reference[finite]) / time_reference[finite]
            print(f"times vs scipy (turns none): max relative error {relative.max() * 100:.5f} %, "
                  f"pairs over 0.1 %: {(relative > 0.001).sum()} of {finite.sum()}")


if __name__ == "__main__":
    main()
