"""The hosted front-end's command line: runs the ffi-bench driver inside this
python3 process (build/ffibench_driver, an extension module), so that Google
Benchmark times the interpreter build that runs this script.

    python3 -I harness/driver/hosted_driver.py [--pin=CPU] [--benchmark_<flag>=...]

The flags are build/ffibench-driver's (--help lists them).  Run it with -I,
as make bench does: isolated from PYTHON* variables and the user's site
directory, like the embedded driver's PyConfig.
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    sys.path.insert(0, ROOT)
    try:
        from harness import BUILD   # the build folder of this interpreter
    except ImportError:             # this script alone, without its checkout
        BUILD = os.path.join(ROOT, "build")
    sys.path.insert(0, BUILD)
    try:
        import ffibench_driver
    except ImportError as exc:
        print(f"{sys.argv[0]}: cannot import the hosted driver ({exc}): "
              f"run 'make' with PYTHON={sys.executable}", file=sys.stderr)
        return 1
    # A --root given on the command line comes later and wins.
    return ffibench_driver.main([sys.argv[0], f"--root={ROOT}", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
