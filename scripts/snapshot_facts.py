#!/usr/bin/env python3
"""Independent second reader for V8 .heapsnapshot files (test oracle).

Usage: python3 scripts/snapshot_facts.py <file | ->

Reads a plain, gzip- or zstd-compressed snapshot (compression detected by
magic bytes, not by extension; zstd via the `zstd -dc` CLI), and prints one
JSON object with simple facts about it. Python stdlib only. Field and type
positions are looked up by name from snapshot.meta, never hard-coded.
"""
import gzip
import io
import json
import subprocess
import sys

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def read_bytes(arg):
    if arg == "-":
        return sys.stdin.buffer.read()
    with open(arg, "rb") as f:
        return f.read()


def decompress(raw):
    if raw[:2] == GZIP_MAGIC:
        return gzip.decompress(raw)
    if raw[:4] == ZSTD_MAGIC:
        proc = subprocess.run(["zstd", "-dc"], input=raw, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            raise SystemExit("zstd -dc failed: " + proc.stderr.decode(errors="replace"))
        return proc.stdout
    return raw


def facts(doc):
    snap = doc["snapshot"]
    meta = snap["meta"]
    node_fields = meta["node_fields"]
    edge_fields = meta["edge_fields"]
    nf = len(node_fields)
    ef = len(edge_fields)
    nodes = doc["nodes"]
    edges = doc["edges"]
    strings = doc["strings"]

    if len(nodes) % nf:
        raise SystemExit("nodes length %d not a multiple of %d" % (len(nodes), nf))
    if len(edges) % ef:
        raise SystemExit("edges length %d not a multiple of %d" % (len(edges), ef))

    type_pos = node_fields.index("type")
    size_pos = node_fields.index("self_size")
    type_names = meta["node_types"][type_pos]
    det_pos = node_fields.index("detachedness") if "detachedness" in node_fields else None

    node_count = len(nodes) // nf
    total = 0
    per_type = {}
    det_counts = {"0": 0, "1": 0, "2": 0} if det_pos is not None else None
    for base in range(0, len(nodes), nf):
        t = nodes[base + type_pos]
        s = nodes[base + size_pos]
        total += s
        name = type_names[t] if t < len(type_names) else "<type %d>" % t
        entry = per_type.get(name)
        if entry is None:
            entry = per_type[name] = {"count": 0, "self_size": 0}
        entry["count"] += 1
        entry["self_size"] += s
        if det_pos is not None:
            key = str(nodes[base + det_pos])
            det_counts[key] = det_counts.get(key, 0) + 1

    loc_fields = meta.get("location_fields")
    locations = doc.get("locations", [])
    location_count = len(locations) // len(loc_fields) if loc_fields else 0

    out = {
        "node_count": node_count,
        "edge_count": len(edges) // ef,
        "string_count": len(strings),
        "header_node_count": snap.get("node_count"),
        "header_edge_count": snap.get("edge_count"),
        "node_field_count": nf,
        "total_self_size": total,
        "per_type": dict(sorted(per_type.items())),
        # None when meta.node_fields has no "detachedness" (older V8).
        "detachedness_counts": det_counts,
        # In Unicode code points (Python len) of the decoded JSON strings.
        "max_string_length": max((len(x) for x in strings), default=0),
        "location_count": location_count,
    }
    return out


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    data = decompress(read_bytes(argv[1]))
    doc = json.load(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="surrogatepass"))
    json.dump(facts(doc), sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
