"""Abstracts kept outside the bibliography: a folder of ``<key>.txt`` files or a CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..errors import InputError
from ..records import Problem, Record
from .encoding import read_text
from .latex import fold_whitespace

_UNSAFE = re.compile(r"[^\w.-]+")


def safe_name(key: str) -> str:
    """The file-name form of a citation key (``/``, ``:`` and spaces become ``_``).

    Example:
        >>> safe_name("doi:10.1/x y")
        'doi_10.1_x_y'
    """
    return _UNSAFE.sub("_", key).strip("._") or "_"


def read_abstracts(path: str | Path) -> tuple[dict[str, str], Path]:
    """Read external abstracts: a folder of ``<key>.txt`` files, or a CSV with ``key,abstract``.

    Raises:
        InputError: the path does not exist, or the CSV lacks the two columns.

    Example:
        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "s2019.txt").write_text("Co-creation in ...")
        >>> read_abstracts(folder)[0]
        {'s2019': 'Co-creation in ...'}
    """
    path = Path(path)
    if path.is_dir():
        texts = {p.stem: fold_whitespace(read_text(p).text) for p in sorted(path.glob("*.txt"))}
        return texts, path
    if not path.is_file():
        raise InputError(f"abstracts: {path} is neither a folder of <key>.txt files nor a CSV file")
    return _read_csv(path), path


def _read_csv(path: Path) -> dict[str, str]:
    reader = csv.DictReader(io.StringIO(read_text(path).text, newline=""))
    columns = {c.strip().lower(): c for c in reader.fieldnames or [] if c}
    if "key" not in columns or "abstract" not in columns:
        raise InputError(f"abstracts: {path} needs the columns 'key' and 'abstract' (found: {', '.join(columns)})")
    try:
        return {
            row[columns["key"]].strip(): fold_whitespace(row[columns["abstract"]] or "")
            for row in reader
            if (row.get(columns["key"]) or "").strip()
        }
    except csv.Error as err:
        raise InputError(f"abstracts: {path} is not a readable CSV file (line {reader.line_num}: {err})") from None


def _lookup(texts: Mapping[str, str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for key, text in texts.items():
        for variant in (key, key.lower(), safe_name(key).lower()):
            table.setdefault(variant, text)
    return table


def attach_abstracts(records: Iterable[Record], texts: Mapping[str, str], origin: str) -> tuple[list[Record], list[Problem]]:
    """Give records the abstracts found for their keys; report keys that match no record.

    A non-empty external abstract replaces the exported one (with an info problem): the
    user supplied it on purpose.

    Example:
        >>> recs, probs = attach_abstracts([Record(key="A:1")], {"a_1": "Text.", "zz": "?"}, "abs/")
        >>> recs[0].abstract, [p.code for p in probs]
        ('Text.', ['unknown-abstract-key'])
    """
    table = _lookup(texts)
    used: set[str] = set()
    out: list[Record] = []
    problems: list[Problem] = []
    for record in records:
        variants = (record.key, record.key.lower(), safe_name(record.key).lower())
        text = next((table[v] for v in variants if table.get(v)), "")
        if not text:
            out.append(record)
            continue
        used.update(variants)
        if record.abstract and record.abstract != text:
            problems.append(Problem(record.source.file, record.source.line, record.key, "abstract-replaced",
                                    "info", f"the abstract from {origin} replaced the one in the export"))
        out.append(record.replace(abstract=text, fields={**record.fields, "abstract": text}))
    for key in texts:
        if not {key, key.lower(), safe_name(key).lower()} & used:
            problems.append(Problem(origin, None, key, "unknown-abstract-key", "warning",
                                    f"an abstract is given for '{key}', but no record has that key"))
    return out, problems


def write_abstracts(corpus: Iterable[Record], folder: str | Path) -> list[Path]:
    """Write each record's abstract to ``folder/<key>.txt``, the form ``load(abstracts=)`` reads.

    A key becomes a safe file name (no ``/``, ``..`` or drive letters), so a hostile key
    such as ``../../etc/passwd`` can only ever name a file inside ``folder``; two keys that
    would share a file name get numbered names instead of overwriting each other.

    Example:
        >>> import tempfile
        >>> paths = write_abstracts([Record(key="../../x", abstract="Text.")], tempfile.mkdtemp())
        >>> paths[0].name
        'x.txt'
    """
    from ..files import atomic_write_text

    root = Path(folder).resolve()
    written: list[Path] = []
    used: set[str] = set()
    for record in corpus:
        if not record.abstract:
            continue
        name = safe_name(record.key)
        stem, n = name, 2
        while name.lower() in used:
            name, n = f"{stem}-{n}", n + 1
        used.add(name.lower())
        target = (root / f"{name}.txt").resolve()
        if target.parent != root:  # safe_name makes this impossible; refuse rather than trust
            raise InputError(f"refusing to write outside {root}: {record.key!r}")
        written.append(atomic_write_text(target, record.abstract + "\n"))
    return written


def missing_abstract_problems(records: Iterable[Record]) -> list[Problem]:
    """A ``missing-abstract`` warning for every record without an abstract.

    Example:
        >>> [p.code for p in missing_abstract_problems([Record(key="a")])]
        ['missing-abstract']
    """
    return [
        Problem(r.source.file, r.source.line, r.key, "missing-abstract", "warning",
                "no abstract in the export or the abstracts given; title and keywords stand in for it")
        for r in records
        if not r.abstract
    ]
