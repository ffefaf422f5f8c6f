"""When releasing the GIL pays off: 1 and 2 Python threads calling the same
path on sum_f64_buf, over the buffer lengths n of the buffer workload, for
each path that releases the GIL around the kernel and its GIL-holding twin
(harness/registry/bindings.py: `releasing`, `holding`).

  python3 -m harness.pipeline.choice.threads RESULTS [--quick]   -> RESULTS/threads.csv
  python3 -m harness.pipeline.choice.threads worker PATH OUT SECONDS REPEATS   (run by the former)

A worker process per path and PROCESSES of them: for each n it calibrates a
count of calls taking about SECONDS in one thread, then REPEATS times, in
turn, runs that count in 1 thread and in each of 2 threads (started together
at a barrier) and records the total calls per second of the round.
threads.csv has, per path, n and thread count, the median over every round of
every process, the min and max, and the 2-thread figure over the 1-thread
one.  `pays_from` gives, per releasing path with a twin, the smallest n from
which on (for that n and every larger one) its 2 threads make more calls per
second than its twin does with 1 or 2 threads, by ranges that do not touch:
the slowest round of the one beats the fastest round of the other, so that
noise cannot make the step (twins over the same code, the C API's and the
Limited API's, then give the same n).

The threads are not pinned: two threads need both CPUs, one of which is
often slower here (the run's METHODOLOGY says so); every figure is a median
over rounds and processes for that reason.
"""

import json
import os
import statistics
import subprocess
import sys
import threading
import time

import harness
from harness import registry
from harness.pipeline import results_io, stage_cli

KERNEL = "sum_f64_buf"
THREAD_COUNTS = (1, 2)
SETTINGS = {"full": {"processes": 2, "seconds": 0.03, "repeats": 3},
            "quick": {"processes": 1, "seconds": 0.005, "repeats": 1}}


def pairs():
    """[(path, twin or "")] of the loaded paths that release the GIL around
    the buffer kernel, each followed by its GIL-holding twin."""
    found = []
    for binding in registry.BINDINGS:
        for name in (binding.releasing, binding.holding):
            if name and name not in found and name in registry.CALL_PATHS:
                functions, reason = registry.load_path(registry.CALL_PATHS[name])
                if not reason and KERNEL in functions:
                    found.append(name)
    return found


def calls_per_second(jobs, calls):
    """Total calls per second of a thread per job, each running job(calls),
    started together at a barrier: from the first thread's start to the last
    one's end, as the threads themselves read the clock (without a GIL the
    threads can be done before the starting thread reads it again)."""
    barrier = threading.Barrier(len(jobs))
    spans = []

    def work(job):
        barrier.wait()
        start = time.perf_counter()
        job(calls)
        spans.append((start, time.perf_counter()))
    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(jobs) * calls / (max(end for _, end in spans) - min(start for start, _ in spans))


def calibrate(job, seconds):
    """A count of calls job(count) makes in about `seconds`, in one thread."""
    calls = 1
    while True:
        start = time.perf_counter()
        job(calls)
        took = time.perf_counter() - start
        if took >= seconds / 4:
            return max(1, round(calls * seconds / took))
        calls *= 4


def worker(name, out, seconds, repeats):
    path = registry.CALL_PATHS[name]
    functions, reason = registry.load_path(path)
    if reason:
        raise SystemExit(f"threads: {name}: {reason}")
    kernel, f = registry.KERNELS[KERNEL], functions[KERNEL]
    loop = registry.timing_loop(kernel.arg_names)
    found = []
    for n in kernel.sizes:
        (buf,) = kernel.timed_args(n)

        def job(calls):
            loop(calls, f, buf)
        calls = calibrate(job, seconds)
        for _ in range(repeats):
            for count in THREAD_COUNTS:
                found.append({"n": n, "threads": count,
                              "calls_per_s": calls_per_second([job] * count, calls)})
    results_io.write_json(found, out)
    return 0


def throughput(values, one_thread):
    """The figures of one thread count: the median calls per second over
    every round of every process, its min and max, and over 1 thread's."""
    median = statistics.median(values)
    return {"calls_per_s": median, "calls_per_s_min": min(values),
            "calls_per_s_max": max(values),
            "over_one_thread": median / statistics.median(one_thread),
            "samples": len(values)}


def worker_rows(module, name, arguments, settings, scratch):
    """The rows of settings["processes"] worker processes, one after the
    other, each `python3 -m module worker name *arguments OUT SECONDS
    REPEATS` writing its rows as JSON to OUT (in `scratch`)."""
    rows = []
    for process in range(settings["processes"]):
        out = os.path.join(scratch, f"{name}.{process}.json")
        done = subprocess.run([sys.executable, "-m", module, "worker", name, *arguments, out,
                               str(settings["seconds"]), str(settings["repeats"])],
                              cwd=harness.ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the {module.rsplit('.', 1)[-1]} worker of {name} failed: "
                               + done.stderr.strip()[-300:])
        with open(out) as f:
            rows += json.load(f)
        os.remove(out)
    return rows


# What pays_from says where no n is clear: at the largest n, releasing's
# median beats its twin's, but their ranges touch; or it does not.
WITHIN_NOISE, NEVER = "within noise", "never"


def pays_from(rows, releasing, holding):
    """(the smallest n from which on the slowest round of releasing's 2
    threads made more calls per second than the fastest round of holding's 1
    or 2 threads, "") or, where no n is that clear, (None, WITHIN_NOISE or
    NEVER).  A row without its min and max (an older run) is its median."""
    found = {}
    for r in rows:
        if r["path"] in (releasing, holding):
            median = float(r["calls_per_s"])
            found[(r["path"], int(r["n"]), int(r["threads"]))] = (
                float(r.get("calls_per_s_min") or median), median,
                float(r.get("calls_per_s_max") or median))
    sizes = sorted({n for _, n, _ in found})
    if not sizes:
        return None, NEVER
    none = (0.0, 0.0, 0.0)

    def twin_best(n, which):        # holding's best of 1 and 2 threads
        return max(found.get((holding, n, c), none)[which] for c in THREAD_COUNTS)
    wins = [found.get((releasing, n, 2), none)[0] > twin_best(n, 2) for n in sizes]
    if not wins[-1]:
        largest = sizes[-1]
        ahead = found.get((releasing, largest, 2), none)[1] > twin_best(largest, 1)
        return None, WITHIN_NOISE if ahead else NEVER
    first = len(wins)
    while first > 0 and wins[first - 1]:
        first -= 1
    return sizes[first], ""


def measure(results, settings):
    names = pairs()
    if not names:
        raise stage_cli.Skipped("no path that releases the GIL around the buffer kernel "
                                "is loaded")
    print(f"  threads: {len(names)} paths x {len(registry.KERNELS[KERNEL].sizes)} buffer "
          f"lengths x 1 and 2 threads, {settings['processes']} processes each", flush=True)
    scratch = results.file("threads.part")
    os.makedirs(scratch, exist_ok=True)
    rows = []
    gil = {p.name: p.gil_released for p in registry.CALL_PATHS.values()}
    for number, name in enumerate(names, start=1):
        samples = {}
        for r in worker_rows(__spec__.name, name, (), settings, scratch):
            samples.setdefault((r["n"], r["threads"]), []).append(r["calls_per_s"])
        for (n, count), values in sorted(samples.items()):
            rows.append({"path": name, "gil_released": "yes" if gil[name] else "no", "n": n,
                         "threads": count, **throughput(values, samples[(n, 1)])})
        print(f"  threads: [{number}/{len(names)}] {name} done", flush=True)
    os.rmdir(scratch)
    return rows


STAGE = stage_cli.Stage("threads", __spec__.name, "threads.csv", measure,
                        SETTINGS)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:     # one path's timing process, started by measure()
        sys.exit(worker(sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])))
    sys.exit(STAGE.command())
