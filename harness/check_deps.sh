#!/bin/sh
# Checks that what ffi-bench builds and runs with is here, and installs the
# missing Debian packages when run as root (after apt-get update); otherwise
# prints the exact apt-get line and fails.
#
# Usage: check_deps.sh PYTHON PY_INCLUDE     (CC and CXX are taken from the
# environment).  Each check tests the thing itself (a header compiles, a module
# imports), not only that a package is registered, so that it also holds for a
# PYTHON other than Debian's.
set -u
PYTHON=$1
PY_INCLUDE=$2
CC=${CC:-cc}
CXX=${CXX:-c++}

missing=""
failed=""

# need PACKAGE WHAT COMMAND...: runs COMMAND; if it fails, PACKAGE is missing.
need() {
    package=$1 what=$2
    shift 2
    if ! "$@" >/dev/null 2>&1; then
        missing="$missing $package"
        failed="$failed
  - $what (Debian package $package)"
    fi
}

check_all() {
    missing="" failed=""
    need gcc "a C compiler ($CC)" command -v "$CC"
    need g++ "a C++ compiler ($CXX)" command -v "$CXX"
    need binutils "objdump" command -v objdump
    need gnuplot-nox "gnuplot" command -v gnuplot
    need libbenchmark-dev "Google Benchmark headers" sh -c \
        "echo '#include <benchmark/benchmark.h>' | $CXX -fsyntax-only -x c++ -"
    need python3-dev "Python.h for $PYTHON in $PY_INCLUDE" \
        test -f "$PY_INCLUDE/Python.h"
    need python3-pytest "pytest importable by $PYTHON" "$PYTHON" -c 'import pytest'
}

check_all
[ -z "$missing" ] && exit 0

# Each package once, in the order found.
packages=$(printf '%s\n' $missing | awk '!seen[$0]++' | tr '\n' ' ')
echo "ffi-bench needs:$failed"
if [ "$(id -u)" != 0 ]; then
    echo "Install them with (as root):"
    echo "  apt-get update && apt-get install -y $packages"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "apt-get is not available here: install the equivalents of: $packages"
    exit 1
fi
echo "Installing as root: apt-get install -y $packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q && apt-get install -y -q --no-install-recommends $packages || exit 1

check_all
if [ -n "$missing" ]; then
    echo "Still missing after the install:$failed"
    echo "The Debian packages serve Debian's /usr/bin/python3; PYTHON=$PYTHON may"
    echo "need its own (e.g. pytest for that interpreter), or use PYTHON=/usr/bin/python3."
    exit 1
fi
