"""Facts about the machine, the interpreter and the build that a citation
needs; run_metadata() puts them, with the registry's own, into the results.

Each function reads one thing and never fails: what cannot be read is said."""

import hashlib
import os
import platform
import subprocess
import sys
import sysconfig

from harness import BUILD, ROOT
from harness.registry import vocabulary as v


def _cpuinfo():
    """The first processor's fields of /proc/cpuinfo, and every "cpu MHz"."""
    fields, mhz = {}, []
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, sep, value = line.partition(":")
                key, value = key.strip(), value.strip()
                if not sep:
                    continue
                if key == "cpu MHz":
                    mhz.append(value)
                fields.setdefault(key, value)
    except OSError:
        pass
    return fields, mhz


def cpu_model():
    fields, _ = _cpuinfo()
    return fields.get("model name") or platform.processor() or "unknown"


# (vendor, family, first model, last model, stepping range or None, name):
# what a family/model/stepping means, from the vendors' documentation and
# the Linux kernel's tables (arch/x86/include/asm/intel-family.h, AMD's
# revision guides).  A model not listed is said to be unknown, with its
# numbers, which identify it all the same.
MICROARCHITECTURES = (
    ("AuthenticAMD", 0x17, 0x00, 0x2f, None, "Zen / Zen+"),
    ("AuthenticAMD", 0x17, 0x30, 0xaf, None, "Zen 2"),
    ("AuthenticAMD", 0x19, 0x00, 0x0f, None, "Zen 3"),
    ("AuthenticAMD", 0x19, 0x10, 0x1f, None, "Zen 4"),
    ("AuthenticAMD", 0x19, 0x20, 0x5f, None, "Zen 3"),
    ("AuthenticAMD", 0x19, 0x60, 0xaf, None, "Zen 4"),
    ("AuthenticAMD", 0x1a, 0x00, 0xff, None, "Zen 5"),
    ("GenuineIntel", 6, 0x3f, 0x3f, None, "Haswell-EP"),
    ("GenuineIntel", 6, 0x4f, 0x4f, None, "Broadwell-EP"),
    ("GenuineIntel", 6, 0x55, 0x55, (0, 4), "Skylake-SP"),
    ("GenuineIntel", 6, 0x55, 0x55, (5, 7), "Cascade Lake"),
    ("GenuineIntel", 6, 0x55, 0x55, (8, 15), "Cooper Lake"),
    ("GenuineIntel", 6, 0x4e, 0x4e, None, "Skylake"),
    ("GenuineIntel", 6, 0x5e, 0x5e, None, "Skylake"),
    ("GenuineIntel", 6, 0x8e, 0x8e, None, "Kaby Lake / Coffee Lake"),
    ("GenuineIntel", 6, 0x9e, 0x9e, None, "Kaby Lake / Coffee Lake"),
    ("GenuineIntel", 6, 0xa5, 0xa6, None, "Comet Lake"),
    ("GenuineIntel", 6, 0x6a, 0x6c, None, "Ice Lake-SP"),
    ("GenuineIntel", 6, 0x7d, 0x7e, None, "Ice Lake"),
    ("GenuineIntel", 6, 0x8c, 0x8d, None, "Tiger Lake"),
    ("GenuineIntel", 6, 0x97, 0x9a, None, "Alder Lake"),
    ("GenuineIntel", 6, 0xb7, 0xb7, None, "Raptor Lake"),
    ("GenuineIntel", 6, 0xba, 0xba, None, "Raptor Lake"),
    ("GenuineIntel", 6, 0xbf, 0xbf, None, "Raptor Lake"),
    ("GenuineIntel", 6, 0x8f, 0x8f, None, "Sapphire Rapids"),
    ("GenuineIntel", 6, 0xcf, 0xcf, None, "Emerald Rapids"),
    ("GenuineIntel", 6, 0xad, 0xae, None, "Granite Rapids"),
    ("GenuineIntel", 6, 0xaf, 0xaf, None, "Sierra Forest"),
    ("GenuineIntel", 6, 0xaa, 0xac, None, "Meteor Lake"),
    ("GenuineIntel", 6, 0xc5, 0xc6, None, "Arrow Lake"),
)
# Arm: (implementer, part) -> core, from /proc/cpuinfo's CPU implementer/part.
ARM_CORES = {(0x41, 0xd0c): "Neoverse N1", (0x41, 0xd40): "Neoverse V1",
             (0x41, 0xd49): "Neoverse N2", (0x41, 0xd4f): "Neoverse V2",
             (0x41, 0xd8e): "Neoverse N3", (0x41, 0xd84): "Neoverse V3",
             (0x61, 0x022): "Apple M1", (0x61, 0x032): "Apple M2"}


def microarchitecture(vendor, family, model, stepping):
    """The microarchitecture a vendor/family/model/stepping means, or
    'unknown' (the numbers still identify the CPU)."""
    for maker, f, first, last, steppings, name in MICROARCHITECTURES:
        if (maker == vendor and f == family and first <= model <= last
                and (steppings is None or steppings[0] <= stepping <= steppings[1])):
            return name
    return "unknown"


def _int(text, base=10):
    try:
        return int(text, base)
    except (TypeError, ValueError):
        return None


def _cache_sizes():
    """'L1d 32K, L1i 32K, L2 1024K, L3 32768K' for CPU 0 (sysfs), or ''."""
    found = []
    folder = "/sys/devices/system/cpu/cpu0/cache"
    try:
        entries = sorted(e for e in os.listdir(folder) if e.startswith("index"))
    except OSError:
        return ""
    for entry in entries:
        level = _read(os.path.join(folder, entry, "level"), "")
        kind = _read(os.path.join(folder, entry, "type"), "")
        size = _read(os.path.join(folder, entry, "size"), "")
        suffix = {"Data": "d", "Instruction": "i"}.get(kind, "")
        if level and size:
            found.append(f"L{level}{suffix} {size}")
    return ", ".join(found)


def _lscpu():
    """lscpu's 'Key: value' lines, or {} (it reads the hypervisor from cpuid)."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=10,
                             env={**os.environ, "LC_ALL": "C"}).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    return {k.strip(): value.strip() for k, _, value in
            (line.partition(":") for line in out.splitlines()) if value}


def virtualization():
    """'none detected', or the hypervisor (and a container) this runs in."""
    facts = _lscpu()
    found = []
    hypervisor = facts.get("Hypervisor vendor")
    if hypervisor:
        kind = facts.get("Virtualization type")
        found.append(f"{hypervisor} ({kind} virtualisation)" if kind else hypervisor)
    try:
        container = subprocess.run(["systemd-detect-virt", "--container"],
                                   capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        container = ""
    if container and container != "none":
        found.append(f"container: {container}")
    if not found:
        fields, _ = _cpuinfo()
        if "hypervisor" in fields.get("flags", "").split():
            found.append("a hypervisor (unnamed)")
    return ", ".join(found) or "none detected"


def cpu_identity():
    """{key: str}: what identifies the CPU a run was made on: the vendor,
    family/model/stepping and the microarchitecture they mean, the clock, the
    caches, the virtualisation, and the kernel.  A model name such as "AMD
    EPYC" alone names several generations of CPU."""
    fields, mhz = _cpuinfo()
    vendor = fields.get("vendor_id", "")
    family, model = _int(fields.get("cpu family")), _int(fields.get("model"))
    stepping = _int(fields.get("stepping"))
    if vendor:
        arch = (microarchitecture(vendor, family, model, stepping)
                if None not in (family, model, stepping) else "unknown")
        numbers = f"family {family} model {model} stepping {stepping}"
    else:   # Arm: implementer and part instead
        implementer = _int(fields.get("CPU implementer"), 16)
        part = _int(fields.get("CPU part"), 16)
        vendor = f"implementer 0x{implementer:02x}" if implementer is not None else "unknown"
        arch = ARM_CORES.get((implementer, part), "unknown")
        numbers = (f"part 0x{part:03x} variant {fields.get('CPU variant', '?')} "
                   f"revision {fields.get('CPU revision', '?')}"
                   if part is not None else "unknown")
    clocks = sorted({f"{float(m):.0f}" for m in mhz if _int(m.split(".")[0]) is not None})
    return {
        "cpu_vendor": vendor or "unknown",
        "cpu_family_model_stepping": numbers,
        "cpu_microarchitecture": arch,
        "cpu_mhz": "/".join(clocks) or "not readable",
        "cpu_caches": _cache_sizes() or "not readable",
        "cpu_virtualization": virtualization(),
        "kernel": f"{platform.system()} {platform.release()}",
    }


# What must be equal for two runs to have been made on the same kind of CPU.
CPU_IDENTITY_KEYS = ("cpu_model", "cpu_vendor", "cpu_family_model_stepping",
                     "cpu_mhz", "cpu_caches", "cpu_count")


def cpu_short(meta):
    """The CPU in a few words, for a cite line or a chart title: model name,
    microarchitecture, numbers, clock, virtualisation."""
    if "cpu_family_model_stepping" not in meta:     # results from before
        return meta.get("cpu_model", "unknown CPU")
    arch = meta.get("cpu_microarchitecture", "unknown")
    virt = meta.get("cpu_virtualization", "")
    parts = [arch if arch != "unknown" else "",
             meta.get("cpu_family_model_stepping", ""),
             f"{meta.get('cpu_mhz')} MHz" if meta.get("cpu_mhz", "").replace("/", "").isdigit()
             else "",
             virt.split(" (")[0].split(",")[0] if virt and virt != "none detected" else ""]
    return f"{meta.get('cpu_model', 'unknown CPU')} ({', '.join(p for p in parts if p)})"


def differences(meta, here, keys):
    """['key: theirs vs here', ...] for the keys whose values differ."""
    return [f"{key}: {meta.get(key, 'not recorded')} vs {here.get(key, 'not recorded')}"
            for key in keys if str(meta.get(key, "")) != str(here.get(key, ""))]


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


# What must be equal for two runs (make merge) or two instruction counts
# (make gate) to have called the same code: run_metadata()'s keys, and what
# each names.
SAME_CODE_KEYS = (("build_kernels_o_sha256", "the kernel object (sha256 of build/kernels.o)"),
                  ("build_cflags", "the C flags"),
                  ("build_cc_version", "the C compiler"))


def build_info():
    """key=value lines the Makefile writes: compiler, its version, flags."""
    info = {}
    try:
        with open(os.path.join(BUILD, "build-info.txt"), encoding="utf-8", errors="replace") as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    info["build_" + key] = value
    except OSError:
        info["build_info"] = "missing: build/build-info.txt"
    # The kernel object itself: runs compared side by side (make merge) must
    # have called the same machine code.
    try:
        with open(os.path.join(BUILD, "kernels.o"), "rb") as f:
            info["build_kernels_o_sha256"] = hashlib.sha256(f.read()).hexdigest()
    except OSError:
        info["build_kernels_o_sha256"] = "missing"
    return info


def interpreter_source():
    """What make pythons recorded of the interpreter it built (its Debian
    source package, configure flags, build time: build-info.txt in its
    prefix), as python_source_* keys; nothing for another interpreter."""
    info = {}
    try:
        with open(os.path.join(sys.base_prefix, "build-info.txt")) as f:
            for line in f:
                key, sep, value = line.rstrip("\n").partition(": ")
                if sep:
                    info["python_source_" + key] = value
    except OSError:
        pass
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


def run_metadata():
    """{key: str} describing the machine, the interpreter, the build, and the
    file every binding module was actually loaded from."""
    from harness.registry import call_paths   # here: call_paths reads build_info()
    facts = {
        "cpu_model": cpu_model(),
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "python_executable": sys.executable,
        "python_libpython": libpython(),
        "python_config_args": sysconfig.get_config_var("CONFIG_ARGS") or "",
        "git_commit": git("rev-parse", "HEAD") or "unknown",
        # dirty: a tracked file that can change a number differs from the
        # commit (results/ are outputs, rewritten by every run, and Markdown
        # is documentation, so neither counts)
        "git_dirty": ("yes" if git("status", "--porcelain",
                                            "--untracked-files=no", "--", ".",
                                            ":(exclude)results", ":(exclude)*.md")
                      else "no"),
        "timing_batch": str(v.BATCH),
        # False on a free-threaded build whose GIL stayed off with every
        # binding module loaded (a module that needs the GIL turns it on)
        "python_gil_enabled": str(getattr(sys, "_is_gil_enabled", lambda: True)()),
        "python_gc": "disabled while timing, after one gc.collect()",
        # This process's sample of hash seed and memory layout: each worker
        # process of a run draws its own (harness/pipeline/measure/workers.py).  The
        # hash of a fixed str shows which seed took effect; the addresses of
        # None (in the interpreter's image) and of a new object (the heap)
        # show where ASLR put them.
        "process_id": str(os.getpid()),
        "hash_check": str(hash("ffi-bench")),
        "layout": f"None at {id(None):#x}, heap at {id(object()):#x}",
    }
    facts.update(build_info())
    facts.update(interpreter_source())
    facts.update(cpu_identity())
    facts.update(machine())
    facts.update(python_build(
        facts["python_config_args"],
        sysconfig.get_config_var("PY_CFLAGS_NODIST") or ""))
    for path in call_paths.CALL_PATHS.values():
        module = sys.modules.get(path.module)
        where = getattr(module, "__file__", None) if module else None
        facts["module_" + path.module] = where or "not loaded"
    return facts
