"""The reporting steps on small fixtures: summarize (JSON -> CSV), derive
(pairs of paths -> figures) and plotdata (CSV -> chart tables)."""
import csv
import json
import os
import shutil

import pytest

from harness.pipeline import results_io
from harness.pipeline.analyse import derive, stats, summarize
from harness.pipeline.publish import chart_style, plotdata, readme
from harness.registry import vocabulary as v
from harness.tools import stability


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_summarize_reports_errors_and_single_runs(tmp_path):
    report = {"context": {}, "benchmarks": [
        {"name": "empty/baseline/interp", "run_name": "empty/baseline/interp",
         "run_type": "iteration", "repetitions": 1, "iterations": 100,
         "real_time": 10.0, "time_unit": "ns", "label": "gil_released=0"},
        {"name": "noop/x.y/interp", "run_name": "noop/x.y/interp",
         "run_type": "iteration", "repetitions": 1, "iterations": 100,
         "real_time": 0.025, "time_unit": "us", "label": "gil_released=1"},
        {"name": "noop/x.z/interp", "run_name": "noop/x.z/interp",
         "run_type": "iteration", "error_occurred": True,
         "error_message": "ImportError: gone", "label": "gil_released=0"},
    ]}
    rows = {r["path"]: r for r in summarize.summarize(report)}
    assert rows["x.y"]["ns_median"] == 25.0 and rows["x.y"]["ns_net"] == 15.0
    assert rows["x.y"]["ns_net_low"] == rows["x.y"]["ns_net_high"] == 15.0
    assert rows["x.y"]["ns_min"] == rows["x.y"]["ns_max"] == 25.0
    assert rows["x.y"]["cv_pct"] is None and rows["x.y"]["gil_released"] == "1"
    assert rows["x.z"]["skipped"] == "ImportError: gone"
    assert rows["x.z"]["ns_median"] is None
    out = tmp_path / "summary.csv"
    results_io.write_csv(list(rows.values()), str(out))
    written = read_csv(out)
    assert [r["skipped"] for r in written] == ["", "", "ImportError: gone"]


def test_summarize_rejects_malformed_names():
    with pytest.raises(summarize.Malformed):
        summarize.summarize({"benchmarks": [
            {"name": "no-slashes", "run_type": "iteration", "real_time": 1}]})




def summary_row(kernel, path, mode, median, net, skipped="", arg=""):
    return {"kernel": kernel, "path": path, "family": path.split(".")[0],
            "mode": mode, "arg": arg, "ns": str(median), "ns_median": str(median),
            "ns_net": "" if net is None else str(net), "ns_min": str(median),
            "ns_max": str(median), "cv_pct": "", "repetitions": "3",
            "iterations": "10", "gil_released": "0", "skipped": skipped}


def test_derive_takes_differences_of_the_same_kernel_and_mode():
    rows = [summary_row("add_i64", "capi.fastcall", "interp", 30, 20),
            summary_row("add_i64", "capi.fastcall_nogil", "interp", 55, 45),
            summary_row("add_i64", "capi.fastcall_nogil", "vectorcall", 40, 39),
            summary_row("add_i64", "ctypes.cdll", "interp", 0, None, "gone")]
    figures = derive.derive(rows)
    assert [(f["figure"], f["kernel"], f["arg"], f["mode"], f["value"]) for f in figures] == [
        ("gil_release.capi", "add_i64", "", "interp", "25.000")]


def test_derived_figures_of_a_sized_kernel_name_their_size_and_noise():
    """A kernel timed at several n gives one figure per n, each with its n,
    and a difference within the rows' spread is marked as such."""
    rows = []
    for n, (fast, slow, spread) in {"10": (40, 70, 2), "1000000": (585000, 578000, 20000)}.items():
        for path, net in (("capi.fastcall", fast), ("capi.varargs", slow)):
            row = summary_row("sum_f64_buf", path, "interp", net + 10, net, arg=n)
            row["ns_min"], row["ns_max"] = str(net + 10 - spread), str(net + 10 + spread)
            rows.append(row)
    figures = {f["arg"]: f for f in derive.derive(rows)}
    assert set(figures) == {"10", "1000000"}
    small, large = figures["10"], figures["1000000"]
    assert (small["value"], small["noise"], small["resolved"]) == ("30.000", "4.000", "yes")
    assert large["value"] == "-7000.000" and large["resolved"] == "no"
    assert tuple(v.DERIVED_COLUMNS[:3]) == ("figure", "kernel", "arg")
    callback = derive.callback_costs([
        summary_row("callback", "capi.fastcall", "interp", 0, 20, arg="0"),
        summary_row("callback", "capi.fastcall", "interp", 0, 820, arg="16")])
    assert callback[0]["arg"] == "k=0..16"


def test_derive_names_real_paths():
    from harness import registry
    known = {*registry.CALL_PATHS, *registry.LEFT_OUT}
    for _, with_it, without_it, _ in derive.DIFFERENCES + derive.RATIOS:
        assert with_it in known and without_it in known


def test_plotdata_sorts_marks_floors_and_lists_skips():
    rows = [summary_row("empty", "baseline", "interp", 10, None),
            summary_row("noop", "ctypes.cdll", "interp", 70, 60),
            summary_row("noop", "capi.fastcall", "interp", 18, 8),
            summary_row("noop", "c.direct", "native", 1.5, 1.2),
            summary_row("noop", "capi.fastcall", "vectorcall", 9, 8.5),
            summary_row("noop", "cython.v0_29", "interp", 0, None, "no cython3")]
    tables, skipped, (families, floors) = plotdata.panels(plotdata.select(rows, "interp"))
    assert families == ["capi", "ctypes"] and floors
    lines = [line for line, _, _ in tables["noop"]]
    assert [line.split()[1] for line in lines] == [
        '"c.direct"', '"capi.fastcall"', '"ctypes.cdll"']
    assert lines[0].split()[6] == str(chart_style.FLOOR_POINT)
    assert lines[1].split()[6] == str(chart_style.POINT)
    assert lines[1].split()[2] == "8" and lines[1].endswith('" 8.0"')   # net, label
    assert skipped == ["cython.v0_29: no cython3"]


def test_least_squares_recovers_a_line():
    slope, intercept, slope_se, _ = derive.least_squares(
        [(n, 7.5 + 2.25 * n) for n in range(9)])
    assert slope == pytest.approx(2.25) and intercept == pytest.approx(7.5)
    assert slope_se == pytest.approx(0.0, abs=1e-9)
    noisy = derive.least_squares([(0, 10.0), (1, 14.0), (2, 14.0), (3, 18.0)])
    assert noisy[0] == pytest.approx(2.4) and noisy[2] > 0


def test_argument_fits_per_path_and_mode():
    rows = [summary_row(f"sum_i64_{n}", "capi.fastcall", "interp", 20 + 3 * n,
                        10 + 3 * n) for n in range(9)]
    rows += [summary_row("sum_i64_0", "ctypes.cdll", "interp", 70, 60),
             summary_row("sum_i64_1", "ctypes.cdll", "interp", 170, 160)]
    fits = {(f["figure"], f["path"]): float(f["value"]) for f in derive.argument_fits(rows)}
    assert fits == {("args.per_argument", "capi.fastcall"): pytest.approx(3.0),
                    ("args.fixed", "capi.fastcall"): pytest.approx(10.0)}


def test_args_chart_table_has_a_line_per_sweep_path(tmp_path):
    rows = [summary_row(f"sum_i64_{n}", path, mode, 30 + n, 20 + n)
            for n in range(3) for path in ("capi.fastcall", "capi.o")
            for mode in ("interp", "vectorcall")]
    out = tmp_path / "args.dat"
    assert plotdata.sweep_chart(rows, {}, "args", str(out)) is None
    settings = (tmp_path / "args.dat.gp").read_text()
    assert 'block_paths = "capi.fastcall capi.fastcall"' in settings
    assert 'block_modes = "interp vectorcall"' in settings
    blocks = out.read_text().split("\n\n\n")
    assert len(blocks) == 2 and blocks[0].splitlines()[1:] == [
        "0 20.000 20.000 20.000", "1 21.000 21.000 21.000", "2 22.000 22.000 22.000"]


def test_buffer_crossover_is_where_the_overhead_stays_under_ten_percent():
    kernel_ns = {1: 1, 10: 10, 100: 100, 1000: 1000, 10000: 10000}
    rows = [summary_row("sum_f64_buf", "c.direct", "native", ns, ns, arg=str(n))
            for n, ns in kernel_ns.items()]
    # 150 ns of overhead: 150/1150 = 13% at n=1000, 150/10150 = 1.5% at 10^4
    rows += [summary_row("sum_f64_buf", "cffi.api", "interp", 0, ns + 150, arg=str(n))
             for n, ns in kernel_ns.items()]
    # an overhead that never falls under 10%
    rows += [summary_row("sum_f64_buf", "python.def", "interp", 0, 3 * ns, arg=str(n))
             for n, ns in kernel_ns.items()]
    found = {f["path"]: f for f in derive.buffer_crossovers(rows)}
    assert found["cffi.api"]["value"] == "10000"
    assert found["python.def"]["value"] == ""
    assert "not reached up to n=10000" in found["python.def"]["meaning"]


def test_error_cost_is_fail_minus_ok_per_path_and_mode():
    rows = [summary_row("fail_if_negative", "capi.fastcall", "interp", 30, 20, arg="ok"),
            summary_row("fail_if_negative", "capi.fastcall", "interp", 130, 120, arg="fail"),
            summary_row("fail_if_negative", "ctypes.cdll", "interp", 0, 500, arg="fail")]
    costs = derive.error_costs(rows)
    assert [(c["path"], c["value"]) for c in costs] == [("capi.fastcall", "100.000")]


def test_calls_chart_has_a_panel_per_variant(tmp_path):
    rows = [summary_row("fail_if_negative", "capi.fastcall", "interp", 30, 20, arg="ok"),
            summary_row("fail_if_negative", "capi.fastcall", "interp", 130, 120, arg="fail"),
            summary_row("sum_i64_3", "capi.fastcall", "interp", 30, 20)]
    out = tmp_path / "calls.dat"
    assert plotdata.calls_chart(rows, {}, "interp", str(out)) is None
    settings = (tmp_path / "calls.dat.gp").read_text()
    assert 'kernels = "\\"fail_if_negative:ok\\" \\"fail_if_negative:fail\\""' in settings


def test_per_callback_cost_is_the_slope_over_k():
    rows = [summary_row("callback", "capi.fastcall", "vectorcall", 0, 20, arg="0"),
            summary_row("callback", "capi.fastcall", "vectorcall", 0, 820, arg="16")]
    costs = derive.callback_costs(rows)
    assert [(c["path"], c["mode"], c["value"]) for c in costs] == [
        ("capi.fastcall", "vectorcall", "50.000")]


def test_warnings_name_noisy_rows_and_a_busy_machine():
    rows = [{"kernel": "noop", "path": f"p{i}", "mode": "interp", "arg": "", "cv_pct": cv}
            for i, cv in enumerate((2.0, 12.0, 30.0))]
    # the benchmark's own thread counts 1: 1.9 on 2 CPUs is fine, 2.5 is not
    found = summarize.warnings(rows, {"num_cpus": 2, "load_avg_start": "2.50 1.0 1.0",
                                      "load_avg_end": "1.90 0.2 0.3"})
    assert len(found) == 2
    assert found[0].startswith("2 of 3 rows have a CV above 5%")
    assert "noop/p2/interp 30%" in found[0]
    assert found[1].startswith("load avg start was 2.50 on 2 CPUs, 1 of it the benchmark's own")
    assert summarize.warnings(rows[:1], {"num_cpus": 2}) == []


def test_summary_statistics_are_over_every_value_of_every_worker():
    """Each worker's values form a group: the median is over all of them,
    the interval resamples workers, the processes' spread and disagreement
    are columns; Google Benchmark's per-process aggregates are ignored."""
    def entry(worker, value):
        return {"name": "noop/x.y/interp", "run_name": "noop/x.y/interp",
                "run_type": "iteration", "iterations": 1000, "real_time": value,
                "time_unit": "ns", "ffb_worker": worker, "label": "gil_released=0 batch=1000"}
    values = {0: [10.0, 10.2], 1: [10.1, 10.3], 2: [20.0, 20.2]}
    report = {"benchmarks": [entry(w, x) for w, found in values.items() for x in found] + [
        {"name": "noop/x.y/interp_median", "run_name": "noop/x.y/interp",
         "run_type": "aggregate", "aggregate_name": "median", "real_time": 99.0,
         "time_unit": "ns"}]}
    (row,) = summarize.summarize(report)
    assert row["ns_median"] == pytest.approx(10.25) and row["repetitions"] == 6
    assert row["processes"] == 3 and row["multimodal"] == "yes"
    assert row["ns_min"] == 10.0 and row["ns_max"] == 20.2
    # the published figure is the headline estimator's, its interval the same
    # estimator's (resampled processes: the third one's values can be drawn alone)
    assert row["ns"] == stats.estimate(list(values.values()))
    assert row["ns_net"] is None        # no baseline in this report
    assert stats.interval(list(values.values()))[1] >= 20.0
    assert row["process_spread_pct"] == pytest.approx((20.1 - 10.1) / 10.25 * 100)
    found = summarize.warnings([row], {})
    assert any(w.startswith("1 rows are multimodal") for w in found)


def test_calibration_drift_dropped_workers_and_an_unsettled_cpu_are_warned():
    def calibration(ns):
        return {"cpu": 1, "ns": ns, "cv_pct": 2.0, "spread_pct": 2.0}
    workers = [{"index": 0, "status": "kept", "before": calibration(150.0),
                "after": calibration(152.0)},
               {"index": 1, "status": "dropped", "why": "CPU 1: calls took 190.0 ns",
                "before": calibration(151.0), "after": calibration(190.0)},
               {"index": 1, "status": "kept", "before": calibration(168.0),
                "after": calibration(170.0)}]
    cpu = {"cpu": 1, "settled": False, "warmup": [calibration(150.0)] * 4}
    found = summarize.calibration_warnings(workers, cpu)
    assert found[0] == "worker 2 was dropped and run again: CPU 1: calls took 190.0 ns"
    assert "did not settle during the warm-up (4 calibrations)" in found[1]
    assert found[2].startswith("the calibration drifted within the run: 150.0 to 170.0 ns")
    steady = [dict(w, after=calibration(151.0), before=calibration(150.0))
              for w in workers if w["status"] == "kept"]
    assert summarize.calibration_warnings(steady, dict(cpu, settled=True)) == []


def test_a_run_much_slower_than_the_reference_on_the_same_machine_is_warned(tmp_path):
    from harness.pipeline import bench
    same = {"cpu_model": "X", "cpu_family_model_stepping": "1/2/3",
            "python_version": "3.11.2", "python_interpreter": "/usr/bin/python3"}
    for name, scale in (("reference", 1.0), ("run", 1.5)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "metadata.json").write_text(json.dumps(same))
        results_io.write_csv([summary_row("add_i64", "ctypes.cdll", "interp", 200 * scale, 190),
                              summary_row("noop", "capi.fastcall", "interp", 10 * scale, 5)],
                             str(folder / "summary.csv"))
    run = results_io.ResultsFolder(str(tmp_path / "run"))
    warning = bench.slower_than_reference(run, str(tmp_path / "reference"))
    assert warning.startswith("this machine ran 1.50x slower than the committed reference")
    assert "over 1 rows of 20 ns or more" in warning
    (tmp_path / "reference" / "metadata.json").write_text(json.dumps({**same, "cpu_model": "Y"}))
    assert bench.slower_than_reference(run, str(tmp_path / "reference")) is None


def test_stability_spread_per_row(tmp_path, capsys):
    folders = []
    for run, (fast, slow) in enumerate(((10.0, 100.0), (10.5, 101.0), (10.2, 99.0))):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        rows = [summary_row("noop", "capi.fastcall", "interp", fast, fast - 5),
                summary_row("add_i64", "ctypes.cdll", "interp", slow, slow - 5)]
        results_io.write_csv(rows, str(folder / "summary.csv"))
        (folder / "wall_seconds").write_text("180\n")
        folders.append(str(folder))
    spread = stability.spreads([stability.medians(f) for f in folders])
    assert spread[("noop", "capi.fastcall", "interp", "")] == pytest.approx(5.0)
    assert spread[("add_i64", "ctypes.cdll", "interp", "")] == pytest.approx(101 / 99 * 100 - 100)
    assert stability.main(folders) == 0
    out = capsys.readouterr().out
    assert "rows >= 20 ns (1): median 2.02%" in out and "180 s, 180 s, 180 s" in out


def test_end_to_end_calls_take_about_the_time_asked_for():
    from harness.pipeline.measure import whole_processes
    assert whole_processes.calls_for(17.2, 0.2) == 10_000_000
    assert whole_processes.calls_for(226.0, 0.2) == 900_000
    assert whole_processes.calls_for(0.0, 0.2) == 200_000_000     # at least 1 ns a call


def test_report_says_what_is_missing(tmp_path):
    from harness.pipeline.publish import report
    shutil.copy(os.path.join(os.path.dirname(__file__), "fixtures", "compare_a.json"),
                tmp_path / "calls.json")
    results = results_io.ResultsFolder(str(tmp_path))
    summarize.write(results)
    text = report.report(results)
    assert "not measured in this run (import.csv is missing" in text
    assert "not made in this run (calls.png is missing)" in text
    assert "**How to cite**: ffi-bench" in text


def test_slowdown_chart_survives_a_reference_at_or_below_zero(tmp_path):
    rows = [summary_row("noop", "capi.fastcall", "interp", 9, -0.5),
            summary_row("noop", "ctypes.cdll", "interp", 70, 60),
            summary_row("add_i64", "capi.fastcall", "interp", 30, 20),
            summary_row("add_i64", "ctypes.cdll", "interp", 0, -1)]
    out = tmp_path / "slowdown.dat"
    assert plotdata.slowdown_chart(rows, {}, str(out)) is None
    settings = (tmp_path / "slowdown.dat.gp").read_text()
    assert "add_i64 (1 = capi.fastcall)" in settings and "noop" not in settings


def test_publish_moves_a_finished_run_and_drops_what_it_did_not_make(tmp_path):
    from harness.pipeline.publish import into_place
    part, results = tmp_path / "r.part", tmp_path / "r"
    (part / "check").mkdir(parents=True)
    (part / "summary.csv").write_text("new")
    (part / "check" / "summary.csv").write_text("new check")
    results.mkdir()
    for name, text in (("summary.csv", "old"), ("import.csv", "old"), ("instr.csv", "kept")):
        (results / name).write_text(text)
    assert into_place.publish(str(part), str(results)) == 2
    assert not part.exists()
    assert {p.name: p.read_text() for p in results.iterdir() if p.is_file()} == {
        "summary.csv": "new", "instr.csv": "kept"}       # import.csv: not made this time
    assert (results / "check" / "summary.csv").read_text() == "new check"


def test_publish_leaves_out_what_a_failed_stage_left_unfinished(tmp_path):
    """A choice stage that failed (the run goes on, bench.Stages) leaves its
    scratch folder and no table: neither is published, and the older run's
    table of that stage does not pass for this run's."""
    from harness.pipeline.publish import into_place
    part, results = tmp_path / "r.part", tmp_path / "r"
    (part / "safety.part").mkdir(parents=True)
    (part / "safety.part" / "capi.fastcall.jsonl").write_text("{}")
    (part / "summary.csv").write_text("new")
    (part / "decision.csv.part").write_text("half")
    results.mkdir()
    (results / "safety.csv").write_text("an older run's")
    assert into_place.publish(str(part), str(results)) == 1
    assert sorted(p.name for p in results.iterdir()) == ["summary.csv"]


def test_every_chart_colours_a_family_alike_and_has_a_legend(tmp_path):
    """One colour per binding family in the dot charts and the sweeps; the
    C API and its abi3 twin told apart; a legend naming the families."""
    assert chart_style.FAMILY_COLOURS["capi"] != chart_style.FAMILY_COLOURS["abi3"]
    styles = plotdata.sweep_styles(["capi.fastcall", "capi.varargs", "ctypes.cdll", "c.direct"])
    assert [c for c, _, _ in styles[:3]] == [chart_style.FAMILY_COLOURS[f]
                                             for f in ("capi", "capi", "ctypes")]
    assert styles[0][1:] != styles[1][1:]          # two capi paths: another dash, point
    assert styles[3][1] == chart_style.DASHED          # a floor
    rows = [summary_row("noop", "capi.fastcall", "interp", 18, 8),
            summary_row("noop", "abi3.fastcall", "interp", 18, 8.2),
            summary_row("noop", "c.direct", "native", 1.5, 1.2)]
    out = tmp_path / "calls.dat"
    assert plotdata.calls_chart(rows, {}, "interp", str(out)) is None
    settings = (tmp_path / "calls.dat.gp").read_text()
    assert "legend_count = 3" in settings and 'legend_text_1 = "capi"' in settings
    assert f"legend_colour_2 = {chart_style.FAMILY_COLOURS['abi3']}" in settings
    assert f"{chart_style.FAMILY_COLOURS['capi']} 7" in out.read_text()


def test_cffi_2_is_drawn_apart_from_cffi_1():
    """cffi's four sweep paths (two versions, two modes) get four distinct
    styles: cffi 2 a colour group of its own, each version's API mode
    dash-dotted."""
    paths = ["cffi.abi", "cffi.api", "cffi.v2_abi", "cffi.v2_api"]
    styles = plotdata.sweep_styles(paths)
    assert len(set(styles)) == 4
    assert [chart_style.group_of(p) for p in paths] == ["cffi", "cffi", "cffi 2", "cffi 2"]
    assert styles[2][0] == chart_style.FAMILY_COLOURS["cffi 2"] != chart_style.FAMILY_COLOURS["cffi"]
    assert styles[0][1:] == styles[2][1:] and styles[1][1:] == styles[3][1:]


def test_each_panel_gets_an_axis_fitting_its_data_with_plain_ticks(tmp_path):
    rows = [summary_row("noop", "capi.fastcall", "interp", 18, 8),
            summary_row("noop", "ctypes.cdll", "interp", 70, 60),
            summary_row("callback", "capi.fastcall", "interp", 5000, 4000, arg="16"),
            summary_row("callback", "ctypes.cdll", "interp", 900000, 800000, arg="16")]
    out = tmp_path / "calls.dat"
    assert plotdata.calls_chart(rows, {}, "interp", str(out)) is None
    settings = dict(line.split(" = ", 1) for line in
                    (tmp_path / "calls.dat.gp").read_text().splitlines())
    assert float(settings["xmin_1"]) <= 8 and float(settings["xmax_1"]) < 1000
    assert float(settings["xmin_2"]) > 100 and float(settings["xmax_2"]) > 800000
    # room for the label right of the largest whisker: the axis goes further
    assert float(settings["xmax_2"]) > 1.2 * 800000
    assert '\\"1,000,000\\" 1e+06' in settings["tics_2"] and "e+" not in settings["tics_2"].split('"')[1]
    assert chart_style.tick_label(0.5) == "0.5" and chart_style.tick_label(20000) == "20,000"


def test_gil_panels_follow_the_calls_chart_order(tmp_path):
    rows = [summary_row(kernel, path, mode, 50, net)
            for kernel in ("add_i64", "noop") for mode in ("vectorcall", "interp")
            for path, net in (("capi.fastcall", 10), ("capi.fastcall_nogil", 40))]
    out = tmp_path / "gil.dat"
    assert plotdata.gil_chart(rows, {}, str(out)) is None
    settings = (tmp_path / "gil.dat.gp").read_text()
    assert ('kernels = "\\"noop, interp mode\\" \\"noop, vectorcall mode\\" '
            '\\"add_i64, interp mode\\" \\"add_i64, vectorcall mode\\""') in settings
    points = {line.split()[1]: line.split()[6] for line in out.read_text().splitlines()
              if line and not line.startswith("#")}
    assert points['"capi.fastcall"'] != points['"capi.fastcall_nogil"']


def test_report_and_slowdown_chart_divide_by_the_same_path():
    from harness.pipeline.publish import report
    rows = [summary_row("add_i64", "capi.fastcall", "interp", 30, 20),
            summary_row("add_i64", "abi3.fastcall", "interp", 29, 19),
            summary_row("add_i64", "cython.v0_29", "interp", 10, 5),    # fastest binding
            summary_row("add_i64", "ctypes.cdll", "interp", 200, 190)]
    assert plotdata.slowdown_references(rows) == {"add_i64": (19.0, "abi3.fastcall")}
    text = "\n".join(report.kernel_tables(rows))
    assert "/ abi3.fastcall (fastest C API)" in text
    assert "| cython.v0_29 | 5.0 |  |  |  | 0.26 |" in text


def test_import_costs_within_noise_are_said_to_be():
    from harness.pipeline.measure import whole_processes
    from harness.pipeline.publish import report
    bare = [0.020 + 0.001 * (i % 5) for i in range(40)]
    low, high = stats.median_difference_interval([t + 0.0002 for t in bare], bare)
    assert low <= 0.0002 <= high and low < 0 < high         # within the noise
    low, high = stats.median_difference_interval([t + 0.030 for t in bare], bare)
    assert 0.025 < low <= high < 0.035
    row = {"ms_net": "-1.81", "ms_net_low": "-3.50", "ms_net_high": "1.20", "resolved": "no"}
    assert report.import_value(row) == "within noise (-3.50 to 1.20)"
    row.update(ms_net="37.15", ms_net_low="31.00", ms_net_high="41.00", resolved="yes")
    assert report.import_value(row) == "37.15 (31.00 to 41.00)"


def test_cpu_identity_names_microarchitecture_and_short_form():
    from harness.registry import metadata
    assert metadata.microarchitecture("AuthenticAMD", 25, 17, 1) == "Zen 4"
    assert metadata.microarchitecture("AuthenticAMD", 26, 2, 1) == "Zen 5"
    assert metadata.microarchitecture("GenuineIntel", 6, 0x55, 7) == "Cascade Lake"
    assert metadata.microarchitecture("GenuineIntel", 6, 0x01, 1) == "unknown"
    here = metadata.cpu_identity()
    for key in ("cpu_vendor", "cpu_family_model_stepping", "cpu_microarchitecture",
                "cpu_mhz", "cpu_caches", "cpu_virtualization", "kernel"):
        assert here[key], key
    meta = {"cpu_model": "AMD EPYC", "cpu_microarchitecture": "Zen 5",
            "cpu_family_model_stepping": "family 26 model 2 stepping 1", "cpu_mhz": "2096",
            "cpu_virtualization": "KVM (full virtualisation)"}
    assert metadata.cpu_short(meta) == \
        "AMD EPYC (Zen 5, family 26 model 2 stepping 1, 2096 MHz, KVM)"
    other = {**meta, "cpu_mhz": "2596"}
    assert metadata.differences(meta, other, metadata.CPU_IDENTITY_KEYS) == \
        ["cpu_mhz: 2096 vs 2596"]


def test_the_pyperf_suite_holds_each_rows_repetitions_in_seconds():
    from harness.pipeline.analyse import pyperf_suite
    report = {"context": {"python_version": "3.11.2", "cpu_model": "X"}, "benchmarks": [
        {"name": "noop/a.b/interp", "run_name": "noop/a.b/interp", "run_type": "iteration",
         "iterations": 1000, "real_time": value, "time_unit": unit}
        for value, unit in ((20.0, "ns"), (0.025, "us"))] + [
        {"name": "noop/a.b/interp_median", "run_name": "noop/a.b/interp",
         "run_type": "aggregate", "aggregate_name": "median", "real_time": 22.5, "time_unit": "ns"},
        {"name": "noop/a.c/interp", "run_name": "noop/a.c/interp", "run_type": "iteration",
         "error_occurred": True, "error_message": "gone"}]}
    suite = pyperf_suite.suite(report)
    assert suite["version"] == "1.0" and suite["metadata"]["unit"] == "second"
    assert suite["benchmarks"] == [{"metadata": {"name": "noop/a.b/interp", "loops": 1000},
                                    "runs": [{"values": [pytest.approx(20e-9),
                                                         pytest.approx(25e-9)]}]}]


def test_the_pyperf_suite_has_one_run_per_worker_process():
    from harness.pipeline.analyse import pyperf_suite
    report = {"benchmarks": [
        {"name": "noop/a.b/interp", "run_type": "iteration", "iterations": 1000,
         "real_time": value, "time_unit": "ns", "ffb_worker": worker}
        for worker, value in ((0, 20.0), (0, 21.0), (1, 30.0), (1, 31.0))]}
    (bench,) = pyperf_suite.suite(report)["benchmarks"]
    assert [run["values"] for run in bench["runs"]] == [
        [pytest.approx(20e-9), pytest.approx(21e-9)], [pytest.approx(30e-9), pytest.approx(31e-9)]]


def test_the_readme_says_the_commit_of_a_quick_time_refreshed_alone(tmp_path):
    meta = {"git_commit": "a" * 40, "bench_wall_seconds": 560.0, "bench_seconds": {}}
    (tmp_path / readme.QUICK_METADATA).write_text(
        json.dumps({"git_commit": "a" * 40, "bench_wall_seconds": 37.0}))
    (tmp_path / "metadata.json").write_text(json.dumps(meta))
    same = readme.run_section(results_io.ResultsFolder(str(tmp_path)))
    assert "`make bench QUICK=1` took 37 s." in same and "at commit" not in same
    (tmp_path / readme.QUICK_METADATA).write_text(
        json.dumps({"git_commit": "b" * 40, "bench_wall_seconds": 37.0}))
    assert "`make bench QUICK=1` took 37 s (at commit bbbbbbb)." in readme.run_section(
        results_io.ResultsFolder(str(tmp_path)))
