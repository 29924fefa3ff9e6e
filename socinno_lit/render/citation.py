"""Formatted references: APA 7, Harvard (Cite Them Right) and Chicago author-date (18th ed.).

A :class:`Reference` is *what* to print, as segments of text each marked italic or
not; :meth:`Reference.html`, :meth:`Reference.markdown` and :meth:`Reference.latex`
decide *how*, escaping every segment for their format (pybtex's backends).

The project formats references itself instead of using citeproc-py with CSL styles:
citeproc-py is not installed here, needs CSL-JSON converted from our records (a lossy
step of its own) and its APA support lags CSL's; the three styles below need a few
hundred lines with exact, testable output and no extra dependency.

Style rules applied:

- APA 7: up to 20 authors listed ("A, & B"); 21 or more give the first 19, ". . ." and
  the last. Initials spaced ("Sørensen, E. M."). DOI as ``https://doi.org/...``.
- Harvard (Cite Them Right): "A and B", "A, B and C"; 21 or more give the first and
  "et al."; initials unspaced ("Smith, J.A."); article titles in single quotes.
- Chicago author-date, 18th edition: up to six authors listed, more than six give the
  first three and "et al."; first author inverted, full given names as exported; no
  place of publication.

Titles keep the export's capitalisation; only trailing full stops are removed. Works
without a year get "n.d.". A work without author starts with its title.

Example:
    >>> from socinno_lit.records import Record
    >>> r = Record(key="s", entry_type="article", title="Co-creating public value.",
    ...     authors=("Sørensen, Eva", "Torfing, Jacob"), year=2019,
    ...     fields={"journal": "Public Administration", "volume": "97", "number": "3",
    ...             "pages": "651 - 658", "doi": "10.1111/padm.12345"})
    >>> format_reference(r, "apa").text
    'Sørensen, E., & Torfing, J. (2019). Co-creating public value. Public Administration, 97(3), 651–658. https://doi.org/10.1111/padm.12345'
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote

from markupsafe import Markup, escape

from ..errors import ConfigurationError
from ..read.names import split_authors
from ..records import Record
from .templating import latex_escape, md_escape

__all__ = [
    "STYLES",
    "Reference",
    "Segment",
    "check_style",
    "format_reference",
    "format_references",
    "latex_safe",
    "sort_key",
    "year_suffixes",
]

STYLES = ("apa", "harvard", "chicago")
"""The citation styles :func:`format_reference` knows."""


class Segment(NamedTuple):
    """A run of reference text and whether it is set in italics."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Reference:
    """One formatted reference: plain text segments, some italic, and its link.

    Attributes:
        key: the citation key of the record.
        style: ``"apa"``, ``"harvard"`` or ``"chicago"``.
        segments: the reference as (text, italic) runs, in order.
        url: the DOI link or URL printed in the reference, or ``""``.

    Example:
        >>> ref = Reference("k", "apa", (Segment("Smith, J. (2020). "), Segment("Book", True), Segment(".")))
        >>> ref.text, ref.markdown(), ref.latex()
        ('Smith, J. (2020). Book.', 'Smith, J. \\\\(2020\\\\). *Book*.', 'Smith, J. (2020). \\\\emph{Book}.')
    """

    key: str
    style: str
    segments: tuple[Segment, ...]
    url: str = ""

    @property
    def text(self) -> str:
        """The reference as plain text."""
        return "".join(s.text for s in self.segments)

    def _pieces(self) -> Iterator[tuple[str, bool, bool]]:
        """(text, italic, is_link) runs: the link cut out of the segment that holds it."""
        for segment in self.segments:
            at = segment.text.rfind(self.url) if self.url and not segment.italic else -1
            if at < 0:
                yield segment.text, segment.italic, False
                continue
            head, tail = segment.text[:at], segment.text[at + len(self.url):]
            yield from ((text, False, link) for text, link in ((head, False), (self.url, True), (tail, False)) if text)

    def html(self) -> Markup:
        """The reference as safe HTML: ``<i>`` for italics, the DOI or URL as a link.

        Example:
            >>> str(Reference("k", "apa", (Segment("<b>"), Segment("J", True), Segment(" https://x.org/a."))
            ...     , url="https://x.org/a").html())
            '&lt;b&gt;<i>J</i> <a href="https://x.org/a">https://x.org/a</a>.'
        """
        out = []
        for text, italic, link in self._pieces():
            if link:
                out.append(f'<a href="{escape(_link_target(text))}">{escape(text)}</a>')
            else:
                out.append(f"<i>{escape(text)}</i>" if italic else str(escape(text)))
        return Markup("".join(out))

    def markdown(self) -> str:
        """The reference as Markdown, every character with a meaning escaped.

        Example:
            >>> Reference("k", "apa", (Segment("A_b "), Segment("J*", True), Segment(" x"))).markdown()
            'A\\\\_b *J\\\\** x'
        """
        out = []
        for text, italic, link in self._pieces():
            out.append(f"<{_link_target(text)}>" if link else (_md_italic(text) if italic else _md(text)))
        return _md_block_safe("".join(out))

    def latex(self) -> str:
        """The reference as LaTeX text: escaped, ``\\emph`` for italics, breakable links.

        Example:
            >>> Reference("k", "apa", (Segment("R&D "), Segment("J", True))).latex()
            'R\\\\&D \\\\emph{J}'
        """
        out = []
        for text, italic, link in self._pieces():
            if link:
                out.append(_tex_url(text))
            else:
                out.append(f"\\emph{{{_tex(text)}}}" if italic else _tex(text))
        return "".join(out)

    def render(self, kind: str) -> str:
        """The reference for an output format: ``"html"``, ``"md"``, ``"tex"`` or ``"text"``.

        Example:
            >>> Reference("k", "apa", (Segment("A"),)).render("md")
            'A'
        """
        renderers = {"html": self.html, "md": self.markdown, "tex": self.latex, "text": lambda: self.text}
        if kind not in renderers:
            raise ConfigurationError(f"cannot render a reference as {kind!r}; use one of {', '.join(renderers)}")
        return renderers[kind]()


# --- escaping helpers -------------------------------------------------------------------


def _link_target(url: str) -> str:
    """The URL with characters that may not appear in a link percent-encoded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def _md(text: str) -> str:
    """Markdown-escape ``text`` keeping its outer spaces (segments are joined as they are)."""
    core = text.strip()
    if not core:
        return text
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + md_escape(core) + trail


def _md_italic(text: str) -> str:
    core = text.strip()
    if not core:
        return text
    return _md(text).replace(md_escape(core), f"*{md_escape(core)}*", 1)


_MD_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-=])")


def _md_block_safe(text: str) -> str:
    """Escape a start that Markdown would read as a list or heading ("1. ", "- ", "=")."""
    return _MD_BLOCK_START.sub(lambda m: (m.group(1) + "\\" + m.group(2)) if m.group(1) else "\\" + m.group(3), text)


# Characters that pdfLaTeX with utf8 input and T1/TS1 fonts prints. Derived from the
# kernel's t1enc.dfu and ts1enc.dfu; anything else stops a compile with "Unicode
# character not set up for use with LaTeX".
_TEX_RANGES = ((0x20, 0x7E), (0xA0, 0x125), (0x128, 0x137), (0x139, 0x13E), (0x141, 0x148),
               (0x14A, 0x165), (0x168, 0x17E), (0x218, 0x21B), (0x2010, 0x2016), (0x2018, 0x201A),
               (0x201C, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2030),
               (0x2039, 0x203A), (0x20AC, 0x20AC), (0x2122, 0x2122))
_TEX_FALLBACK = {"≥": ">=", "≤": "<=", "≠": "/=", "−": "-", "→": "->", "←": "<-", "↔": "<->",
                 "’": "'", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u200b": "",
                 "ﬁ": "fi", "ﬂ": "fl", "ı": "i", "ŉ": "'n", "ſ": "s", "\t": " ", "\n": " ", "\r": " "}


def _tex_printable(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in _TEX_RANGES):
        return True
    return latex_escape(char) != char  # the escaper spells it out (≥, β, ∞ ...)


def latex_safe(text: str) -> str:
    """Replace characters pdfLaTeX cannot print with their nearest printable form.

    Characters that :func:`socinno_lit.render.templating.latex_escape` spells out are kept;
    accented letters outside LaTeX's tables lose the accent (NFKD), a few symbols get an
    ASCII spelling, and anything else (most Greek, CJK, emoji) becomes "?". Escaping is
    a separate step.

    Example:
        >>> latex_safe("Sørensen ≥ 5, Hǎ ω")
        'Sørensen ≥ 5, Ha ?'
    """
    if all(_tex_printable(c) for c in text):
        return text
    return "".join(_tex_char(c) for c in unicodedata.normalize("NFC", text))


def _tex_char(char: str) -> str:
    if _tex_printable(char):
        return char
    if char in _TEX_FALLBACK:
        return _TEX_FALLBACK[char]
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if _tex_printable(c))
    return base or "?"


def _tex(text: str) -> str:
    return latex_escape(latex_safe(text))


def _tex_url(url: str) -> str:
    """An escaped URL that may break after a slash or a full stop of its path.

    Example:
        >>> print(_tex_url("https://doi.org/10.1/x_y"))
        https://doi.\\allowbreak{}org/\\allowbreak{}10.\\allowbreak{}1/\\allowbreak{}x\\_y
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    breakable = re.sub(r"([/.])(?!$)", lambda m: m.group(1) + r"\allowbreak{}", _tex(rest))
    return _tex(scheme + sep) + breakable


# --- names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Name:
    """A person ("Last, Jr, First") or, with no comma, an organisation."""

    last: str
    first: str = ""
    suffix: str = ""

    @property
    def corporate(self) -> bool:
        return not self.first and not self.suffix


def _parse_name(name: str) -> _Name:
    name = re.sub(r"^(?:and|&)\s+", "", name.strip(), flags=re.IGNORECASE)  # Mendeley's "and and"
    parts = [" ".join(p.split()) for p in name.split(",")]
    if len(parts) == 1:
        return _Name(parts[0])
    if len(parts) == 2:
        return _Name(parts[0], parts[1])
    return _Name(parts[0], ", ".join(parts[2:]), parts[1])


_INITIALS_ONLY = re.compile(r"(?:[^\W\d_]\.?[\s-]*)+")


def _initials(first: str, *, spaced: bool = True) -> str:
    """Initials of given names: "Eva" -> "E.", "Jean-Paul" -> "J.-P.", "EM" -> "E. M."."""
    out: list[str] = []
    for word in re.split(r"\s+|(?<=\.)(?=[^\W\d_])", first.strip()):
        letters = word.strip(".")
        if not letters:
            continue
        if letters.isalpha() and letters.isupper() and 1 < len(letters) <= 3 and "." not in word:
            out.extend(c + "." for c in letters)  # Web of Science writes "Sorensen, EM"
            continue
        out.append("-".join(h.strip(".")[:1] + "." for h in letters.split("-") if h.strip(".")))
    return (" " if spaced else "").join(out)


def _given(first: str) -> str:
    """A given name as Chicago prints it: as exported, unless it is bare initials ("EM")."""
    letters = first.replace(".", "").replace(" ", "")
    if letters.isalpha() and letters.isupper() and len(letters) <= 3:
        return _initials(first)
    return first


def _apa_name(name: _Name) -> str:
    if name.corporate:
        return name.last
    text = f"{name.last}, {_initials(name.first)}" if name.first else name.last
    return f"{text}, {name.suffix}" if name.suffix else text


def _harvard_name(name: _Name) -> str:
    if name.corporate:
        return name.last
    text = f"{name.last}, {_initials(name.first, spaced=False)}" if name.first else name.last
    return f"{text}, {name.suffix}" if name.suffix else text


def _chicago_name(name: _Name, *, inverted: bool) -> str:
    if name.corporate:
        return name.last
    given = _given(name.first)
    if inverted:
        return ", ".join(p for p in (name.last, given, name.suffix) if p)
    return " ".join(p for p in (given, name.last, name.suffix) if p)


def _apa_list(names: Sequence[_Name]) -> str:
    shown = [_apa_name(n) for n in names]
    if len(shown) == 1:
        return shown[0]
    if len(shown) > 20:
        return ", ".join(shown[:19]) + ", . . . " + shown[-1]
    return ", ".join(shown[:-1]) + ", & " + shown[-1]


def _harvard_list(names: Sequence[_Name]) -> str:
    shown = [_harvard_name(n) for n in names]
    if len(shown) > 20:
        return shown[0] + " et al."
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _chicago_list(names: Sequence[_Name]) -> str:
    if len(names) > 6:
        shown = [_chicago_name(n, inverted=i == 0) for i, n in enumerate(names[:3])]
        return ", ".join(shown) + ", et al."
    shown = [_chicago_name(n, inverted=i == 0) for i, n in enumerate(names)]
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        return f"{shown[0]}, and {shown[1]}"
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def _editors_in(names: Sequence[_Name], style: str) -> str:
    """Editors of a book that holds a chapter, in the order each style prints them."""
    if style == "harvard":
        return _harvard_list(names) + (" (ed.)" if len(names) == 1 else " (eds)")
    if style == "chicago":
        shown = [_chicago_name(n, inverted=False) for n in names]
        return "edited by " + _join_and(shown, serial=True)
    shown = [n.last if n.corporate else f"{_initials(n.first)} {n.last}".strip() for n in names]
    return _join_and(shown, serial=True, word="&") + (" (Ed.)" if len(names) == 1 else " (Eds.)")


def _join_and(items: Sequence[str], *, serial: bool, word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return ", ".join(items[:-1]) + ("," if serial else "") + f" {word} " + items[-1]


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
class _Work:
    """What a reference needs from a record, read once."""

    kind: str
    authors: tuple[_Name, ...]
    editors: tuple[_Name, ...]
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
    return next((" ".join(v.split()) for n in names if (v := record.fields.get(n, "")).strip()), "")


def _people(value: str) -> tuple[_Name, ...]:
    return tuple(_parse_name(n) for n in split_authors(value)) if value.strip() else ()


def _clean_title(title: str) -> str:
    """The title as exported, trailing full stops and spaces removed."""
    return " ".join(title.split()).rstrip(". ").strip()


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


def _work(record: Record, style: str, suffix: str) -> _Work:
    kind = _kind(record)
    container = (_field(record, "journal", "journaltitle") or record.venue) if kind == "article" else (
        _container(record) if kind == "chapter" else "")
    publisher_fields = {"thesis": ("school", "institution", "publisher"),
                        "report": ("institution", "organization", "publisher")}
    publisher = _field(record, *publisher_fields.get(kind, ("publisher", "organization", "institution")))
    if not publisher and kind in ("book", "thesis", "report"):
        publisher = record.venue  # records built in code may carry only the normalised venue
    return _Work(
        kind=kind,
        authors=tuple(_parse_name(a) for a in record.authors if a.strip()),
        editors=_people(record.fields.get("editor", "")),
        title=_clean_title(record.title),
        year=_year(record, suffix, style),
        container=_clean_title(container),
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


# --- assembling segments ----------------------------------------------------------------


class _Parts:
    """Collects segments, merging neighbours of the same slant."""

    def __init__(self) -> None:
        self.items: list[Segment] = []

    def add(self, text: str, italic: bool = False) -> _Parts:
        if not text:
            return self
        if self.items and self.items[-1].italic == italic and not italic:
            self.items[-1] = Segment(self.items[-1].text + text, False)
        else:
            self.items.append(Segment(text, italic))
        return self

    def close(self, mark: str = ". ") -> _Parts:
        """Add ``mark`` ("." and a space) unless the text already ends with ., ? or !."""
        last = self.items[-1].text.rstrip() if self.items else ""
        return self.add(" " if last.endswith((".", "?", "!")) else mark)

    def segments(self) -> tuple[Segment, ...]:
        """The segments, white space folded, a trailing space dropped."""
        items = [Segment(re.sub(r" {2,}", " ", s.text), s.italic) for s in self.items]
        while items and not items[-1].text.strip():
            items.pop()
        if items:
            items[-1] = Segment(items[-1].text.rstrip(), items[-1].italic)
        return tuple(items)


def _end(text: str, mark: str = ".") -> str:
    """``text`` closed by ``mark`` unless it already ends with a full stop, ? or !."""
    return text if text.endswith((".", "?", "!")) else text + mark


def _stands_alone(work: _Work) -> bool:
    """Whether the title is a whole publication (italic) rather than a part of one."""
    return work.kind in ("book", "thesis", "report", "misc", "web")


def _pages_label(pages: str) -> str:
    """"p. 5" or "pp. 5–9" (APA and Harvard)."""
    one = "–" not in pages and "," not in pages
    return ("p. " if one else "pp. ") + pages


# --- APA 7 ------------------------------------------------------------------------------


def _apa(work: _Work) -> _Parts:
    out = _Parts()
    people, role = (work.authors, "") if work.authors else (
        (work.editors, " (Ed.)." if len(work.editors) == 1 else " (Eds.).") if work.kind == "book" else ((), ""))
    if people:
        out.add(_apa_list(people) + role if role else _end(_apa_list(people)))
        out.add(f" ({work.year}). ")
        _apa_title(out, work)
    else:
        _apa_title(out, work)
        out.add(f"({work.year}). ")
    _apa_source(out, work)
    if work.link:
        out.add(work.link)
    return out


def _apa_title(out: _Parts, work: _Work) -> None:
    if not work.title:
        return
    if not _stands_alone(work):
        out.add(_end(work.title) + " ")
        return
    out.add(work.title, italic=True)
    detail = {"book": f" ({work.edition} ed.)" if work.edition else "",
              "thesis": f" [{_apa_thesis(work)}]",
              "report": f" ({work.series} No. {work.series_number})" if work.series_number else ""}.get(work.kind, "")
    out.add(detail)
    out.add(". " if not (work.title.endswith(("?", "!")) and not detail) else " ")


def _apa_thesis(work: _Work) -> str:
    label = {"phd": "Doctoral dissertation", "master": "Master's thesis"}.get(work.thesis, work.thesis)
    return f"{label}, {work.publisher}" if work.publisher else label


def _apa_source(out: _Parts, work: _Work) -> None:
    if work.kind == "article" and work.container:
        out.add(work.container, italic=True)
        if work.volume:
            out.add(", ").add(work.volume, italic=True)
        out.add(f"({work.number})" if work.number and work.volume else (f", ({work.number})" if work.number else ""))
        locator = work.pages or (f"Article {work.article}" if work.article else "")
        out.add(f", {locator}. " if locator else ". ")
    elif work.kind == "chapter" and work.container:
        out.add("In ")
        if work.editors:
            out.add(_editors_in(work.editors, "apa") + ", ")
        out.add(work.container, italic=True)
        out.add(f" ({_pages_label(work.pages)})" if work.pages else "")
        out.close()
        _publisher(out, work, "apa")
    elif work.kind != "thesis":
        _publisher(out, work, "apa")


def _publisher(out: _Parts, work: _Work, style: str) -> None:
    """The publisher, unless it repeats the (corporate) author."""
    if not work.publisher:
        return
    if any(a.corporate and a.last.casefold() == work.publisher.casefold() for a in work.authors):
        return
    out.add(_end(work.publisher) + " ")


# --- Harvard (Cite Them Right) ----------------------------------------------------------


def _harvard(work: _Work) -> _Parts:
    out = _Parts()
    if work.authors or (work.editors and work.kind == "book"):
        people = work.authors or work.editors
        role = "" if work.authors else (" (ed.)" if len(people) == 1 else " (eds)")
        out.add(f"{_harvard_list(people)}{role} ({work.year}) ")
        _harvard_title(out, work)
    else:
        _harvard_title(out, work, head_year=work.year)
    _harvard_source(out, work)
    if work.link:
        out.add("Available at: " + work.link)
        out.add(f" (Accessed: {work.accessed})." if work.accessed else "")
    return out


def _harvard_title(out: _Parts, work: _Work, head_year: str = "") -> None:
    year = f" ({head_year})" if head_year else ""
    if not work.title:
        out.add(year.strip() + " " if year else "")
        return
    if not _stands_alone(work):
        out.add(f"‘{work.title}’{year}")  # the source decides between "," and "."
        return
    out.add(work.title, italic=True)
    out.add(year + (". " if year or not work.title.endswith(("?", "!")) else " "))
    if work.kind == "book" and work.edition:
        out.add(f"{work.edition} edn. ")
    elif work.kind == "thesis":
        label = {"phd": "PhD thesis", "master": "Master's thesis"}.get(work.thesis, work.thesis)
        out.add(f"{label}. ")
    elif work.kind == "report" and work.series_number:
        out.add(f"{work.series} {work.series_number}. ")


def _harvard_source(out: _Parts, work: _Work) -> None:
    if not _stands_alone(work) and work.title:
        out.add(", " if work.container else ". ")
    if work.kind == "article" and work.container:
        out.add(work.container, italic=True)
        numbers = work.volume + (f"({work.number})" if work.number else "")
        locator = _pages_label(work.pages) if work.pages else work.article
        out.add("".join(f", {p}" for p in (numbers, locator) if p) + ". ")
    elif work.kind == "chapter" and work.container:
        out.add("in ")
        if work.editors:
            out.add(_editors_in(work.editors, "harvard") + " ")
        out.add(work.container, italic=True)
        pages = _pages_label(work.pages) if work.pages else ""
        if work.publisher:
            out.close().add(", ".join(p for p in (work.publisher, pages) if p))
        else:
            out.add(f", {pages}" if pages else "")
        out.close()
    else:
        _publisher(out, work, "harvard")


# --- Chicago author-date (18th edition) -------------------------------------------------


def _chicago(work: _Work) -> _Parts:
    out = _Parts()
    people = work.authors or (work.editors if work.kind == "book" else ())
    if people:
        role = "" if work.authors else (", ed." if len(people) == 1 else ", eds.")
        out.add(_end(_chicago_list(people) + role) + f" {_end(work.year)} ")
        _chicago_title(out, work)
    else:
        _chicago_title(out, work)
        out.add(f"{_end(work.year)} ")
    _chicago_source(out, work)
    if work.link:
        out.add(_end(work.link))
    return out


def _chicago_title(out: _Parts, work: _Work) -> None:
    if not work.title:
        return
    if not _stands_alone(work) or work.kind in ("thesis", "web"):
        out.add(f"“{_end(work.title)}” ")
        return
    out.add(work.title, italic=True)
    out.add(" " if work.title.endswith(("?", "!")) else ". ")
    if work.kind == "book" and work.edition:
        out.add(f"{work.edition} ed. ")


def _chicago_source(out: _Parts, work: _Work) -> None:
    if work.kind == "article" and work.container:
        out.add(work.container, italic=True)
        issue = f" ({work.number})" if work.number and work.volume else (f", no. {work.number}" if work.number else "")
        out.add((f" {work.volume}" if work.volume else "") + issue)
        locator = work.pages or work.article
        out.add(f": {locator}. " if locator else ". ")
    elif work.kind == "chapter" and work.container:
        out.add("In ").add(work.container, italic=True)
        extra = ", ".join(p for p in (_editors_in(work.editors, "chicago") if work.editors else "", work.pages) if p)
        out.add(f", {extra}" if extra else "").close()
        _publisher(out, work, "chicago")
    elif work.kind == "thesis":
        label = {"phd": "PhD diss.", "master": "Master’s thesis"}.get(work.thesis, work.thesis)
        out.add(_end(", ".join(p for p in (label, work.publisher) if p)) + " ")
    elif work.kind == "report" and work.series_number:
        out.add(f"{work.series} {work.series_number}. ")
        _publisher(out, work, "chicago")
    else:
        _publisher(out, work, "chicago")


_FORMATTERS = {"apa": _apa, "harvard": _harvard, "chicago": _chicago}


# --- public functions -------------------------------------------------------------------


def check_style(style: str) -> str:
    """The style name in lower case, if it is one of :data:`STYLES`.

    Raises:
        ConfigurationError: for any other name.

    Example:
        >>> check_style("APA")
        'apa'
    """
    name = str(style).strip().lower()
    if name not in STYLES:
        raise ConfigurationError(f"unknown citation style {style!r}; use one of {', '.join(STYLES)}")
    return name


def format_reference(record: Record, style: str = "apa", *, year_suffix: str = "") -> Reference:
    """Format one record as a reference in ``style``.

    Args:
        record: the record.
        style: ``"apa"`` (APA 7), ``"harvard"`` (Cite Them Right) or ``"chicago"``
            (Chicago author-date, 18th edition).
        year_suffix: a letter that tells apart works of the same authors and year
            (``"a"`` gives "2019a"); :func:`format_references` assigns them.

    Raises:
        ConfigurationError: for an unknown style.

    Example:
        >>> r = Record(key="t", entry_type="book", title="Interactive Governance",
        ...     authors=("Torfing, Jacob", "Peters, B. Guy"), year=2012, fields={"publisher": "Oxford University Press"})
        >>> format_reference(r, "chicago").text
        'Torfing, Jacob, and B. Guy Peters. 2012. Interactive Governance. Oxford University Press.'
    """
    style = check_style(style)
    work = _work(record, style, year_suffix)
    segments = _FORMATTERS[style](work).segments()
    return Reference(record.key, style, segments, work.link)


@lru_cache(maxsize=65536)
def _sortable(text: str) -> str:
    """A key that sorts as English bibliographies do: accents and case ignored."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _author_key(record: Record) -> tuple[tuple[str, str], ...]:
    names = [_parse_name(a) for a in record.authors if a.strip()]
    if not names:
        return ((_sortable(_ARTICLE.sub("", _clean_title(record.title))), ""),)
    return tuple((_sortable(n.last), _sortable(_initials(n.first))) for n in names)


@lru_cache(maxsize=65536)
def sort_key(record: Record) -> tuple[object, ...]:
    """Where a record goes in a bibliography: authors, then year, then title.

    Authors compare surname by surname ("nothing precedes something": Brown before
    Browning, a sole author before the same author with co-authors); a work without
    author sorts by its title without a leading article; works without year come first.

    Example:
        >>> sorted([Record(key="b", authors=("Øst, A",)), Record(key="a", authors=("Ost, B",), year=2001)],
        ...        key=sort_key)[0].key
        'b'
    """
    return (_author_key(record), record.year or 0, _sortable(_clean_title(record.title)), record.key)


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def year_suffixes(records: Sequence[Record]) -> list[str]:
    """Letters that tell apart works by the same authors in the same year, in input order.

    Works in such a group get "a", "b" ... in the order of their titles; every other
    work gets ``""``.

    Example:
        >>> rs = [Record(key=k, title=t, authors=("Hansen, Ole",), year=2019) for k, t in (("x", "Beta"), ("y", "Alpha"))]
        >>> year_suffixes(rs + [Record(key="z", authors=("Hansen, Ole",), year=2020)])
        ['b', 'a', '']
    """
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        groups[(_author_key(record), record.year)].append(i)
    suffixes = [""] * len(records)
    for members in groups.values():
        if len(members) > 1:
            ordered = sorted(members, key=lambda i: (_sortable(_clean_title(records[i].title)), records[i].key))
            for n, i in enumerate(ordered):
                suffixes[i] = _letters(n)
    return suffixes


def format_references(records: Iterable[Record], style: str = "apa") -> list[Reference]:
    """Format records as one bibliography: sorted by :func:`sort_key`, years suffixed.

    Example:
        >>> rs = [Record(key=k, entry_type="book", title=t, authors=("Hansen, Ole",), year=2019)
        ...       for k, t in (("x", "Beta"), ("y", "Alpha"))]
        >>> [r.text for r in format_references(rs)]
        ['Hansen, O. (2019a). Alpha.', 'Hansen, O. (2019b). Beta.']
    """
    style = check_style(style)
    ordered = sorted(records, key=sort_key)
    return [format_reference(r, style, year_suffix=s) for r, s in zip(ordered, year_suffixes(ordered), strict=True)]
