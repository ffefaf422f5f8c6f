"""The intervals and spreads the results report, in one place.

  median_interval(groups)     95 % interval of the median of values that come
                              in groups (one per worker process): a two-level
                              bootstrap, resampling the processes, then the
                              values within each, so that values sharing a
                              process (its layout, seed, CPU spell) are not
                              taken for independent ones
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


def median_interval(groups, level=LEVEL, resamples=RESAMPLES):
    """(low, high) for the median of all values in groups (lists of
    values); one value: (it, it)."""
    groups = [g for g in groups if g]
    values = [x for g in groups for x in g]
    if len(values) < 2:
        return (values[0], values[0]) if values else (None, None)
    rng = random.Random(SEED)
    medians = []
    for _ in range(resamples):
        pooled = []
        for group in rng.choices(groups, k=len(groups)):
            pooled += rng.choices(group, k=len(group))
        medians.append(statistics.median(pooled))
    return _percentiles(sorted(medians), level)


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
