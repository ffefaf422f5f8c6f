"""The driver's two front-ends: which one gives the headline figures, and how
the other one's figures relate to them.

  embedded  build/ffibench-driver: a C program linking libpython;
  hosted    harness/driver/hosted_driver.py: the same driver code as an extension
            module, inside a PYTHON process.

The headline comes from the front-end that runs the interpreter code PYTHON
runs.  The hosted one always does; the embedded one does only when PYTHON's
executable maps the very libpython the driver links (a shared build, e.g.
pyenv's --enable-shared), and is then preferred: it is the design's primary
front-end and needs no python3 around it.  Debian's /usr/bin/python3 maps no
libpython (its interpreter is linked into the executable, a separately
optimised build), so there the headline is hosted.

  choose()   the headline front-end and the check, and why
  compare()  RESULTS/summary.csv (headline) and RESULTS/check/summary.csv (the
             other front-end) -> RESULTS/frontends.csv, the ratio embedded /
             hosted of net ns per path and mode; the choice and its reason go
             into RESULTS/metadata.json
  command()  the command line that runs a front-end
"""

import math
import os
import subprocess
import sys

import harness
from harness.registry import metadata
from harness.registry import vocabulary as v

# The two front-ends' programs.
DRIVER = os.path.join(harness.BUILD, "ffibench-driver")
HOSTED = os.path.join(harness.ROOT, "harness", "driver", "hosted_driver.py")


def command(frontend, args, python_flags=("-I",)):
    """The command line running a front-end with the driver's flags args.
    The hosted one runs in this interpreter with python_flags: -I isolates it
    from PYTHON* variables and the user's site, as PyConfig isolates the
    embedded one (-s where an environment variable must count)."""
    if frontend == "hosted":
        return [sys.executable, *python_flags, HOSTED, *args]
    return [DRIVER, f"--root={harness.ROOT}", *args]


# Rows whose net figure is below this in either front-end are too close to
# the timer's resolution for a ratio to mean anything (the c.direct floor).
MIN_NET_NS = 2.0


def driver_libpython(driver):
    """The libpython file the embedded driver loads (ldd), or a sentence."""
    try:
        out = subprocess.run(["ldd", driver], capture_output=True, text=True,
                             timeout=30).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"unknown (ldd: {exc})"
    for line in out.splitlines():
        name, _, where = line.strip().partition(" => ")
        if name.startswith("libpython"):
            return os.path.realpath(where.split(" (")[0])
    return "static (linked into the driver)"


def choose(driver, forced=""):
    """(headline, check, why, {front-end: the libpython it runs}): which
    front-end gives the headline figures and which one checks them."""
    mine = metadata.libpython()   # this process is PYTHON
    theirs = driver_libpython(driver)
    if forced:
        if forced not in v.FRONTENDS:
            raise ValueError(f"FRONTEND={forced}: use embedded or hosted")
        headline = forced
        why = f"chosen with FRONTEND={forced}"
    elif os.path.isabs(mine) and os.path.realpath(mine) == theirs:
        headline = "embedded"
        why = (f"{sys.executable} maps {theirs}, the libpython the embedded "
               "driver links: both front-ends run the same interpreter code")
    else:
        headline = "hosted"
        runs = (f"maps {mine}" if os.path.isabs(mine)
                else "has its interpreter linked into the executable")
        why = (f"{sys.executable} {runs}, while the embedded driver links "
               f"{theirs}, a different build: only the hosted front-end runs "
               f"the interpreter code {sys.executable} runs")
    check = v.FRONTENDS[1 - v.FRONTENDS.index(headline)]
    return headline, check, why, {"embedded": theirs, "hosted": mine}


def ratios(embedded_rows, hosted_rows):
    """Rows of v.FRONTENDS_COLUMNS: per path and mode, the geometric mean over the rows
    both front-ends measured of embedded net ns / hosted net ns."""
    def key(r):
        return (r["kernel"], r["path"], r["mode"], r["arg"])

    def net(r):
        return float(r["ns_net"]) if r and r["ns_net"] else None

    hosted = {key(r): r for r in hosted_rows}
    groups = {}    # (path, mode) -> [ratio, ...]
    add_i64 = {}   # (path, mode) -> (embedded, hosted)
    for r in embedded_rows:
        other = hosted.get(key(r))
        e, h = net(r), net(other)
        if e is None or h is None:
            continue
        group = (r["path"], r["mode"])
        if r["kernel"] == "add_i64" and not r["arg"]:
            add_i64[group] = (e, h)
        ratio_list = groups.setdefault(group, [])
        if e >= MIN_NET_NS and h >= MIN_NET_NS:
            ratio_list.append(e / h)
    table = []
    for (path, mode), found in groups.items():
        e, h = add_i64.get((path, mode), (None, None))
        table.append({
            "path": path, "mode": mode, "rows": len(found),
            "embedded_over_hosted": (math.exp(sum(map(math.log, found)) / len(found))
                                     if found else None),
            "ratio_min": min(found, default=None),
            "ratio_max": max(found, default=None),
            "add_i64_ns_net_embedded": e, "add_i64_ns_net_hosted": h,
        })
    return table


def compare(results, driver, forced=""):
    """frontends.csv: the headline front-end's rows against the check run's
    (none with CHECK=0, or without a row in common), and the choice of the
    front-ends in metadata.json."""
    headline, check, why, libpythons = choose(driver, forced)
    results.record(frontend_headline=headline, frontend_headline_why=why,
                   frontend_check=check,
                   frontend_libpython_embedded=libpythons["embedded"],
                   frontend_libpython_hosted=libpythons["hosted"])
    checked = results.sub("check")
    if not checked.has("summary.csv"):   # CHECK=0
        results.record(frontend_check="not run (CHECK=0)")
        results.remove("frontends.csv")
        print(f"frontends: headline from the {headline} front-end ({why}); no check run")
        return
    runs = {headline: results.table("summary.csv"), check: checked.table("summary.csv")}
    table = ratios(runs["embedded"], runs["hosted"])
    if not table:       # a filtered run: nothing both front-ends measured
        print(f"frontends: the two front-ends have no row in common in {results.path} "
              "(filtered?): no frontends.csv")
        results.remove("frontends.csv")
        return
    results.write_table("frontends.csv", table)
    print(f"frontends: headline from the {headline} front-end: {why}")
    interp = sorted((r for r in table if r["mode"] == "interp"
                     and r["embedded_over_hosted"] is not None),
                    key=lambda r: r["embedded_over_hosted"])
    if interp:
        print("frontends: embedded / hosted net ns, interp mode: "
              + ", ".join(f"{r['path']} {r['embedded_over_hosted']:.2f}" for r in interp))
    print(f"frontends: {len(table)} path x mode ratios -> {results.file('frontends.csv')}")
