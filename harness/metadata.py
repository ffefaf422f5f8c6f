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


def _read(path, default="not readable"):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def machine():
    """What on the machine moves timings: frequency scaling, boost, ASLR,
    load.  Files absent on this kind of machine (a VM often has no cpufreq)
    are said to be so."""
    boost = _read("/sys/devices/system/cpu/cpufreq/boost", "")
    if not boost:
        no_turbo = _read("/sys/devices/system/cpu/intel_pstate/no_turbo", "")
        boost = {"0": "1", "1": "0"}.get(no_turbo, "not readable")
    aslr = _read("/proc/sys/kernel/randomize_va_space")
    return {
        "cpu_count": str(os.cpu_count()),
        "cpu_scaling_governor": _read(
            "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
            "not readable (no cpufreq: a VM or a fixed clock)"),
        "cpu_boost": boost,
        "aslr": {"0": "off", "1": "on (conservative)", "2": "on (full)"}.get(aslr, aslr),
        "load_avg_start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def python_build(config_args, cflags_nodist):
    """PGO and LTO of the interpreter, as far as its build flags tell."""
    pgo = "--enable-optimizations" in config_args or "-fprofile-use" in cflags_nodist
    lto = "--with-lto" in config_args or "-flto" in cflags_nodist
    return {"python_pgo": "yes" if pgo else "not detected",
            "python_lto": "yes" if lto else "not detected"}
