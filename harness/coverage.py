"""Writes which call path expresses which kernel, and why not where it does
not: the registry's coverage() as CSV (path,kernel,status,reason).

Usage: coverage.py COVERAGE_CSV
"""

import sys

import paths
import summarize

COLUMNS = ("path", "kernel", "status", "reason")


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    rows = [dict(zip(COLUMNS, entry)) for entry in paths.coverage()]
    summarize.write_csv(rows, argv[1], COLUMNS)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    print("coverage: " + ", ".join(f"{n} {status}" for status, n in counts.items())
          + f" (path x kernel) -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
