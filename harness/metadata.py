"""Facts about the machine, the interpreter and the build that a citation
needs; paths.run_metadata() puts them, with the registry's own, into the results.

Each function reads one thing and never fails: what cannot be read is said."""

import os
import platform
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def libpython():
    """The libpython mapped into this process, or 'static' if none is."""
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                name = line.split()[-1]
                if "libpython" in os.path.basename(name):
                    return name
    except OSError:
        return "unknown"
    return "static (linked into the executable)"


def git(*args):
    try:
        out = subprocess.run(["git", "-C", ROOT, *args], capture_output=True,
                             text=True, timeout=10)
        return out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        return ""


def build_info():
    """key=value lines the Makefile writes: compiler, its version, flags."""
    info = {}
    try:
        with open(os.path.join(BUILD, "build-info.txt")) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    info["build_" + key] = value
    except OSError:
        info["build_info"] = "missing: build/build-info.txt"
    return info
