"""make merge: results folders (other interpreters, machines, commits) side by
side, into one comparison of path x run.

  python3 -m harness.commands.merge OUT RUN... [--force]

Each RUN is a results folder of make bench (its summary.csv and
metadata.json).  OUT gets:

  COMPARISON.md    the runs (interpreter, version, build, GIL, CPU, commit,
                   date, how it was timed), then per kernel of the calls
                   workload a table of net ns per call (interp mode) per path
                   and run, with each run's ratio to the first run's figure
  comparison.csv   path, kernel, run, net ns and its 95 % interval, the ratio
  runs.json        every run's metadata.json, whole, by its label
  comparison.png/.svg   add_i64, net ns per path, one marker per run

Runs whose kernel object (build_kernels_o_sha256), C flags or C compiler
differ called different machine code: the merge is refused, naming the
difference, unless --force (FORCE=1), when COMPARISON.md lists it.  A run
with a stage that failed (metadata.json's bench_stages) is merged, the
stage and its error named; the runs that were asked for but gave no folder
(make bench PYTHONS=...: an interpreter that failed, or could not be had)
are named with why (--missing).
"""
import os
import sys

from harness.pipeline import results_io, stage_cli
from harness.pipeline.publish import charts
from harness.registry.metadata import SAME_CODE_KEYS

KERNELS = ("noop", "add_i64", "add_f64")
CHART_KERNEL = "add_i64"
MODE = "interp"


class Refused(Exception):
    """The runs cannot be compared; the message names the difference."""


def label(meta, folder):
    """Interpreter, version, build, GIL and CPU of a run, in a few words."""
    name = meta.get("build_python_label") or "{}-{}".format(
        meta.get("python_implementation", "?").lower(), meta.get("python_version", "?"))
    gil = meta.get("python_gil_enabled")
    if gil == "False":
        name += " (GIL off)"
    elif meta.get("build_python_gil") == "gil_disabled":
        name += " (GIL back on)"
    cpu = meta.get("cpu_microarchitecture") or meta.get("cpu_model", "")
    host = meta.get("host_name", "")
    return f"{name}, {cpu}" + (f" ({host})" if host else "") if cpu else name or folder


def load(folders):
    runs = []
    for folder in folders:
        results = results_io.ResultsFolder(folder)
        try:
            meta, rows = results.metadata, results.table("summary.csv")
        except (OSError, ValueError) as exc:
            raise Refused(f"{folder} is not a results folder of make bench: {exc}") from exc
        runs.append({"folder": folder, "meta": meta, "rows": rows,
                     "label": label(meta, os.path.basename(folder.rstrip("/")))})
    seen = {}
    for run in runs:            # two runs of one interpreter on one CPU: add the folder
        seen[run["label"]] = seen.get(run["label"], 0) + 1
    for run in runs:
        if seen[run["label"]] > 1:
            run["label"] += f" [{os.path.basename(run['folder'].rstrip('/'))}]"
    return runs


def differences(runs):
    """[(what, {label: value})] of SAME_CODE_KEYS that differ between runs."""
    found = []
    for key, what in SAME_CODE_KEYS:
        values = {run["label"]: run["meta"].get(key, "not recorded") for run in runs}
        if len(set(values.values())) > 1:
            found.append((what, values))
    return found


def table(runs):
    """{(path, kernel): {label: row}} of the calls kernels, interp mode."""
    found = {}
    for run in runs:
        for row in run["rows"]:
            if row["kernel"] in KERNELS and row["mode"] == MODE and not row["arg"] \
                    and row.get("ns_net"):
                found.setdefault((row["path"], row["kernel"]), {})[run["label"]] = row
    return found


def _num(text):
    return float(text) if text not in ("", None) else None


def comparison_rows(runs, found):
    first = runs[0]["label"]
    rows = []
    for (path, kernel), by_run in sorted(found.items()):
        base = _num(by_run.get(first, {}).get("ns_net"))
        for run in runs:
            row = by_run.get(run["label"])
            if row is None:
                continue
            net = _num(row["ns_net"])
            rows.append({"path": path, "kernel": kernel, "run": run["label"], "ns_net": net,
                         "ns_net_low": row.get("ns_net_low", ""),
                         "ns_net_high": row.get("ns_net_high", ""),
                         "ratio_to_first": (net / base if base and base > 0 and net is not None
                                            else "")})
    return rows


RUN_FACTS = (("interpreter", "python_interpreter"), ("version", "python_version"),
             ("implementation", "python_implementation"), ("build", "build_python_label"),
             ("GIL", "python_gil_enabled"), ("source package", "python_source_source_package"),
             ("configure", "python_config_args"),
             ("PGO", "python_pgo"), ("timed by", "driver_frontend"), ("CPU", "cpu_model"),
             ("pinned to CPU", "cpu_pinned"), ("commit", "git_commit"), ("date", "date"),
             ("C flags", "build_cflags"), ("kernel object sha256", "build_kernels_o_sha256"))


def failed_stages(meta):
    """[(stage, why)] of a run's stages that failed."""
    return [(name, o.get("why", "")) for name, o in (meta.get("bench_stages") or {}).items()
            if o.get("outcome") == "failed"]


def missing_section(runs, missing):
    """COMPARISON.md's account of what is not whole: the runs asked for that
    gave no folder (`missing`: [(name, why)]), and the stages that failed in
    the runs merged."""
    broken = [(run["label"], failed_stages(run["meta"])) for run in runs]
    broken = [(label, stages) for label, stages in broken if stages]
    if not missing and not broken:
        return []
    lines = ["## Not in this comparison, and why", ""]
    lines += [f"- **{name}**: no results: {why}" for name, why in missing]
    lines += [f"- **{label}**: merged, but its " + "; ".join(
        f"{stage} stage failed ({why})" for stage, why in stages) for label, stages in broken]
    return lines + [""]


def markdown(runs, found, forced, missing=()):
    lines = ["# Runs side by side", "",
             "Made by `make merge` (harness/commands/merge.py) from "
             + ", ".join(f"`{run['folder']}`" for run in runs)
             + ". Net ns per call in the interp mode (the call as Python code makes it: the "
             "driver's timing loop; on PyPy the same loop timed by harness/pipeline/"
             "jit_timing.py after its JIT warm-up), the median over every value of every "
             "worker process of its run; *(x N)* is the figure over the first run's. Every "
             "run's metadata is whole in runs.json.", ""]
    lines += missing_section(runs, missing)
    if forced:
        lines += ["**Forced (FORCE=1): these runs did not call the same code:**", ""]
        lines += [f"- {what}: " + "; ".join(f"{k}: `{v}`" for k, v in values.items())
                  for what, values in forced]
        lines.append("")
    lines += ["## The runs", "", "| | " + " | ".join(f"run {i + 1}" for i in range(len(runs)))
              + " |", "|---|" + "---|" * len(runs),
              "| label | " + " | ".join(run["label"] for run in runs) + " |"]
    for name, key in RUN_FACTS:
        lines.append(f"| {name} | " + " | ".join(
            str(run["meta"].get(key, "")).replace("|", "/")[:90] for run in runs) + " |")
    first = runs[0]["label"]
    for kernel in KERNELS:
        paths = sorted({p for (p, k) in found if k == kernel},
                       key=lambda p: min(_num(r["ns_net"]) for r in found[(p, kernel)].values()))
        if not paths:
            continue
        lines += ["", f"## {kernel}: net ns per call", "",
                  "| path | " + " | ".join(f"run {i + 1}" for i in range(len(runs))) + " |",
                  "|---|" + "---:|" * len(runs)]
        for path in paths:
            cells = []
            base = _num(found[(path, kernel)].get(first, {}).get("ns_net"))
            for run in runs:
                row = found[(path, kernel)].get(run["label"])
                if row is None:
                    cells.append("")
                    continue
                net = _num(row["ns_net"])
                ratio = f" (x {net / base:.2f})" if base and base > 0 and run["label"] != first \
                    else ""
                cells.append(f"{net:.1f}{ratio}")
            lines.append(f"| {path} | " + " | ".join(cells) + " |")
    skipped = {}
    for run in runs:
        for row in run["rows"]:
            if row.get("skipped", "").startswith("skipped") and row["kernel"] in KERNELS:
                skipped.setdefault(run["label"], {})[row["path"]] = row["skipped"]
    if skipped:
        lines += ["", "## Paths not timed in a run, and why", ""]
        for name, paths in skipped.items():
            lines.append(f"- **{name}**: " + "; ".join(
                f"`{p}` ({why.replace('skipped: ', '')})" for p, why in sorted(paths.items())))
    return "\n".join(lines) + "\n"


def chart(out, runs, found):
    """comparison.png and .svg: CHART_KERNEL's net ns per path, one point
    style per run (gnuplot, plots/comparison.gp)."""
    paths = sorted({p for (p, k) in found if k == CHART_KERNEL},
                   key=lambda p: min(_num(r["ns_net"]) for r in found[(p, CHART_KERNEL)].values()))
    if not paths:
        return
    data = os.path.join(out, "comparison.dat")
    with open(data, "w") as f:
        for i, run in enumerate(runs):
            f.write(f"# {run['label']}\n")
            for y, path in enumerate(paths):
                row = found[(path, CHART_KERNEL)].get(run["label"])
                if row is not None and _num(row["ns_net"]) and _num(row["ns_net"]) > 0:
                    f.write(f"{y} {_num(row['ns_net'])} \"{path}\"\n")
            f.write("\n\n")
    labels = "|".join(run["label"].replace('"', "'") for run in runs)
    ticks = ", ".join(f'"{p}" {y}' for y, p in enumerate(paths))
    charts.draw_svg_and_png("comparison", f'data="{data}"; nruns={len(runs)}; '
                            f'npaths={len(paths)}; labels="{labels}"; kernel="{CHART_KERNEL}"; '
                            f"set ytics ({ticks})", os.path.join(out, "comparison.svg"))
    os.remove(data)


def merge(out, folders, force=False, missing=()):
    """The comparison of the results folders `folders` into `out`;
    `missing`: [(name, why)] of the runs asked for that gave no folder."""
    runs = load(folders)
    differ = differences(runs)
    if differ and not force:
        raise Refused("these runs did not call the same code: " + "; ".join(
            f"{what} differs ({', '.join(f'{k}: {v}' for k, v in values.items())})"
            for what, values in differ) + "; FORCE=1 (--force) merges them anyway, saying so")
    os.makedirs(out, exist_ok=True)
    found = table(runs)
    merged = results_io.ResultsFolder(out)
    merged.write_table("comparison.csv", comparison_rows(runs, found))
    results_io.write_json({run["label"]: run["meta"] for run in runs}, merged.file("runs.json"))
    merged.write_text("COMPARISON.md", markdown(runs, found, differ, missing))
    chart(out, runs, found)
    return runs


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("out", metavar="OUT", help="the merged folder")
    parser.add_argument("runs", metavar="RUN", nargs="+", help="results folders")
    parser.add_argument("--force", action="store_true",
                        help="merge runs whose kernel object or flags differ")
    args = parser.parse_args(argv)
    try:
        runs = merge(args.out, args.runs, force=args.force)
    except (Refused, RuntimeError) as exc:
        print(f"make merge: {exc}", file=sys.stderr)
        return 1
    print(done_line(runs, args.out))
    return 0


def done_line(runs, out):
    return (f"merge: {len(runs)} runs -> {out}/COMPARISON.md, comparison.csv, runs.json, "
            "comparison.png")


if __name__ == "__main__":
    sys.exit(main())
