"""Each citation style's rules: APA 7, Harvard (Cite Them Right), Chicago author-date.

Every style turns a :class:`~socinno_lit.render.work.Work` into :class:`Segment` runs of
text, some italic; :data:`FORMATTERS` maps a style's name to its function.

Style rules applied:

- APA 7: up to 20 authors listed ("A, & B"); 21 or more give the first 19, ". . ." and
  the last. Initials spaced ("Sørensen, E. M."). DOI as ``https://doi.org/...``.
- Harvard (Cite Them Right): "A and B", "A, B and C"; 21 or more give the first and
  "et al."; initials unspaced ("Smith, J.A."); article titles in single quotes.
- Chicago author-date, 18th edition: up to six authors listed, more than six give the
  first three and "et al."; first author inverted, full given names as exported; no
  place of publication.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .work import Name, Work, given_name, initials


class Segment(NamedTuple):
    """A run of reference text and whether it is set in italics."""

    text: str
    italic: bool = False



def _apa_name(name: Name) -> str:
    if name.corporate:
        return name.last
    text = f"{name.last}, {initials(name.first)}" if name.first else name.last
    return f"{text}, {name.suffix}" if name.suffix else text


def _harvard_name(name: Name) -> str:
    if name.corporate:
        return name.last
    text = f"{name.last}, {initials(name.first, spaced=False)}" if name.first else name.last
    return f"{text}, {name.suffix}" if name.suffix else text


def _chicago_name(name: Name, *, inverted: bool) -> str:
    if name.corporate:
        return name.last
    given = given_name(name.first)
    if inverted:
        return ", ".join(p for p in (name.last, given, name.suffix) if p)
    return " ".join(p for p in (given, name.last, name.suffix) if p)


def _apa_list(names: Sequence[Name]) -> str:
    shown = [_apa_name(n) for n in names]
    if len(shown) == 1:
        return shown[0]
    if len(shown) > 20:
        return ", ".join(shown[:19]) + ", . . . " + shown[-1]
    return ", ".join(shown[:-1]) + ", & " + shown[-1]


def _harvard_list(names: Sequence[Name]) -> str:
    shown = [_harvard_name(n) for n in names]
    if len(shown) > 20:
        return shown[0] + " et al."
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _chicago_list(names: Sequence[Name]) -> str:
    if len(names) > 6:
        shown = [_chicago_name(n, inverted=i == 0) for i, n in enumerate(names[:3])]
        return ", ".join(shown) + ", et al."
    shown = [_chicago_name(n, inverted=i == 0) for i, n in enumerate(names)]
    if len(shown) == 1:
        return shown[0]
    if len(shown) == 2:
        return f"{shown[0]}, and {shown[1]}"
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def _editors_in(names: Sequence[Name], style: str) -> str:
    """Editors of a book that holds a chapter, in the order each style prints them."""
    if style == "harvard":
        return _harvard_list(names) + (" (ed.)" if len(names) == 1 else " (eds)")
    if style == "chicago":
        shown = [_chicago_name(n, inverted=False) for n in names]
        return "edited by " + _join_and(shown, serial=True)
    shown = [n.last if n.corporate else f"{initials(n.first)} {n.last}".strip() for n in names]
    return _join_and(shown, serial=True, word="&") + (" (Ed.)" if len(names) == 1 else " (Eds.)")


def _join_and(items: Sequence[str], *, serial: bool, word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {word} {items[1]}"
    return ", ".join(items[:-1]) + ("," if serial else "") + f" {word} " + items[-1]


# --- assembling segments ----------------------------------------------------------------


_SPACES = re.compile(r" {2,}")


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
        items = [Segment(_SPACES.sub(" ", s.text), s.italic) if "  " in s.text else s for s in self.items]
        while items and not items[-1].text.strip():
            items.pop()
        if items:
            items[-1] = Segment(items[-1].text.rstrip(), items[-1].italic)
        return tuple(items)


def _end(text: str, mark: str = ".") -> str:
    """``text`` closed by ``mark`` unless it already ends with a full stop, ? or !."""
    return text if text.endswith((".", "?", "!")) else text + mark


def _stands_alone(work: Work) -> bool:
    """Whether the title is a whole publication (italic) rather than a part of one."""
    return work.kind in ("book", "thesis", "report", "misc", "web")


def _pages_label(pages: str) -> str:
    """"p. 5" or "pp. 5–9" (APA and Harvard)."""
    one = "–" not in pages and "," not in pages
    return ("p. " if one else "pp. ") + pages


# --- APA 7 ------------------------------------------------------------------------------


def _apa(work: Work) -> _Parts:
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


def _apa_title(out: _Parts, work: Work) -> None:
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


def _apa_thesis(work: Work) -> str:
    label = {"phd": "Doctoral dissertation", "master": "Master's thesis"}.get(work.thesis, work.thesis)
    return f"{label}, {work.publisher}" if work.publisher else label


def _apa_source(out: _Parts, work: Work) -> None:
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


def _publisher(out: _Parts, work: Work, style: str) -> None:
    """The publisher, unless it repeats the (corporate) author."""
    if not work.publisher:
        return
    if any(a.corporate and a.last.casefold() == work.publisher.casefold() for a in work.authors):
        return
    out.add(_end(work.publisher) + " ")


# --- Harvard (Cite Them Right) ----------------------------------------------------------


def _harvard(work: Work) -> _Parts:
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


def _harvard_title(out: _Parts, work: Work, head_year: str = "") -> None:
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


def _harvard_source(out: _Parts, work: Work) -> None:
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


def _chicago(work: Work) -> _Parts:
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


def _chicago_title(out: _Parts, work: Work) -> None:
    if not work.title:
        return
    if not _stands_alone(work) or work.kind in ("thesis", "web"):
        out.add(f"“{_end(work.title)}” ")
        return
    out.add(work.title, italic=True)
    out.add(" " if work.title.endswith(("?", "!")) else ". ")
    if work.kind == "book" and work.edition:
        out.add(f"{work.edition} ed. ")


def _chicago_source(out: _Parts, work: Work) -> None:
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


FORMATTERS = {"apa": _apa, "harvard": _harvard, "chicago": _chicago}
