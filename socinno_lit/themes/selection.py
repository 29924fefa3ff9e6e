"""Choosing the number of themes from the data: topic stability across resamples.

Following Greene, O'Callaghan and Cunningham (2014, "How many topics? Stability
analysis for topic models"): a number of themes k suits a corpus when the themes found
on resampled subsets of it are the same themes as on the whole. For every candidate k
the top terms of each theme on the whole sample are compared with those found on each
resample (80 % of the records, drawn with ``random_state``): two ranked term lists agree
by their *average Jaccard* (the Jaccard overlap of their top 1, top 2, ... top t terms,
averaged), themes are paired by the Hungarian algorithm, and the score of k is the mean
agreement over pairs and resamples. The k with the highest score is chosen, unless one of
its themes holds more than two in five records and a k without such a theme scores within
one standard error of it (across resamples): a blob and a few crumbs are very
stable (the crumbs are the most eccentric records, the blob everything else) and would
otherwise win in a corpus of one field, where they tell a reader nothing. A large theme
that is clearly more stable than any finer split is kept: the texts are one subject.
The whole curve is kept on :class:`Selection` so a report can plot it and say why.

To keep this affordable, fine topics are fitted once per resample and every candidate k
is read off the same merge tree (see :mod:`socinno_lit.themes.partition`), on a sample of at
most ``max_records`` records.

Example:
    >>> round(average_jaccard([1, 2, 3], [1, 3, 2]), 3)
    0.778
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .partition import background, cut_tree, fine_topics, merge_tree

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

__all__ = [
    "MAX_SHARE",
    "Selection",
    "agreement",
    "average_jaccard",
    "candidate_range",
    "largest_share",
    "stability_selection",
]


@dataclass(frozen=True)
class Selection:
    """How the number of themes was chosen: the measured curve and the choice.

    Attributes:
        candidates: the numbers of themes tried, ascending.
        scores: the criterion for each candidate (higher is better).
        spread: the standard deviation of the criterion across resamples.
        chosen: the number of themes chosen (the best score; the smaller k on a tie).
        criterion: the criterion's name, ``"stability"`` (``"none"`` when only one number of
            themes could be tried and nothing was measured).
        description: how the criterion was measured, in one sentence.
        n_usable: the records with usable words, when they limited the candidates (0 otherwise).

    Example:
        >>> s = Selection((4, 5), (0.6, 0.8), (0.05, 0.02), 5, "stability", "...")
        >>> s.score_of(5)
        0.8
    """

    candidates: tuple[int, ...]
    scores: tuple[float, ...]
    spread: tuple[float, ...]
    chosen: int
    criterion: str
    description: str
    n_usable: int = 0

    def score_of(self, k: int) -> float:
        """The score of ``k`` candidates (KeyError if ``k`` was not tried).

        Example:
            >>> Selection((4,), (0.5,), (0.0,), 4, "stability", "").score_of(4)
            0.5
        """
        if k not in self.candidates:
            raise KeyError(k)
        return self.scores[self.candidates.index(k)]

    def explain(self) -> str:
        """One or two sentences a report can print under the plot of the curve.

        Example:
            >>> print(Selection((4, 5), (0.6, 0.8), (0.1, 0.0), 5, "stability", "Measured so.").explain())
            5 themes: the highest topic stability (0.80) of 4 to 5 themes; next best 4 themes (0.60). Measured so.
            >>> print(Selection((4,), (0.0,), (0.0,), 4, "none", "", n_usable=22).explain())
            4 themes, the only number of themes tried (22 usable records, at least 5 per theme), so topic stability, which compares numbers of themes, was not measured.
        """
        if not self.measured:
            return f"{self.chosen} themes{self.not_measured()}"
        score = self.score_of(self.chosen)
        best_score, best = max(zip(self.scores, self.candidates), key=lambda pair: (pair[0], -pair[1]))
        span = f"{self.candidates[0]} to {self.candidates[-1]} themes"
        if best != self.chosen:  # the one-standard-error rule chose against a blob theme
            head = (f"{self.chosen} themes: topic stability {score:.2f}, within one standard error of the highest "
                    f"({best_score:.2f}, at {best} themes) of {span}")
            return f"{head}. {self.description}".strip()
        head = f"{self.chosen} themes: the highest topic stability ({score:.2f}) of {span}"
        others = sorted((s, k) for k, s in zip(self.candidates, self.scores) if k != self.chosen)
        if others:
            head += f"; next best {others[-1][1]} themes ({others[-1][0]:.2f})"
        return f"{head}. {self.description}".strip()

    @property
    def measured(self) -> bool:
        """Whether topic stability was measured: more than one candidate, by stability.

        Example:
            >>> Selection((4,), (0.0,), (0.0,), 4, "none", "").measured
            False
        """
        return self.criterion == "stability" and len(self.candidates) > 1

    def not_measured(self) -> str:
        """Why only one number of themes was tried, as the end of a sentence after "N themes".

        Example:
            >>> Selection((4,), (0.0,), (0.0,), 4, "none", "A cap.").not_measured()
            ', the only number of themes tried, so topic stability, which compares numbers of themes, was not measured. A cap.'
        """
        why = f" ({self.n_usable} usable records, at least 5 per theme)" if self.n_usable else ""
        rest = f" {self.description.strip()}" if self.description.strip() else ""
        return (f", the only number of themes tried{why}, so topic stability, which compares numbers of themes, "
                f"was not measured.{rest}")

    def to_frame(self) -> pd.DataFrame:
        """One row per candidate: ``n_themes``, ``score``, ``spread``, ``chosen``.

        Example:
            >>> Selection((4, 5), (0.6, 0.8), (0.1, 0.0), 5, "stability", "").to_frame().chosen.tolist()
            [False, True]
        """
        import pandas as pd

        return pd.DataFrame(
            {
                "n_themes": list(self.candidates),
                "score": list(self.scores),
                "spread": list(self.spread),
                "chosen": [k == self.chosen for k in self.candidates],
            }
        )


def average_jaccard(first: Sequence[int], second: Sequence[int]) -> float:
    """Greene et al.'s average Jaccard of two ranked lists over depths 1..t.

    Example:
        >>> average_jaccard([1, 2], [1, 2]), average_jaccard([1, 2], [3, 4])
        (1.0, 0.0)
    """
    depth = min(len(first), len(second))
    if depth == 0:
        return 0.0
    total = 0.0
    for d in range(1, depth + 1):
        a, b = set(first[:d]), set(second[:d])
        total += len(a & b) / len(a | b)
    return total / depth


def _rankings(components: np.ndarray, n_top: int) -> list[list[int]]:
    # A stable sort: ties between terms are broken by column order, never by chance.
    order = np.argsort(-components, axis=1, kind="stable")[:, :n_top]
    return [row.tolist() for row in order]


def agreement(first: np.ndarray, second: np.ndarray, n_top: int = 20) -> float:
    """Agreement of two sets of themes (theme x term weights): mean paired average Jaccard.

    Example:
        >>> a = np.array([[3.0, 2, 1, 0], [0, 1, 2, 3]])
        >>> agreement(a, a[::-1], n_top=2)
        1.0
    """
    from scipy.optimize import linear_sum_assignment

    r1, r2 = _rankings(first, n_top), _rankings(second, n_top)
    matrix = np.array([[average_jaccard(a, b) for b in r2] for a in r1])
    rows, cols = linear_sum_assignment(-matrix)
    return float(matrix[rows, cols].mean())


def candidate_range(low: int, high: int, n_records: int) -> tuple[int, ...]:
    """The candidate numbers of themes for a corpus: at least 5 records per theme.

    Example:
        >>> candidate_range(4, 20, 1000), candidate_range(4, 20, 30)
        ((4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), (4, 5, 6))
    """
    top = max(1, min(high, n_records // 5))
    bottom = max(1, min(low, top))
    return tuple(range(bottom, top + 1))


MAX_SHARE = 0.4
"""The largest share of records one theme may hold at a chosen number of themes."""


def _cuts(
    X: csr_matrix, counts: csr_matrix, ks: Sequence[int], fine: int, method: Any, seed: int
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Labels and centroids of every candidate k, read off one merge tree of ``fine`` topics."""
    labels, C = fine_topics(X, counts, fine, method, seed, max_iter=50)
    tree = merge_tree(C, background(X))
    return {k: cut_tree(X, labels, tree, k, max_iter=10) for k in ks}


def largest_share(labels: np.ndarray) -> float:
    """The share of the labelled records (label >= 0) that the largest theme holds.

    Example:
        >>> largest_share(np.array([0, 0, 0, 1, -1]))
        0.75
    """
    placed = labels[labels >= 0]
    return float(np.bincount(placed).max() / len(placed)) if len(placed) else 0.0


def _choose(ks: Sequence[int], scores: Sequence[float], error: Sequence[float], shares: Sequence[float]) -> int:
    """The most stable k; but when one of its themes holds more than :data:`MAX_SHARE` of
    the records, the most stable k without such a theme if that one is within one
    standard error of the best (Breiman's one-standard-error rule)."""
    best = max(range(len(ks)), key=lambda i: (scores[i], -i))
    if shares[best] <= MAX_SHARE:
        return ks[best]
    fine = [i for i, share in enumerate(shares) if share <= MAX_SHARE and scores[i] >= scores[best] - error[best]]
    return ks[max(fine, key=lambda i: (scores[i], -i))] if fine else ks[best]


def stability_selection(
    X: csr_matrix,
    counts: csr_matrix,
    candidates: Sequence[int],
    *,
    method: Any = "nmf",
    random_state: int | None = 0,
    n_resamples: int = 5,
    sample_fraction: float = 0.8,
    max_records: int = 4000,
    n_top: int = 20,
    progress: Callable[[str], None] | None = None,
) -> Selection:
    """Score every candidate number of themes by stability and choose the best.

    Args:
        X: records x features TF-IDF.
        counts: records x features counts (for LDA).
        candidates: numbers of themes to try, ascending.
        method: the fine-topic method, as for :class:`~socinno_lit.themes.model.ThemeModel`.
        random_state: seeds the sample, the resamples and every fit.
        n_resamples: resampled subsets compared with the whole sample.
        sample_fraction: share of the sample in each resample.
        max_records: records used at most (a random sample of a larger corpus).
        n_top: terms compared per theme.
        progress: called with a short message before each fit.

    Example:
        >>> from scipy.sparse import csr_matrix
        >>> rng = np.random.RandomState(0)
        >>> X = csr_matrix(np.kron(np.eye(3), np.ones((10, 4))) + rng.rand(30, 12) * 0.1)
        >>> stability_selection(X, X, (2, 3, 4), n_resamples=2, n_top=4).chosen
        3
    """
    from sklearn.utils import check_random_state

    rng = check_random_state(random_state)
    active = np.flatnonzero(X.getnnz(axis=1) > 0)
    if len(active) > max_records:
        active = np.sort(rng.choice(active, max_records, replace=False))
    ks = list(candidates)
    fine = max(ks[-1], min(2 * ks[-1], int(len(active) * sample_fraction), X.shape[1]))
    seeds = rng.randint(np.iinfo(np.int32).max, size=n_resamples + 1)
    if progress:
        progress(f"stability of {ks[0]} to {ks[-1]} themes: whole sample")
    reference = _cuts(X[active], counts[active], ks, fine, method, int(seeds[0]))
    per_k: dict[int, list[float]] = {k: [] for k in ks}
    largest = {k: [largest_share(reference[k][0])] for k in ks}  # the grain, averaged like the score
    for s in range(n_resamples):
        if progress:
            progress(f"stability of {ks[0]} to {ks[-1]} themes: resample {s + 1} of {n_resamples}")
        rows = np.sort(rng.choice(active, int(len(active) * sample_fraction), replace=False))
        sample = _cuts(X[rows], counts[rows], ks, fine, method, int(seeds[s + 1]))
        for k in ks:
            per_k[k].append(agreement(reference[k][1], sample[k][1], n_top))
            largest[k].append(largest_share(sample[k][0]))
    scores = tuple(round(float(np.mean(per_k[k])), 6) for k in ks)
    spread = tuple(round(float(np.std(per_k[k])), 6) for k in ks)
    shares = [float(np.mean(largest[k])) for k in ks]
    chosen = _choose(ks, scores, [sd / np.sqrt(n_resamples) for sd in spread], shares)
    description = (
        f"Topic stability (Greene, O'Callaghan and Cunningham 2014): average Jaccard of the top {n_top}"
        f" terms of each theme between {len(active)} records and {n_resamples} resamples of"
        f" {sample_fraction:.0%}, themes paired by the Hungarian algorithm"
    )
    skipped = [k for k, score, share in zip(ks, scores, shares) if share > MAX_SHARE and score > scores[ks.index(chosen)]]
    if skipped:
        description += (f"; not chosen although as stable: {_span(skipped)} themes, where one theme held more than"
                        " two in five records")
    description += "."
    return Selection(tuple(ks), scores, spread, chosen, "stability", description)


def _span(ks: Sequence[int]) -> str:
    """Numbers as short text: ``[4, 5, 6, 9]`` -> ``"4-6, 9"``."""
    runs: list[list[int]] = []
    for k in ks:
        if runs and k == runs[-1][-1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)
