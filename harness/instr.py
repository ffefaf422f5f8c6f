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

Usage: instr.py DUMP_DIR INSTR_CSV FRONTEND DRIVER
"""

import os
import re
import sys

import frontends
import paths
import summarize

COLUMNS = ("kernel", "path", "family", "mode", "arg", "instructions",
           "instructions_net")
BASELINE_PATH = "baseline"
_TRIGGER = re.compile(r"^desc: Trigger: Client Request: (.+)\|(\d+)$")
_SUMMARY = re.compile(r"^summary: (\d+)$")


def read_dumps(folder):
    """{row name: {calls: Ir}} from the callgrind dump files in folder."""
    counts = {}
    def dump_number(entry):     # cg.out.12 -> 12: the order of the dumps
        tail = entry.rsplit(".", 1)[-1]
        return int(tail) if tail.isdigit() else -1

    for entry in sorted(os.listdir(folder), key=dump_number):
        name = calls = instructions = None
        with open(os.path.join(folder, entry), errors="replace") as f:
            for line in f:
                match = _TRIGGER.match(line.rstrip("\n"))
                if match:
                    name, calls = match.group(1), int(match.group(2))
                match = _SUMMARY.match(line.rstrip("\n"))
                if match:
                    instructions = int(match.group(1))
                    break
        if name is not None and instructions is not None:
            counts.setdefault(name, {})[calls] = instructions
    return counts


def per_call(counts):
    """{row name: instructions per call} for the rows with both runs."""
    result = {}
    for name, by_calls in counts.items():
        if len(by_calls) == 2:
            low, high = sorted(by_calls)
            result[name] = (by_calls[high] - by_calls[low]) / (high - low)
    return result


def rows(per_call_counts):
    """Rows keyed by COLUMNS, netted against their mode's (and batch's)
    baseline."""
    parsed = []
    for name, value in per_call_counts.items():
        kernel, path, mode, arg = (name.split("/") + [""])[:4]
        parsed.append({"kernel": kernel, "path": path, "family": path.split(".")[0],
                       "mode": mode, "arg": arg, "instructions": value,
                       "instructions_net": None})
    base = {(r["mode"], r["arg"]): r["instructions"] for r in parsed
            if r["path"] == BASELINE_PATH}
    for r in parsed:
        if r["path"] == BASELINE_PATH:
            continue
        # A sized row shares the baseline of its batch size; see paths.batch_for.
        key = (r["mode"], _batch_arg(r["arg"]))
        if key in base:
            r["instructions_net"] = r["instructions"] - base[key]
    return parsed


def _batch_arg(arg):
    batch = paths.batch_for(int(arg) if arg.isdigit() else arg)
    return "" if batch == paths.BATCH else f"batch{batch}"


def main(argv):
    if len(argv) != 5 or argv[3] not in frontends.FRONTENDS:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    counts = read_dumps(argv[1])
    table = rows(per_call(counts))
    if not table:
        print(f"instr: no callgrind dumps of the driver's --instr mode in {argv[1]}",
              file=sys.stderr)
        return 1
    summarize.write_csv([{k: (f"{v:.1f}" if isinstance(v, float) else v)
                          for k, v in r.items()} for r in table], argv[2], COLUMNS)
    facts = paths.run_metadata()
    facts["driver_frontend"] = f"{argv[3]}, under callgrind"
    if argv[3] == "embedded":   # else this process is the one that ran
        facts["python_libpython"] = frontends.driver_libpython(argv[4])
    summarize.write_json(facts, os.path.join(os.path.dirname(argv[2]) or ".",
                                             "instr_metadata.json"))
    print(f"instr: {len(table)} rows -> {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
