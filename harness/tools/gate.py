"""make gate BASE=<results folder or its instr.csv> [GATE_PCT=2] [CURRENT=...]
[INSTR=text]: the current build's instruction counts per call (callgrind,
net of the empty loop; make bench-instr's) against BASE's, row by row
(kernel x path x mode [x variant]), for a pull request's check.

Prints each change, largest first, with both counts.  Exit status:
  0  no row grew more than GATE_PCT percent
  1  some row did (each is marked GREW)
  2  BASE (or CURRENT) is missing, or was made with another kernel object,
     C compiler or C flags than the current build (as make merge refuses):
     its counts are of other machine code, and the message names the
     difference

CURRENT (a results folder or instr.csv) compares two existing counts
instead of counting the current build (which runs make bench-instr's
counting into build/gate/, INSTR= limiting it as it limits bench-instr).
Rows that only one side has are listed, and never fail the gate.  Counts are
deterministic for one binary, one harness and one CPU, so the threshold
guards against real changes; a percentage, not a count, so that it scales
with the row.  Counted on another CPU, a few rows differ without a change
of code (a JIT-compiled path's code is made for the CPU it runs on; glibc
picks its string functions by the CPU): the gate says so above its verdict
(docs/METHODOLOGY.md, "Releases of a binding tool ... and the gate").

Usage: python3 -m harness.tools.gate BASE [--pct=2] [--current=C] [--text=T]
"""

import argparse
import csv
import json
import os
import sys

import harness
from harness.registry.metadata import SAME_CODE_KEYS
from harness.tools import instr

DEFAULT_PCT = 2.0
# What tells two CPUs apart in instr_metadata.json, for the gate's warning.
CPU_KEYS = ("cpu_model", "cpu_microarchitecture", "cpu_family_model_stepping")
EXIT_PASSED, EXIT_GREW, EXIT_REFUSED = 0, 1, 2


class Refused(Exception):
    """BASE or CURRENT cannot be compared; the message says why."""


def load(spec, what):
    """({row name: net instructions per call}, metadata) of a results folder
    or an instr.csv (its instr_metadata.json beside it)."""
    table = os.path.join(spec, "instr.csv") if os.path.isdir(spec) else spec
    if not os.path.isfile(table):
        raise Refused(f"{what}={spec}: no instr.csv there (make bench-instr RESULTS=<folder> "
                      "counts one)")
    meta_file = os.path.join(os.path.dirname(table), "instr_metadata.json")
    try:
        with open(meta_file) as f:
            meta = json.load(f)
    except (OSError, ValueError) as exc:
        raise Refused(f"{what}={spec}: its instr_metadata.json cannot be read ({exc}): "
                      "without it, the code it counted is unknown") from None
    counts = {}
    with open(table, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("instructions_net"):
                name = "/".join(filter(None, (row["kernel"], row["path"], row["mode"],
                                              row["arg"])))
                counts[name] = float(row["instructions_net"])
    if not counts:
        raise Refused(f"{what}={spec}: {table} has no net instruction counts")
    return counts, meta


def refusal(base_meta, current_meta):
    """Why the two counts are of different machine code, or ""."""
    differ = [f"{what}: {base_meta.get(key, 'not recorded')!r} in BASE, "
              f"{current_meta.get(key, 'not recorded')!r} now"
              for key, what in SAME_CODE_KEYS
              if base_meta.get(key, "not recorded") != current_meta.get(key, "not recorded")]
    return "; ".join(differ)


def changes(base, current):
    """[(name, base count, current count, change in %)], the largest change
    first (rows both sides have)."""
    found = [(name, base[name], current[name],
              100.0 * (current[name] - base[name]) / base[name] if base[name] else 0.0)
             for name in base.keys() & current.keys()]
    return sorted(found, key=lambda c: (-abs(c[3]), c[0]))


def gate(base_spec, pct=DEFAULT_PCT, current_spec="", text="", out=print):
    """The exit status above, after printing the comparison."""
    try:
        base, base_meta = load(base_spec, "BASE")
        if not current_spec:
            current_spec = os.path.join(harness.BUILD, "gate")
            instr.count(current_spec, text)
        current, current_meta = load(current_spec, "CURRENT")
        why = refusal(base_meta, current_meta)
        if why:
            raise Refused(f"BASE={base_spec} counted other machine code than "
                          f"{current_spec}: {why}; make its counts again with this build "
                          "(make bench-instr RESULTS=...)")
    except Refused as exc:
        out(f"gate: refused: {exc}")
        return EXIT_REFUSED
    found = changes(base, current)
    grew = [c for c in found if c[3] > pct]
    out(f"gate: {len(found)} rows of BASE={base_spec} (commit "
        f"{base_meta.get('git_commit', '?')[:10]}) against {current_spec} (commit "
        f"{current_meta.get('git_commit', '?')[:10]}), net instructions per call, "
        f"GATE_PCT={pct:g}")
    for name, before, after, change in found:
        if change:
            mark = "  GREW" if change > pct else ""
            out(f"  {change:+7.2f} %  {name}: {before:.1f} -> {after:.1f}{mark}")
    for name in sorted(base.keys() - current.keys()):
        out(f"  only in BASE: {name}")
    for name in sorted(current.keys() - base.keys()):
        out(f"  not in BASE: {name}")
    unchanged = sum(1 for c in found if not c[3])
    cpus = [f"{base_meta.get(key, '?')} / {current_meta.get(key, '?')}" for key in CPU_KEYS
            if base_meta.get(key) != current_meta.get(key)]
    if cpus:
        out(f"gate: warning: BASE and CURRENT were counted on different CPUs ({'; '.join(cpus)}): "
            "a JIT-compiled path (cppyy) and rows that depend on the memory layout can differ "
            "without a change of code; count BASE on this machine to be sure")
    if grew:
        out(f"gate: FAILED: {len(grew)} rows grew more than {pct:g} % "
            f"({unchanged} unchanged)")
        return EXIT_GREW
    out(f"gate: passed: no row grew more than {pct:g} % ({unchanged} of {len(found)} "
        "unchanged)")
    return EXIT_PASSED


def main(argv=None):
    parser = argparse.ArgumentParser(prog="make gate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", metavar="BASE")
    parser.add_argument("--pct", type=float, default=DEFAULT_PCT)
    parser.add_argument("--current", default="")
    parser.add_argument("--text", default="")
    args = parser.parse_args(argv)
    if args.pct < 0:
        print(f"gate: GATE_PCT={args.pct:g}: a percentage of growth, 0 or more",
              file=sys.stderr)
        return EXIT_REFUSED
    try:
        return gate(args.base, args.pct, args.current, args.text)
    except RuntimeError as exc:      # the counting itself failed
        print(f"gate: refused: counting the current build failed: {exc}", file=sys.stderr)
        return EXIT_REFUSED


if __name__ == "__main__":
    sys.exit(main())
