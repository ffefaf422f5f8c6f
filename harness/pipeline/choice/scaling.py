"""Calls from several threads at once: the noop and the method call p.sum()
of every binding (and of the python.def floor), from 1 thread and from 2 (and
from as many as the CPUs this process may use, where there are more), in total
calls per second.  On a GIL build the GIL serialises the calls unless the path
releases it (ctypes, cffi); on a free-threaded build (3.13t) they run in
parallel unless a binding's own lock, or the GIL turned back on by a module
that does not declare free-threading support, serialises them: the question
of pybind11#6159 (its per-call mutex).

  python3 -m harness.pipeline.choice.scaling RESULTS [--quick]   -> RESULTS/scaling.csv
  python3 -m harness.pipeline.choice.scaling worker PATH KERNELS OUT SECONDS REPEATS   (run by the former)

A worker process per path and PROCESSES of them: for each kernel it
calibrates a count of calls taking about SECONDS in one thread, then REPEATS
times, in turn, runs that count in each thread of 1, 2, ... threads started
together at a barrier, each thread with its own timing loop and, for the
method, its own instance (threads calling methods of one object contend for
it, which is another question), and records the total calls per second.
scaling.csv has, per path, kernel and thread count, the median over every
round of every process, the min and max, the figure over 1 thread's, and
whether the GIL was on in the worker (`gil`: "on", or "off" on a
free-threaded build that kept it off).

A machine with 2 CPUs stops at 2 threads; a runner with more CPUs adds a
row per thread count up to its own.  The threads are not pinned.
"""

import os
import sys

import harness
from harness import registry
from harness.pipeline import results_io, stage_cli
from harness.pipeline.choice import threads

KERNELS = ("noop", "point_sum")
SETTINGS = {"full": {"processes": 2, "seconds": 0.05, "repeats": 3},
            "quick": {"processes": 1, "seconds": 0.005, "repeats": 1}}


def thread_counts():
    """1, 2, and the CPUs this process may use, when there are more."""
    return tuple(sorted({1, 2, len(harness.allowed_cpus())}))


def pairs():
    """[(path, kernels)]: each binding's path of the calls (noop) and of the
    objects (p.sum()), and the python.def floor's, as this build has them."""
    wanted = {}
    for binding in registry.BINDINGS:
        wanted.setdefault(binding.path, []).append("noop")
        wanted.setdefault(binding.objects_path or binding.path, []).append("point_sum")
    wanted.setdefault("python.def", []).extend(KERNELS)
    found = []
    for name, kernels in wanted.items():
        if name not in registry.CALL_PATHS:
            continue
        functions, reason = registry.load_path(registry.CALL_PATHS[name])
        have = [k for k in KERNELS if k in kernels and k in functions]
        if not reason and have:
            found.append((name, have))
    return found


def gil_state():
    """"on", or "off" where the interpreter can run without it and does."""
    enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    return "on" if enabled else "off"


def worker(name, kernel_names, out, seconds, repeats):
    path = registry.CALL_PATHS[name]
    functions, reason = registry.load_path(path)
    if reason:
        raise SystemExit(f"scaling: {name}: {reason}")
    found = []
    for kernel_name in kernel_names.split(","):
        kernel = registry.KERNELS[kernel_name]

        def job():
            """One thread's calls: its own loop, and its own instance."""
            loop = registry.timing_loop(kernel.arg_names, form=path.form(kernel),
                                        member=kernel.member)
            f, args = functions[kernel_name], registry.arguments(functions, kernel.bench_args)
            return lambda calls: loop(calls, f, *args)
        calls = threads.calibrate(job(), seconds)
        for _ in range(repeats):
            for count in thread_counts():
                found.append({"kernel": kernel_name, "threads": count,
                              "calls_per_s": threads.calls_per_second(
                                  [job() for _ in range(count)], calls)})
    for row in found:
        row["gil"] = gil_state()
    results_io.write_json(found, out)
    return 0


def measure(results, settings):
    todo = pairs()
    counts = thread_counts()
    print(f"  scaling: {len(todo)} paths, noop and p.sum() from "
          f"{', '.join(map(str, counts))} threads ({len(harness.allowed_cpus())} CPUs), "
          f"{settings['processes']} processes each", flush=True)
    scratch = results.file("scaling.part")
    os.makedirs(scratch, exist_ok=True)
    rows = []
    for number, (name, kernels) in enumerate(todo, start=1):
        samples, gil = {}, {}
        for r in threads.worker_rows(__spec__.name, name, (",".join(kernels),), settings,
                                     scratch):
            samples.setdefault((r["kernel"], r["threads"]), []).append(r["calls_per_s"])
            gil[r["kernel"]] = r["gil"]
        for (kernel, count), values in sorted(samples.items(),
                                              key=lambda item: (KERNELS.index(item[0][0]),
                                                                item[0][1])):
            rows.append({"path": name, "kernel": kernel, "gil": gil[kernel], "threads": count,
                         **threads.throughput(values, samples[(kernel, 1)])})
        print(f"  scaling: [{number}/{len(todo)}] {name} done", flush=True)
    os.rmdir(scratch)
    return rows


STAGE = stage_cli.Stage("scaling", __spec__.name, "scaling.csv", measure, SETTINGS)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:     # one path's timing process, started by measure()
        sys.exit(worker(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]),
                        int(sys.argv[6])))
    sys.exit(STAGE.command())
