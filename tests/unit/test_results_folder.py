"""The results-folder object (results_io.ResultsFolder): each file read once,
tables written with the vocabulary's columns and kept as a reader gets them,
metadata changed in memory under one schema and written once."""

import csv
import glob
import json
import os

import pytest

import harness
from harness.pipeline import results_io
from harness.registry import vocabulary as v

REFERENCE = os.path.join(harness.ROOT, "results", "reference")


def test_a_table_written_is_kept_as_a_reader_of_its_file_gets_it(tmp_path):
    written = results_io.ResultsFolder(str(tmp_path))
    rows = [{"path": "ctypes.cdll", "kernel": "add_i64", "status": "timed", "reason": None},
            {"path": "capi.fastcall", "kernel": "noop", "status": 3, "reason": 1.23456}]
    assert not written.has("coverage.csv")
    written.write_table("coverage.csv", rows)
    with open(tmp_path / "coverage.csv", newline="") as f:
        assert tuple(next(csv.reader(f))) == v.COVERAGE_COLUMNS
    assert written.table("coverage.csv") == results_io.ResultsFolder(str(tmp_path)).table(
        "coverage.csv")
    assert written.table("coverage.csv")[1]["reason"] == "1.235"


def test_a_table_is_read_once(tmp_path):
    results_io.write_csv([{"path": "a", "kernel": "k", "status": "s", "reason": ""}],
                         str(tmp_path / "coverage.csv"), v.COVERAGE_COLUMNS)
    folder = results_io.ResultsFolder(str(tmp_path))
    first = folder.table("coverage.csv")
    os.remove(tmp_path / "coverage.csv")
    assert folder.table("coverage.csv") is first
    assert folder.table_or_none("derived.csv") is None
    with pytest.raises(OSError):
        folder.table("derived.csv")


def test_a_table_without_columns_in_the_vocabulary_is_refused(tmp_path):
    with pytest.raises(KeyError):
        results_io.ResultsFolder(str(tmp_path)).write_table("other.csv", [])


def test_the_metadata_is_written_once_and_only_with_keys_of_its_schema(tmp_path):
    folder = results_io.ResultsFolder(str(tmp_path))
    folder.start_metadata({"cpu_model": "X", "date": "today"})
    folder.record(estimator="p10")
    folder.warn("one")
    folder.warn("two")
    with pytest.raises(KeyError):
        folder.record(made_up_key=1)
    with pytest.raises(KeyError):
        folder.start_metadata({"made_up_key": 1})
    assert not (tmp_path / "metadata.json").exists()        # nothing written before save()
    assert folder.has("metadata.json")                      # but the folder has it
    check = folder.sub("check")
    os.makedirs(check.path)
    check.start_metadata({"cpu_model": "X"})
    folder.save()
    saved = json.loads((tmp_path / "metadata.json").read_text())
    assert saved == {"cpu_model": "X", "date": "today", "estimator": "p10",
                     "warnings": ["one", "two"]}
    assert json.loads((tmp_path / "check" / "metadata.json").read_text()) == {"cpu_model": "X"}
    os.remove(tmp_path / "metadata.json")
    folder.save()                                           # unchanged: not written again
    assert not (tmp_path / "metadata.json").exists()


def test_the_reference_fits_the_schemas():
    """Every table of the committed reference has its vocabulary columns,
    and every metadata key is in metadata.json's schema."""
    tables = glob.glob(os.path.join(REFERENCE, "**", "*.csv"), recursive=True)
    assert tables
    for table in tables:
        with open(table, newline="") as f:
            assert tuple(next(csv.reader(f))) == v.FILES[os.path.basename(table)], table
    metadata = glob.glob(os.path.join(REFERENCE, "**", "*metadata.json"), recursive=True)
    assert len(metadata) >= 2
    for path in metadata:
        with open(path) as f:
            unknown = [k for k in json.load(f) if not v.metadata_key(k)]
        assert not unknown, (path, unknown)


def test_the_raw_values_are_found_compressed_or_not(tmp_path):
    folder = results_io.ResultsFolder(str(tmp_path))
    with pytest.raises(OSError, match="not a results folder"):
        folder.raw()
    (tmp_path / "calls.json").write_text(json.dumps({"benchmarks": []}))
    assert folder.raw() == {"benchmarks": []}
