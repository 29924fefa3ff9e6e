"""Reading PubMed's MEDLINE format (``.nbib``, PubMed "Save as PubMed" ``.txt``).

Each line is a tag padded to four characters, ``"- "`` and a value (``PMID- 30042925``,
``TI  - A method ...``, ``FAU - Takeuchi, Yuichi``); a value goes on over lines that
start with spaces; records are separated by blank lines, and each starts with ``PMID``.

The one parser on PyPI for it (``nbib``) raises on the first line it does not expect and
gives no line numbers, so a damaged record would lose the whole file; the format is small
enough to read here, record by record, with each record's first line kept.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .encoding import normalise_newlines
from .latex import fold_whitespace
from .mapping import cut_long_fields, make_record

# "PMID- 1", "TI  - x", "FAU - y", "AB  -" (an empty value): a tag of 2 to 4 letters or
# digits; some tools leave out the space after the dash ("PMID-123").
_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}-(?: ?(.*))?$")
# Tags PubMed Central writes before a record's PMID line (PMCR: its release date).
_BEFORE_PMID = frozenset({"PMC", "PMCR", "OWN", "STAT"})
_SHORT_NAME = re.compile(r"^(.*\S)\s+([A-Z]+)$")
#: How to recognise the format from a file's first lines.
MEDLINE_HEAD = re.compile(r"^(?:PMID- ?\d|PMC - ?PMC\d)", re.M)

# MEDLINE tag -> BibTeX field, for tags whose values are joined with "; ".
_FIELDS: dict[str, str] = {
    "JT": "journal", "TA": "shortjournal", "VI": "volume", "IP": "number", "PG": "pages",
    "DP": "date", "LA": "language", "IS": "issn", "PB": "publisher", "PMID": "pmid",
    "PMC": "pmcid", "OT": "keywords", "MH": "mesh", "PT": "document_type", "SO": "note",
    "BTI": "booktitle", "CTI": "series", "ISBN": "isbn", "EN": "edition", "GR": "grant",
    "AD": "affiliation", "AB": "abstract", "OAB": "other_abstract", "TI": "title",
}
_ARTICLE_TYPES = ("journal article", "review", "letter", "editorial", "comment")
_TYPES = {"book": "book", "congress": "inproceedings", "preprint": "unpublished"}


def _records(text: str, first_line: int) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """(first line, [(tag, value)]) per record; continuation lines joined to their tag."""
    tags: list[tuple[str, list[str]]] = []  # parts joined once: long values stay linear
    start = first_line
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=first_line):
        match = _TAG.match(line)
        if match and match.group(1) == "PMID" and any(t not in _BEFORE_PMID for t, _ in tags):
            yield start, _joined(tags)  # PMID comes first but for these: a new record without a blank line
            tags = []
        if match:
            if not tags:
                start = number
            tags.append((match.group(1), [(match.group(2) or "").strip()]))
        elif line.strip() and tags:
            tags[-1][1].append(line.strip())  # a continuation line (or a stray one) goes on the value
        elif not line.strip() and tags:
            yield start, _joined(tags)
            tags = []
    if tags:
        yield start, _joined(tags)


def _joined(tags: list[tuple[str, list[str]]]) -> list[tuple[str, str]]:
    return [(tag, " ".join(part for part in parts if part)) for tag, parts in tags]


def _values(tags: list[tuple[str, str]], *names: str) -> list[str]:
    return [value for tag, value in tags if tag in names and value]


def _doi(tags: list[tuple[str, str]]) -> str:
    for value in _values(tags, "LID", "AID"):
        if value.endswith("[doi]"):
            return value[: -len("[doi]")].strip()
    return ""


def _short_name(name: str) -> str:
    """PubMed's short form ``"Takeuchi Y"`` as ``"Takeuchi, Y"``."""
    return _SHORT_NAME.sub(r"\1, \2", name)


def _author(tags: list[tuple[str, str]]) -> str:
    """Full names (FAU), else the short ones (``"Takeuchi Y"`` -> ``"Takeuchi, Y"``), else groups."""
    names = _values(tags, "FAU") or [_short_name(v) for v in _values(tags, "AU")]
    groups = [f"{{{name}}}" for name in _values(tags, "CN")]
    return " and ".join(names or groups)


def _plain(value: str) -> str:
    """Whitespace folded; the braces that kept a group author one name are taken off."""
    value = fold_whitespace(value)
    if value.startswith("{") and value.endswith("}") and "{" not in value[1:-1]:
        return value[1:-1]
    return value


def _entry_type(tags: list[tuple[str, str]]) -> str:
    kinds = [v.lower() for v in _values(tags, "PT")]
    for kind in kinds:
        if kind in _TYPES:
            return _TYPES[kind]
    if _values(tags, "BTI") and not _values(tags, "JT", "TA"):
        return "book" if not _values(tags, "TI") else "incollection"
    if any(k in _ARTICLE_TYPES for k in kinds) or _values(tags, "JT", "TA"):
        return "article"
    return "misc"


def _raw_fields(tags: list[tuple[str, str]]) -> dict[str, str]:
    raw: dict[str, str] = {}
    for tag, field in _FIELDS.items():
        values = _values(tags, tag)
        if values:
            raw[field] = "; ".join(values)
    if "title" in raw and raw["title"].endswith(".") and not raw["title"].endswith(".."):
        raw["title"] = raw["title"][:-1]  # PubMed ends every title with a period
    if "title" not in raw and "booktitle" in raw:
        raw["title"] = raw.pop("booktitle")
    raw["author"] = _author(tags)
    editors = _values(tags, "FED") or [_short_name(v) for v in _values(tags, "ED")]
    if editors:
        raw["editor"] = " and ".join(editors)
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", raw.get("date", ""))
    if year:
        raw["year"] = year.group(1)
    raw["doi"] = _doi(tags)
    return {name: value for name, value in raw.items() if value}


def _given_key(raw: dict[str, str]) -> str:
    """``pmid123`` from the PMID, else ``pmc456`` from the PubMed Central id, else ``""``."""
    pmid = raw.get("pmid", "").split(";")[0].strip()
    if pmid:
        return f"pmid{pmid}"
    pmcid = raw.get("pmcid", "").split(";")[0].strip()
    return pmcid.lower() if pmcid else ""


def parse_medline(text: str, file: str = "<string>", *, registry: KeyRegistry | None = None,
                  first_line: int = 1) -> tuple[list[Record], list[Problem]]:
    """Parse PubMed MEDLINE text (``.nbib``) into records.

    Args:
        text: the file's text.
        file: the file name recorded in sources and problems.
        registry: the key registry shared by all files of one load.
        first_line: the line number of the text's first line.

    Example:
        >>> records, _ = parse_medline("PMID- 1\\nTI  - Co-creation in Danish\\n      municipalities.\\n"
        ...     "FAU - Sørensen, Eva\\nDP  - 2016 Mar\\nJT  - Public Management Review\\n"
        ...     "AD  - Roskilde University, Roskilde, Denmark.\\nLID - 10.1080/pmr.1 [doi]\\n")
        >>> r = records[0]
        >>> r.entry_type, r.title, r.authors, r.year, r.doi, r.venue
        ('article', 'Co-creation in Danish municipalities', ('Sørensen, Eva',), 2016, '10.1080/pmr.1', 'Public Management Review')
    """
    registry = registry if registry is not None else KeyRegistry()
    records: list[Record] = []
    problems: list[Problem] = []
    for line, tags in _records(text, first_line):
        source = Source(file, line)
        raw, cut = cut_long_fields(_raw_fields(tags), source)
        if not raw.get("title") and not raw.get("pmid") and not raw.get("pmcid"):
            problems.append(Problem(file, line, None, "unparsable-entry", "error",
                                    "this record has no PMID, no PMC id and no title and was skipped"))
            continue
        record = make_record("", _entry_type(tags), raw, source, decode=_plain)
        given = _given_key(raw)
        key, problem = registry.claim(given or fallback_key(record.title, record.year, record.authors),
                                      source, generated=not given)
        if problem:
            problems.append(problem)
        problems.extend(dataclasses.replace(p, key=key) for p in cut)
        records.append(record.replace(key=key))
    return records, problems
