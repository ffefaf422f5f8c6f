"""make bench: the pipeline, stage after stage, from the built binaries to a
published results folder.

  measure    the calmest CPU chosen (calibrate.py), then the headline
             front-end times every row in WORKERS fresh processes (workers.py;
             calls.json.gz, and the same values as a pyperf suite,
             pyperf.json), the other front-end
             checks noop/add_i64/add_f64 (check/), then summary.csv +
             metadata.json, frontends.csv, derived.csv, coverage.csv
  processes  hyperfine: import cost per binding, add_i64 end to end
  choice     the other dimensions of the choice of a binding: the safety
             matrix (safety.py), the first call (first_call.py), 1 and 2
             threads (threads.py), calls from several threads (scaling.py), the
             cost of ownership (ownership.py), then
             the decision table (decision.py)
  charts     every chart the rows allow
  report     REPORT.md, and index.html (the page: sortable, filterable)
  publish    RESULTS.part/ -> RESULTS/

The knobs (RESULTS, QUICK, BENCH_ARGS, PIN, WORKERS, EXTRA_WORKERS, FRONTEND,
CHECK, CHOICE, V; config.KNOBS says what each does) come from make through
the environment, read once by config.from_environ() into a Config that
every stage takes as an argument.  The interpreter running this script is
PYTHON.

Everything is written into RESULTS.part/ and published when every stage has
finished: Ctrl-C, SIGTERM or a failure leave RESULTS/ as the previous run left
it (the unfinished files go to build/unfinished-bench/).  One run at a time
per build folder and per results folder: a second one is refused, naming the
run that holds the lock.

Usage: python3 -m harness.pipeline.bench [--measure-only]
"""

import contextlib
import fcntl
import gzip
import math
import os
import shutil
import signal
import subprocess
import sys
import time

import harness
from harness import registry
from harness.pipeline import config, results_io, stage_cli
from harness.pipeline.analyse import (coverage, derive, pyperf_suite, refine, reproduction,
                                      summarize)
from harness.pipeline.choice import (decision, first_call, ownership, safety, scaling,
                                     threads)
from harness.pipeline.measure import (calibrate, frontends, jit_timing, whole_processes,
                                      workers)
from harness.pipeline.publish import charts, into_place, page, report
from harness.registry import vocabulary as v


DRIVER = frontends.DRIVER
UNFINISHED = os.path.join(harness.BUILD, "unfinished-bench")
LOCK = os.path.join(harness.BUILD, "bench.lock")

# Google Benchmark settings of each worker process (workers.py), and how many
# workers: QUICK=1 trades precision for speed.  A row's values come from every
# worker, WORKERS x repetitions of them; random interleaving runs the rows in
# a new random order in each process, so that a slow spell of the machine
# spreads over many rows instead of one.
MIN_TIME = {"quick": 0.003, "full": 0.02}
GB_QUICK = ("--benchmark_repetitions=1", f"--benchmark_min_time={MIN_TIME['quick']}",
            "--benchmark_min_warmup_time=0.002",
            "--benchmark_enable_random_interleaving=true")
GB_FULL = ("--benchmark_repetitions=2", f"--benchmark_min_time={MIN_TIME['full']}",
           "--benchmark_min_warmup_time=0.01",
           "--benchmark_enable_random_interleaving=true")
GB_COMMON = ("--benchmark_display_aggregates_only=true",)
# The check by the other front-end: the rows every path has.
CHECK_ARGS = ("--benchmark_filter=^(empty|noop|add_i64|add_f64)/",)


class Stop(Exception):
    """The run cannot go on; the message says why and what to do."""


class StageFailed(Stop):
    """A stage's failure that ends the run, its sentence whole (a stage
    around it passes it on as it is)."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM."""


class Stages:
    """The run's stages as they go, each said on the terminal and recorded
    (metadata.json's bench_stages, REPORT.md): ran, skipped (why: the knob
    that turned it off, or what this interpreter lacks) or failed (the
    error, in one sentence that names the stage and the interpreter).  A
    failure while measuring ends the run (Stop: there is nothing to
    publish); a later stage that fails does not: the next stage goes on, the
    run is published with the failure among its warnings, and make bench
    exits 1.  A failure that is a bug of the toolkit, not of the machine or
    the input, shows no traceback: it goes to TRACEBACK_FILE, which the
    sentence names."""

    TRACEBACK_FILE = os.path.join(harness.BUILD, "bench-traceback.txt")

    def __init__(self, timings):
        self.interpreter = harness.interpreter_label()
        self.timings = timings
        self.outcomes = {}
        with contextlib.suppress(FileNotFoundError):    # an earlier run's
            os.remove(self.TRACEBACK_FILE)

    def skip(self, name, why):
        print(f"== {name}: skipped on {self.interpreter}: {why} ==", flush=True)
        self.outcomes[name] = {"outcome": "skipped", "why": why}

    @property
    def failed(self):
        """[(stage, why)] of the stages that failed."""
        return [(name, o["why"]) for name, o in self.outcomes.items()
                if o["outcome"] == "failed"]

    def failure(self, name, why):
        return f"the {name} stage failed on {self.interpreter}: {why}"

    @contextlib.contextmanager
    def running(self, name, results, fatal=False, timing=None, expected=()):
        """The block as the stage `name`: its outcome recorded, its time in
        bench_seconds under `timing` (if given); stage_cli.Skipped from it is
        a skip; a failure is Stop if `fatal`, else recorded (`expected`: more
        exceptions that are failures of the machine or input, not bugs)."""
        self.outcomes[name] = {"outcome": "running"}     # in the order begun
        begun = time.monotonic()
        try:
            yield
        except stage_cli.Skipped as exc:
            self.skip(name, str(exc))
            return
        except (Interrupted, StageFailed):
            raise
        except Exception as exc:        # every failure becomes one sentence
            why = stage_cli.failure_text(exc, self.TRACEBACK_FILE,
                                         (Stop, *stage_cli.ERRORS, *expected))
            self.outcomes[name] = {"outcome": "failed", "why": why}
            if fatal:
                raise StageFailed(self.failure(name, why)) from exc
            sentence = self.failure(name, why)
            print(f"make bench: {sentence}", file=sys.stderr, flush=True)
            print("  the run goes on to the next stage", flush=True)
            results.warn(f"{sentence}: its results are missing from this run")
            return
        seconds = time.monotonic() - begun
        self.outcomes[name] = {"outcome": "ran", "seconds": round(seconds, 1)}
        if timing:
            self.timings[timing] = seconds

    def record(self, results):
        results.record(bench_stages=dict(self.outcomes))


def take_lock(path, what, results):
    """An exclusive lock on path, held until the process ends; refuses
    (naming the holder) when another run has it."""
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        handle.close()
        raise Stop(f"{what} is in use by another make bench ({holder}); wait for it "
                   "to finish or stop it, then run again") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"pid {os.getpid()}, RESULTS={results}, "
                 f"started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    handle.flush()
    return handle


def preflight(frontend, args, given):
    """Lists the rows BENCH_ARGS (`given`, as the user typed it) selects, so
    that a flag Google Benchmark refuses, or a filter matching nothing, stops
    the run before it starts."""
    done = subprocess.run(frontends.command(frontend, [*args, "--benchmark_list_tests=true"]),
                          capture_output=True, text=True)
    if done.returncode != 0:
        first = next((line for line in done.stderr.splitlines() if line.strip()), "")
        raise Stop(f"BENCH_ARGS={given!r}: the driver refuses "
                   f"it: {first}; BENCH_ARGS takes Google Benchmark flags "
                   "(build/ffibench-driver --help), e.g. "
                   "BENCH_ARGS='--benchmark_filter=add_i64'")
    rows = done.stdout.split()
    if not [name for name in rows if f"/{v.BASELINE_PATH}/" not in name]:
        raise Stop(f"BENCH_ARGS={given!r} selects no row; "
                   "build/ffibench-driver --benchmark_list_tests=true lists them")
    return len(rows)


def gzip_file(path):
    """path -> path.gz (Google Benchmark's JSON, kept compressed), atomically."""
    with open(path, "rb") as src, gzip.open(path + ".gz.part", "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.replace(path + ".gz.part", path + ".gz")
    os.remove(path)


def measure_once(frontend, results, args, cfg, cpu, count, extra=0):
    """`count` workers of one front-end, then `extra` more for the rows that
    need them (refine.py), into calls.json.gz of `results` (a ResultsFolder),
    summarised into it (summary.csv, its metadata, pyperf.json)."""
    os.makedirs(results.path, exist_ok=True)
    out = results.file("calls.json")
    team = workers.Workers(frontend, args, results.path, count, cpu, harness.BUILD,
                           MIN_TIME[cfg.speed], verbose=cfg.verbose,
                           wait_seconds=0 if cpu.get("slowed") else wait_seconds(cfg))
    try:
        team.run()
        if extra:
            time_again(team, args, extra)
        workers.merge(results.path, team, out)
    except workers.Interrupted:
        raise Interrupted() from None
    except (workers.WorkerError, calibrate.CalibrationError) as exc:
        raise Stop(str(exc)) from exc
    with stage("summarize", summarize.Malformed):
        summarize.write(results)
        pyperf_suite.write(results)
    gzip_file(out)


def time_again(team, args, count):
    """The rows refine.chosen picks from the team's values so far, timed in
    `count` more of its workers (BENCH_ARGS' filter replaced by theirs)."""
    with stage("summarising the workers' values", summarize.Malformed):
        rows = summarize.summarize(workers.collect(team.folder, team))
    found = refine.chosen(rows)
    names = [name for group in found.values() for name in group]
    if not names:
        return
    print(f"== {len(names)} rows timed again in {count} more worker processes: the decision "
          f"table's {len(found['decision'])}, {len(found['wide'])} multimodal or with an interval "
          f"wider than {refine.WIDE_PCT:.0f}% of their figure, and the "
          f"{len(found['baselines'])} empty loops ==", flush=True)
    kept = [a for a in args if not a.startswith("--benchmark_filter=")]
    team.run(count, [*kept, refine.filter_flag(names)], rows=len(names))


def wait_seconds(cfg):
    """How long a run waits, at most, for a calm CPU: a QUICK pass does not
    wait (it moves, and is marked)."""
    return 0 if cfg.quick else calibrate.WAIT_SECONDS


def hold_to_reference_calm(cpu, seconds, reference=None):
    """The committed reference's calm calibration is this machine's calm
    speed too when it was made on the same CPU model and interpreter: a run
    whose base calibration is more than calibrate.NOISY_SLOWDOWN slower (every
    CPU slowed from the start, which the run's own base cannot show) waits
    up to `seconds` for a CPU within it, and takes it; if none comes, the
    run goes on, marked as measured on a slowed machine.  Updates the CPU
    choice `cpu` in place."""
    try:
        theirs = results_io.ResultsFolder(reference or REFERENCE).metadata
    except (OSError, ValueError):
        return
    calm = (theirs.get("ffb_cpu") or {}).get("base")
    if not calm or reproduction.comparable(theirs, reproduction.this_run()):
        return
    limit = calm["ns"] * calibrate.NOISY_SLOWDOWN
    if cpu["base"]["ns"] <= limit:
        return
    print(f"  the calls run {cpu['base']['ns'] / calm['ns']:.2f}x slower than in the "
          f"committed reference ({calm['ns']:.1f} ns per call), made on this CPU model and "
          "interpreter", flush=True)
    best, waited = cpu["base"], 0.0
    if seconds > 0 and not cpu["how"].startswith(("forced", "not pinned")):
        found, found_all, waited = calibrate.wait_for_calm(calm, seconds)
        best = min((c for c in found_all if c["cpu"] == found), key=lambda c: c["ns"])
        cpu.setdefault("moves", []).append(
            {"why": "slower than the reference's calm calibration", "from": cpu["cpu"],
             "to": found, "calibrations": found_all, "waited_s": round(waited, 1)})
        if best["ns"] <= limit:
            print(f"  CPU {found} is calm: {best['ns']:.1f} ns per call after {waited:.0f} s",
                  flush=True)
            cpu.update(cpu=found, base=best)
            return
    why = (f"every CPU calibrated {best['ns'] / calm['ns']:.2f}x slower than the committed "
           f"reference's calm calibration ({best['ns']:.1f} against {calm['ns']:.1f} ns per "
           f"call, the same CPU model and interpreter) after {waited:.0f} s of waiting")
    cpu.setdefault("slowed", []).append(why)
    print(f"  warning: {why}; the run goes on and is marked as measured on a slowed "
          "machine", flush=True)


def choose_cpu(pin):
    """The run's CPU (calibrate.choose), said on the terminal."""
    with stage("calibration", calibrate.CalibrationError):
        cpu = calibrate.choose(pin)
    found = {}
    for c in cpu["calibrations"]:
        found.setdefault(c["cpu"], []).append(c["ns"])
    seen = "; ".join(f"CPU {k}: " + ", ".join(f"{x:.0f}" for x in values) + " ns per call"
                     for k, values in found.items())
    where = "no pinned CPU" if cpu["cpu"] is None else f"CPU {cpu['cpu']}"
    print(f"== {where}: {cpu['how']}" + (f" ({seen})" if seen else "")
          + f"; warm-up: {len(cpu['warmup'])} calibrations, "
          + ("settled" if cpu["settled"] else "NOT settled") + " ==", flush=True)
    return cpu


# Why PyPy's run has no check by a second front-end (the Makefile builds no
# driver for it).
NO_CHECK_ON_A_JIT = ("the drivers are not built for PyPy (no embedding API; the hosted "
                     "module's loop would time C calling Python through cpyext): "
                     "jit_timing.py times the calls in Python, and there is no second "
                     "front-end to check it")


def measure_jit(cfg, results, timings):
    """The measuring stage on PyPy: harness/pipeline/measure/jit_timing.py instead of
    the drivers (no check by a second front-end: NO_CHECK_ON_A_JIT)."""
    cpu = choose_cpu(cfg.pin)
    hold_to_reference_calm(cpu, wait_seconds(cfg))
    count = cfg.workers(jit_timing.WORKERS)
    print(f"== measuring with harness/pipeline/measure/jit_timing.py "
          f"({sys.implementation.name} has a JIT: warm-up until settled, then timed rounds), {count} worker processes per path "
          f"({'QUICK pass' if cfg.quick else 'full run'}) ==", flush=True)
    start = time.monotonic()
    with stage("jit timing"):
        jit_timing.measure(results, cfg.quick, cpu["cpu"], count)
    timings["measure"] = time.monotonic() - start
    results.record(python_interpreter=sys.executable, bench_settings=cfg.settings(count))
    with stage("derive"):
        derive.write(results)


def time_rows(cfg, results, timings, protocol=()):
    """The headline front-end's workers over the rows (the registry's, or
    those of `protocol`: the driver's --protocol flag), into `results`;
    (the headline front-end, the other one, the Google Benchmark flags, the
    CPU choice)."""
    with stage("front-ends"):           # the driver not built, or not running
        headline, check, _, _ = frontends.choose(DRIVER, cfg.frontend)
    defaults = [*(GB_QUICK if cfg.quick else GB_FULL), *GB_COMMON, *protocol]
    count = preflight(headline, [*defaults, *cfg.bench_args], cfg.bench_args_text)
    cpu = choose_cpu(cfg.pin)
    hold_to_reference_calm(cpu, wait_seconds(cfg))
    print(f"== measuring {count} rows (the baselines included) with the {headline} front-end "
          f"in {cfg.workers()} worker processes "
          f"({'QUICK pass' if cfg.quick else 'full run'}) ==", flush=True)
    start = time.monotonic()
    measure_once(headline, results, [*defaults, *cfg.bench_args], cfg, cpu, cfg.workers(),
                 cfg.extra_workers)
    timings["measure"] = time.monotonic() - start
    return headline, check, defaults, cpu


def measure(cfg, results, timings, stages):
    if sys.implementation.name == "pypy":
        measure_jit(cfg, results, timings)
        stages.skip("check", NO_CHECK_ON_A_JIT)
        return
    headline, check, defaults, cpu = time_rows(cfg, results, timings)
    if not cfg.check:
        stages.skip("check", "CHECK=0")
    else:
        print(f"== checking with the {check} front-end (noop, add_i64, add_f64 on every "
              f"path) in {cfg.check_workers()} worker processes ==", flush=True)
        with stages.running("check", results, fatal=True, timing="check"):
            measure_once(check, results.sub("check"),
                         [*defaults, *CHECK_ARGS, *cfg.bench_args], cfg, cpu,
                         cfg.check_workers())
    with stage("comparing the front-ends"):
        frontends.compare(results, DRIVER, cfg.frontend)
    # The interpreter measured: the embedded driver reports its own
    # executable, which is not what anyone runs.
    results.record(python_interpreter=sys.executable,
                   bench_settings=cfg.settings(cfg.workers()))
    slower = slower_than_reference(results)
    if slower:
        print(f"make bench: warning: {slower}", file=sys.stderr)
        results.warn(slower)
    with stage("derive"):
        derive.write(results)
        coverage.write(results)


REFERENCE = os.path.join(harness.ROOT, "results", "reference")
# This run, row by row against the committed reference made on the same CPU
# model and interpreter: slower by more than this share is worth a warning
# (a machine just started, or shared, runs 1.3-2.4x slower for minutes).
SLOWER_SHARE = 0.20


def slower_than_reference(results, reference=REFERENCE):
    """A warning when this run's rows (`results`, a ResultsFolder) of 20 ns
    or more are SLOWER_SHARE slower than the reference's (geometric mean of
    the ratios), if the reference was made on the same CPU model and
    interpreter; else None."""
    ours = results_io.ResultsFolder(reference)
    try:
        theirs, mine = ours.metadata, results.metadata
        old = {(r["kernel"], r["path"], r["mode"], r["arg"]): float(r["ns"])
               for r in ours.table("summary.csv") if r.get("ns")}
        new = results.table("summary.csv")
    except (OSError, ValueError):
        return None
    if reproduction.comparable(theirs, mine):
        return None
    ratios = [float(r["ns"]) / old[key] for r in new if r["ns"]
              for key in [(r["kernel"], r["path"], r["mode"], r["arg"])]
              if old.get(key, 0) >= summarize.NOISE_FLOOR_NS]
    if not ratios:
        return None
    slower = math.exp(sum(map(math.log, ratios)) / len(ratios))
    if slower <= 1 + SLOWER_SHARE:
        return None
    return (f"this machine ran {slower:.2f}x slower than the committed reference "
            f"(results/reference), made on the same CPU model and interpreter "
            f"(geometric mean over {len(ratios)} rows of {summarize.NOISE_FLOOR_NS:.0f} ns or "
            "more): a machine just started or shared; wait, then run again")


def time_whole_processes(cfg, results, stages):
    why = registry.config_skips().get("HYPERFINE")
    if why:
        stages.skip("processes", f"hyperfine is {why}")
        return
    print("== whole processes (hyperfine): import cost per binding, add_i64 end to end ==",
          flush=True)
    with stages.running("processes", results, timing="processes", expected=(KeyError,)):
        whole_processes.run(results, cfg.quick)


# The choice's stages, in the order run: the decision table last, over them.
CHOICE_MODULES = (safety, first_call, threads, scaling, ownership)
DECISION_STAGE = "decision table"
CHOICE_STAGES = (*(module.STAGE.name for module in CHOICE_MODULES), DECISION_STAGE)


def choice(cfg, results, timings, stages):
    """The safety matrix, the first calls, the threads, the costs of
    ownership, and the decision table over everything the run measured
    (CHOICE=0: not run, saying so); each its own stage, so that one that
    fails leaves the others' results."""
    if not cfg.choice:
        stages.skip("choice", "CHOICE=0")
        return
    print("== the choice of a binding: bad input (safety matrix), first call, 1 and 2 "
          "threads (the buffer; noop and p.sum()), calls from several threads, cost of "
          "ownership ==", flush=True)
    start = time.monotonic()
    for module in CHOICE_MODULES:
        with stages.running(module.STAGE.name, results,
                            timing=f"choice: {module.STAGE.name}"):   # within choice's
            module.STAGE.run(results, cfg.quick)
    with stages.running(DECISION_STAGE, results):
        decision.write(results)
    timings["choice"] = time.monotonic() - start


@contextlib.contextmanager
def stage(name, *more):
    """A stage's failure (stage_cli.ERRORS, and `more` exceptions) as Stop,
    named: the one place a run's errors become one line."""
    try:
        yield
    except (*stage_cli.ERRORS, *more) as exc:
        raise Stop(f"{name}: {exc}") from exc


@contextlib.contextmanager
def working_folder(folder, partial=False, lock_build=True):
    """The run's one ResultsFolder, RESULTS.part/ (locked, with the build
    folder: one run at a time; lock_build=False inside a run that holds the
    build folder's lock already, make releases'), published into `folder`
    when the block ends; a failure or Ctrl-C moves it to
    build/unfinished-bench/ instead, and `folder` stays as it was.  Its
    metadata is written once, at the end.  After the block, .moved is the
    number of files published."""
    part = folder + ".part"
    os.makedirs(harness.BUILD, exist_ok=True)
    locks = [take_lock(LOCK, f"the build folder {harness.BUILD}", folder)] if lock_build else []
    os.makedirs(part, exist_ok=True)
    locks.append(take_lock(os.path.join(part, into_place.LOCK_NAME), f"RESULTS={folder}",
                           folder))
    for name in os.listdir(part):          # an older unfinished run's files
        if name != into_place.LOCK_NAME:
            target = os.path.join(part, name)
            shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
    results = results_io.ResultsFolder(part)
    try:
        yield results
        results.save()
    except BaseException:
        if os.path.isdir(part):
            with contextlib.suppress(Exception):    # what the run had, kept for a look
                results.save()
            shutil.rmtree(UNFINISHED, ignore_errors=True)
            shutil.move(part, UNFINISHED)       # RESULTS may be on another file system
            os.remove(os.path.join(UNFINISHED, into_place.LOCK_NAME))
        raise
    results.moved = into_place.publish(part, folder, partial=partial)
    for lock in locks:
        lock.close()


def run(cfg):
    """Every stage into a published results folder; [(stage, why)] of the
    stages that failed (Stop when the measuring did)."""
    started, timings = time.monotonic(), {}
    stages = Stages(timings)
    with working_folder(cfg.results, partial=cfg.measure_only) as results:
        with stages.running("measure", results, fatal=True):
            measure(cfg, results, timings, stages)
        if not cfg.measure_only:
            time_whole_processes(cfg, results, stages)
            choice(cfg, results, timings, stages)
            print("== charts ==", flush=True)
            with stages.running("charts", results, timing="charts"):
                charts.draw_all(results, quiet=True)
        results.record(bench_seconds={k: round(x, 1) for k, x in timings.items()},
                       bench_wall_seconds=round(time.monotonic() - started, 1))
        if not cfg.measure_only:
            with stages.running("report", results):
                stages.record(results)      # REPORT.md lists the stages, its own running
                report.write(results)
            with stages.running("page", results):
                page.write(results)
        stages.record(results)
    wall = round(time.monotonic() - started)   # whole seconds first: 59.6 s must not print as ":60"
    print(f"results in {cfg.results}/ ({results.moved} files, {wall // 60}:{wall % 60:02d} "
          "min:s): REPORT.md, index.html, decision.md, summary.csv, metadata.json, derived.csv, "
          "the charts" + ("" if cfg.measure_only else
                          f"; open {cfg.results}/REPORT.md or {cfg.results}/index.html"))
    return stages.failed


def _raise_interrupted(signum, frame):
    raise Interrupted()


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name,
                                    "make bench: every stage, from the built binaries to a "
                                    "published results folder; the knobs come from make "
                                    "(python3 -m harness.pipeline.config lists them).")
    parser.add_argument("--measure-only", action="store_true",
                        help="the measuring stage alone (make measure)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        cfg = config.from_environ(args.measure_only)
    except config.ConfigError as exc:
        print(f"make bench: {exc}", file=sys.stderr)
        return 1
    try:
        failed = run(cfg)
    except (KeyboardInterrupt, Interrupted):
        print(f"\nmake bench: interrupted; {cfg.results}/ keeps the previous run "
              f"(the unfinished files are in {os.path.relpath(UNFINISHED)}/)",
              file=sys.stderr)
        return 130
    except Exception as exc:     # Stop, or a bug outside every stage: one line
        why = stage_cli.failure_text(exc, Stages.TRACEBACK_FILE, (Stop, *stage_cli.ERRORS))
        print(f"make bench: {why}", file=sys.stderr)
        print(f"  {cfg.results}/ keeps the previous run", file=sys.stderr)
        return 1
    if failed:
        print(f"make bench: {len(failed)} stage(s) failed ("
              + ", ".join(name for name, _ in failed) + f"), said above; {cfg.results}/ has "
              "the others' results, and its warnings name the failure", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
