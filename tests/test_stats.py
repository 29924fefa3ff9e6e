"""The statistics of the gap analysis, against hand computation and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from socinno_lit.gaps.stats import (
    activity_index,
    activity_interval,
    benjamini_hochberg,
    fisher_p,
    log_odds_z,
    period_interaction_p,
)


def test_activity_index_by_hand() -> None:
    # 2 of 20 focus records against 30 of 150 reference records: 0.10 / 0.20
    assert activity_index(2, 20, 30, 150) == pytest.approx(0.5)
    assert activity_index(0, 20, 30, 150) == 0.0


def test_interval_matches_clopper_pearson_on_the_conditional_binomial() -> None:
    a, nf, c, nr = 4, 40, 30, 160
    low, high = activity_interval(a, nf, c, nr)
    ci = sps.binomtest(a, a + c).proportion_ci(confidence_level=0.95, method="exact")
    to_ai = lambda p: p / (1 - p) * nr / nf  # noqa: E731
    assert low == pytest.approx(to_ai(ci.low))
    assert high == pytest.approx(to_ai(ci.high))
    assert low < activity_index(a, nf, c, nr) < high


@pytest.mark.parametrize(("a", "c"), [(0, 15), (5, 0), (0, 1), (3, 3)])
def test_interval_stays_finite_and_contains_the_estimate_at_zero_counts(a: int, c: int) -> None:
    low, high = activity_interval(a, 62, c, 125)
    assert 0 <= low < high < math.inf
    estimate = activity_index(a, 62, c, 125)
    if math.isfinite(estimate):
        assert low <= estimate <= high
    if a == 0:
        assert low == 0.0


def test_fisher_p_equals_scipy() -> None:
    assert fisher_p(0, 20, 40, 160) == pytest.approx(sps.fisher_exact([[0, 20], [40, 120]]).pvalue)
    assert fisher_p(5, 20, 40, 160) == pytest.approx(sps.fisher_exact([[5, 15], [40, 120]]).pvalue)


def test_log_odds_z_by_hand() -> None:
    # Monroe et al. (2008), eq. 16, with prior 6.2 of a total 50, and the full variance of both log odds.
    a, nf, c, nr, prior, total = 2, 50, 60, 450, 6.2, 50
    rest_f, rest_r = nf + total - a - prior, nr + total - c - prior
    delta = math.log((a + prior) / rest_f) - math.log((c + prior) / rest_r)
    expected = delta / math.sqrt(1 / (a + prior) + 1 / rest_f + 1 / (c + prior) + 1 / rest_r)
    assert log_odds_z(a, nf, c, nr, prior, total) == pytest.approx(expected)
    assert log_odds_z(a, nf, c, nr, prior, total) < 0
    assert log_odds_z(c, nr, a, nf, prior, total) == pytest.approx(-expected)


def test_benjamini_hochberg_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.5]
    # sorted: 0.01*4/1=0.04, 0.03*4/2=0.06, 0.04*4/3=0.0533, 0.5 -> monotone from the top
    assert benjamini_hochberg(p) == pytest.approx(np.array([0.04, 0.05333, 0.05333, 0.5]), rel=1e-3)


def test_period_interaction_is_woolfs_test_by_hand() -> None:
    early, recent = (20, 80, 200, 800), (2, 98, 400, 600)
    log_or = [math.log((a + .5) * (d + .5) / ((b + .5) * (c + .5))) for a, b, c, d in (early, recent)]
    var = [sum(1 / (x + .5) for x in t) for t in (early, recent)]
    z = (log_or[1] - log_or[0]) / math.sqrt(sum(var))
    assert period_interaction_p(early, recent) == pytest.approx(2 * sps.norm.sf(abs(z)))
    assert period_interaction_p(early, early) == pytest.approx(1.0)
