"""Spells of a slowed machine inside the worker processes, known value by
value.  The calibrations before and after a worker see its two ends; a
spell of a few seconds to a minute inside it (the noise of these virtual
machines) they miss.  A spell shows in two ways, and each value of
calls.json carries both:

  - the CPU was not the worker's all the time: another process shared it
    (or the hypervisor took it), and the value's wall time (real_time) is
    more than its CPU time (cpu_time);
  - the CPU was the worker's but ran its calls slower (a vCPU's calls
    1.5-2x slower while a loop of arithmetic is not): the sentinel
    (harness/registry/sentinel.py), which the driver times after every timed
    run of a row, is slower; its value is sentinel_ns (ns per call, the
    median of its rounds) and sentinel_at_s its time (CLOCK_MONOTONIC
    seconds, one clock for every worker).  The sentinel's calm speed is the
    run's own, the CALM_SHARE quantile of every sentinel of the run (the
    calibration's process is another interpreter build, whose ns per call
    differ).

A value whose wall time over CPU time, or whose sentinel over the calm one,
is more than SLOWDOWN was measured in a spell.
It is left out of its row's figures (measured on a slowed CPU, it is not a
calm one) and counted in the row's spell_values; a row with no value outside
a spell keeps them all, and its spell_values says so.  A run measured
entirely on a slowed machine has a slow calm sentinel too: that is the
calibrations' to catch (workers.py, bench.hold_to_reference_calm,
metadata.json's slowed_machine).

  calm_sentinel(entries)        the run's calm sentinel, ns per call (or None)
  slowdown(entry, calm)         how much slower than calm its value ran
  grouped(entries, ns_of)       {row name: (values per worker, spell_values)}
  records(entries)              the spells, per worker, for metadata.json
"""

import statistics

from harness.pipeline.analyse import stats

# A value, or a calibration (calibrate.NOISY_SLOWDOWN), this much slower than
# calm was measured in a spell.  Well above the few percent two calibrations
# of a calm CPU differ by, and below the 1.6-1.8x of the noisy vCPU.
SLOWDOWN = 1.15
CALM_SHARE = 0.10
SENTINEL = "sentinel_ns"
AT = "sentinel_at_s"


def _timed(entries):
    """The entries that are a timed value (no aggregate, no error)."""
    return [e for e in entries if isinstance(e, dict) and e.get("run_type") != "aggregate"
            and not e.get("error_occurred")]


def calm_sentinel(entries):
    """The CALM_SHARE quantile of the run's sentinels, or None (a run made
    before the sentinel, or by jit_timing.py)."""
    found = [float(e[SENTINEL]) for e in _timed(entries) if e.get(SENTINEL)]
    return stats.quantile(found, CALM_SHARE) if found else None


def slowdown(entry, calm):
    """How much slower than calm the entry's value ran: the larger of its
    wall time over its CPU time and its sentinel over the calm one (1.0 when
    neither is known)."""
    found = [1.0]
    if entry.get("cpu_time") and entry.get("real_time"):
        found.append(float(entry["real_time"]) / float(entry["cpu_time"]))
    if calm and entry.get(SENTINEL):
        found.append(float(entry[SENTINEL]) / calm)
    return max(found)


def in_spell(entry, calm):
    """Whether the entry's value was measured in a spell."""
    return slowdown(entry, calm) > SLOWDOWN


def grouped(entries, ns_of, leave_out=True):
    """{row name: ([[ns per call, ...] per worker], spell_values)} of the
    timed values: those measured in a spell left out (leave_out) unless the
    row has no other; spell_values counts them either way."""
    calm = calm_sentinel(entries)
    calm_values, spell_values = {}, {}
    for entry in _timed(entries):
        name = entry.get("run_name") or entry.get("name")
        into = spell_values if in_spell(entry, calm) else calm_values
        into.setdefault(name, {}).setdefault(entry.get("ffb_worker", 0), []).append(
            ns_of(entry))
    result = {}
    for name in {**calm_values, **spell_values}:
        calm_groups, spell_groups = calm_values.get(name, {}), spell_values.get(name, {})
        if not leave_out or not calm_groups:
            for worker, values in spell_groups.items():
                calm_groups.setdefault(worker, []).extend(values)
        result[name] = (list(calm_groups.values()), sum(map(len, spell_groups.values())))
    return result


def records(entries):
    """{calm_ns, slowdown, values, in_spells, spells: [{worker, at_s,
    seconds, values, slowdown}]}: each spell a stretch of one worker's values,
    in time order, measured in a spell (at_s from the run's first value;
    slowdown the median of theirs), or None without sentinels (no time
    order)."""
    timed = [e for e in _timed(entries) if e.get(SENTINEL) and e.get(AT)]
    calm = calm_sentinel(timed)
    if calm is None:
        return None
    start = min(float(e[AT]) for e in timed)
    by_worker = {}
    for entry in sorted(timed, key=lambda e: float(e[AT])):
        by_worker.setdefault(entry.get("ffb_worker", 0), []).append(entry)
    found = []
    for worker, ordered in sorted(by_worker.items()):
        stretch = []
        for entry in [*ordered, None]:
            if entry is not None and in_spell(entry, calm):
                stretch.append(entry)
                continue
            if stretch:
                first, last = float(stretch[0][AT]), float(stretch[-1][AT])
                found.append({"worker": worker, "at_s": round(first - start, 1),
                              "seconds": round(last - first, 1), "values": len(stretch),
                              "slowdown": round(statistics.median(
                                  slowdown(e, calm) for e in stretch), 2)})
            stretch = []
    return {"calm_ns": round(calm, 2), "slowdown": SLOWDOWN, "values": len(timed),
            "in_spells": sum(s["values"] for s in found), "spells": found}


def warning(found):
    """The sentence metadata.json's warnings give a run with spells, or ""."""
    if not found or not found["spells"]:
        return ""
    longest = max(found["spells"], key=lambda s: (s["values"], s["seconds"]))
    if longest["values"] > 1:
        worst = (f"the longest {longest['values']} values over {longest['seconds']:.1f} s "
                 f"in worker {longest['worker'] + 1}, {longest['slowdown']:.2f}x")
    else:  # isolated values: their spells were shorter than one value's run
        slowest = max(found["spells"], key=lambda s: s["slowdown"])
        worst = (f"each a single value, the slowest {slowest['slowdown']:.2f}x "
                 f"in worker {slowest['worker'] + 1}")
    return (f"{found['in_spells']} of {found['values']} values were measured during "
            f"{len(found['spells'])} spells of a slowed CPU inside the workers (wall time "
            f"over CPU time, or the sentinel over its calm {found['calm_ns']:.1f} ns, above "
            f"{found['slowdown']:.2f}x; {worst}): left out of their rows' "
            "figures (summary.csv's spell_values)")
