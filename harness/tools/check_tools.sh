#!/bin/sh
# Finds the binding tools the project installs itself (build/venv, from
# requirements/bindings.txt; the PyO3 crates through ext/pyo3/Cargo.lock) and
# writes where they are, or why a binding cannot be built, to a make fragment
# read by the Makefile and the registry (harness/registry/call_paths.py).
#
# Usage: check_tools.sh VENV TOOLS_MK
#
# Each tool is tested itself (its headers or sources are there, its compiler
# runs, its crates are fetched), not only that pip says it is installed.
set -u
VENV=$1
TOOLS_MK=$2
VPY=$VENV/bin/python

# The reason build/venv is unusable, if it is (written by the Makefile).
venv_failed=
if [ -f "$VENV.failed" ]; then
    venv_failed="build/venv is not usable: $(cat "$VENV.failed")"
elif [ ! -x "$VPY" ]; then
    venv_failed="build/venv is not installed (make venv)"
fi

# venv_value VAR WHY CODE: VAR := what the venv's python prints for CODE, or
# SKIP_VAR := WHY.
venv_value() {
    var=$1 why=$2 code=$3
    value=
    if [ -z "$venv_failed" ]; then
        value=$("$VPY" -c "$code" 2>/dev/null)
    fi
    if [ -n "$value" ]; then
        echo "HAVE_$var := 1"
        echo "${var}_DIR := $value"
    else
        echo "SKIP_$var := not available: ${venv_failed:-$why}"
    fi
}

# cargo from PATH or from rustup's default place.
CARGO=$(command -v cargo 2>/dev/null || true)
[ -n "$CARGO" ] || { [ -x "$HOME/.cargo/bin/cargo" ] && CARGO=$HOME/.cargo/bin/cargo; }

{
    echo "# written by harness/tools/check_tools.sh; make clean to check again"
    # nanobind: its headers and its library's sources (src/nb_combined.cpp).
    venv_value NANOBIND "nanobind's sources in build/venv (requirements/bindings.txt)" \
        'import nanobind, os; d = os.path.dirname(nanobind.__file__); \
print(d if os.path.isfile(os.path.join(d, "src", "nb_combined.cpp")) else "")'
    # pybind11 3: its headers (Debian's 2.10 are in /usr/include).
    venv_value PYBIND11_V3 "pybind11 3 headers in build/venv (requirements/bindings.txt)" \
        'import pybind11; print(pybind11.get_include())'
    # Cython 3: the compiler, run by the venv's python.
    venv_value CYTHON3 "Cython 3 in build/venv (requirements/bindings.txt)" \
        'import Cython.Compiler.Main, Cython, os; print(os.path.dirname(os.path.dirname(Cython.__file__)))'
    # HPy: its headers and runtime sources (hpy.devel), and hpy.universal, the
    # universal ABI's loader, importable by the venv's python.
    venv_value HPY "HPy with hpy.universal in build/venv (requirements/bindings.txt)" \
        'import hpy.universal, os; d = os.path.dirname(hpy.universal.__file__); \
print(os.path.dirname(d) if os.path.isfile(os.path.join(d, "devel", "include", "hpy.h")) else "")'
    # PyO3: cargo, and the crates of ext/pyo3/Cargo.lock in cargo's cache
    # (fetched once; offline afterwards).
    if [ -z "$CARGO" ]; then
        echo "SKIP_PYO3 := not available: cargo (install Rust with rustup: https://rustup.rs)"
    elif "$CARGO" fetch --locked --offline --manifest-path ext/pyo3/Cargo.toml >/dev/null 2>&1 \
        || "$CARGO" fetch --locked --manifest-path ext/pyo3/Cargo.toml >"$VENV.cargo.log" 2>&1; then
        echo "HAVE_PYO3 := 1"
        echo "CARGO := $CARGO"
    else
        echo "SKIP_PYO3 := not available: the crates of ext/pyo3/Cargo.lock could not be fetched (see $VENV.cargo.log)"
    fi
} > "$TOOLS_MK.part" && mv "$TOOLS_MK.part" "$TOOLS_MK"
grep '^SKIP_' "$TOOLS_MK" | sed 's/^SKIP_\([A-Z0-9_]*\) := /skipping the paths that need \1: /' >&2
exit 0
