"""Reading RIS and Web of Science tagged exports with rispy.

rispy parses a whole file at once and silently drops a last record that lacks its end
tag, so the text is cut into records here first: each record is parsed on its own, keeps
its line number, and a damaged one becomes a Problem instead of losing the file.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
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
_PRIMARY_AUTHORS = ("first_authors", "authors")  # RIS A1 and AU
_AUTHOR_FIELDS = ("authors", "first_authors", "author_full_name", "secondary_authors")
_END = re.compile(r"^ER\s{1,2}-?\s*$")
_WOS_END = re.compile(r"^ER\s*$")
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  -", re.M)  # match() on a line, search() in a text
_ONE_SPACE_TAG = re.compile(r"^([A-Z][A-Z0-9]) -(?= |$)", re.M)
_WOS_TAG = re.compile(r"^(?:[A-Z][A-Z0-9]) ")


# Tags that name a work: a group of tags after an end tag with one of these is a record
# of its own (its TY line missing), without one it is more of the record before it.
_TITLE_TAGS = frozenset({"TI", "T1", "CT", "BT"})


@dataclasses.dataclass
class _Group:
    """The lines of one record as cut: first line, lines, and where trailing tags began."""

    start: int
    lines: list[str]
    trailing: int | None = None


def _chunks(text: str, end: re.Pattern[str], tag: re.Pattern[str], first_line: int = 1,
            start_tag: str = "TY") -> Iterator[_Group]:
    """Cut tagged text into records, the end tag excluded.

    A start tag (``TY``, ``PT``) always opens a record, even when the one before has no
    end tag. Tags after an end tag and before the next start tag (Ovid writes ``NL``
    there) belong to the record that just ended, unless they name a title: then they
    are a record of their own with its start tag missing.
    """
    held: _Group | None = None  # the record an end tag closed, open to trailing tags
    group: _Group | None = None
    for number, line in enumerate(normalise_newlines(text).split("\n"), start=first_line):
        is_end = end.match(line) is not None
        if is_end or group is not None and line.startswith(start_tag) and tag.match(line):
            held = yield from _settle(held, group, closed=is_end)
            group = None
            if is_end:
                continue
        if group is None:
            if not tag.match(line) or line[:2] in _FILE_HEADERS:
                continue  # headers (FN, VR) and blank lines between records
            group = _Group(number, [])
        group.lines.append(line)
    held = yield from _settle(held, group, closed=False)
    if held is not None:
        yield held


def _settle(held: _Group | None, group: _Group | None, *, closed: bool) -> Iterator[_Group]:
    """Yield what is complete once ``group`` ends; return the record still open to trailing tags."""
    if group is None:
        return held
    if held is not None and not group.lines[0].startswith(("TY", "PT")) and not any(
            line[:2] in _TITLE_TAGS for line in group.lines):
        held.lines.extend(group.lines)
        held.trailing = held.trailing or group.start
        return held
    if held is not None:
        yield held
    if closed:
        return group
    yield group
    return None


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
    # RIS's Y1 is deprecated: a DA date says the year better (Web of Science's PY is
    # also "publication_year", but it has no "date").
    deprecated_y1 = "date" in entry and "year" not in entry
    for name, value in entry.items():
        if name in _AUTHOR_FIELDS or name in ("type_of_reference", "publication_type", "id"):
            continue
        target = name if name == "publication_year" and deprecated_y1 else _RIS_FIELDS.get(name, name)
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
    authors = _authors(entry)
    if authors:
        raw["author"] = " and ".join(authors)
    return raw


def _authors(entry: Mapping[str, Any]) -> list[str]:
    """The authors of a record: RIS's ``A1`` and ``AU`` both, in the order their tags come.

    A name of the second tag that the first already gave is not repeated; names within
    one tag are kept as written, even twice (two people may share a short name).

    Example:
        >>> _authors({"first_authors": ["Doe, J", "Roe, A"], "authors": ["doe,  J", "Lee, K"]})
        ['Doe, J', 'Roe, A', 'Lee, K']
    """
    lists = [entry[n] for n in entry if n in _PRIMARY_AUTHORS and entry[n]]
    if len(lists) < 2:
        listed = lists[0] if lists else next((entry[n] for n in _AUTHOR_FIELDS if entry.get(n)), [])
        return [name for a in listed if (name := a if isinstance(a, str) else _join(a)).strip()]
    names: list[str] = []
    for listed in lists:
        given = Counter(_name_key(n) for n in names)
        for name in (a if isinstance(a, str) else _join(a) for a in listed):
            if not name.strip():
                continue
            if given[_name_key(name)]:
                given[_name_key(name)] -= 1
            else:
                names.append(name)
    return names


def _name_key(name: str) -> str:
    return " ".join(name.replace(",", ", ").split()).casefold()


def _parser(wos: bool) -> rispy.RisParser:
    if wos:
        return rispy.WokParser(mapping=_WOS_MAPPING, list_tags=_WOS_LIST_TAGS, enforce_list_tags=False)
    return rispy.RisParser(enforce_list_tags=False)


# Every Web of Science field tag; a line starting with one and a capitalised word
# ("AUGilles") lost the space after its tag.
_WOS_TAGS = frozenset({*rispy.config.WOK_TAG_KEY_MAPPING, *"""PT AU BA BE GP AF BF CA TI SO SE BS LA DT CT CY
    CL SP HO DE ID AB C1 C3 RP EM RI OI FU FP FX CR NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI
    MA BP EP AR DI DL D2 EA PG WC WE SC GA PM OA HC HP DA UT ER EF FN VR""".split()})
_WOS_LINE = re.compile(r"[A-Z][A-Z0-9](?: |$)")
_WOS_GLUED = re.compile(r"([A-Z][A-Z0-9])(?=[A-Z][a-z])")
# "TI  -x": a RIS tag whose value follows the dash without a space.
_RIS_GLUED = re.compile(r"^([A-Z][A-Z0-9])  -(?=[^ \n])", re.M)


def _wos_lines(lines: list[str]) -> tuple[list[str], list[int]]:
    """Web of Science lines in the form rispy reads, and the indices of guessed tags.

    A line that does not start with a tag and a space continues the line before,
    indented or not; ``AUGilles`` (a known tag and a capitalised word) is read as the
    tag ``AU``, reported as a guess.

    Example:
        >>> _wos_lines(["PT J", "AU Smith, J", "Doe, A", "AUGilles", "TI A", "long title"])
        (['PT J', 'AU Smith, J', '   Doe, A', 'AU Gilles', 'TI A', '   long title'], [3])
    """
    out: list[str] = []
    guessed: list[int] = []
    for index, line in enumerate(lines):
        if _WOS_LINE.match(line) or line.startswith("  "):
            out.append(line)
        elif (glued := _WOS_GLUED.match(line)) and glued.group(1) in _WOS_TAGS:
            out.append(f"{glued.group(1)} {line[2:]}")
            guessed.append(index)
        else:
            out.append("   " + line.strip())
    return out, guessed


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
    text = text if wos else _RIS_GLUED.sub(r"\1  - ", _two_spaces(text))
    end = end_tag(wos)
    tag = _WOS_TAG if wos else _RIS_TAG
    start_tag = "PT" if wos else "TY"
    for group in _chunks(text, end, tag, first_line, start_tag):
        line, lines = group.start, group.lines
        if not lines[0].startswith(start_tag):
            problems.append(Problem(file, line, None, "missing-type", "warning",
                                    f"record has no {start_tag} line; it was read as a generic work"))
            lines = [f"{start_tag}  - GEN" if not wos else "PT J", *lines]
        lines, guessed = _wos_lines(lines) if wos else (lines, [])
        try:
            entry = _parse_chunk(lines, wos)
        except Exception as err:  # noqa: BLE001 - rispy raises bare errors on malformed tags
            problems.append(Problem(file, line, None, "unparsable-entry", "error",
                                    f"this record could not be read and was skipped: {err}"))
            continue
        records.append(_to_record(entry, Source(file, line), wos, registry, problems))
        problems.extend(Problem(file, line + i, records[-1].key, "guessed-tag", "warning",
                                f"'{lines[i][:2]}' followed by text without a space was read as the tag "
                                f"{lines[i][:2]}") for i in guessed)
        if group.trailing is not None:
            problems.append(Problem(file, group.trailing, records[-1].key, "tags-after-end", "info",
                                    f"tags after the end of the record on line {line} were read as part of it"))
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
