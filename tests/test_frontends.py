"""harness/frontends.py: which front-end gives the headline, and the ratio of
the two front-ends' figures per path."""
import math
import os
import sys

import pytest

import frontends
import paths


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


def test_choice_follows_the_libpython_this_interpreter_maps():
    driver = os.path.join(paths.BUILD, "ffibench-driver")
    headline, check, why, libpythons = frontends.choose(driver)
    assert {headline, check} == set(frontends.FRONTENDS)
    same = (os.path.isabs(libpythons["hosted"])
            and os.path.realpath(libpythons["hosted"]) == libpythons["embedded"])
    assert headline == ("embedded" if same else "hosted")
    assert sys.executable in why
    assert frontends.choose(driver, "embedded")[:2] == ("embedded", "hosted")
    with pytest.raises(ValueError, match="FRONTEND=both"):
        frontends.choose(driver, "both")


def test_driver_libpython_is_read_from_the_binary():
    found = frontends.driver_libpython(os.path.join(paths.BUILD, "ffibench-driver"))
    assert "libpython" in found or found.startswith("static")
    assert frontends.driver_libpython("/bin/true").startswith("static")
