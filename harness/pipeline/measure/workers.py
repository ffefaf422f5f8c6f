"""A run's measurements spread over worker processes: each row's values come
from K fresh driver processes, each with its own str hash seed (drawn here,
recorded) and its own ASLR layout (recorded by the registry), and with the
rows in a new random order (Google Benchmark's random interleaving, seeded
afresh in every process).  One process is one sample of memory layout, hash
seed, CPU and the interpreter's specialisation; the fastest paths are
bimodal from one process to the next, so no row's figure rests on one.

Around each worker, a calibration of its CPU (calibrate.py) before and after
its batch.  When the CPU turned noisy during the batch (calibrate.check), the
worker's values are dropped, the calmest CPU chosen again (unless PIN forces
one) and the worker re-run, at most MAX_RERUNS times per run; every
calibration and every dropped worker is recorded and reported.  The run's
base calibration is the machine's calm speed: a move never raises it, it
waits (bounded) for a CPU within calibrate.NOISY_SLOWDOWN of it, and a run
that found none, or kept a worker after its re-runs although its CPU was
slowed, is marked as measured on a slowed machine (ffb_cpu["slowed"]).

The first kept worker finds each row's time per call (Google Benchmark grows
the count to --benchmark_min_time); the later workers run the count that
lasts min_time (FFB_ITERATIONS), so that their time goes to measuring.
Workers.run(count, args) runs more workers of the same team for a part of
the rows (refine.py chooses them, bench.py filters them): the same CPU
choice, calibrations, re-runs and crash handling, their values merged with
the others.

A worker that dies by a signal (a crash or abort in a binding) is blamed on
the row it was running (the driver names it in a memory-mapped file,
--row-file); that row is marked crashed, with the signal, in every worker's
results, and the worker is run again without it (FFB_SKIP_ROWS): the run goes
on.  Ctrl-C and SIGTERM stop it.

merge() writes the workers' values as one Google Benchmark JSON (calls.json):
every value keeps its worker's index ("ffb_worker"), Google Benchmark's
per-process aggregates are left out (summarize.py computes the row's
statistics over every value), and the context holds the first worker's
facts plus "ffb_workers" (one record per worker) and "ffb_cpu" (the CPU
choice and its calibrations).
"""

import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import time

from harness.pipeline import results_io
from harness.pipeline.measure import calibrate, frontends
from harness.pipeline.analyse.summarize import ns_of

# A row that crashes takes its worker down; after this many crashes in one
# run the binding is broken beyond what isolating rows is for.
MAX_CRASHES = 5
MAX_RERUNS = 2


class WorkerError(Exception):
    """A worker failed in a way the run cannot go on from."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM reached a worker."""


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def worker_command(frontend, args, seed):
    """(command line, environment) of one worker with str hash seed `seed`.
    The embedded front-end sets the seed itself (--hash-seed); the hosted
    one's interpreter takes it from PYTHONHASHSEED, so it runs with -s -P
    instead of -I (-I would ignore the variable), in an environment without
    any other PYTHON* variable: isolated alike."""
    env = {k: val for k, val in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONHASHSEED"] = str(seed)
    flags = ("-s", "-P") if sys.version_info >= (3, 11) else ("-s",)
    return frontends.command(frontend, [*args, f"--hash-seed={seed}"], flags), env


def row_name(name):
    """A row's name as the registry gives it: Google Benchmark appends
    /iterations:N to the name of a row whose count is fixed (FFB_ITERATIONS)."""
    return ITERATIONS_SUFFIX.sub("", name)


ITERATIONS_SUFFIX = re.compile(r"/iterations:[0-9]+$")


def read_row_file(path):
    try:
        with open(path, "rb") as f:
            return f.read().split(b"\0", 1)[0].decode(errors="replace")
    except OSError:
        return ""


class Workers:
    """Runs the workers of one stage (the headline, or the check) into
    `folder`: worker<i>.json and driver.log."""

    def __init__(self, frontend, args, folder, count, cpu_choice, build, min_time,
                 verbose=False, say=print, wait_seconds=calibrate.WAIT_SECONDS):
        self.frontend, self.args, self.folder, self.count = frontend, args, folder, count
        self.min_time = min_time    # seconds a timed run should last
        self.cpu = cpu_choice
        self.row_file = os.path.join(build, "running-row")
        self.skip_file = os.path.join(folder, "skipped-rows.tsv")
        self.iterations_file = os.path.join(folder, "iterations.tsv")
        self.crashed = {}       # row name -> why
        self.records = []       # one per worker run, kept or dropped
        self.reruns = 0
        self.say = say
        self.verbose = verbose      # the driver's tables on the terminal too
        self.wait_seconds = wait_seconds    # for a calm CPU, at most, per move

    def movable(self):
        return not self.cpu["how"].startswith(("forced", "not pinned"))

    def rechoose(self, why):
        """The calmest CPU again, after `why`, waiting (up to wait_seconds)
        for one within calibrate.NOISY_SLOWDOWN of the run's base; recorded
        in the CPU choice.  The base is the machine's calm speed and is
        never raised to the speed of the CPU moved to: a CPU that is slowed
        too is waited for, and when none calms the run is marked slowed."""
        cpu, found, waited = calibrate.wait_for_calm(self.cpu["base"], self.wait_seconds,
                                                     self.say)
        self.cpu.setdefault("moves", []).append(
            {"why": why, "from": self.cpu["cpu"], "to": cpu, "calibrations": found,
             "waited_s": round(waited, 1)})
        self.say(f"  CPU {self.cpu['cpu']}: {why}; "
                 + (f"moving to CPU {cpu}" if cpu != self.cpu["cpu"]
                    else "it is still the calmest, staying"))
        self.cpu["cpu"] = cpu
        best = min((c for c in found if c["cpu"] == cpu), key=lambda c: c["ns"])
        if best["ns"] > self.cpu["base"]["ns"] * calibrate.NOISY_SLOWDOWN:
            self.slowed(f"no CPU came within {(calibrate.NOISY_SLOWDOWN - 1) * 100:.0f}% of "
                        f"the calm calibration ({self.cpu['base']['ns']:.1f} ns per call) in "
                        f"{waited:.0f} s of waiting: CPU {cpu} calibrated {best['ns']:.1f} ns "
                        f"({best['ns'] / self.cpu['base']['ns']:.2f}x)")

    def slowed(self, why):
        """Marks the run as measured (in part) on a slowed machine."""
        self.cpu.setdefault("slowed", []).append(why)
        self.wait_seconds = 0       # waited once in vain: the run goes on, marked
        self.say(f"  warning: {why}; the run goes on and is marked as measured on a "
                 "slowed machine")

    def run_driver(self, index, out, log):
        """One driver process; returns its seed and seconds, handling crashes
        by re-running without the crashed rows."""
        while True:
            seed = random.SystemRandom().randrange(1, 2 ** 32)
            pin = [] if self.cpu["cpu"] is None else [f"--pin={self.cpu['cpu']}"]
            command, env = worker_command(
                self.frontend, [*self.args, *pin, f"--row-file={self.row_file}",
                                f"--benchmark_out={out}", "--benchmark_out_format=json"],
                seed)
            if self.crashed:
                env["FFB_SKIP_ROWS"] = self.skip_file
            if os.path.exists(self.iterations_file):
                env["FFB_ITERATIONS"] = self.iterations_file
            start = time.monotonic()
            with open(log, "a") as stdout:
                stdout.write(f"\n==== worker {index + 1} (hash seed {seed}) ====\n")
                stdout.flush()
                done = subprocess.run(command, env=env,
                                      stdout=None if self.verbose else stdout)
            seconds = time.monotonic() - start
            code = done.returncode
            if code == 0:
                return seed, seconds
            if code < 0 and -code in (signal.SIGINT, signal.SIGTERM):
                raise Interrupted()
            row = read_row_file(self.row_file)
            # A Python process reports a fatal signal as 128 + its number only
            # through a shell; here a negative code is the signal itself.
            if code > 0 or not row:
                tail = ""
                with open(log, errors="replace") as f:
                    tail = "".join(f.readlines()[-5:])
                raise WorkerError(
                    f"the {self.frontend} driver failed in worker {index + 1} ("
                    + (f"killed by {signal_name(-code)} outside any row" if code < 0
                       else f"exit {code}") + f"); the end of {log}:\n{tail}")
            if len(self.crashed) >= MAX_CRASHES:
                raise WorkerError(f"{MAX_CRASHES} rows crashed their workers (the last: "
                                  f"{row}, {signal_name(-code)}); fix the binding first")
            why = f"crashed: {signal_name(-code)} (signal {-code}) in worker {index + 1}"
            self.crashed[row] = why
            self.say(f"  worker {index + 1}: {row} {why}; the row is marked crashed and "
                     "the worker runs again without it")
            with open(self.skip_file, "w") as f:
                f.writelines(f"{name}\t{reason}\n" for name, reason in self.crashed.items())

    def keep_iterations(self, worker_json):
        """Each row's iteration count for the later workers (FFB_ITERATIONS),
        from its time per call in the first kept worker: the calls that last
        min_time, rounded up to whole batches.  Google Benchmark grows a
        row's count from one batch by up to 10x per run and then overshoots
        min_time by 40 %, which takes about as long again as the measurement;
        a count fixed from the first worker skips that, and every later
        worker times the same number of calls."""
        with open(worker_json) as f:
            entries = json.load(f).get("benchmarks", [])
        counts = {}
        for entry in entries:
            if entry.get("run_type") == "aggregate" or entry.get("error_occurred"):
                continue
            name = row_name(entry.get("run_name") or entry["name"])
            tags = dict(w.partition("=")[::2] for w in entry.get("label", "").split())
            batch = int(tags.get("batch") or 1)
            ns = ns_of(entry)
            calls = self.min_time * 1e9 / ns if ns > 0 else batch
            counts[name] = max(counts.get(name, 0), math.ceil(calls / batch) * batch)
        with open(self.iterations_file, "w") as f:
            f.writelines(f"{name}\t{n}\n" for name, n in counts.items())

    def run(self, count=None, args=None, rows="all"):
        """Runs the team's `count` workers, or `count` more with `args` for a
        part of the rows (`rows`: how many, recorded); returns the records
        of the kept ones."""
        os.makedirs(self.folder, exist_ok=True)
        log = os.path.join(self.folder, "driver.log")
        index = sum(r["status"] == "kept" for r in self.records)
        if count is not None:
            self.count = index + count
        if args is not None:
            self.args = args
        while index < self.count:
            before, why = calibrate.check(self.cpu["cpu"], self.cpu["base"])
            if why and self.movable():
                self.rechoose(f"{why} (before worker {index + 1})")
                before = calibrate.calibrate(self.cpu["cpu"])
            self.say(f"  worker {index + 1} of {self.count} on "
                     + ("no pinned CPU" if self.cpu["cpu"] is None
                        else f"CPU {self.cpu['cpu']}")
                     + f" (calibration {before['ns']:.1f} ns per call)", flush=True)
            out = os.path.join(self.folder, f"worker{index}.json")
            seed, seconds = self.run_driver(index, out + ".part", log)
            after, why = calibrate.check(self.cpu["cpu"], self.cpu["base"])
            record = {"index": index, "cpu": self.cpu["cpu"], "hash_seed": seed,
                      "seconds": round(seconds, 1), "before": before, "after": after,
                      "rows": rows, "status": "kept", "why": ""}
            if why and self.reruns < MAX_RERUNS:
                self.reruns += 1
                record.update(status="dropped", why=f"CPU {self.cpu['cpu']}: {why}")
                self.records.append(record)
                os.remove(out + ".part")
                self.say(f"  worker {index + 1}: dropped, {record['why']}; running it again")
                if self.movable():
                    self.rechoose(why)
                continue
            if why:     # no re-run left: kept, and said to be slowed
                record["why"] = f"CPU {self.cpu['cpu']}: {why}"
                self.slowed(f"worker {index + 1} was kept after {MAX_RERUNS} re-runs although "
                            f"{record['why']}")
            os.replace(out + ".part", out)
            self.records.append(record)
            if not os.path.exists(self.iterations_file):
                self.keep_iterations(out)
            index += 1
        return [r for r in self.records if r["status"] == "kept"]


def merge(folder, workers, out):
    """The kept workers' JSON files in folder -> one Google Benchmark JSON at
    out (see the module's documentation); the worker files are removed."""
    results_io.write_json(collect(folder, workers), out)
    for record in workers.records:
        if record["status"] == "kept":
            os.remove(os.path.join(folder, f"worker{record['index']}.json"))


def collect(folder, workers):
    """The kept workers' JSON files in folder as one Google Benchmark report
    (the module's documentation says what it holds)."""
    context, benchmarks, places = None, [], {}
    for record in workers.records:
        if record["status"] != "kept":
            continue
        path = os.path.join(folder, f"worker{record['index']}.json")
        with open(path) as f:
            report = json.load(f)
        facts = report.get("context", {})
        record.update({key: facts.get(key, "") for key in
                       ("hash_check", "process_id", "layout", "cpu_pinned")})
        if context is None:
            context = dict(facts)
        for entry in report.get("benchmarks", []):
            if entry.get("run_type") == "aggregate":
                continue
            for key in ("name", "run_name"):
                if key in entry:
                    entry[key] = row_name(entry[key])
            name = entry.get("run_name") or entry.get("name")
            if name in workers.crashed:     # its place in the registration order
                places.setdefault(name, (entry.get("family_index", 10 ** 6),
                                         entry.get("per_family_instance_index", 0)))
                continue
            entry["ffb_worker"] = record["index"]
            benchmarks.append(entry)
    if context is None:
        raise WorkerError("no worker kept any values")
    for name, why in workers.crashed.items():
        family, instance = places.get(name, (10 ** 6, 0))
        benchmarks.append({"name": name, "run_name": name, "run_type": "iteration",
                           "error_occurred": True, "error_message": why,
                           "family_index": family, "per_family_instance_index": instance})
    for key in ("process_id", "layout", "hash_seed", "hash_check"):
        context.pop(key, None)      # per worker: in ffb_workers
    context["ffb_workers"] = workers.records
    context["ffb_cpu"] = workers.cpu
    context["ffb_crashed"] = workers.crashed
    return {"context": context, "benchmarks": benchmarks}
