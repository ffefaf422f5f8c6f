"""How far one run lies from another (the reference): the net figures of
both, summarised alike from their raw values, over the rows of
NOISE_FLOOR_NS or more; used by make compare (harness/tools/compare.py) and
by every REPORT.md, which states how far its run lies from the committed
reference when that was made on the same CPU model and interpreter.

  net_rows(report, estimator)   {row name: summary row} of a raw report
  reproduction(rows_a, rows_b)  |B/A - 1| at the median row, 90th percentile
                                and worst; the rows outside their interval
  comparable(meta_a, meta_b)    "" when the runs' machines and interpreters
                                match, else what differs
  this_run()                    this machine's and interpreter's facts that
                                comparable() compares
"""

import math
import platform
import statistics
import sys

from harness.pipeline import stats, summarize
from harness.pipeline.summarize import NOISE_FLOOR_NS
from harness.registry import metadata

def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def net_rows(report, estimator=stats.HEADLINE, leave_out_spells=True):
    """{row name: summary row} of a raw report, summarised with `estimator`."""
    rows = summarize.summarize(report, estimator, leave_out_spells)
    return {"/".join(filter(None, (r["kernel"], r["path"], r["mode"], r["arg"]))): r
            for r in rows}


def reproduction(rows_a, rows_b):
    """How far B's net figures lie from A's, over the rows of NOISE_FLOOR_NS
    or more in A that both measured: {rows, median_pct, p90_pct, worst_pct,
    worst_row, outside: [rows whose intervals do not overlap]}, or None
    when no such row has a net figure in both (no empty loop measured)."""
    deviations, outside = {}, []
    for name, a in rows_a.items():
        b = rows_b.get(name)
        if b is None or a["ns_net"] is None or b["ns_net"] is None:
            continue
        if a["ns_net"] < NOISE_FLOOR_NS:
            continue
        deviations[name] = abs(b["ns_net"] / a["ns_net"] - 1) * 100
        if b["ns_net_high"] < a["ns_net_low"] or b["ns_net_low"] > a["ns_net_high"]:
            outside.append(name)
    if not deviations:
        return None
    worst = max(deviations, key=deviations.get)
    return {"rows": len(deviations), "median_pct": statistics.median(deviations.values()),
            "p90_pct": _percentile(deviations.values(), 0.9),
            "worst_pct": deviations[worst], "worst_row": worst, "outside": outside}


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
