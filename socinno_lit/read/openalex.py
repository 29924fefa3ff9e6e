"""Saved OpenAlex works as a format: list pages, JSON arrays, JSON Lines, single works, gzip.

OpenAlex (CC0) describes every work with its authorships, their institutions and ISO
country codes, and the abstract as an inverted index (word -> positions). This module maps
a work to a :class:`~socinno_lit.records.Record` as any other export: the bare DOI, title,
year, venue, authors, the abstract rebuilt from the index, the raw affiliation strings, the
institutions' country codes in ``Record.countries``, and the OpenAlex id, language,
referenced works and cited-by count kept as fields. Both the current schema
(``primary_location``, ``language``, ``primary_topic``) and the older one (``host_venue``,
no ``language``) are read.

A file is recognised by its content, not its suffix: an OpenAlex work has an ``id`` of the
form ``https://openalex.org/W...`` and ``authorships``. So other JSON formats can share
the ``.json`` suffix.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO
from weakref import WeakKeyDictionary

from ..errors import InputError
from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .latex import fold_whitespace
from .mapping import cut_long_fields, make_record, normalise_doi

#: This many first bytes (decompressed) tell whether a file holds OpenAlex works.
HEAD_BYTES = 2**16
_GZIP_MAGIC = b"\x1f\x8b"
_WORK_ID = re.compile(r"^https://openalex\.org/(W\d+)$")
_WORK_HEAD = re.compile(rb'"https://openalex\.org/W\d+"')
_DATE = re.compile(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?$")

# OpenAlex work types (and Crossref's, which older works carry in ``type``) as BibTeX types.
ENTRY_TYPES = {
    "article": "article", "journal-article": "article", "review": "article", "letter": "article",
    "editorial": "article", "erratum": "article", "book": "book", "monograph": "book",
    "book-chapter": "incollection", "book-section": "incollection", "book-part": "incollection",
    "dissertation": "phdthesis", "proceedings-article": "inproceedings", "report": "techreport",
    "preprint": "unpublished", "posted-content": "unpublished",
}


def looks_like_openalex(head: bytes) -> bool:
    """Whether the first bytes of a (decompressed) file show OpenAlex works.

    Example:
        >>> looks_like_openalex(b'{"id": "https://openalex.org/W1", "authorships": []}')
        True
        >>> looks_like_openalex(b'[{"id": "ITEM-1", "type": "article-journal"}]')
        False
    """
    return bool(_WORK_HEAD.search(head)) and b'"authorships"' in head


def is_openalex_file(path: Path) -> bool:
    """Whether ``path`` holds OpenAlex works (plain or gzipped); False when unreadable."""
    try:
        with _open(path) as stream:
            head = stream.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        return False
    return looks_like_openalex(head.lstrip(b"\xef\xbb\xbf \t\r\n"))


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        gzipped = probe.read(2) == _GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else path.open("rb")  # type: ignore[return-value]


def read_openalex(path: Path, registry: KeyRegistry | None = None) -> tuple[list[Record], list[Problem]]:
    """Read a file of OpenAlex works: a list page, an array, JSON Lines or one work, maybe gzipped.

    JSON Lines (the snapshot's ``part_000.gz``) is read line by line in bounded memory;
    a damaged line or a truncated archive is a problem, and the works before it are kept.

    Raises:
        InputError: the file cannot be opened.

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "w.jsonl"
        >>> _ = p.write_text('{"id": "https://openalex.org/W1", "publication_year": 2001, "authorships": []}\\n')
        >>> records, problems = read_openalex(p)
        >>> records[0].fields["openalex"], [x.code for x in problems]
        ('W1', ['missing-title', 'no-authors'])
    """
    reader = _WorkReader(str(path), registry if registry is not None else KeyRegistry())
    try:
        with _open(path) as stream:
            for line, item in _items(stream, reader):
                reader.add(item, line)
    except OSError as err:
        if isinstance(err, gzip.BadGzipFile):
            reader.problem(None, None, "invalid-gzip", "error", f"the gzip archive is damaged ({err})")
        else:
            raise InputError(f"{path}: cannot be read ({err.strerror or err})") from None
    except (EOFError, zlib.error) as err:
        reader.problem(None, None, "invalid-gzip", "error",
                       f"the gzip archive ends early or is damaged ({err}); the works before were kept")
    if not reader.records and not reader.problems:
        reader.problem(None, None, "empty-file", "warning", "the file holds no OpenAlex works")
    return reader.records, reader.problems


def parse_openalex(text: str, file: str = "<string>", registry: KeyRegistry | None = None,
                   ) -> tuple[list[Record], list[Problem]]:
    """Read OpenAlex works from text (a page, an array, JSON Lines or one work).

    Example:
        >>> text = '{"id": "https://openalex.org/W2", "doi": "https://doi.org/10.1234/X", "title": "T",'
        >>> text += ' "publication_year": 2020, "authorships": [{"author": {"display_name": "Eva Sørensen"},'
        >>> text += ' "institutions": [{"country_code": "DK"}], "raw_affiliation_strings": ["Roskilde University"]}],'
        >>> text += ' "abstract_inverted_index": {"We": [0], "study": [1], "it.": [2]}}'
        >>> r = parse_openalex(text)[0][0]
        >>> r.doi, r.authors, r.year, r.countries, r.abstract, r.affiliations
        ('10.1234/x', ('Sørensen, Eva',), 2020, ('DK',), 'We study it.', ('Roskilde University',))
    """
    import io

    reader = _WorkReader(file, registry if registry is not None else KeyRegistry())
    for line, item in _items(io.BytesIO(text.encode("utf-8")), reader):
        reader.add(item, line)
    return reader.records, reader.problems


def _items(stream: BinaryIO, reader: _WorkReader) -> Iterator[tuple[int | None, Any]]:
    """The works of a stream with their line (JSON Lines) or None (one JSON document)."""
    first, number = stream.readline(), 1
    while first and not first.strip():
        first, number = stream.readline(), number + 1
    try:
        value = json.loads(first) if first.strip() not in (b"{", b"[") else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        value = None
    if isinstance(value, dict) and not _is_page(value):
        yield number, value
        yield from _json_lines(stream, number, reader)
        return
    document = first + stream.read()
    try:
        data = json.loads(document)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        line = getattr(err, "lineno", None)
        reader.problem(line, None, "invalid-json", "error", f"not valid JSON ({_reason(err)}): nothing was read")
        return
    for item in _works_of(data, reader):
        yield None, item


def _json_lines(stream: BinaryIO, first: int, reader: _WorkReader) -> Iterator[tuple[int | None, Any]]:
    for number, line in enumerate(stream, start=first + 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as err:
            reader.problem(number, None, "invalid-json", "error", f"line is not valid JSON ({_reason(err)}); skipped")


def _reason(err: Exception) -> str:
    return err.msg if isinstance(err, json.JSONDecodeError) else str(err)


def _is_page(value: Mapping[str, Any]) -> bool:
    return isinstance(value.get("results"), list)


def _works_of(data: Any, reader: _WorkReader) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and _is_page(data):
        return data["results"]
    if isinstance(data, dict) and ("authorships" in data or "id" in data):
        return [data]
    reader.problem(None, None, "unknown-format", "error",
                   "JSON that holds no OpenAlex works (no list page, array or work): nothing was read")
    return []


# --- one work ----------------------------------------------------------------------------


# OpenAlex id -> DOI of its first copy, per key registry: one load() shares its registry
# across files, so a work saved in two files (a page and a resumed fetch) is read once.
_SEEN: WeakKeyDictionary[KeyRegistry, dict[str, str]] = WeakKeyDictionary()


class _WorkReader:
    """Turns works into records, remembering ids so that a repeated work is noticed."""

    def __init__(self, file: str, registry: KeyRegistry) -> None:
        self.file = file
        self.registry = registry
        self.records: list[Record] = []
        self.problems: list[Problem] = []
        self.seen = _SEEN.setdefault(registry, {})
        self.position = 0

    def problem(self, line: int | None, key: str | None, code: str, severity: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, key, code, severity, message))  # type: ignore[arg-type]

    def add(self, work: Any, line: int | None) -> None:
        self.position += 1
        where = f"work {self.position}"
        if not isinstance(work, dict) or not (work.get("title") or work.get("authorships") or work.get("id")):
            self.problem(line, None, "not-a-work", "error", f"{where} is not an OpenAlex work: skipped")
            return
        openalex_id, id_problem = _work_id(work)
        doi = normalise_doi(str(work.get("doi") or ""))
        if openalex_id and openalex_id in self.seen and self.seen[openalex_id] == doi:
            self.problem(line, None, "duplicate-work", "warning",
                         f"{where} repeats {openalex_id} (same DOI): the later copy was skipped")
            return
        record, cut = _record(work, Source(self.file, line), openalex_id, doi)
        key, _ = self.registry.claim(fallback_key(record.title, record.year, record.authors),
                                     record.source, generated=True)
        problems = [*cut, *([id_problem] if id_problem else []), *_checks(work, record)]
        if openalex_id and openalex_id in self.seen:
            problems.append(("duplicate-id", f"{openalex_id} was given to an earlier work with another DOI "
                                             f"({self.seen[openalex_id] or 'none'}); both were kept"))
        if openalex_id:
            self.seen.setdefault(openalex_id, doi)
        for code, message in problems:
            self.problem(line, key, code, "warning", f"{where}: {message}")
        self.records.append(record.replace(key=key))


def parse_work(work: Mapping[str, Any]) -> Record:
    """One OpenAlex work as a record, keyed by its OpenAlex id (no problems are reported).

    Example:
        >>> r = parse_work({"id": "https://openalex.org/W7", "title": "T", "language": "da",
        ...                 "authorships": [{"institutions": [{"country_code": "DK"}]}]})
        >>> r.key, r.language, r.countries
        ('W7', 'da', ('DK',))
    """
    openalex_id, _ = _work_id(work)
    doi = normalise_doi(str(work.get("doi") or ""))
    record, _ = _record(work, Source("<openalex>"), openalex_id, doi)
    return record.replace(key=openalex_id or doi or "work")


def _work_id(work: Mapping[str, Any]) -> tuple[str, tuple[str, str] | None]:
    """The short id (``W2741809807``) and a problem when it is missing or malformed."""
    raw = work.get("id")
    if not raw:
        return "", ("missing-id", "the work has no OpenAlex id; it was kept without one")
    match = _WORK_ID.match(str(raw).strip())
    if not match:
        return "", ("bad-id", f"{str(raw)[:80]!r} is not an OpenAlex work id; it was kept without one")
    return match.group(1), None


def _checks(work: Mapping[str, Any], record: Record) -> list[tuple[str, str]]:
    """Warnings for the parts of a work that are missing or malformed."""
    found = []
    if not record.title:
        found.append(("missing-title", "the work has no title"))
    date = work.get("publication_date")
    if date is not None and not _DATE.match(str(date)):
        found.append(("bad-date", f"publication_date {str(date)[:40]!r} is not a date; it was ignored"))
    if not isinstance(work.get("publication_year"), int):
        found.append(("missing-year", "publication_year is missing or not a number"
                      + (f"; the year {record.year} was read from the date" if record.year else "")))
    if not work.get("authorships"):
        found.append(("no-authors", "the work lists no authorships"))
    index = work.get("abstract_inverted_index")
    if index is not None and not isinstance(index, dict):
        found.append(("bad-abstract", "abstract_inverted_index is not an index of words; no abstract"))
    return found


def _record(work: Mapping[str, Any], source: Source, openalex_id: str, doi: str,
            ) -> tuple[Record, list[tuple[str, str]]]:
    authorships = [a for a in _list(work.get("authorships")) if isinstance(a, dict)]
    affiliations = tuple(dict.fromkeys(fold_whitespace(a) for s in authorships for a in _raw_affiliations(s) if a.strip()))
    countries = work_countries(work)
    fields = {name: value for name, value in _fields(work, authorships, openalex_id, doi).items() if value}
    if affiliations:
        fields["affiliation"] = "; ".join(affiliations)
    if countries:
        fields["countries"] = ", ".join(countries)
    fields, cut = cut_long_fields(fields, source)
    kind = str(work.get("type_crossref") or work.get("type") or "")
    record = make_record("", ENTRY_TYPES.get(kind, "misc"), fields, source, decode=fold_whitespace)
    record = record.replace(affiliations=affiliations, countries=countries)
    return record, [(p.code, p.message) for p in cut]


def _fields(work: Mapping[str, Any], authorships: list[dict[str, Any]], openalex_id: str, doi: str) -> dict[str, str]:
    venue, publisher = _venue(work)
    biblio = work.get("biblio") if isinstance(work.get("biblio"), dict) else {}
    pages = "--".join(str(p) for p in (biblio.get("first_page"), biblio.get("last_page")) if p)
    year = work.get("publication_year")
    date = str(work.get("publication_date") or "")
    topic = work.get("primary_topic") if isinstance(work.get("primary_topic"), dict) else {}
    referenced = [_short(w) for w in _list(work.get("referenced_works")) if isinstance(w, str)]
    return {
        "title": str(work.get("title") or work.get("display_name") or ""),
        "author": " and ".join(_author_name(a) for a in authorships if _author_name(a)),
        "year": str(year) if isinstance(year, int) else "",
        "date": date if _DATE.match(date) else "",
        "journal": venue,
        "publisher": publisher,
        "volume": str(biblio.get("volume") or ""),
        "number": str(biblio.get("issue") or ""),
        "pages": pages,
        "doi": doi,
        "abstract": rebuild_abstract(work.get("abstract_inverted_index")),
        "language": str(work.get("language") or ""),
        "openalex": openalex_id,
        "cited_by_count": str(work["cited_by_count"]) if isinstance(work.get("cited_by_count"), int) else "",
        "referenced_works": " ".join(referenced),
        "topic": str(topic.get("display_name") or ""),
    }


def _venue(work: Mapping[str, Any]) -> tuple[str, str]:
    """Venue and publisher: ``primary_location.source`` now, ``host_venue`` in the older schema."""
    location = work.get("primary_location")
    source = location.get("source") if isinstance(location, dict) else None
    if isinstance(source, dict):
        return str(source.get("display_name") or ""), str(source.get("host_organization_name") or "")
    host = work.get("host_venue")
    if isinstance(host, dict):
        return str(host.get("display_name") or ""), str(host.get("publisher") or "")
    return "", ""


def _author_name(authorship: Mapping[str, Any]) -> str:
    author = authorship.get("author")
    name = author.get("display_name") if isinstance(author, dict) else None
    name = name or authorship.get("raw_author_name") or ""
    # Braces keep a name whole for the BibTeX-style name parser; " and " would split it.
    return str(name).replace("{", "").replace("}", "").replace(" and ", " {and} ").strip()


def _raw_affiliations(authorship: Mapping[str, Any]) -> list[str]:
    raw = authorship.get("raw_affiliation_strings")
    if isinstance(raw, list) and raw:
        return [str(a) for a in raw if a]
    if authorship.get("raw_affiliation_string"):  # the older schema: one string
        return [str(authorship["raw_affiliation_string"])]
    return [str(i["display_name"]) for i in _list(authorship.get("institutions"))
            if isinstance(i, dict) and i.get("display_name")]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _short(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def work_countries(work: Mapping[str, Any]) -> tuple[str, ...]:
    """The ISO 3166-1 alpha-2 codes of a work's institutions, in authorship order, once each.

    Example:
        >>> work_countries({"authorships": [{"institutions": [{"country_code": "dk"}, {"country_code": None}]},
        ...                                 {"institutions": [{"country_code": "SE"}, {"country_code": "DK"}]}]})
        ('DK', 'SE')
    """
    codes = (
        str(institution.get("country_code") or "").upper()
        for authorship in _list(work.get("authorships")) if isinstance(authorship, dict)
        for institution in _list(authorship.get("institutions")) if isinstance(institution, dict)
    )
    return tuple(dict.fromkeys(c for c in codes if len(c) == 2 and c.isalpha()))


def rebuild_abstract(index: Any) -> str:
    """The abstract from OpenAlex's inverted index (word -> positions), words in order.

    Example:
        >>> rebuild_abstract({"Social": [0], "innovation": [1, 3], "and": [2]})
        'Social innovation and innovation'
        >>> rebuild_abstract(None)
        ''
    """
    if not isinstance(index, dict):
        return ""
    placed = sorted((position, str(word)) for word, positions in index.items() for position in _list(positions)
                    if isinstance(position, int))
    return " ".join(word for _, word in placed).strip()
