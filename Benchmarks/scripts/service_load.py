#!/usr/bin/env python3
"""Load test of the reference route service (Examples/RouteService) from a second process.

Starts the service (or watches one already running, --pid), then drives N concurrent HTTP/1.1 keep-alive
clients for a fixed time. Half of them (--valid-clients) submit the Helsinki scenario with a short time
limit and a random seed, poll the job until it has finished, fetch the plan, check it is a
waste-routing-plan document and forget the job; the others submit malformed bodies and parameters, each
of which must be answered with a 4xx and a JSON error naming the expected field. RSS of the service is
sampled every second. After the time is up, clients finish the job they are waiting for; then the
service's /health counters are compared with what the clients saw, so that no accepted job is lost.

Standard library only (asyncio streams), so it runs wherever python3 does. Only loopback targets.

  python3 Benchmarks/scripts/service_load.py \
      --server Examples/RouteService/.build/release/route-service --data-folder fixtures/helsinki \
      --scenario fixtures/helsinki/helsinki.scenario.json --clients 50 --duration 60 --time-limit 2
"""

import argparse
import asyncio
import copy
import json
import os
import random
import signal
import subprocess
import sys
import time


# MARK: - HTTP


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects after an error."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, method, path, body=b""):
        for attempt in range(2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                head = (
                    f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                ).encode()
                self.writer.write(head + body)
                await self.writer.drain()
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                await self.close()
                if attempt == 1:
                    raise

    async def _response(self):
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                if size == 0:
                    await self.reader.readline()
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readline()
        else:
            body = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return status, headers, body

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except (ConnectionError, OSError):
                pass
        self.reader = self.writer = None


# MARK: - Malformed bodies


def malformed_cases(scenario):
    """(name, query, body bytes, expected field) for bodies and parameters the service must refuse."""

    def changed(change):
        document = copy.deepcopy(scenario)
        change(document)
        return json.dumps(document).encode()

    def set_reading_fill(value):
        return lambda d: d["bins"][5]["readings"][0].__setitem__("fill", value)

    good = json.dumps(scenario).encode()
    return [
        ("truncated JSON", "", good[: len(good) // 2], "$"),
        ("empty body", "", b"", "$"),
        ("not a scenario", "", changed(lambda d: d.__setitem__("format", "waste-routing-plan")), "format"),
        ("unknown version", "", changed(lambda d: d.__setitem__("version", 9)), "version"),
        ("missing bins", "", changed(lambda d: d.pop("bins")), "bins"),
        ("fill of the wrong type", "", changed(set_reading_fill("full")), "bins[5].readings[0].fill"),
        ("negative fill", "", changed(set_reading_fill(-5)), "bins[5].readings[0].fill"),
        ("unknown depot", "", changed(lambda d: d["trucks"][1].__setitem__("depot", "nowhere")), "trucks[1].depot"),
        (
            "road network outside the data folder", "",
            changed(lambda d: d["roadNetwork"].__setitem__("path", "../../../etc/passwd")), "roadNetwork.path",
        ),
        ("time limit not a number", "timeLimit=soon", good, "timeLimit"),
        ("negative seed", "seed=-1", good, "seed"),
    ]


# MARK: - Clients


class Results:
    def __init__(self):
        self.latencies = {}  # kind -> [seconds]
        self.statuses = {}  # kind -> {status: count}
        self.accepted = set()
        self.finished = {}  # job id -> final status
        self.plans_fetched = 0
        self.refused_busy = 0
        self.malformed_ok = 0
        self.malformed_bad = []  # (case, status, body)
        self.transport_errors = []
        self.turnaround = []

    def record(self, kind, seconds, status):
        self.latencies.setdefault(kind, []).append(seconds)
        counts = self.statuses.setdefault(kind, {})
        counts[status] = counts.get(status, 0) + 1


async def timed(results, kind, connection, method, path, body=b""):
    started = time.perf_counter()
    status, headers, payload = await connection.request(method, path, body)
    results.record(kind, time.perf_counter() - started, status)
    return status, headers, payload


async def valid_client(index, args, scenario_bytes, deadline, results):
    connection = Connection(args.host, args.port)
    rng = random.Random(index)
    try:
        while time.monotonic() < deadline:
            seed = rng.randrange(1, 1_000_000)
            submitted = time.monotonic()
            status, _, body = await timed(
                results, "submit (valid)", connection, "POST",
                f"/jobs?timeLimit={args.time_limit}&seed={seed}", scenario_bytes)
            if status == 503:
                results.refused_busy += 1
                await asyncio.sleep(1)
                continue
            if status != 202:
                results.transport_errors.append(f"valid submit answered {status}: {body[:200]!r}")
                await asyncio.sleep(1)
                continue
            job = json.loads(body)["id"]
            results.accepted.add(job)
            while True:  # poll until finished, also after the deadline: no job may be left behind
                await asyncio.sleep(args.poll_interval)
                status, _, body = await timed(results, "poll", connection, "GET", f"/jobs/{job}")
                if status != 200:
                    results.transport_errors.append(f"poll of {job} answered {status}: {body[:200]!r}")
                    break
                snapshot = json.loads(body)
                if snapshot["status"] in ("succeeded", "failed", "cancelled"):
                    results.finished[job] = snapshot["status"]
                    results.turnaround.append(time.monotonic() - submitted)
                    break
            if results.finished.get(job) == "succeeded":
                status, _, body = await timed(results, "fetch plan", connection, "GET", f"/jobs/{job}/result")
                plan = json.loads(body) if status == 200 else {}
                if plan.get("format") == "waste-routing-plan":
                    results.plans_fetched += 1
                else:
                    results.transport_errors.append(f"result of {job} answered {status}")
            await timed(results, "forget", connection, "DELETE", f"/jobs/{job}")
    except Exception as error:  # noqa: BLE001 - every failure is reported
        results.transport_errors.append(f"valid client {index}: {error!r}")
    finally:
        await connection.close()


async def malformed_client(index, args, cases, deadline, results):
    connection = Connection(args.host, args.port)
    rng = random.Random(1_000 + index)
    try:
        while time.monotonic() < deadline:
            name, query, body, field = rng.choice(cases)
            path = f"/jobs?timeLimit={args.time_limit}" if not query else f"/jobs?{query}"
            status, headers, payload = await timed(results, "submit (malformed)", connection, "POST", path, body)
            try:
                error = json.loads(payload)["error"]
                named = error.get("field") == field
            except (ValueError, KeyError, TypeError):
                named = False
            json_type = headers.get("content-type", "").startswith("application/json")
            if 400 <= status < 500 and named and json_type:
                results.malformed_ok += 1
            else:
                results.malformed_bad.append((name, status, payload[:300]))
                if status == 202:  # a malformed body accepted would be a bug; keep it from running
                    job = json.loads(payload)["id"]
                    await connection.request("POST", f"/jobs/{job}/cancel")
            if args.think_time:
                await asyncio.sleep(args.think_time)
    except Exception as error:  # noqa: BLE001
        results.transport_errors.append(f"malformed client {index}: {error!r}")
    finally:
        await connection.close()


# MARK: - Memory


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


async def sample_rss(pid, samples, stop):
    started = time.monotonic()
    while not stop.is_set():
        value = rss_kib(pid)
        if value is not None:
            samples.append((time.monotonic() - started, value))
        try:
            await asyncio.wait_for(stop.wait(), timeout=1)
        except asyncio.TimeoutError:
            pass


# MARK: - Report


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


async def health(args):
    connection = Connection(args.host, args.port)
    try:
        status, _, body = await connection.request("GET", "/health")
        return json.loads(body) if status == 200 else None
    finally:
        await connection.close()


async def wait_until_up(args, process):
    for _ in range(600):
        if process is not None and process.poll() is not None:
            sys.exit(f"the service exited with status {process.returncode} before answering")
        try:
            if await health(args) is not None:
                return
        except OSError:
            pass
        await asyncio.sleep(0.1)
    sys.exit("the service did not answer /health within 60 s")


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", help="the route-service binary to start (else --pid of a running one)")
    parser.add_argument("--data-folder", default="fixtures/helsinki")
    parser.add_argument("--pid", type=int, help="the running service's process id (for RSS)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--scenario", default="fixtures/helsinki/helsinki.scenario.json")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--valid-clients", type=int, help="clients submitting valid scenarios (default half)")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--time-limit", type=float, default=2)
    parser.add_argument("--poll-interval", type=float, default=0.5)
    parser.add_argument("--think-time", type=float, default=0, help="pause of malformed clients, seconds")
    parser.add_argument("--json", help="write the measurements here")
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.exit("only loopback targets")

    process = None
    if args.server:
        process = subprocess.Popen(
            [args.server, "--data-folder", args.data_folder, "--port", str(args.port), "--host", args.host,
             "--log-level", "warning"],
            stdout=subprocess.DEVNULL)
        pid = process.pid
    elif args.pid:
        pid = args.pid
    else:
        sys.exit("give --server or --pid")
    await wait_until_up(args, process)

    with open(args.scenario, "rb") as file:
        scenario_bytes = file.read()
    cases = malformed_cases(json.loads(scenario_bytes))
    valid_count = args.valid_clients if args.valid_clients is not None else args.clients // 2

    results = Results()
    samples = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, samples, stop))
    rss_before = rss_kib(pid)
    load_started = time.monotonic()
    deadline = load_started + args.duration
    clients = [
        valid_client(i, args, scenario_bytes, deadline, results) if i < valid_count
        else malformed_client(i, args, cases, deadline, results)
        for i in range(args.clients)
    ]
    await asyncio.gather(*clients)
    drained = time.monotonic() - load_started
    counters = await health(args)
    stop.set()
    await sampler
    crashed = process is not None and process.poll() is not None
    if process is not None and not crashed:
        process.send_signal(signal.SIGTERM)
        try:
            exit_status = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            exit_status = "killed after 30 s"
    else:
        exit_status = process.returncode if process is not None else None

    requests = sum(len(values) for values in results.latencies.values())
    every = [value for values in results.latencies.values() for value in values]
    lost = sorted(results.accepted - set(results.finished))
    during = [kib for (at, kib) in samples if at <= args.duration]
    tenth = max(1, len(during) // 10)
    report = {
        "clients": args.clients, "valid_clients": valid_count, "duration_s": args.duration,
        "time_limit_s": args.time_limit, "drained_after_s": round(drained, 1),
        "requests": requests, "requests_per_s": round(requests / drained, 1),
        "latency_ms": {
            kind: {
                "count": len(values), "p50": round(percentile(values, 0.5) * 1e3, 1),
                "p99": round(percentile(values, 0.99) * 1e3, 1), "max": round(max(values) * 1e3, 1),
                "statuses": results.statuses[kind],
            }
            for kind, values in sorted(results.latencies.items())
        },
        "latency_all_ms": {"p50": round(percentile(every, 0.5) * 1e3, 1), "p99": round(percentile(every, 0.99) * 1e3, 1)},
        "jobs_accepted": len(results.accepted), "jobs_finished": dict(sorted(
            {s: list(results.finished.values()).count(s) for s in set(results.finished.values())}.items())),
        "jobs_lost": lost, "plans_fetched": results.plans_fetched, "refused_busy": results.refused_busy,
        "turnaround_s": {"p50": round(percentile(results.turnaround, 0.5), 2),
                         "p99": round(percentile(results.turnaround, 0.99), 2)},
        "malformed_answered_right": results.malformed_ok, "malformed_answered_wrong": [
            {"case": case, "status": status, "body": body.decode("utf-8", "replace")}
            for case, status, body in results.malformed_bad[:20]],
        "malformed_wrong_count": len(results.malformed_bad),
        "transport_errors": results.transport_errors[:20], "transport_error_count": len(results.transport_errors),
        "service_counters": counters, "service_crashed": crashed, "service_exit_status": exit_status,
        "rss_mib": {
            "before": round((rss_before or 0) / 1024, 1),
            "first_tenth_mean": round(sum(during[:tenth]) / tenth / 1024, 1) if during else None,
            "last_tenth_mean": round(sum(during[-tenth:]) / tenth / 1024, 1) if during else None,
            "max": round(max(kib for _, kib in samples) / 1024, 1) if samples else None,
            "after_drain": round(samples[-1][1] / 1024, 1) if samples else None,
            "every_10_s": [round(kib / 1024, 1) for (at, kib) in samples[::10]],
        },
    }
    print(json.dumps(report, indent=2))
    if args.json:
        with open(args.json, "w") as file:
            json.dump(report, file, indent=2)
    ok = (not lost and not results.malformed_bad and not results.transport_errors and not crashed
          and counters is not None and counters["submitted"] == len(results.accepted))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    asyncio.run(main())
