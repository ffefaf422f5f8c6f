"""The one configuration of a run (harness/pipeline/config.py): the knobs
parsed once, the settings that cannot work refused with the fix named, and
the one knob table that the Makefile and docs/USAGE.md follow."""
import fcntl
import os
import re

import pytest

import harness
from harness.pipeline import bench, config
from harness.pipeline.publish import charts


def test_the_defaults_follow_quick():
    full, quick = config.from_knobs({}), config.from_knobs({"QUICK": "1"})
    def counts(cfg):
        return cfg.quick, cfg.workers(), cfg.extra_workers, cfg.check_workers()
    assert counts(full) == (False, 3, 3, 2) and counts(quick) == (True, 2, 0, 1)
    assert full.speed == "full" and quick.speed == "quick"
    assert full.results == "results" and full.check and full.choice and not full.verbose


def test_knobs_given_are_taken_as_typed():
    cfg = config.from_knobs({"WORKERS": "5", "EXTRA_WORKERS": "0", "CHECK": "0", "CHOICE": "0",
                             "V": "1", "RESULTS": "out/", "PIN": "none",
                             "FRONTEND": "hosted"})
    assert (cfg.workers(), cfg.extra_workers, cfg.check, cfg.choice, cfg.verbose) == \
        (5, 0, False, False, True)
    assert cfg.results == "out" and cfg.pin == "none" and cfg.frontend == "hosted"
    # WORKERS= is every measuring method's count; without it each keeps its own
    assert cfg.workers({"quick": 2, "full": 5}) == 5
    assert config.from_knobs({}).workers({"quick": 2, "full": 5}) == 5


def test_the_settings_recorded_are_the_knobs_as_given():
    cfg = config.from_knobs({"QUICK": "1", "BENCH_ARGS": "--benchmark_filter=^noop/"})
    recorded = cfg.settings(cfg.workers())
    assert recorded == {"QUICK": "1", "BENCH_ARGS": "--benchmark_filter=^noop/", "PIN": "",
                        "FRONTEND": "", "CHECK": "1", "WORKERS": "2", "EXTRA_WORKERS": "0"}


def test_a_filter_always_brings_the_baselines():
    assert config.bench_args("--benchmark_filter=^(noop|add_i64)/") == \
        ("--benchmark_filter=(^(noop|add_i64)/)|^empty/",)
    assert config.bench_args("--benchmark_filter=-add") == ("--benchmark_filter=-add",)
    assert config.bench_args("") == ()


@pytest.mark.parametrize("knobs, message", [
    ({"BENCH_ARGS": "--bogus"}, "'--bogus' is not a Google Benchmark flag"),
    ({"BENCH_ARGS": "--benchmark_out=x.json"}, "--benchmark_out is set by make bench"),
    ({"BENCH_ARGS": "'--benchmark_filter=("}, "quote a regular expression once"),
    ({"WORKERS": "0"}, "WORKERS=0: give a number of worker processes, 1 or more"),
    ({"WORKERS": "x"}, "WORKERS=x: give a number of worker processes, 1 or more (default 3"),
    ({"EXTRA_WORKERS": "x"}, "EXTRA_WORKERS=x: give a number of worker processes, 0 or more"),
    ({"PIN": "abc"}, "PIN=abc: give a CPU number, none, or nothing"),
    ({"PIN": "999"}, "PIN=999: this process may run on CPUs"),
    ({"FRONTEND": "jit"}, "FRONTEND=jit: use embedded or hosted"),
])
def test_settings_that_cannot_work_are_refused_naming_the_fix(knobs, message):
    with pytest.raises(config.ConfigError, match=re.escape(message)):
        config.from_knobs(knobs)


def test_results_under_a_file_is_refused(tmp_path):
    (tmp_path / "afile").write_text("")
    with pytest.raises(config.ConfigError,
                       match=re.escape(f"{tmp_path / 'afile'} is a file; RESULTS names a folder")):
        config.from_knobs({"RESULTS": str(tmp_path / "afile" / "results")})


def test_a_second_run_at_once_is_refused_naming_the_first(tmp_path):
    lock_path = str(tmp_path / "bench.lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write("pid 4242, RESULTS=elsewhere, started 2026-01-01 00:00:00\n")
        lock.flush()
        with pytest.raises(bench.Stop, match=r"the build folder x is in use by another make "
                                             r"bench \(pid 4242, RESULTS=elsewhere"):
            bench.take_lock(lock_path, "the build folder x", "results")
    held = bench.take_lock(lock_path, "the build folder x", "mine")   # free again: taken
    with open(lock_path) as f:
        assert f.read().startswith(f"pid {os.getpid()}, RESULTS=mine, started ")
    held.close()


def test_make_charts_names_the_results_knob(tmp_path, capsys):
    assert charts.main([str(tmp_path)]) == 1
    assert "run 'make bench' first, or name a results folder with RESULTS=" in \
        capsys.readouterr().err


def test_the_makefile_exports_exactly_the_knobs_bench_reads():
    with open(os.path.join(harness.ROOT, "Makefile")) as f:
        exported = re.search(r"^export (RESULTS .*)$", f.read(), re.M).group(1).split()
    assert set(config.BENCH_KNOBS) <= set(exported)
    assert set(config.BENCH_KNOBS) <= {k.name for k in config.KNOBS}


def test_usage_shows_the_knob_table_and_make_help_lists_every_knob():
    with open(os.path.join(harness.ROOT, "docs", "USAGE.md")) as f:
        usage = f.read()
    block = re.search(r"<!-- begin generated: knobs -->\n(.*?)<!-- end generated: knobs -->",
                      usage, re.S)
    assert block and block.group(1) == config.markdown_table(), "run make readme"
    shown = config.help_text()
    assert all(re.search(rf"^  {k.name} ", shown, re.M) for k in config.KNOBS)


def test_the_knob_list_piped_into_a_reader_that_stops_early_is_no_error(monkeypatch):
    """`make help | head`: the reader has closed the pipe; no traceback, status 0."""
    read_end, write_end = os.pipe()
    os.close(read_end)                  # a write now fails with EPIPE
    stdout = os.fdopen(write_end, "w")
    monkeypatch.setattr("sys.stdout", stdout)
    try:
        assert config.main([]) == 0
    finally:
        stdout.close()
