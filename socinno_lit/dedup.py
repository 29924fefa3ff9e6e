"""Finding the same work exported twice and merging it into one record.

Three rules, cheapest first: the same DOI; the same normalised title, first-author
surname and (nearly) the same year; near-identical titles (rapidfuzz) compared only
inside blocks of records that share a year and the start of the surname or title, so the
cost grows with the block sizes, not with n².
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .records import Problem, Record

#: Titles at least this similar (0-100, rapidfuzz ratio) are one work, all else agreeing.
DEFAULT_THRESHOLD = 93.0
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_MIN_TITLE = 12  # shorter titles ("Introduction", "Editorial") need a DOI or exact match
_NUMBER = re.compile(r"\d+")
#: Blocks larger than this are split by a longer title start: fuzzy matching is quadratic in a block.
MAX_BLOCK = 2000


def normalise_title(title: str) -> str:
    """A comparison form of a title: no accents, case, punctuation or extra spaces.

    Example:
        >>> normalise_title("“Co-Creation” in the {Danish} Public Sector!")
        'co creation in the danish public sector'
    """
    text = title.casefold()
    if not text.isascii():  # ASCII has no accents to take off: most titles skip the loop per character
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")
    return _NON_WORD.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class _Key:
    doi: str
    title: str
    surname: str
    year: int | None
    venue: str = ""
    #: The numbers in the title: "Part 1" and "Part 2" are two works, however alike.
    numbers: tuple[str, ...] = ()


def _key(record: Record) -> _Key:
    # The last word of the surname: a braced "{Cameron Bruce Nunn}" (Zotero BibTeX) and
    # "Nunn, Cameron Bruce" (the same library as RIS) then agree, as do "van der Berg" and "Berg".
    words = normalise_title(record.first_author_surname).split()
    title = normalise_title(record.title)
    return _Key(record.doi.lower(), title, words[-1] if words else "", record.year,
                normalise_title(record.venue), tuple(_NUMBER.findall(title)))


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reason: dict[int, str] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int, reason: str) -> None:
        a, b = sorted((self.find(i), self.find(j)))
        if a != b:
            self.parent[b] = a
            self.reason.setdefault(j if j != a else i, reason)


def _compatible(a: _Key, b: _Key) -> bool:
    """Two records may be one work: no conflicting DOI, year, first author or numbers in the
    title; without authors, no conflicting venue either, and a short title ("Editorial")
    needs the same venue and year to be one work."""
    if a.doi and b.doi and a.doi != b.doi:
        return False
    if a.year and b.year and abs(a.year - b.year) > 1:
        return False
    if a.surname and b.surname and a.surname != b.surname:
        return False
    authorless = not (a.surname and b.surname)
    if authorless and a.venue and b.venue and a.venue not in b.venue and b.venue not in a.venue:
        return False
    if a.numbers != b.numbers:
        return False
    if min(len(a.title), len(b.title)) < _MIN_TITLE:
        return bool(a.venue and a.venue == b.venue and a.year and a.year == b.year)
    return True


def _group_by(keys: Sequence[_Key], attribute: Iterable[str | tuple[object, ...]]) -> dict[object, list[int]]:
    groups: dict[object, list[int]] = defaultdict(list)
    for i, value in enumerate(attribute):
        if value:
            groups[value].append(i)
    return groups


def _same_work_same_doi(a: _Key, b: _Key) -> bool:
    """A shared DOI is trusted unless title, author and year all disagree (a mistyped DOI)."""
    if a.title and b.title and fuzz.token_set_ratio(a.title, b.title) < 60:
        return bool(a.surname) and a.surname == b.surname and _compatible(a, b)
    return True


def _link_exact(keys: Sequence[_Key], uf: _UnionFind) -> None:
    for members in _group_by(keys, (k.doi for k in keys)).values():
        for j in members[1:]:
            if _same_work_same_doi(keys[members[0]], keys[j]):
                uf.union(members[0], j, "same DOI")
    by_title = _group_by(keys, ((k.title, k.surname) if k.title else "" for k in keys))
    for members in by_title.values():
        for j in members[1:]:
            if _compatible(keys[members[0]], keys[j]):
                uf.union(members[0], j, "same title, first author and year")


def _blocks(keys: Sequence[_Key]) -> list[list[int]]:
    """Candidate blocks: same year and surname start, or same year and title start.

    A block of more than :data:`MAX_BLOCK` records (thousands of works of one author and
    year, or without authors) is split by a longer start of the title, so the cost stays
    near linear; near-duplicates that differ early in the title may then be missed there.
    """
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        if len(k.title) < _MIN_TITLE:
            continue
        blocks[("a", k.year, k.surname[:4])].append(i)
        blocks[("t", k.year, k.title[:8])].append(i)
    out: list[list[int]] = []
    for block in blocks.values():
        out.extend(_split(block, keys, 16))
    return [b for b in out if len(b) > 1]


def _split(block: list[int], keys: Sequence[_Key], prefix: int) -> list[list[int]]:
    if len(block) <= MAX_BLOCK:
        return [block]
    parts: dict[str, list[int]] = defaultdict(list)
    for i in block:
        parts[keys[i].title[:prefix]].append(i)
    if len(parts) == 1 and prefix >= max(len(keys[i].title) for i in block):
        return [block]  # the same title throughout: the exact rule has linked them already
    return [piece for part in parts.values() for piece in _split(part, keys, prefix * 2)]


def _link_fuzzy(keys: Sequence[_Key], uf: _UnionFind, threshold: float) -> None:
    for block in _blocks(keys):
        titles = [keys[i].title for i in block]
        scores = process.cdist(titles, titles, scorer=fuzz.ratio, score_cutoff=threshold)
        for a, b in zip(*scores.nonzero(), strict=True):
            i, j = block[a], block[b]
            if i < j and uf.find(i) != uf.find(j) and _compatible(keys[i], keys[j]):
                uf.union(i, j, f"similar titles ({scores[a, b]:.0f}%)")


def _richer(values: Iterable[str]) -> str:
    return max(values, key=len, default="")


def _union(tuples: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for values in tuples:
        for value in values:
            seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def merge_records(group: Sequence[Record]) -> Record:
    """One record from several descriptions of a work: the richer value of each wins.

    The first record's key and source are kept; text fields take the longest value,
    keywords, affiliations and countries are united, every original field of every record is kept.

    Example:
        >>> a = Record(key="a", title="Co-creation", year=2016)
        >>> b = Record(key="b", title="Co-creation", abstract="We study ...", keywords=("co-creation",))
        >>> m = merge_records([a, b])
        >>> m.key, m.abstract, m.year, m.keywords
        ('a', 'We study ...', 2016, ('co-creation',))
    """
    first = group[0]
    fields: dict[str, str] = {}
    for record in group:
        for name, value in record.fields.items():
            if len(value) > len(fields.get(name, "")):
                fields[name] = value
    return first.replace(
        title=_richer(r.title for r in group),
        abstract=_richer(r.abstract for r in group),
        authors=max((r.authors for r in group), key=lambda a: (len(a), sum(map(len, a)))),
        year=next((r.year for r in group if r.year), None),
        venue=_richer(r.venue for r in group),
        doi=next((r.doi for r in group if r.doi), ""),
        keywords=_union(r.keywords for r in group),
        affiliations=_union(r.affiliations for r in group),
        countries=_union(r.countries for r in group),
        language=next((r.language for r in group if r.language), ""),
        annotation=_richer(r.annotation for r in group),
        fields=fields,
    )


def find_duplicates(records: Sequence[Record], *, threshold: float = DEFAULT_THRESHOLD) -> list[tuple[list[int], list[str]]]:
    """Groups of positions that describe one work, each with the reasons for its members.

    Example:
        >>> recs = [Record(key="a", title="Public sector innovation in Denmark", year=2019,
        ...                authors=("Torfing, J",)),
        ...         Record(key="b", title="Public-sector innovation in Denmark.", year=2019,
        ...                authors=("Torfing, Jacob",))]
        >>> find_duplicates(recs)
        [([0, 1], ['same title, first author and year'])]
    """
    keys = [_key(r) for r in records]
    uf = _UnionFind(len(keys))
    _link_exact(keys, uf)
    _link_fuzzy(keys, uf, threshold)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        groups[uf.find(i)].append(i)
    return [(members, [uf.reason.get(m, "") for m in members[1:]])
            for members in groups.values() if len(members) > 1]


def merge_duplicates(records: Sequence[Record], *, threshold: float = DEFAULT_THRESHOLD,
                     merged: Mapping[str, tuple[str, ...]] | None = None) -> Merge:
    """Merge the records that describe the same work.

    Args:
        records: the records to clean, in order.
        threshold: rapidfuzz similarity (0-100) above which titles count as the same.
        merged: keys already merged into each key by an earlier pass.

    Returns:
        The records in the original order without the merged duplicates, the keys merged
        into each kept key, an info problem per merge saying what went where and why, and
        the keys whose missing abstract the merge resolved or removed.

    Example:
        >>> m = merge_duplicates([Record(key="a", doi="10.1/x"), Record(key="b", doi="10.1/x", abstract="Text")])
        >>> [r.key for r in m.records], m.merged, m.records[0].abstract
        (['a'], {'a': ('b',)}, 'Text')
    """
    groups = find_duplicates(records, threshold=threshold)
    replaced: dict[int, Record] = {}
    dropped: set[int] = set()
    merged_keys = dict(merged or {})
    problems: list[Problem] = []
    for members, reasons in groups:
        kept = merge_records([records[i] for i in members])
        replaced[members[0]] = kept
        dropped.update(members[1:])
        gone = tuple(records[i].key for i in members[1:])
        merged_keys[kept.key] = tuple(merged_keys.get(kept.key, ())) + gone
        for i, reason in zip(members[1:], reasons, strict=True):
            problems.append(_merge_problem(records[i], kept.key, reason))
    out = tuple(replaced.get(i, r) for i, r in enumerate(records) if i not in dropped)
    settled = {r.key for r in out if r.abstract} | {records[i].key for i in dropped}
    return Merge(out, merged_keys, tuple(problems), frozenset(settled))


@dataclass(frozen=True)
class Merge:
    """What :func:`merge_duplicates` did: the kept records and how they were merged."""

    records: tuple[Record, ...]
    merged: dict[str, tuple[str, ...]]
    problems: tuple[Problem, ...]
    settled: frozenset[str]


def _merge_problem(record: Record, into: str, reason: str) -> Problem:
    return Problem(record.source.file, record.source.line, record.key, "duplicate-merged", "info",
                   f"same work as '{into}' ({reason}); merged into it")
