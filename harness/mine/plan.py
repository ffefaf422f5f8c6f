"""What one `make mine` was asked to do, checked once (its knobs are in
harness/pipeline/config.py's one table), and what it built: the typed
configuration every step of harness/mine/ takes.  Written to
build/mine/plan.json, which the check's processes and the driver's
protocol (harness/mine/protocol.py) read back.
"""

import dataclasses
import json
import os
import shlex
from typing import Optional

from harness.mine import header as headers
from harness.pipeline import config

DEFAULT_RESULTS = "results/mine"
DEFAULT_SIZES = (1, 100, 10_000)
STRINGS = ("str", "bytes")


class PlanError(Exception):
    """A knob of make mine that cannot work; the message names the fix."""


@dataclasses.dataclass(frozen=True)
class Plan:
    header: str
    sources: tuple = ()             # SOURCES=, compiled into one object
    library: str = ""               # LIB=, a prebuilt library instead
    funcs: tuple = ()               # FUNCS=, the functions kept (empty: all)
    includes: tuple = ()            # INCLUDES=, more -I folders for the header
    strings: str = "str"            # STRINGS=, what Python passes for const char *
    args: str = ""                  # ARGS=, a JSON file of argument sets
    sizes: tuple = DEFAULT_SIZES    # SIZES=, the buffer lengths timed
    results: str = DEFAULT_RESULTS
    quick: bool = False
    check: bool = True              # CHECK=0: no equality check (side effects)
    verbose: bool = False
    # filled by the build: path -> the functions its module has, its module
    built: dict = dataclasses.field(default_factory=dict)
    modules: dict = dataclasses.field(default_factory=dict)

    def parsed(self):
        return headers.functions(self.header, self.includes, self.funcs or None)

    def save(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".part", "w") as f:
            json.dump(dataclasses.asdict(self), f, indent=1)
        os.replace(path + ".part", path)


def load(path):
    with open(path) as f:
        data = json.load(f)
    for name in ("sources", "funcs", "includes", "sizes"):
        data[name] = tuple(data[name])
    return Plan(**data)


def _words(text):
    return tuple(shlex.split(text or ""))


def from_knobs(knobs):
    """The Plan of make's variables ({name: text}; absent or empty: not given)."""
    def get(name, default=""):
        return knobs.get(name) or default
    header = get("HEADER")
    if not header:
        raise PlanError("make mine needs HEADER=path/to/lib.h and SOURCES=\"a.c b.c\" (or "
                        "LIB=path/to/libfoo.so); make mine-example runs it on examples/")
    if not os.path.isfile(header):
        raise PlanError(f"HEADER={header}: no such file")
    sources, library = _words(get("SOURCES")), get("LIB")
    if bool(sources) == bool(library):
        raise PlanError("make mine needs either SOURCES=\"a.c b.c\" (compiled here) or "
                        "LIB=path/to/libfoo.so (prebuilt), not both, not neither")
    for source in sources:
        if not os.path.isfile(source):
            raise PlanError(f"SOURCES: {source}: no such file")
    if library and not os.path.isfile(library):
        raise PlanError(f"LIB={library}: no such file")
    strings = get("STRINGS", "str")
    if strings not in STRINGS:
        raise PlanError(f"STRINGS={strings}: use str (Python str, UTF-8) or bytes")
    sizes = DEFAULT_SIZES
    if get("SIZES"):
        try:
            sizes = tuple(int(word) for word in _words(get("SIZES")))
        except ValueError:
            sizes = ()
        if not sizes or min(sizes) < 1:
            raise PlanError(f"SIZES={get('SIZES')}: give buffer lengths, 1 or more, e.g. "
                            "SIZES=\"1 100 10000\"")
    if get("ARGS") and not os.path.isfile(get("ARGS")):
        raise PlanError(f"ARGS={get('ARGS')}: no such file (a JSON file: "
                        "{\"function\": [[arg, ...], ...]})")
    absolute = os.path.abspath
    return Plan(header=absolute(header), sources=tuple(map(absolute, sources)),
                library=absolute(library) if library else "",
                funcs=_words(get("FUNCS")), includes=tuple(map(absolute, _words(get("INCLUDES")))),
                strings=strings, args=absolute(get("ARGS")) if get("ARGS") else "",
                sizes=sizes, results=get("RESULTS", DEFAULT_RESULTS).rstrip("/") or ".",
                quick=get("QUICK") == "1", check=get("CHECK", "1") != "0",
                verbose=get("V") == "1")


# make mine's knobs: config.KNOBS, the one table of every knob
KNOBS = tuple(k.name for k in config.KNOBS if "mine" in k.targets.split()) + ("V",)


def from_environ():
    return from_knobs({name: os.environ.get(name, "") for name in KNOBS})


def timed_sizes(plan) -> Optional[tuple]:
    """The buffer lengths timed: QUICK keeps the smallest and the largest."""
    if plan.quick and len(plan.sizes) > 2:
        return (min(plan.sizes), max(plan.sizes))
    return plan.sizes
