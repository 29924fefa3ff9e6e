"""Formatted references: APA 7, Harvard (Cite Them Right) and Chicago author-date (18th ed.).

A :class:`Reference` is *what* to print, as segments of text each marked italic or
not; :meth:`Reference.html`, :meth:`Reference.markdown` and :meth:`Reference.latex`
decide *how*, escaping every segment for their format (pybtex's backends).

The project formats references itself instead of using citeproc-py with CSL styles:
citeproc-py would be one more dependency, needs CSL-JSON converted from our records (a lossy
step of its own) and its APA support lags CSL's; the three styles need a few
hundred lines with exact, testable output and no extra dependency.

The styles' rules are in :mod:`socinno_lit.render.styles`, what they print of a record
in :mod:`socinno_lit.render.work`.

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
from urllib.parse import quote

from markupsafe import Markup, escape

from ..errors import ConfigurationError
from ..records import Record
from .styles import FORMATTERS, Segment
from .templating import latex_escape, md_escape
from .work import clean_title, initials, parse_name, read_work

#: Records whose sort keys and summaries are cached: a report writes three bibliographies
#: of the same records, and an LRU cache smaller than the corpus never hits on the next pass.
CACHED_RECORDS = 1 << 18

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
        ('Smith, J. (2020). Book.', 'Smith, J. (2020). *Book*.', 'Smith, J. (2020). \\\\emph{Book}.')
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
            'A_b *J\\\\** x'
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
    work = read_work(record, style, year_suffix)
    segments = FORMATTERS[style](work).segments()
    return Reference(record.key, style, segments, work.link)


_PUNCTUATION = re.compile(r"[^\w\s]")


@lru_cache(maxsize=65536)
def _sortable(text: str) -> str:
    """A key that sorts as English bibliographies do: accents and case ignored."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_PUNCTUATION.sub("", text.casefold()).split())


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _author_key(record: Record) -> tuple[tuple[str, str], ...]:
    names = [parse_name(a) for a in record.authors if a.strip()]
    if not names:
        return ((_sortable(_ARTICLE.sub("", clean_title(record.title))), ""),)
    return tuple((_sortable(n.last), _sortable(initials(n.first))) for n in names)


@lru_cache(maxsize=CACHED_RECORDS)
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
    return (_author_key(record), record.year or 0, _sortable(clean_title(record.title)), record.key)


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
        groups[(sort_key(record)[0], record.year)].append(i)  # sort_key is cached: its author key
    suffixes = [""] * len(records)
    for members in groups.values():
        if len(members) > 1:
            ordered = sorted(members, key=lambda i: (_sortable(clean_title(records[i].title)), records[i].key))
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
