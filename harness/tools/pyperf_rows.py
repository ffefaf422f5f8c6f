"""pyperf, the Python world's benchmark runner, timing the driver's own
interp rows: the same freshly compiled loop `loop(n, f, a0, ...)` each row
of the driver runs (benchmark_rows.timing_loop), with the same function and
arguments, through pyperf's Runner and its defaults (worker processes,
warm-ups, values, its calibration of loops) unless pyperf options say
otherwise.  Run by make validate and make stability with the project's
pyperf (build/venv, whose python is PYTHON itself):

    build/venv/bin/python -m harness.tools.pyperf_rows --rows=NAME,NAME \
        -o OUT.json [pyperf options, e.g. --processes=4]

NAME: a row's name, <kernel>/<path>/interp, or empty/baseline/interp (the
empty loop every net figure subtracts).  Run it from the ffi-bench folder:
pyperf's worker processes run the module again from there.
"""

import time

import pyperf

from harness import registry
from harness.registry import vocabulary as v
from harness.registry.benchmark_rows import timing_loop


def loops_for(names):
    """{name: (loop, function, args)} of the rows named, or a SystemExit
    naming a row that is not a measured interp row."""
    wanted, found = set(names), {}
    for row in registry.rows({name.split("/")[1] for name in names if name.count("/") >= 2}):
        if row.name not in wanted:
            continue
        if row.skipped or row.mode != "interp":
            raise SystemExit(f"pyperf_rows: {row.name}: "
                             + (row.skipped or "only interp rows are timed here"))
        kernel = registry.KERNELS.get(row.kernel)
        loop = timing_loop(kernel.arg_names if kernel else (), row.by_keyword,
                           row.path == v.BASELINE_PATH, bool(kernel and kernel.raises))
        found[row.name] = (loop, row.function, row.args)
    unknown = wanted - set(found)
    if unknown:
        raise SystemExit(f"pyperf_rows: no such row: {', '.join(sorted(unknown))}")
    return found


def timed(loops, loop, function, args):
    """pyperf's time function: seconds for `loops` calls."""
    start = time.perf_counter()
    loop(loops, function, *args)
    return time.perf_counter() - start


def pass_rows(command, args):
    """pyperf's hook: the worker processes get --rows too."""
    command.append(f"--rows={args.rows}")


def main():
    # the worker processes run this module again (pyperf puts its python first)
    runner = pyperf.Runner(program_args=("-m", "harness.tools.pyperf_rows"),
                           add_cmdline_args=pass_rows)
    runner.argparser.add_argument("--rows", required=True,
                                  help="comma-separated row names (<kernel>/<path>/interp)")
    names = runner.parse_args().rows.split(",")
    for name, (loop, function, args) in loops_for(names).items():
        runner.bench_time_func(name, timed, loop, function, args)


if __name__ == "__main__":
    main()
