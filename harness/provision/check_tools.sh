#!/bin/sh
# Finds the binding tools the project installs itself (build/venv, from
# requirements/bindings.txt; cffi 2 in build/cffi2; the PyO3 crates through
# ext/pyo3/Cargo.lock) and writes where they are, or why a binding cannot be
# built, to a make fragment read by the Makefile and the registry
# (harness/registry/call_paths.py).
#
# Usage: check_tools.sh VENV TOOLS_MK PY_INCLUDE   (CXX from the environment)
#
# Each tool is tested itself (its headers or sources are there, its compiler
# runs, its crates are fetched; a header library's main header compiles against
# the interpreter's headers: pybind11 3 does not on PyPy 3.9's), not only that
# pip says it is installed.
set -u
VENV=$1
TOOLS_MK=$2
PY_INCLUDE=${3:-}
CXX=${CXX:-c++}
VPY=$VENV/bin/python

# The reason build/venv is unusable, if it is (written by the Makefile).
venv_failed=
if [ -f "$VENV.failed" ]; then
    venv_failed="build/venv is not usable: $(cat "$VENV.failed")"
elif [ ! -x "$VPY" ]; then
    venv_failed="build/venv is not installed (make venv)"
fi

# venv_value VAR WHY CODE [REQUIREMENTS]: VAR := what the venv's python
# prints for CODE, or SKIP_VAR := WHY, with pip's reason when one of
# REQUIREMENTS (a grep -E pattern of requirement names; the tool's name by
# default) did not install.
venv_value() {
    var=$1 why=$2 code=$3
    requirements=${4:-$(echo "$var" | tr 'A-Z' 'a-z' | sed 's/_v3$//; s/3$//')}
    value=
    if [ -z "$venv_failed" ]; then
        value=$("$VPY" -c "$code" 2>/dev/null)
    fi
    if [ -n "$value" ]; then
        echo "HAVE_$var := 1"
        echo "${var}_DIR := $value"
        HEADERS=$value
    else
        # pip's reason, when the tool's requirement did not install (make_venv.sh)
        missing=$(grep -i -m1 -E "^($requirements)==" "$VENV.missing" 2>/dev/null)
        echo "SKIP_$var := not available: ${venv_failed:-$why${missing:+: $missing}}"
    fi
}

# header_compiles VAR HEADER -I...: after venv_value found VAR, its HEADER
# must compile for this interpreter; if not, VAR is skipped with the first
# error (the lines written last win in make).
header_compiles() {
    var=$1 header=$2
    shift 2
    [ -n "$PY_INCLUDE" ] && grep -q "^HAVE_$var := 1" "$TOOLS_MK.part" || return 0
    error=$(echo "#include <$header>" | $CXX -std=c++17 -fsyntax-only -x c++ -I"$PY_INCLUDE" "$@" - 2>&1 \
        | grep -m1 'error' | sed 's/^.*error: //' | cut -c1-160)
    if [ -n "$error" ]; then
        echo "HAVE_$var :="
        echo "SKIP_$var := not available: <$header> does not compile for this interpreter: $error"
    fi
}

# cargo from PATH or from rustup's default place.
CARGO=$(command -v cargo 2>/dev/null || true)
[ -n "$CARGO" ] || { [ -x "$HOME/.cargo/bin/cargo" ] && CARGO=$HOME/.cargo/bin/cargo; }

{
    echo "# written by harness/provision/check_tools.sh; make clean to check again"
    # nanobind: its headers and its library's sources (src/nb_combined.cpp).
    HEADERS=
    venv_value NANOBIND "nanobind's sources in build/venv (requirements/bindings.txt)" \
        'import nanobind, os; d = os.path.dirname(nanobind.__file__); \
print(d if os.path.isfile(os.path.join(d, "src", "nb_combined.cpp")) else "")'
    header_compiles NANOBIND nanobind/nanobind.h -I"$HEADERS/include"
    # pybind11 3: its headers (Debian's 2.10 are in /usr/include).
    venv_value PYBIND11_V3 "pybind11 3 headers in build/venv (requirements/bindings.txt)" \
        'import pybind11; print(pybind11.get_include())'
    header_compiles PYBIND11_V3 pybind11/pybind11.h -I"$HEADERS"
    # Cython 3: the compiler, run by the venv's python.
    venv_value CYTHON3 "Cython 3 in build/venv (requirements/bindings.txt)" \
        'import Cython.Compiler.Main, Cython, os; print(os.path.dirname(os.path.dirname(Cython.__file__)))'
    # HPy: its headers and runtime sources (hpy.devel), and hpy.universal, the
    # universal ABI's loader, importable by the venv's python.
    # Not on a free-threaded build: HPy 0.9's modules would turn its GIL back on.
    if [ -n "$("$VPY" -c 'import sysconfig; print(sysconfig.get_config_var("Py_GIL_DISABLED") or "")' 2>/dev/null)" ]; then
        echo "SKIP_HPY := not available: HPy 0.9 has no free-threaded support (its modules would turn the GIL back on)"
    elif [ "$("$VPY" -c 'import sys; print(sys.implementation.name)' 2>/dev/null)" = pypy ]; then
        # hpy 0.9's setup refuses PyPy, which has an HPy built in, of another version.
        own=$("$VPY" -c 'import importlib.metadata as m; print(m.version("hpy"))' 2>/dev/null)
        echo "SKIP_HPY := not available: PyPy has an HPy of its own (${own:-built in}), which" \
            "hpy 0.9 (requirements/bindings.txt) does not install over"
    else
    # The pinned HPy (PyPy has an HPy of its own, of another version).
    venv_value HPY "HPy 0.9 with hpy.universal in build/venv (requirements/bindings.txt)" \
        'import hpy.universal, os, importlib.metadata as m; \
d = os.path.dirname(hpy.universal.__file__); \
print(os.path.dirname(d) if os.path.isfile(os.path.join(d, "devel", "include", "hpy.h")) \
and m.version("hpy").startswith("0.9.") else "")'
    fi
    # SWIG 4.5 (PyPI's swig): the folder of its command, the wheel's entry
    # point (which gives the swig binary its library), that runs.
    venv_value SWIG_V4_5 "SWIG 4.5 in build/venv (requirements/bindings.txt)" \
        'import os, subprocess, sys; d = os.path.dirname(sys.executable); \
out = subprocess.run([os.path.join(d, "swig"), "-version"], capture_output=True, text=True).stdout; \
print(d if "SWIG Version 4.5." in out else "")' swig
    # cppyy: importable by the venv's python (its import loads Cling and
    # reads the precompiled headers its install made).
    venv_value CPPYY "cppyy in build/venv (requirements/bindings.txt)" \
        'import os, cppyy; print(os.path.dirname(cppyy.__file__))' \
        'cppyy-cling|cppyy-backend|CPyCppyy|cppyy'
    # Why, in words a user can act on, where it is known: cppyy's packages
    # are sources built for the interpreter, and two interpreters' builds fail.
    if grep -q -E '^(cppyy-backend|CPyCppyy)==' "$VENV.missing" 2>/dev/null; then
        case $("$VPY" -c 'import sys, sysconfig; print(sys.implementation.name,
bool(sysconfig.get_config_var("Py_GIL_DISABLED")), sysconfig.get_config_var("LDCXXSHARED") is None)' \
            2>/dev/null) in
        "pypy False True") echo "SKIP_CPPYY := not available: cppyy's packages do not install for PyPy:" \
            "$(grep -m1 -o '^cppyy-backend==[^:]*' "$VENV.missing") has no wheel, and its build" \
            "fails on PyPy (PyPy's sysconfig has no LDCXXSHARED, the C++ linker setuptools" \
            "needs; see $VENV.log)" ;;
        *" True "*) echo "SKIP_CPPYY := not available: cppyy does not support free-threaded" \
            "CPython: $(grep -m1 '^CPyCppyy==' "$VENV.missing" | sed 's/: it did not/ did not/')" ;;
        esac
    fi
    # cffi 2 (build/cffi2, pip --target from requirements/cffi2.txt): the
    # package and its own compiled backend import from there; not where the
    # interpreter's own cffi is a 2 already (cffi.abi and cffi.api time that).
    CFFI2=$(dirname "$VENV")/cffi2
    own=$("$VPY" -c 'import cffi; print(cffi.__version__)' 2>/dev/null)
    case $own in
    2.*) echo "SKIP_CFFI2 := not available: this interpreter's own cffi is $own already" \
        "(requirements/interpreter.txt): cffi.abi and cffi.api time it" ;;
    *)  found=$(PYTHONPATH=$CFFI2 "$VPY" -c 'import os, sys, cffi, _cffi_backend as b
sys.exit("not from build/cffi2" if os.path.dirname(b.__file__) != os.path.realpath(sys.argv[1])
         or not cffi.__version__.startswith("2.") else 0)' "$CFFI2" 2>&1 | tail -n 1 | cut -c1-200)
        if [ -z "$venv_failed" ] && [ -z "$found" ]; then
            echo "HAVE_CFFI2 := 1"
            echo "CFFI2_DIR := $CFFI2"
        else
            spec=$(grep -m1 '^cffi==' requirements/cffi2.txt | cut -d' ' -f1)
            missing=$(grep -m1 "^$spec:" "$VENV.missing" 2>/dev/null)
            case $missing in
            *"Could not find a version"*)
                missing="PyPI has no $spec wheel for this interpreter (requirements/cffi2.txt"
                missing="$missing installs its wheels only: CPython 3.11 to 3.14 and 3.14t)" ;;
            esac
            why="cffi 2 in build/cffi2 (requirements/cffi2.txt): $found"
            echo "SKIP_CFFI2 := not available: ${venv_failed:-${missing:-$why}}"
        fi ;;
    esac
    # PyO3: cargo, and the crates of ext/pyo3/Cargo.lock in cargo's cache
    # (fetched once; offline afterwards).
    # PyO3 0.30's build script refuses an interpreter older than Python 3.11,
    # and a free-threaded one older than 3.14.
    "$VPY" -c 'import sys, sysconfig; sys.exit(3 if sys.version_info < (3, 11) else
4 if sysconfig.get_config_var("Py_GIL_DISABLED") and sys.version_info < (3, 14) else 0)' 2>/dev/null
    too_old=$?
    if [ $too_old = 4 ]; then
        echo "SKIP_PYO3 := not available: PyO3 $(sed -n '/^name = "pyo3"$/{n;s/version = "\(.*\)"/\1/p}' \
            ext/pyo3/Cargo.lock) supports free-threaded builds from CPython 3.14 on"
    elif [ $too_old = 3 ]; then
        echo "SKIP_PYO3 := not available: PyO3 $(sed -n '/^name = "pyo3"$/{n;s/version = "\(.*\)"/\1/p}' \
            ext/pyo3/Cargo.lock) supports Python 3.11 and newer; this interpreter is $("$VPY" -c \
            'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)"
    elif [ -z "$CARGO" ]; then
        echo "SKIP_PYO3 := not available: cargo (install Rust with rustup: https://rustup.rs)"
    elif "$CARGO" fetch --locked --offline --manifest-path ext/pyo3/Cargo.toml >/dev/null 2>&1 \
        || "$CARGO" fetch --locked --manifest-path ext/pyo3/Cargo.toml >"$VENV.cargo.log" 2>&1; then
        echo "HAVE_PYO3 := 1"
        echo "CARGO := $CARGO"
    else
        echo "SKIP_PYO3 := not available: the crates of ext/pyo3/Cargo.lock could not be fetched (see $VENV.cargo.log)"
    fi
} > "$TOOLS_MK.part" && mv "$TOOLS_MK.part" "$TOOLS_MK"
# each tool's reason once: the last written, the one make reads
grep '^SKIP_' "$TOOLS_MK" | awk -F' := ' '{ if (!($1 in why)) order[n++] = $1; why[$1] = $0 }
    END { for (i = 0; i < n; i++) print why[order[i]] }' \
    | sed 's/^SKIP_\([A-Z0-9_]*\) := /skipping the paths that need \1: /' >&2
exit 0
