"""Google Benchmark JSON (RESULTS/calls.json[.gz]) -> RESULTS/pyperf.json: the run's values
as a pyperf benchmark suite, so that pyperf's own tools work on ffi-bench
results:

  build/venv/bin/python -m pyperf stats results/pyperf.json
  build/venv/bin/python -m pyperf hist results/pyperf.json
  build/venv/bin/python -m pyperf compare_to results/reference/pyperf.json results/pyperf.json

One benchmark per measured row, named as the row (<kernel>/<path>/<mode>[/<arg>]);
one pyperf run per worker process (as pyperf's own runs are its worker
processes), whose values are the row's repetitions in that process: seconds per call, gross (the empty loop not subtracted, as make
compare compares them), with `loops` the calls per repetition.  Rows in the registry's
order (as summary.csv), whatever order they ran in; skipped and failed rows
are left out.  The format is pyperf's JSON version 1.0, written
here (pyperf is not needed to write it; the tests read it with pyperf).

Usage: python3 -m harness.pipeline.analyse.pyperf_suite RESULTS
"""

import json
import sys

from harness.pipeline import stage_cli
from harness.pipeline.analyse.summarize import ns_of, position

FORMAT_VERSION = "1.0"


def suite(report):
    """The pyperf suite (a dict) of a parsed Google Benchmark report."""
    rows = {}
    for entry in report.get("benchmarks", []):
        if entry.get("run_type") == "aggregate" or entry.get("error_occurred"):
            continue
        name = entry.get("run_name") or entry["name"]
        row = rows.setdefault(name, {"runs": {}, "loops": int(entry.get("iterations", 1)),
                                     "order": position(entry)})
        row["order"] = min(row["order"], position(entry))
        row["runs"].setdefault(entry.get("ffb_worker", 0), []).append(ns_of(entry) * 1e-9)
    context = report.get("context", {})
    return {
        "version": FORMAT_VERSION,
        "metadata": {
            "unit": "second",
            "description": "ffi-bench: gross seconds per call of each row, per repetition",
            "python_version": str(context.get("python_version", "")),
            "cpu_model_name": str(context.get("cpu_model", "")),
        },
        "benchmarks": [{"metadata": {"name": name, "loops": row["loops"]},
                        "runs": [{"values": values} for values in row["runs"].values()]}
                       for name, row in sorted(rows.items(), key=lambda i: i[1]["order"])],
    }


def write(results):
    """The raw values of `results` (a ResultsFolder) -> its pyperf.json."""
    results.write_text("pyperf.json", json.dumps(suite(results.raw()), sort_keys=True) + "\n")


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder(f"pyperf_suite: {args.results}", args.results, write,
                                errors=(OSError, ValueError))


if __name__ == "__main__":
    sys.exit(main())
