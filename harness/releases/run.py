"""make releases [TOOLS="pybind11 cffi ..."] [QUICK=1] [RESULTS=results/releases]:
each release of the series (harness/releases/series.py) built over the same
kernel object (harness/releases/build.py), then measured on the same rows
(harness/releases/protocol.py):

  - instructions per call: the headline front-end under callgrind, as make
    bench-instr counts them (harness/tools/instr.py), net of the empty loop;
  - time per call: make bench's workers, calibration and estimator
    (bench.time_rows), QUICK's settings with QUICK=1.

Then results/releases/ (harness/releases/report.py).  A release that does not
install or build is recorded with its first error line, and the others go
on.  Each release's own files stay in build/releases/<tool>-<version>/
(instr/, timing/: make bench's results folder of its rows).

    python3 -m harness.releases.run
"""

import os
import sys
import time
from unittest import mock

import harness
from harness.pipeline import bench, config, results_io, stage_cli
from harness.registry import metadata
from harness.releases import build, report, series
from harness.tools import instr

PROTOCOL = "harness.releases.protocol"
DEFAULT_RESULTS = os.path.join(harness.ROOT, "results", "releases")


def release_env(release):
    """What the driver and its workers need to run the release's modules."""
    return {"FFB_RELEASE": release.folder, "FFB_CFFI_FOLDER": build.site(release)}


def count(release):
    """{(path, kernel, arg): net instructions per call} of the release."""
    folder = os.path.join(release.folder, "instr")
    rows = instr.count(folder, protocol=PROTOCOL, env=release_env(release),
                       more={"ffb_release": release.name},
                       dumps=os.path.join(release.folder, "callgrind"))
    return {(r["path"], r["kernel"], r["arg"]): r["instructions_net"] for r in rows
            if r["instructions_net"] is not None}


def time_release(release, cfg):
    """{(path, kernel, arg): summary.csv row} of the release's timed rows."""
    folder = os.path.join(release.folder, "timing")
    # The driver and its workers inherit the release's environment, for the
    # time of its rows only (patch.dict restores os.environ after).
    with mock.patch.dict(os.environ, release_env(release)), \
            bench.working_folder(folder, lock_build=False) as results:
        bench.time_rows(cfg, results, {}, protocol=(f"--protocol={PROTOCOL}",))
    summary = results_io.ResultsFolder(folder).table("summary.csv")
    return {(r["path"], r["kernel"], r["arg"]): r for r in summary if r["mode"] == series.MODE}


def measure(release, cfg):
    """The release's rows of releases.csv."""
    counts = count(release)
    times = time_release(release, cfg)
    rows = []
    for key in sorted(set(counts) | set(times), key=lambda k: (series.KERNELS.index(k[1])
                                                                  if k[1] in series.KERNELS
                                                                  else 99, k)):
        path, kernel, arg = key
        if kernel not in series.KERNELS:
            continue
        timed = times.get(key, {})
        rows.append({"tool": release.tool, "order": release.order, "release": release.version,
                     "path": path, "kernel": kernel, "arg": arg,
                     "instructions_net": (f"{counts[key]:.1f}" if key in counts else ""),
                     **{k: timed.get(k, "") for k in ("ns_net", "ns_net_low", "ns_net_high")}})
    return rows


def run(tools=(), quick=False, results_folder=DEFAULT_RESULTS, say=print):
    chosen = series.series(tools, quick)
    info = build.build_info()
    cfg = config.from_knobs({"QUICK": "1" if quick else "", "RESULTS": results_folder})
    rows, builds, started = [], [], time.monotonic()
    with bench.working_folder(results_folder) as results:
        for i, release in enumerate(chosen, 1):
            elapsed = time.monotonic() - started
            left = f", about {elapsed / (i - 1) * (len(chosen) - i + 1) / 60:.0f} min left" \
                if i > 1 else ""
            say(f"== [{i}/{len(chosen)}] {release.tool} {release.version}: building "
                f"({elapsed / 60:.0f} min elapsed{left}) ==", flush=True)
            built = build.build(release, info, say=say)
            builds.append({"tool": release.tool, "order": release.order,
                           "release": release.version, "built": "no" if built.error else "yes",
                           "error": built.error, "seconds": f"{built.seconds:.0f}"})
            if built.error:
                continue
            say(f"== [{i}/{len(chosen)}] {release.tool} {release.version}: measuring ==",
                flush=True)
            rows += measure(release, cfg)
        results.start_metadata({})      # no driver context: releases_context holds the facts
        results.record(
            releases_plan={"series": {t.name: list(t.versions) for t in series.TOOLS.values()},
                           "chosen": [r.name for r in chosen], "quick": quick,
                           "kernels": list(series.KERNELS), "mode": series.MODE},
            releases_context=metadata.run_metadata(), releases_seconds=round(
                time.monotonic() - started), bench_settings=cfg.settings(cfg.workers()))
        report.write(results, rows, builds, say=say)
    return rows, builds


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("--tools", default="", help="only these tools' series (TOOLS=)")
    parser.add_argument("--quick", action="store_true",
                        help="the first and last release of each series (QUICK=1)")
    parser.add_argument("--results", default=DEFAULT_RESULTS)
    args = parser.parse_args(argv)
    return stage_cli.run_command("releases", run, tuple(args.tools.split()), args.quick,
                                 args.results, errors=(ValueError, RuntimeError, OSError,
                                                       bench.Stop))


if __name__ == "__main__":
    sys.exit(main())
