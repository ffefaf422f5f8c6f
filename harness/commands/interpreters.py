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
(the sources not served, the build failed), and the others go on; so does
an interpreter whose make bench fails, its error in one line.  The
comparison is made of every run that published its folder (one whose later
stage failed included), and COMPARISON.md names the interpreters missing
from it, and why.  The exit status is 1 when a make bench failed.
"""
import os
import shutil
import subprocess
import sys

import harness
from harness.commands import merge
from harness.pipeline import stage_cli

VERSIONS = ("3.11", "3.13", "3.13t", "3.14", "3.14t", "3.15", "3.15t")
ALL = ("debian", *VERSIONS, "pypy3")


DEFAULT_CACHE = os.path.join(os.path.expanduser("~"), ".cache", "ffi-bench")


def make(*args):
    # PYTHONS= on the command line: the inner makes run one interpreter each
    return subprocess.call(["make", "--no-print-directory", "PYTHONS=", *args], cwd=harness.ROOT)


def _published(folder):
    """Which metadata.json a results folder holds (None: none), to tell a
    folder a run has just published from an earlier run's."""
    try:
        found = os.stat(os.path.join(folder, "metadata.json"))
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def bench(python, folder):
    """make bench for one interpreter into `folder`, its error output passed
    through as it comes: (whether it succeeded, whether it published
    `folder`, why it failed: its own one-line account, or make's last
    line)."""
    before = _published(folder)
    process = subprocess.Popen(["make", "--no-print-directory", "PYTHONS=", "bench",
                                f"PYTHON={python}", f"RESULTS={folder}"],
                               cwd=harness.ROOT, stderr=subprocess.PIPE, text=True)
    said, last = [], ""
    for line in process.stderr:
        sys.stderr.write(line)
        sys.stderr.flush()
        if line.startswith("make bench: ") and not line.startswith("make bench: warning"):
            said.append(line[len("make bench: "):].strip())
        last = line.strip() or last
    code = process.wait()
    published = _published(folder) not in (None, before)
    why = said[0] if said else (last or f"make bench exited with status {code}")
    return code == 0, published, "" if code == 0 else why


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
    try:
        return run(specs, args.results.rstrip("/") or ".", args.cache)
    except (KeyboardInterrupt, Exception) as exc:     # one line, never a traceback
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else stage_cli.failure_text(
            exc, os.path.join(harness.BUILD, "interpreters-traceback.txt"))
        print(f"interpreters: {why}", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 1


def run(specs, results, cache):
    """make bench for each interpreter of `specs`, then the merge: the exit
    status."""
    made, failed, missing = [], [], []
    for spec in specs:
        python, why = resolve(spec, cache)
        label = label_of(python) if python else None
        if python and not label:
            why = f"{python} does not run the harness"
        if not label:
            missing.append((spec, f"skipped: {why}"))
            print(f"== {spec}: skipped: {why} ==", flush=True)
            continue
        folder = os.path.join(results, label)
        print(f"== {spec}: {python} -> {folder} ==", flush=True)
        succeeded, published, why = bench(python, folder)
        if published:
            made.append(folder)
        if not succeeded:
            failed.append(spec)
            if not published:
                missing.append((spec, f"make bench failed: {why}"))
            print(f"== {spec}: make bench failed ({why}); going on with the others ==",
                  flush=True)
    status = 1 if failed else 0
    if made:
        status = max(status, merge_runs(os.path.join(results, "merged"), made, missing))
    for spec, why in missing:
        print(f"interpreters: {spec}: {why}")
    if failed:
        print("interpreters: make bench failed for " + ", ".join(failed)
              + (f"; {os.path.join(results, 'merged', 'COMPARISON.md')} names what is "
                 "missing" if made else "; no run finished, nothing merged"), file=sys.stderr)
    return status


def merge_runs(out, folders, missing):
    """make merge's comparison of the runs that published their folder,
    naming the runs that are missing and why: 0, or 1 with why."""
    try:
        runs = merge.merge(out, folders, missing=missing)
    except (merge.Refused, *stage_cli.ERRORS) as exc:
        print(f"interpreters: the merge failed: {exc}", file=sys.stderr)
        return 1
    print(merge.done_line(runs, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
