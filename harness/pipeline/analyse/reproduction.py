"""How far one run lies from another (the reference): the net figures of
both, summarised alike from their raw values, over the rows of
NOISE_FLOOR_NS or more; used by make compare (harness/tools/compare.py) and
by every REPORT.md, which states how far its run lies from the committed
reference when that was made on the same CPU model and interpreter.

  net_rows(report, estimator)   {row name: summary row} of a raw report
  summary_rows(folder)          the same, read from a results folder's
                                summary.csv (already summarised alike)
  reproduction(rows_a, rows_b, scale)
                                |B x scale / A - 1| at the median row, 90th
                                percentile and worst; the rows outside their
                                interval
  speed(calm_a, calm_b)         how much slower A's machine ran than B's, by
                                the runs' calm sentinels (spells.calm_sentinel
                                of the raw values, or metadata.json's
                                ffb_spells.calm_ns): B's scale
  decision_of_rows(rows)        the decision table's add_i64 column of net rows
  check(rows_a, rows_b, speed, decision_a, decision_b)
                                all of it, as measured and at A's speed, and
                                the decision table's add_i64 column
  describe_check(found)         its sentences
  comparable(meta_a, meta_b)    "" when the runs' machines and interpreters
                                match, else what differs
  this_run()                    this machine's and interpreter's facts that
                                comparable() compares
"""

import math
import platform
import statistics
import sys

from harness import registry
from harness.pipeline.analyse import refine, stats, summarize
from harness.pipeline.analyse.summarize import NOISE_FLOOR_NS
from harness.registry import metadata

def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _by_name(rows):
    return {refine.row_name(r): r for r in rows}


def net_rows(report, estimator=stats.HEADLINE, leave_out_spells=True):
    """{row name: summary row} of a raw report, summarised with `estimator`."""
    return _by_name(summarize.summarize(report, estimator, leave_out_spells))


# The columns reproduction() reads, as numbers.
_NET_COLUMNS = ("ns_net", "ns_net_low", "ns_net_high")


def summary_rows(results):
    """net_rows() of a results folder's run (a ResultsFolder; the headline
    estimator, spells left out), read from the summary.csv its run wrote
    with the same code: summarising again would bootstrap every interval
    anew, seconds per run."""
    return _by_name([{**row, **{c: float(row[c]) if row.get(c) else None
                                for c in _NET_COLUMNS}}
                     for row in results.table("summary.csv")])


def reproduction(rows_a, rows_b, scale=1.0):
    """How far B's net figures, times `scale`, lie from A's, over the rows of
    NOISE_FLOOR_NS or more in A that both measured: {rows, median_pct,
    p90_pct, worst_pct, worst_row, outside: [rows whose intervals do not
    overlap]}, or None when no such row has a net figure in both (no empty
    loop measured)."""
    deviations, outside = {}, []
    for name, a in rows_a.items():
        b = rows_b.get(name)
        if b is None or a["ns_net"] is None or b["ns_net"] is None:
            continue
        if a["ns_net"] < NOISE_FLOOR_NS:
            continue
        deviations[name] = abs(b["ns_net"] * scale / a["ns_net"] - 1) * 100
        if (b["ns_net_high"] * scale < a["ns_net_low"]
                or b["ns_net_low"] * scale > a["ns_net_high"]):
            outside.append(name)
    if not deviations:
        return None
    worst = max(deviations, key=deviations.get)
    return {"rows": len(deviations), "median_pct": statistics.median(deviations.values()),
            "p90_pct": _percentile(deviations.values(), 0.9),
            "worst_pct": deviations[worst], "worst_row": worst, "outside": outside}


def speed(calm_a, calm_b):
    """{calm_a, calm_b, scale}: each run's calm sentinel in ns (spells.py:
    the same ctypes calls in every run, timed all through its workers) and
    their ratio, the factor that puts B's figures at A's machine speed; or
    None when a run has no sentinel (None).  Machines of the same model run
    the same code at different speeds from one hour or host to the next,
    uniformly across the rows; that is the machine's state, not the
    toolkit's noise."""
    if not calm_a or not calm_b:
        return None
    return {"calm_a": calm_a, "calm_b": calm_b, "scale": calm_a / calm_b}


# The decision table's column whose reproduction is checked.
DECISION_COLUMN = "add_i64_ns"


def decision_table(results):
    """{binding: row} of a results folder's decision.csv (a ResultsFolder),
    or None (a run made with CHOICE=0, or a lone calls.json)."""
    rows = results.table_or_none("decision.csv")
    return None if rows is None else {r["binding"]: r for r in rows}


def decision_of_rows(rows):
    """{binding: {DECISION_COLUMN: net ns}} from net rows (net_rows): the
    decision table's column as the decision stage takes it from summary.csv,
    for a raw report, which has no decision.csv."""
    return {b.name: {DECISION_COLUMN: rows[name]["ns_net"]} for b in registry.BINDINGS
            for name in [refine.decision_row("add_i64", b)] if rows.get(name, {}).get("ns_net")}


def decision_deviation(decision_a, decision_b, scale=1.0):
    """The worst |B x scale / A - 1| of the decision table's DECISION_COLUMN
    over the bindings both have (decision.csv's rows): (percent, binding),
    or None."""
    found = {}
    for binding, a in decision_a.items():
        b = decision_b.get(binding, {})
        if a.get(DECISION_COLUMN) and b.get(DECISION_COLUMN):
            found[binding] = abs(float(b[DECISION_COLUMN]) * scale
                                 / float(a[DECISION_COLUMN]) - 1) * 100
    worst = max(found, key=found.get, default=None)
    return None if worst is None else (found[worst], worst)


def check(rows_a, rows_b, machine_speed=None, decision_a=None, decision_b=None):
    """The reproduction of B against A from their net rows (net_rows or
    summary_rows) and speed(): {as_measured, speed, at_speed (None without
    sentinels), decision, decision_at_speed} (the decision tables: {binding:
    decision.csv row}, or None), or None when no row compares."""
    found = {"as_measured": reproduction(rows_a, rows_b)}
    if found["as_measured"] is None:
        return None
    found["speed"] = machine_speed
    scale = found["speed"]["scale"] if found["speed"] else None
    found["at_speed"] = scale and reproduction(rows_a, rows_b, scale)
    tables = decision_a and decision_b
    found["decision"] = tables and decision_deviation(decision_a, decision_b)
    found["decision_at_speed"] = tables and scale and decision_deviation(
        decision_a, decision_b, scale)
    return found


def describe_check(found):
    """The sentences of a check(): as measured, then at A's machine speed."""
    lines = [f"As measured: {describe(found['as_measured'])}"
             + _decision_clause(found["decision"]) + "."]
    if found["speed"]:
        sp = found["speed"]
        lines.append(
            f"At A's machine speed (B's figures x {sp['scale']:.3f}, the ratio of the runs' "
            f"calm sentinels, {sp['calm_a']:.1f} ns in A against {sp['calm_b']:.1f} in B): "
            f"{describe(found['at_speed'])}" + _decision_clause(found["decision_at_speed"])
            + ".")
    else:
        lines.append("At A's machine speed: not known (a run without the sentinel).")
    return lines


def _decision_clause(found):
    return ("" if not found else
            f"; the decision table's add_i64 column: worst {found[0]:.1f}% ({found[1]})")


def describe(found):
    """One line of a reproduction's figures."""
    return (f"|B/A - 1| over {found['rows']} rows >= {NOISE_FLOOR_NS:.0f} ns: median row "
            f"{found['median_pct']:.1f}%, 90th percentile {found['p90_pct']:.1f}%, worst "
            f"{found['worst_pct']:.1f}% ({found['worst_row']}); "
            f"{len(found['outside'])} rows outside their interval")


# What must match for a run to reproduce another (metadata.json's keys).
COMPARABLE_KEYS = ("cpu_model", "cpu_family_model_stepping", "python_version",
                   "python_interpreter")


def this_run():
    """This machine's and interpreter's values of COMPARABLE_KEYS, as a
    run's metadata.json will record them."""
    return {"cpu_model": metadata.cpu_model(),
            "cpu_family_model_stepping": metadata.cpu_identity()["cpu_family_model_stepping"],
            "python_version": platform.python_version(), "python_interpreter": sys.executable}


def comparable(meta_a, meta_b):
    """"" when both runs' metadata name the same CPU model and interpreter,
    else what differs."""
    return "; ".join(f"{key} {meta_a.get(key)!r} against {meta_b.get(key)!r}"
                     for key in COMPARABLE_KEYS if str(meta_a.get(key)) != str(meta_b.get(key)))
