"""The one configuration of a run: every knob in one table (KNOBS), parsed
once, from make's variables (which make exports to the environment) or a
command line, into a typed, frozen Config that every stage takes as an
argument.  No stage reads the environment; a knob that cannot work is
refused here, before anything runs, with a message naming the fix.

  python3 -m harness.pipeline.config        the knobs and the targets that
                                            read them (make help prints it)
"""

import argparse
import dataclasses
import os
import shlex
import sys
import typing

import harness
from harness.registry import vocabulary as v


class ConfigError(Exception):
    """A knob that cannot work; the message names the fix."""


@dataclasses.dataclass(frozen=True)
class Knob:
    name: str           # the make variable
    default: str        # as the user reads it
    targets: str        # the make targets that read it
    help: str


# Worker processes: of the headline front-end, of the check by the other one
# (a check of its ratio, not a headline: fewer), and the extra ones for the
# rows that need them (refine.py).  3, not 5: cut to its first 3 workers, a
# run reproduced another as well as with all 5, by the headline estimator
# (make compare BY_WORKERS=1; docs/METHODOLOGY.md), and the 2 minutes saved
# bring a full run near 10 minutes.  Extra: docs/METHODOLOGY.md, "More
# processes where the intervals are wide".
WORKERS = {"quick": 2, "full": 3}
CHECK_WORKERS = {"quick": 1, "full": 2}
EXTRA_WORKERS = {"quick": 0, "full": 3}
# Every knob, once.  The Makefile exports the ones `make bench` reads
# (BENCH_KNOBS) and prints this table for `make help`; docs/USAGE.md names
# every one (tests/unit/test_config.py checks both).
KNOBS = (
    Knob("PYTHON", "/usr/bin/python3", "every target",
         "the interpreter everything is built for and measured on"),
    Knob("RESULTS", "results (mine: results/mine; releases: results/releases)",
         "bench charts report validate bench-instr mine releases", "the results folder"),
    Knob("QUICK", "", "bench mine releases", "1: a fast, rough pass (2 worker processes of one "
         "short repetition, no extra processes, shorter stages of the choice; mine: the "
         "smallest and largest buffer lengths only; releases: the first and last release of "
         "each series)"),
    Knob("BENCH_ARGS", "", "bench", "Google Benchmark flags, split as a shell splits them, "
         "e.g. '--benchmark_filter=^(noop|add_i64)/' (the baselines are always added)"),
    Knob("PIN", "", "bench", "a CPU number: the workers run there; none: anywhere; "
         "empty: the calmest CPU by calibration"),
    Knob("WORKERS", f"{WORKERS['full']} (QUICK: {WORKERS['quick']})", "bench",
         "worker processes per front-end"),
    Knob("EXTRA_WORKERS", f"{EXTRA_WORKERS['full']} (QUICK: {EXTRA_WORKERS['quick']})", "bench",
         "more worker processes for the decision "
         "table's rows, the multimodal rows and the widest intervals"),
    Knob("FRONTEND", "", "bench bench-instr", "embedded or hosted: the front-end of the "
         "headline figures (default: the one running PYTHON's interpreter code)"),
    Knob("CHECK", "1", "bench mine", "0: no check run with the other front-end (mine: no "
         "equality check of the bindings' results, for functions with side effects)"),
    Knob("CHOICE", "1", "bench", "0: no stage of the choice of a binding (safety, first "
         "calls, threads, scaling, ownership, decision)"),
    Knob("V", "", "every target", "1: show commands and Google Benchmark's output"),
    Knob("HEADER", "", "mine", "your C header: the functions it declares are bound"),
    Knob("SOURCES", "", "mine", "your C sources, compiled into one object with the kernel "
         "object's flags"),
    Knob("LIB", "", "mine", "a prebuilt shared library instead of SOURCES"),
    Knob("FUNCS", "", "mine", "\"f g\": only these functions of HEADER"),
    Knob("INCLUDES", "", "mine", "more folders for the header's #includes (-I)"),
    Knob("STRINGS", "str", "mine", "what Python passes for a const char *: str (UTF-8) or "
         "bytes"),
    Knob("ARGS", "", "mine", "a JSON file of argument sets for the check, "
         "{\"function\": [[arg, ...], ...]} (a list is a buffer)"),
    Knob("SIZES", "1 100 10000", "mine", "the buffer lengths timed"),
    Knob("PYTHONS", "", "bench", "\"3.13 3.13t pypy3 ...\" or all: one run per interpreter "
         "into RESULTS/<label>, then make merge"),
    Knob("PYTHON_VERSIONS", "3.11 3.13 3.13t 3.14 3.14t 3.15 3.15t pypy3", "pythons",
         "the interpreters make pythons builds or installs"),
    Knob("PYTHONS_CACHE", "~/.cache/ffi-bench", "pythons bench",
         "where make pythons builds interpreters"),
    Knob("PGO", "", "pythons", "1: optimised interpreter builds (about 3x the time)"),
    Knob("A", "", "compare", "the reference: a results folder or its calls.json.gz"),
    Knob("B", "", "compare", "the other run (several with ESTIMATORS=1 or BY_WORKERS=1)"),
    Knob("ESTIMATORS", "", "compare", "1: the reproduction by every candidate estimator"),
    Knob("BY_WORKERS", "", "compare", "1: the reproduction by how many of B's worker "
         "processes are kept"),
    Knob("RUNS", "", "merge", "the results folders to merge"),
    Knob("OUT", "RESULTS/merged", "merge", "the merged folder"),
    Knob("FORCE", "", "merge", "1: merge runs whose kernel object or flags differ"),
    Knob("INSTR", "", "bench-instr gate", "only the rows whose name contains this text"),
    Knob("TOOLS", "", "releases", "\"pybind11 nanobind cython pyo3 cffi\": only these tools' "
         "series (default: all)"),
    Knob("BASE", "", "gate", "the baseline's instruction counts: a results folder or its "
         "instr.csv, e.g. results/reference"),
    Knob("GATE_PCT", "2", "gate", "the growth of a row's net instructions per call, in %, "
         "that fails the gate"),
    Knob("CURRENT", "", "gate", "counts to compare instead of counting the current build "
         "(a results folder or instr.csv)"),
    Knob("VALIDATE_PATHS", "", "validate", "a,b: only those paths"),
    Knob("PYPERF_ARGS", "", "validate", "pyperf's options instead of its defaults, "
         "e.g. '--processes=4'"),
    Knob("SANITIZER", "", "every build, test", "address, undefined or address,undefined: "
         "build with ASan and/or UBSan"),
    Knob("TESTS", "tests", "test", "test files or folders: those only"),
    Knob("SLOW", "", "test", "1: the slow tests too (the valgrind runs, make bench beside "
         "PyPy and 3.13t; CI runs them)"),
)
# The knobs `make bench` reads, which the Makefile exports to it.
BENCH_KNOBS = ("RESULTS", "QUICK", "BENCH_ARGS", "PIN", "WORKERS", "EXTRA_WORKERS",
               "FRONTEND", "CHECK", "CHOICE", "V")

# Flags make bench sets itself, which BENCH_ARGS may not change.
OWN_FLAGS = ("--benchmark_out=", "--benchmark_out_format=", "--pin=", "--hash-seed=",
             "--row-file=")


@dataclasses.dataclass(frozen=True)
class Config:
    """What one `make bench` was asked to do, checked."""
    results: str = "results"
    quick: bool = False
    bench_args_text: str = ""       # as given, recorded in metadata.json
    bench_args: tuple = ()          # the Google Benchmark flags it gives (bench_args())
    pin: str = ""
    frontend: str = ""
    check: bool = True
    choice: bool = True
    verbose: bool = False
    workers_given: typing.Optional[int] = None   # WORKERS=, None: the method's default
    extra_workers: int = EXTRA_WORKERS["full"]
    measure_only: bool = False

    @property
    def speed(self):
        """"quick" or "full": the key of every stage's settings table."""
        return "quick" if self.quick else "full"

    def workers(self, defaults=WORKERS):
        """The worker processes of a measuring method whose defaults are
        `defaults` ({"quick": n, "full": n}), unless WORKERS= gave them."""
        return defaults[self.speed] if self.workers_given is None else self.workers_given

    def check_workers(self):
        """The check by the other front-end: CHECK_WORKERS (not WORKERS=)."""
        return CHECK_WORKERS[self.speed]

    def settings(self, count):
        """The bench_settings metadata.json records: the knobs as given, and
        the worker processes `count` the run used."""
        return {"QUICK": "1" if self.quick else "", "BENCH_ARGS": self.bench_args_text,
                "PIN": self.pin, "FRONTEND": self.frontend,
                "CHECK": "1" if self.check else "0", "WORKERS": str(count),
                "EXTRA_WORKERS": str(self.extra_workers)}


def bench_args(text):
    """BENCH_ARGS as a list of Google Benchmark flags.  The baselines are
    always measured: a --benchmark_filter gets `|^empty/` added (the empty
    loops every net figure needs), unless it is a negative one."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ConfigError(f"BENCH_ARGS={text!r}: {exc} (quote a regular expression once: "
                          "BENCH_ARGS='--benchmark_filter=^(noop|add_i64)/')") from exc
    result = []
    for word in words:
        if word.startswith(OWN_FLAGS):
            raise ConfigError(f"BENCH_ARGS: {word.split('=')[0]} is set by make bench for each "
                              "worker process (RESULTS= chooses the folder, PIN= the CPU)")
        if not word.startswith("--benchmark_"):
            raise ConfigError(f"BENCH_ARGS: {word!r} is not a Google Benchmark flag "
                              "(--benchmark_...), e.g. BENCH_ARGS='--benchmark_filter=add_i64'")
        if word.startswith("--benchmark_filter="):
            pattern = word.partition("=")[2]
            if pattern and pattern != "all" and not pattern.startswith("-"):
                word = f"--benchmark_filter=({pattern})|^{v.BASELINE_KERNEL}/"
        result.append(word)
    return tuple(result)


def worker_count(name, text, defaults, least=1):
    """The number of processes a knob (WORKERS=, EXTRA_WORKERS=) gives, or
    None when it is not given; `defaults` are named when it cannot work."""
    if not text:
        return None
    if not text.isdigit() or int(text) < least:
        raise ConfigError(f"{name}={text}: give a number of worker processes, {least} or "
                          f"more (default {defaults['full']}, {defaults['quick']} with QUICK=1)")
    return int(text)


def check_results_folder(results):
    """Refuses a RESULTS that is, or lies under, a file."""
    where = os.path.abspath(results)
    while where != os.path.dirname(where):
        if os.path.exists(where) and not os.path.isdir(where):
            raise ConfigError(f"RESULTS={results}: {where} is a file; RESULTS names a folder "
                              "(default: results)")
        where = os.path.dirname(where)


def check_pin(pin):
    """Refuses a PIN that is neither empty, none, nor a CPU this process may
    run on."""
    if pin in ("", "none"):
        return
    if not pin.isdigit():
        raise ConfigError(f"PIN={pin}: give a CPU number, none, or nothing "
                          "(the calmest CPU, chosen by calibration)")
    if int(pin) not in harness.allowed_cpus():
        raise ConfigError(f"PIN={pin}: this process may run on CPUs {harness.allowed_cpus()} "
                          "only")


def from_knobs(knobs, measure_only=False):
    """The Config of make's variables `knobs` ({name: text}, as make exports
    them; a knob not given is absent or empty)."""
    def get(name, default=""):
        return knobs.get(name) or default
    quick = get("QUICK") == "1"
    extra = worker_count("EXTRA_WORKERS", get("EXTRA_WORKERS"), EXTRA_WORKERS, least=0)
    if get("FRONTEND") not in ("", *v.FRONTENDS):
        raise ConfigError(f"FRONTEND={get('FRONTEND')}: use embedded or hosted "
                          "(or nothing: the one running the interpreter's code)")
    results = get("RESULTS", "results").rstrip("/") or "."
    check_results_folder(results)
    check_pin(get("PIN"))
    return Config(
        results=results, quick=quick, bench_args_text=get("BENCH_ARGS"),
        bench_args=bench_args(get("BENCH_ARGS")), pin=get("PIN"), frontend=get("FRONTEND"),
        check=get("CHECK", "1") != "0", choice=get("CHOICE", "1") != "0",
        verbose=get("V") == "1",
        workers_given=worker_count("WORKERS", get("WORKERS"), WORKERS),
        extra_workers=EXTRA_WORKERS["quick" if quick else "full"] if extra is None else extra,
        measure_only=measure_only)


def from_environ(measure_only=False):
    """The Config of the knobs make exported: the one read of the environment
    for a run."""
    return from_knobs({name: os.environ.get(name, "") for name in BENCH_KNOBS}, measure_only)


def help_text():
    """The knob table, as make help prints it."""
    width = max(len(k.name) for k in KNOBS) + 1
    lines = ["Knobs (make <target> NAME=value):"]
    for k in KNOBS:
        default = f" [default: {k.default}]" if k.default else ""
        lines.append(f"  {k.name:<{width}} {k.help}{default} ({k.targets})")
    return "\n".join(lines) + "\n"


def markdown_table():
    """The knob table as docs/USAGE.md shows it (readme.py writes it there)."""
    lines = ["| knob | default | targets | what it does |", "|---|---|---|---|"]
    lines += [f"| `{k.name}=` | {k.default.replace('|', '&#124;') or '(empty)'} | {k.targets} | "
              + k.help.replace("|", "\\|") + " |" for k in KNOBS]
    return "\n".join(lines) + "\n"


def main(argv=None):
    argparse.ArgumentParser(prog="python3 -m harness.pipeline.config",
                            description=__doc__.split("\n\n")[0]).parse_args(argv)
    try:
        sys.stdout.write(help_text())
        sys.stdout.flush()
    except BrokenPipeError:     # `make help | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
