"""The statistics of the gap analysis, as small functions on counts.

Everything takes plain numbers, so each formula can be checked by hand or against
scipy on small tables (``tests/test_stats.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats as sps

Z95 = 1.959963984540054


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


def activity_interval(a: float, n_focus: float, c: float, n_reference: float,
                      level: float = 0.95) -> tuple[float, float]:
    """An exact confidence interval for the activity index, finite at zero counts.

    Given the theme's ``a + c`` records, the focus count is binomial with
    ``pi = AI * n_focus / (AI * n_focus + n_reference)``; the Clopper-Pearson interval
    of ``pi`` is turned into one for the activity index (the interval that matches
    Fisher's exact test). With no focus record the lower bound is 0; with no reference
    record the upper bound would be infinite, so Katz's log interval with 0.5 added to
    every cell (Haldane-Anscombe) gives a finite one instead.

    Example:
        >>> low, high = activity_interval(0, 62, 15, 125)
        >>> low, round(high, 3)
        (0.0, 0.562)
    """
    if n_focus <= 0 or n_reference <= 0 or a + c <= 0:
        return (math.nan, math.nan)
    alpha = 1 - level
    m = a + c
    odds = n_reference / n_focus
    low_pi = 0.0 if a <= 0 else float(sps.beta.ppf(alpha / 2, a, m - a + 1))
    low = low_pi / (1 - low_pi) * odds
    if c <= 0:
        return (low, _katz_upper(a, n_focus, c, n_reference, level))
    high_pi = float(sps.beta.ppf(1 - alpha / 2, a + 1, m - a))
    return (low, high_pi / (1 - high_pi) * odds)


def _katz_upper(a: float, n_focus: float, c: float, n_reference: float, level: float) -> float:
    a, c, n_focus, n_reference = a + 0.5, c + 0.5, n_focus + 1, n_reference + 1
    ratio = (a / n_focus) / (c / n_reference)
    se = math.sqrt(max(1 / a - 1 / n_focus + 1 / c - 1 / n_reference, 0.0))
    return ratio * math.exp(float(sps.norm.ppf(0.5 + level / 2)) * se)


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


def fisher_p(a: int, n_focus: int, c: int, n_reference: int) -> float:
    """Two-sided Fisher exact p value of the 2x2 table theme/other by focus/reference.

    Example:
        >>> round(fisher_p(0, 20, 40, 160), 4)
        0.0082
    """
    table = [[a, n_focus - a], [c, n_reference - c]]
    return float(sps.fisher_exact(table, alternative="two-sided").pvalue)


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
    expected one whose Fisher exact p falls below ``alpha``, as an activity index (0: only
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
        if fisher_p(a, n_focus, c, n_reference) >= alpha:
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
