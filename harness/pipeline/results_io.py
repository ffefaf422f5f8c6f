"""A results folder (ResultsFolder): its tables, metadata.json and raw
values, each file read at most once and written through one writer that
takes its columns from the vocabulary; the metadata held in memory and
written once (save()), with keys from one schema (vocabulary.METADATA).
Every writer goes through a temporary file renamed into place, so that an
interrupted run never leaves a half-written file."""

import csv
import gzip
import json
import os

from harness.registry import vocabulary as v


def _fmt(x, digits=3):
    return "" if x is None else f"{x:.{digits}f}"


def read_csv(path):
    """The rows of a CSV file as dicts."""
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def read_raw(path):
    """Google Benchmark's JSON from calls.json or calls.json.gz."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return json.load(f)


def net_figures(summary_rows, kernel, modes=("interp", "native")):
    """{path: net ns} of a kernel (its plain row, no size or variant) in the
    first of `modes` that the path has, from summary.csv's rows: by default
    the interpreter loop, and the native loop for the c.direct floor."""
    found = {}
    for r in summary_rows:
        if (r["kernel"] == kernel and not r["arg"] and r["ns_net"]
                and r["mode"] in modes and r["path"] != v.BASELINE_PATH):
            found.setdefault(r["path"], {})[r["mode"]] = float(r["ns_net"])
    return {path: next(by_mode[m] for m in modes if m in by_mode)
            for path, by_mode in found.items()}


def _cell(value):
    """A value as write_csv writes it and read_csv gives it back."""
    if isinstance(value, float):
        return _fmt(value)
    return "" if value is None else str(value)


def write_csv(rows, out, columns=v.SUMMARY_COLUMNS):
    """Writes the rows to `out` through a temporary file, so that an
    interrupted run never leaves a half-written file."""
    tmp = out + ".part"
    with open(tmp, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({k: _fmt(value) if isinstance(value, float) else value
                             for k, value in r.items()})
    os.replace(tmp, out)


def write_json(obj, out):
    """Writes obj as sorted, indented JSON through a temporary file."""
    with open(out + ".part", "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(out + ".part", out)


def write_text(text, out):
    """Writes text to `out` through a temporary file."""
    with open(out + ".part", "w") as f:
        f.write(text)
    os.replace(out + ".part", out)


class ResultsFolder:
    """A results folder, after pyperf's BenchmarkSuite.load/dump: a table
    (a CSV file) is read on first use and kept, a table written is kept as
    it was written; metadata.json is read once, changed in memory
    (record(), warn()) and written by save().  A results folder of make
    bench holds its check run's in check/ (sub("check"))."""

    METADATA_FILE = "metadata.json"
    # The raw values (Google Benchmark's JSON): kept compressed once the run
    # has summarised them.
    RAW_NAMES = ("calls.json.gz", "calls.json")

    def __init__(self, path):
        self.path = path
        self._tables = {}
        self._documents = {}
        self._raw = None
        self._changed = False
        self._subs = {}

    def file(self, name):
        return os.path.join(self.path, name)

    def has(self, name):
        """Whether the folder holds the file, on disk or, not written yet, here."""
        return (name in self._tables or name in self._documents
                or os.path.exists(self.file(name)))

    def table(self, name):
        """The rows of a table, as dicts of str; OSError if it is missing."""
        if name not in self._tables:
            self._tables[name] = read_csv(self.file(name))
        return self._tables[name]

    def table_or_none(self, name):
        """The rows of a table, or None when this run did not make it."""
        try:
            return self.table(name)
        except OSError:
            return None

    def write_table(self, name, rows):
        """Writes a table with its columns (vocabulary.FILES), and keeps its
        rows as a reader of the file would get them."""
        columns = v.FILES[name]
        write_csv(rows, self.file(name), columns)
        self._tables[name] = [{c: _cell(r.get(c)) for c in columns} for r in rows]

    def write_text(self, name, text):
        write_text(text, self.file(name))

    def remove(self, name):
        """A table this run does not make, so that an older one cannot pass for it."""
        self._tables.pop(name, None)
        if os.path.exists(self.file(name)):
            os.remove(self.file(name))

    def sub(self, name):
        if name not in self._subs:
            self._subs[name] = ResultsFolder(self.file(name))
        return self._subs[name]

    def document(self, name):
        """A JSON file's object (read once; OSError/ValueError if it is
        missing or is not JSON)."""
        if name not in self._documents:
            with open(self.file(name), encoding="utf-8") as f:
                self._documents[name] = json.load(f)
        return self._documents[name]

    def raw_file(self):
        """The file of the raw values; OSError when the folder has none."""
        for name in self.RAW_NAMES:
            if os.path.exists(self.file(name)):
                return self.file(name)
        raise FileNotFoundError(2, f"no {' or '.join(self.RAW_NAMES)}: not a results folder "
                                "of make bench", self.path)

    def raw(self):
        """The raw values, Google Benchmark's JSON (read once)."""
        if self._raw is None:
            self._raw = read_raw(self.raw_file())
        return self._raw

    @property
    def metadata(self):
        """metadata.json's object, as this run has it so far."""
        return self.document(self.METADATA_FILE)

    def start_metadata(self, context):
        """A new run's metadata: the driver's context and what the summary adds."""
        unknown = sorted(k for k in context if not v.metadata_key(k))
        if unknown:
            raise KeyError(f"metadata keys outside vocabulary.METADATA: {unknown}")
        self._documents[self.METADATA_FILE], self._changed = dict(context), True

    def record(self, **facts):
        """Adds facts to the metadata; a key outside the schema is a bug."""
        unknown = sorted(k for k in facts if k not in v.RECORDED)
        if unknown:
            raise KeyError(f"metadata keys outside vocabulary.METADATA: {unknown}")
        self.metadata.update(facts)
        self._changed = True

    def warn(self, text):
        """A warning every reader of the run sees (REPORT.md, make compare)."""
        self.record(warnings=[*self.metadata.get("warnings", []), text])

    def save(self):
        """Writes metadata.json, here and in the sub-folders, if it changed."""
        for sub in self._subs.values():
            sub.save()
        if self._changed:
            write_json(self.metadata, self.file(self.METADATA_FILE))
            self._changed = False
