"""Writes which call path expresses which kernel, and why not where it does
not: the registry's coverage() as CSV (path,kernel,status,reason).

Usage: python3 -m harness.pipeline.analyse.coverage RESULTS   -> RESULTS/coverage.csv
"""

import sys

from harness.registry import vocabulary as v
from harness import registry
from harness.pipeline import stage_cli


def write(results):
    """The registry's coverage -> coverage.csv of `results` (a ResultsFolder)."""
    rows = [dict(zip(v.COVERAGE_COLUMNS, entry)) for entry in registry.coverage()]
    results.write_table("coverage.csv", rows)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print("coverage: " + ", ".join(f"{n} {status}" for status, n in counts.items())
          + f" (path x kernel) -> {results.file('coverage.csv')}")


def main(argv=None):
    args = stage_cli.parse(argv, __spec__.name, __doc__, "RESULTS")
    return stage_cli.run_folder("coverage", args.results, write)


if __name__ == "__main__":
    sys.exit(main())
