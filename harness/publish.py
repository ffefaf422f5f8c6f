"""Moves a finished make bench run from its working folder into RESULTS.

make bench measures, charts and reports into RESULTS.part/, so that an
interrupted or failed run (Ctrl-C, SIGTERM, an error) leaves RESULTS as the
previous run left it.  Only when every stage has finished does this move each
file into RESULTS (each move is atomic), remove the outputs of an earlier run
that this one does not have (the hyperfine files when hyperfine is missing,
the check run with CHECK=0), and remove the working folder.  Files in RESULTS
that make bench never writes (instr.*, from make bench-instr) stay.

Usage: publish.py PART RESULTS
"""
import os
import shutil
import sys

# What make bench writes only under some conditions.
OPTIONAL = ("import.csv", "import.json", "import.svg", "import.png",
            "e2e.csv", "e2e.json", "frontends.csv", "check")


def publish(part, results):
    os.makedirs(results, exist_ok=True)
    missing = [name for name in OPTIONAL if not os.path.lexists(os.path.join(part, name))]
    moved = 0
    for folder, _, files in os.walk(part):
        target = os.path.join(results, os.path.relpath(folder, part))
        os.makedirs(target, exist_ok=True)
        for name in files:
            os.replace(os.path.join(folder, name), os.path.join(target, name))
            moved += 1
    for name in missing:
        old = os.path.join(results, name)
        if os.path.lexists(old):
            if os.path.isdir(old):
                shutil.rmtree(old)
            else:
                os.remove(old)
    shutil.rmtree(part)
    return moved


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    if not os.path.isdir(argv[1]):
        print(f"publish: {argv[1]} is not a folder", file=sys.stderr)
        return 1
    print(f"publish: {publish(argv[1], argv[2])} files -> {argv[2]}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
