"""callgrind dumps of the driver's --instr mode -> results/instr.csv.

Each row was run for n = batch and n = 3 * batch calls, each run dumped by
callgrind as "<name>|<n>" with its instruction count (Ir).  The difference of
the two is 2 * batch calls and nothing else, so

    instructions per call = (Ir(3 * batch) - Ir(batch)) / (2 * batch)

and instructions_net subtracts the same figure of the baseline (the empty
loop) of the row's mode and batch.  Counts are deterministic: the same
binaries and inputs give the same numbers.

Also writes instr_metadata.json beside INSTR_CSV: the registry's facts about
the machine and build, and the front-end that ran (FRONTEND, with DRIVER, the
embedded driver, to tell which libpython it links), for the chart and for a
citation.

make bench-instr runs `python3 -m harness.tools.instr RESULTS [TEXT] [--frontend=F]`: the
front-end of the headline figures (FRONTEND= forces one) under callgrind,
deterministic: ASLR off with setarch where the machine allows it, the str hash
seed fixed (PYTHONHASHSEED=0 for the hosted driver, which runs in a cleared
environment with -s instead of -I, since -I would ignore the seed; PyConfig
for the embedded one); TEXT limits it to the rows whose name contains it (and
the baselines).  Then instr.csv, instr_metadata.json and the instr chart.

Usage: python3 -m harness.tools.instr RESULTS [TEXT] [--frontend=embedded|hosted]
           [--dumps=FOLDER]   (keeps the dumps: harness/tools/instr_functions.py reads them)
"""


import os
import re
import shutil
import subprocess
import sys
import tempfile

from harness import registry
import harness
from harness.pipeline import results_io, stage_cli
from harness.pipeline.measure import frontends
from harness.pipeline.publish import charts
from harness.registry import metadata
from harness.registry import vocabulary as v


_TRIGGER = re.compile(r"^desc: Trigger: Client Request: (.+)\|(\d+)$")
_SUMMARY = re.compile(r"^summary: (\d+)$")


def dump_header(path):
    """(row name, calls, Ir) of one callgrind dump, from its trigger and
    summary lines; (None, None, None) for a dump of no row."""
    name = calls = None
    with open(path, errors="replace") as f:
        for line in f:
            match = _TRIGGER.match(line.rstrip("\n"))
            if match:
                name, calls = match.group(1), int(match.group(2))
            match = _SUMMARY.match(line.rstrip("\n"))
            if match:
                return (name, calls, int(match.group(1))) if name is not None \
                    else (None, None, None)
    return None, None, None


def dump_files(folder):
    """{row name: {calls: the dump's path}} of the callgrind dumps in folder,
    in the order they were dumped (cg.out.12 after cg.out.2)."""
    def dump_number(entry):
        tail = entry.rsplit(".", 1)[-1]
        return int(tail) if tail.isdigit() else -1

    files = {}
    for entry in sorted(os.listdir(folder), key=dump_number):
        path = os.path.join(folder, entry)
        name, calls, _ = dump_header(path)
        if name is not None:
            files.setdefault(name, {})[calls] = path
    return files


def read_dumps(folder):
    """{row name: {calls: Ir}} from the callgrind dump files in folder."""
    return {name: {calls: dump_header(path)[2] for calls, path in runs.items()}
            for name, runs in dump_files(folder).items()}


def per_call(counts):
    """{row name: instructions per call} for the rows with both runs."""
    result = {}
    for name, by_calls in counts.items():
        if len(by_calls) == 2:
            low, high = sorted(by_calls)
            result[name] = (by_calls[high] - by_calls[low]) / (high - low)
    return result


def rows(per_call_counts):
    """Rows keyed by v.INSTR_COLUMNS, netted against their mode's (and batch's)
    baseline."""
    parsed = []
    for name, value in per_call_counts.items():
        kernel, path, mode, arg = (name.split("/") + [""])[:4]
        parsed.append({"kernel": kernel, "path": path, "family": path.split(".")[0],
                       "mode": mode, "arg": arg, "instructions": value,
                       "instructions_net": None})
    base = {(r["mode"], r["arg"]): r["instructions"] for r in parsed
            if r["path"] == v.BASELINE_PATH}
    for r in parsed:
        if r["path"] == v.BASELINE_PATH:
            continue
        # A sized row shares the baseline of its batch size; see registry.batch_for.
        key = (r["mode"], _batch_arg(r["arg"]))
        if key in base:
            r["instructions_net"] = r["instructions"] - base[key]
    return parsed


def _batch_arg(arg):
    batch = registry.batch_for(int(arg) if arg.isdigit() else arg)
    return "" if batch == v.BATCH else f"batch{batch}"


def no_aslr():
    """The setarch prefix that turns ASLR off for a command, or [] when the
    machine does not allow it."""
    machine = os.uname().machine
    try:
        ok = subprocess.run(["setarch", machine, "-R", "true"], capture_output=True).returncode == 0
    except OSError:
        ok = False
    return ["setarch", machine, "-R"] if ok else []


def count(results, text="", frontend="", protocol="", env=None, more=None, dumps=None):
    """Runs the headline front-end under callgrind into `dumps` (emptied
    first; default a folder of this run's own under build/, removed after,
    so that two counts at once, make gate's and a make bench-instr, cannot
    mix their dumps), then writes RESULTS/instr.csv and instr_metadata.json;
    returns the rows.  protocol: the driver's rows' module (--protocol; make
    releases'), env: variables it needs (the rest of the environment is
    cleared), more: more keys of instr_metadata.json."""
    if dumps is None:
        os.makedirs(harness.BUILD, exist_ok=True)
        dumps = tempfile.mkdtemp(prefix="instr-", dir=harness.BUILD)
        try:
            return count(results, text, frontend, protocol, env, more, dumps)
        finally:
            shutil.rmtree(dumps, ignore_errors=True)
    headline, _, _, _ = frontends.choose(frontends.DRIVER, frontend)
    shutil.rmtree(dumps, ignore_errors=True)
    os.makedirs(dumps)
    os.makedirs(results, exist_ok=True)
    prefix = no_aslr()
    print(f"== counting instructions per call under callgrind, {headline} front-end"
          f"{'' if prefix else ' (ASLR on: counts may vary slightly)'} ==", flush=True)
    # FFIBENCH_BUILD kept: the embedded driver's interpreter cannot tell which
    # interpreter's build folder it belongs to (harness/__init__.py)
    wrap = ["env", "-i", f"PATH={os.environ.get('PATH', '')}", "PYTHONHASHSEED=0",
            f"FFIBENCH_BUILD={harness.BUILD}", *(f"{k}={v}" for k, v in (env or {}).items()),
            *prefix,
            "valgrind", "-q", "--tool=callgrind", "--collect-atstart=no",
            f"--callgrind-out-file={os.path.join(dumps, 'cg.out')}"]
    flags = [f"--instr={text}" if text else "--instr",
             *([f"--protocol={protocol}"] if protocol else [])]
    done = subprocess.run([*wrap, *frontends.command(headline, flags, python_flags=("-s",))])
    if done.returncode != 0:
        raise RuntimeError(f"the {headline} driver under callgrind exited with {done.returncode}")
    table = rows(per_call(read_dumps(dumps)))
    if not table:
        raise RuntimeError(f"no callgrind dumps of the driver's --instr mode in {dumps}")
    folder = results_io.ResultsFolder(results)
    folder.write_table("instr.csv", [{k: (f"{value:.1f}" if isinstance(value, float) else value)
                                      for k, value in r.items()} for r in table])
    facts = metadata.run_metadata()
    facts["driver_frontend"] = f"{headline}, under callgrind"
    facts.update(more or {})
    if headline == "embedded":   # else this process is the one that ran
        facts["python_libpython"] = frontends.driver_libpython(frontends.DRIVER)
    results_io.write_json(facts, folder.file("instr_metadata.json"))
    print(f"instr: {len(table)} rows -> {folder.file('instr.csv')}")
    return table


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name, __doc__)
    parser.add_argument("results", metavar="RESULTS")
    parser.add_argument("text", metavar="TEXT", nargs="?", default="",
                        help="only the rows whose name contains it (and the baselines)")
    parser.add_argument("--frontend", choices=("", "embedded", "hosted"), default="",
                        help="the front-end to count (default: the headline one)")
    parser.add_argument("--dumps", default=None,
                        help="keep callgrind's dumps in this folder (emptied first), for "
                             "python3 -m harness.tools.instr_functions")
    args = parser.parse_args(argv)
    status = stage_cli.run_command(
        "instr", lambda: count(args.results, args.text, args.frontend, dumps=args.dumps),
        errors=(RuntimeError, ValueError, OSError))
    return status or charts.main([args.results, "instr"])


if __name__ == "__main__":
    sys.exit(main())
