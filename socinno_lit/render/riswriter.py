"""Writing a corpus as RIS, the tagged format every reference manager imports.

rispy writes the tags; this module only says which field goes under which tag, the
reverse of the mapping the RIS reader uses, so that loading the file gives the same
records (key, type, authors, title, year, venue, DOI, keywords, abstract, affiliations).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import rispy

from ..corpus import Corpus
from ..files import atomic_write_text
from ..records import Record

# BibTeX entry types -> RIS types; the reader maps each of these back to the same type.
_TYPES = {
    "article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inbook": "CHAP", "inproceedings": "CONF",
    "conference": "CONF", "phdthesis": "THES", "mastersthesis": "THES", "techreport": "RPRT",
    "online": "ELEC", "unpublished": "UNPB", "dataset": "DATA",
}
# rispy field names filled from a record's original (BibTeX-named) fields.
_PLAIN_FIELDS = {
    "publisher": "publisher", "volume": "volume", "number": "number", "issn": "issn",
    "place_published": "address", "edition": "edition",
}
_PAGES = re.compile(r"\s*[-–—]+\s*")


def _one_line(value: str) -> str:
    """RIS values live on one line: a line break would start a new, unknown tag."""
    return " ".join(value.split())


def ris_entry(record: Record) -> dict[str, Any]:
    """One record as a rispy entry (field names as rispy spells them).

    Example:
        >>> entry = ris_entry(Record(key="a1", entry_type="article", title="Co-creation",
        ...                          authors=("Sørensen, Eva",), year=2016, venue="Adm. & Society"))
        >>> entry["type_of_reference"], entry["authors"], entry["secondary_title"]
        ('JOUR', ['Sørensen, Eva'], 'Adm. & Society')
    """
    fields = record.fields
    entry: dict[str, Any] = {"type_of_reference": _TYPES.get(record.entry_type, "GEN"), "id": record.key}
    values: dict[str, Any] = {
        "authors": [_one_line(a) for a in record.authors],
        "title": record.title,
        "year": str(record.year) if record.year else "",
        "secondary_title": record.venue,
        "abstract": record.abstract,
        "doi": record.doi,
        "keywords": [_one_line(k) for k in record.keywords],
        "author_address": "; ".join(record.affiliations),
        "language": record.language,
        "notes": [_one_line(record.annotation)] if record.annotation else [],
        "urls": [fields["url"]] if fields.get("url") else [],
        **{name: fields.get(field, "") for name, field in _PLAIN_FIELDS.items()},
    }
    pages = _PAGES.split(fields.get("pages", "").strip(), maxsplit=1)
    values.update(start_page=pages[0], end_page=pages[1] if len(pages) > 1 else "")
    for name, value in values.items():
        if value:
            entry[name] = value if isinstance(value, list) else _one_line(value)
    return entry


class _Writer(rispy.RisWriter):
    """RIS as reference managers write it: no numbered line before each record."""

    def set_header(self, count: int) -> str:
        return ""


def dumps_ris(corpus: Corpus) -> str:
    """The corpus as RIS text.

    Example:
        >>> print(dumps_ris(Corpus((Record(key="a", entry_type="book", title="T", year=2020),))))
        TY  - BOOK
        ID  - a
        TI  - T
        PY  - 2020
        ER  - 
        <BLANKLINE>
    """
    return rispy.dumps([ris_entry(r) for r in corpus], implementation=_Writer)


def write_ris(corpus: Corpus, path: str | os.PathLike[str]) -> Path:
    """Write the corpus as RIS (atomically); loading the file gives the same records.

    Example:
        >>> import tempfile
        >>> from socinno_lit.read.loading import load
        >>> out = write_ris(Corpus((Record(key="a", title="Co-creation", year=2016),)),
        ...                 Path(tempfile.mkdtemp()) / "clean.ris")
        >>> [(r.key, r.title, r.year) for r in load(out)]
        [('a', 'Co-creation', 2016)]
    """
    return atomic_write_text(path, dumps_ris(corpus))
