"""Installs pip into a venv made without it (python -m venv --without-pip),
from the wheel pinned in requirements/pip.txt: downloaded from PyPI, its
sha256 checked against the pins, then run from the wheel itself to install
itself (pip's documented way).  For the interpreters that have no ensurepip
(CPython built from Debian's sources, PyPy).

Usage: VENV_PYTHON -m harness.provision.bootstrap_pip requirements/pip.txt WHEEL_DIR
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request

INDEX = "https://pypi.org/pypi/{}/json"


def pins(requirements):
    """(name, version, {sha256, ...}) of the one requirement in the file."""
    with open(requirements) as f:
        text = f.read()
    match = re.search(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, re.M)
    if not match:
        sys.exit(f"{requirements}: no pinned requirement found")
    return match.group(1), match.group(2), set(re.findall(r"sha256:([0-9a-f]{64})", text))


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    name, version, hashes = pins(argv[1])
    with urllib.request.urlopen(INDEX.format(name), timeout=60) as answer:
        files = json.load(answer)["releases"].get(version, [])
    wheels = [f for f in files if f["filename"].endswith("-py3-none-any.whl")]
    if not wheels:
        sys.exit(f"PyPI has no universal wheel of {name} {version}")
    wheel = wheels[0]
    os.makedirs(argv[2], exist_ok=True)
    path = os.path.join(argv[2], wheel["filename"])
    # a mirror of PyPI may give the file's address relative to the index's
    url = urllib.parse.urljoin(INDEX.format(name), wheel["url"])
    with urllib.request.urlopen(url, timeout=120) as answer:
        data = answer.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest not in hashes:
        sys.exit(f"{wheel['filename']}: sha256 {digest} is not among the pins of {argv[1]}")
    with open(path, "wb") as f:
        f.write(data)
    return subprocess.call([sys.executable, os.path.join(path, "pip"), "install", "-q",
                            "--disable-pip-version-check", "--no-index", "--require-hashes",
                            "-r", argv[1], "--find-links", argv[2]])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
