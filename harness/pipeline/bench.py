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
             matrix (safety.py), the first call (loading.py), 1 and 2
             threads (threads.py), the cost of ownership (ownership.py), then
             the decision table (decision.py)
  charts     every chart the rows allow
  report     REPORT.md
  publish    RESULTS.part/ -> RESULTS/

Settings come from make, through the environment: RESULTS, QUICK, BENCH_ARGS
(Google Benchmark flags, split like a shell would: quote a regular expression
with | or ( once, e.g. BENCH_ARGS='--benchmark_filter=^(noop|add_i64)/'), PIN
(a CPU number, none, or empty: the calmest CPU by calibration), WORKERS (worker
processes per front-end), EXTRA_WORKERS (more processes for the rows whose
intervals are wide, refine.py), FRONTEND, CHECK, V.  The interpreter running this
script is PYTHON.

Everything is written into RESULTS.part/ and published when every stage has
finished: Ctrl-C, SIGTERM or a failure leave RESULTS/ as the previous run left
it (the unfinished files go to build/unfinished-bench/).  One run at a time
per build folder and per results folder: a second one is refused, naming the
run that holds the lock.

Usage: python3 -m harness.pipeline.bench [--measure-only]
"""

import fcntl
import gzip
import json
import math
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time

import harness
from harness import registry
from harness.pipeline import (calibrate, charts, coverage, decision, derive, frontends,
                              jit_timing, loading, ownership, processes, publish, pyperf_suite,
                              refine, report, reproduction, results_io, safety, summarize,
                              threads, workers)
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
# Worker processes of the headline front-end, and of the check by the other
# one (a check of its ratio, not a headline: fewer).  3, not 5: cut to its
# first 3 workers, a run reproduced another as well as with all 5, by the
# headline estimator (make compare BY_WORKERS=1; docs/METHODOLOGY.md), and
# the 2 minutes saved bring a full run near 10 minutes.
WORKERS = {"quick": 2, "full": 3}
CHECK_WORKERS = {"quick": 1, "full": 2}
# The check by the other front-end: the rows every path has.
CHECK_ARGS = ("--benchmark_filter=^(empty|noop|add_i64|add_f64)/",)
# The stages whose time metadata.json records (bench_seconds), in order.
STAGES = ("measure", "check", "processes", "choice", "charts")
# Flags make bench sets itself, which BENCH_ARGS may not change.
OWN_FLAGS = ("--benchmark_out=", "--benchmark_out_format=", "--pin=", "--hash-seed=",
             "--row-file=")


class Stop(Exception):
    """The run cannot go on; the message says why and what to do."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM."""


def settings():
    env = os.environ
    return {"results": env.get("RESULTS") or "results",
            "quick": env.get("QUICK") == "1",
            "bench_args": env.get("BENCH_ARGS", ""),
            "pin": env.get("PIN", ""), "frontend": env.get("FRONTEND", ""),
            "check": env.get("CHECK", "1") != "0", "verbose": env.get("V") == "1",
            "choice": env.get("CHOICE", "1") != "0",
            "workers": env.get("WORKERS", ""), "extra_workers": env.get("EXTRA_WORKERS", "")}


def bench_args(text):
    """BENCH_ARGS as a list of Google Benchmark flags.  The baselines are
    always measured: a --benchmark_filter gets `|^empty/` added (the empty
    loops every net figure needs), unless it is a negative one."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise Stop(f"BENCH_ARGS={text!r}: {exc} (quote a regular expression once: "
                   "BENCH_ARGS='--benchmark_filter=^(noop|add_i64)/')") from exc
    result = []
    for word in words:
        if word.startswith(OWN_FLAGS):
            raise Stop(f"BENCH_ARGS: {word.split('=')[0]} is set by make bench for each "
                       "worker process (RESULTS= chooses the folder, PIN= the CPU)")
        if not word.startswith("--benchmark_"):
            raise Stop(f"BENCH_ARGS: {word!r} is not a Google Benchmark flag "
                       "(--benchmark_...), e.g. BENCH_ARGS='--benchmark_filter=add_i64'")
        if word.startswith("--benchmark_filter="):
            pattern = word.partition("=")[2]
            if pattern and pattern != "all" and not pattern.startswith("-"):
                word = f"--benchmark_filter=({pattern})|^{v.BASELINE_KERNEL}/"
        result.append(word)
    return result


def check_results_folder(results):
    """Refuses a RESULTS that is, or lies under, a file."""
    where = os.path.abspath(results)
    while where != os.path.dirname(where):
        if os.path.exists(where) and not os.path.isdir(where):
            raise Stop(f"RESULTS={results}: {where} is a file; RESULTS names a folder "
                       "(default: results)")
        where = os.path.dirname(where)


def take_lock(path, what):
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
    handle.write(f"pid {os.getpid()}, RESULTS={os.environ.get('RESULTS', 'results')}, "
                 f"started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    handle.flush()
    return handle


def preflight(frontend, args):
    """Lists the rows BENCH_ARGS selects, so that a flag Google Benchmark
    refuses, or a filter matching nothing, stops the run before it starts."""
    done = subprocess.run(frontends.command(frontend, [*args, "--benchmark_list_tests=true"]),
                          capture_output=True, text=True)
    if done.returncode != 0:
        first = next((line for line in done.stderr.splitlines() if line.strip()), "")
        raise Stop(f"BENCH_ARGS={os.environ.get('BENCH_ARGS', '')!r}: the driver refuses "
                   f"it: {first}; BENCH_ARGS takes Google Benchmark flags "
                   "(build/ffibench-driver --help), e.g. "
                   "BENCH_ARGS='--benchmark_filter=add_i64'")
    rows = done.stdout.split()
    if not [name for name in rows if f"/{v.BASELINE_PATH}/" not in name]:
        raise Stop(f"BENCH_ARGS={os.environ.get('BENCH_ARGS', '')!r} selects no row; "
                   "build/ffibench-driver --benchmark_list_tests=true lists them")
    return len(rows)


def gzip_file(path):
    """path -> path.gz (Google Benchmark's JSON, kept compressed), atomically."""
    with open(path, "rb") as src, gzip.open(path + ".gz.part", "wb") as dst:
        shutil.copyfileobj(src, dst)
    os.replace(path + ".gz.part", path + ".gz")
    os.remove(path)


def worker_count(s, table=WORKERS, key="workers", least=1):
    """The number of worker processes the setting `key` gives (WORKERS=, or
    EXTRA_WORKERS= with key "extra_workers"), else `table`'s default."""
    text = s[key]
    if not text:
        return table["quick" if s["quick"] else "full"]
    if not text.isdigit() or int(text) < least:
        defaults = {"workers": WORKERS, "extra_workers": refine.EXTRA_WORKERS}[key]
        raise Stop(f"{key.upper()}={text}: give a number of worker processes, {least} or "
                   f"more (default {defaults['full']}, {defaults['quick']} with QUICK=1)")
    return int(text)


def extra_count(s):
    """EXTRA_WORKERS: the worker processes that time again the rows that need
    them (refine.py); 0: none."""
    return worker_count(s, refine.EXTRA_WORKERS, "extra_workers", least=0)


def measure_once(frontend, part, args, s, cpu, count, extra=0):
    """`count` workers of one front-end, then `extra` more for the rows that
    need them (refine.py), into PART/calls.json.gz, summarised into PART
    (summary.csv, metadata.json, pyperf.json)."""
    os.makedirs(part, exist_ok=True)
    out = os.path.join(part, "calls.json")
    team = workers.Workers(frontend, args, part, count, cpu, harness.BUILD,
                           MIN_TIME["quick" if s["quick"] else "full"], verbose=s["verbose"],
                           wait_seconds=0 if cpu.get("slowed") else wait_seconds(s))
    try:
        team.run()
        if extra:
            time_again(team, args, extra)
        workers.merge(part, team, out)
    except workers.Interrupted:
        raise Interrupted() from None
    except (workers.WorkerError, calibrate.CalibrationError) as exc:
        raise Stop(str(exc)) from exc
    if summarize.main(["summarize", out, os.path.join(part, "summary.csv")]) != 0:
        raise Stop(f"summarize failed on {out}")
    if pyperf_suite.main(["pyperf_suite", out, os.path.join(part, "pyperf.json")]) != 0:
        raise Stop(f"writing the pyperf suite of {out} failed")
    gzip_file(out)


def time_again(team, args, count):
    """The rows refine.chosen picks from the team's values so far, timed in
    `count` more of its workers (BENCH_ARGS' filter replaced by theirs)."""
    try:
        rows = summarize.summarize(workers.collect(team.folder, team))
    except summarize.Malformed as exc:
        raise Stop(f"summarising the workers' values: {exc}") from exc
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


def wait_seconds(s):
    """How long a run waits, at most, for a calm CPU: a QUICK pass does not
    wait (it moves, and is marked)."""
    return 0 if s["quick"] else calibrate.WAIT_SECONDS


def hold_to_reference_calm(cpu, seconds, reference=None):
    """The committed reference's calm calibration is this machine's calm
    speed too when it was made on the same CPU model and interpreter: a run
    whose base calibration is more than calibrate.NOISY_SLOWDOWN slower (every
    CPU slowed from the start, which the run's own base cannot show) waits
    up to `seconds` for a CPU within it, and takes it; if none comes, the
    run goes on, marked as measured on a slowed machine.  Updates the CPU
    choice `cpu` in place."""
    try:
        with open(os.path.join(reference or REFERENCE, "metadata.json")) as f:
            theirs = json.load(f)
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
    try:
        cpu = calibrate.choose(pin)
    except calibrate.CalibrationError as exc:
        raise Stop(str(exc)) from exc
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


def measure_jit(s, part, timings):
    """The measuring stage on PyPy: harness/pipeline/jit_timing.py instead of
    the drivers (no check by a second front-end: there is none)."""
    cpu = choose_cpu(s["pin"])
    hold_to_reference_calm(cpu, wait_seconds(s))
    count = worker_count(s, jit_timing.WORKERS)
    print(f"== measuring with harness/pipeline/jit_timing.py ({sys.implementation.name} has a "
          f"JIT: warm-up until settled, then timed rounds), {count} worker processes per path "
          f"({'QUICK pass' if s['quick'] else 'full run'}) ==", flush=True)
    start = time.monotonic()
    jit_timing.measure(part, s["quick"], cpu["cpu"], count)
    timings["measure"] = time.monotonic() - start
    results_io.update_json(os.path.join(part, "metadata.json"), {
        "python_interpreter": sys.executable,
        "bench_settings": {"QUICK": "1" if s["quick"] else "", "BENCH_ARGS": s["bench_args"],
                           "PIN": s["pin"], "WORKERS": str(count)}})
    derive.main(["derive", os.path.join(part, "summary.csv"),
                 os.path.join(part, "derived.csv")])


def measure(s, part, timings):
    if sys.implementation.name == "pypy":
        return measure_jit(s, part, timings)
    try:
        headline, check, _, _ = frontends.choose(DRIVER, s["frontend"])
    except ValueError as exc:       # FRONTEND= neither embedded nor hosted
        raise Stop(str(exc)) from exc
    defaults = [*(GB_QUICK if s["quick"] else GB_FULL), *GB_COMMON]
    user = bench_args(s["bench_args"])
    worker_count(s)             # a WORKERS= that cannot work stops here
    extra_count(s)
    count = preflight(headline, [*defaults, *user])
    cpu = choose_cpu(s["pin"])
    hold_to_reference_calm(cpu, wait_seconds(s))
    print(f"== measuring {count} rows (the baselines included) with the {headline} front-end "
          f"in {worker_count(s)} worker processes "
          f"({'QUICK pass' if s['quick'] else 'full run'}) ==", flush=True)
    start = time.monotonic()
    measure_once(headline, part, [*defaults, *user], s, cpu, worker_count(s), extra_count(s))
    timings["measure"] = time.monotonic() - start
    if s["check"]:
        count = worker_count(s, CHECK_WORKERS)
        print(f"== checking with the {check} front-end (noop, add_i64, add_f64 on every "
              f"path) in {count} worker processes ==", flush=True)
        start = time.monotonic()
        measure_once(check, os.path.join(part, "check"), [*defaults, *CHECK_ARGS, *user],
                     s, cpu, count)
        timings["check"] = time.monotonic() - start
    if frontends.compare(part, DRIVER, s["frontend"]) != 0:
        raise Stop("comparing the front-ends failed")
    results_io.update_json(os.path.join(part, "metadata.json"), {
        # The interpreter measured: the embedded driver reports its own
        # executable, which is not what anyone runs.
        "python_interpreter": sys.executable,
        "bench_settings": {"QUICK": "1" if s["quick"] else "", "BENCH_ARGS": s["bench_args"],
                           "PIN": s["pin"], "FRONTEND": s["frontend"],
                           "CHECK": "1" if s["check"] else "0",
                           "WORKERS": str(worker_count(s)),
                           "EXTRA_WORKERS": str(extra_count(s))}})
    slower = slower_than_reference(part)
    if slower:
        print(f"make bench: warning: {slower}", file=sys.stderr)
        meta_path = os.path.join(part, "metadata.json")
        with open(meta_path) as f:
            found = json.load(f).get("warnings", [])
        results_io.update_json(meta_path, {"warnings": [*found, slower]})
    derive.main(["derive", os.path.join(part, "summary.csv"),
                 os.path.join(part, "derived.csv")])
    coverage.main(["coverage", os.path.join(part, "coverage.csv")])


REFERENCE = os.path.join(harness.ROOT, "results", "reference")
# This run, row by row against the committed reference made on the same CPU
# model and interpreter: slower by more than this share is worth a warning
# (a machine just started, or shared, runs 1.3-2.4x slower for minutes).
SLOWER_SHARE = 0.20


def slower_than_reference(part, reference=REFERENCE):
    """A warning when this run's rows of 20 ns or more are SLOWER_SHARE
    slower than the reference's (geometric mean of the ratios), if the
    reference was made on the same CPU model and interpreter; else None."""
    try:
        with open(os.path.join(reference, "metadata.json")) as f:
            theirs = json.load(f)
        with open(os.path.join(part, "metadata.json")) as f:
            mine = json.load(f)
        old = {(r["kernel"], r["path"], r["mode"], r["arg"]): float(r["ns"])
               for r in results_io.read_csv(os.path.join(reference, "summary.csv"))
               if r.get("ns")}
        new = results_io.read_csv(os.path.join(part, "summary.csv"))
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


def whole_processes(s, part, timings):
    why = registry.config_skips().get("HYPERFINE")
    if why:
        print(f"== whole processes: skipped, hyperfine is {why} ==")
        return
    print("== whole processes (hyperfine): import cost per binding, add_i64 end to end ==",
          flush=True)
    start = time.monotonic()
    quick = "1" if s["quick"] else ""
    for stage in ("import", "e2e"):
        if processes.main(["processes", stage, part, quick]) != 0:
            raise Stop(f"the hyperfine stage ({stage}) failed")
    timings["processes"] = time.monotonic() - start


def choice(s, part, timings):
    """The safety matrix, the first calls, the threads, the costs of
    ownership, and the decision table over everything the run measured
    (CHOICE=0: not run, saying so)."""
    if not s["choice"]:
        print("== the choice of a binding: not run (CHOICE=0) ==", flush=True)
        return
    print("== the choice of a binding: bad input (safety matrix), first call, 1 and 2 "
          "threads, cost of ownership ==", flush=True)
    start = time.monotonic()
    quick = ["1"] if s["quick"] else []
    for name, module in (("safety", safety), ("first call", loading), ("threads", threads),
                         ("ownership", ownership)):
        begun = time.monotonic()
        if module.main([name, part, *quick]) != 0:
            raise Stop(f"the {name} stage failed")
        timings[f"choice: {name}"] = time.monotonic() - begun   # within choice's
    if decision.main(["decision", part]) != 0:
        raise Stop("the decision table failed")
    timings["choice"] = time.monotonic() - start


def run(s, measure_only):
    results = s["results"].rstrip("/") or "."
    check_results_folder(results)
    part = results + ".part"
    os.makedirs(harness.BUILD, exist_ok=True)
    locks = [take_lock(LOCK, f"the build folder {harness.BUILD}")]
    os.makedirs(part, exist_ok=True)
    locks.append(take_lock(os.path.join(part, publish.LOCK_NAME), f"RESULTS={results}"))
    for name in os.listdir(part):          # an older unfinished run's files
        if name != publish.LOCK_NAME:
            target = os.path.join(part, name)
            shutil.rmtree(target) if os.path.isdir(target) else os.remove(target)
    started, timings = time.monotonic(), {}
    try:
        measure(s, part, timings)
        if not measure_only:
            whole_processes(s, part, timings)
            choice(s, part, timings)
            print("== charts ==", flush=True)
            start = time.monotonic()
            try:
                charts.draw_all(part, quiet=True)
            except RuntimeError as exc:
                raise Stop(str(exc)) from exc
            timings["charts"] = time.monotonic() - start
        results_io.update_json(os.path.join(part, "metadata.json"), {
            "bench_seconds": {k: round(v, 1) for k, v in timings.items()},
            "bench_wall_seconds": round(time.monotonic() - started, 1)})
        if not measure_only and report.main(["report", part]) != 0:
            raise Stop("the report failed")
    except BaseException:
        if os.path.isdir(part):
            shutil.rmtree(UNFINISHED, ignore_errors=True)
            shutil.move(part, UNFINISHED)       # RESULTS may be on another file system
            os.remove(os.path.join(UNFINISHED, publish.LOCK_NAME))
        raise
    moved = publish.publish(part, results, partial=measure_only)
    wall = round(time.monotonic() - started)   # whole seconds first: 59.6 s must not print as ":60"
    print(f"results in {results}/ ({moved} files, {wall // 60}:{wall % 60:02d} min:s): "
          "REPORT.md, decision.md, summary.csv, metadata.json, derived.csv, the charts"
          + ("" if measure_only else f"; open {results}/REPORT.md"))


def _raise_interrupted(signum, frame):
    raise Interrupted()


def main(argv):
    if argv[1:] not in ([], ["--measure-only"]):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_interrupted)
    s = settings()
    try:
        run(s, argv[1:] == ["--measure-only"])
    except (KeyboardInterrupt, Interrupted):
        print(f"\nmake bench: interrupted; {s['results']}/ keeps the previous run "
              f"(the unfinished files are in {os.path.relpath(UNFINISHED)}/)",
              file=sys.stderr)
        return 130
    except Stop as exc:
        print(f"make bench: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
