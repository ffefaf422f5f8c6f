"""What the stages share: the errors a stage reports as one line (ERRORS),
and the stages of the choice that time rows and write one CSV (Stage:
safety.py, loading.py, threads.py, ownership.py).  bench.py calls
Stage.run(results, quick) in-process; each keeps a standalone command line,
`python3 -m harness.pipeline.<module> RESULTS [--quick]` (Stage.command)."""

import argparse
import dataclasses
import os
import subprocess
import sys
import typing

from harness.pipeline import results_io

# What a stage raises for a failure of the machine or the input (a tool
# missing or failing, a file unreadable, a value that does not parse): one
# line for the user, not a traceback.  Anything else is a bug, and shows one.
ERRORS = (OSError, RuntimeError, ValueError, subprocess.CalledProcessError)


def command_line(module, description, package="pipeline"):
    """The argparse parser of `python3 -m harness.<package>.<module>`; a
    docstring as `description` gives its first paragraph."""
    return argparse.ArgumentParser(prog=f"python3 -m harness.{package}.{module}",
                                   description=description.strip().split("\n\n")[0])


def parse(argv, module, doc, *names):
    """The arguments of a command whose positional arguments are files or
    folders: `names`, upper case in the usage; the description is the
    first paragraph of the module's docstring."""
    parser = command_line(module, doc)
    for name in names:
        parser.add_argument(name.lower(), metavar=name)
    return parser.parse_args(argv)


def run_command(name, function, *args, errors=ERRORS):
    """function(*args) as a command: 0, or 1 with its error on one line."""
    try:
        function(*args)
    except errors as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 1
    return 0


@dataclasses.dataclass(frozen=True)
class Stage:
    name: str                   # as the terminal and errors name it
    module: str                 # harness.pipeline.<module>
    file: str                   # written into the results folder
    columns: tuple
    measure: typing.Callable    # measure(results, settings) -> rows
    settings: dict = dataclasses.field(default_factory=lambda: {"quick": None, "full": None})

    def run(self, results, quick):
        """Times the stage's rows with its QUICK or full settings and writes
        them to results/file; raises one of ERRORS on a failure."""
        rows = self.measure(results, self.settings["quick" if quick else "full"])
        out = os.path.join(results, self.file)
        results_io.write_csv(rows, out, self.columns)
        print(f"  {self.name}: {len(rows)} rows -> {out}", flush=True)
        return rows

    def command(self, argv=None):
        """The standalone command line: RESULTS [--quick]."""
        parser = command_line(self.module, f"The {self.name} stage of make bench alone: "
                              f"its rows into RESULTS/{self.file}.")
        parser.add_argument("results", metavar="RESULTS", help="a results folder of make bench")
        parser.add_argument("--quick", action="store_true", help="the QUICK=1 settings")
        args = parser.parse_args(argv)
        try:
            self.run(args.results, args.quick)
        except ERRORS as exc:
            print(f"{self.name}: {exc}", file=sys.stderr)
            return 1
        return 0
