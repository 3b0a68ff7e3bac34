#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into Benchmarks/fuzz/corpus/<target>/ from the checkout's
fixtures (small files only), plus a few hand-made inputs: a tiny OSM PBF with raw (uncompressed) blobs,
a small GeoJSON and CSV network, and random bytes for the rich-problem target. Reproducible (seeded)."""
import gzip
import json
import os
import random
import shutil
import struct

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))
corpus = os.path.join(here, "corpus")
fixtures = os.path.join(root, "Tests", "WasteRoutingTests", "Fixtures")


def put(target, name, data):
    folder = os.path.join(corpus, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def copy(target, path, name=None, limit=None):
    data = open(path, "rb").read()
    put(target, name or os.path.basename(path), data[:limit] if limit else data)


# Protobuf helpers for the PBF seed.
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def zigzag(n):
    return (n << 1) ^ (n >> 63)


def field(number, payload):
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def vfield(number, value):
    return varint(number << 3) + varint(value)


def packed(number, values):
    return field(number, b"".join(varint(v) for v in values))


def blob(kind, block):
    body = field(1, block)  # raw, uncompressed
    header = field(1, kind.encode()) + vfield(3, len(body))
    return struct.pack(">I", len(header)) + header + body


def tiny_pbf():
    header_block = field(4, b"OsmSchema-V0.6") + field(4, b"DenseNodes")
    strings = [b"", b"highway", b"residential", b"maxspeed", b"30", b"oneway", b"yes"]
    table = field(1, b"".join(field(1, s) for s in strings))
    ids = [1, 2, 3, 4, 5]
    lats = [490000000, 490000000, 490000000, 490010000, 490020000]
    lons = [80000000, 80010000, 80020000, 80020000, 80020000]

    def deltas(values):
        previous, out = 0, []
        for v in values:
            out.append(zigzag(v - previous))
            previous = v
        return out

    dense = packed(1, deltas(ids)) + packed(8, deltas(lats)) + packed(9, deltas(lons))
    way1 = vfield(1, 100) + packed(2, [1, 3]) + packed(3, [2, 4]) + packed(8, deltas([1, 2, 3]))
    way2 = vfield(1, 101) + packed(2, [1, 5]) + packed(3, [2, 6]) + packed(8, deltas([3, 4, 5]))
    group = field(2, dense) + field(3, way1) + field(3, way2)
    primitive = table + field(2, group) + vfield(17, 100)
    return blob("OSMHeader", header_block) + blob("OSMData", primitive)


def main():
    # solution/ and plan/ hold documents the CLI wrote (waste-route solve corpus/wcvrptw/tiny.txt -o ...,
    # waste-route plan on the small test city); they are kept as they are.
    for target in ["vrplib", "cvrplib-solution", "wcvrptw", "scenario", "osmxml", "pbf", "geojson", "csvnet",
                   "forecast", "rich"]:
        shutil.rmtree(os.path.join(corpus, target), ignore_errors=True)
    for name in ["solve-12.vrp", "CMT6.vrp", "X-n101-k25.vrp"]:
        copy("vrplib", os.path.join(fixtures, name))
    put("vrplib", "explicit.vrp", "NAME : e\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\n"
        "EDGE_WEIGHT_FORMAT : LOWER_ROW\nCAPACITY : 5\nEDGE_WEIGHT_SECTION\n4\n5 6\nDEMAND_SECTION\n1 0\n2 3\n3 2\n"
        "DEPOT_SECTION\n1\n-1\nEOF\n")
    copy("cvrplib-solution", os.path.join(fixtures, "solve-12.sol"))
    put("cvrplib-solution", "two.sol", "Route #1: 1 2 3\nRoute #2: 4 5\nCost 100\n")
    tiny = ("280.0 \t// vehicle capacity (yards), real number\r\n400.0\t// total yardage allowed for a vehicle per day\r\n"
            "500\t// total number of regular stops\r\n3600\t// lunch time duration in second\r\n40\t// speed: MPH\r\n"
            "Stop_ID\tX(feet)\tY(feet)\tEarly_St_Time (HHMM)\tLate_St_Time (HHMM)\tSvice_Time(Sec)\tLoad (Yards)\tType\r\n"
            "10   0.00   0.00  0400 1500 0  9999.00 0\r\n11   5280.00   0.00  0000 2400 1600  9999.00 2\r\n"
            "12   0.00   5280.00  0700 2400 180    10.50 1\r\n13\t0.00\t10560.00\t0000\t2400\t30\t4.25\t1\t\t\r\n")
    put("wcvrptw", "tiny.txt", tiny)
    lines = open(os.path.join(fixtures, "102_stop.txt"), "rb").read().split(b"\n")
    put("wcvrptw", "102_head.txt", b"\n".join(lines[:30]) + b"\n")
    put("wcvrptw", "decimal.txt", tiny.replace("0700 2400", "7.5 24.0"))
    copy("scenario", os.path.join(fixtures, "planning", "small-city.scenario.json"))
    copy("scenario", os.path.join(root, "fixtures", "hamburg", "hamburg.scenario.json"))
    copy("osmxml", os.path.join(fixtures, "planning", "small-city.osm"))
    put("pbf", "tiny.osm.pbf", tiny_pbf())
    copy("pbf", os.path.join(root, "fixtures", "helsinki", "Helsinki.osm.pbf"), "helsinki-head.pbf", 4096)
    features = []
    for k, (coords, tags) in enumerate([
        ([[9.966, 53.571], [9.967, 53.571], [9.968, 53.571]], {"highway": "residential", "maxspeed": "30"}),
        ([[9.967, 53.571], [9.967, 53.572]], {"highway": "tertiary", "oneway": "yes"}),
        ([[9.968, 53.571], [9.967, 53.572]], {"highway": "service", "access": "private"}),
    ]):
        features.append({"type": "Feature", "id": f"way/{k}", "properties": tags,
                         "geometry": {"type": "LineString", "coordinates": coords}})
    put("geojson", "small.geojson", json.dumps({"type": "FeatureCollection", "features": features}))
    nodes = "node_id,lon,lat,is_centroid,osm_id\n1,-71.2400,-29.9100,0,\n2,-71.2410,-29.9100,0,\n3,-71.2410,-29.9110,0,\n"
    links = ("link_id,a_node,b_node,direction,distance_m,link_type,modes,name,osm_id,lanes_ab,lanes_ba,geometry_lonlat\n"
             "1,1,2,0,100.0,secondary,ct,A,1,1,1,-71.2400 -29.9100;-71.2410 -29.9100\n"
             "2,2,3,1,110.0,residential,ct,B,2,1,1,-71.2410 -29.9100;-71.2410 -29.9110\n")
    put("csvnet", "small.csv", nodes + "\0" + links)
    copy("forecast", os.path.join(fixtures, "forecast-emptyings.csv"))
    rng = random.Random(20261202)
    for k in range(8):
        put("rich", f"random-{k}", bytes(rng.randrange(256) for _ in range(rng.choice([16, 64, 160, 400]))))
    for target in ["solution", "plan"]:
        os.makedirs(os.path.join(corpus, target), exist_ok=True)


if __name__ == "__main__":
    main()
