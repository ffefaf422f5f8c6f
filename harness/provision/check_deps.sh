#!/bin/sh
# Checks that what ffi-bench builds and runs with is here, installs the missing
# Debian packages when run as root (after apt-get update), and writes which
# optional bindings can be built to a make fragment.
#
# Usage: check_deps.sh PYTHON PY_INCLUDE CONFIG_MK [RUN_PYTHON]   (CC, CXX
# from the environment).  RUN_PYTHON is what runs the scripts and the tests:
# PYTHON, or for an interpreter other than Debian's its venv (build/<label>/
# venv, made first), where pytest and cffi are looked for.
#
# Required (missing and not installable: print the apt-get line, fail):
#   compilers, binutils, gnuplot and rsvg-convert (the charts: SVG, and the PNG
#   drawn from it), Google Benchmark, Python.h.
# Optional: cffi, Cython 0.29, pybind11 2, SWIG 4.1, Boost.Python (missing: the binding's paths are skipped
#   with the reason), pytest (missing: `make test` stops with the reason),
#   valgrind (missing: `make bench-instr` stops with the reason), a browser
#   (chromium, chromedriver, selenium: missing, the results page's test is
#   skipped with the reason), hyperfine
#   (missing: `make bench` skips its whole-process stage, with the reason) and
#   venv (missing: no build/venv, and the tests of pyperf's view are skipped).
# Each check tests the thing itself (a header compiles, a module imports), not
# only that a package is registered, so that it also holds for a PYTHON other
# than Debian's.
set -u
PYTHON=$1
PY_INCLUDE=$2
CONFIG_MK=$3
RUN_PYTHON=${4:-$PYTHON}
CC=${CC:-cc}
CXX=${CXX:-c++}

# Debian's packages of Python modules and headers serve Debian's own
# interpreters (/usr/bin/python3*); for another one (pyenv, a source build)
# apt cannot help: the module is named with how to install it for PYTHON.
case "$(readlink -f "$(command -v "$PYTHON" 2>/dev/null || echo "$PYTHON")")" in
    /usr/bin/python3*) DEBIAN_PYTHON=1 ;;
    *) DEBIAN_PYTHON= ;;
esac

# check VAR PACKAGE WHAT COMMAND...: runs COMMAND; records the outcome.
check() {
    var=$1 package=$2 what=$3
    shift 3
    if "$@" >/dev/null 2>&1; then
        eval "ok_$var=1"
    else
        eval "ok_$var="
        eval "why_$var=\"\$what (Debian package \$package)\""
        eval "pkg_$var=\$package"
    fi
}

# check_for_python VAR PACKAGE PIP_NAME WHAT COMMAND...: check, for what
# belongs to the interpreter; outside Debian's, no apt package is proposed.
check_for_python() {
    var=$1 package=$2 pip_name=$3 what=$4
    shift 4
    check "$var" "$package" "$what" "$@"
    if [ -z "$DEBIAN_PYTHON" ] && eval "[ -z \"\$ok_$var\" ]"; then
        eval "pkg_$var="
        if [ -n "$pip_name" ]; then
            eval "why_$var=\"\$what: install it for that interpreter: \$PYTHON -m pip install \$pip_name\""
        else
            eval "why_$var=\"\$what: that interpreter's own build must provide it\""
        fi
    fi
}

REQUIRED="CC CXX BINUTILS GNUPLOT RSVG BENCHMARK PYTHON_H"
OPTIONAL="PYTEST VALGRIND HYPERFINE VENV BROWSER CFFI CYTHON PYBIND11 SWIG BOOST_PYTHON ABI3 PYDLL"

check_all() {
    check CC gcc "a C compiler ($CC)" command -v "$CC"
    check CXX g++ "a C++ compiler ($CXX)" command -v "$CXX"
    check BINUTILS binutils "objdump and nm" command -v objdump
    check GNUPLOT gnuplot-nox "gnuplot" command -v gnuplot
    check RSVG librsvg2-bin "rsvg-convert (the charts' PNG, from their SVG)" \
        command -v rsvg-convert
    check BENCHMARK libbenchmark-dev "Google Benchmark headers" sh -c \
        "echo '#include <benchmark/benchmark.h>' | $CXX -fsyntax-only -x c++ -"
    check_for_python PYTHON_H python3-dev "" "Python.h for $PYTHON in $PY_INCLUDE" \
        test -f "$PY_INCLUDE/Python.h"
    check_for_python PYTEST python3-pytest pytest "pytest importable by $RUN_PYTHON" \
        "$RUN_PYTHON" -c 'import pytest'
    check VALGRIND valgrind "valgrind" command -v valgrind
    check HYPERFINE hyperfine "hyperfine" command -v hyperfine
    # the results page's test (tests/built/test_page.py): a real browser
    check_for_python BROWSER "chromium chromium-driver python3-selenium" "" \
        "headless Chromium, chromedriver and selenium for $RUN_PYTHON (the results page's test)" \
        sh -c "command -v chromium && command -v chromedriver && '$RUN_PYTHON' -c 'import selenium'"
    check_for_python VENV python3-venv "" "venv and ensurepip for $PYTHON (the project's tools in build/venv)" \
        "$PYTHON" -c 'import venv; '"$([ "$RUN_PYTHON" = "$PYTHON" ] && echo 'import ensurepip')"
    check_for_python CFFI python3-cffi cffi "cffi importable by $RUN_PYTHON" \
        "$RUN_PYTHON" -c 'import cffi'
    # pip's reason, when the project's venv could not install it (make_venv.sh)
    missing=$(grep -m1 '^cffi==' "$(dirname "$(dirname "$RUN_PYTHON")").missing" 2>/dev/null)
    [ -z "$ok_CFFI" ] && [ -n "$missing" ] && why_CFFI="cffi for this interpreter: $missing"
    # Debian's versions, those the paths cython.v0_29, pybind11.v2 and
    # swig.v4_1 are named after (Cython 3, pybind11 3 and SWIG 4.5 come from
    # build/venv).
    check CYTHON cython3 "the cython3 compiler, version 0.29" sh -c \
        "cython3 --version 2>&1 | grep -q 'version 0\.29'"
    check PYBIND11 pybind11-dev "pybind11 2 headers" sh -c \
        "printf '#include <pybind11/pybind11.h>\n#if PYBIND11_VERSION_MAJOR != 2\n#error\n#endif\n' \
         | $CXX -fsyntax-only -x c++ -I'$PY_INCLUDE' -"
    check SWIG swig "SWIG 4.1 (swig)" sh -c "swig -version | grep -q 'Version 4\.1\.'"
    # Boost.Python: its headers, and its library for this interpreter's
    # version, which a tiny module must link with.
    check BOOST_PYTHON libboost-python-dev "Boost.Python (libboost_python$BOOST_PYTHON_VERSION)" sh -c \
        "printf '#include <boost/python.hpp>\nBOOST_PYTHON_MODULE(tiny) {}\n' \
         | $CXX -shared -fPIC -x c++ -I'$PY_INCLUDE' -DBOOST_BIND_GLOBAL_PLACEHOLDERS - \
           -o /dev/null -lboost_python$BOOST_PYTHON_VERSION"
    interpreter_limits
}

# What the interpreter itself rules out (no Debian package changes it):
# ctypes.PyDLL on PyPy (whose ctypes has none); the
# Limited API module on PyPy (no stable ABI) and on a free-threaded build
# (Python.h refuses Py_LIMITED_API with Py_GIL_DISABLED in 3.13 and 3.14);
# on a free-threaded build, the bindings that cannot declare a module free of
# the GIL (Cython 0.29, pybind11 2, SWIG 4.1): importing one would turn the GIL back on
# for the whole process, and every path would be timed with it.  Debian's
# Cython 0.29 is also tried on the interpreter's headers: its C must compile.
IMPLEMENTATION=$("$PYTHON" -c 'import sys; print(sys.implementation.name)' 2>/dev/null)
# libboost_python<major><minor> (the Makefile's BOOST_PYTHON_VERSION)
BOOST_PYTHON_VERSION=$("$PYTHON" -c 'import sysconfig; print((sysconfig.get_config_var("LDVERSION") or "").replace(".", ""))' 2>/dev/null)
FREE_THREADED=$("$PYTHON" -c 'import sysconfig; print("1" if sysconfig.get_config_var("Py_GIL_DISABLED") else "")' 2>/dev/null)
interpreter_limits() {
    ok_ABI3=1 pkg_ABI3= ok_PYDLL=1 pkg_PYDLL=
    if ! "$PYTHON" -c 'import ctypes; ctypes.PyDLL' > /dev/null 2>&1; then
        ok_PYDLL= why_PYDLL="ctypes.PyDLL: $IMPLEMENTATION's ctypes has none"
    fi
    if [ "$IMPLEMENTATION" != cpython ]; then
        ok_ABI3= why_ABI3="the Limited API (abi3): $IMPLEMENTATION has no stable ABI"
    elif [ -n "$FREE_THREADED" ]; then
        ok_ABI3= why_ABI3="the Limited API (abi3): a free-threaded build refuses Py_LIMITED_API"
    fi
    if [ -n "$ok_CYTHON" ]; then
        tiny=$(mktemp -d)
        printf 'def f(long a):\n    return a + 1\n' > "$tiny/tiny.pyx"
        if ! { cython3 -3 -o "$tiny/tiny.c" "$tiny/tiny.pyx" \
               && $CC -fsyntax-only -I"$PY_INCLUDE" "$tiny/tiny.c"; } > "$tiny/log" 2>&1; then
            ok_CYTHON= pkg_CYTHON=
            why_CYTHON="Cython 0.29 (Debian's cython3): its C does not compile against $PYTHON's headers ($(grep -m1 'error' "$tiny/log" | sed 's/^.*error: //' | cut -c1-160))"
        fi
        rm -rf "$tiny"
    fi
    # Found by tests/built/test_paths.py on PyPy 7.3.11: pybind11 2.10's module
    # passed a built-in function (abs) as the callback kills the process
    # (SIGSEGV); a path that crashes the run is not timed.
    if [ "$IMPLEMENTATION" = pypy ] && [ -n "$ok_PYBIND11" ]; then
        ok_PYBIND11= pkg_PYBIND11=
        why_PYBIND11="pybind11 2 on PyPy: a built-in function as the callback kills the process (SIGSEGV)"
    fi
    # Debian builds Boost.Python for its own Python 3 only.
    if [ -z "$ok_BOOST_PYTHON" ] && [ -f /usr/include/boost/python.hpp ]; then
        pkg_BOOST_PYTHON=
        why_BOOST_PYTHON="Boost.Python: Debian's libboost-python builds libboost_python for its own Python 3 only ($(ls /usr/lib/*/libboost_python3*.so 2>/dev/null | sed 's/.*libboost_python//; s/\.so$//' | paste -sd ' ')), not for $BOOST_PYTHON_VERSION"
    fi
    if [ -n "$FREE_THREADED" ]; then
        for var in CYTHON PYBIND11 SWIG; do
            eval "ok_$var= pkg_$var="
        done
        why_SWIG="SWIG 4.1 has no -nogil: its module cannot declare itself free of the GIL: importing it would turn the free-threaded build's GIL back on"
        why_CYTHON="Cython 0.29 cannot declare a module free of the GIL: importing it would turn the free-threaded build's GIL back on"
        why_PYBIND11="pybind11 2 cannot declare a module free of the GIL: importing it would turn the free-threaded build's GIL back on"
    fi
}

# missing VARS...: the Debian packages of the failed checks among VARS
# (none for what only PYTHON's own installer can provide).
missing() {
    for var in "$@"; do
        eval "[ -n \"\$ok_$var\" ] || echo \"\$pkg_$var\""
    done | awk 'NF && !seen[$0]++' | tr '\n' ' '
}

# report VARS...: a line per failed check among VARS.
report() {
    for var in "$@"; do
        eval "[ -n \"\$ok_$var\" ] || echo \"  - \$why_$var\""
    done
}

check_all
packages=$(missing $REQUIRED $OPTIONAL)
if [ -n "$(report $REQUIRED $OPTIONAL)" ]; then
    echo "ffi-bench needs or can use:"
    report $REQUIRED $OPTIONAL
fi
if [ -n "$packages" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing as root: apt-get install -y $packages"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q && apt-get install -y -q --no-install-recommends $packages \
            || echo "apt-get failed; going on with what is here"
        check_all
    else
        echo "Install them with (as root):"
        echo "  apt-get update && apt-get install -y $packages"
    fi
fi

required=$(missing $REQUIRED)
if [ -n "$required" ]; then
    echo "Cannot build without:"
    report $REQUIRED
    echo "The Debian packages serve Debian's /usr/bin/python3; PYTHON=$PYTHON may"
    echo "need its own (e.g. pytest for that interpreter), or use PYTHON=/usr/bin/python3."
    exit 1
fi

# The make fragment: HAVE_X := 1, or SKIP_X := why (read by the registry too).
{
    echo "# written by harness/provision/check_deps.sh; make clean to check again"
    echo "CONFIG_PYTHON := $PYTHON"
    for var in $OPTIONAL; do
        eval "ok=\$ok_$var why=\${why_$var:-}"
        if [ -n "$ok" ]; then
            echo "HAVE_$var := 1"
        else
            echo "SKIP_$var := not available: $why"
            case "$var" in
                PYTEST|VALGRIND|HYPERFINE|VENV|BROWSER) ;;
                *) echo "skipping the paths that need: $why" >&2 ;;
            esac
        fi
    done
} > "$CONFIG_MK.part" && mv "$CONFIG_MK.part" "$CONFIG_MK"
