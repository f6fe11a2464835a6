#!/usr/bin/env python3
"""Independent reader for a series of V8 heap snapshots of ONE process.

Usage:
  python3 scripts/scenario_facts.py [options] SNAP1 SNAP2 [SNAP3 ...]

Checks the expected numbers of fixtures/scenarios (fixtures/README.md,
"Scenarios") without heapleak. Python stdlib only. Files may be plain, gzip
or zstd (detected by magic bytes; zstd via the `zstd -dc` CLI). Field, type
and edge-type positions are looked up by name from snapshot.meta.

Nodes are grouped by (type, name), e.g. `object LeakedThing` and
`closure LeakedThing` are different rows. For every group it prints
  - the node count in each snapshot (columns #1, #2, ... in the order the
    files are given),
  - new: ids present in the last snapshot but not in the first,
  - kept (3 or more snapshots only): ids present in the target (the last but
    one snapshot) but not in the baseline (the first), and still present in
    the final (the last) one.
Node ids are only comparable between snapshots of one process.

Options:
  --name NAME   only groups with this exact node name (repeatable)
  --all         every group (default: only groups whose counts differ
                between snapshots, or with new > 0)
  --json        one JSON object instead of the table
  --expect TYPE:NAME=C1,C2,...[/NEW[/KEPT]]
                check the (TYPE, NAME) group: its count in each snapshot, and
                optionally new and kept; exit status 1 if any check fails
                (repeatable), e.g. --expect object:LeakedThing=0,20,40,40/40/40.
                With --expect, the table is printed only if --name, --all or
                --json is given too.
  --path NAME   also print, for the nodes named NAME (type object) in the LAST
                snapshot, their shortest retainer paths from the root
                (breadth-first from node 0 over all edges except `weak`
                ones; edges in file order, so the first path found wins),
                grouped by path shape: every run of digits in an edge name or
                index that does not touch a letter is shown as # (element
                indexes, slots of a Map's table, `session_#`; not `V8…`), and a
                run of 2 or more identical steps (a linked list) as `(step)+`. One example path per shape is printed in
                full, with real edge names and node ids (@id).
"""
import gzip
import json
import re
import subprocess
import sys
from collections import deque

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == GZIP_MAGIC:
        raw = gzip.decompress(raw)
    elif raw[:4] == ZSTD_MAGIC:
        proc = subprocess.run(["zstd", "-dc"], input=raw, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, check=False)
        if proc.returncode != 0:
            raise SystemExit("zstd -dc %s failed: %s" % (path, proc.stderr.decode(errors="replace")))
        raw = proc.stdout
    return json.loads(raw)


class Snapshot:
    def __init__(self, path):
        doc = load(path)
        meta = doc["snapshot"]["meta"]
        self.path = path
        self.node_fields = meta["node_fields"]
        self.edge_fields = meta["edge_fields"]
        self.nf = len(self.node_fields)
        self.ef = len(self.edge_fields)
        self.nodes = doc["nodes"]
        self.edges = doc["edges"]
        self.strings = doc["strings"]
        if len(self.nodes) % self.nf or len(self.edges) % self.ef:
            raise SystemExit("%s: nodes/edges length not a multiple of the field count" % path)
        self.count = len(self.nodes) // self.nf
        tpos = self.node_fields.index("type")
        self.node_types = meta["node_types"][tpos]
        self.edge_types = meta["edge_types"][self.edge_fields.index("type")]
        self.t_pos = tpos
        self.n_pos = self.node_fields.index("name")
        self.id_pos = self.node_fields.index("id")
        self.ec_pos = self.node_fields.index("edge_count")
        self.e_type = self.edge_fields.index("type")
        self.e_name = self.edge_fields.index("name_or_index")
        self.e_to = self.edge_fields.index("to_node")

    def type_of(self, i):
        return self.node_types[self.nodes[i * self.nf + self.t_pos]]

    def name_of(self, i):
        return self.strings[self.nodes[i * self.nf + self.n_pos]]

    def groups(self):
        """(type, name) -> set of ids."""
        out = {}
        nodes, nf = self.nodes, self.nf
        types, strings = self.node_types, self.strings
        for base in range(0, len(nodes), nf):
            key = (types[nodes[base + self.t_pos]], strings[nodes[base + self.n_pos]])
            ids = out.get(key)
            if ids is None:
                ids = out[key] = set()
            ids.add(nodes[base + self.id_pos])
        return out

    def edge_label(self, k):
        t = self.edge_types[self.edges[k + self.e_type]]
        v = self.edges[k + self.e_name]
        if t in ("element", "hidden"):
            return t, v
        return t, self.strings[v]

    def shortest_paths(self):
        """BFS from node 0 over non-weak edges: parent[node] = (from, edge offset)."""
        first = [0] * (self.count + 1)
        e = 0
        for i in range(self.count):
            first[i] = e
            e += self.nodes[i * self.nf + self.ec_pos] * self.ef
        first[self.count] = e
        weak = self.edge_types.index("weak") if "weak" in self.edge_types else -1
        parent = [None] * self.count
        parent[0] = (-1, -1)
        queue = deque([0])
        edges, ef = self.edges, self.ef
        while queue:
            i = queue.popleft()
            for k in range(first[i], first[i + 1], ef):
                if edges[k + self.e_type] == weak:
                    continue
                j = edges[k + self.e_to] // self.nf
                if parent[j] is None:
                    parent[j] = (i, k)
                    queue.append(j)
        return parent

    def path_to(self, parent, j):
        steps = []
        while parent[j] is not None and parent[j][0] >= 0:
            i, k = parent[j]
            steps.append((i, k, j))
            j = i
        if parent[j] is None:
            return None
        steps.reverse()
        return steps


def describe_node(snap, i):
    return "%s %r" % (snap.type_of(i), snap.name_of(i))


def print_paths(snap, name):
    parent = snap.shortest_paths()
    targets = [i for i in range(snap.count)
               if snap.type_of(i) == "object" and snap.name_of(i) == name]
    shapes = {}
    example = {}
    unreachable = 0
    for j in targets:
        steps = snap.path_to(parent, j)
        if steps is None:
            unreachable += 1
            continue
        parts = []
        for i, k, to in steps:
            t, v = snap.edge_label(k)
            label = re.sub(r"(?<![A-Za-z])[0-9]+(?![A-Za-z])", "#", str(v))
            parts.append("-[%s %s]-> %s" % (t, label, describe_node(snap, to)))
        # a run of 2+ identical steps (e.g. a linked list) -> "(step)+"
        runs = []
        for part in parts:
            if runs and runs[-1][0] == part:
                runs[-1][1] += 1
            else:
                runs.append([part, 1])
        shape = "root " + " ".join(p if n == 1 else "(%s)+" % p for p, n in runs)
        shapes[shape] = shapes.get(shape, 0) + 1
        example.setdefault(shape, steps)
    print("\nshortest retainer paths to object %r in %s (%d nodes, %d unreachable):"
          % (name, snap.path, len(targets), unreachable))
    for shape, n in sorted(shapes.items(), key=lambda kv: -kv[1]):
        print("  %4d x %s" % (n, shape))
        print("         e.g. " + describe_node(snap, 0) + "".join(
            " -[%s %s]-> %s @%d" % (snap.edge_label(k) + (describe_node(snap, to),
                                                          snap.nodes[to * snap.nf + snap.id_pos]))
            for _, k, to in example[shape]))


def main(argv):
    names, show_all, as_json, path_names, files, expects = [], False, False, [], [], []
    it = iter(argv)
    for a in it:
        if a == "--name":
            names.append(next(it))
        elif a == "--path":
            path_names.append(next(it))
        elif a == "--expect":
            expects.append(next(it))
        elif a == "--all":
            show_all = True
        elif a == "--json":
            as_json = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if len(files) < 2:
        print(__doc__, file=sys.stderr)
        return 2

    snaps = []
    groups = []
    for f in files:
        s = Snapshot(f)
        groups.append(s.groups())
        # keep only the last snapshot's graph (for --path); drop the others' arrays
        if path_names and f is files[-1]:
            snaps.append(s)
        else:
            snaps.append(type("Info", (), {"path": f, "count": s.count})())

    keys = set()
    for g in groups:
        keys.update(g)
    triple = len(files) >= 3
    rows = []
    for key in keys:
        if names and key[1] not in names:
            continue
        sets = [g.get(key, set()) for g in groups]
        counts = [len(s) for s in sets]
        new = len(sets[-1] - sets[0])
        kept = len((sets[-2] - sets[0]) & sets[-1]) if triple else None
        if not show_all and not names and new == 0 and len(set(counts)) == 1:
            continue
        rows.append({"type": key[0], "name": key[1], "counts": counts, "new": new, "kept": kept})
    rows.sort(key=lambda r: (-r["new"], -(r["counts"][-1] - r["counts"][0]), r["type"], r["name"]))

    quiet = expects and not (names or show_all or as_json)
    if quiet:
        pass
    elif as_json:
        print(json.dumps({"files": files, "node_counts": [s.count for s in snaps],
                          "groups": rows}, indent=1))
    else:
        print("files: " + "  ".join("%s (%d nodes)" % (s.path, s.count) for s in snaps))
        head = ["type", "name"] + ["#%d" % (i + 1) for i in range(len(files))] + ["new"]
        if triple:
            head.append("kept")
        print("\t".join(head))
        for r in rows:
            cells = [r["type"], json.dumps(r["name"])[1:-1][:80]] + [str(c) for c in r["counts"]]
            cells.append(str(r["new"]))
            if triple:
                cells.append(str(r["kept"]))
            print("\t".join(cells))
    for name in path_names:
        print_paths(snaps[-1], name)

    failed = 0
    for spec in expects:
        key, _, want = spec.partition("=")
        typ, _, name = key.partition(":")
        parts = want.split("/")
        sets = [g.get((typ, name), set()) for g in groups]
        got = [",".join(str(len(x)) for x in sets), str(len(sets[-1] - sets[0]))]
        if triple:
            got.append(str(len((sets[-2] - sets[0]) & sets[-1])))
        got = got[:len(parts)]
        ok = got == parts
        failed += not ok
        print("%s %s: want %s, got %s" % ("ok  " if ok else "FAIL", key, want, "/".join(got)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
