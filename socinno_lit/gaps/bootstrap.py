"""Bootstrap stability: how often a theme's verdict survives resampling the records.

A nonparametric bootstrap of the records: each resample draws as many records as the
corpus holds, with replacement, and every record keeps its theme membership and its group
(focus, reference or unknown). In each resample the whole comparison is redone, the
Benjamini-Hochberg step across themes included, and a theme's ``stability`` is the share
of resamples in which it gets the verdict it got on the records themselves. It measures
sampling error of the verdicts, given the themes; how much the themes themselves depend on
the seed and on the number of themes is the separate ``refit_agreement``
(:mod:`socinno_lit.gaps.robustness`).

It is cheap because nothing is refitted and nothing is looped over per resample:

- with dominant-theme counting a record falls in one (group x theme) cell, so a resample's
  counts are one multinomial draw over those cells;
- with weights, the rows are resampled (how often each record is drawn) and the
  memberships summed with one matrix product per group;
- no interval is computed: the score interval is the inversion of the score test, so it
  lies below 1 exactly when the test at ``1 - level`` rejects with the focus share below the
  reference share, and inside the equivalence band exactly when the tests of the band's two
  ends reject on the inside (:func:`verdict_codes`, checked against the verdicts of
  :func:`socinno_lit.gaps.compare.compare` in ``tests/test_bootstrap.py``).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from scipy import stats as sps

from .stats import score_p_array, score_z_array


class Thresholds(Protocol):
    """What the verdicts need of :class:`socinno_lit.gaps.compare.Thresholds` (which imports this module)."""

    alpha: float
    min_expected: float
    level: float
    equivalence: tuple[float, float]

#: The verdicts in the order of the codes :func:`verdict_codes` returns.
CODES = ("under-researched", "on par", "no clear difference", "over-represented", "too few records")
#: The resamples are drawn from this seed, so the same records always give the same figure.
SEED = 0
#: Focus, reference, unknown, and records of another context when a reference context is named.
GROUPS = 4
#: Rows resampled at once with weights counting: bounds the memory of the draw.
CHUNK_CELLS = 2_000_000


def verdict_codes(a: np.ndarray, c: np.ndarray, n_focus: np.ndarray, n_reference: np.ndarray,
                  thresholds: Thresholds) -> np.ndarray:
    """The verdict of every theme of every table, as indices into :data:`CODES`.

    Args:
        a: focus counts, resamples x themes (or one row of themes).
        c: reference counts, the same shape.
        n_focus: focus group sizes, one per resample (a column).
        n_reference: reference group sizes, one per resample (a column).
        thresholds: the thresholds of the comparison.

    Example:
        >>> from socinno_lit.gaps.compare import Thresholds
        >>> codes = verdict_codes(np.array([[0.0, 12, 12]]), np.array([[30.0, 30, 30]]),
        ...                       np.array([[24.0]]), np.array([[90.0]]), Thresholds())
        >>> [CODES[i] for i in codes[0]]
        ['under-researched', 'no clear difference', 'no clear difference']
    """
    a, c = np.atleast_2d(a).astype(float), np.atleast_2d(c).astype(float)
    nf, nr = np.asarray(n_focus, dtype=float), np.asarray(n_reference, dtype=float)
    p = score_p_array(a, nf, c, nr)
    q = sps.false_discovery_control(p, axis=-1, method="bh")
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(nr > 0, c / nr * nf, np.nan)
    too_few = (nf <= 0) | ~(np.fmax(expected, a) >= thresholds.min_expected)
    # The interval excludes 1 exactly when the score test at 1 - level rejects.
    significant = (q < thresholds.alpha) & (p < 1 - thresholds.level)
    critical = float(sps.norm.ppf(0.5 + thresholds.level / 2))
    low, high = thresholds.equivalence
    # The interval lies inside the band exactly when the tests of its two ends reject inwards.
    on_par = (score_z_array(low, a, nf, c, nr) >= critical) & (score_z_array(high, a, nf, c, nr) <= -critical)
    rarer = a * nr < c * nf
    codes = np.select([too_few, significant & rarer, significant & ~rarer, on_par], [4, 0, 3, 1], default=2)
    return codes.astype(np.int8)


def _cell_draws(dominant: np.ndarray, groups: np.ndarray, k: int, resamples: int,
                rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Focus and reference counts per resample and theme, one multinomial draw over the cells."""
    cells = np.bincount(groups * k + dominant, minlength=GROUPS * k).astype(float)
    draws = rng.multinomial(len(dominant), cells / cells.sum(), size=resamples).reshape(resamples, GROUPS, k)
    return draws[:, 0, :].astype(float), draws[:, 1, :].astype(float)


def _row_draws(member: np.ndarray, groups: np.ndarray, resamples: int,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Focus and reference sums of memberships per resample and theme, the rows resampled."""
    n = len(member)
    focus, reference = member[groups == 0], member[groups == 1]
    a, c = [], []
    step = max(1, CHUNK_CELLS // max(n, 1))
    for start in range(0, resamples, step):
        size = min(step, resamples - start)
        drawn = rng.integers(0, n, size=(size, n)) + np.arange(size)[:, None] * n
        times = np.bincount(drawn.ravel(), minlength=size * n).reshape(size, n).astype(float)
        a.append(times[:, groups == 0] @ focus)
        c.append(times[:, groups == 1] @ reference)
    return np.vstack(a), np.vstack(c)


def bootstrap_stability(member: np.ndarray, groups: np.ndarray, verdicts: tuple[str, ...],
                        thresholds: Thresholds, *, resamples: int, dominant: bool) -> np.ndarray:
    """Per theme, the share of bootstrap resamples of the records that repeat its verdict.

    Args:
        member: records x themes, how much each record counts in each theme (rows sum to 1).
        groups: per record 0 (focus), 1 (reference), 2 (unknown) or 3 (another context,
            in neither group when the reference is one named context).
        verdicts: the verdict of each theme on the records themselves.
        thresholds: the thresholds of the comparison.
        resamples: how many resamples; 0 gives NaN.
        dominant: each record counts in one theme only (``member`` is one-hot), so the
            resamples can be drawn as cell counts.

    Example:
        >>> from socinno_lit.gaps.compare import Thresholds
        >>> member = np.eye(2)[[0] * 60 + [1] * 60]
        >>> groups = np.array(([0] * 2 + [1] * 58) + ([0] * 30 + [1] * 30))
        >>> bootstrap_stability(member, groups, ("under-researched", "over-represented"), Thresholds(),
        ...                     resamples=200, dominant=True).round(2).tolist()
        [1.0, 1.0]
    """
    if resamples <= 0:
        return np.full(member.shape[1], np.nan)
    rng = np.random.default_rng(SEED)
    groups = np.asarray(groups, dtype=int)
    if dominant:
        a, c = _cell_draws(member.argmax(axis=1), groups, member.shape[1], resamples, rng)
    else:
        a, c = _row_draws(member, groups, resamples, rng)
    # A record of a group counts 1 in all, so a resample's group size is its row's sum.
    codes = verdict_codes(a, c, a.sum(axis=1, keepdims=True), c.sum(axis=1, keepdims=True), thresholds)
    original = np.array([CODES.index(v) for v in verdicts])
    return (codes == original).mean(axis=0)
