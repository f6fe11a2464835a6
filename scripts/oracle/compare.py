#!/usr/bin/env python3
"""Compares per-node JSON Lines from the DevTools oracle with heapleak's, matching rows by id.

    compare.py ORACLE.jsonl OURS.jsonl [--fields f1,f2,...] [--exceptions FILE] [--max-report N]
    compare.py --self-test

Exit 0 when every difference is explained by an exception, 1 otherwise, 2 on bad input.
An exceptions file is a JSON list of {"field": F, "match": {field: value, ...}, "reason": R}:
a difference in F is explained when the oracle row has every listed field value, and, when the
exception also has "ours_minus_oracle_multiple_of": M, when our value exceeds the oracle's by a
non-zero multiple of M.
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


def by_multiple(exception, theirs, mine):
    modulus = exception.get("ours_minus_oracle_multiple_of")
    if modulus is None:
        return True
    if not isinstance(theirs, int) or not isinstance(mine, int):
        return False
    return mine > theirs and (mine - theirs) % modulus == 0


def explanation(exceptions, field, oracle_row, our_row=None):
    mine = None if our_row is None else our_row.get(field)
    for e in exceptions:
        if (e["field"] == field
                and all(oracle_row.get(k) == v for k, v in e.get("match", {}).items())
                and by_multiple(e, oracle_row.get(field), mine)):
            return e.get("reason", "(no reason given)")
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oracle", nargs="?")
    parser.add_argument("ours", nargs="?")
    parser.add_argument("--self-test", action="store_true", help="check the exception rules on hand-made rows")
    parser.add_argument("--fields", default=DEFAULT_FIELDS)
    parser.add_argument("--exceptions")
    parser.add_argument("--max-report", type=int, default=5, help="examples shown per field (default 5)")
    args = parser.parse_args()
    if args.self_test:
        return self_test()
    if args.ours is None:
        parser.error("ORACLE and OURS are required")
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
            reason = explanation(exceptions, field, o, mine)
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


def self_test():
    """An exception with ours_minus_oracle_multiple_of explains exactly the differences it names."""
    wrap = {"field": "self_size", "ours_minus_oracle_multiple_of": 2**32, "reason": "wrapped"}
    typed = {"field": "distance", "match": {"class": "X"}, "reason": "X"}
    cases = [  # (exception, oracle row, our row, explained?)
        (wrap, {"self_size": 16}, {"self_size": 2**32 + 16}, True),
        (wrap, {"self_size": 0}, {"self_size": 3 * 2**32}, True),
        (wrap, {"self_size": 16}, {"self_size": 17}, False),
        (wrap, {"self_size": 2**32 + 16}, {"self_size": 16}, False),  # only ours may be larger
        (wrap, {"self_size": 16}, {"self_size": "16"}, False),
        (typed, {"class": "X", "distance": 1}, {"distance": 2}, True),
        (typed, {"class": "Y", "distance": 1}, {"distance": 2}, False),
    ]
    failures = 0
    for exception, theirs, mine, expected in cases:
        got = explanation([exception], exception["field"], theirs, mine) is not None
        if got != expected:
            failures += 1
            print(f"self-test: {exception['reason']}: oracle {theirs}, ours {mine}: "
                  f"explained {got}, expected {expected}")
    print(f"compare.py self-test: {len(cases) - failures} of {len(cases)} cases right")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
