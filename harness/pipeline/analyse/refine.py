"""Which rows get more worker processes: a run's time spent where its
intervals are wide.

After the run's WORKERS worker processes (workers.py), each row's published
figure and its 95 % interval are known (summarize.py).  EXTRA_WORKERS more
(config.py) processes then time only:
  - the decision table's rows (noop and add_i64 of each binding's path, in the
    interpreter loop): the figures most cited, always;
  - the rows of NOISE_FLOOR_NS or more whose processes disagree (multimodal:
    the figure depends on how many processes drew the fast layout), then
    those whose net interval is wider than WIDE_PCT of their figure, the
    widest first: at most MAX_WIDE_ROWS of them (the run's time budget);
  - every empty loop, which each net figure subtracts.
Their values join the row's others (summary.csv's `processes` counts them):
a figure that rested on 3 processes' layouts and 6 values then rests on 6 and
12, and one process's fast or slow layout, or one odd value, moves it less.
Why, measured: docs/METHODOLOGY.md#more-processes-where-the-intervals-are-wide.

  chosen(rows)           the names of the rows to time again, by why
  filter_flag(names)     the Google Benchmark filter that runs exactly those
"""

import re

from harness import registry
from harness.pipeline.analyse.summarize import NOISE_FLOOR_NS
from harness.registry import vocabulary as v

# A choice, not tuned: an interval wider than this share of its figure is
# wider than the decision rows moved between runs of 3 processes (up to 2.4 %,
# METHODOLOGY).  The reference's run chose 42 rows by it, calm runs 29-57.
WIDE_PCT = 4.0
# The time budget: 82 rows took 5.2-5.3 s in each extra process of the
# reference's run (2 values of 20 ms and a warm-up of 10 ms each), so 100
# wide rows and the decision rows keep the 3 extra processes near 25 s.
MAX_WIDE_ROWS = 100


def row_name(row):
    return "/".join(filter(None, (row["kernel"], row["path"], row["mode"], row["arg"])))


def decision_row(kernel, binding):
    """The row of `kernel` the decision table reads for a binding (decision.py:
    its path, in the interpreter loop)."""
    return f"{kernel}/{binding.path}/interp"


def decision_rows():
    """Every row the decision table reads from summary.csv."""
    return {decision_row(kernel, binding) for binding in registry.BINDINGS
            for kernel in ("noop", "add_i64")}


def width_pct(row):
    """The net interval's width in percent of the net figure; None below the
    noise floor (a few ns of net figure make any width a large share)."""
    net, low, high = (row.get(c) for c in ("ns_net", "ns_net_low", "ns_net_high"))
    if net is None or low is None or high is None or net < NOISE_FLOOR_NS:
        return None
    return (high - low) / net * 100


def chosen(rows, wide_pct=WIDE_PCT, most_wide=MAX_WIDE_ROWS):
    """The summary rows (summarize.summarize's, net columns as numbers) to
    time in more processes, by name: {"decision": the decision rows, "wide":
    the multimodal rows, then the widest (at most most_wide in all),
    "baselines": the empty loops}; every list empty when the first two are."""
    measured = {row_name(r): r for r in rows if not r.get("skipped")}
    decision = [name for name in measured if name in decision_rows()]
    wide = sorted(((r.get("multimodal") == "yes", width_pct(r), name)
                   for name, r in measured.items()
                   if name not in decision and width_pct(r) is not None
                   and (r.get("multimodal") == "yes" or width_pct(r) > wide_pct)),
                  reverse=True)
    found = {"decision": decision, "wide": [name for *_, name in wide[:most_wide]]}
    found["baselines"] = [name for name, r in measured.items()
                          if r["path"] == v.BASELINE_PATH and (decision or wide)]
    return found


def filter_flag(names):
    """--benchmark_filter matching exactly `names`, whether or not Google
    Benchmark appends /iterations:N to a name (a count fixed by
    FFB_ITERATIONS)."""
    return ("--benchmark_filter=^(" + "|".join(re.escape(n) for n in names)
            + ")(/iterations:[0-9]+)?$")
