"""make bench PYTHONS="...": one make bench per interpreter, each into its own
results folder, then make merge over them.

  python3 -m harness.commands.interpreters [--results=RESULTS] [--cache=PYTHONS_CACHE] SPEC...

A SPEC is a version of make pythons (3.11, 3.13, 3.13t, 3.14, ...: CPython
built from Debian's source packages into PYTHONS_CACHE, built first if it is
not there yet), `debian` (Debian's /usr/bin/python3), `pypy3` (Debian's
PyPy, installed as root if missing), or an interpreter's path or command; `all`
is every one of them.  Each run goes to RESULTS/<label> (its label from
harness.interpreter_label(), e.g. cpython-3.13.5t-source) and the comparison
to RESULTS/merged.  An interpreter that cannot be had is skipped, saying why
(the sources not served, the build failed), and the others go on.
"""
import os
import shutil
import subprocess
import sys

import harness
from harness.pipeline import stage_cli

VERSIONS = ("3.11", "3.13", "3.13t", "3.14", "3.14t", "3.15", "3.15t")
ALL = ("debian", *VERSIONS, "pypy3")


DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "ffi-bench")


def make(*args):
    # PYTHONS= on the command line: the inner makes run one interpreter each
    return subprocess.call(["make", "--no-print-directory", "PYTHONS=", *args], cwd=harness.ROOT)


def resolve(spec, cache=DEFAULT_CACHE):
    """(interpreter path, "") or (None, why it cannot be had)."""
    if spec == "debian":
        spec = harness.DEFAULT_PYTHON
    if spec in VERSIONS:
        prefix = os.path.join(cache, "pythons", spec)
        python = os.path.join(prefix, "bin", "python3")
        if not os.access(python, os.X_OK) and not os.path.exists(os.path.join(prefix, "FAILED")):
            make("pythons", f"PYTHON_VERSIONS={spec}", f"PYTHONS_CACHE={cache}")
        if os.path.exists(os.path.join(prefix, "FAILED")):
            with open(os.path.join(prefix, "FAILED")) as f:
                return None, f.read().strip()
        if not os.access(python, os.X_OK):
            return None, "make pythons did not build it"
        return python, ""
    found = shutil.which(spec)
    if found is None and spec == "pypy3" and os.geteuid() == 0:
        print("  interpreters: installing Debian's PyPy: apt-get install -y pypy3 pypy3-dev",
              flush=True)
        subprocess.call(["apt-get", "install", "-y", "-q", "pypy3", "pypy3-dev"],
                        stdout=subprocess.DEVNULL)
        found = shutil.which(spec)
    if found is None:
        return None, (f"{spec} is not installed (apt-get install pypy3 pypy3-dev)"
                      if spec == "pypy3" else f"{spec}: no such interpreter")
    return found, ""


def label_of(python):
    env = {k: v for k, v in os.environ.items() if k != "FFIBENCH_BUILD"}
    done = subprocess.run([python, "-c", "import harness; print(harness.interpreter_label())"],
                          cwd=harness.ROOT, env=env, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("--results", default="results", help="RESULTS= (default: results)")
    parser.add_argument("--cache", default=DEFAULT_CACHE, help="PYTHONS_CACHE=")
    parser.add_argument("specs", metavar="SPEC", nargs="+")
    args = parser.parse_args(argv)
    specs = [s for spec in args.specs for s in (ALL if spec == "all" else (spec,))]
    results = args.results.rstrip("/") or "."
    made, failed, skipped = [], [], []
    for spec in specs:
        python, why = resolve(spec, args.cache)
        label = label_of(python) if python else None
        if python and not label:
            why = f"{python} does not run the harness"
        if not label:
            skipped.append((spec, why))
            print(f"== {spec}: skipped: {why} ==", flush=True)
            continue
        folder = os.path.join(results, label)
        print(f"== {spec}: {python} -> {folder} ==", flush=True)
        if make("bench", f"PYTHON={python}", f"RESULTS={folder}") == 0:
            made.append(folder)
        else:
            failed.append(spec)
            print(f"== {spec}: make bench failed; going on with the others ==", flush=True)
    status = 1 if failed else 0
    if len(made) >= 2 or (made and not failed):
        merged = os.path.join(results, "merged")
        if make("merge", f"OUT={merged}", "RUNS=" + " ".join(made)) != 0:
            status = 1
    for spec, why in skipped:
        print(f"interpreters: {spec} skipped: {why}")
    if failed:
        print("interpreters: make bench failed for " + ", ".join(failed), file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
