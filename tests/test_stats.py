"""The statistics of the gap analysis, against hand computation and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from socinno_lit.gaps.stats import (
    activity_index,
    benjamini_hochberg,
    log_odds_z,
    period_interaction_p,
    score_interval,
    score_p,
    score_z,
)


def test_activity_index_by_hand() -> None:
    # 2 of 20 focus records against 30 of 150 reference records: 0.10 / 0.20
    assert activity_index(2, 20, 30, 150) == pytest.approx(0.5)
    assert activity_index(0, 20, 30, 150) == 0.0


def test_score_test_is_pearsons_chi_square_scaled_by_n_minus_one_over_n() -> None:
    for a, nf, c, nr in [(2, 60, 40, 170), (0, 50, 300, 1950), (41, 62, 74, 167), (10, 20, 3, 100)]:
        chi2 = sps.chi2_contingency([[a, nf - a], [c, nr - c]], correction=False)[0]
        n = nf + nr
        assert score_p(a, nf, c, nr) == pytest.approx(sps.chi2.sf(chi2 * (n - 1) / n, 1), rel=1e-9)


def test_the_interval_excludes_one_exactly_when_the_test_rejects() -> None:
    """The review's table: Fisher p 0.0045 beside an interval 0.993-2.215 that held 1."""
    low, high = score_interval(41, 62, 74, 167)
    assert score_p(41, 62, 74, 167) < 0.05 and low > 1
    rng = np.random.default_rng(0)
    for _ in range(300):
        nf, nr = int(rng.integers(10, 300)), int(rng.integers(10, 3000))
        a, c = int(rng.integers(0, nf + 1)), int(rng.integers(0, nr + 1))
        if a + c == 0:
            continue
        low, high = score_interval(a, nf, c, nr)
        assert (score_p(a, nf, c, nr) < 0.05) == (not low <= 1 <= high), (a, nf, c, nr)


def test_the_interval_is_the_set_of_indices_the_test_keeps() -> None:
    low, high = score_interval(2, 60, 40, 170)
    assert score_z(low, 2, 60, 40, 170) == pytest.approx(1.959964, abs=1e-6)
    assert score_z(high, 2, 60, 40, 170) == pytest.approx(-1.959964, abs=1e-6)
    assert low < activity_index(2, 60, 40, 170) < high


@pytest.mark.parametrize(("a", "c"), [(0, 15), (5, 0), (0, 1), (3, 3)])
def test_the_interval_at_zero_counts(a: int, c: int) -> None:
    low, high = score_interval(a, 62, c, 125)
    assert low == 0.0 if a == 0 else low > 0
    assert high == math.inf if c == 0 else high < math.inf
    estimate = activity_index(a, 62, c, 125)
    if math.isfinite(estimate):
        assert low <= estimate <= high


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
