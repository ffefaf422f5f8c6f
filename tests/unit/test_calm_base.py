"""The run's base calibration is the machine's calm speed: a move of CPU
never raises it, a run waits (bounded) for a calm CPU, and what was measured
on a slowed CPU is marked, never published as calm (workers.py,
calibrate.py, summarize.py); calibrations are stood in for."""
import json

import pytest

from harness.pipeline import bench
from harness.pipeline.analyse import reproduction, summarize
from harness.pipeline.measure import calibrate, workers


def calibration(cpu, ns):
    return {"cpu": cpu, "ns": ns, "cv_pct": 1.0, "spread_pct": 1.0, "score": ns, "at": 0.0}


def team(base_ns=100.0):
    said = []
    cpu = {"cpu": 0, "how": "the calmest of CPUs 0, 1 by calibration",
           "base": calibration(0, base_ns), "settled": True}
    return workers.Workers("hosted", [], "/nonexistent", 1, cpu, "/nonexistent", 0.01,
                           say=lambda *a, **k: said.append(a[0]), wait_seconds=60), said


def test_a_move_to_a_slowed_cpu_keeps_the_calm_base_and_marks_the_run(monkeypatch):
    """Both CPUs stay 1.9x slower: the base is not raised to theirs, the run
    waits in steps until its bound, says so, and is marked slowed."""
    rankings, clock = [], [0.0]
    def rank(cpus, rounds=calibrate.CHOICE_ROUNDS):
        rankings.append(clock[0])
        return 1, [calibration(0, 195.0), calibration(1, 190.0)]
    monkeypatch.setattr(calibrate, "rank", rank)
    monkeypatch.setattr(calibrate.harness, "allowed_cpus", lambda: [0, 1])
    monkeypatch.setattr(calibrate.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(calibrate.time, "sleep", lambda s: clock.__setitem__(0, clock[0] + s))
    workers_, said = team()
    workers_.rechoose("calls took 190 ns")
    assert workers_.cpu["base"]["ns"] == 100.0 and workers_.cpu["cpu"] == 1
    assert len(rankings) == 60 / calibrate.WAIT_STEP_SECONDS + 1
    assert any("1.9x slower than calm" in line and "waiting" in line for line in said)
    assert workers_.cpu["slowed"] and "1.90x" in workers_.cpu["slowed"][0]
    found = summarize.calibration_warnings([], workers_.cpu)
    assert any(w.startswith("MEASURED ON A SLOWED MACHINE") for w in found)


def test_a_calm_cpu_found_at_once_is_not_waited_for(monkeypatch):
    monkeypatch.setattr(calibrate, "rank",
                        lambda cpus, rounds=3: (1, [calibration(0, 190.0),
                                                    calibration(1, 104.0)]))
    monkeypatch.setattr(calibrate.harness, "allowed_cpus", lambda: [0, 1])
    monkeypatch.setattr(calibrate.time, "sleep", lambda s: pytest.fail("waited"))
    workers_, _ = team()
    workers_.rechoose("calls took 190 ns")
    assert workers_.cpu["cpu"] == 1 and workers_.cpu["base"]["ns"] == 100.0
    assert "slowed" not in workers_.cpu
    assert not any("SLOWED" in w for w in summarize.calibration_warnings([], workers_.cpu))


def test_a_worker_kept_after_its_reruns_on_a_slowed_cpu_is_marked(monkeypatch, tmp_path):
    """After MAX_RERUNS the worker is kept (the run must end) but the run
    says its values were measured on a slowed CPU."""
    slow = calibration(0, 300.0)
    monkeypatch.setattr(calibrate, "check", lambda cpu, base: (slow, "calls took 300 ns"))
    monkeypatch.setattr(workers.Workers, "rechoose", lambda self, why: None)
    monkeypatch.setattr(workers.Workers, "keep_iterations", lambda self, out: None)
    def run_driver(self, index, out, log):
        with open(out, "w") as f:
            f.write("{}")
        return 1, 0.1
    monkeypatch.setattr(workers.Workers, "run_driver", run_driver)
    workers_, _ = team()
    workers_.folder = str(tmp_path)
    kept = workers_.run()
    assert [r["status"] for r in workers_.records] == ["dropped"] * workers.MAX_RERUNS + ["kept"]
    assert kept[0]["why"].startswith("CPU 0: calls took 300 ns")
    assert "kept after 2 re-runs" in workers_.cpu["slowed"][0]


def reference_folder(tmp_path, calm_ns, **facts):
    """A results folder whose metadata.json is a reference's: its CPU choice's
    calm base, and this machine's facts unless `facts` change them."""
    meta = {**reproduction.this_run(), **facts,
            "ffb_cpu": {"cpu": 0, "base": calibration(0, calm_ns)}}
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    return str(tmp_path)


def chosen(base_ns):
    return {"cpu": 0, "how": "the calmest of CPUs 0, 1 by calibration",
            "base": calibration(0, base_ns), "settled": True}


def test_a_run_slower_than_the_reference_from_the_start_waits_then_is_marked(
        monkeypatch, tmp_path):
    """Every CPU 1.6x slower than the comparable reference's calm base from
    the start: the run's own base cannot show it; the reference's does."""
    waits = []
    def wait_for_calm(base, seconds, say=print):
        waits.append((base["ns"], seconds))
        return 1, [calibration(0, 165.0), calibration(1, 160.0)], seconds
    monkeypatch.setattr(calibrate, "wait_for_calm", wait_for_calm)
    cpu = chosen(160.0)
    bench.hold_to_reference_calm(cpu, 300, reference_folder(tmp_path, 100.0))
    assert waits == [(100.0, 300)]
    assert cpu["slowed"] and "1.60x slower than the committed reference" in cpu["slowed"][0]
    assert any(w.startswith("MEASURED ON A SLOWED MACHINE")
               for w in summarize.calibration_warnings([], cpu))


def test_a_calm_cpu_found_while_waiting_becomes_the_base(monkeypatch, tmp_path):
    monkeypatch.setattr(calibrate, "wait_for_calm", lambda base, seconds, say=print: (
        1, [calibration(0, 160.0), calibration(1, 104.0)], 40.0))
    cpu = chosen(160.0)
    bench.hold_to_reference_calm(cpu, 300, reference_folder(tmp_path, 100.0))
    assert cpu["cpu"] == 1 and cpu["base"]["ns"] == 104.0 and "slowed" not in cpu


@pytest.mark.parametrize("facts, base_ns", [({"cpu_model": "another CPU"}, 160.0),
                                            ({}, 110.0)])
def test_no_wait_against_another_machine_or_when_calm(monkeypatch, tmp_path, facts, base_ns):
    monkeypatch.setattr(calibrate, "wait_for_calm",
                        lambda *a, **k: pytest.fail("waited"))
    cpu = chosen(base_ns)
    bench.hold_to_reference_calm(cpu, 300, reference_folder(tmp_path, 100.0, **facts))
    assert "slowed" not in cpu and cpu["base"]["ns"] == base_ns
