"""harness/pipeline/measure/frontends.py with the built driver: which front-end gives the headline."""
import os
import sys

import pytest

from harness.pipeline.measure import frontends
import harness
from harness.registry import vocabulary as v


def test_choice_follows_the_libpython_this_interpreter_maps():
    driver = os.path.join(harness.BUILD, "ffibench-driver")
    headline, check, why, libpythons = frontends.choose(driver)
    assert {headline, check} == set(v.FRONTENDS)
    same = (os.path.isabs(libpythons["hosted"])
            and os.path.realpath(libpythons["hosted"]) == libpythons["embedded"])
    assert headline == ("embedded" if same else "hosted")
    assert sys.executable in why
    assert frontends.choose(driver, "embedded")[:2] == ("embedded", "hosted")
    with pytest.raises(ValueError, match="FRONTEND=both"):
        frontends.choose(driver, "both")


def test_driver_libpython_is_read_from_the_binary():
    found = frontends.driver_libpython(os.path.join(harness.BUILD, "ffibench-driver"))
    assert "libpython" in found or found.startswith("static")
    assert frontends.driver_libpython("/bin/true").startswith("static")
