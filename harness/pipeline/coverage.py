"""Writes which call path expresses which kernel, and why not where it does
not: the registry's coverage() as CSV (path,kernel,status,reason).

Usage: python3 -m harness.pipeline.coverage COVERAGE_CSV
"""

import sys

from harness.registry import vocabulary as v
from harness import registry
from harness.pipeline import results_io, stage_cli




def write(coverage_csv):
    """The registry's coverage -> COVERAGE_CSV."""
    rows = [dict(zip(v.COVERAGE_COLUMNS, entry)) for entry in registry.coverage()]
    results_io.write_csv(rows, coverage_csv, v.COVERAGE_COLUMNS)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print("coverage: " + ", ".join(f"{n} {status}" for status, n in counts.items())
          + f" (path x kernel) -> {coverage_csv}")


def main(argv=None):
    args = stage_cli.parse(argv, "coverage", __doc__, "COVERAGE_CSV")
    return stage_cli.run_command("coverage", write, args.coverage_csv)


if __name__ == "__main__":
    sys.exit(main())
