"""Term-level gaps: words and phrases the focus group uses less than the reference.

Terms are real words and two-word phrases (never stems, so a reader can search for them),
counted once per record (document frequency): a long abstract does not outweigh ten
short ones. Phrases never span punctuation or a stop word ("public sector", not
"sector denmark").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from ..corpus import Corpus
from ..records import Record
from ..themes.text import clean, phrases, stop_words
from .stats import log_odds_z

if TYPE_CHECKING:
    import pandas as pd

#: Pseudo-records of the Dirichlet prior, spread over the terms by their corpus share.
PRIOR_TOTAL = 100.0


def text_terms(text: str, stop: frozenset[str]) -> set[str]:
    """The distinct words and two-word phrases of a text (a record's ``text``).

    Example:
        >>> sorted(text_terms("Co-creation in the public sector", stop_words()))
        ['co-creation', 'public', 'public sector', 'sector']
    """
    found: set[str] = set()
    for phrase in phrases(clean(text)):
        run: list[str] = []
        for word in [*phrase, ""]:
            if word and word not in stop and len(word) > 2:
                run.append(word)
                continue
            found.update(run)
            found.update(f"{a} {b}" for a, b in zip(run, run[1:], strict=False))
            run = []
    return found


@dataclass(frozen=True)
class TermCounts:
    """A binary records x terms matrix (does the record use the term?)."""

    matrix: sparse.csr_matrix
    vocabulary: tuple[str, ...]

    @classmethod
    def from_records(cls, records: Sequence[Record], *, min_records: int = 2) -> TermCounts:
        """Count terms used by at least ``min_records`` records.

        Cached on the texts, so comparing many focus groups of one corpus counts once.

        Example:
            >>> counts = TermCounts.from_records([Record(key="a", title="public sector"),
            ...                                   Record(key="b", title="public sector reform")])
            >>> counts.vocabulary
            ('public', 'public sector', 'sector')
        """
        return _count_terms(tuple(r.text for r in records), min_records)


def counts_from_features(features: Any) -> TermCounts:
    """Term counts from a theme model's features (stemmed, readable names), used once per record.

    Reuses the analysis the theme model already did, which on 20,000 records saves the
    ten or more seconds that reading every text again would cost.

    Example:
        >>> from socinno_lit.themes.features import build_features
        >>> f = build_features(Corpus((Record(key="a", title="Public sector"), Record(key="b", title="Public sector"))),
        ...                    min_df=1)
        >>> counts_from_features(f).vocabulary
        ('public', 'public sector', 'sector')
    """
    matrix = (features.counts > 0).astype(np.int32).tocsr()
    return TermCounts(matrix, tuple(features.words))


@lru_cache(maxsize=8)
def _count_terms(texts: tuple[str, ...], min_records: int) -> TermCounts:
    stop = stop_words()
    per_record = [text_terms(t, stop) for t in texts]
    frequency: dict[str, int] = {}
    for terms in per_record:
        for term in terms:
            frequency[term] = frequency.get(term, 0) + 1
    vocabulary = tuple(sorted(t for t, n in frequency.items() if n >= min_records))
    index = {t: i for i, t in enumerate(vocabulary)}
    pairs = [(i, index[term]) for i, terms in enumerate(per_record) for term in terms if term in index]
    rows, cols = zip(*pairs, strict=True) if pairs else ((), ())
    data = np.ones(len(pairs), dtype=np.int32)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(texts), len(vocabulary)))
    return TermCounts(matrix, vocabulary)


def _scores(counts: TermCounts, reference: np.ndarray, focus: np.ndarray) -> list[tuple[str, int, int, float]]:
    """(term, focus records, reference records, z) with z > 0 when the reference uses it more."""
    if not counts.vocabulary or not reference.any():
        return []
    in_reference = np.asarray(counts.matrix[reference].sum(axis=0)).ravel()
    in_focus = np.asarray(counts.matrix[focus].sum(axis=0)).ravel() if focus.any() else np.zeros_like(in_reference)
    overall = np.asarray(counts.matrix.sum(axis=0)).ravel()
    share = overall / max(overall.sum(), 1)
    total_focus, total_reference = float(in_focus.sum()), float(in_reference.sum())
    out = []
    for j, term in enumerate(counts.vocabulary):
        if in_reference[j] == 0 and in_focus[j] == 0:
            continue
        prior = PRIOR_TOTAL * share[j]
        z = -log_odds_z(float(in_focus[j]), total_focus, float(in_reference[j]), total_reference, prior, PRIOR_TOTAL)
        out.append((term, int(in_focus[j]), int(in_reference[j]), z))
    return out


def distinguishing_terms(counts: TermCounts, reference: np.ndarray, focus: np.ndarray,
                         n: int = 10) -> tuple[tuple[str, float], ...]:
    """The ``n`` terms most over-represented in the reference records against the focus.

    Example:
        >>> recs = [Record(key=str(i), title="crowdfunding platforms") for i in range(4)]
        >>> recs += [Record(key=f"d{i}", title="co-creation platforms") for i in range(4)]
        >>> counts = TermCounts.from_records(recs)
        >>> ref = np.array([True] * 4 + [False] * 4)
        >>> [t for t, _ in distinguishing_terms(counts, ref, ~ref, 1)]
        ['crowdfunding']
    """
    scored = sorted(_scores(counts, reference, focus), key=lambda s: (-s[3], s[0]))
    return tuple((term, round(z, 3)) for term, _, _, z in scored[:n] if z > 0)


def term_gaps(corpus: Corpus | Iterable[Record], focus: str = "denmark", *, n: int = 30,
              min_records: int = 3, counts: TermCounts | None = None) -> pd.DataFrame:
    """Words and phrases the focus group lacks, against every other record.

    Scores are log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and
    Quinn 2008) as z scores, on document frequencies; positive ``z`` means the reference
    literature uses the term more than the focus group does.

    Args:
        corpus: a classified corpus (records carry ``context``).
        focus: the focus context.
        n: how many terms to return.
        min_records: ignore terms used by fewer records.
        counts: term counts of these records already made (e.g. by the theme model);
            when None they are counted here.

    Returns:
        A DataFrame with columns term, n_focus, n_reference, share_focus,
        share_reference, z, sorted by z, largest first.

    Example:
        >>> recs = [Record(key=f"i{i}", title="crowdfunding for social ventures", context="international")
        ...         for i in range(6)] + [Record(key=f"d{i}", title="social ventures in kommuner",
        ...         context="denmark") for i in range(6)]
        >>> term_gaps(Corpus(tuple(recs)), "denmark", n=1)["term"].tolist()
        ['crowdfunding']
    """
    import pandas as pd

    records = list(corpus)
    is_focus = np.array([(r.context or "").lower() == focus.lower() for r in records], dtype=bool)
    counts = counts if counts is not None else TermCounts.from_records(records, min_records=min_records)
    scored = sorted(_scores(counts, ~is_focus, is_focus), key=lambda s: (-s[3], s[0]))[:n]
    nf, nr = max(int(is_focus.sum()), 1), max(int((~is_focus).sum()), 1)
    return pd.DataFrame(
        [(t, f, r, f / nf, r / nr, round(z, 3)) for t, f, r, z in scored],
        columns=["term", "n_focus", "n_reference", "share_focus", "share_reference", "z"],
    )
