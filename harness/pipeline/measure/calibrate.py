"""How calm a CPU is right now, measured: a short workload of calls (not an
empty loop: on these virtual machines a loop runs alike on every vCPU while
calls are up to 1.8x slower and far noisier on one of them, and which one
changes within minutes).

A calibration is a fresh PYTHON process pinned to the CPU, timing ROUNDS
rounds of CALLS calls of the sentinel (harness/registry/sentinel.py: the C
library's labs() through ctypes, which the driver also times inside each
worker).  Its figures: the median ns per call over
the rounds, the rounds' CV, and their spread (the interquartile range over
the median: unlike the CV, one round hit by an interrupt does not move it).
Its score, lower is calmer, is the median times (1 + spread): a CPU that is
slower or noisier scores higher.

  calibrate(cpu)         one calibration of a CPU (None: unpinned)
  choose(pin)            the CPU to run on: PIN=N forces N, PIN=none runs
                         unpinned, otherwise every allowed CPU is calibrated
                         CHOICE_ROUNDS times (interleaved) and the calmest
                         is chosen; then warm_up() on it
  warm_up(cpu)           calibrations until SETTLE_COUNT in a row agree
                         within SETTLE_SHARE (bounded by WARMUP_SECONDS): a
                         machine just started, or just loaded, runs slow
  check(cpu, base)       a calibration, and why it (confirmed by a second
                         one) shows the CPU much worse than the run's base
                         calibration, or ""

Usage: python3 -m harness.pipeline.measure.calibrate [PIN]   (prints the choice)
"""

import os
import statistics
import subprocess
import sys
import time

import harness
from harness.pipeline import config, stage_cli
from harness.pipeline.analyse import spells

ROUNDS = 40
CALLS = 2000
CHOICE_ROUNDS = 3
SETTLE_COUNT = 3
SETTLE_SHARE = 0.03
WARMUP_SECONDS = 15.0
# A calibration this much slower than the run's base (spells.SLOWDOWN, the
# same threshold as a spell's), or this noisy, means the CPU is no longer the
# calm one it was chosen as.
NOISY_SLOWDOWN = spells.SLOWDOWN
NOISY_SPREAD_PCT = 15.0
# How long a run waits, at most, for a CPU within NOISY_SLOWDOWN of its
# calm base before it goes on marked as slowed, and how often it looks.
WAIT_SECONDS = 300.0
WAIT_STEP_SECONDS = 20.0

WORKLOAD = r"""
import os, sys, time
root, cpu, rounds, calls = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if cpu != "none" and hasattr(os, "sched_setaffinity"):   # else run under taskset
    os.sched_setaffinity(0, {int(cpu)})
sys.path.insert(0, root)
from harness.registry.sentinel import labs_loop
loop = labs_loop()
clock = time.perf_counter_ns
def run(count):
    values = []
    for _ in range(count):
        start = clock()
        loop(calls)
        values.append((clock() - start) / calls)
    return values
run(2)
print(*run(rounds))
"""


class CalibrationError(Exception):
    """The calibration process failed; the message says how."""


def calibrate(cpu):
    """{cpu, ns, cv_pct, spread_pct, score, at} of one calibration of cpu
    (None: unpinned): ns is the median ns per labs() call over the rounds."""
    command = [sys.executable, "-I", "-c", WORKLOAD, harness.ROOT,
               "none" if cpu is None else str(cpu), str(ROUNDS), str(CALLS)]
    if not hasattr(os, "sched_setaffinity"):
        command = on_cpu(command, cpu)
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CalibrationError(f"the calibration on CPU {cpu} failed: {last}")
    values = [float(word) for word in done.stdout.split()]
    median = statistics.median(values)
    cv = statistics.stdev(values) / statistics.fmean(values) * 100
    quartiles = statistics.quantiles(values, n=4)
    spread = (quartiles[2] - quartiles[0]) / median * 100
    return {"cpu": "none" if cpu is None else cpu, "ns": round(median, 2),
            "cv_pct": round(cv, 2), "spread_pct": round(spread, 2),
            "score": round(median * (1 + spread / 100), 2), "at": round(time.time(), 1)}


def on_cpu(command, cpu):
    """The command run on that CPU only (None: as it is), by taskset, which
    pins a child of any interpreter (PyPy's os cannot pin)."""
    return command if cpu is None else ["taskset", "-c", str(cpu), *command]


def settled(calibrations):
    """SETTLE_COUNT last calibrations agree within SETTLE_SHARE."""
    last = [c["ns"] for c in calibrations[-SETTLE_COUNT:]]
    return len(last) == SETTLE_COUNT and max(last) <= min(last) * (1 + SETTLE_SHARE)


def warm_up(cpu, seconds=WARMUP_SECONDS):
    """Calibrations of cpu until they settle or seconds pass: (the list,
    settled?).  The last one is the run's base."""
    start, found = time.monotonic(), []
    while True:
        found.append(calibrate(cpu))
        if settled(found) or time.monotonic() - start > seconds:
            return found, settled(found)


def rank(cpus, rounds=CHOICE_ROUNDS):
    """(the calmest cpu, every calibration): each cpu calibrated `rounds`
    times, interleaved so that a slow spell of the machine falls on all;
    a cpu's score is the median of its calibrations' scores."""
    found = [calibrate(cpu) for _ in range(rounds) for cpu in cpus]
    scores = {cpu: statistics.median(c["score"] for c in found if c["cpu"] == cpu)
              for cpu in cpus}
    return min(cpus, key=lambda cpu: scores[cpu]), found


def wait_for_calm(base, seconds, say=print):
    """(the calmest cpu, its calibrations, seconds waited): the CPUs are
    ranked again every WAIT_STEP_SECONDS until the calmest one's best
    calibration is within NOISY_SLOWDOWN of base, or `seconds` pass."""
    start = time.monotonic()
    while True:
        cpu, found = rank(harness.allowed_cpus())
        waited = time.monotonic() - start
        best = min(c["ns"] for c in found if c["cpu"] == cpu)
        if best <= base["ns"] * NOISY_SLOWDOWN or waited >= seconds:
            return cpu, found, waited
        say(f"  every CPU is {best / base['ns']:.1f}x slower than calm "
            f"({base['ns']:.1f} ns per call); waiting, {waited:.0f} s of {seconds:.0f}",
            flush=True)
        time.sleep(min(WAIT_STEP_SECONDS, max(0.0, seconds - waited)))


def choose(pin, warmup_seconds=WARMUP_SECONDS):
    """The run's CPU and the record of how it was chosen: {cpu (an int, or
    None for PIN=none), how, calibrations, warmup, settled, base}.  A PIN
    that cannot work raises config.ConfigError."""
    if pin == "none":
        cpu, how, found = None, "not pinned (PIN=none)", []
    elif pin:
        config.check_pin(pin)
        cpu, how, found = int(pin), f"forced (PIN={pin})", []
    else:
        cpus = harness.allowed_cpus()
        if len(cpus) == 1:
            cpu, how, found = cpus[0], "the only CPU allowed", []
        else:
            cpu, found = rank(cpus)
            how = f"the calmest of CPUs {', '.join(map(str, cpus))} by calibration"
    warmup, calm = warm_up(cpu, warmup_seconds)
    return {"cpu": cpu, "how": how, "calibrations": found, "warmup": warmup,
            "settled": calm, "base": warmup[-1]}


def _worse(calibration, base):
    if calibration["ns"] > base["ns"] * NOISY_SLOWDOWN:
        return (f"calls took {calibration['ns']:.1f} ns against {base['ns']:.1f} ns "
                f"at the start ({calibration['ns'] / base['ns']:.2f}x)")
    if calibration["spread_pct"] > NOISY_SPREAD_PCT:
        return (f"the calls' spread rose to {calibration['spread_pct']:.0f}% (more than "
                f"{NOISY_SPREAD_PCT:.0f}%)")
    return ""


def check(cpu, base):
    """(a calibration of cpu, why it shows the CPU much worse than base or
    ""): a worse one is confirmed by a second, which is then the one
    returned, so that a moment's interruption is neither taken for a noisy
    CPU nor recorded as the CPU's state."""
    first = calibrate(cpu)
    if not _worse(first, base):
        return first, ""
    second = calibrate(cpu)
    why = _worse(second, base)
    return second, (f"{why} (confirmed by a second calibration)" if why else "")


def describe(c):
    return (f"CPU {c['cpu']}: {c['ns']:.1f} ns per call, spread {c['spread_pct']:.1f}%, "
            f"CV {c['cv_pct']:.1f}%")


def main(argv=None):
    parser = stage_cli.command_line(__spec__.name,
                                    "Chooses the run's CPU and prints the choice.")
    parser.add_argument("pin", nargs="?", default="",
                        help="a CPU number, none, or nothing: the calmest CPU (as PIN=)")
    args = parser.parse_args(argv)
    try:
        choice = choose(args.pin)
    except (CalibrationError, config.ConfigError) as exc:
        print(f"calibrate: {exc}", file=sys.stderr)
        return 1
    for c in choice["calibrations"]:
        print(f"  {describe(c)}")
    print(f"chose CPU {choice['cpu']}: {choice['how']}; warm-up: "
          f"{len(choice['warmup'])} calibrations, "
          f"{'settled' if choice['settled'] else 'not settled'}, base "
          f"{describe(choice['base'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def results_cpu(meta):
    """(the CPU a run's rows were measured on, or None; what that means):
    metadata.json's CPU choice (ffb_cpu, where a move during the run left
    it), when there was one and it is allowed to this process.  The stages
    and tools that time calls again after the run (the first calls,
    validate) use it, so as not to meet the slower CPU the run avoided."""
    cpu = (meta.get("ffb_cpu") or {}).get("cpu")
    if cpu is None:
        return None, "not pinned (the results name no CPU)"
    if cpu not in harness.allowed_cpus():
        return None, f"not pinned (the results' CPU {cpu} is not allowed here)"
    return cpu, f"all on CPU {cpu}, the results' CPU"
