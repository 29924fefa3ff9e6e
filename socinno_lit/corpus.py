"""The :class:`Corpus`: the records of one analysis and the problems met reading them.

Every stage takes a corpus and returns a new one; none changes the corpus it was given.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, overload

from .dedup import DEFAULT_THRESHOLD, merge_duplicates
from .keys import KeyRegistry
from .records import Problem, Record
from .views import corpus_html

if TYPE_CHECKING:  # pandas is imported lazily: loading does not need it
    import pandas as pd


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

    def deduplicate(self, *, threshold: float = DEFAULT_THRESHOLD) -> Corpus:
        """Merge the records that describe the same work.

        Args:
            threshold: rapidfuzz similarity (0-100) above which titles count as the same.

        Returns:
            A new corpus in the original order without the merged duplicates; its
            ``merged`` maps each kept key to the keys merged into it, and an info problem
            says what was merged into what and why.

        Example:
            >>> c = Corpus((Record(key="a", doi="10.1/x"), Record(key="b", doi="10.1/x", abstract="Text")))
            >>> d = c.deduplicate()
            >>> d.keys, dict(d.merged), d["a"].abstract
            (('a',), {'a': ('b',)}, 'Text')
        """
        merge = merge_duplicates(self.records, threshold=threshold, merged=self.merged)
        # A missing abstract that a merge supplied, or whose record was merged away, is settled.
        kept = tuple(p for p in self.problems if not (p.code == "missing-abstract" and p.key in merge.settled))
        return Corpus(merge.records, kept + merge.problems, merge.merged, self.files)

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
        for column in ("authors", "keywords", "affiliations", "countries", "evidence"):
            frame[column] = frame[column].map(tuple)
        frame["year"] = frame["year"].astype("Int64")
        return frame.set_index("key", drop=False).rename_axis(None)

    def _repr_html_(self) -> str:
        """How a notebook shows the corpus: records per file and context, and the problems
        (see :mod:`socinno_lit.views`)."""
        return corpus_html(self)

    def problems_frame(self) -> pd.DataFrame:
        """One row per problem, with the columns of :class:`Problem`."""
        import pandas as pd

        return pd.DataFrame(
            [dataclasses.asdict(p) for p in self.problems],
            columns=[f.name for f in dataclasses.fields(Problem)],
        )


def deduplicate(corpus: Corpus, *, threshold: float = DEFAULT_THRESHOLD) -> Corpus:
    """Merge the records of a corpus that describe the same work: :meth:`Corpus.deduplicate`.

    Example:
        >>> deduplicate(Corpus((Record(key="a", doi="10.1/x"), Record(key="b", doi="10.1/X")))).keys
        ('a',)
    """
    return corpus.deduplicate(threshold=threshold)
