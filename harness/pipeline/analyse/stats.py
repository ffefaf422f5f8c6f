"""The estimators, intervals and spreads the results report, in one place.

  ESTIMATORS                  the candidate figures of a row from its values
                              in groups (one per worker process): the median,
                              a low quantile, the minimum, the median over
                              processes of each one's minimum; HEADLINE names
                              the one every published figure uses (chosen by
                              how well a fresh run reproduces the reference:
                              docs/METHODOLOGY.md, `make compare ESTIMATORS=1`)
  interval(groups, name)      95 % interval of that estimator: a two-level
                              bootstrap, resampling the processes, then the
                              values within each, so that values sharing a
                              process (its layout, seed, CPU spell) are not
                              taken for independent ones
  median_interval(groups)     the same for the median
  median_difference_interval  95 % interval of median(a) - median(b) for two
                              independent samples (hyperfine's runs)
  process_spread(groups)      (max - min) of the processes' medians over the
                              median of all values, in percent
  processes_disagree(groups)  the processes' medians form separate clusters

Fixed seeds: the same values give the same intervals.
"""

import random
import statistics

LEVEL, RESAMPLES, SEED = 0.95, 2000, 0
# The processes of a row disagree (its figure is multimodal) when their
# medians spread more than this, with a gap between two of them wider than
# DISAGREE_GAP times the typical range of one process's own values: a gap no
# process's own noise explains.
DISAGREE_PCT = 10.0
DISAGREE_GAP = 3.0


def _percentiles(ordered, level):
    tail = (1 - level) / 2
    last = len(ordered) - 1
    return ordered[int(tail * last)], ordered[int((1 - tail) * last)]


def quantile(values, share):
    """The share-quantile of values (linear between order statistics)."""
    ordered = sorted(values)
    at = share * (len(ordered) - 1)
    below = int(at)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (at - below)


def _pooled(groups):
    return [x for g in groups for x in g]


# The estimators that take every value alike, whichever process measured it,
# as functions of the pooled values (interval() draws them pooled).
OF_POOLED = {
    "median": statistics.median,
    "p25": lambda values: quantile(values, 0.25),
    "p10": lambda values: quantile(values, 0.10),
    "min": min,
}
# Each takes the groups (non-empty lists of values, one per process).  The
# noise of a shared machine is positive (a vCPU slows 1.5-2x for seconds to
# minutes, it never speeds up), so the low estimators keep what the spells
# leave alone; the median is kept beside them in every results file.
ESTIMATORS = {
    **{name: (lambda of: lambda groups: of(_pooled(groups)))(of)   # binds each `of`
       for name, of in OF_POOLED.items()},
    "process_min_median": lambda groups: statistics.median(min(g) for g in groups),
}
# Chosen by `make compare ESTIMATORS=1` on calm runs and on runs with spells
# (docs/METHODOLOGY.md#the-published-figure-an-estimator-chosen-by-measurement):
# the 10th percentile moved least from run to run in both, where the median
# moved tens of percent under spells and the minimum moved most when calm.
HEADLINE = "p10"


# What each estimator is, in the words the report, the charts and the
# decision table use for the published figure.
MEANINGS = {
    "median": "the median of every value of every worker process",
    "p25": "the 25th percentile of every value of every worker process",
    "p10": "the 10th percentile of every value of every worker process",
    "min": "the minimum of every value of every worker process",
    "process_min_median": "the median over worker processes of each one's minimum",
}
SHORT = {"median": "median", "p25": "25th percentile", "p10": "10th percentile",
         "min": "minimum", "process_min_median": "median of the processes' minima"}


def estimate(groups, name=HEADLINE):
    """The estimator `name` of the values in groups; None without values."""
    groups = [g for g in groups if g]
    return ESTIMATORS[name](groups) if groups else None


def interval(groups, name=HEADLINE, level=LEVEL, resamples=RESAMPLES):
    """(low, high) for the estimator `name` of the values in groups (lists
    of values); one value: (it, it)."""
    groups = [g for g in groups if g]
    values = _pooled(groups)
    if len(values) < 2:
        return (values[0], values[0]) if values else (None, None)
    # rng.choices(population, k=n) inlined: the same draws, population[
    # floor(random() * len)] each (bit for bit the intervals the call made),
    # without its call per group: summarising a run took seconds of it.
    draw = random.Random(SEED).random
    count = len(groups)
    found = []
    for _ in range(resamples):
        picked = [groups[int(draw() * count)] for _ in range(count)]
        if name in OF_POOLED:       # the values pooled as they are drawn
            found.append(OF_POOLED[name]([group[int(draw() * len(group))]
                                          for group in picked for _ in group]))
        else:
            found.append(ESTIMATORS[name]([[group[int(draw() * len(group))] for _ in group]
                                           for group in picked]))
    return _percentiles(sorted(found), level)


def median_interval(groups, level=LEVEL, resamples=RESAMPLES):
    """(low, high) for the median of all values in groups."""
    return interval(groups, "median", level, resamples)


def median_difference_interval(a, b, level=LEVEL, resamples=RESAMPLES):
    """(low, high): the bootstrap interval of median(a) - median(b)."""
    rng = random.Random(SEED)
    differences = sorted(statistics.median(rng.choices(a, k=len(a)))
                         - statistics.median(rng.choices(b, k=len(b)))
                         for _ in range(resamples))
    return _percentiles(differences, level)


def process_spread(groups):
    """In percent of the median of all values; None with fewer than two
    processes."""
    medians = [statistics.median(g) for g in groups if g]
    if len(medians) < 2:
        return None
    overall = statistics.median([x for g in groups for x in g])
    return (max(medians) - min(medians)) / overall * 100 if overall > 0 else None


def processes_disagree(groups):
    """True when the processes' medians spread more than DISAGREE_PCT and
    two neighbours among them are further apart than DISAGREE_GAP times the
    median range within one process; None (cannot tell) with fewer than two
    processes, or without a process of two values or more (no measure of a
    process's own noise)."""
    groups = [g for g in groups if g]
    spread = process_spread(groups)
    ranges = [max(g) - min(g) for g in groups if len(g) > 1]
    if spread is None or not ranges:
        return None
    if spread <= DISAGREE_PCT:
        return False
    medians = sorted(statistics.median(g) for g in groups)
    gap = max(b - a for a, b in zip(medians, medians[1:]))
    return gap > DISAGREE_GAP * statistics.median(ranges)


def row_figures(groups, name=HEADLINE):
    """The summary's statistics of one row from its values in groups: the
    headline figure `ns` (estimator `name`) with its 95 % interval
    (ns_low, ns_high: gross, net of nothing yet), the median, min, max, CV,
    the processes' spread and whether they disagree."""
    groups = [g for g in groups if g]
    times = _pooled(groups)
    figure = estimate(groups, name)
    low, high = interval(groups, name)
    # A percentile interval of a bootstrap can miss the estimate itself on
    # few or skewed values; the published figure always lies in its interval.
    low, high = min(low, figure), max(high, figure)
    return {"ns": figure, "ns_low": low, "ns_high": high,
            "ns_median": statistics.median(times), "ns_min": min(times),
            "ns_max": max(times),
            "cv_pct": (statistics.stdev(times) / statistics.fmean(times) * 100
                       if len(times) > 1 else None),
            "process_spread_pct": process_spread(groups),
            "multimodal": {True: "yes", False: "no", None: ""}[processes_disagree(groups)]}


def net_of(figures, baseline):
    """The net columns of a row (ns_net with its interval, ns_net_median)
    from its figures and its baseline's (the empty loop of the same mode and
    batch, the same estimator): the interval is the row's own, moved by the
    baseline's figure (the loop's own uncertainty not added)."""
    base = baseline["ns"]
    return {"ns_net": figures["ns"] - base, "ns_net_low": figures["ns_low"] - base,
            "ns_net_high": figures["ns_high"] - base,
            "ns_net_median": figures["ns_median"] - baseline["ns_median"]}


# A published figure that must not be read at face value carries a mark
# wherever it is shown (REPORT.md, the decision table, the README, the page):
# MULTIMODAL_MARK when its worker processes disagree (processes_disagree: one
# process's figure would have been another), WIDE_MARK when its 95 % interval
# spans more than WIDE_MARK_PCT of it and more than WIDE_MARK_NS (a choice:
# 2.5 times refine.WIDE_PCT, the width that earns a row more processes, so
# that a row those did not narrow is marked; a nanosecond, the resolution of
# the fastest rows, under which no width is worth a mark).
MULTIMODAL_MARK, WIDE_MARK = "†", "‡"
WIDE_MARK_PCT, WIDE_MARK_NS = 10.0, 1.0
MARKS_LEGEND = (f"{MULTIMODAL_MARK} multimodal: the worker processes disagree (each process's "
                f"own figure differs beyond its noise); {WIDE_MARK} wide: the 95 % interval "
                f"spans more than {WIDE_MARK_PCT:.0f} % of the figure")


def noise_mark(row):
    """The mark of a summary.csv row (a dict of its cells), or ""."""
    if not row or not row.get("ns_net"):
        return ""
    if row.get("multimodal") == "yes":
        return MULTIMODAL_MARK
    net, low, high = (float(row.get(c) or "nan") for c in ("ns_net", "ns_net_low", "ns_net_high"))
    width = high - low
    if width > WIDE_MARK_NS and net > 0 and width > net * WIDE_MARK_PCT / 100:
        return WIDE_MARK
    return ""
