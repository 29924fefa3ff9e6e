"""What a reference says, whatever the style: names and the parts of a work.

:func:`read_work` reads, once per record, everything a citation style prints (authors
and editors as :class:`Name`, title, year, container, pages, publisher, link ...);
:mod:`socinno_lit.render.styles` decides the order and punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from titlecase import titlecase

from ..read.names import split_authors
from ..records import Record

# --- names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    """A person ("Last, Jr, First") or, with no comma, an organisation."""

    last: str
    first: str = ""
    suffix: str = ""

    @property
    def corporate(self) -> bool:
        return not self.first and not self.suffix


_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)


@lru_cache(maxsize=1 << 16)  # names recur across records, and every style reads them
def parse_name(name: str) -> Name:
    name = _LEADING_AND.sub("", name.strip())  # Mendeley's "and and"
    parts = [" ".join(p.split()) for p in name.split(",")]
    if len(parts) == 1:
        return Name(parts[0])
    if len(parts) == 2:
        return Name(parts[0], parts[1])
    return Name(parts[0], ", ".join(parts[2:]), parts[1])


_INITIALS_ONLY = re.compile(r"(?:[^\W\d_]\.?[\s-]*)+")


_NAME_PARTS = re.compile(r"\s+|(?<=\.)(?=[^\W\d_])")


@lru_cache(maxsize=1 << 16)
def initials(first: str, *, spaced: bool = True) -> str:
    """Initials of given names: "Eva" -> "E.", "Jean-Paul" -> "J.-P.", "EM" -> "E. M."."""
    out: list[str] = []
    for word in _NAME_PARTS.split(first.strip()):
        letters = word.strip(".")
        if not letters:
            continue
        if letters.isalpha() and letters.isupper() and 1 < len(letters) <= 3 and "." not in word:
            out.extend(c + "." for c in letters)  # Web of Science writes "Sorensen, EM"
            continue
        out.append("-".join(h.strip(".")[:1] + "." for h in letters.split("-") if h.strip(".")))
    return (" " if spaced else "").join(out)


def given_name(first: str) -> str:
    """A given name as Chicago prints it: as exported, unless it is bare initials ("EM")."""
    letters = first.replace(".", "").replace(" ", "")
    if letters.isalpha() and letters.isupper() and len(letters) <= 3:
        return initials(first)
    return first


# --- the parts of a work ----------------------------------------------------------------

_KINDS = {
    "article": "article", "periodical": "article", "suppperiodical": "article",
    "book": "book", "mvbook": "book", "booklet": "book", "manual": "book", "proceedings": "book",
    "collection": "book", "mvcollection": "book", "reference": "book",
    "incollection": "chapter", "inbook": "chapter", "inproceedings": "chapter", "conference": "chapter",
    "bookinbook": "chapter", "inreference": "chapter", "suppbook": "chapter", "suppcollection": "chapter",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
    "techreport": "report", "report": "report",
    "online": "web", "electronic": "web", "webpage": "web", "www": "web",
}
_DATABASE_HOSTS = ("scopus.com", "webofknowledge.com", "webofscience.com", "proquest.com/docview")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_DASH = re.compile(r"(?<=\w)\s*(?:-{1,3}|[‐‑‒–—−])\s*(?=\w)")


@dataclass(frozen=True)
class Work:
    """What a reference needs from a record, read once."""

    kind: str
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    title: str
    year: str
    container: str
    volume: str
    number: str
    pages: str
    article: str
    publisher: str
    edition: str
    thesis: str
    series: str
    series_number: str
    link: str
    accessed: str


def _kind(record: Record) -> str:
    kind = _KINDS.get(record.entry_type.lower(), "misc")
    if kind == "chapter" and record.entry_type.lower() == "inbook" and not _container(record):
        return "book"  # BibTeX's inbook: pages or a chapter of a book whose title is `title`
    if kind == "book" and _container(record) and "chapter" in _field(record, "type", "document_type").lower():
        return "chapter"  # Scopus exports chapters as @BOOK with the book's title in `journal`
    return kind


def _container(record: Record) -> str:
    """The title of the book that holds a chapter."""
    return _field(record, "booktitle", "maintitle", "journal")


def _field(record: Record, *names: str) -> str:
    """The first of the fields that is not blank, white space folded; ``""`` without one."""
    fields = record.fields
    for name in names:  # a loop, not a generator: read a dozen times per reference
        value = fields.get(name, "")
        if value.strip():
            return " ".join(value.split())
    return ""


def _people(value: str) -> tuple[Name, ...]:
    return tuple(parse_name(n) for n in split_authors(value)) if value.strip() else ()


def clean_title(title: str) -> str:
    """The title as exported, trailing full stops and spaces removed."""
    return " ".join(title.split()).rstrip(". ").strip()


# Acronyms common in journal names that keep their capitals; titlecase already keeps
# words without vowels ("BMJ") and "-" joins ("CHANGE-HUMAN" -> "Change-Human").
_ACRONYMS = frozenset({"IEEE", "ACM", "AIDS", "HIV", "JAMA", "PLOS", "OECD", "EU", "USA", "UK", "US", "SIAM",
                       "IFAC", "ASCE", "ASME", "NBER", "IZA", "AMA", "ICT", "NHS", "ASIST", "AI"})
_ROMAN = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")


def _keep_capitals(word: str) -> str | None:
    bare = word.strip(".,;:()")
    return word if bare in _ACRONYMS or _ROMAN.match(bare) else None


def readable_case(name: str) -> str:
    """A name written in capitals only (as Web of Science writes journal names) in title
    case; any other name as it is.

    Example:
        >>> readable_case("GLOBAL ENVIRONMENTAL CHANGE-HUMAN AND POLICY DIMENSIONS")
        'Global Environmental Change-Human and Policy Dimensions'
        >>> readable_case("IEEE TRANSACTIONS ON ENGINEERING MANAGEMENT"), readable_case("BMJ Open")
        ('IEEE Transactions on Engineering Management', 'BMJ Open')
    """
    if not name.isupper():
        return name
    return titlecase(name.lower(), callback=lambda word, **_: _keep_capitals(word.upper()))


def _pages(value: str) -> str:
    return _DASH.sub("–", " ".join(value.split()))


def _link(record: Record) -> str:
    match = _DOI.search(record.fields.get("doi", "")) or _DOI.search(record.doi)
    if match:
        return "https://doi.org/" + match.group(0).rstrip(".,;")
    url = _field(record, "url") or _field(record, "howpublished")
    url = url.split()[0] if url else ""
    if not url.lower().startswith(("http://", "https://")):
        return ""
    if any(host in url.lower() for host in _DATABASE_HOSTS):
        return ""  # a database record page is not where a reader finds the work
    return url


def _edition(value: str) -> str:
    if value.isdigit():
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return value


def _thesis_kind(record: Record) -> str:
    """"phd", "master" or the exported thesis type as written."""
    entry = record.entry_type.lower()
    if entry == "phdthesis":
        return "phd"
    if entry == "mastersthesis":
        return "master"
    stated = _field(record, "type", "type_of_work")
    lowered = stated.lower()
    if "phd" in lowered.replace(".", "") or "doctor" in lowered:
        return "phd"
    if "master" in lowered:
        return "master"
    return stated or "phd"


def _year(record: Record, suffix: str, style: str) -> str:
    if record.year is None:
        return "n.d." + (f"-{suffix}" if suffix and style == "apa" else suffix)
    return f"{record.year}{suffix}"


def read_work(record: Record, style: str, suffix: str) -> Work:
    kind = _kind(record)
    container = (_field(record, "journal", "journaltitle") or record.venue) if kind == "article" else (
        _container(record) if kind == "chapter" else "")
    publisher_fields = {"thesis": ("school", "institution", "publisher"),
                        "report": ("institution", "organization", "publisher")}
    publisher = _field(record, *publisher_fields.get(kind, ("publisher", "organization", "institution")))
    if not publisher and kind in ("book", "thesis", "report"):
        publisher = record.venue  # records built in code may carry only the normalised venue
    return Work(
        kind=kind,
        authors=tuple(parse_name(a) for a in record.authors if a.strip()),
        editors=_people(record.fields.get("editor", "")),
        title=clean_title(record.title),
        year=_year(record, suffix, style),
        container=readable_case(clean_title(container)),
        volume=_field(record, "volume"),
        number=_field(record, "number", "issue") if kind != "report" else "",
        pages=_pages(_field(record, "pages")),
        article=_field(record, "art_number", "article-number", "articleno", "eid"),
        publisher=publisher if kind != "misc" or publisher != container else "",
        edition=_edition(_field(record, "edition")),
        thesis=_thesis_kind(record) if kind == "thesis" else "",
        series=(_field(record, "type") or "Report") if kind == "report" else "",
        series_number=_field(record, "number") if kind == "report" else "",
        link=_link(record),
        accessed=_field(record, "urldate"),
    )
