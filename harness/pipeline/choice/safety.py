"""The safety matrix: for every path, every bad call of every kernel it has
(harness/registry/workloads.py, bad_calls), and untyped ctypes given what the
kernels take (call_paths.UNTYPED_CALLS), what actually happens: the exception
raised, or a value returned in silence (and which), or a crash (and its
signal).

Each path's calls run one after the other in a worker process of their own
(the paths side by side, one per CPU: nothing here is timed);
the worker writes a line before each call and one with its outcome after, so
that when a call takes the process down, the parent records that call as
crashed (with the signal) and starts a new worker from the next call: a crash
is a result, not the end of the run.  A worker silent for TIMEOUT_S is
killed and its call recorded as hung.

  python3 -m harness.pipeline.choice.safety RESULTS [--quick]
      -> RESULTS/safety.csv (QUICK changes nothing: every call is made, in
         about a second)
  python3 -m harness.pipeline.choice.safety worker PATH START OUT   (run by the former)

Outcomes: `raised` (detail: the exception's type), `silent` (a bad call that
returned a value: detail its repr), `correct` (an untyped call that returned
what a correct binding returns), `crashed` (detail: the signal), `hung`.
`registry` is what the registry says the path does (the exception it expects,
or the quirk it records), `agrees` whether that is what happened (the tests
hold every path to it; here it is reported, not enforced).  For the bad calls
whose callback raises, `traceback` says whether the exception came back
through C with the callback's frame in its traceback.
"""

import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import time

import harness
from harness import registry
from harness.pipeline import stage_cli

# A worker making no progress for this long is stopped (its call: hung).
TIMEOUT_S = 60
# How much of a returned value or an exception's message is kept.
SHOWN_CHARS = 60


def _short(text):
    text = " ".join(str(text).split())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 3] + "..."


def _same(got, want):
    """A quirk's value as its reference's: arrays bit for bit (== of two
    arrays is an array), the rest by == (a path's instance equals the
    reference's point by its coordinates)."""
    return registry.same_value(got, want) if registry.is_ndarray(want) else got == want


def _exception_name(exc_type):
    if isinstance(exc_type, tuple):     # the registry's "one of these"
        return " or ".join(_exception_name(t) for t in exc_type)
    module = exc_type.__module__
    return exc_type.__name__ if module == "builtins" else f"{module}.{exc_type.__name__}"


def cases(path, functions):
    """[(kernel, kind, args, keywords, what the registry says, intended,
    positional)] of a
    loaded path: its bad calls (intended: None), and for untyped ctypes the
    untyped calls (intended: the ("ok", value) or ("raises", type) of a
    correct binding)."""
    found = []
    for kernel in registry.KERNELS.values():
        if kernel.name not in functions:
            continue
        for bad in registry.bad_calls(kernel):
            quirk = path.quirk(bad.kind, kernel)
            said = (f"quirk: {quirk}" if quirk
                    else _exception_name(path.expected_error(bad.kind, kernel)))
            found.append((kernel.name, bad.kind, bad.args, bad.keywords, said, None,
                          bad.positional))
    if path.name == registry.UNTYPED_PATH:
        for call in registry.UNTYPED_CALLS:
            kernel = registry.KERNELS[call.kernel]
            found.append((call.kernel, call.kind, call.c_args, (), "not recorded (untyped)",
                          _outcome(kernel.reference, call.python_args), False))
    return found


def _outcome(function, args):
    try:
        return ("ok", function(*args))
    except Exception as exc:    # what a call does is the result
        return ("raises", type(exc))


def _traceback_kept(exc):
    """Whether the callback's own frame is in the exception's traceback."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "_raises_key_error":
            return "kept"
        tb = tb.tb_next
    return "lost"


def worker(path_name, start, out):
    """Runs the path's calls from `start`, a line before and after each."""
    path = registry.CALL_PATHS[path_name]
    functions, reason = registry.load_path(path)
    if path_name == registry.UNTYPED_PATH and not reason:
        untyped = registry.untyped_functions()
    with open(out, "a") as f:
        def say(record):
            f.write(json.dumps(record) + "\n")
            f.flush()
        if reason:
            say({"skipped": reason})
            return 0
        todo = cases(path, functions)
        say({"count": len(todo)})
        for i, (kernel_name, kind, args, keywords, said, intended, positional) in \
                enumerate(todo):
            if i < start:
                continue
            kernel = registry.KERNELS[kernel_name]
            say({"begin": i})
            traceback = ""
            try:
                if intended is None:
                    value = registry.call(path, kernel, functions, args, keywords, positional)
                else:
                    value = untyped[kernel_name](*args)
            except Exception as exc:     # the outcome recorded
                outcome, detail = "raised", _exception_name(type(exc))
                if kind == "callback_raises":
                    traceback = _traceback_kept(exc)
                got = ("raises", type(exc))
            else:
                got = ("ok", value)
                outcome, detail = "silent", _short(repr(value))
                if intended is not None and intended[0] == "ok" and intended[1] == value \
                        and type(intended[1]) is type(value):
                    outcome = "correct"
            if intended is not None:
                agrees = ""
            elif said.startswith("quirk:"):
                want = _outcome(registry.quirk_result(kind, kernel), (kernel, args))
                agrees = "yes" if got[0] == want[0] and (
                    _same(got[1], want[1]) if got[0] == "ok"
                    else issubclass(got[1], want[1])) else "no"
            else:
                agrees = "yes" if got[0] == "raises" and \
                    issubclass(got[1], path.expected_error(kind, kernel)) else "no"
            say({"i": i, "outcome": outcome, "detail": detail, "traceback": traceback,
                 "agrees": agrees})
    return 0


def _describe(case):
    kernel, kind, args, keywords, said, _, _ = case
    shown = ", ".join([*(repr(a) for a in args), *(f"{k}={w!r}" for k, w in keywords)])
    return {"kernel": kernel, "kind": kind, "call": _short(f"{kernel}({shown})"),
            "registry": said}


def _crash(code, stderr_file):
    """How a worker died: its signal, or (a sanitizer build reports a crash
    and exits) its exit status and the sanitizer's own line."""
    if code < 0:
        return signal.Signals(-code).name
    with open(stderr_file, errors="replace") as f:
        said = next((line.strip() for line in f
                     if "ERROR: " in line and "Sanitizer: " in line), "")
    said = said.split("==", 2)[-1].strip() if said.startswith("==") else said
    return f"exit status {code}" + (f" ({_short(said)})" if said else "")


def run_path(path, out_dir):
    """Every call of one path, through as many workers as crashes need;
    -> [row] of SAFETY_COLUMNS, or (None, reason) if the path is skipped."""
    functions, reason = registry.load_path(path)
    if reason:
        return None, reason
    todo = cases(path, functions)
    log = os.path.join(out_dir, path.name + ".jsonl")
    stderr_file = os.path.join(out_dir, path.name + ".stderr")
    done, start = {}, 0
    while start < len(todo):
        open(log, "w").close()
        with open(stderr_file, "w") as stderr:
            proc = subprocess.Popen([sys.executable, "-m", "harness.pipeline.choice.safety", "worker",
                                     path.name, str(start), log],
                                    stdout=subprocess.DEVNULL, stderr=stderr, cwd=harness.ROOT)
        try:
            code = proc.wait(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = None
        begun = None
        with open(log) as f:
            for line in f:
                record = json.loads(line)
                if "begin" in record:
                    begun = record["begin"]
                elif "i" in record:
                    done[record["i"]] = record
                    begun = None
        if begun is None:
            if len(done) < len(todo) and code != 0:
                raise RuntimeError(f"the safety worker of {path.name} exited with {code} "
                                   "before its first call")
            break
        if code is None:
            done[begun] = {"outcome": "hung", "detail": f"no outcome in {TIMEOUT_S} s"}
        else:
            said, intended = todo[begun][4], todo[begun][5]
            agrees = "yes" if said.startswith(f"quirk: {registry.CRASHES}") else "no"
            done[begun] = {"outcome": "crashed", "detail": _crash(code, stderr_file),
                           "agrees": "" if intended is not None else agrees}
        start = begun + 1
    rows = []
    for i, case in enumerate(todo):
        record = done.get(i, {"outcome": "not run", "detail": ""})
        rows.append({"path": path.name, **_describe(case), "outcome": record["outcome"],
                     "detail": record["detail"], "traceback": record.get("traceback", ""),
                     "agrees": record.get("agrees", "")})
    return rows, ""


def matrix(results, _settings=None):
    """Every bad call of every path (the paths' workers run side by side,
    one per CPU: nothing here is timed) -> [row] of SAFETY_COLUMNS."""
    scratch = results.file("safety.part")
    os.makedirs(scratch, exist_ok=True)
    rows, started = [], time.monotonic()
    paths = [p for p in registry.CALL_PATHS.values() if not p.floor]
    with concurrent.futures.ThreadPoolExecutor(len(harness.allowed_cpus())) as pool:
        outcomes = list(pool.map(lambda path: run_path(path, scratch), paths))
    for number, (path, (found, reason)) in enumerate(zip(paths, outcomes), start=1):
        if found is None:
            print(f"  safety: {path.name} skipped: {reason}")
            continue
        rows += found
        for r in found:
            if r["outcome"] in ("crashed", "hung"):
                print(f"  safety: [{number}/{len(paths)}] {path.name}: {r['call']} "
                      f"{r['outcome']} ({r['detail']}); recorded, the next call goes on "
                      "in a new process", flush=True)
    for name in os.listdir(scratch):
        os.remove(os.path.join(scratch, name))
    os.rmdir(scratch)
    counts = {o: sum(r["outcome"] == o for r in rows) for o in
              dict.fromkeys(r["outcome"] for r in rows)}
    print(f"  safety: {len(rows)} bad calls on {len({r['path'] for r in rows})} paths in "
          f"{time.monotonic() - started:.0f} s ("
          + ", ".join(f"{n} {o}" for o, n in counts.items()) + ")")
    return rows


STAGE = stage_cli.Stage("safety", __spec__.name, "safety.csv", matrix)


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:     # one path's calls, started by run_path()
        sys.exit(worker(sys.argv[2], int(sys.argv[3]), sys.argv[4]))
    sys.exit(STAGE.command())
