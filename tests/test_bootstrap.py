"""Bootstrap stability, refit agreement and selection-adjusted intervals."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from test_compare import _themes_of

from socinno_lit.gaps.bootstrap import CODES, bootstrap_stability, verdict_codes
from socinno_lit.gaps.compare import (
    EXTRA_COLUMNS,
    Thresholds,
    _Counts,
    _judge,
    _toy_themes,
    compare,
)
from socinno_lit.gaps.robustness import with_refit_agreement
from socinno_lit.gaps.stats import fcr_level, score_interval


def _random_tables(rng: np.random.Generator, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per theme (focus, reference) counts, some themes far from expected, some near, some empty."""
    reference = rng.integers(0, 400, size=k).astype(float)
    expected = reference / reference.sum() * rng.integers(20, 300)
    focus = np.floor(expected * rng.choice([0.0, 0.3, 0.8, 1.0, 1.2, 2.5], size=k) + rng.integers(0, 3, size=k))
    return focus, reference


def test_vectorised_verdicts_are_the_verdicts_of_the_intervals() -> None:
    """The bootstrap judges tables without intervals; on 600 random sets of themes it must give
    exactly the verdicts that the score intervals and Benjamini-Hochberg give."""
    rng = np.random.default_rng(15)
    thresholds = Thresholds()
    seen = set()
    for _ in range(600):
        k = int(rng.integers(2, 12))
        focus, reference = _random_tables(rng, k)
        counts = _Counts(tuple(map(str, range(k))), focus, reference, np.zeros(k), int(focus.sum()),
                         int(reference.sum()))
        expected = [row.verdict for row in _judge(counts, thresholds)]
        codes = verdict_codes(focus, reference, np.array([[focus.sum()]]), np.array([[reference.sum()]]), thresholds)
        assert [CODES[c] for c in codes[0]] == expected, (focus, reference)
        seen.update(expected)
    assert seen == set(CODES)  # every verdict was met, so every branch was checked


def test_a_clear_gap_is_stable_and_a_borderline_one_is_not() -> None:
    themes = _themes_of([(0, 200), (40, 200), (40, 200), (40, 200), (26, 200), (40, 200)])
    comparison = compare(themes)
    clear, borderline = comparison.rows[0], comparison.rows[4]
    assert clear.verdict == "under-researched" and clear.stability > 0.95
    assert 0.1 < borderline.stability < 0.9, borderline
    assert all(0 <= row.stability <= 1 for row in comparison.rows)


def test_bootstrap_stability_is_a_bootstrap_of_the_records() -> None:
    """Against the slow way: draw record indices with replacement and judge every resample again."""
    themes = _themes_of([(0, 200), (40, 200), (40, 200), (40, 200), (26, 200), (40, 200)])
    comparison = compare(themes)
    dominant = np.asarray(themes.dominant)
    is_focus = np.array([r.context == "denmark" for r in themes.corpus])
    rng = np.random.default_rng(1)
    k, hits = len(comparison.rows), np.zeros(len(comparison.rows))
    for _ in range(300):
        drawn = rng.integers(0, len(dominant), len(dominant))
        focus = np.bincount(dominant[drawn][is_focus[drawn]], minlength=k).astype(float)
        reference = np.bincount(dominant[drawn][~is_focus[drawn]], minlength=k).astype(float)
        counts = _Counts(comparison.themes.labels, focus, reference, np.zeros(k), int(focus.sum()),
                         int(reference.sum()))
        hits += [a.verdict == b.verdict for a, b in zip(_judge(counts, Thresholds()), comparison.rows, strict=True)]
    slow = hits / 300
    fast = np.array([row.stability for row in comparison.rows])
    # Two independent estimates of one share: their difference has a standard error under 0.05.
    assert np.abs(slow - fast).max() < 0.15, (slow, fast)


def test_weights_counting_resamples_rows_like_the_cells_of_dominant_counting() -> None:
    themes = _themes_of([(0, 200), (40, 200), (26, 200), (40, 200)])
    member, groups = np.asarray(themes.weights), np.array([r.context != "denmark" for r in themes.corpus], int)
    verdicts = tuple(row.verdict for row in compare(themes).rows)
    cells = bootstrap_stability(member, groups, verdicts, Thresholds(), resamples=400, dominant=True)
    rows = bootstrap_stability(member, groups, verdicts, Thresholds(), resamples=400, dominant=False)
    assert np.abs(cells - rows).max() < 0.12, (cells, rows)


def test_stability_is_deterministic_and_can_be_turned_off() -> None:
    themes = _themes_of([(0, 200), (40, 200), (26, 200), (40, 200)])
    first, second = compare(themes), compare(themes)
    assert [r.stability for r in first.rows] == [r.stability for r in second.rows]
    off = compare(themes, thresholds=Thresholds(bootstrap=0))
    assert all(math.isnan(r.stability) for r in off.rows)
    assert [r.verdict for r in off.rows] == [r.verdict for r in first.rows]


def test_refit_agreement_is_its_own_column_and_counts_the_refits() -> None:
    themes = _toy_themes()
    shuffled = dataclasses.replace(themes, dominant=np.roll(themes.dominant, 1))
    comparison = compare(themes, refits=[themes, shuffled])
    assert comparison.n_refits == 2
    assert list(comparison.to_frame().columns[-3:]) == ["refit_agreement", "ai_low_fcr", "ai_high_fcr"]
    assert all(r.refit_agreement in (0.5, 1.0) for r in comparison.rows)
    assert not any(math.isnan(r.stability) for r in comparison.rows)
    assert all(math.isnan(r.refit_agreement) for r in compare(themes).rows)
    # The former keyword still passes refits.
    assert [r.refit_agreement for r in compare(themes, stability=[themes]).rows] == [1.0, 1.0, 1.0]
    assert set(EXTRA_COLUMNS) >= {"stability", "refit_agreement"}
    same = compare(themes)
    assert math.isnan(with_refit_agreement(same, []).rows[0].refit_agreement)
    assert with_refit_agreement(same, [same]).rows[0].refit_agreement == 1.0


def test_gaps_are_ranked_by_evidence_not_by_either_repeat_figure() -> None:
    themes = _themes_of([(0, 200), (40, 200), (40, 200), (2, 200), (40, 200), (40, 200)])
    comparison = compare(themes)
    gaps = comparison.gaps()
    assert [g.p_value for g in gaps] == sorted(g.p_value for g in gaps)
    flipped = dataclasses.replace(comparison, rows=tuple(dataclasses.replace(r, stability=1 - r.stability,
                                                                             refit_agreement=r.theme / 10)
                                                         for r in comparison.rows))
    assert [g.theme for g in flipped.gaps()] == [g.theme for g in gaps]


def test_fcr_interval_of_a_claim_contains_the_plain_one() -> None:
    comparison = compare(_themes_of([(0, 200), (40, 200), (40, 200), (26, 200), (40, 200)]))
    claims = [r for r in comparison.rows if r.claim]
    assert claims
    for row in claims:
        assert row.ai_low_fcr <= row.ai_low and row.ai_high <= row.ai_high_fcr
        assert (row.ai_low_fcr, row.ai_high_fcr) != (row.ai_low, row.ai_high)
    assert all(math.isnan(r.ai_low_fcr) and math.isnan(r.ai_high_fcr) for r in comparison.rows if not r.claim)


def test_fcr_interval_is_the_plain_one_when_every_theme_is_a_claim() -> None:
    comparison = compare(_themes_of([(0, 300), (200, 300)]))
    assert all(r.claim for r in comparison.rows)
    for row in comparison.rows:
        assert (row.ai_low_fcr, row.ai_high_fcr) == pytest.approx((row.ai_low, row.ai_high))


def test_fcr_level_is_benjamini_yekutieli() -> None:
    # 1 claim of 10 at 95%: each selected interval at 99.5%, so wider than the plain one.
    assert fcr_level(0.95, 1, 10) == pytest.approx(0.995)
    plain, adjusted = score_interval(2, 60, 40, 170), score_interval(2, 60, 40, 170, fcr_level(0.95, 1, 10))
    assert adjusted[0] < plain[0] and plain[1] < adjusted[1]
