"""The statistics of the gap analysis, as small functions on counts.

Everything takes plain numbers, so each formula can be checked by hand or against
scipy on small tables (``tests/test_stats.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats as sps


def activity_index(a: float, n_focus: float, c: float, n_reference: float) -> float:
    """Focus share of a theme divided by the reference share (1 = as expected).

    Example:
        >>> activity_index(2, 20, 30, 150)
        0.5
    """
    if n_focus <= 0 or n_reference <= 0:
        return math.nan
    if c <= 0:
        return math.inf if a > 0 else math.nan
    return (a / n_focus) / (c / n_reference)


def score_z(theta: float, a: float, n_focus: float, c: float, n_reference: float) -> float:
    """Miettinen-Nurminen score statistic for the hypothesis that the activity index is ``theta``.

    The activity index is a ratio of two binomial shares, ``(a / n_focus) / (c / n_reference)``.
    The statistic compares the observed difference ``a / n_focus - theta * c / n_reference``
    with its standard error under the hypothesis, the shares estimated by constrained
    maximum likelihood (Miettinen and Nurminen 1985, with their ``N / (N - 1)`` factor).
    Positive: the focus group is in the theme more often than ``theta`` says.

    Example:
        >>> round(score_z(1.0, 2, 60, 40, 170), 3)
        -3.474
    """
    n = n_focus + n_reference
    p_focus, p_reference = a / n_focus, c / n_reference
    quad_a = n * theta
    quad_b = -(n_focus * theta + a + n_reference + c * theta)
    quad_c = a + c
    # The smaller root, written so that it stays exact as theta (and quad_a) goes to 0.
    root = -quad_b + math.sqrt(max(quad_b * quad_b - 4 * quad_a * quad_c, 0.0))
    p2 = 2 * quad_c / root if root > 0 else 0.0
    p1 = theta * p2
    variance = (p1 * (1 - p1) / n_focus + theta * theta * p2 * (1 - p2) / n_reference) * n / (n - 1)
    if variance <= 0:
        return 0.0
    return (p_focus - theta * p_reference) / math.sqrt(variance)


def score_z_array(theta: float, a: np.ndarray, n_focus: np.ndarray, c: np.ndarray,
                  n_reference: np.ndarray) -> np.ndarray:
    """:func:`score_z` on arrays of tables at once (counts broadcast against group sizes).

    The same formula, for the bootstrap, which judges thousands of tables per theme;
    0 where the variance vanishes, as in :func:`score_z`.

    Example:
        >>> score_z_array(1.0, np.array([2.0, 20.0]), np.array([60.0]), np.array([40.0, 40.0]),
        ...               np.array([170.0])).round(3).tolist()
        [-3.474, 1.484]
    """
    a, c = np.asarray(a, dtype=float), np.asarray(c, dtype=float)
    n_focus, n_reference = np.asarray(n_focus, dtype=float), np.asarray(n_reference, dtype=float)
    n = n_focus + n_reference
    with np.errstate(divide="ignore", invalid="ignore"):
        quad_a = n * theta
        quad_b = -(n_focus * theta + a + n_reference + c * theta)
        quad_c = a + c
        root = -quad_b + np.sqrt(np.maximum(quad_b * quad_b - 4 * quad_a * quad_c, 0.0))
        p2 = np.where(root > 0, 2 * quad_c / root, 0.0)
        p1 = theta * p2
        variance = (p1 * (1 - p1) / n_focus + theta * theta * p2 * (1 - p2) / n_reference) * n / (n - 1)
        z = (a / n_focus - theta * c / n_reference) / np.sqrt(variance)
    return np.where(variance > 0, z, 0.0)


def score_p_array(a: np.ndarray, n_focus: np.ndarray, c: np.ndarray, n_reference: np.ndarray) -> np.ndarray:
    """:func:`score_p` on arrays of tables at once (1 where :func:`score_p` gives 1).

    Example:
        >>> score_p_array(np.array([2.0, 0.0]), np.array([60.0]), np.array([40.0, 0.0]),
        ...               np.array([170.0])).round(4).tolist()
        [0.0005, 1.0]
    """
    from scipy.special import ndtr

    a, c = np.asarray(a, dtype=float), np.asarray(c, dtype=float)
    n_focus, n_reference = np.asarray(n_focus, dtype=float), np.asarray(n_reference, dtype=float)
    testable = (n_focus > 0) & (n_reference > 0) & (a + c > 0) & (n_focus + n_reference >= 3)
    return np.where(testable, 2 * ndtr(-np.abs(score_z_array(1.0, a, n_focus, c, n_reference))), 1.0)


def fcr_level(level: float, selected: int, total: int) -> float:
    """The interval level that keeps the false coverage rate of selected intervals at ``1 - level``.

    Benjamini and Yekutieli (2005): when ``selected`` of ``total`` parameters are
    selected for their intervals to be shown (here: the themes claimed to be gaps or
    over-represented), intervals at level ``1 - selected * (1 - level) / total`` miss
    their parameter in at most a share ``1 - level`` of the selected ones on average.
    With every parameter selected it is ``level`` itself.

    Example:
        >>> round(fcr_level(0.95, 2, 10), 3), fcr_level(0.95, 10, 10)
        (0.99, 0.95)
    """
    if total <= 0 or selected <= 0:
        return level
    return 1 - selected * (1 - level) / total


def score_p(a: float, n_focus: float, c: float, n_reference: float) -> float:
    """Two-sided p of the score test that the activity index is 1 (the interval's own test).

    At an index of 1 the statistic is Pearson's chi-square times ``(N - 1) / N``.

    Example:
        >>> round(score_p(2, 60, 40, 170), 4)
        0.0005
    """
    if n_focus <= 0 or n_reference <= 0 or a + c <= 0 or n_focus + n_reference < 3:
        return 1.0
    return float(2 * sps.norm.sf(abs(score_z(1.0, a, n_focus, c, n_reference))))


def score_interval(a: float, n_focus: float, c: float, n_reference: float,
                   level: float = 0.95) -> tuple[float, float]:
    """The activity index's score interval: every index the score test at ``1 - level`` keeps.

    It is the inversion of :func:`score_p`, so the interval excludes 1 exactly when that
    test rejects; 0 is the lower bound without a focus record in the theme, infinity the
    upper one without a reference record. Its coverage, measured against binomial samples
    of real group sizes, is in benchmarks/README.md.

    Example:
        >>> low, high = score_interval(2, 60, 40, 170)
        >>> round(low, 3), round(high, 3)
        (0.038, 0.498)
    """
    from scipy.optimize import brentq

    if n_focus <= 0 or n_reference <= 0 or a + c <= 0 or n_focus + n_reference < 3:
        return (math.nan, math.nan)
    critical = float(sps.norm.ppf(0.5 + level / 2))
    estimate = activity_index(a, n_focus, c, n_reference)
    centre = math.log(estimate) if 0 < estimate < math.inf else math.log((a + 0.5) / n_focus * n_reference / (c + 0.5))

    def beyond(log_theta: float, sign: float) -> float:
        return score_z(math.exp(log_theta), a, n_focus, c, n_reference) - sign * critical

    low = 0.0 if a <= 0 else math.exp(brentq(beyond, centre - 30, centre, args=(1.0,), xtol=1e-10))
    high = math.inf if c <= 0 else math.exp(brentq(beyond, centre, centre + 30, args=(-1.0,), xtol=1e-10))
    return (low, high)


def log_odds_z(a: float, n_focus: float, c: float, n_reference: float, prior: float,
               prior_total: float) -> float:
    """Log-odds ratio with an informative Dirichlet prior, as a z score (Monroe et al. 2008).

    Negative: the item is rarer in the focus group than in the reference. The variance
    is the full one of the two log odds, ``1/(y + a) + 1/(n + a0 - y - a)`` for each
    group; Monroe et al.'s eq. 18 keeps only the first term of each, which is close for
    rare words but overstates z for a theme holding a large share of the records.

    Args:
        a: count of the item (theme, term) in the focus group.
        n_focus: total count in the focus group.
        c: count of the item in the reference group.
        n_reference: total count in the reference group.
        prior: the item's pseudo-count (prior_total times its share in the whole corpus).
        prior_total: the sum of all items' pseudo-counts.

    Example:
        >>> round(log_odds_z(2, 50, 60, 450, prior=6.2, prior_total=50), 2)
        -1.38
        >>> log_odds_z(5, 5, 40, 40, prior=10, prior_total=10)
        nan
    """
    rest_focus, rest_reference = n_focus + prior_total - a - prior, n_reference + prior_total - c - prior
    if min(rest_focus, rest_reference, a + prior, c + prior) <= 0:
        return math.nan  # the item holds all or none of the known records: nothing to contrast
    focus = math.log((a + prior) / rest_focus)
    reference = math.log((c + prior) / rest_reference)
    variance = 1 / (a + prior) + 1 / rest_focus + 1 / (c + prior) + 1 / rest_reference
    return (focus - reference) / math.sqrt(variance)


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg q values (false discovery rate adjusted p values).

    Example:
        >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.5]).round(3).tolist()
        [0.04, 0.053, 0.053, 0.5]
    """
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    return np.asarray(sps.false_discovery_control(p, method="bh"), dtype=float)


def detectable_index(n_focus: int, c: int, n_reference: int, alpha: float) -> float:
    """The highest activity index below 1 that these counts could have shown to be a gap.

    For a theme holding ``c`` reference records, the largest focus count under the
    expected one whose score test p (:func:`score_p`) falls below ``alpha``, as an activity index (0: only
    a theme without any focus record could be shown to be a gap); NaN when not even that
    would be significant. A theme whose interval is too wide for "on par" and too close
    to 1 for a gap is only as informative as this figure: a milder real gap could not
    have been seen.

    Example:
        >>> round(detectable_index(120, 40, 400, 0.025), 2), detectable_index(60, 40, 400, 0.025)
        (0.33, 0.0)
        >>> detectable_index(5, 3, 50, 0.025)
        nan
    """
    if n_focus <= 0 or n_reference <= 0 or c <= 0:
        return math.nan
    expected = c / n_reference * n_focus
    found = math.nan
    for a in range(0, int(math.ceil(expected))):
        if score_p(a, n_focus, c, n_reference) >= alpha:
            break
        found = a
    return found if math.isnan(found) else activity_index(found, n_focus, c, n_reference)


def period_interaction_p(early: tuple[float, float, float, float], recent: tuple[float, float, float, float]) -> float:
    """Two-sided p that the focus-against-reference odds ratio of a theme changed between periods.

    Each period is the 2x2 table (focus in theme, focus elsewhere, reference in theme,
    reference elsewhere). Woolf's test of two log odds ratios, with 0.5 added to every
    cell (Haldane-Anscombe) so that empty cells stay finite.

    Example:
        >>> period_interaction_p((20, 80, 200, 800), (2, 98, 400, 600)) < 0.001
        True
        >>> round(period_interaction_p((20, 80, 200, 800), (21, 79, 205, 795)), 2)
        0.94
    """
    def log_odds(table: tuple[float, float, float, float]) -> tuple[float, float]:
        a, b, c, d = (x + 0.5 for x in table)
        return math.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d

    (first, v1), (second, v2) = log_odds(early), log_odds(recent)
    return float(2 * sps.norm.sf(abs(second - first) / math.sqrt(v1 + v2)))
