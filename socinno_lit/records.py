"""The record model: :class:`Record`, :class:`Problem` and :class:`Source`.

Everything here is an immutable value. A stage never changes what an earlier stage
produced; it returns a new value (``dataclasses.replace`` for records, the methods of
:class:`socinno_lit.corpus.Corpus` for corpora).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: the file and the 1-based line its entry starts on."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in an input that could not be read as it stood.

    Attributes:
        file: the input file.
        line: 1-based line where the entry or defect starts, if known.
        key: the citation key concerned, if any.
        code: a short stable identifier (``"unparsable-entry"``, ``"duplicate-key"``,
            ``"encoding-fallback"``, ``"missing-abstract"`` ...).
        severity: ``"error"`` (something was not loaded), ``"warning"`` (loaded, but
            changed or incomplete) or ``"info"``.
        message: one sentence a person understands.

    Example:
        >>> str(Problem("a.bib", 12, "x", "duplicate-key", "warning", "key repeats"))
        'a.bib:12: warning [duplicate-key] x: key repeats'
    """

    file: str
    line: int | None
    key: str | None
    code: str
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}: {self.severity} [{self.code}]{key} {self.message}"


@dataclass(frozen=True, slots=True)
class Record:
    """One bibliographic work, with its metadata normalised and its original fields kept.

    Attributes:
        key: the citation key (unique within a corpus).
        entry_type: lower-case BibTeX type (``article``, ``book``, ``inproceedings`` ...).
        title: the title, LaTeX decoded, protective braces removed.
        abstract: the abstract, or ``""``.
        authors: author names as ``"Last, First"`` strings, in order.
        year: the publication year, if one could be read.
        venue: journal, book title, publisher or school, whichever names where it appeared.
        doi: the bare DOI (``10.xxxx/...``), lower-cased, or ``""``.
        keywords: author and index keywords, de-duplicated, in order.
        affiliations: one string per affiliation segment, as exported.
        countries: ISO 3166-1 alpha-2 codes of the record's institutions (``("DK", "SE")``),
            as OpenAlex gives them; ``()`` when unknown.
        language: the language field as exported (``"English"``, ``"Danish"``) or ``""``.
        annotation: the ``annote``/``annotation`` field, or ``""``.
        fields: every original field, LaTeX decoded, under its lower-case name.
        source: file and line of the entry.
        context: the national context assigned by :func:`socinno_lit.classify`, else None.
        evidence: why that context was assigned, one readable string per rule that fired.

    Example:
        >>> r = Record(key="s2019", title="Co-creation", authors=("Sørensen, Eva",), year=2019)
        >>> r.first_author_surname
        'Sørensen'
    """

    key: str
    entry_type: str = "misc"
    title: str = ""
    abstract: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str = ""
    doi: str = ""
    keywords: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    language: str = ""
    annotation: str = ""
    fields: Mapping[str, str] = field(default_factory=dict, hash=False)
    source: Source = Source("<memory>")
    context: str | None = None
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Freeze the mapping so that a Record really is immutable.
        if not isinstance(self.fields, MappingProxyType):
            object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # A mappingproxy cannot be pickled; rebuild from a plain dict (joblib, multiprocessing).
        values = [getattr(self, f.name) for f in dataclasses.fields(self)]
        values[[f.name for f in dataclasses.fields(self)].index("fields")] = dict(self.fields)
        return (Record, tuple(values))

    @property
    def first_author_surname(self) -> str:
        """The surname of the first author, or ``""`` when there is no author."""
        if not self.authors:
            return ""
        return self.authors[0].split(",", 1)[0].strip()

    @property
    def text(self) -> str:
        """Title, keywords and abstract joined: the text that themes are fitted on."""
        return " . ".join(p for p in (self.title, "; ".join(self.keywords), self.abstract) if p)

    def replace(self, **changes: Any) -> Record:
        """A copy with some attributes changed.

        Example:
            >>> Record(key="a").replace(title="T").title
            'T'
        """
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A plain dictionary of the record (fields included), for JSON or pandas."""
        return {
            "key": self.key,
            "entry_type": self.entry_type,
            "title": self.title,
            "abstract": self.abstract,
            "authors": list(self.authors),
            "year": self.year,
            "venue": self.venue,
            "doi": self.doi,
            "keywords": list(self.keywords),
            "affiliations": list(self.affiliations),
            "countries": list(self.countries),
            "language": self.language,
            "annotation": self.annotation,
            "context": self.context,
            "evidence": list(self.evidence),
            "file": self.source.file,
            "line": self.source.line,
            "fields": dict(self.fields),
        }
