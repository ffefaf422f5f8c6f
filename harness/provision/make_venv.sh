#!/bin/sh
# make venv: the project's pinned Python tools in BUILD/venv, for PYTHON.
#
#   make_venv.sh PYTHON VENV OWN [SKIP_VENV]
#
# Debian's /usr/bin/python3 (OWN empty): a venv that sees the system's
# site-packages behind its own (pytest and cffi are Debian's; pyperf, run from
# it, times the very paths PYTHON runs), with pip from python3-venv; SKIP_VENV
# is check_deps.sh's reason when python3-venv is missing.  Any other
# interpreter (OWN=1: a CPython from make pythons, which has no ensurepip,
# PyPy, pyenv's): a venv of its own, pip installed from the wheel pinned in
# requirements/pip.txt, then requirements/interpreter.txt (pytest, cffi).
# Then, for both: requirements/pyperf.txt and requirements/bindings.txt, and
# requirements/cffi2.txt into the folder beside VENV named cffi2 (not into
# VENV: its cffi and _cffi_backend would shadow the interpreter's own cffi);
# for Debian's, requirements/citation.txt into the folder named citation.
# interpreter.txt and bindings.txt go one requirement at a time, without
# dependencies, so that a tool that does not install for this interpreter (an
# sdist that does not build) leaves the others: harness/provision/check_tools.sh then tests each tool itself and
# skips the paths of what is missing, pointing to VENV.log.  A failure to make
# the venv at all is written to VENV.failed (kept until the requirements
# change or VENV is removed).
set -u
PYTHON=$1 VENV=$2 OWN=$3 SKIP=${4:-}
LOG=$VENV.log
mkdir -p "$(dirname "$VENV")"
rm -f "$VENV.failed"
fail() {
    echo "$1" > "$VENV.failed"
    echo "  venv: $1; the paths and tests that need it are skipped"
    mkdir -p "$VENV" && touch "$VENV/.installed"    # made, as far as it goes: make goes on
    exit 0
}
pip_install() {
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --require-hashes "$@" >> "$LOG" 2>&1
}
: > "$LOG"
if [ -z "$OWN" ]; then
    [ -z "$SKIP" ] || fail "$SKIP"
    "$PYTHON" -m venv --clear --system-site-packages "$VENV" >> "$LOG" 2>&1 \
        || fail "python -m venv failed: see $LOG; rm -r $VENV to try again"
else
    # Debian's patched site.py looks for a venv's packages in lib/python3.X
    # while a free-threaded build installs them in lib/python3.Xt: one folder,
    # under both names.
    "$PYTHON" -m venv --clear --without-pip "$VENV" >> "$LOG" 2>&1 \
        && "$VENV/bin/python" -c 'import os, site, sysconfig
pure, seen = (os.path.dirname(p) for p in (sysconfig.get_path("purelib"), site.getsitepackages()[0]))
os.path.exists(seen) or pure == seen or os.symlink(os.path.basename(pure), seen)' >> "$LOG" 2>&1 \
        && "$VENV/bin/python" -m harness.provision.bootstrap_pip requirements/pip.txt "$VENV.wheels" >> "$LOG" 2>&1 \
        || fail "making the venv with pip from requirements/pip.txt failed: see $LOG; rm -r $VENV to try again"
fi
pip_install -r requirements/pyperf.txt \
    || echo "  venv: pyperf did not install for $PYTHON (see $LOG): the tests of pyperf's view are skipped"
# install_each FILE [PIP_OPTION...]: one requirement (a line and its --hash
# continuation lines) at a time, without dependencies (FILE pins them all).
# What did not install, and pip's reason, goes to VENV.missing (check_deps.sh
# and check_tools.sh give it as the reason its paths are skipped: cffi has no
# free-threaded 3.13 build).
: > "$VENV.missing"
install_each() {
file=$1
shift
awk -v dir="$VENV" '/^[A-Za-z]/ { n++ } n && !/^#/ { print > (dir "/requirement-" n ".txt") }' "$file"
for one in "$VENV"/requirement-*.txt; do
    name=$(head -n 1 "$one" | cut -d' ' -f1)
    echo "== $name" >> "$LOG"
    if ! pip_install --no-deps "$@" -r "$one"; then
        why=$(sed -n "/^== $name\$/,\$p" "$LOG" | grep -o -m1 "$(echo "${name#*==}" | sed 's/\./\\./g') Requires-Python [^;]*")
        [ -n "$why" ] || why=$(sed -n "/^== $name\$/,\$p" "$LOG" \
            | grep -m1 -E '^ *[A-Za-z]*Error: |^ERROR' | sed 's/^ *//' | cut -c1-200)
        # an sdist that did not compile: the compiler's first error
        compiled=$(sed -n "/^== $name\$/,\$p" "$LOG" | grep -m1 -E ':[0-9]+:[0-9]+: error: ' \
            | sed 's/^ *//' | cut -c1-200)
        [ -z "$compiled" ] || why="it did not compile for $PYTHON: $compiled"
        echo "$name: ${why:-see $LOG}" >> "$VENV.missing"
        echo "  venv: $name did not install for $PYTHON: ${why:-see $LOG}"
    fi
    rm -f "$one"
done
}
[ -z "$OWN" ] || install_each requirements/interpreter.txt
install_each requirements/bindings.txt
CFFI2=$(dirname "$VENV")/cffi2
rm -rf "$CFFI2"
install_each requirements/cffi2.txt --only-binary=:all: --target "$CFFI2"
# cffconvert, for the test of CITATION.cff, into a folder of its own beside
# VENV (not VENV: a package more on the bindings' sys.path would move the
# interpreter's memory layout), for Debian's interpreter alone.
if [ -z "$OWN" ]; then
    CITATION=$(dirname "$VENV")/citation
    rm -rf "$CITATION"
    install_each requirements/citation.txt --target "$CITATION"
fi
touch "$VENV/.installed"
