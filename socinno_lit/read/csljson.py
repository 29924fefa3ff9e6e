"""CSL-JSON: the citation format of Zotero, Better BibTeX, pandoc and citeproc-js.

A CSL-JSON file is a list of items, each an object with a ``type`` and CSL variables
(``title``, ``author`` as family/given names, ``issued`` as date parts ...). Each item
becomes a :class:`~socinno_lit.records.Record` whose ``fields`` carry BibTeX names, so
that everything downstream (references, BibTeX output) treats it like any other entry.
The Zotero reader builds CSL items from the database and uses the same conversion.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..keys import KeyRegistry, fallback_key
from ..records import Problem, Record, Source
from .latex import fold_whitespace
from .mapping import make_record

# CSL types and variables to BibTeX names. Hand-written: no Python library maps CSL to
# BibTeX; the choices follow Zotero's and pandoc's BibTeX (biblatex) conversions.
CSL_TO_BIBTEX_TYPE: dict[str, str] = {
    "article": "misc", "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "review": "article", "review-book": "article",
    "book": "book", "classic": "book", "collection": "collection", "pamphlet": "booklet",
    "chapter": "incollection", "entry-dictionary": "incollection", "entry-encyclopedia": "incollection",
    "paper-conference": "inproceedings", "thesis": "thesis", "report": "techreport",
    "manuscript": "unpublished", "webpage": "online", "post": "online", "post-weblog": "online",
    "dataset": "dataset", "software": "software", "patent": "patent", "standard": "standard",
    "periodical": "periodical",
}
_TEXT_TO_BIBTEX: dict[str, str] = {
    "title": "title", "collection-title": "series", "volume": "volume", "issue": "number",
    "number": "number", "page": "pages", "DOI": "doi", "ISBN": "isbn", "ISSN": "issn", "URL": "url",
    "abstract": "abstract", "language": "language", "publisher": "publisher",
    "publisher-place": "address", "edition": "edition", "genre": "type", "note": "note",
    "annote": "annote", "keyword": "keywords", "event-title": "eventtitle", "title-short": "shorttitle",
    "number-of-pages": "pagetotal", "container-title-short": "shortjournal",
    "journalAbbreviation": "shortjournal", "PMID": "pmid", "PMCID": "pmcid",
}
_NAMES_TO_BIBTEX: dict[str, str] = {"container-author": "bookauthor", "collection-editor": "serieseditor"}
_DATES_TO_BIBTEX: dict[str, str] = {"issued": "date", "accessed": "urldate"}
_ARTICLES = frozenset({"article", "article-journal", "article-magazine", "article-newspaper", "review",
                       "review-book", "periodical"})
# Names no CSL item has, and that other JSON works do (OpenAlex: display_name, authorships).
_NOT_CSL = frozenset({"display_name", "authorships", "publication_year", "primary_location"})
_BREAKS = re.compile(r"[\n\r\t\v\f\u2028\u2029]")
_LINED = frozenset({"note", "annote"})  # "key: value" lines and paragraphs that must stay apart
# Better BibTeX keeps a key in Zotero's "extra" field (CSL "note") as "Citation Key: key".
_CITATION_KEY = re.compile(r"^\s*citation\s*key\s*:\s*(\S+)\s*$", re.I | re.M)


def looks_like_csl_json(data: Any) -> bool:
    """Whether parsed JSON is CSL-JSON: a list of objects with a ``type`` and a ``title`` or ``id``.

    Example:
        >>> looks_like_csl_json([{"id": "a", "type": "book", "title": "T"}])
        True
        >>> looks_like_csl_json([{"id": "https://openalex.org/W1", "type": "article", "title": "T",
        ...                       "display_name": "T"}])
        False
    """
    items = [data] if isinstance(data, dict) and "type" in data and "id" in data else data
    if not isinstance(items, list) or not items:
        return False
    objects = [i for i in items[:20] if isinstance(i, dict)]  # a stray value is reported, not fatal
    return bool(objects) and all(isinstance(i.get("type"), str) and ("title" in i or "id" in i)
                                 and not _NOT_CSL.intersection(i) for i in objects)


def csl_names(value: Any) -> list[str]:
    """CSL name objects as ``"Family, Given"`` strings (a literal name as it stands).

    Example:
        >>> csl_names([{"family": "Sørensen", "given": "Eva"}, {"literal": "World Bank"}, {"family": "Aa"}])
        ['Sørensen, Eva', 'World Bank', 'Aa']
    """
    names = []
    for name in value if isinstance(value, list) else []:
        if not isinstance(name, dict):
            continue
        family = " ".join(str(name.get(p, "")).strip() for p in ("non-dropping-particle", "family")).strip()
        given = " ".join(str(name.get(p, "")).strip() for p in ("given", "dropping-particle")).strip()
        suffix = str(name.get("suffix", "")).strip()
        if family:
            names.append(", ".join(p for p in (family, suffix, given) if p))
        elif name.get("literal") or given:
            names.append(str(name.get("literal") or given).strip())
    return names


def csl_date(value: Any) -> str:
    """A CSL date as ISO text (``2019``, ``2019-05``, ``2019-05-01``) or its raw text.

    Example:
        >>> csl_date({"date-parts": [[2019, 5]]}), csl_date({"raw": "Spring 2001"}), csl_date("2003")
        ('2019-05', 'Spring 2001', '2003')
    """
    if isinstance(value, dict):
        parts = value.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            first = [str(p).strip() for p in parts[0][:3]]
            if first[0]:
                return "-".join([first[0], *(p.zfill(2) for p in first[1:] if p)])
        return str(value.get("raw") or value.get("literal") or value.get("season") or "").strip()
    return str(value).strip() if isinstance(value, str | int) else ""


def csl_fields(item: Mapping[str, Any]) -> dict[str, str]:
    """An item's CSL variables under BibTeX field names; other variables keep their CSL name.

    Example:
        >>> csl_fields({"type": "chapter", "container-title": "Handbook", "page": "1-9",
        ...             "editor": [{"family": "Aa", "given": "B"}], "issued": {"date-parts": [[2001]]}})
        {'booktitle': 'Handbook', 'pages': '1-9', 'editor': 'Aa, B', 'date': '2001', 'year': '2001'}
    """
    kind = str(item.get("type", ""))
    fields: dict[str, str] = {}
    for variable, value in item.items():
        if variable in ("id", "type", "citation-key") or value in (None, "", []):
            continue
        if variable in _DATES_TO_BIBTEX or isinstance(value, dict):
            text, name = csl_date(value), _DATES_TO_BIBTEX.get(variable, variable)
        elif isinstance(value, list):
            text, name = " and ".join(csl_names(value)), _NAMES_TO_BIBTEX.get(variable, variable)
        else:
            text, name = _text(str(value), variable in _LINED), _field_name(variable, kind)
        if text and not (name == "number" and "number" in fields):
            fields[name] = text
    if "date" in fields and (year := re.match(r"\d{4}", fields["date"])):
        fields["year"] = year.group(0)
    return fields


def _field_name(variable: str, kind: str) -> str:
    if variable == "container-title":
        return "journal" if kind in _ARTICLES else "booktitle"
    if variable == "publisher":
        return {"thesis": "school", "report": "institution"}.get(kind, "publisher")
    return _TEXT_TO_BIBTEX.get(variable, variable)


def csl_key(item: Mapping[str, Any]) -> str:
    """The citation key an item states: ``citation-key``, a key-like ``id``, or ``Citation Key:`` in its note.

    Zotero's own export gives item URIs as ids (``http://zotero.org/users/1/items/AB12``):
    those are not keys, and ``""`` is returned.

    Example:
        >>> csl_key({"id": "smith2019"}), csl_key({"id": "http://zotero.org/groups/1/items/X"})
        ('smith2019', '')
    """
    stated = str(item.get("citation-key") or "").strip()
    if stated:
        return stated
    found = _CITATION_KEY.search(str(item.get("note") or ""))
    if found:
        return found.group(1)
    ident = str(item.get("id") or "").strip()
    return ident if ident and not re.search(r"[/\s]", ident) else ""


def csl_record(item: Mapping[str, Any], key: str, source: Source) -> Record:
    """A Record from one CSL item under ``key``.

    Example:
        >>> r = csl_record({"type": "article-journal", "title": "Co-creation", "container-title": "PMR",
        ...     "author": [{"family": "Torfing", "given": "Jacob"}], "issued": {"date-parts": [["2016"]]},
        ...     "DOI": "10.1080/X"}, "t", Source("lib.json"))
        >>> r.entry_type, r.authors, r.year, r.venue, r.doi
        ('article', ('Torfing, Jacob',), 2016, 'PMR', '10.1080/x')
    """
    kind = str(item.get("type", ""))
    fields = csl_fields(item)
    record = make_record(key, CSL_TO_BIBTEX_TYPE.get(kind, "misc"), fields, source, decode=str.strip)
    authors = csl_names(item.get("author")) or csl_names(item.get("editor"))
    keywords = tuple(k.strip() for k in re.split(r"[;,]", fields.get("keywords", "")) if k.strip())
    return record.replace(authors=tuple(authors), keywords=tuple(dict.fromkeys(keywords)))


def _text(value: str, lined: bool) -> str:
    """Plain text (CSL-JSON holds no LaTeX): white space folded, within lines only where lines matter.

    Example:
        >>> _text(" Citation Key: a\\n\\n  tex.x:  y ", True), _text("A\\n  title", False), _text(" A  b ", False)
        ('Citation Key: a\\ntex.x: y', 'A title', 'A  b')
    """
    if not lined:  # kept as stored unless it breaks lines: a title must equal the library's
        return fold_whitespace(value) if _BREAKS.search(value) else value.strip()
    return "\n".join(line for line in (fold_whitespace(v) for v in value.splitlines()) if line)


def parse_csl_json(text: str, file: str, registry: KeyRegistry | None = None) -> tuple[list[Record], list[Problem]]:
    """Records and problems from the text of a CSL-JSON file.

    Example:
        >>> rs, ps = parse_csl_json('[{"id": "a", "type": "book", "title": "One"}, 7]', "lib.json")
        >>> [r.title for r in rs], [p.code for p in ps]
        (['One'], ['unparsable-entry'])
    """
    registry = registry or KeyRegistry()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return [], [Problem(file, err.lineno, None, "unparsable-file", "error",
                            f"not valid JSON ({err.msg}, column {err.colno}): nothing was read")]
    items = [data] if isinstance(data, dict) else data if isinstance(data, list) else []
    return csl_items(items, file, registry)


def csl_items(items: Iterable[Any], file: str, registry: KeyRegistry) -> tuple[list[Record], list[Problem]]:
    """Records from CSL items; an item that is not an object is a problem, not a record."""
    records: list[Record] = []
    problems: list[Problem] = []
    for n, item in enumerate(items, start=1):
        source = Source(file, None)
        if not isinstance(item, dict):
            problems.append(Problem(file, None, None, "unparsable-entry", "error",
                                    f"item {n} is a JSON {type(item).__name__}, not an object: it was skipped"))
            continue
        stated = csl_key(item)
        if stated:
            key, problem = registry.claim(stated, source)
        else:
            fields = csl_fields(item)
            guess = fallback_key(fields.get("title", ""), _year(fields), tuple(csl_names(item.get("author"))))
            key, problem = registry.claim(guess, source, generated=True)
        records.append(csl_record(item, key, source))
        problems.extend([problem] if problem else [])
    return records, problems


def _year(fields: Mapping[str, str]) -> int | None:
    return int(fields["year"]) if fields.get("year", "").isdigit() else None
