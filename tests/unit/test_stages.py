"""make bench's stages (bench.Stages): each one's outcome recorded; a stage
after measuring that fails is one sentence naming the stage and the
interpreter, and the run goes on; a bug's traceback goes to a file, not to
the terminal; a failure while measuring ends the run."""
import pytest

import harness
from harness.pipeline import bench, results_io, stage_cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    """(Stages, its ResultsFolder), the tracebacks written under tmp_path."""
    monkeypatch.setattr(bench.Stages, "TRACEBACK_FILE", str(tmp_path / "traceback.txt"))
    results = results_io.ResultsFolder(str(tmp_path))
    results.start_metadata({})
    return bench.Stages({}), results


def test_a_stage_that_runs_is_timed_and_recorded(run):
    stages, results = run
    with stages.running("safety", results, timing="choice: safety"):
        pass
    assert stages.outcomes["safety"]["outcome"] == "ran"
    assert "choice: safety" in stages.timings
    assert stages.failed == []


def test_a_stage_that_cannot_apply_is_skipped_with_its_reason(run, capsys):
    stages, results = run
    with stages.running("threads", results):
        raise stage_cli.Skipped("no path releases the GIL")
    stages.skip("check", "CHECK=0")
    assert stages.outcomes["threads"] == {"outcome": "skipped",
                                          "why": "no path releases the GIL"}
    out = capsys.readouterr().out
    assert f"== threads: skipped on {harness.interpreter_label()}: no path releases" in out
    assert "== check: skipped on " in out


def test_a_failed_stage_is_one_sentence_and_the_run_goes_on(run, capsys, tmp_path):
    stages, results = run
    with stages.running("safety", results):
        raise AttributeError("module 'os' has no attribute 'sched_getaffinity'")
    with stages.running("first call", results):
        raise OSError("no such file")
    with stages.running("scaling", results):
        pass
    err = capsys.readouterr().err
    label = harness.interpreter_label()
    # a bug: its type and message, and where its traceback went; no traceback shown
    assert (f"make bench: the safety stage failed on {label}: AttributeError: module 'os' "
            "has no attribute 'sched_getaffinity' (a bug of ffi-bench: its traceback is in "
            in err)
    assert "Traceback" not in err
    assert "in test_a_failed_stage" in (tmp_path / "traceback.txt").read_text()
    # a failure of the machine: its message alone
    assert f"make bench: the first call stage failed on {label}: no such file\n" in err
    assert [name for name, _ in stages.failed] == ["safety", "first call"]
    assert stages.outcomes["scaling"]["outcome"] == "ran"
    assert any("the safety stage failed" in w for w in results.metadata["warnings"])
    stages.record(results)
    assert list(results.metadata["bench_stages"]) == ["safety", "first call", "scaling"]


def test_a_failure_while_measuring_ends_the_run_once_named(run):
    stages, results = run
    with pytest.raises(bench.Stop) as raised:
        with stages.running("measure", results, fatal=True):
            with stages.running("check", results, fatal=True):
                raise bench.Stop("summarize: a malformed value")
    assert str(raised.value) == (f"the check stage failed on {harness.interpreter_label()}: "
                                 "summarize: a malformed value")


def test_an_interruption_is_not_a_failure(run):
    stages, results = run
    with pytest.raises(bench.Interrupted):
        with stages.running("threads", results):
            raise bench.Interrupted()
    assert stages.failed == []
