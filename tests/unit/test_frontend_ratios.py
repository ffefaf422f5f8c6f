"""harness/pipeline/measure/frontends.py on fixtures: the ratio of the two front-ends per path."""
import math


from harness.pipeline.measure import frontends


def row(kernel, path, mode, net, arg=""):
    return {"kernel": kernel, "path": path, "mode": mode, "arg": arg,
            "ns_net": "" if net is None else str(net)}


def test_ratio_is_the_geometric_mean_over_the_rows_both_measured():
    embedded = [row("noop", "capi.fastcall", "interp", 10),
                row("add_i64", "capi.fastcall", "interp", 40),
                row("add_f64", "capi.fastcall", "interp", 30),     # not in hosted
                row("add_i64", "c.direct", "native", 1.4),
                row("empty", "baseline", "interp", None)]
    hosted = [row("noop", "capi.fastcall", "interp", 5),
              row("add_i64", "capi.fastcall", "interp", 20),
              row("add_i64", "c.direct", "native", 1.3),
              row("empty", "baseline", "interp", None)]
    table = {(r["path"], r["mode"]): r for r in frontends.ratios(embedded, hosted)}
    assert set(table) == {("capi.fastcall", "interp"), ("c.direct", "native")}
    capi = table["capi.fastcall", "interp"]
    assert capi["rows"] == 2
    assert math.isclose(capi["embedded_over_hosted"], 2.0)
    assert capi["ratio_min"] == capi["ratio_max"] == 2.0
    assert (capi["add_i64_ns_net_embedded"], capi["add_i64_ns_net_hosted"]) == (40, 20)
    # under 2 ns the ratio is timer noise: kept out, the figures still shown
    floor = table["c.direct", "native"]
    assert floor["rows"] == 0 and floor["embedded_over_hosted"] is None
    assert floor["add_i64_ns_net_embedded"] == 1.4
