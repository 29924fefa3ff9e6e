"""Writing CSL-JSON: the input of pandoc and citeproc-js, and a format Zotero imports.

Each record becomes one CSL item: a valid CSL type, ``author`` and ``editor`` as
family/given names, ``issued`` as date parts. What the analysis added goes where Zotero
keeps it on import: the theme and the national context as ``socinno-theme: ...`` and
``socinno-context: ...`` lines of ``note`` (Zotero's Extra), a summary made from the
abstract as ``annote`` where the record had no annotation.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..files import atomic_write_text
from ..read.csljson import CSL_TO_BIBTEX_TYPE
from ..read.names import split_authors
from ..records import Record
from ..themes.model import Themes
from .bibliography import CONTEXT_FIELD, THEME_FIELD, bibliography_groups

# BibTeX and biblatex types with no CSL type of the same meaning, and the aliases
# that CSL_TO_BIBTEX_TYPE does not produce; the rest is that table read backwards.
_BIBTEX_TO_CSL: dict[str, str] = {
    **{bibtex: csl for csl, bibtex in reversed(CSL_TO_BIBTEX_TYPE.items())},
    "article": "article-journal", "misc": "document", "inbook": "chapter", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "techreport": "report", "online": "webpage",
    "electronic": "webpage", "www": "webpage", "mvbook": "book", "manual": "book", "proceedings": "book",
    "booklet": "pamphlet", "reference": "book", "unpublished": "manuscript",
}
# BibTeX field -> CSL variable; several BibTeX names may give one variable (the first one wins).
_FIELDS: tuple[tuple[str, str], ...] = (
    ("journal", "container-title"), ("journaltitle", "container-title"), ("booktitle", "container-title"),
    ("series", "collection-title"), ("volume", "volume"), ("pages", "page"), ("isbn", "ISBN"),
    ("issn", "ISSN"), ("url", "URL"), ("publisher", "publisher"), ("school", "publisher"),
    ("institution", "publisher"), ("organization", "publisher"), ("address", "publisher-place"),
    ("location", "publisher-place"), ("edition", "edition"), ("type", "genre"), ("eventtitle", "event-title"),
    ("shorttitle", "title-short"), ("shortjournal", "container-title-short"), ("pagetotal", "number-of-pages"),
    ("pmid", "PMID"), ("pmcid", "PMCID"), ("note", "note"),
)
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def csl_name(name: str) -> dict[str, str]:
    """A ``"Last, First"`` name as a CSL name; a name without a comma is kept whole.

    Example:
        >>> csl_name("Sørensen, Eva"), csl_name("King, Jr, Martin"), csl_name("World Bank")
        ({'family': 'Sørensen', 'given': 'Eva'}, {'family': 'King', 'given': 'Martin', 'suffix': 'Jr'}, \
{'literal': 'World Bank'})
    """
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 1 or not parts[0]:
        return {"literal": name.strip()}
    result = {"family": parts[0], "given": parts[-1]} if parts[-1] else {"family": parts[0]}
    if len(parts) == 3 and parts[1]:
        result["suffix"] = parts[1]
    return result


def csl_issued(record: Record) -> dict[str, Any] | None:
    """The record's date as CSL date parts: the full ``date`` field when it agrees with the year.

    Example:
        >>> csl_issued(Record(key="a", year=2019, fields={"date": "2019-05"}))
        {'date-parts': [[2019, 5]]}
    """
    match = _ISO_DATE.match(record.fields.get("date", "").strip())
    if match and (record.year is None or int(match.group(1)) == record.year):
        return {"date-parts": [[int(p) for p in match.groups() if p]]}
    return {"date-parts": [[record.year]]} if record.year else None


def csl_item(record: Record, notes: Mapping[str, str] | None = None, annotation: str = "") -> dict[str, Any]:
    """One record as a CSL item; ``notes`` become ``name: value`` lines of ``note``.

    Example:
        >>> csl_item(Record(key="s", entry_type="article", title="Co-creation", authors=("Sørensen, Eva",),
        ...     year=2016, fields={"journal": "PMR", "number": "3"}), {"socinno-context": "denmark"})
        {'id': 's', 'citation-key': 's', 'type': 'article-journal', 'title': 'Co-creation', \
'author': [{'family': 'Sørensen', 'given': 'Eva'}], 'issued': {'date-parts': [[2016]]}, \
'container-title': 'PMR', 'issue': '3', 'note': 'socinno-context: denmark'}
    """
    fields = record.fields
    kind = _BIBTEX_TO_CSL.get(record.entry_type.lower(), "document")
    item: dict[str, Any] = {"id": record.key, "citation-key": record.key, "type": kind, "title": record.title}
    if record.authors:
        item["author"] = [csl_name(a) for a in record.authors]
    if fields.get("editor", "").strip() and tuple(split_authors(fields["editor"])) != record.authors:
        item["editor"] = [csl_name(e) for e in split_authors(fields["editor"])]
    if issued := csl_issued(record):
        item["issued"] = issued
    for name, variable in _FIELDS:
        if fields.get(name, "").strip() and variable not in item:
            item[variable] = fields[name].strip()
    if "container-title" not in item and record.venue and kind in ("article-journal", "chapter", "paper-conference"):
        item["container-title"] = record.venue
    if fields.get("number", "").strip():
        item["issue" if kind.startswith("article") else "number"] = fields["number"].strip()
    _add_text(item, record, annotation)
    lines = [item.get("note", ""), *(f"{name}: {value}" for name, value in (notes or {}).items() if value)]
    if any(lines):
        item["note"] = "\n".join(line for line in lines if line)
    return item


def _add_text(item: dict[str, Any], record: Record, annotation: str) -> None:
    """DOI, abstract, language, keywords and annotation: the normalised attributes."""
    for variable, value in (("DOI", record.doi), ("abstract", record.abstract), ("language", record.language),
                            ("keyword", ", ".join(record.keywords)), ("annote", record.annotation or annotation)):
        if value:
            item[variable] = value


def format_csl_json(items: Iterable[Mapping[str, Any]]) -> str:
    """CSL items as the text of a CSL-JSON file (UTF-8, indented, one item per object).

    Example:
        >>> print(format_csl_json([{"id": "a", "type": "book", "title": "Æ"}]))
        [
          {
            "id": "a",
            "type": "book",
            "title": "Æ"
          }
        ]
        <BLANKLINE>
    """
    return json.dumps(list(items), ensure_ascii=False, indent=2) + "\n"


def write_csl_json(source: Themes | Corpus | Iterable[Record], path: str | os.PathLike[str], *,
                   summaries: bool = False) -> Path:
    """Write records as CSL-JSON, for pandoc, citeproc-js and Zotero; atomic.

    Each record keeps its key (``id`` and ``citation-key``), type, title, authors, editors,
    date and publication details. Its national context (after :func:`socinno_lit.classify`)
    and, given fitted themes, its theme go into ``note`` lines, which Zotero keeps in Extra.

    Args:
        source: fitted themes, a corpus or records.
        path: the ``.json`` file to write.
        summaries: where a record has no annotation, give ``annote`` the summary of its
            abstract that the annotated bibliography prints.

    Returns:
        The path written.

    Example:
        >>> import tempfile, socinno_lit as sl
        >>> c = Corpus((Record(key="s", entry_type="book", title="Co-creation", authors=("Aa, B",), year=2001),))
        >>> p = write_csl_json(c, Path(tempfile.mkdtemp()) / "library.json")
        >>> r = sl.load(p)["s"]
        >>> r.title, r.authors, r.year
        ('Co-creation', ('Aa, B',), 2001)
    """
    records = source.corpus.records if isinstance(source, Themes) else (
        source.records if isinstance(source, Corpus) else tuple(source))
    groups = bibliography_groups(source if isinstance(source, Themes) else records, group_by=None)
    entries = {id(e.record): e for g in groups for e in g.entries}
    items = []
    for record in records:
        entry = entries[id(record)]
        notes = {THEME_FIELD: entry.theme, CONTEXT_FIELD: record.context or ""}
        items.append(csl_item(record, notes, entry.annotation if summaries else ""))
    return atomic_write_text(path, format_csl_json(items))
