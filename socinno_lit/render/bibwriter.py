"""Writing a corpus back to BibTeX, losslessly: loading the file gives the same records."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from ..corpus import Corpus
from ..files import atomic_write_text
from ..read.latex import decode_latex
from ..read.mapping import AFFILIATION_FIELDS, VERBATIM_FIELDS, split_affiliations
from ..read.names import split_authors
from ..records import Record

# Characters that the loader's LaTeX decoding would change, and how to keep them.
_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "%": r"\%", "&": r"\&",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile(r"[\\{}$%&#_~^]")
_LIGATURES = (("--", "-{}-"), ("``", "`{}`"), ("''", "'{}'"), ("!`", "!{}`"), ("?`", "?{}`"))
_AND = re.compile(r"(\s+and\s+)", re.IGNORECASE)
_FIRST_FIELDS = ("author", "editor", "title", "year", "journal", "booktitle", "publisher", "volume",
                 "number", "pages", "doi")


def _has_special(value: str) -> bool:
    """Whether :data:`_SPECIAL` matches: ten ``in`` tests in C rule most values out faster."""
    return ("\\" in value or "{" in value or "}" in value or "$" in value or "%" in value or "&" in value
            or "#" in value or "_" in value or "~" in value or "^" in value)


def escape_bibtex(value: str) -> str:
    """Escape a decoded value so that the loader decodes it back to exactly this text.

    Example:
        >>> escape_bibtex("R&D -- 50% {x}")
        'R\\\\&D -{}- 50\\\\% \\\\{x\\\\}'
    """
    out = _SPECIAL.sub(lambda m: _ESCAPES[m.group(0)], value) if _has_special(value) else value
    if "--" in out or "`" in out or "''" in out:  # what a ligature needs
        for old, new in _LIGATURES:
            while old in out:
                out = out.replace(old, new)
    return out


def _escape_verbatim(value: str) -> str:
    return value.replace("{", r"\{").replace("}", r"\}")


def _reads_as(text: str) -> tuple[str, ...]:
    """The author names the loader will read from ``text``."""
    return tuple(decode_latex(n) for n in split_authors(text))


def _protect(piece: str, want: str) -> str:
    """``piece`` with braces added so that it reads back as the name ``want``."""
    plain = escape_bibtex(piece)
    if _reads_as(plain) == (want,):
        return plain
    last = want.split(",", 1)[0].strip()
    candidates = []
    if "," in want and piece.endswith(last):
        candidates.append(escape_bibtex(piece[: -len(last)]) + "{" + escape_bibtex(last) + "}")
    if "," in want and piece.startswith(last):
        candidates.append("{" + escape_bibtex(last) + "}" + escape_bibtex(piece[len(last):]))
    if "," in want and piece.endswith(last) and piece[: -len(last)].strip():
        candidates.append("{" + escape_bibtex(piece[: -len(last)].strip()) + "} " + escape_bibtex(last))
    return next((c for c in candidates if _reads_as(c) == (want,)), "{" + plain + "}")


def _name_value(value: str, expected: tuple[str, ...]) -> str:
    """An author list that reads back as ``expected``: braces protect what decoding lost.

    Decoding removed the braces of ``{World Bank}``; without them the name would read
    back as "Bank, World". The decoded text itself, separators included, stays as it was.
    """
    if _reads_as(escape_bibtex(value)) == expected:
        return escape_bibtex(value)
    parts = _AND.split(value)
    pieces, separators = parts[0::2], parts[1::2]
    if len(pieces) == len(expected):
        out = [_protect(p, want) for p, want in zip(pieces, expected, strict=True)]
        return "".join(o + s for o, s in zip(out, [*separators, ""], strict=True))
    grouped = _grouped(pieces, separators, expected)
    if grouped is not None:
        return grouped
    return " and ".join(_protect(n, n) if "," in n else "{" + escape_bibtex(n) + "}" for n in expected)


def _grouped(pieces: list[str], separators: list[str], expected: tuple[str, ...]) -> str | None:
    """Pieces regrouped where a braced name held an "and" (``{Bausch and Lomb}``), or None."""
    out, i = [], 0
    for want in expected:
        for k in range(1, len(pieces) - i + 1):
            text = "".join(p + s for p, s in zip(pieces[i:i + k], [*separators[i:i + k - 1], ""], strict=True))
            if k == 1 and _reads_as(_protect(text, want)) == (want,):
                out.append(_protect(text, want))
                break
            if k > 1 and text == want:
                out.append("{" + escape_bibtex(text) + "}")
                break
        else:
            return None
        i += k
        if i < len(pieces):
            out.append(separators[i - 1])
    return "".join(out) if i == len(pieces) else None


def _affiliation_value(value: str, segments: tuple[str, ...]) -> str:
    """Affiliations that split back into ``segments``: one per line, as Web of Science writes."""
    def reads_back(text: str) -> bool:
        return tuple(decode_latex(a) for a in split_affiliations(text)) == segments

    plain = escape_bibtex(value)
    if reads_back(plain):
        return plain
    lined = ".\n    ".join(escape_bibtex(s) for s in segments)
    lined += "." if value.endswith(".") and not lined.endswith(".") else ""
    return lined if decode_latex(lined) == value and reads_back(lined) else plain


def _ordered(fields: Mapping[str, str]) -> list[str]:
    first = [n for n in _FIRST_FIELDS if n in fields]
    return first + sorted(n for n in fields if n not in first)


def format_entry(record: Record, extra: Mapping[str, str] | None = None) -> str:
    """One record as a BibTeX entry with every field of ``record.fields`` (plus ``extra``).

    The record's ``countries`` are written as a ``countries`` field when no field holds them.

    Example:
        >>> print(format_entry(Record(key="s", entry_type="article", fields={"title": "Æ & Ø"})))
        @article{s,
          title = {Æ \\& Ø},
        }
    """
    fields = dict(record.fields)
    if record.countries and "countries" not in fields:
        fields["countries"] = ", ".join(record.countries)  # read back by the loader
    fields.update(extra or {})
    lines = [f"@{record.entry_type or 'misc'}{{{record.key},"]
    for name in _ordered(fields):
        value = fields[name]
        if name in VERBATIM_FIELDS:
            text = _escape_verbatim(value)
        elif name == "author" and record.authors:
            text = _name_value(value, record.authors)
        elif name in AFFILIATION_FIELDS and len(record.affiliations) > 1:
            text = _affiliation_value(value, record.affiliations)
        else:
            text = escape_bibtex(value)
        lines.append(f"  {name} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines)


def format_bibtex(records: Iterable[Record], extra: Mapping[str, Mapping[str, str]] | None = None,
                  header: str = "") -> str:
    """A whole BibTeX file; ``extra`` adds fields per key (an annotation, a theme ...)."""
    return "".join(bibtex_pieces(records, extra, header))


def bibtex_pieces(records: Iterable[Record], extra: Mapping[str, Mapping[str, str]] | None = None,
                  header: str = "") -> Iterator[str]:
    """:func:`format_bibtex`'s text entry by entry, to write a file without holding it whole.

    Example:
        >>> pieces = list(bibtex_pieces([Record(key="a"), Record(key="b")], header="x"))
        >>> len(pieces), "".join(pieces) == format_bibtex([Record(key="a"), Record(key="b")], header="x")
        (3, True)
    """
    extra = extra or {}
    gap = ""
    if header:
        yield f"@comment{{{header}}}\n"
        gap = "\n"
    for record in records:
        yield gap + format_entry(record, extra.get(record.key)) + "\n"
        gap = "\n"


def write_bibtex(corpus: Corpus | Iterable[Record], path: str | os.PathLike[str]) -> Path:
    """Write records to a UTF-8 BibTeX file that keeps every field; atomic.

    Loading the written file gives back the same records (keys, fields and values).

    Example:
        >>> import tempfile, socinno_lit as sl
        >>> c = Corpus((Record(key="s", entry_type="article", fields={"title": "A -- B"}),))
        >>> p = write_bibtex(c, Path(tempfile.mkdtemp()) / "clean.bib")
        >>> sl.load(p)["s"].fields["title"]
        'A -- B'
    """
    records = corpus.records if isinstance(corpus, Corpus) else tuple(corpus)
    return atomic_write_text(path, bibtex_pieces(records))
