"""Robustness: a gap that shows for one seed or one number of themes only is no finding.

:func:`refit` fits the same model again with other seeds and with one theme fewer and
one more; :func:`with_refit_agreement` matches every theme of the main fit to its closest
theme in each refit (by the overlap of their records) and records, as ``refit_agreement``,
the share of refits in which the matched theme gets the same verdict. That is not sampling
error (the refits see the same records with the same labels): the bootstrap
``stability`` of :mod:`socinno_lit.gaps.bootstrap` is.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..corpus import Corpus

#: A theme with a smaller record overlap (Jaccard) than this has no match in a refit.
MIN_OVERLAP = 0.2


def refit(
    model: Any,
    corpus: Corpus,
    *,
    seeds: Sequence[int] = (1, 2),
    deltas: Sequence[int] = (-1, 1),
    n_jobs: int = -1,
) -> list[Any]:
    """Themes of the same corpus from other seeds and neighbouring numbers of themes.

    A refit starts from the model's fitted features (``features_`` and ``analyzer_``)
    when it has them, so the texts are read and tokenised once, not once per refit. The
    refits run side by side on ``n_jobs`` threads (-1: every core); each one is fitted
    with one BLAS thread and its own seed, so the result is the same for any ``n_jobs``.

    Args:
        model: a fitted :class:`~socinno_lit.themes.model.ThemeModel` (any estimator with
            ``get_params``, ``set_params``-style keyword construction and ``themes_``).
        corpus: the corpus the model was fitted on.
        seeds: other random states, at the fitted number of themes.
        deltas: other numbers of themes (fitted count plus delta), at the fitted seed.
        n_jobs: threads to fit on; -1 for as many as there are cores.

    Returns:
        The refitted themes, seeds first, then neighbouring counts (those of at least 2).

    Example:
        >>> from socinno_lit.records import Record
        >>> from socinno_lit.themes.model import ThemeModel
        >>> c = Corpus(tuple(Record(key=str(i), title=t) for i, t in enumerate(
        ...     ["Nurse staffing in hospitals", "Municipal climate policy", "Heritage museums"] * 3)))
        >>> model = ThemeModel(n_themes=2).fit(c)
        >>> [t.n_themes for t in refit(model, c, n_jobs=1)] == [2, 2, 3]
        True
    """
    from joblib import Parallel, delayed
    from sklearn.exceptions import ConvergenceWarning
    from threadpoolctl import threadpool_limits

    params = model.get_params()
    k = int(model.themes_.n_themes)
    seed = params.get("random_state") or 0
    settings = [(k, s) for s in seeds if s != seed] + [(k + d, seed) for d in deltas if k + d >= 2 and d]
    # One BLAS thread and the warning filter around the whole batch: the limit and filter
    # each fit sets and restores on its own would otherwise be undone by the first thread
    # to finish, under the others (both are process-wide).
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return Parallel(n_jobs=min(len(settings), _cores(n_jobs)) or 1, backend="threading")(
            delayed(_refit_one)(model, corpus, params, n_themes, random_state) for n_themes, random_state in settings
        )


def _cores(n_jobs: int) -> int:
    return (os.cpu_count() or 1) if n_jobs < 0 else max(1, n_jobs)


def _refit_one(model: Any, corpus: Corpus, params: dict[str, Any], n_themes: int, random_state: int) -> Any:
    clone = type(model)(**{**params, "n_themes": n_themes, "random_state": random_state})
    features = getattr(model, "features_", None)
    if features is not None and hasattr(clone, "fit_features"):
        return clone.fit_features(corpus, features, getattr(model, "analyzer_", None)).themes_
    return clone.fit(corpus).themes_


def _members(dominant: np.ndarray, k: int) -> list[set[int]]:
    return [set(np.flatnonzero(dominant == t).tolist()) for t in range(k)]


def match_themes(first: np.ndarray, second: np.ndarray, k_first: int, k_second: int) -> list[tuple[int, float]]:
    """For each theme of the first fit, its closest theme in the second and their Jaccard overlap.

    Example:
        >>> match_themes(np.array([0, 0, 1, 1]), np.array([1, 1, 0, 0]), 2, 2)
        [(1, 1.0), (0, 1.0)]
    """
    a, b = _members(first, k_first), _members(second, k_second)
    out = []
    for members in a:
        scores = [len(members & other) / len(members | other) if members | other else 0.0 for other in b]
        best = int(np.argmax(scores)) if scores else -1
        out.append((best, float(scores[best]) if scores else 0.0))
    return out


def with_refit_agreement(comparison: Any, refits: Sequence[Any]) -> Any:
    """The comparison with each theme's ``refit_agreement``: how often its verdict recurs in refits.

    Args:
        comparison: the comparison of the main fit.
        refits: the comparisons of the refits, made with the same focus, reference,
            counting and thresholds.

    A refit counts for a theme when the theme's closest match there (record overlap at
    least :data:`MIN_OVERLAP`) has the same verdict.

    Example:
        >>> from socinno_lit.gaps.compare import _toy_themes, compare
        >>> same = compare(_toy_themes())
        >>> [row.refit_agreement for row in with_refit_agreement(same, [same, same]).rows]
        [1.0, 1.0, 1.0]
    """
    main = comparison.themes
    hits = np.zeros(len(comparison.rows))
    for refit_comparison in refits:
        other, other_rows = refit_comparison.themes, refit_comparison.rows
        pairs = match_themes(np.asarray(main.dominant), np.asarray(other.dominant), len(main.labels),
                             len(other.labels))
        for t, (best, overlap) in enumerate(pairs):
            if best >= 0 and overlap >= MIN_OVERLAP and other_rows[best].verdict == comparison.rows[t].verdict:
                hits[t] += 1
    share = hits / len(refits) if refits else np.full(len(comparison.rows), math.nan)
    rows = tuple(replace(row, refit_agreement=float(s)) for row, s in zip(comparison.rows, share, strict=True))
    return replace(comparison, rows=rows, n_refits=len(refits))
