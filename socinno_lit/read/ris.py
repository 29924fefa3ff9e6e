"""Reading RIS and Web of Science tagged exports with rispy.

rispy parses a whole file at once and silently drops a last record that lacks its end
tag, so the text is cut into records here first: each record is parsed on its own, keeps
its line number, and a damaged one becomes a Problem instead of losing the file.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

import rispy

from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .encoding import normalise_newlines
from .latex import fold_whitespace
from .mapping import cut_long_fields, make_record

RIS_TYPES = {
    "JOUR": "article", "JFULL": "article", "MGZN": "article", "NEWS": "article",
    "EJOUR": "article", "ABST": "article", "INPR": "article", "BOOK": "book",
    "EBOOK": "book", "EDBOOK": "book", "CHAP": "incollection", "ECHAP": "incollection",
    "CONF": "inproceedings", "CPAPER": "inproceedings", "THES": "phdthesis",
    "RPRT": "techreport", "GOVDOC": "techreport", "ELEC": "online", "WEB": "online",
    "UNPB": "unpublished", "MANSCPT": "unpublished", "GEN": "misc", "DATA": "dataset",
}
WOS_TYPES = {"J": "article", "B": "book", "S": "incollection", "P": "patent", "C": "inproceedings"}

# rispy field names -> BibTeX field names; several RIS tags can feed one BibTeX field.
_RIS_FIELDS: dict[str, str] = {
    "title": "title", "primary_title": "title", "document_title": "title",
    "abstract": "abstract", "notes_abstract": "abstract",
    "year": "year", "publication_year": "year", "date": "date", "publication_date": "date",
    "secondary_title": "journal", "journal_name": "journal", "publication_name": "journal",
    "alternate_title3": "journal", "alternate_title1": "journal", "alternate_title2": "journal",
    "publisher": "publisher", "volume": "volume", "number": "number", "issue": "number",
    "doi": "doi", "issn": "issn", "isbn": "isbn", "urls": "url", "url": "url",
    "keywords": "keywords", "author_keywords": "author_keywords", "keywords_plus": "keywords",
    "author_address": "affiliation", "language": "language", "notes": "note",
    "place_published": "address", "edition": "edition", "accession_number": "ids",
    "reprint_address": "reprint_address", "document_type": "document_type",
}
# rispy's Web of Science mapping has no slot for unknown tags and joins C1 lines into one.
_WOS_MAPPING = {**rispy.config.WOK_TAG_KEY_MAPPING, "UK": "unknown_tag"}
_WOS_LIST_TAGS = [*rispy.config.WOK_LIST_TYPE_TAGS, "C1"]
_FILE_HEADERS = frozenset({"FN", "VR"})
_AUTHOR_FIELDS = ("authors", "first_authors", "author_full_name", "secondary_authors")
_END = re.compile(r"^ER\s{1,2}-?\s*$")
_WOS_END = re.compile(r"^ER\s*$")
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  -", re.M)  # match() on a line, search() in a text
_ONE_SPACE_TAG = re.compile(r"^([A-Z][A-Z0-9]) -(?= |$)", re.M)
_WOS_TAG = re.compile(r"^(?:[A-Z][A-Z0-9]) ")


def _chunks(text: str, end: re.Pattern[str], tag: re.Pattern[str], first_line: int = 1,
            ) -> Iterator[tuple[int, list[str]]]:
    """Cut tagged text into records: (1-based first line, lines), the end tag excluded."""
    lines: list[str] = []
    start = 0
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=first_line):
        if end.match(line):
            if lines:
                yield start, lines
            lines = []
            continue
        if not lines and not tag.match(line):
            continue  # headers (FN, VR) and blank lines between records
        if not lines:
            start = number
        lines.append(line)
    if lines:
        yield start, lines


def end_tag(wos: bool) -> re.Pattern[str]:
    """The pattern of the line that ends a record (``ER  -`` in RIS, ``ER`` in Web of Science).

    Example:
        >>> bool(end_tag(False).match("ER  - ")), bool(end_tag(True).match("ER"))
        (True, True)
    """
    return _WOS_END if wos else _END


def _join(value: Any, separator: str = "; ") -> str:
    if isinstance(value, list):
        return separator.join(_join(v, separator) for v in value if v)
    if isinstance(value, Mapping):
        return separator.join(f"{k}: {_join(v)}" for k, v in value.items())
    return str(value)


def _raw_fields(entry: Mapping[str, Any]) -> dict[str, str]:
    """BibTeX-named fields from one rispy record, every tag kept."""
    raw: dict[str, str] = {}
    for name, value in entry.items():
        if name in _AUTHOR_FIELDS or name in ("type_of_reference", "publication_type", "id"):
            continue
        target = _RIS_FIELDS.get(name, name)
        if target == "url":
            text = _join(value, " ")
        elif target in ("affiliation", "reprint_address"):
            text = _join(value, "; ")
        else:
            text = _join(value)
        if text and target not in raw:
            raw[target] = text
        elif text and target != name:
            raw[name] = text
    pages = "--".join(p for p in (_join(entry.get("start_page", "")), _join(entry.get("end_page", ""))) if p)
    pages = pages or "--".join(p for p in (_join(entry.get("beginning_page", "")), _join(entry.get("ending_page", ""))) if p)
    if pages:
        raw["pages"] = pages
    authors = next((entry[n] for n in _AUTHOR_FIELDS if entry.get(n)), None)
    if authors:
        raw["author"] = " and ".join(a if isinstance(a, str) else _join(a) for a in authors)
    return raw


def _parser(wos: bool) -> rispy.RisParser:
    if wos:
        return rispy.WokParser(mapping=_WOS_MAPPING, list_tags=_WOS_LIST_TAGS, enforce_list_tags=False)
    return rispy.RisParser(enforce_list_tags=False)


def _parse_chunk(lines: list[str], wos: bool) -> dict[str, Any]:
    parser = _parser(wos)
    return parser.parse("\n".join([*_collapse(lines, parser), "ER" if wos else "ER  - "]))[0]


def _two_spaces(text: str) -> str:
    """RIS written with one space before the dash (``TY - JOUR``, as SAGE exports it), in
    the two-space form rispy reads; text with any two-space tag is left as it is.

    Example:
        >>> _two_spaces("TY - JOUR\\nT1 - A - B\\nER - \\n")
        'TY  - JOUR\\nT1  - A - B\\nER  - \\n'
    """
    if _RIS_TAG.search(text) or not _ONE_SPACE_TAG.search(text):
        return text
    return _ONE_SPACE_TAG.sub(r"\1  -", text)


def _collapse(lines: list[str], parser: rispy.RisParser) -> list[str]:
    """Continuation lines of a single-valued tag joined onto its line, as rispy would join them.

    rispy joins each continuation line to the value so far with a new string, which takes
    time quadratic in the number of lines (80,000 lines of one abstract: 24 s); joined
    here once, the value is the same up to white space, which the records fold anyway.
    List tags (authors, keywords) and unknown tags are left to rispy: there each line is
    an item of its own.

    Example:
        >>> _collapse(["TY  - JOUR", "AB  - One", "two", "AU  - A", "B"], rispy.RisParser())
        ['TY  - JOUR', 'AB  - One two', 'AU  - A', 'B']
    """
    out: list[str] = []
    parts: list[str] = []
    joinable = False
    for line in lines:
        tag, content = parser.parse_line(line)
        if tag is None and joinable:
            parts.append(content)
            continue
        if parts:
            out[-1] = " ".join([out[-1], *parts])
            parts = []
        out.append(line)
        if tag is not None:
            joinable = (tag in parser.mapping and tag not in parser.list_tags and tag != parser.START_TAG
                        and tag not in parser.ignore and tag not in parser.delimiter_map)
    if parts:
        out[-1] = " ".join([out[-1], *parts])
    return out


def parse_tagged(text: str, file: str = "<string>", *, wos: bool = False,
                 registry: KeyRegistry | None = None, first_line: int = 1) -> tuple[list[Record], list[Problem]]:
    """Parse RIS (or, with ``wos=True``, Web of Science plain-text) into records.

    Args:
        text: the file's text.
        file: the file name recorded in sources and problems.
        wos: read the Web of Science tagged format (``PT``, ``AU``, ``TI`` ... ``ER``).
        registry: the key registry shared by all files of one load.
        first_line: the line number of the text's first line (a large file is read in
            pieces that end after an ``ER`` line; records never span two pieces).

    Example:
        >>> records, problems = parse_tagged("TY  - JOUR\\nAU  - Sørensen, Eva\\n"
        ...     "TI  - Co-creation\\nPY  - 2016\\nER  - \\nAU  - Lost, Type\\nTI  - No type")
        >>> [(r.entry_type, r.title, r.year) for r in records]
        [('article', 'Co-creation', 2016), ('misc', 'No type', None)]
        >>> problems[0].code
        'missing-type'
    """
    registry = registry if registry is not None else KeyRegistry()
    records: list[Record] = []
    problems: list[Problem] = []
    text = text if wos else _two_spaces(text)
    end = end_tag(wos)
    tag = _WOS_TAG if wos else _RIS_TAG
    start_tag = "PT" if wos else "TY"
    for line, lines in _chunks(text, end, tag, first_line):
        while len(lines) > 1 and lines[0][:2] in _FILE_HEADERS:
            lines, line = lines[1:], line + 1
        if not lines[0].startswith(start_tag):
            problems.append(Problem(file, line, None, "missing-type", "warning",
                                    f"record has no {start_tag} line; it was read as a generic work"))
            lines = [f"{start_tag}  - GEN" if not wos else "PT J", *lines]
        try:
            entry = _parse_chunk(lines, wos)
        except Exception as err:  # noqa: BLE001 - rispy raises bare errors on malformed tags
            problems.append(Problem(file, line, None, "unparsable-entry", "error",
                                    f"this record could not be read and was skipped: {err}"))
            continue
        records.append(_to_record(entry, Source(file, line), wos, registry, problems))
    return records, problems


def _to_record(entry: Mapping[str, Any], source: Source, wos: bool, registry: KeyRegistry,
               problems: list[Problem]) -> Record:
    kind = _join(entry.get("publication_type" if wos else "type_of_reference", "GEN")).strip().upper()
    entry_type = (WOS_TYPES if wos else RIS_TYPES).get(kind, "misc")
    raw, cut = cut_long_fields(_raw_fields(entry), source)
    record = make_record("", entry_type, raw, source, decode=fold_whitespace)
    given = _join(entry.get("id", "")).strip()
    wanted = given or fallback_key(record.title, record.year, record.authors)
    key, problem = registry.claim(wanted, source, generated=not given)
    if problem:
        problems.append(problem)
    problems.extend(dataclasses.replace(p, key=key) for p in cut)
    return record.replace(key=key)
