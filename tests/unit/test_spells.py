"""Spells inside a worker (harness/pipeline/analyse/spells.py): the values whose
sentinel shows a slowed CPU are left out of their row's figures and counted,
a row with no other value keeps them, the spells are recorded per worker,
and a run without sentinels is summarised as before."""
import pytest

from harness.pipeline.analyse import spells, summarize

CALM, SLOW = 150.0, 150.0 * (spells.SLOWDOWN + 0.3)


def entry(name, ns, sentinel=None, at=None, worker=0):
    found = {"name": name, "run_name": name, "run_type": "iteration", "real_time": ns,
             "time_unit": "ns", "iterations": 1000, "ffb_worker": worker,
             "label": "gil_released=0 batch=1000"}
    if sentinel is not None:
        found.update(sentinel_ns=sentinel, sentinel_at_s=at)
    return found


def run_with_a_spell():
    """Worker 0: add's and the empty loop's values over 10 s, those at 3 to
    5.2 s in a spell (add's 1.8x slower); worker 1 calm.  noop: measured
    only in the spell."""
    entries = []
    for i in range(10):
        spell = i in (3, 4, 5)
        entries.append(entry("add_i64/x.y/interp", 36.0 if spell else 20.0 + i * 0.01,
                             SLOW if spell else CALM + i * 0.1, 1000.0 + i))
        entries.append(entry("add_i64/x.y/interp", 20.5, CALM, 1000.5 + i, worker=1))
        entries.append(entry("empty/baseline/interp", 5.0, SLOW if spell else CALM,
                             1000.2 + i))
    entries.append(entry("noop/x.y/interp", 30.0, SLOW, 1004.5))
    return entries


def test_values_in_a_spell_are_left_out_and_counted():
    found = spells.grouped(run_with_a_spell(), summarize.ns_of)
    groups, left_out = found["add_i64/x.y/interp"]
    assert left_out == 3
    assert 36.0 not in [x for g in groups for x in g] and sum(map(len, groups)) == 17
    kept, counted = spells.grouped(run_with_a_spell(), summarize.ns_of,
                                   leave_out=False)["add_i64/x.y/interp"]
    assert counted == 3 and sum(map(len, kept)) == 20
    # a row measured only in a spell keeps its values, and says so
    groups, left_out = found["noop/x.y/interp"]
    assert groups == [[30.0]] and left_out == 1


def test_the_summary_leaves_spells_out_of_the_figures():
    report = {"benchmarks": run_with_a_spell()}
    rows = {r["kernel"]: r for r in summarize.summarize(report)}
    assert rows["add_i64"]["spell_values"] == 3 and rows["add_i64"]["repetitions"] == 17
    assert rows["add_i64"]["ns_max"] < 21
    kept = {r["kernel"]: r for r in summarize.summarize(report, leave_out_spells=False)}
    assert kept["add_i64"]["ns_max"] == 36.0 and kept["add_i64"]["repetitions"] == 20


def test_spells_are_recorded_per_worker_with_their_time_and_slowdown():
    found = spells.records(run_with_a_spell())
    assert found["calm_ns"] == pytest.approx(CALM, rel=0.01)
    assert found["values"] == 31 and found["in_spells"] == 7
    assert found["spells"] == [{"worker": 0, "at_s": 3.0, "seconds": 2.2, "values": 7,
                                "slowdown": pytest.approx(SLOW / found["calm_ns"], abs=0.01)}]
    said = spells.warning(found)
    assert "7 of 31 values were measured during 1 spells" in said
    assert "the longest 7 values over 2.2 s in worker 1" in said
    isolated = dict(found, spells=[dict(s, values=1, seconds=0.0, slowdown=x)
                                   for s, x in zip(found["spells"] * 2, (1.2, 1.5))])
    assert "each a single value, the slowest 1.50x in worker 1" in spells.warning(isolated)


def test_a_run_without_sentinels_is_summarised_as_before():
    entries = [entry("add_i64/x.y/interp", 20.0 + i) for i in range(5)]
    assert spells.records(entries) is None and spells.warning(None) == ""
    (groups, left_out), = spells.grouped(entries, summarize.ns_of).values()
    assert left_out == 0 and sum(map(len, groups)) == 5


def test_a_value_whose_cpu_was_shared_is_in_a_spell_without_a_sentinel():
    """Wall time twice the CPU time: another process had the CPU half the
    time (a run made before the sentinel still shows it)."""
    shared = {**entry("add_i64/x.y/interp", 40.0), "cpu_time": 20.0}
    alone = {**entry("add_i64/x.y/interp", 20.0), "cpu_time": 19.9}
    assert spells.slowdown(shared, None) == pytest.approx(2.0)
    assert spells.in_spell(shared, None) and not spells.in_spell(alone, None)
    (groups, left_out), = spells.grouped([shared, alone], summarize.ns_of).values()
    assert groups == [[20.0]] and left_out == 1
