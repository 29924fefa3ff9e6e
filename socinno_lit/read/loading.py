"""``load``: files and folders in, one :class:`~socinno_lit.corpus.Corpus` out."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from ..corpus import Corpus
from ..errors import InputError, StrictModeError
from ..keys import KeyRegistry
from ..records import Problem, Record
from .abstracts import attach_abstracts, missing_abstract_problems, read_abstracts
from .bibtex import parse_bibtex
from .chunked import CHUNK_BYTES, CHUNK_THRESHOLD, READERS, ChunkedText, is_large
from .csljson import looks_like_csl_json, parse_csl_json
from .encoding import DecodedText, normalise_newlines, read_text
from .medline import MEDLINE_HEAD, parse_medline
from .openalex import (
    HEAD_BYTES,
    is_openalex_file,
    looks_like_openalex,
    parse_openalex,
    read_openalex,
)
from .ris import parse_tagged
from .tabular import looks_like_csv, parse_csv
from .zotero import read_zotero, zotero_database

PathLike = str | os.PathLike[str]
Parser = Callable[..., tuple[list[Record], list[Problem]]]

SUFFIXES: dict[str, str] = {
    ".bib": "bibtex", ".bibtex": "bibtex", ".biblatex": "bibtex", ".ris": "ris",
    ".txt": "sniff", ".ciw": "wos", ".isi": "wos", ".csv": "csv", ".nbib": "medline", ".medline": "medline",
}
SUFFIXES.update({".json": "json", ".jsonl": "json", ".gz": "json"})  # OpenAlex works, told by content


_WOS_HEAD = re.compile(r"^(?:FN|VR|PT) \S", re.M)
_RIS_HEAD = re.compile(r"^TY {1,2}- ?", re.M)
_BIB_HEAD = re.compile(r"@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")


def _format(text: str, suffix: str) -> str:
    """The format of a file: by suffix, or by its first lines when the suffix says little.

    The signs are looked for on any line of the head, not only the first, so that a
    damaged first line does not hide what the rest of the file is; then, if the head
    shows none, in the whole text.

    A ``.bib`` or ``.ris`` file that shows no sign of its format is read as what its
    content shows, when that is clear.

    Example:
        >>> _format("TY - JOUR\\nTI - Misnamed\\nER - \\n", ".bib")
        'ris'
        >>> _format("{FN Clarivate Web of Science\\nVR 1.0\\nPT J\\n", ".txt")
        'wos'
        >>> _format("notes " * 2000 + "\\nTY  - JOUR\\nER  - \\n", ".txt")
        'ris'
    """
    kind = SUFFIXES.get(suffix.lower(), "sniff")
    if kind == "json":
        return "openalex" if looks_like_openalex(text[:HEAD_BYTES].encode("utf-8", "replace")) else "unknown"
    if kind == "bibtex" and not _BIB_HEAD.search(text) or kind == "ris" and not _RIS_HEAD.search(text):
        # A misnamed file (SAGE writes RIS under .bib): what it holds, if that is clear.
        sniffed = _sniff(text)
        return kind if sniffed == "unknown" else sniffed
    return kind if kind != "sniff" else _sniff(text)


def _sniff(text: str) -> str:
    """The format a text's content shows, or ``"unknown"``."""
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    if head.startswith(("FN ", "PT ")):
        return "wos"
    if MEDLINE_HEAD.search(head):
        return "medline"  # before RIS: PubMed's "TI  - " lines look like RIS tags
    if head.startswith(("TY  -", "TY - ")):
        return "ris"
    head = normalise_newlines(head)
    found = _tagged_or_bibtex(head)
    if found:
        return found
    if looks_like_csv(head):
        return "csv"
    if "@" in head and "{" in head:
        return "bibtex"
    # Then the whole text, for a file whose first lines are not records (a note pasted
    # above the export, a damaged start).
    return _tagged_or_bibtex(normalise_newlines(text)) or "unknown"


def _tagged_or_bibtex(text: str) -> str:
    for name, pattern in (("ris", _RIS_HEAD), ("wos", _WOS_HEAD), ("bibtex", _BIB_HEAD)):
        if pattern.search(text):
            return name
    return ""


def expand_paths(paths: Iterable[PathLike], *, recursive: bool = False) -> list[Path]:
    """Files to read: the files named, and the supported files inside named folders.

    Raises:
        InputError: a path does not exist, or a folder holds no supported file.

    Example:
        >>> expand_paths(["no/such.bib"])
        Traceback (most recent call last):
        ...
        socinno_lit.errors.InputError: no/such.bib: no such file or folder
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if zotero_database(path):  # a Zotero data folder: its database is the library
            files.append(zotero_database(path))  # type: ignore[arg-type]
        elif path.is_dir():
            found = _supported_files(path, recursive)
            if not found:
                deeper = "" if recursive else _deeper_hint(path)
                raise InputError(f"{path}: folder holds no BibTeX, RIS, Web of Science, PubMed or CSV file "
                                 f"(looked for {', '.join(sorted(SUFFIXES))}){deeper}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise InputError(f"{path}: no such file or folder")
    if not files:
        raise InputError("no input given: name at least one BibTeX, RIS or CSV file or a folder")
    return files


def _supported_files(folder: Path, recursive: bool) -> list[Path]:
    pattern = "**/*" if recursive else "*"
    return sorted(p for p in folder.glob(pattern)
                  if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))


def _deeper_hint(folder: Path) -> str:
    """Why a folder seemed empty, when its sub-folders do hold exports."""
    deeper = _supported_files(folder, recursive=True)
    if not deeper:
        return ""
    return f"; its sub-folders hold {len(deeper)}: read them with recursive=True (--recursive)"


def load_file(path: Path, registry: KeyRegistry | None = None, *,
              chunk_threshold: int = CHUNK_THRESHOLD, chunk_bytes: int = CHUNK_BYTES,
              collection: str | None = None, library: str | None = None,
              ) -> tuple[list[Record], list[Problem]]:
    """Read one file of any supported format into records and problems.

    Files larger than ``chunk_threshold`` bytes are read chunk by chunk in bounded memory
    (see :mod:`socinno_lit.read.chunked`), with the same result.

    A Zotero database is read with :func:`~socinno_lit.read.zotero.read_zotero`, limited to
    ``collection`` and ``library`` when given; CSL-JSON is known by its content.

    Raises:
        InputError: unreadable or binary (text in no known format is an ``unknown-format`` problem).

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "a.ris"
        >>> _ = p.write_text("TY  - JOUR\\nTI  - One\\nER  - \\nTY  - JOUR\\nTI  - Two\\nER  - \\n")
        >>> [r.title for r in load_file(p, chunk_threshold=0, chunk_bytes=8)[0]]
        ['One', 'Two']
    """
    if zotero_database(path):
        return read_zotero(path, registry, collection=collection, library=library)
    if path.suffix.lower() in (".json", ".jsonl", ".gz", "") and is_openalex_file(path):
        return read_openalex(path, registry)
    if path.suffix.lower() == ".json" and _is_csl_json(decoded := read_text(path)):
        records, problems = parse_csl_json(decoded.text, str(path), registry)
        return records, [*decoded.problems, *problems]
    if is_large(path, chunk_threshold):
        return _load_large_file(path, registry, chunk_bytes)
    decoded = read_text(path)
    kind = _format(decoded.text, path.suffix)
    parsers: dict[str, Parser] = {
        "bibtex": parse_bibtex,
        "ris": parse_tagged,
        "wos": lambda text, file, registry: parse_tagged(text, file, wos=True, registry=registry),
        "csv": parse_csv,
        "medline": parse_medline,
        "openalex": parse_openalex,  # only text the byte check missed (UTF-16): the rest is read above
    }
    if kind == "unknown":
        return [], [*decoded.problems, _unread(path, decoded.text)]
    records, problems = parsers[kind](decoded.text, str(path), registry=registry)
    if not records and not problems:
        problems = [_empty(path, "the file holds no entries")]
    return records, [*decoded.problems, *problems]


def _is_csl_json(decoded: DecodedText) -> bool:
    try:
        return looks_like_csl_json(json.loads(decoded.text))
    except ValueError:
        return False


def _load_large_file(path: Path, registry: KeyRegistry | None, chunk_bytes: int) -> tuple[list[Record], list[Problem]]:
    try:
        stream = path.open("rb")
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    with stream:
        chunks = ChunkedText(stream, str(path), chunk_bytes)
        kind = _format(chunks.head, path.suffix)
        if kind == "unknown":
            return [], [*chunks.head_problems, _unread(path, chunks.head)]
        records, problems = READERS[kind](chunks, registry)
    if not records and not problems:
        problems = [_empty(path, "the file holds no entries")]
    return records, [*chunks.problems, *problems]


def _unread(path: Path, text: str) -> Problem:
    """Why nothing was read from a text file: it is empty, or in no format known here.

    A problem, not an exception: a stray ``notes.txt`` in a folder of exports must not
    stop the others from loading.
    """
    if not text.strip():
        return _empty(path, "the file is empty")
    return Problem(str(path), None, None, "unknown-format", "error",
                   "not a BibTeX, RIS, Web of Science, PubMed or CSV export: nothing was read from it")


def _empty(path: Path, message: str) -> Problem:
    return Problem(str(path), None, None, "empty-file", "warning", message)


def load(
    *paths: PathLike,
    abstracts: PathLike | None = None,
    strict: bool = False,
    recursive: bool = False,
    collection: str | None = None,
    library: str | None = None,
) -> Corpus:
    """Load BibTeX, RIS, Web of Science, CSV and CSL-JSON exports and Zotero libraries into one corpus.

    Every entry ends up either as a Record or as a Problem (file, line, key, message);
    keys are unique across all files (a repeated key becomes ``key-2`` with a warning).

    Args:
        *paths: files, or folders whose supported files are all read.
        abstracts: a folder of ``<key>.txt`` files or a CSV with ``key,abstract`` columns.
        strict: raise :class:`StrictModeError` at the first error-level problem.
        recursive: also read the sub-folders of folders.
        collection: in Zotero libraries, only this collection and its sub-collections.
        library: in Zotero libraries, only this library (``"My Library"``, a group's name or id).

    Returns:
        The corpus, records in file order.

    Raises:
        InputError: a path is missing, unreadable or binary.
        StrictModeError: with ``strict=True``, on the first error in a file.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "a.bib"
        >>> _ = p.write_text("@article{s, author={S{\\\\o}rensen, Eva}, title={Co-creation}, year=2016}")
        >>> corpus = load(p)
        >>> corpus["s"].authors, [x.code for x in corpus.problems]
        (('Sørensen, Eva',), ['missing-abstract'])
    """
    registry = KeyRegistry()
    records: list[Record] = []
    problems: list[Problem] = []
    files = expand_paths(paths, recursive=recursive)
    if (collection or library) and not any(zotero_database(f) for f in files):
        raise InputError("a collection or library can only be chosen in a Zotero library (zotero.sqlite), "
                         "and no input is one")
    for path in files:
        file_records, file_problems = load_file(path, registry, collection=collection, library=library)
        if strict:
            _raise_first_error(file_problems)
        records.extend(file_records)
        problems.extend(file_problems)
    if abstracts is not None:
        texts, origin = read_abstracts(abstracts)
        records, abstract_problems = attach_abstracts(records, texts, str(origin))
        problems.extend(abstract_problems)
    problems.extend(missing_abstract_problems(records))
    return Corpus(tuple(records), tuple(problems), {}, tuple(str(f) for f in files))


def _raise_first_error(problems: Iterable[Problem]) -> None:
    for problem in problems:
        if problem.severity == "error":
            raise StrictModeError(problem)


def load_corpus(**options: object) -> Corpus:
    """The bundled reference corpus of social-innovation research, deduplicated.

    Args:
        **options: passed on to :func:`load` (``strict``, ``abstracts`` ...).

    Example:
        >>> corpus = load_corpus()
        >>> len(corpus) >= 150
        True
    """
    from ..resources import packaged_folder

    return load(packaged_folder("corpus"), **options).deduplicate()  # type: ignore[arg-type]
