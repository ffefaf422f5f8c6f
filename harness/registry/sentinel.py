"""The sentinel: the calls whose speed tells a calm CPU from a slowed one.

On these virtual machines a slowed vCPU runs a loop of arithmetic as fast as
a calm one while its calls are up to 1.8x slower, so the sentinel is a loop
of calls: the C library's labs() through ctypes (standard library only: it
needs no build).  The same loop serves twice, so that its figures share one
unit (ns per labs() call):

  - calibrate.py times it in a fresh process before and after each worker
    (is this CPU calm enough to start on, was it calm to the end?);
  - the driver (driver.c, through protocol.sentinel()) times ROUNDS rounds of
    CALLS calls of it after every timed run of every row, inside the worker,
    and reports their median as the run's `sentinel_ns`: a value measured
    during a spell of the machine is known by its sentinel (spells.py).
"""

import ctypes

# Calls per round, and rounds, of the sentinel timed after each run of a row:
# 3 x 500 calls of about 150 ns, about 0.25 ms beside a run of 20 ms.
CALLS = 500
ROUNDS = 3


def labs_loop():
    """loop(n): n calls of labs(-5) through ctypes."""
    labs = ctypes.CDLL(None).labs
    labs.argtypes = (ctypes.c_long,)
    labs.restype = ctypes.c_long

    def loop(n):
        for _ in range(n):
            labs(-5)
    return loop
