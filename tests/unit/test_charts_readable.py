"""Every chart of the committed reference can be read at README width
(harness/pipeline/publish/readable.py: its size, no text over another text,
no row label twice in a panel); tests/end_to_end/test_quick_bench.py holds a
fresh run's charts to the same."""
import glob
import os

import pytest

import harness
from harness.pipeline.publish.readable import svg_problems

REFERENCE = os.path.join(harness.ROOT, "results", "reference")


@pytest.mark.parametrize("svg", sorted(glob.glob(os.path.join(REFERENCE, "**", "*.svg"),
                                                 recursive=True)),
                         ids=lambda path: os.path.relpath(path, REFERENCE))
def test_every_reference_chart_can_be_read(svg):
    assert svg_problems(svg) == []


def test_the_check_sees_a_label_past_the_edge(tmp_path):
    """A row label whose start falls left of the chart (the objects chart's
    cython.v0_29_final, before the panels' margin held gnuplot's offset)."""
    svg = tmp_path / "x.svg"
    svg.write_text(
        '<svg viewBox="0 0 1300 900" xmlns="http://www.w3.org/2000/svg">'
        '<g transform="translate(102.85,509)" font-size="11" text-anchor="end">'
        '<text>cython.v0_29_final</text></g>'
        '<g transform="translate(200,509)" font-size="11" text-anchor="end">'
        '<text>cython.v3</text></g></svg>')
    assert svg_problems(svg) == ["'cython.v0_29_final' clipped at the chart's edge"]


def test_the_check_sees_an_overprint_a_repeat_and_a_size(tmp_path):
    svg = tmp_path / "x.svg"
    svg.write_text(
        '<svg viewBox="0 0 1400 900" xmlns="http://www.w3.org/2000/svg">'
        '<g transform="translate(10,20)" font-size="10" text-anchor="start">'
        '<text>boost_python</text></g>'
        '<g transform="translate(60,22)" font-size="10" text-anchor="start"><text>cppyy</text></g>'
        '<g transform="translate(300,100)" font-size="10" text-anchor="end"><text>swig</text></g>'
        '<g transform="translate(300,120)" font-size="10" text-anchor="end"><text>swig</text></g>'
        '</svg>')
    problems = svg_problems(svg)
    assert problems == ["1400 x 900 px, over 1300 x 2000", "'boost_python' overprints 'cppyy'",
                        "row label 'swig' twice in a panel"]
