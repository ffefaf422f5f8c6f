"""Writes which call path expresses which kernel, and why not where it does
not: the registry's coverage() as CSV (path,kernel,status,reason).

Usage: python3 -m harness.pipeline.coverage COVERAGE_CSV
"""

import sys

from harness.registry import vocabulary as v
from harness import registry
from harness.pipeline import results_io




def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    rows = [dict(zip(v.COVERAGE_COLUMNS, entry)) for entry in registry.coverage()]
    results_io.write_csv(rows, argv[1], v.COVERAGE_COLUMNS)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print("coverage: " + ", ".join(f"{n} {status}" for status, n in counts.items())
          + f" (path x kernel) -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
