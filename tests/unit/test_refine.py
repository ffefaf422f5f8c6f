"""Which rows get more worker processes (harness/pipeline/analyse/refine.py): the
decision table's always, then the multimodal and the widest within the
budget, with the empty loops; and the filter that runs exactly them."""
import re

from harness import registry
from harness.pipeline.analyse import refine
from harness.registry import vocabulary as v

DECISION_PATH = registry.BINDINGS[0].path


def row(kernel, path, net, width_pct=1.0, mode="interp", arg="", multimodal="no", skipped=""):
    half = net * width_pct / 200
    return {"kernel": kernel, "path": path, "mode": mode, "arg": arg, "ns_net": net,
            "ns_net_low": net - half, "ns_net_high": net + half,
            "multimodal": multimodal, "skipped": skipped}


BASELINE = {"kernel": v.BASELINE_KERNEL, "path": v.BASELINE_PATH, "mode": "interp", "arg": "",
            "ns_net": None, "ns_net_low": None, "ns_net_high": None, "multimodal": "",
            "skipped": ""}


def test_the_decision_rows_multimodal_then_widest_within_the_budget_and_the_empty_loops():
    rows = [BASELINE,
            row("add_i64", DECISION_PATH, 30.0, width_pct=0.5),         # narrow, but cited
            row("noop", DECISION_PATH, 10.0),                            # below the floor too
            row("sum_i64_1", "other.a", 50.0, width_pct=5.0),
            row("sum_i64_1", "other.b", 50.0, width_pct=9.0),
            row("sum_i64_1", "other.c", 50.0, width_pct=6.0),
            row("sum_i64_1", "other.d", 50.0, width_pct=1.0, multimodal="yes"),
            row("sum_i64_1", "other.e", 50.0, width_pct=3.0),            # narrow enough
            row("sum_i64_1", "other.f", 10.0, width_pct=50.0),           # under the floor
            row("sum_i64_1", "other.g", 50.0, width_pct=20.0, skipped="crashed")]
    found = refine.chosen(rows, wide_pct=4.0, most_wide=3)
    assert found["decision"] == [f"add_i64/{DECISION_PATH}/interp", f"noop/{DECISION_PATH}/interp"]
    assert found["wide"] == ["sum_i64_1/other.d/interp", "sum_i64_1/other.b/interp",
                             "sum_i64_1/other.c/interp"]
    assert found["baselines"] == [f"{v.BASELINE_KERNEL}/{v.BASELINE_PATH}/interp"]


def test_nothing_to_time_again_times_no_empty_loop_either():
    found = refine.chosen([BASELINE, row("sum_i64_1", "other.a", 50.0)])
    assert found == {"decision": [], "wide": [], "baselines": []}


def test_the_filter_matches_exactly_the_names_with_or_without_a_fixed_count():
    names = ["add_i64/capi.fastcall/interp", "sum_f64_buf/cffi.abi/interp/100"]
    pattern = re.compile(refine.filter_flag(names).partition("=")[2])
    assert pattern.search("add_i64/capi.fastcall/interp")
    assert pattern.search("sum_f64_buf/cffi.abi/interp/100/iterations:4096")
    for other in ("add_i64/capi.fastcall/interp/batch10", "sum_f64_buf/cffi.abi/interp/1000",
                  "add_i64/capiXfastcall/interp", "xadd_i64/capi.fastcall/interp"):
        assert not pattern.search(other), other


def test_rows_timed_again_keep_their_place_in_the_registrys_order():
    """The extra worker's filter numbers its rows from 0 (family_index):
    summary.csv and pyperf.json still list every row where the first worker
    registered it."""
    from harness.pipeline.analyse import pyperf_suite, summarize

    def value(name, worker, family):
        return {"name": name, "run_name": name, "run_type": "iteration", "real_time": 50.0,
                "time_unit": "ns", "iterations": 1000, "ffb_worker": worker,
                "family_index": family, "per_family_instance_index": 0,
                "label": "gil_released=0 batch=1000"}
    names = ["empty/baseline/interp", "add/x.y/interp", "mul/x.y/interp"]
    report = {"benchmarks": [value(name, w, family) for w in (0, 1)
                             for family, name in enumerate(names)]
              + [value("mul/x.y/interp", 2, 0)]}      # timed again, alone in its filter
    rows = summarize.summarize(report)
    assert ["/".join(filter(None, (r["kernel"], r["path"], r["mode"]))) for r in rows] == names
    assert [b["metadata"]["name"] for b in pyperf_suite.suite(report)["benchmarks"]] == names
    assert [r["processes"] for r in rows] == [2, 2, 3]
