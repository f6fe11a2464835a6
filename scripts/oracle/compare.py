#!/usr/bin/env python3
"""Compares per-node JSON Lines from the DevTools oracle with heapleak's, matching rows by id.

    compare.py ORACLE.jsonl OURS.jsonl [--fields f1,f2,...] [--exceptions FILE] [--max-report N]

Exit 0 when every difference is explained by an exception, 1 otherwise, 2 on bad input.
An exceptions file is a JSON list of {"field": F, "match": {field: value, ...}, "reason": R}:
a difference in F is explained when the oracle row has every listed field value.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

DEFAULT_FIELDS = "self_size,retained_size,distance,dominator,class,detachedness"


def die(message):
    # Named after the running script: compare_diff.py reuses these helpers.
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def load_rows(path, problems):
    """Rows by id; duplicate ids are recorded as problems (ids are unique within a snapshot)."""
    rows = {}
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        die(f"{path}: {e.strerror}")
    with f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                node_id = row["id"]
            except (ValueError, KeyError, TypeError) as e:
                die(f"{path}: line {number}: not a node row ({e})")
            if node_id in rows:
                problems.append((node_id, f"duplicate id in {path}"))
            rows[node_id] = row
    return rows


def load_exceptions(path):
    if not path:
        return []
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    try:
        exceptions = json.loads(text) if text.strip() else []
    except ValueError as e:
        die(f"{path}: {e}")
    if not isinstance(exceptions, list) or not all(isinstance(e, dict) and "field" in e for e in exceptions):
        die(f"{path}: expected a JSON list of {{field, match, reason}} objects")
    return exceptions


def explanation(exceptions, field, oracle_row):
    for e in exceptions:
        if e["field"] == field and all(oracle_row.get(k) == v for k, v in e.get("match", {}).items()):
            return e.get("reason", "(no reason given)")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oracle")
    parser.add_argument("ours")
    parser.add_argument("--fields", default=DEFAULT_FIELDS)
    parser.add_argument("--exceptions")
    parser.add_argument("--max-report", type=int, default=5, help="examples shown per field (default 5)")
    args = parser.parse_args()
    fields = [f for f in args.fields.split(",") if f]

    problems = []  # (id, message): duplicates and ids present on one side only
    oracle = load_rows(args.oracle, problems)
    ours = load_rows(args.ours, problems)
    exceptions = load_exceptions(args.exceptions)
    problems += [(i, "missing in ours") for i in oracle if i not in ours]
    problems += [(i, "missing in oracle") for i in ours if i not in oracle]

    unexplained = defaultdict(list)  # field -> [(id, field, oracle value, our value)]
    explained = defaultdict(list)    # reason -> [(id, field, oracle value, our value)]
    for node_id, o in oracle.items():
        mine = ours.get(node_id)
        if mine is None:
            continue
        for field in fields:
            if o.get(field) == mine.get(field):
                continue
            difference = (node_id, field, o.get(field, "<absent>"), mine.get(field, "<absent>"))
            reason = explanation(exceptions, field, o)
            if reason is None:
                unexplained[field].append(difference)
            else:
                explained[reason].append(difference)

    breakdown = ([f"ids {len(problems)}"] if problems else []) + [f"{f} {len(v)}" for f, v in unexplained.items()]
    total = sum(len(v) for v in unexplained.values()) + len(problems)
    print(f"{len(oracle)} oracle rows, {len(ours)} ours; {total} unexplained differences, "
          f"{sum(len(v) for v in explained.values())} explained"
          + (" (" + ", ".join(breakdown) + ")" if breakdown else ""))
    limit = args.max_report
    for node_id, message in problems[:limit]:
        print(f"  id {node_id}: {message}")
    if len(problems) > limit:
        print(f"  ... {len(problems) - limit} more id problems")
    for field, diffs in unexplained.items():
        for node_id, _, theirs, mine in diffs[:limit]:
            print(f"  id {node_id}: {field}: oracle {json.dumps(theirs)}, ours {json.dumps(mine)}")
        if len(diffs) > limit:
            print(f"  ... {len(diffs) - limit} more in {field}")
    for reason, diffs in explained.items():
        print(f"  explained ({len(diffs)}): {reason}")
        for node_id, field, theirs, mine in diffs[:limit]:
            print(f"    id {node_id}: {field}: oracle {json.dumps(theirs)}, ours {json.dumps(mine)}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
