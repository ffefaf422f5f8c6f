"""What the stages share: the errors a stage reports as one line (ERRORS),
and the stages of the choice that time rows and write one CSV (Stage:
safety.py, first_call.py, threads.py, ownership.py).  bench.py calls
Stage.run(results, quick) in-process; each keeps a standalone command line,
`python3 -m harness.pipeline.choice.<module> RESULTS [--quick]` (Stage.command)."""

import argparse
import dataclasses
import os
import subprocess
import sys
import traceback
import typing

import harness
from harness.pipeline import results_io

# What a stage raises for a failure of the machine or the input (a tool
# missing or failing, a file unreadable, a value that does not parse): one
# line for the user, not a traceback.  Anything else is a bug, and shows one.
ERRORS = (OSError, RuntimeError, ValueError, subprocess.CalledProcessError)


class Skipped(Exception):
    """A stage that cannot apply to this run (this interpreter, this build):
    the message says why; the run records it as skipped and goes on."""


def failure_text(exc, traceback_file, expected=ERRORS):
    """An exception that ended a stage or a command, as one line for the
    user: the message of an `expected` failure (of the machine or the
    input); for anything else, a bug of the toolkit, its type and message,
    its traceback written to `traceback_file` (appended) and named, for a
    bug report."""
    if isinstance(exc, expected):
        return str(exc)
    os.makedirs(os.path.dirname(os.path.abspath(traceback_file)), exist_ok=True)
    with open(traceback_file, "a") as f:
        f.writelines(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return (f"{type(exc).__name__}: {exc} (a bug of ffi-bench: its traceback is in "
            f"{os.path.relpath(traceback_file)})")


def command_line(module, description):
    """The argparse parser of `python3 -m <module>` (a dotted name); a
    docstring as `description` gives its first paragraph.  A command passes
    its build folder on to the processes it starts (harness.export_build)."""
    harness.export_build()
    return argparse.ArgumentParser(prog=f"python3 -m {module}",
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


def run_folder(name, path, function, errors=ERRORS):
    """function(results) as a command on the results folder at `path`,
    whose metadata is written once, after it (if it changed)."""
    results = results_io.ResultsFolder(path)

    def run_and_save():
        function(results)
        results.save()
    return run_command(name, run_and_save, errors=errors)


@dataclasses.dataclass(frozen=True)
class Stage:
    name: str                   # as the terminal and errors name it
    module: str                 # its dotted name, for python3 -m
    file: str                   # written into the results folder
    measure: typing.Callable    # measure(results: ResultsFolder, settings) -> rows
    settings: dict = dataclasses.field(default_factory=lambda: {"quick": None, "full": None})

    def run(self, results, quick):
        """Times the stage's rows with its QUICK or full settings and writes
        them to the results folder's file; raises one of ERRORS on a
        failure, Skipped where the stage cannot apply."""
        rows = self.measure(results, self.settings["quick" if quick else "full"])
        results.write_table(self.file, rows)
        print(f"  {self.name}: {len(rows)} rows -> {results.file(self.file)}", flush=True)
        return rows

    def command(self, argv=None):
        """The standalone command line: RESULTS [--quick]."""
        parser = command_line(self.module, f"The {self.name} stage of make bench alone: "
                              f"its rows into RESULTS/{self.file}.")
        parser.add_argument("results", metavar="RESULTS", help="a results folder of make bench")
        parser.add_argument("--quick", action="store_true", help="the QUICK=1 settings")
        args = parser.parse_args(argv)
        try:
            return run_folder(self.name, args.results,
                              lambda results: self.run(results, args.quick))
        except Skipped as exc:
            print(f"{self.name}: skipped: {exc}")
            return 0
