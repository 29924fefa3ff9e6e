"""Reading CSV exports (Scopus, IEEE Xplore, Springer Link, Lens, Dimensions, Zotero) and
Web of Science tab-delimited files.

Column names differ by exporter; each known name is mapped onto a BibTeX field, and
every column is kept under its own (lower-case, underscored) name.
"""

from __future__ import annotations

import ast
import csv
import dataclasses
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .latex import fold_whitespace
from .mapping import cut_long_fields, make_record

# Lower-cased column name -> BibTeX field. First match wins for each field.
COLUMNS: dict[str, str] = {
    "title": "title", "document title": "title", "item title": "title", "article title": "title",
    "abstract": "abstract", "abstract note": "abstract",
    "authors": "author", "author": "author", "author names": "author", "author full names": "author_full",
    "year": "year", "publication year": "year", "date": "date", "date published": "date",
    "date of publication": "date",
    "source title": "journal", "publication title": "journal", "source": "journal",
    "journal": "journal", "book series title": "series", "publisher": "publisher",
    "volume": "volume", "journal volume": "volume", "issue": "number", "journal issue": "number",
    "doi": "doi", "item doi": "doi", "link": "url", "url": "url", "pdf link": "url",
    "author keywords": "author_keywords", "index keywords": "keywords", "ieee terms": "keywords",
    "manual tags": "keywords", "keywords": "keywords", "affiliations": "affiliations",
    "author affiliations": "affiliations", "language of original document": "language",
    "language": "language", "document type": "document_type", "content type": "document_type",
    "item type": "document_type", "key": "key", "notes": "note", "isbns": "isbn", "issn": "issn",
    "page start": "page_start", "start page": "page_start", "first page": "page_start",
    "page end": "page_end", "end page": "page_end", "last page": "page_end",
}
# Web of Science "Tab-delimited file" exports name their columns by field tag.
WOS_COLUMNS: dict[str, str] = {
    "PT": "publication_type", "AU": "author_short", "AF": "author", "TI": "title", "SO": "journal",
    "AB": "abstract", "DE": "author_keywords", "ID": "keywords", "C1": "c1", "RP": "reprint_address",
    "PY": "year", "PD": "date", "VL": "volume", "IS": "number", "BP": "page_start", "EP": "page_end",
    "DI": "doi", "LA": "language", "DT": "document_type", "UT": "ids", "SN": "issn", "EI": "eissn",
    "PU": "publisher", "BN": "isbn", "SE": "series", "CT": "conference_title", "TC": "times_cited",
    "WC": "wos_categories", "SC": "research_areas", "PM": "pmid", "J9": "shortjournal",
}
_TYPES = {"article": "article", "journal article": "article", "journalarticle": "article",
          "book": "book", "chapter": "incollection", "book chapter": "incollection",
          "conference paper": "inproceedings", "conference proceedings": "inproceedings",
          "conferencepaper": "inproceedings", "review": "article", "thesis": "phdthesis", "report": "techreport"}


def _field_name(column: str) -> str:
    return re.sub(r"\W+", "_", column.strip().lower()).strip("_")


_SURNAME_INITIALS = re.compile(r"^(?P<last>.+?)\s+(?P<initials>(?:[A-Z][a-z]?\.\s?-?)+)$")
# Springer glues names together ("Araz R. AlievNigar T. Ismayilova"); Mc/Mac are not joins.
_GLUED = re.compile(r"(?<=[a-z])(?<!Mc)(?<!Mac)(?=[A-Z][a-z])")


def _person(name: str) -> str:
    """``Phillips J.C.`` (Scopus) -> ``Phillips, J.C.``; other forms are left as written."""
    name = name.strip()
    match = _SURNAME_INITIALS.match(name)
    if match and "," not in name:
        return f"{match.group('last')}, {match.group('initials').strip()}"
    return name


def _authors(value: str) -> str:
    """Scopus writes ``Hao J.; High R.`` (new) or ``Phillips J.C., Braun R.`` (old); tools
    written in Python write a list (``['Smith, J.', 'Doe, A.']``)."""
    listed = _python_list(value)
    if listed is not None:
        return " and ".join(_person(p) for p in listed if p.strip())
    if ";" in value:
        parts = value.split(";")
    elif re.search(r"\.,\s", value):
        parts = re.split(r"(?<=\.),\s+", value)
    elif "," not in value and " and " not in value:
        parts = _GLUED.split(value)
    else:
        return value
    names = (_person(p) for p in parts if p.strip() and p.strip() != "[No author name available]")
    return " and ".join(names)


_LIST_CELL = re.compile(r"^\s*\[\s*(?:'|\"|\])")


def _python_list(value: str) -> list[str] | None:
    """The items of a cell written as a Python list of strings, or None for any other cell.

    Example:
        >>> _python_list("['Smith, J.', 'Doe, A.']"), _python_list("Smith J.")
        (['Smith, J.', 'Doe, A.'], None)
    """
    if not _LIST_CELL.match(value):
        return None
    try:
        items = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return None
    return items


def _is_wos(columns: Iterable[str | None]) -> bool:
    """Whether a header is Web of Science's field tags (``PT AU ... TI ... UT``)."""
    return {"PT", "AU", "TI"} <= {(c or "").strip().lstrip("\ufeff") for c in columns}


def _row_fields(row: dict[str, str], wos: bool = False) -> dict[str, str]:
    raw: dict[str, str] = {}
    for column, value in row.items():
        if column is None or value is None or not str(value).strip():
            continue
        bare = column.strip().lstrip("\ufeff")
        target = WOS_COLUMNS.get(bare) if wos else COLUMNS.get(bare.lower())
        name = target or _field_name(column)
        if name in raw:
            name = _field_name(column)
        listed = _python_list(str(value)) if name != "author" else None
        raw.setdefault(name, "; ".join(listed) if listed is not None else str(value))
    if "journal" in raw and (cited := _EMBASE_SOURCE.match(raw["journal"].strip())):
        _split_embase_source(raw, cited)
    if "author" not in raw and "author_short" in raw:
        raw["author"] = raw.pop("author_short")
    if "author" in raw:
        raw["author"] = _authors(raw["author"])
    if "page_start" in raw:
        raw["pages"] = "--".join(p for p in (raw.pop("page_start"), raw.pop("page_end", "")) if p)
    return raw


#: The delimiters a header is tried with: Excel in Danish and other European locales
#: writes ``;``, Web of Science and some Lens and Dimensions exports a tab.
DELIMITERS = (",", ";", "\t", "|")


def _cells(header: str, delimiter: str) -> list[str]:
    try:
        row = next(csv.reader([header], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [cell.strip().lstrip("\ufeff") for cell in row]


def _known(cells: list[str]) -> int:
    return sum(1 for c in cells if c.lower() in COLUMNS or c in WOS_COLUMNS)


def sniff_delimiter(header: str) -> tuple[str, bool]:
    """The delimiter of a CSV header line, and whether the header confirms it.

    Each candidate splits the header; the one that yields the most known column names
    wins, then the one that yields the most cells. Confirmed means no other delimiter
    splits the header, or none yields as many known names.

    Example:
        >>> sniff_delimiter("Authors;Title;Year;DOI")
        (';', True)
        >>> sniff_delimiter("Titel;Forfatter, første;År")
        (';', False)
    """
    header = header.split("\n", 1)[0].rstrip("\r")
    scored = sorted(((_known(cells), len(cells), -i, d) for i, d in enumerate(DELIMITERS)
                     if len(cells := _cells(header, d)) > 1), reverse=True)
    if not scored:
        return ",", True  # a single column: any delimiter reads it alike
    unsure = len(scored) > 1 and scored[1][0] == scored[0][0]
    return scored[0][3], not unsure


# Embase writes the whole citation in "Source": "Cancer (2004) 102:4 (253-258). Date of
# Publication: 25 Aug 2004".
_EMBASE_SOURCE = re.compile(r"(?P<journal>.+?) \((?P<year>\d{4})\)(?: (?P<volume>[^\s:(]+)(?::(?P<number>[^\s(]+))?)?"
                            r"(?: \((?P<pages>[^)]*)\))?\.?\s*Date of Publication: (?P<date>.+)$", re.S)


def _split_embase_source(raw: dict[str, str], cited: re.Match[str]) -> None:
    """Journal, year, volume, number, pages and date from an Embase citation, where the
    row has none of its own; the citation is kept whole in ``source``.

    Example:
        >>> raw = {"journal": "Cancer (2004) 102:4 (253-258). Date of Publication: 25 Aug 2004"}
        >>> _split_embase_source(raw, _EMBASE_SOURCE.match(raw["journal"]))
        >>> raw["journal"], raw["year"], raw["volume"], raw["number"], raw["pages"], raw["date"]
        ('Cancer', '2004', '102', '4', '253-258', '25 Aug 2004')
    """
    raw["source"] = raw["journal"]
    for name, value in cited.groupdict().items():
        if value and (name == "journal" or not raw.get(name)):
            raw[name] = value.strip()


def looks_like_csv(text: str) -> bool:
    """True when the first line is a header naming a title column.

    Example:
        >>> looks_like_csv('"Authors","Title","Year"\\n"A",  "B", "2001"')
        True
        >>> looks_like_csv('Authors;Title;Year\\nA;B;2001')
        True
    """
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter, _ = sniff_delimiter(header)
    cells = _cells(header, delimiter)
    if len(cells) < 2:
        return False
    return _is_wos(cells) or any("title" in cell.lower() for cell in cells)


def parse_csv(text: str | Iterable[str], file: str = "<string>", *,
              registry: KeyRegistry | None = None) -> tuple[list[Record], list[Problem]]:
    """Parse a CSV export with a header row into records.

    Args:
        text: the CSV text, or its lines (line ends kept) for a file read in pieces.
        file: the file name recorded in sources and problems.
        registry: the key registry shared by all files of one load.

    Example:
        >>> records, _ = parse_csv('Authors,Title,Year,DOI\\n"Hao J.; High R.",Walking,2023,10.1080/x\\n')
        >>> records[0].authors, records[0].year, records[0].doi
        (('Hao, J.', 'High, R.'), 2023, '10.1080/x')
    """
    registry = registry if registry is not None else KeyRegistry()
    records: list[Record] = []
    problems: list[Problem] = []
    lines = io.StringIO(text.lstrip("\ufeff"), newline="") if isinstance(text, str) else iter(text)
    first = next(lines, "")
    delimiter, sure = sniff_delimiter(first)
    if not sure and first.strip():
        problems.append(Problem(file, 1, None, "csv-delimiter", "warning",
                                f"the header names too few known columns to be sure of the delimiter; "
                                f"{_DELIMITER_NAMES[delimiter]} was used"))
    reader = csv.DictReader(itertools.chain([first], lines), delimiter=delimiter)
    ragged: list[int] = []
    try:
        with _unlimited_fields():
            wos = _is_wos(reader.fieldnames or ())  # reads the header: a cell of it may be huge too
            end = 1
            for row in reader:
                start, end = end + 1, reader.line_num
                if end - start > LONG_ROW_LINES:
                    problems.append(_long_row(file, start, end))
                if None in row:  # more cells than the header names: keep them, say so once
                    ragged.append(reader.line_num)
                    row = {**row, "extra": "; ".join(row.pop(None) or [])}  # type: ignore[arg-type]
                records.append(_to_record(row, Source(file, reader.line_num), registry, problems, wos))
    except csv.Error as err:
        problems.append(Problem(file, reader.line_num, None, "unparsable-entry", "error",
                                f"the CSV could not be read past this line: {err}"))
    if ragged:
        problems.append(Problem(file, ragged[0], None, "extra-columns", "warning",
                                f"{len(ragged)} rows have more cells than the header names; "
                                "the extra cells were kept in the field 'extra'"))
    return records, problems


_DELIMITER_NAMES = {",": "the comma", ";": "the semicolon", "\t": "the tab", "|": "the vertical bar"}

#: A row spanning more lines than this is reported: an unbalanced quote joins rows.
LONG_ROW_LINES = 200


def _long_row(file: str, start: int, end: int) -> Problem:
    return Problem(file, start, None, "long-row", "warning",
                   f"the row on lines {start}-{end} runs over {end - start + 1} lines; an unbalanced "
                   "quote may have joined many rows into one, which was kept as a single record")


@contextmanager
def _unlimited_fields() -> Iterator[None]:
    """Lift the csv module's 128 KiB cell limit while reading.

    Past the limit the reader raises and every later row would be lost; a long cell is
    cut to MAX_FIELD_CHARS later, with a warning, like a long BibTeX field.
    """
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, 2**31 - 1))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _to_record(row: dict[str, str], source: Source, registry: KeyRegistry, problems: list[Problem],
               wos: bool = False) -> Record:
    raw, cut = cut_long_fields(_row_fields(row, wos), source)
    kind = raw.get("document_type", "").split(";")[0].strip().lower()
    record = make_record("", _TYPES.get(kind, "article" if raw.get("journal") else "misc"), raw, source,
                         decode=fold_whitespace)
    given = raw.get("key", "").strip()
    key, problem = registry.claim(given or fallback_key(record.title, record.year, record.authors), source,
                                  generated=not given)
    if problem:  # a key column can repeat a key, as BibTeX files do
        problems.append(problem)
    problems.extend(dataclasses.replace(p, key=key) for p in cut)
    return record.replace(key=key)
