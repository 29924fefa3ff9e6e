"""Damage real exports the way real files are damaged, and say which entries it missed.

Used by tests/test_damage.py. A :class:`Sample` is a real file seen as a string in which
damage is applied: for an ASCII-compatible file (UTF-8, Windows-1252, Latin-*, a mixture)
the bytes read as Latin-1, one character per byte, so that foreign bytes can be spliced in
anywhere; for UTF-16 and UTF-32 files the decoded text, written back in the file's own
encoding. A :class:`Damage` replaces ``view[start:end]`` by ``text``.

"Undamaged" follows the rule both BibTeX readers share: an ``@type{`` at the start of a
line ends whatever entry was open before it. So the text from one such line to the next
(a *segment*) is read on its own, and an entry whose segment no damage touches must load
as before. In RIS and Web of Science files only the ``ER`` line ends a record, so a record
is also damaged when the ``ER`` line before it is. In a CSV file an unbalanced quote can
swallow everything after it, so only rows before the first damage count as undamaged.
"""

from __future__ import annotations

import bisect
import codecs
import dataclasses
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import socinno_lit as sl
from socinno_lit.read.encoding import decode_bytes
from socinno_lit.read.loading import _format

# The newline before a line-start ``@type{``: where the readers start afresh.
BIB_BOUND = re.compile(r"[\r\n](?=[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(])")
FIRST_BIB_ENTRY = re.compile(r"[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")
RIS_END = re.compile(r"^ER\s{1,2}-?[ \t]*$", re.M)
WOS_END = re.compile(r"^ER[ \t]*$", re.M)
MEDLINE_GAP = re.compile(r"\n[ \t]*(?=\n)")  # the blank lines between PubMed records
NEWLINE = re.compile(r"\r\n|\r|\n")
SNIFFED_HEAD = 4200  # _format looks at the first 4000 characters of a .txt file
SUFFIX_RE = re.compile(r"(?:-\d+)+$")


@dataclass(frozen=True)
class Sample:
    """A real file prepared for damage."""

    path: Path
    view: str
    codec: str | None  # None: ``view`` is the bytes read as Latin-1
    bom: bytes
    fmt: str
    braces: tuple[int, ...]
    quotes: tuple[int, ...]
    bounds: tuple[int, ...]  # BibTeX: segment starts; RIS/WoS: ER line starts
    line_starts: tuple[int, ...]
    strings_at: tuple[int, ...]  # offsets of @string definitions (BibTeX)

    def encode(self, view: str) -> bytes:
        if self.codec is None:
            return view.encode("latin-1")
        return self.bom + view.encode(self.codec, errors="surrogatepass")


@dataclass(frozen=True, order=True)
class Damage:
    """Replace ``view[start:end]`` by ``text``; ``kind`` names the damage in reports."""

    start: int
    end: int
    text: str
    kind: str = ""

    def __repr__(self) -> str:  # keep falsifying examples readable
        shown = self.text if len(self.text) < 40 else f"{self.text[:20]!r}...({len(self.text)} chars)"
        return f"Damage({self.kind}, {self.start}:{self.end}, {shown!r})"


@lru_cache(maxsize=None)
def sample(path: Path) -> Sample:
    data = path.read_bytes()
    decoded = decode_bytes(data, str(path))
    codec = decoded.encoding if decoded.encoding.startswith(("utf-16", "utf-32")) else None
    if codec is None:
        view, bom = data.decode("latin-1"), b""
    else:
        view = decoded.text
        bom = data[: len(data) - len(view.encode(codec, errors="surrogatepass"))]
    fmt = _format(decoded.text, path.suffix)
    return Sample(
        path, view, codec, bom, fmt,
        braces=tuple(i for i, ch in enumerate(view) if ch in "{}"),
        quotes=tuple(i for i, ch in enumerate(view) if ch == '"'),
        bounds=_bounds(view, fmt),
        line_starts=(0, *(m.end() for m in NEWLINE.finditer(view))),
        strings_at=tuple(m.start() for m in re.finditer(r"@\s*string\s*[{(]", view, re.I)),
    )


def _bounds(view: str, fmt: str) -> tuple[int, ...]:
    if fmt == "bibtex":
        return (0, *(m.start() for m in BIB_BOUND.finditer(view)))
    if fmt in ("ris", "wos"):
        end = WOS_END if fmt == "wos" else RIS_END
        # The view may use lone CRs: find ER lines in a copy with LF ends, same offsets.
        flat = view.replace("\r", "\n")
        return tuple(m.start() for m in end.finditer(flat))
    if fmt == "medline":
        flat = view.replace("\r\n", " \n").replace("\r", "\n")  # same offsets, one LF per line end
        return tuple(m.end() for m in MEDLINE_GAP.finditer(flat))
    return ()


def next_bound(s: Sample, pos: int) -> int:
    """Where the entry holding ``pos`` ends: the next line-start entry (or RIS record end)."""
    i = bisect.bisect_right(s.bounds, pos)
    return s.bounds[i] if i < len(s.bounds) else len(s.view)


def apply(s: Sample, damages: list[Damage]) -> tuple[str, list[Damage]]:
    """The damaged view, from non-overlapping damages (later overlapping ones dropped)."""
    kept: list[Damage] = []
    for d in sorted(damages):
        if kept and d.start < kept[-1].end + 1:
            continue
        kept.append(d)
    parts, pos = [], 0
    for d in kept:
        parts.append(s.view[pos:d.start])
        parts.append(d.text)
        pos = d.end
    parts.append(s.view[pos:])
    return "".join(parts), kept


def _newlines(text: str) -> int:
    return len(NEWLINE.findall(text))


def line_shift(s: Sample, d: Damage) -> int:
    """Lines added (or removed) by a damage; one character of context keeps CRLF pairs whole."""
    lo, hi = max(0, d.start - 1), min(len(s.view), d.end + 1)
    before = s.view[lo:hi]
    after = s.view[lo:d.start] + d.text + s.view[d.end:hi]
    return _newlines(after) - _newlines(before)


def influence(s: Sample, record: sl.Record) -> tuple[int, int] | None:
    """The span of the view whose damage could change ``record``; None if unknown."""
    line = record.source.line
    if line is None or line > len(s.line_starts):
        return None
    at = s.line_starts[line - 1]
    if s.fmt == "csv":
        nxt = s.line_starts[line] if line < len(s.line_starts) else len(s.view)
        return 0, nxt
    if s.fmt == "bibtex":
        i = bisect.bisect_right(s.bounds, at) - 1
        return s.bounds[i], next_bound(s, at)
    i = bisect.bisect_right(s.bounds, at)  # RIS / WoS / PubMed: from the previous end line to our own
    lo = s.bounds[i - 1] if i > 0 else 0
    hi = s.bounds[i] if i < len(s.bounds) else len(s.view)
    hi = s.view.find("\n", hi)
    return lo, len(s.view) if hi < 0 else hi + 1


def base_key(key: str) -> str:
    """A key without the ``-2`` a damaged neighbour may have added or removed."""
    return SUFFIX_RE.sub("", key)


def comparable(record: sl.Record) -> sl.Record:
    return dataclasses.replace(record, key=base_key(record.key), source=sl.Source("-"))


def undamaged(s: Sample, records: tuple[sl.Record, ...], damages: list[Damage]) -> list[tuple[sl.Record, int]]:
    """The records no damage can have touched, each with its line in the damaged file."""
    if not damages:
        return [(r, r.source.line or 0) for r in records]
    first = damages[0].start
    if s.path.suffix.lower() == ".txt" and first < SNIFFED_HEAD:
        return []  # the format itself is sniffed from the head
    if _changes_encoding_guess(s, damages):
        return []
    # A damaged @string can change every later value that uses its macro.
    damaged_strings = [a for a in s.strings_at if any(d.start - 1 < next_bound(s, a) and d.end + 1 > a
                                                     for d in damages)]
    macro_limit = min(damaged_strings, default=len(s.view) + 1)
    out = []
    for record in records:
        span = influence(s, record)
        if span is None or "crossref" in record.fields:
            continue
        lo, hi = span
        if lo > macro_limit:
            continue
        if any(d.start - 1 < hi and d.end + 1 > lo for d in damages):
            continue
        shift = sum(line_shift(s, d) for d in damages if d.end <= lo)
        out.append((record, (record.source.line or 0) + shift))
    return out


def _changes_encoding_guess(s: Sample, damages: list[Damage]) -> bool:
    """Damage to what the decoder looks at for the whole file (UTF-16 guess, declared encoding)."""
    if s.codec is not None:
        return damages[0].start < 4096
    return damages[0].start < 2048 and decode_bytes(s.encode(s.view)).encoding not in ("utf-8",)


def foreign(text: str, encoding: str) -> str:
    """``text`` in another encoding, as Latin-1 characters ready to splice into a view."""
    return codecs.encode(text, encoding, errors="replace").decode("latin-1")
