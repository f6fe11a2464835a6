#!/usr/bin/env python3
"""Compares DevTools' Comparison view (the oracle's `devtools.mjs diff` output) with the
"classes" rows of `heapleak diff --format json`, matching rows by class key.

    compare_diff.py ORACLE.json OURS.json [--fields f1,f2,...] [--exceptions FILE]
                    [--base NAME] [--current NAME] [--max-report N]
    compare_diff.py --self-test

Both sides must list exactly the same class keys (DevTools omits a class with no new and no
deleted object, so heapleak must too), and every row must agree on the fields (default: new,
deleted, alloc_size, freed_size, delta, size_delta; `class` may be added). Each differing class
key is one difference; the first line of the output sums them up, the next lines show examples.

Exit 0 when every difference is explained by an exception, 1 otherwise, 2 on bad input.
The exceptions file has compare.py's format, a JSON list of {"field", "match", "reason"}, matched
against the oracle row in heapleak's field names plus "key", "base" and "current" (the NAMEs
given). Field "row" explains a key present on one side only; it is matched against that row.
"""
import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections import Counter

from compare import die, explanation, load_exceptions

# heapleak's field -> the oracle's (devtools.mjs diff) field.
ORACLE_FIELD = {
    "class": "name",
    "new": "added_count",
    "deleted": "removed_count",
    "delta": "count_delta",
    "alloc_size": "added_size",
    "freed_size": "removed_size",
    "size_delta": "size_delta",
}
DEFAULT_FIELDS = "new,deleted,alloc_size,freed_size,delta,size_delta"
SHOWN = ("new", "deleted", "alloc_size", "freed_size")  # what a one-sided row is shown with


def load_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        die(f"{path}: {e.strerror}")
    except ValueError as e:
        die(f"{path}: not {what} ({e})")


def load_oracle(path):
    """{key: row} in heapleak's field names, from devtools.mjs diff's {classKey: {...}}."""
    diffs = load_json(path, "JSON")
    if not isinstance(diffs, dict) or not all(isinstance(d, dict) for d in diffs.values()):
        die(f"{path}: expected devtools.mjs diff output, an object of class rows")
    return {key: {"key": key, **{ours: d.get(theirs, "<absent>") for ours, theirs in ORACLE_FIELD.items()}}
            for key, d in diffs.items()}


def load_ours(path, duplicates):
    """{key: row} from heapleak diff's {"classes": [{"key": ...}, ...]}; repeated keys are counted."""
    report = load_json(path, "JSON")
    classes = report.get("classes") if isinstance(report, dict) else None
    if not isinstance(classes, list):
        die(f'{path}: expected a JSON object with a "classes" list (heapleak diff --format json)')
    rows = {}
    seen = Counter()
    for number, row in enumerate(classes):
        if not isinstance(row, dict) or not isinstance(row.get("key"), str):
            die(f'{path}: classes[{number}] has no string "key"')
        seen[row["key"]] += 1
        rows.setdefault(row["key"], row)
    duplicates.update({key: n for key, n in seen.items() if n > 1})
    return rows


def describe(row):
    return ", ".join(f"{f} {json.dumps(row.get(f, '<absent>'))}" for f in SHOWN)


def compare(oracle, ours, duplicates, fields, exceptions, context, limit):
    """Output lines (summary first) and the number of unexplained differences."""
    unexplained = []   # (key, text), one per differing class key
    explained = {}     # reason -> [(key, text)]
    breakdown = Counter()

    def record(key, parts):
        """parts: [(field, text, row to match exceptions against)] for one class key."""
        open_parts = []
        for field, text, row in parts:
            reason = explanation(exceptions, field, {**context, **row})
            if reason is None:
                open_parts.append(text)
                breakdown[field if field != "row" else text.split(" (")[0]] += 1
            else:
                explained.setdefault(reason, []).append((key, text))
        if open_parts:
            unexplained.append((key, "; ".join(open_parts)))

    for key, n in duplicates.items():
        unexplained.append((key, f"listed {n} times in ours"))
        breakdown["duplicate keys"] += 1
    for key, theirs in oracle.items():
        mine = ours.get(key)
        if mine is None:
            record(key, [("row", f"missing in ours (oracle: {describe(theirs)})", theirs)])
            continue
        record(key, [(f, f"{f}: oracle {json.dumps(theirs.get(f))}, ours {json.dumps(mine.get(f, '<absent>'))}",
                      theirs)
                     for f in fields if theirs.get(f) != mine.get(f, "<absent>")])
    for key, mine in ours.items():
        if key not in oracle:
            record(key, [("row", f"missing in oracle (ours: {describe(mine)})", {"key": key, **mine})])

    n_explained = sum(len(v) for v in explained.values())
    lines = [f"{len(oracle)} oracle rows, {len(ours)} ours; {len(unexplained)} unexplained differences, "
             f"{n_explained} explained"
             + (" (" + ", ".join(f"{what} {n}" for what, n in breakdown.items()) + ")" if breakdown else "")]
    lines += [f"  {json.dumps(key)}: {text}" for key, text in unexplained[:limit]]
    if len(unexplained) > limit:
        lines.append(f"  ... {len(unexplained) - limit} more")
    for reason, items in explained.items():
        lines.append(f"  explained ({len(items)}): {reason}")
        lines += [f"    {json.dumps(key)}: {text}" for key, text in items[:limit]]
    return lines, len(unexplained)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("oracle", nargs="?")
    parser.add_argument("ours", nargs="?")
    parser.add_argument("--fields", default=DEFAULT_FIELDS, help=f"default {DEFAULT_FIELDS}")
    parser.add_argument("--exceptions")
    parser.add_argument("--base", default="", help="base snapshot's name, for exceptions")
    parser.add_argument("--current", default="", help="current snapshot's name, for exceptions")
    parser.add_argument("--max-report", type=int, default=6, help="differing class keys shown (default 6)")
    parser.add_argument("--self-test", action="store_true", help="check this comparison on hand-made inputs")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if args.ours is None:
        parser.error("ORACLE and OURS are required")
    fields = [f for f in args.fields.split(",") if f]
    unknown = [f for f in fields if f not in ORACLE_FIELD]
    if unknown:
        parser.error(f"unknown fields {','.join(unknown)} (known: {','.join(ORACLE_FIELD)})")

    duplicates = {}
    oracle = load_oracle(args.oracle)
    ours = load_ours(args.ours, duplicates)
    lines, unexplained = compare(oracle, ours, duplicates, fields, load_exceptions(args.exceptions),
                                 {"base": args.base, "current": args.current}, args.max_report)
    print("\n".join(lines))
    return 1 if unexplained else 0


def self_test():
    """Feeds hand-made heapleak outputs, right and wrong, against reference 5.3's Comparison rows
    (test case B: base case1, current case2) and checks each error is caught, and only it."""
    def oracle_row(name, added, removed, added_size, removed_size, added_ids, deleted_ids):
        return {"name": name, "added_count": added, "removed_count": removed, "count_delta": added - removed,
                "added_size": added_size, "removed_size": removed_size, "size_delta": added_size - removed_size,
                "added_ids": added_ids, "deleted_ids": deleted_ids}

    def our_row(key, name, new, deleted, alloc, freed, retained=0):
        return {"key": key, "class": name, "new": new, "deleted": deleted, "delta": new - deleted,
                "alloc_size": alloc, "freed_size": freed, "size_delta": alloc - freed,
                "new_retained_size": retained}

    oracle = {",App": oracle_row("App", 1, 0, 32, 0, [31], []),
              ",(string)": oracle_row("(string)", 1, 0, 20, 0, [33], []),
              ",Cache": oracle_row("Cache", 0, 1, 0, 48, [], [29])}
    right = [our_row(",App", "App", 1, 0, 32, 0, 132), our_row(",(string)", "(string)", 1, 0, 20, 0, 20),
             our_row(",Cache", "Cache", 0, 1, 0, 48)]
    wrong_count = [dict(right[0], new=2, delta=2)] + right[1:]
    cases = [
        # name, our classes (or a whole document), extra arguments, exit code, expected lines
        ("right", right, [], 0, ["3 oracle rows, 3 ours; 0 unexplained differences, 0 explained"]),
        ("right, other order and extra fields", [dict(r, extra=1) for r in reversed(right)], [], 0, []),
        ("wrong count", wrong_count, [], 1,
         ["3 oracle rows, 3 ours; 1 unexplained differences, 0 explained (new 1, delta 1)",
          '  ",App": new: oracle 1, ours 2; delta: oracle 1, ours 2']),
        ("wrong freed size", right[:2] + [dict(right[2], freed_size=40, size_delta=-40)], [], 1,
         ['  ",Cache": freed_size: oracle 48, ours 40; size_delta: oracle -48, ours -40']),
        ("inconsistent delta", right[:2] + [dict(right[2], delta=1)], [], 1,
         ['  ",Cache": delta: oracle -1, ours 1']),
        ("missing row", right[:2], [], 1,
         ["3 oracle rows, 2 ours; 1 unexplained differences, 0 explained (missing in ours 1)",
          '  ",Cache": missing in ours (oracle: new 0, deleted 1, alloc_size 0, freed_size 48)']),
        ("extra row", right + [our_row("12,3,4,Foo", "Foo", 1, 0, 8, 0)], [], 1,
         ["3 oracle rows, 4 ours; 1 unexplained differences, 0 explained (missing in oracle 1)",
          '  "12,3,4,Foo": missing in oracle (ours: new 1, deleted 0, alloc_size 8, freed_size 0)']),
        ("row with no adds or deletes", right + [our_row(",Array", "Array", 0, 0, 0, 0)], [], 1,
         ['  ",Array": missing in oracle (ours: new 0, deleted 0, alloc_size 0, freed_size 0)']),
        ("key of another format", [dict(right[0], key="App")] + right[1:], [], 1,
         ["3 oracle rows, 3 ours; 2 unexplained differences, 0 explained (missing in ours 1, missing in oracle 1)"]),
        ("duplicate key", right + [right[0]], [], 1,
         ['  ",App": listed 2 times in ours']),
        ("absent field", [{k: v for k, v in right[0].items() if k != "alloc_size"}] + right[1:], [], 1,
         ['  ",App": alloc_size: oracle 32, ours "<absent>"']),
        ("class name not compared by default", [dict(right[0], **{"class": "Ap"})] + right[1:], [], 0, []),
        ("class name compared on request", [dict(right[0], **{"class": "Ap"})] + right[1:],
         ["--fields", "class,new"], 1, ['  ",App": class: oracle "App", ours "Ap"']),
        ("explained", wrong_count,
         ["--exceptions", [{"field": "new", "match": {"key": ",App", "current": "c2"}, "reason": "R1"},
                           {"field": "delta", "match": {"key": ",App"}, "reason": "R1"}], "--current", "c2"], 0,
         ["3 oracle rows, 3 ours; 0 unexplained differences, 2 explained",
          "  explained (2): R1", '    ",App": new: oracle 1, ours 2']),
        ("exception for another pair", wrong_count,
         ["--exceptions", [{"field": "new", "match": {"current": "c9"}, "reason": "R1"}], "--current", "c2"], 1,
         ['  ",App": new: oracle 1, ours 2; delta: oracle 1, ours 2']),
        ("missing row explained", right[:2],
         ["--exceptions", [{"field": "row", "match": {"key": ",Cache", "deleted": 1}, "reason": "R2"}]], 0,
         ["  explained (1): R2"]),
        ("not heapleak diff output", {"rows": right}, [], 2, []),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        oracle_path = os.path.join(tmp, "oracle.json")
        with open(oracle_path, "w") as f:
            json.dump(oracle, f)
        for name, classes, extra, want_code, want_lines in cases:
            ours_path = os.path.join(tmp, "ours.json")
            with open(ours_path, "w") as f:
                json.dump(classes if isinstance(classes, dict) else {"base": "b", "classes": classes}, f)
            argv = [oracle_path, ours_path]
            for arg in extra:
                if isinstance(arg, list):  # an exceptions list: written to a file
                    with open(os.path.join(tmp, "exceptions.json"), "w") as f:
                        json.dump(arg, f)
                    arg = os.path.join(tmp, "exceptions.json")
                argv.append(arg)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv)
                except SystemExit as e:
                    code = e.code
            lines = out.getvalue().splitlines()
            missing = [line for line in want_lines if line not in lines]
            if code != want_code or missing:
                failures += 1
                print(f"FAIL {name}: exit {code} (want {want_code}); missing lines {missing}; got:")
                print("\n".join("    " + line for line in lines + err.getvalue().splitlines()))
    print(f"compare_diff.py self-test: {len(cases) - failures}/{len(cases)} cases ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
