#!/usr/bin/env python3
"""Writes the city scenario fixtures (fixtures/<city>/<city>.scenario.json), seeded and reproducible.

Real: the road networks (OpenStreetMap, ODbL) and the OSM waste points (amenity=waste_basket,
waste_disposal, recycling) of each extract. Synthetic, and labelled so in each scenario's attribution:
household bins placed along residential streets, depot and disposal-site positions, the fleet, and the
fill readings. Fill levels are borrowed from real distributions: the current fill of each bin is drawn
from the Amsterdam Sidcon snapshot (241 press containers, 2018-11-28), and its fill rate from the
per-bin rates of the Edinburgh litter-bin history (334 bins, 2016), both from ../shared/cities.

Usage (from the package root, with ../shared/cities beside it):
    python3 Benchmarks/scripts/make_city_scenarios.py [--shared ../shared/cities] [--city helsinki]

Standard library only. The same seed and inputs give byte-identical files.
"""
import argparse
import csv
import datetime as dt
import gzip
import json
import math
import os
import random
import struct
import sys
import zlib
from collections import defaultdict

SEED = 20261127

# Bins the planner finds cut off from the main network by turn restrictions or access rules this script
# does not model (listed by `waste-route plan` when it rejects them); left out of the scenarios.
EXCLUDED = {
    "helsinki": {"hh-0014", "hh-0026", "hh-0027", "hh-0113", "hh-0118", "hh-0119", "hh-0152"},
    "hamburg": set(),
    "heidelberg": {"hh-1003", "hh-1006"},
}
PLANNING_DATE = "2026-11-27"

# MARK: - A minimal OSM PBF reader (nodes, ways, tags)


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, i
        shift += 7


def fields(buf):
    """Yields (field number, wire type, value) of a protobuf message."""
    i, n = 0, len(buf)
    while i < n:
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            length, i = varint(buf, i)
            value = buf[i:i + length]
            i += length
        elif wire == 1:
            value = buf[i:i + 8]
            i += 8
        elif wire == 5:
            value = buf[i:i + 4]
            i += 4
        else:
            raise ValueError("unsupported wire type %d" % wire)
        yield number, wire, value


def packed(buf):
    i, out = 0, []
    while i < len(buf):
        v, i = varint(buf, i)
        out.append(v)
    return out


def zigzag(v):
    return (v >> 1) ^ -(v & 1)


def read_pbf(path):
    """Returns (nodes {id: (lon, lat)}, node tags {id: {k: v}}, ways [(id, refs, tags)])."""
    data = open(path, "rb").read()
    nodes, node_tags, ways = {}, {}, []
    i = 0
    while i < len(data):
        (header_length,) = struct.unpack(">I", data[i:i + 4])
        i += 4
        header = dict((n, v) for n, _, v in fields(data[i:i + header_length]))
        i += header_length
        size = header[3]
        blob = dict((n, v) for n, _, v in fields(data[i:i + size]))
        i += size
        if header[1] != b"OSMData":
            continue
        block = zlib.decompress(blob[3]) if 3 in blob else blob[1]
        strings, groups = [], []
        granularity, lat_offset, lon_offset = 100, 0, 0
        for n, _, v in fields(block):
            if n == 1:
                strings = [s.decode("utf-8") for m, _, s in fields(v) if m == 1]
            elif n == 2:
                groups.append(v)
            elif n == 17:
                granularity = v
            elif n == 19:
                lat_offset = v
            elif n == 20:
                lon_offset = v

        def coordinate(raw_lon, raw_lat):
            return ((lon_offset + granularity * raw_lon) * 1e-9, (lat_offset + granularity * raw_lat) * 1e-9)

        for group in groups:
            for n, _, v in fields(group):
                if n == 2:
                    dense = dict((m, w) for m, _, w in fields(v))
                    ids = [zigzag(x) for x in packed(dense.get(1, b""))]
                    lats = [zigzag(x) for x in packed(dense.get(8, b""))]
                    lons = [zigzag(x) for x in packed(dense.get(9, b""))]
                    keys_vals = packed(dense.get(10, b""))
                    node_id = lat = lon = 0
                    k = 0
                    for j in range(len(ids)):
                        node_id += ids[j]
                        lat += lats[j]
                        lon += lons[j]
                        nodes[node_id] = coordinate(lon, lat)
                        tags = {}
                        while k < len(keys_vals) and keys_vals[k] != 0:
                            tags[strings[keys_vals[k]]] = strings[keys_vals[k + 1]]
                            k += 2
                        k += 1
                        if tags:
                            node_tags[node_id] = tags
                elif n == 1:
                    node = dict((m, w) for m, _, w in fields(v))
                    node_id = zigzag(node[1])
                    nodes[node_id] = coordinate(zigzag(node[9]), zigzag(node[8]))
                    keys, vals = packed(node.get(2, b"")), packed(node.get(3, b""))
                    if keys:
                        node_tags[node_id] = {strings[a]: strings[b] for a, b in zip(keys, vals)}
                elif n == 3:
                    way = {}
                    for m, _, w in fields(v):
                        way[m] = w
                    refs, ref = [], 0
                    for d in packed(way.get(8, b"")):
                        ref += zigzag(d)
                        refs.append(ref)
                    keys, vals = packed(way.get(2, b"")), packed(way.get(3, b""))
                    tags = {strings[a]: strings[b] for a, b in zip(keys, vals)}
                    if "highway" in tags:
                        ways.append((way[1], refs, tags))
    return nodes, node_tags, ways


def read_geojson_roads(path):
    """Returns the same shape as read_pbf for a GeoJSON line file (nodes keyed by coordinate)."""
    collection = json.load(open(path))
    nodes, ways, ids = {}, [], {}
    for index, feature in enumerate(collection["features"]):
        geometry, tags = feature["geometry"], feature.get("properties") or {}
        if "highway" not in tags:
            continue
        lines = [geometry["coordinates"]] if geometry["type"] == "LineString" else (
            geometry["coordinates"] if geometry["type"] == "MultiLineString" else [])
        for line in lines:
            refs = []
            for lon, lat in line:
                key = (lon, lat)
                if key not in ids:
                    ids[key] = len(ids) + 1
                    nodes[ids[key]] = key
                refs.append(ids[key])
            ways.append((index, refs, tags))
    return nodes, {}, ways


# MARK: - Road graph: the strongly connected core of the drivable roads

DRIVABLE = {"motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary",
            "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "road",
            "living_street", "service"}
HOUSEHOLD_STREETS = {"residential", "living_street"}


def usable(tags):
    if tags.get("highway") not in DRIVABLE or tags.get("area") == "yes":
        return False
    for key in ("access", "vehicle", "motor_vehicle", "hgv"):
        if tags.get(key) in ("no", "private", "agricultural", "forestry", "delivery", "destination_only"):
            return False
    return True


def largest_strong_component(ways, nodes):
    arcs = defaultdict(list)
    for _, refs, tags in ways:
        if not usable(tags):
            continue
        oneway = tags.get("oneway")
        forward = oneway != "-1"
        backward = oneway not in ("yes", "1", "true", "-1") and tags.get("junction") != "roundabout" \
            and tags.get("highway") not in ("motorway",)
        if oneway == "-1":
            backward = True
        for a, b in zip(refs, refs[1:]):
            if a not in nodes or b not in nodes:
                continue
            if forward:
                arcs[a].append(b)
            if backward:
                arcs[b].append(a)
    # Iterative Tarjan.
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in list(arcs):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = arcs.get(node, [])
            recursed = False
            while child < len(successors):
                nxt = successors[child]
                child += 1
                if nxt not in index:
                    work.append((node, child))
                    work.append((nxt, 0))
                    recursed = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if recursed:
                continue
            if low[node] == index[node]:
                component = set()
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.add(top)
                    if top == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return max(components, key=len)


def metres(a, b):
    lat = math.radians((a[1] + b[1]) / 2)
    return math.hypot((b[0] - a[0]) * 111_320 * math.cos(lat), (b[1] - a[1]) * 110_540)


def household_positions(nodes, ways, core, spacing, rng, inside):
    """Points every `spacing` metres (± 20 %) along residential streets of the strongly connected core,
    set 4 m to the right of the street as a kerbside bin would stand."""
    positions = []
    for _, refs, tags in sorted(ways, key=lambda w: w[0]):
        if tags.get("highway") not in HOUSEHOLD_STREETS or not usable(tags):
            continue
        if not all(r in core for r in refs):
            continue
        walked = rng.uniform(0.2, 1.0) * spacing
        for a, b in zip(refs, refs[1:]):
            pa, pb = nodes[a], nodes[b]
            length = metres(pa, pb)
            while walked < length:
                t = walked / length
                x, y = pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])
                lat = math.radians(y)
                dx, dy = (pb[0] - pa[0]) * math.cos(lat), pb[1] - pa[1]
                norm = math.hypot(dx, dy) or 1
                offset = 4 / 111_000
                x += dy / norm * offset / math.cos(lat)
                y += -dx / norm * offset
                if inside((x, y)):
                    positions.append((round(x, 7), round(y, 7)))
                walked += spacing * rng.uniform(0.8, 1.2)
            walked -= length
    return positions


def nearest_core_node(nodes, core, target):
    return min(sorted(core), key=lambda n: metres(nodes[n], target))


# MARK: - Borrowed fill distributions


def sidcon_fills(shared):
    path = os.path.join(shared, "amsterdam", "sidcon_fill_levels.csv")
    return sorted(float(row["filling_pct"]) for row in csv.DictReader(open(path)) if row["filling_pct"])


def edinburgh_rates(shared):
    """Per-bin median of fill before emptying over the days since the previous emptying (pp/day)."""
    path = os.path.join(shared, "edinburgh", "collections.csv")
    events = defaultdict(list)
    for row in csv.DictReader(open(path)):
        when = dt.datetime.strptime(row["collected_at_europe_london"], "%Y-%m-%d %H:%M:%S")
        events[row["site_id"]].append((when, float(row["fill_before_pct"])))
    rates = []
    for site in sorted(events):
        series = sorted(events[site])
        per = []
        for (t0, _), (t1, before) in zip(series, series[1:]):
            days = (t1 - t0).total_seconds() / 86_400
            if days >= 0.5:
                per.append(before / days)
        if per:
            per.sort()
            rates.append(per[len(per) // 2])
    return sorted(rates)


# MARK: - Scenario


def readings_for(rng, fills, rates, rate_scale, now, bin_id):
    """Readings of the last two days for a bin whose fill now is drawn from `fills` and whose rate
    (pp/day) is drawn from `rates` × `rate_scale`; an emptying when the bin was emptied in between."""
    fill_now = rng.choice(fills)
    rate = max(0.5, rng.choice(rates) * rate_scale)
    # At least three hours since the last emptying, so that two readings fit after it.
    days_since_emptying = max(fill_now / rate, 0.125)
    fill_now = rate * days_since_emptying
    readings, emptyings = [], []
    for hours_ago in (48, 24, 0):
        days = hours_ago / 24
        if days <= days_since_emptying:
            fill = fill_now - rate * days
        else:
            continue
        noise = rng.gauss(0, 1.5) if hours_ago else 0
        readings.append((now - dt.timedelta(hours=hours_ago), max(0.0, round(fill + noise, 1))))
    if days_since_emptying < 2:
        emptied = now - dt.timedelta(days=days_since_emptying)
        emptyings.append((emptied, round(min(100.0, rng.uniform(70, 100)), 1)))
        if len(readings) < 2:
            readings.insert(0, (emptied + dt.timedelta(minutes=30), round(rate / 48, 1)))
    return readings, emptyings


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def bin_record(bin_id, position, capacity, fraction, readings, emptyings, service, extra=None):
    record = {"id": bin_id, "lon": position[0], "lat": position[1], "capacity": capacity, "fraction": fraction,
              "readings": [{"time": iso(t), "fill": f} for t, f in readings]}
    if emptyings:
        record["emptyings"] = [{"time": iso(t), "fillBefore": f} for t, f in emptyings]
    if service != 60:
        record["serviceTime"] = service
    if extra:
        record.update(extra)
    return record


def write_scenario(path, scenario):
    """Pretty enough to diff: one bin per line."""
    bins = scenario.pop("bins")
    text = json.dumps(scenario, indent=1, sort_keys=True, ensure_ascii=False)
    lines = ",\n".join("  " + json.dumps(b, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for b in bins)
    text = text[:-2] + ',\n "bins": [\n' + lines + "\n ]\n}\n"
    with open(path, "w") as out:
        out.write(text)


def truck(truck_id, depot, capacity_litres, capacity_kg, shift, brk, per_km, per_hour, fixed, fractions=None):
    return {"id": truck_id, "depot": depot, "fractions": fractions or ["residual"], "capacityLitres": capacity_litres,
            "capacityKilograms": capacity_kg, "shift": {"from": shift[0], "to": shift[1]},
            "break": {"duration": 1800, "window": {"from": brk[0], "to": brk[1]}},
            "costs": {"fixed": fixed, "perKilometre": per_km, "perHour": per_hour}}


ATTRIBUTION = ("Roads and real bin positions: (c) OpenStreetMap contributors, ODbL 1.0. "
               "SYNTHETIC: household bins, depot and disposal-site positions, fleet and fill readings, made by "
               "Benchmarks/scripts/make_city_scenarios.py (seed %d). OSM waste points more than 50 m from a road of the main network are left out. Fill levels BORROWED: current fills drawn "
               "from the Amsterdam Sidcon snapshot of 2018-11-28 (Gemeente Amsterdam), fill rates from the "
               "Edinburgh litter-bin history of 2016 (contains public sector information licensed under the "
               "Open Government Licence v3.0, City of Edinburgh Council)." % SEED)


def osm_bins(node_tags, nodes, inside):
    found = []
    for node_id in sorted(node_tags):
        tags = node_tags[node_id]
        if tags.get("amenity") in ("waste_basket", "waste_disposal", "recycling") and node_id in nodes:
            if inside(nodes[node_id]):
                found.append((node_id, tags["amenity"], nodes[node_id]))
    return found


def distance_to_segment(p, a, b):
    lat = math.radians(p[1])
    ax, ay = (a[0] - p[0]) * 111_320 * math.cos(lat), (a[1] - p[1]) * 110_540
    bx, by = (b[0] - p[0]) * 111_320 * math.cos(lat), (b[1] - p[1]) * 110_540
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
    return math.hypot(ax + t * dx, ay + t * dy)


def near_main_roads(points, nodes, ways, core, reach):
    """Keeps the points within `reach` metres of a usable road of the strongly connected core (OSM waste
    baskets deep in pedestrian zones cannot be served from a truck)."""
    segments = [(nodes[a], nodes[b]) for _, refs, tags in ways if usable(tags)
                for a, b in zip(refs, refs[1:]) if a in core and b in core]
    kept = []
    for point in points:
        p = point[2]
        close = [s for s in segments if abs(s[0][0] - p[0]) < 0.01 and abs(s[0][1] - p[1]) < 0.005]
        if any(distance_to_segment(p, a, b) <= reach for a, b in close):
            kept.append(point)
    return kept


def build(city, roads, osm_points, spacing, box, depot_at, sites_at, fleet, rate_scale, shared, rng, limit=None):
    nodes, node_tags, ways = roads
    core = largest_strong_component(ways, nodes)

    def inside(p):
        return box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3]

    fills, rates = sidcon_fills(shared), edinburgh_rates(shared)
    now = dt.datetime(2026, 11, 27, 4, 30)  # 04:30 UTC, before the morning shift
    osm_points = near_main_roads(osm_points, nodes, ways, core, 50)
    bins = []
    capacities = {"waste_basket": 120, "waste_disposal": 660, "recycling": 2500}
    for node_id, amenity, position in osm_points:
        readings, emptyings = readings_for(rng, fills, rates, rate_scale if amenity != "waste_basket" else 1.0, now, node_id)
        bins.append(bin_record("osm-%d" % node_id, (round(position[0], 7), round(position[1], 7)),
                               capacities[amenity], "residual", readings, emptyings, 90 if amenity != "waste_basket" else 45))
    households = household_positions(nodes, ways, core, spacing, rng, inside)
    if limit is not None and len(households) > limit:
        households = sorted(rng.sample(households, limit))
    for k, position in enumerate(households):
        readings, emptyings = readings_for(rng, fills, rates, rate_scale, now, k)
        capacity = rng.choice([240, 240, 360, 660])
        bins.append(bin_record("hh-%04d" % (k + 1), position, capacity, "residual", readings, emptyings,
                               60 if capacity < 660 else 90))
    depot_node = nearest_core_node(nodes, core, depot_at)
    depots = [{"id": "depot", "lon": round(nodes[depot_node][0], 7), "lat": round(nodes[depot_node][1], 7)}]
    sites = []
    for site_id, position, hours in sites_at:
        node = nearest_core_node(nodes, core, position)
        sites.append({"id": site_id, "lon": round(nodes[node][0], 7), "lat": round(nodes[node][1], 7),
                      "fractions": ["residual"], "openingHours": {"from": hours[0], "to": hours[1]},
                      "unloadTime": 900})
    return {"format": "waste-routing-scenario", "version": 1, "attribution": ATTRIBUTION, "date": PLANNING_DATE,
            "depots": depots, "disposalSites": sites, "fractions": [{"id": "residual", "density": 0.11}],
            "trucks": fleet, "bins": [b for b in bins if b["id"] not in EXCLUDED[city]],
            "selection": {"overflowFill": 100, "optionalFill": 60, "nextCollectionInDays": 1, "savedVisitValue": 6}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=os.path.join("..", "shared", "cities"))
    parser.add_argument("--city", choices=["helsinki", "hamburg", "heidelberg"], action="append")
    arguments = parser.parse_args()
    cities = arguments.city or ["helsinki", "hamburg", "heidelberg"]
    shared = arguments.shared
    for city in cities:
        rng = random.Random("%d-%s" % (SEED, city))
        if city == "helsinki":
            roads = read_pbf("fixtures/helsinki/Helsinki.osm.pbf")
            box = (24.9351762, 60.1641550, 24.9534145, 60.1791130)
            points = osm_bins(roads[1], roads[0], lambda p: box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3])
            fleet = [truck("T1", "depot", 14_000, 9_000, ("06:00", "14:00"), ("09:30", "11:00"), 1.4, 48, 90),
                     truck("T2", "depot", 14_000, 9_000, ("06:00", "14:00"), ("09:30", "11:00"), 1.4, 48, 90)]
            scenario = build(city, roads, points, 25, box, (24.9390, 60.1770),
                             [("incinerator", (24.9500, 60.1650), ("06:00", "20:00"))], fleet, 0.35, shared, rng)
            scenario.update({"name": "Helsinki centre", "timeZone": "Europe/Helsinki",
                             "roadNetwork": {"path": "Helsinki.osm.pbf"}})
        elif city == "hamburg":
            roads = read_geojson_roads("fixtures/hamburg/hamburg_highways_2km2.geojson")
            waste = json.load(open(os.path.join(shared, "hamburg", "waste_points_osm.geojson")))
            points = []
            for feature in waste["features"]:
                osm_id = int(str(feature.get("id", "node/0")).split("/")[-1])
                lon, lat = feature["geometry"]["coordinates"]
                points.append((osm_id, feature["properties"]["amenity"], (lon, lat)))
            points.sort()
            box = (9.945001, 53.569591, 9.966542, 53.582376)
            fleet = [truck("H1", "depot", 12_000, 8_000, ("06:00", "14:00"), ("09:30", "11:00"), 1.4, 50, 90)]
            scenario = build(city, roads, points, 10_000, box, (9.9480, 53.5800),
                             [("MVR Rugenberger Damm (stand-in)", (9.9640, 53.5710), ("06:00", "20:00"))],
                             fleet, 0.35, shared, rng, limit=0)
            scenario.update({"name": "Hamburg Eimsbüttel", "timeZone": "Europe/Berlin",
                             "roadNetwork": {"path": "hamburg_highways_2km2.geojson"}})
        else:
            roads = read_pbf("fixtures/heidelberg/heidelberg.test.pbf")
            box = (8.640, 49.370, 8.720, 49.425)
            points = osm_bins(roads[1], roads[0], lambda p: box[0] <= p[0] <= box[2] and box[1] <= p[1] <= box[3])
            fleet = [truck("HD%d" % (k + 1), "depot", 16_000, 10_000, ("06:00", "14:30"), ("09:30", "11:30"), 1.5, 50, 110)
                     for k in range(7)]
            scenario = build(city, roads, points, 60, box, (8.6600, 49.4050),
                             [("west", (8.6450, 49.4150), ("06:00", "18:00")),
                              ("south", (8.6900, 49.3800), ("06:00", "18:00"))],
                             fleet, 0.35, shared, rng, limit=1100)
            scenario.update({"name": "Heidelberg", "timeZone": "Europe/Berlin",
                             "roadNetwork": {"path": "heidelberg.test.pbf"}})
        path = "fixtures/%s/%s.scenario.json" % (city, city)
        write_scenario(path, scenario)
        print("%s: %d bins -> %s" % (city, len(json.load(open(path))["bins"]), path), file=sys.stderr)


if __name__ == "__main__":
    main()
