"""Annotated bibliographies: every record once, formatted, annotated and grouped.

:func:`write_bibliography` writes HTML, Markdown, LaTeX or enriched BibTeX, chosen by
the file's suffix. Each entry is the formatted reference (:mod:`socinno_lit.render.citation`),
its annotation (:func:`socinno_lit.render.summary.annotation_for`) and a line naming its theme
and national context. Entries are grouped by theme, by context, or not at all, and
sorted by the citation style's order inside each group; the year letters that tell
apart works of one author and year ("2019a") are assigned over the whole bibliography.

Grouping by theme needs a :class:`~socinno_lit.themes.model.Themes` object. Given a plain
:class:`~socinno_lit.corpus.Corpus`, ``group_by="theme"`` raises
:class:`~socinno_lit.errors.ConfigurationError` rather than silently grouping another
way: a user who asked for themes should learn that none were fitted.

Example:
    >>> import tempfile, socinno_lit as sl
    >>> corpus = sl.Corpus((sl.Record(key="a", entry_type="book", title="Co-creation",
    ...     authors=("Torfing, Jacob",), year=2016, context="denmark"),))
    >>> path = write_bibliography(corpus, Path(tempfile.mkdtemp()) / "bib.md", group_by="context")
    >>> print(path.read_text().split("## ")[2].strip().splitlines()[0])
    Danish research
"""

from __future__ import annotations

import os
import re
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..context.classify import UNKNOWN
from ..context.contexts import get_context
from ..corpus import Corpus
from ..errors import ConfigurationError
from ..files import atomic_write_text
from ..records import Record
from ..themes.model import Themes
from .bibwriter import bibtex_pieces
from .citation import (
    Reference,
    check_style,
    format_reference,
    latex_safe,
    sort_key,
    year_suffixes,
)
from .summary import annotation_for
from .templating import format_of, render

BIBLIOGRAPHY_FORMATS = ("html", "md", "tex", "bib")

if TYPE_CHECKING:
    from ..context.contexts import Context

__all__ = [
    "GROUPINGS",
    "BibliographyEntry",
    "BibliographyGroup",
    "bibliography_groups",
    "enriched_bibtex",
    "render_bibliography",
    "write_bibliographies",
    "write_bibliography",
]

GROUPINGS = ("theme", "context", None)
"""The ways entries can be grouped; None gives one list."""

THEME_FIELD = "socinno-theme"
CONTEXT_FIELD = "socinno-context"
ANNOTATION_FIELD = "annote"  # the standard BibTeX field: JabRef shows it, Zotero makes it a note

_STYLE_NAMES = {"apa": "APA 7th edition", "harvard": "Harvard (Cite Them Right)",
                "chicago": "Chicago author-date, 18th edition"}
_HEADINGS = {"theme": "grouped by theme", "context": "grouped by national context", None: "in one list"}


@dataclass(frozen=True)
class BibliographyEntry:
    """One record as the bibliography prints it.

    Attributes:
        record: the record.
        reference: its formatted reference.
        annotation: its annotation, or ``""``.
        theme: the label of its dominant theme, or ``""`` without themes.
        context: its national context as people read it ("Denmark", "International").
    """

    record: Record
    reference: Reference
    annotation: str
    theme: str
    context: str


@dataclass(frozen=True)
class BibliographyGroup:
    """A heading and its entries, in the style's order (the only group when ungrouped)."""

    heading: str
    entries: tuple[BibliographyEntry, ...]


# --- grouping ---------------------------------------------------------------------------


def _lookup(context: str) -> Context | None:
    """The named context, or None when it is not known (a user's context file since removed)."""
    try:
        return get_context(context)
    except (ConfigurationError, OSError):
        return None


def _context_label(context: str | None) -> str:
    """ "Denmark", "International", else the context's name; "Unclassified" without one."""
    if not context or context == UNKNOWN:
        return "Unclassified"
    if context == "international":
        return "International"
    found = _lookup(context)
    return found.label if found else context.title()


def _context_heading(context: str | None) -> str:
    """ "Danish research", "International research", else the context's own label."""
    if not context or context == UNKNOWN:
        return "Not classified (no affiliation, language or setting found)"
    if context == "international":
        return "International research"
    found = _lookup(context)
    if found is None:
        return context.title()
    return f"{found.demonyms[0]} research" if found.demonyms else found.label


def _records_and_themes(source: Themes | Corpus | Iterable[Record]) -> tuple[tuple[Record, ...], list[str] | None]:
    """The records and, for a Themes object, each record's theme label."""
    if isinstance(source, Themes):
        labels = [source.labels[int(t)] for t in source.dominant]
        return tuple(source.corpus.records), labels
    records = tuple(source.records if isinstance(source, Corpus) else source)
    return records, None


def _check_grouping(group_by: str | None, has_themes: bool) -> str | None:
    if isinstance(group_by, str) and group_by.strip().lower() in ("none", ""):
        group_by = None
    if group_by is not None:
        group_by = str(group_by).strip().lower()
    if group_by not in GROUPINGS:
        raise ConfigurationError(f"group_by must be 'theme', 'context' or None, not {group_by!r}")
    if group_by == "theme" and not has_themes:
        raise ConfigurationError(
            "group_by='theme' needs themes: pass sl.ThemeModel(...).fit(corpus).themes_ "
            "instead of a corpus, or use group_by='context' or group_by=None"
        )
    return group_by


def bibliography_groups(
    source: Themes | Corpus | Iterable[Record], *, style: str = "apa", group_by: str | None = "theme"
) -> list[BibliographyGroup]:
    """The bibliography's groups and entries: every record exactly once.

    Args:
        source: a :class:`~socinno_lit.themes.model.Themes` object (grouping by theme
            possible), a :class:`~socinno_lit.corpus.Corpus` or records.
        style: ``"apa"``, ``"harvard"`` or ``"chicago"``.
        group_by: ``"theme"`` (groups in theme order, headed by the theme label),
            ``"context"`` (the focus context first, then international research, then
            unclassified records) or None (one group).

    Raises:
        ConfigurationError: an unknown style or grouping, or ``"theme"`` without themes.

    Example:
        >>> rs = [Record(key="b", title="B", authors=("Berg, A",), context="international"),
        ...       Record(key="a", title="A", authors=("Aa, B",), context="denmark")]
        >>> [(g.heading, [e.record.key for e in g.entries]) for g in bibliography_groups(rs, group_by="context")]
        [('Danish research', ['a']), ('International research', ['b'])]
    """
    style = check_style(style)
    records, themes = _records_and_themes(source)
    group_by = _check_grouping(group_by, themes is not None)
    ordered = sorted(records, key=sort_key)  # year letters follow the bibliography's order
    by_record = {id(r): format_reference(r, style, year_suffix=s)
                 for r, s in zip(ordered, year_suffixes(ordered), strict=True)}
    labels = {c: _context_label(c) for c in {r.context for r in records}}  # a context lookup per context, not record
    entries = [
        BibliographyEntry(r, by_record[id(r)], annotation_for(r), themes[i] if themes else "", labels[r.context])
        for i, r in enumerate(records)
    ]
    if group_by == "theme" and isinstance(source, Themes):
        order = [(label, [e for e, t in zip(entries, source.dominant, strict=True) if int(t) == i])
                 for i, label in enumerate(source.labels)]
    elif group_by == "context":
        order = [(_context_heading(c), [e for e in entries if e.record.context == c]) for c in _context_order(records)]
    else:
        order = [("References", entries)]
    return [BibliographyGroup(h, tuple(sorted(es, key=lambda e: sort_key(e.record)))) for h, es in order if es]


def _context_order(records: Iterable[Record]) -> list[str | None]:
    """Focus contexts first (by name), then international, then unclassified."""
    present = {r.context for r in records}
    focus = sorted(c for c in present if c and c not in ("international", UNKNOWN))
    return focus + [c for c in ("international", UNKNOWN, None) if c in present]


# --- rendering --------------------------------------------------------------------------


_NOT_ID = re.compile(r"[^\w.:-]+")


def _anchor(text: str, taken: set[str]) -> str:
    """An HTML id from ``text``: letters, digits, ``-_.:``; unique among ``taken``."""
    base = _NOT_ID.sub("-", text).strip("-") or "entry"
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return anchor


class _Row(dict):  # type: ignore[type-arg]
    """A template's row: ``row.name`` reads the key at once, where Jinja2 would first try an
    attribute of a plain dictionary and raise (a fifth of rendering 20,000 entries)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _template_context(groups: list[BibliographyGroup], kind: str, style: str, group_by: str | None,
                      title: str) -> dict[str, Any]:
    """What the templates print; text is made printable for LaTeX, references pre-rendered."""
    text = latex_safe if kind == "tex" else (lambda value: value)
    taken: set[str] = set()
    n_records = sum(len(g.entries) for g in groups)
    return {
        "title": text(title),
        "lead": f"{n_records} works, {_STYLE_NAMES[style]}, {_HEADINGS[group_by]}.",
        "note": ("Each annotation is the work's own annotation where the bibliography has one, "
                 "otherwise sentences taken from its abstract."),
        "grouped": group_by is not None,
        "n_records": n_records,
        "groups": [
            _Row(
                heading=text(g.heading),
                anchor=f"group-{n}",
                count=len(g.entries),
                entries=[
                    _Row(
                        key=e.record.key,
                        anchor="ref-" + _anchor(e.record.key, taken),
                        reference=e.reference.render(kind),
                        annotation=text(e.annotation),
                        theme=text(e.theme),
                        context=text(e.context),
                    )
                    for e in g.entries
                ],
            )
            for n, g in enumerate(groups, start=1)
        ],
    }


def enriched_bibtex(groups: list[BibliographyGroup]) -> str:
    """BibTeX of every entry with all its fields plus annotation, theme and context.

    ``annote`` is added only where the record had no annotation and its abstract gave a
    summary; ``socinno-theme`` and ``socinno-context`` where known. Loading the text
    gives back every original field unchanged.

    Example:
        >>> g = bibliography_groups([Record(key="k", title="T", abstract="We ask. We answer.",
        ...     fields={"title": "T"}, context="denmark")], group_by=None)
        >>> print(enriched_bibtex(g).split("\\n", 1)[1].strip())
        @misc{k,
          title = {T},
          annote = {We ask. We answer.},
          socinno-context = {denmark},
        }
    """
    return "".join(_enriched_pieces(groups))


def _enriched_pieces(groups: list[BibliographyGroup]) -> Iterator[str]:
    """The text of :func:`enriched_bibtex`, entry by entry."""
    extra: dict[str, dict[str, str]] = {}
    records = []
    for entry in (e for g in groups for e in g.entries):
        record = entry.record
        added: dict[str, str] = {}
        if not record.annotation.strip() and record.abstract.strip() and entry.annotation:
            added[ANNOTATION_FIELD] = entry.annotation
        if entry.theme:
            added[THEME_FIELD] = entry.theme
        if record.context:
            added[CONTEXT_FIELD] = record.context
        extra[record.key] = added
        records.append(record)
    header = ("Annotated bibliography written by socinno_lit. Added fields: annote (a summary made from the "
              "abstract, only where the entry had no annotation), socinno-theme and socinno-context.")
    return bibtex_pieces(records, extra=extra, header=header)


_LAST_GROUPS: list[tuple[weakref.ref[Any], str, str | None, list[BibliographyGroup]]] = []


def _remembered_groups(source: Themes | Corpus | Iterable[Record], style: str,
                       group_by: str | None) -> list[BibliographyGroup]:
    """:func:`bibliography_groups`, kept for the last themes or corpus: a report writes three
    bibliography files of the same themes, and formatting every reference is most of the cost.
    Held by a weak reference, so the cache never keeps a corpus alive."""
    if not isinstance(source, (Themes, Corpus)):
        return bibliography_groups(source, style=style, group_by=group_by)
    for held, held_style, held_group, groups in _LAST_GROUPS:
        if held() is source and (held_style, held_group) == (style, group_by):
            return list(groups)
    groups = bibliography_groups(source, style=style, group_by=group_by)
    _LAST_GROUPS[:] = [(weakref.ref(source), style, group_by, groups)]
    return list(groups)


def render_bibliography(
    source: Themes | Corpus | Iterable[Record],
    kind: str,
    *,
    style: str = "apa",
    group_by: str | None = "theme",
    template_dir: str | os.PathLike[str] | None = None,
    title: str = "Annotated bibliography",
) -> str:
    """The bibliography as text: ``kind`` is ``"html"``, ``"md"``, ``"tex"`` or ``"bib"``.

    Example:
        >>> rs = [Record(key="a", entry_type="book", title="<Co-creation>", authors=("Aa, B",), year=2001)]
        >>> "&lt;Co-creation&gt;" in render_bibliography(rs, "html", group_by=None)
        True
    """
    style = check_style(style)
    groups = _remembered_groups(source, style, group_by)
    if kind == "bib":
        return enriched_bibtex(groups)
    if kind not in ("html", "md", "tex"):
        raise ConfigurationError(f"cannot write a bibliography as {kind!r}; use html, md, tex or bib")
    group_by = _check_grouping(group_by, True)
    context = _template_context(groups, kind, style, group_by, title)
    return render(f"bibliography.{kind}.j2", kind, context, template_dir)


def write_bibliography(
    source: Themes | Corpus | Iterable[Record],
    path: str | os.PathLike[str],
    *,
    style: str = "apa",
    group_by: str | None = "theme",
    template_dir: str | os.PathLike[str] | None = None,
    title: str = "Annotated bibliography",
) -> Path:
    """Write an annotated bibliography; the suffix picks the format.

    Args:
        source: fitted themes (``sl.ThemeModel(...).fit(corpus).themes_``), a corpus or
            records.
        path: ``.html`` (one self-contained page), ``.md``, ``.tex`` (a standalone
            document for pdfLaTeX) or ``.bib`` (BibTeX with every original field plus
            ``annote``, ``socinno-theme`` and ``socinno-context``).
        style: ``"apa"``, ``"harvard"`` or ``"chicago"``.
        group_by: ``"theme"`` (needs themes), ``"context"`` or None.
        template_dir: a folder searched for ``bibliography.<format>.j2`` before the
            packaged templates.
        title: the document's title.

    Returns:
        The path written (atomically: an interrupted run leaves the old file).

    Raises:
        ConfigurationError: an unknown suffix, style or grouping; ``group_by="theme"``
            with a corpus; a missing or broken user template.

    Example:
        >>> import tempfile
        >>> rs = [Record(key="a", entry_type="book", title="Co-creation", authors=("Aa, B",), year=2001)]
        >>> p = write_bibliography(rs, Path(tempfile.mkdtemp()) / "b.html", group_by=None)
        >>> "Aa, B. (2001). <i>Co-creation</i>." in p.read_text()
        True
    """
    kind = format_of(path, BIBLIOGRAPHY_FORMATS)
    style = check_style(style)
    groups = _remembered_groups(source, style, group_by)
    return _write(groups, path, kind, style, group_by, template_dir, title)


def _write(groups: list[BibliographyGroup], path: str | os.PathLike[str], kind: str, style: str,
           group_by: str | None, template_dir: str | os.PathLike[str] | None, title: str) -> Path:
    """One bibliography file of ``groups``."""
    if kind == "bib":  # entry by entry: the whole text took 160 MB more at 20,000 records
        return atomic_write_text(path, _enriched_pieces(groups))
    if kind not in ("html", "md", "tex"):
        raise ConfigurationError(f"cannot write a bibliography as {kind!r}; use html, md, tex or bib")
    context = _template_context(groups, kind, style, _check_grouping(group_by, True), title)
    return atomic_write_text(path, render(f"bibliography.{kind}.j2", kind, context, template_dir))


def write_bibliographies(
    source: Themes | Corpus | Iterable[Record],
    paths: Sequence[str | os.PathLike[str]],
    *,
    style: str = "apa",
    group_by: str | None = "theme",
    template_dir: str | os.PathLike[str] | None = None,
    title: str = "Annotated bibliography",
) -> list[Path]:
    """Write several bibliographies of the same records, each as :func:`write_bibliography` would.

    The references and annotations are made once for all the files.

    Args:
        source: as for :func:`write_bibliography`.
        paths: the files to write; each suffix picks its format.
        style, group_by, template_dir, title: as for :func:`write_bibliography`.

    Returns:
        The paths written, in the order given.

    Raises:
        ConfigurationError: as :func:`write_bibliography` raises, before any file is
            written when a suffix names no format.

    Example:
        >>> import tempfile
        >>> rs = [Record(key="a", entry_type="book", title="Co-creation", authors=("Aa, B",), year=2001)]
        >>> folder = Path(tempfile.mkdtemp())
        >>> [p.name for p in write_bibliographies(rs, [folder / "b.md", folder / "b.bib"], group_by=None)]
        ['b.md', 'b.bib']
    """
    kinds = [format_of(p, BIBLIOGRAPHY_FORMATS) for p in paths]
    style = check_style(style)
    groups = _remembered_groups(source, style, group_by)
    return [_write(groups, p, k, style, group_by, template_dir, title) for p, k in zip(paths, kinds, strict=True)]
