"""CITATION.cff is valid Citation File Format, by cffconvert's own validation
(pinned: requirements/citation.txt, installed by make venv into
build/citation), and the report's cite line gives its title; LICENSE is the
MIT licence CITATION.cff names."""
import os
import subprocess
import sys

import pytest

import harness
from harness.pipeline.publish import report

CITATION = os.path.join(harness.ROOT, "CITATION.cff")
CFFCONVERT = os.path.join(os.path.dirname(harness.VENV), "citation")
VALIDATE = ("import sys; sys.path.insert(0, sys.argv[1]); from cffconvert import Citation; "
            "Citation(sys.stdin.read()).validate()")


def validate(text):
    """cffconvert's verdict on a CITATION.cff's text: (valid?, what it said)."""
    done = subprocess.run([sys.executable, "-c", VALIDATE, CFFCONVERT], input=text,
                          capture_output=True, text=True, timeout=300)
    return done.returncode == 0, done.stderr


needs_cffconvert = pytest.mark.skipif(
    not os.path.isdir(os.path.join(CFFCONVERT, "cffconvert")),
    reason=f"cffconvert is not in {CFFCONVERT} (make venv installs it for Debian's "
           "interpreter; see build/venv.missing)")


@needs_cffconvert
def test_citation_cff_is_valid():
    with open(CITATION) as f:
        valid, said = validate(f.read())
    assert valid, said


@needs_cffconvert
def test_the_validation_refuses_a_citation_without_authors():
    valid, said = validate("cff-version: 1.2.0\nmessage: m\ntitle: t\n")
    assert not valid and "'authors' is a required property" in said


def test_the_cite_line_and_the_licence_are_the_citations():
    title = report.citation_title()
    assert title.startswith("ffi-bench: ")
    assert report.cite_line({}).startswith(title + ", commit ")
    with open(CITATION) as f:
        assert "license: MIT" in f.read().splitlines()
    with open(os.path.join(harness.ROOT, "LICENSE")) as f:
        assert f.readline().strip() == "MIT License"
