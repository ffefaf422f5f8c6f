#!/bin/sh
# make pythons: CPython built from Debian's source packages, into a cache
# outside the work tree (so that a clean clone, and CI, reuse it).
#
#   harness/provision/pythons.sh CACHE VERSION...    e.g. CACHE=~/.cache/ffi-bench 3.13 3.13t pypy3
#
# A VERSION ending in "t" is the free-threaded build (--disable-gil) of that
# version; pypy3 is Debian's PyPy (a package with its headers: installed, as
# root, not built).  Sources come through an apt configuration of the
# project's own (CACHE/apt: deb-src lines for bookworm, trixie, forky, sid,
# experimental and the backports of bookworm and trixie, tried in that order,
# with Debian's archive keyring; the system's sources are not touched): apt
# checks the signed index and the hashes of every file it downloads.  Every
# build gets the same configure flags (CONFIGURE_FLAGS below; PGO=1 adds
# --enable-optimizations, which triples the build time), so versions compare
# like with like.
#
# Per version, CACHE/pythons/<VERSION>/ holds the installed interpreter
# (bin/python3), build-info.txt (the source package and its version, the
# flags, the build's duration), or FAILED with the reason (the sources not
# served, a failed build): a version that cannot be had is skipped, saying
# why, and joins when it can (remove FAILED to try again).
set -eu

CACHE=${1:?usage: pythons.sh CACHE VERSION...}
shift
mkdir -p "$CACHE"
APT=$CACHE/apt
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# Debian's patches disable ensurepip (its `make install` fails with it): no
# pip in these interpreters; the project's venv of each gets pip from a
# pinned wheel (requirements/pip.txt, harness/provision/bootstrap_pip.py).
CONFIGURE_FLAGS="--disable-test-modules --with-ensurepip=no"
# What the toolkit needs of an interpreter's standard library: ctypes (a call
# path), ssl, zlib and pyexpat (pip), bz2 and lzma (sdists).  A build without
# one of them is FAILED, naming it; others that did not build are listed in
# build-info.txt.
NEEDED_MODULES="ctypes ssl zlib pyexpat bz2 lzma"
OTHER_MODULES="sqlite3 readline"
# Debian's build dependencies for those modules (installed as root when missing).
BUILD_PACKAGES="build-essential dpkg-dev libffi-dev libssl-dev zlib1g-dev libexpat1-dev libbz2-dev \
liblzma-dev libsqlite3-dev uuid-dev debian-archive-keyring"
[ "${PGO:-}" = 1 ] && CONFIGURE_FLAGS="$CONFIGURE_FLAGS --enable-optimizations"

missing=
for package in $BUILD_PACKAGES; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" = installed ] \
        || missing="$missing $package"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "  pythons: installing the build dependencies: apt-get install -y $missing"
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends $missing; } > "$CACHE/apt-install.log" 2>&1 \
            || { echo "pythons: apt-get install failed: see $CACHE/apt-install.log" >&2; exit 1; }
    else
        echo "pythons: the build needs (as root): apt-get install -y $missing" >&2
        exit 1
    fi
fi

mkdir -p "$APT/etc" "$APT/state/lists/partial" "$APT/cache/archives/partial" "$CACHE/pythons"
SUITES="bookworm trixie forky sid experimental bookworm-backports trixie-backports"
for suite in $SUITES; do
    echo "deb-src [signed-by=$KEYRING] http://deb.debian.org/debian $suite main"
done > "$APT/etc/sources.list"
apt_get() {
    apt-get -q -o Dir::Etc::SourceList="$APT/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::State="$APT/state" -o Dir::Cache="$APT/cache" \
        -o Dir::State::status=/var/lib/dpkg/status "$@"
}
echo "  pythons: apt-get update (the project's own deb-src lines: $APT/etc/sources.list)"
apt_get update > "$APT/update.log" 2>&1 || { echo "pythons: apt-get update failed: see $APT/update.log" >&2; exit 1; }

for version in "$@"; do
    if [ "$version" = pypy3 ]; then    # Debian's PyPy: a package, not built here
        if command -v pypy3 > /dev/null && [ -f "$(pypy3 -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ]; then
            echo "  pythons: pypy3: installed ($(command -v pypy3))"
        elif [ "$(id -u)" = 0 ]; then
            echo "  pythons: pypy3: apt-get install -y pypy3 pypy3-dev"
            { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q pypy3 pypy3-dev; } \
                > "$CACHE/pypy3-install.log" 2>&1 \
                || echo "  pythons: pypy3: apt-get install failed: see $CACHE/pypy3-install.log"
        else
            echo "  pythons: pypy3: skipped: install it as root: apt-get install -y pypy3 pypy3-dev"
        fi
        continue
    fi
    base=${version%t}
    lacking=
    flags=$CONFIGURE_FLAGS
    [ "$base" != "$version" ] && flags="$flags --disable-gil"
    prefix=$CACHE/pythons/$version
    case "$version" in
        3.[0-9]t|3.1[0-2]t)
            echo "  pythons: $version: skipped: CPython has a free-threaded build from 3.13 on"
            continue ;;
    esac
    if [ -x "$prefix/bin/python3" ] && [ -f "$prefix/build-info.txt" ]; then
        echo "  pythons: $version: built ($prefix)"
        continue
    fi
    if [ -f "$prefix/FAILED" ]; then
        echo "  pythons: $version: skipped: $(cat "$prefix/FAILED") (rm $prefix/FAILED to try again)"
        continue
    fi
    mkdir -p "$prefix"
    src=$CACHE/src/python$base
    mkdir -p "$src"
    if ! ls "$src"/python"$base"_*.dsc > /dev/null 2>&1; then
        # the suites in order: a suite may list a version it does not serve;
        # each suite's answer (its first error) is kept for FAILED
        : > "$src/download.log"
        answers=
        for suite in $SUITES; do
            echo "== $suite" >> "$src/download.log"
            if (cd "$src" && apt_get source --download-only "python$base/$suite") \
                    > "$src/suite.log" 2>&1; then
                cat "$src/suite.log" >> "$src/download.log"
                break
            fi
            cat "$src/suite.log" >> "$src/download.log"
            answers="$answers$suite: $(grep -E '^E: ' "$src/suite.log" | head -1 | sed 's/^E: //; s/ \[IP: [^]]*\]//'); "
            rm -f "$src"/*.dsc "$src"/*.tar.* "$src"/*.asc
        done
        rm -f "$src/suite.log"
        if ! ls "$src"/python"$base"_*.dsc > /dev/null 2>&1; then
            echo "the sources of python$base could not be had (apt's answer per suite: ${answers%; }; all of it in $src/download.log)" \
                > "$prefix/FAILED"
            echo "  pythons: $version: skipped: $(cat "$prefix/FAILED")"
            continue
        fi
    fi
    dsc=$(ls "$src"/python"$base"_*.dsc | head -1)
    tree=$src/tree
    if [ ! -d "$tree" ]; then
        dpkg-source -x "$dsc" "$tree.part" > "$src/extract.log" 2>&1
        mv "$tree.part" "$tree"
    fi
    # Debian's security backport to 3.11's pyexpat.c (CVE-2026-4224) includes an
    # internal header, which needs Py_BUILD_CORE_MODULE: Debian builds pyexpat
    # into the interpreter, a plain build as a module.  The define upstream's
    # later pyexpat.c has, added where it is missing (said in build-info.txt).
    patched=
    if [ -f "$tree/.ffibench-patched" ]; then
        patched=$(cat "$tree/.ffibench-patched")
    elif grep -q '^#include "pycore_' "$tree/Modules/pyexpat.c" \
            && ! grep -q 'Py_BUILD_CORE_MODULE' "$tree/Modules/pyexpat.c"; then
        sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' \
            "$tree/Modules/pyexpat.c"
        patched="Modules/pyexpat.c: #define Py_BUILD_CORE_MODULE (Debian's CVE-2026-4224 backport includes an internal header)"
        echo "$patched" > "$tree/.ffibench-patched"
    fi
    build=$CACHE/build/$version
    rm -rf "$build" "$prefix"        # a fresh build, installed into an empty prefix
    mkdir -p "$build" "$prefix"
    echo "  pythons: $version: building from $(basename "$dsc") ($flags)"
    start=$(date +%s)
    if (cd "$build" && "$tree/configure" --prefix="$prefix" $flags > configure.log 2>&1 \
            && make -j"$(nproc)" > make.log 2>&1 && make install > install.log 2>&1) \
        && lacking=$(for module in $NEEDED_MODULES; do
                "$prefix/bin/python3" -c "import $module" 2>/dev/null || printf '%s ' "$module"
            done) && [ -z "$lacking" ]; then
        {
            echo "source_package: $(basename "$dsc" .dsc)"
            echo "configure_flags: $flags"
            echo "build_seconds: $(( $(date +%s) - start ))"
            echo "python_version: $("$prefix/bin/python3" -c 'import sys; print(sys.version.split()[0])')"
            echo "built_on: $(date -u +%Y-%m-%d) $(uname -m) $(nproc) CPUs"
            echo "patched: ${patched:-nothing}"
            echo "modules_not_built: $(for module in $OTHER_MODULES; do
                "$prefix/bin/python3" -c "import $module" 2>/dev/null || printf '%s ' "$module"
            done)"
        } > "$prefix/build-info.txt"
        echo "  pythons: $version: built in $(( $(date +%s) - start )) s ($prefix)"
    else
        if [ -n "${lacking:-}" ]; then
            echo "built without the modules $lacking(see $build/make.log)" > "$prefix/FAILED"
        else
            echo "the build failed: see $build/*.log" > "$prefix/FAILED"
        fi
        echo "  pythons: $version: $(cat "$prefix/FAILED")"
    fi
done
