"""The data model: :class:`Record`, :class:`Problem`, :class:`Source` and :class:`Corpus`.

Everything here is an immutable value. A stage never changes what an earlier stage
produced; it returns a new value (``dataclasses.replace`` for records, ``Corpus``
methods for corpora).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:  # pandas is imported lazily: loading does not need it
    import pandas as pd

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
            "language": self.language,
            "annotation": self.annotation,
            "context": self.context,
            "evidence": list(self.evidence),
            "file": self.source.file,
            "line": self.source.line,
            "fields": dict(self.fields),
        }


@dataclass(frozen=True)
class Corpus:
    """An ordered, immutable collection of records with the problems met loading them.

    Attributes:
        records: the records, in input order.
        problems: every problem recorded while loading or cleaning.
        merged: for each record kept by :meth:`deduplicate`, the keys merged into it.
        files: the input files, in the order they were read.

    Example:
        >>> c = Corpus((Record(key="a", year=2005), Record(key="b", year=2015)))
        >>> [r.key for r in c.filter(lambda r: r.year and r.year >= 2010)]
        ['b']
    """

    records: tuple[Record, ...] = ()
    problems: tuple[Problem, ...] = ()
    merged: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "records", tuple(self.records))
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "files", tuple(self.files))
        if not isinstance(self.merged, MappingProxyType):
            object.__setattr__(self, "merged", MappingProxyType(dict(self.merged)))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (Corpus, (self.records, self.problems, dict(self.merged), self.files))

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self.records)

    @overload
    def __getitem__(self, item: int) -> Record: ...
    @overload
    def __getitem__(self, item: str) -> Record: ...
    def __getitem__(self, item: int | str) -> Record:
        """A record by position or by citation key."""
        if isinstance(item, str):
            for record in self.records:
                if record.key == item:
                    return record
            raise KeyError(item)
        return self.records[item]

    def __contains__(self, key: object) -> bool:
        return any(r.key == key for r in self.records)

    def __add__(self, other: Corpus) -> Corpus:
        """Join two corpora; keys that collide are disambiguated with a warning."""
        if not isinstance(other, Corpus):
            return NotImplemented
        from .keys import KeyRegistry  # local: keeps this module free of loader logic

        registry = KeyRegistry(r.key for r in self.records)
        extra: list[Problem] = []
        joined = list(self.records)
        for record in other.records:
            key, problem = registry.claim(record.key, record.source)
            joined.append(record if key == record.key else record.replace(key=key))
            if problem:
                extra.append(problem)
        return Corpus(
            tuple(joined),
            self.problems + other.problems + tuple(extra),
            {**self.merged, **other.merged},
            self.files + tuple(f for f in other.files if f not in self.files),
        )

    @property
    def keys(self) -> tuple[str, ...]:
        """The citation keys, in order."""
        return tuple(r.key for r in self.records)

    def filter(self, predicate: Callable[[Record], Any]) -> Corpus:
        """A new corpus with the records for which ``predicate`` is true.

        Example:
            >>> Corpus((Record(key="a"),)).filter(lambda r: r.abstract).keys
            ()
        """
        kept = tuple(r for r in self.records if predicate(r))
        keys = {r.key for r in kept}
        merged = {k: v for k, v in self.merged.items() if k in keys}
        return dataclasses.replace(self, records=kept, merged=merged)

    def with_records(self, records: Iterable[Record], *, extra_problems: Iterable[Problem] = ()) -> Corpus:
        """A new corpus with other records (same files, problems plus ``extra_problems``)."""
        return dataclasses.replace(
            self, records=tuple(records), problems=self.problems + tuple(extra_problems)
        )

    def problems_with(self, *, code: str | None = None, severity: str | None = None) -> tuple[Problem, ...]:
        """The problems with a given code and/or severity.

        Example:
            >>> Corpus().problems_with(code="duplicate-key")
            ()
        """
        return tuple(
            p
            for p in self.problems
            if (code is None or p.code == code) and (severity is None or p.severity == severity)
        )

    def deduplicate(self, **options: Any) -> Corpus:
        """Merge records that describe the same work; see :func:`socinno_lit.dedup.deduplicate`."""
        from .dedup import deduplicate

        return deduplicate(self, **options)

    def to_frame(self) -> pd.DataFrame:
        """One row per record, list-valued columns kept as tuples.

        Example:
            >>> int(Corpus((Record(key="a", year=2001),)).to_frame().loc["a", "year"])
            2001
        """
        import pandas as pd

        rows = [r.to_dict() for r in self.records]
        columns = list(Record(key="").to_dict())
        frame = pd.DataFrame(rows, columns=columns)
        for column in ("authors", "keywords", "affiliations", "evidence"):
            frame[column] = frame[column].map(tuple)
        frame["year"] = frame["year"].astype("Int64")
        return frame.set_index("key", drop=False).rename_axis(None)

    def problems_frame(self) -> pd.DataFrame:
        """One row per problem, with the columns of :class:`Problem`."""
        import pandas as pd

        return pd.DataFrame(
            [dataclasses.asdict(p) for p in self.problems],
            columns=[f.name for f in dataclasses.fields(Problem)],
        )
