"""Sub-themes: the fine topics the themes were merged from, tested as a second family.

A field that shares its theme with another field can be a gap that its theme, diluted by
the other field, does not show. The sub-themes are the fine topics each theme was merged
from; the comparison tests them with the same test and its own Benjamini-Hochberg step,
and leaves the themes' verdicts as they were.
"""

from __future__ import annotations

import dataclasses
import html
import json
import random
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.gaps.compare import compare
from socinno_lit.gaps.stats import benjamini_hochberg
from socinno_lit.render.report import write_report

MIX = [("domain", "scopus_social_entrepreneurship.bib"), ("formats", "wos_healthecon_part1.bib"),
       ("formats", "wos_dises.bib"), ("formats", "zotero_public_history.bib"),
       ("domain", "scopus_policy_diffusion.bib")]


@pytest.fixture(scope="module")
def mixed() -> sl.Themes:
    """Three themes of five real fields: at least one theme holds two fields."""
    corpus = sl.load(*(shared(*p) for p in MIX))
    return sl.ThemeModel(n_themes=3, random_state=0).fit(corpus).themes_


def marked(themes: sl.Themes, focus: set[int]) -> sl.Themes:
    """The themes with their records marked Danish (``focus``) or international by overrides."""
    records = themes.corpus.records
    overrides = {r.key: "denmark" if i in focus else "international" for i, r in enumerate(records)}
    return dataclasses.replace(themes, corpus=sl.classify(themes.corpus, "denmark", overrides=overrides))


def test_subthemes_are_the_fine_topics_over_every_record(mixed: sl.Themes) -> None:
    sub = mixed.subthemes
    assert sub is not None
    assert sub.n_themes == 3 * mixed.n_themes  # resolution 3: three fine topics per theme
    assert len(sub.dominant) == len(mixed.dominant) and sub.corpus is mixed.corpus
    assert (sub.sizes > 0).all() and sub.sizes.sum() == len(mixed.corpus)
    assert len(set(sub.labels)) == sub.n_themes
    # Finer than the themes: most fine topics lie (almost) inside one theme.
    inside = [np.bincount(mixed.dominant[sub.dominant == t]).max() / sub.sizes[t] for t in range(sub.n_themes)]
    assert np.median(inside) > 0.9


def test_no_subthemes_without_merging() -> None:
    corpus = sl.load_corpus()
    themes = sl.ThemeModel(n_themes=4, merge=False, random_state=0).fit(corpus).themes_
    assert themes.subthemes is None
    classified = sl.classify(corpus, "denmark")
    comparison = compare(dataclasses.replace(themes, corpus=classified))
    assert comparison.subthemes is None and comparison.subtheme_gaps() == []
    assert len(comparison.subtheme_frame()) == 0


def test_subthemes_are_a_family_of_their_own_and_leave_the_themes_as_they_were(mixed: sl.Themes) -> None:
    rng = random.Random(3)
    themes = marked(mixed, set(rng.sample(range(len(mixed.corpus)), 400)))
    with_sub = compare(themes)
    without = compare(dataclasses.replace(themes, subthemes=None))
    assert without.subthemes is None and with_sub.subthemes is not None
    assert with_sub.rows == without.rows  # the themes' figures and verdicts do not change
    rows = with_sub.subthemes.rows
    assert len(rows) == mixed.subthemes.n_themes
    # Benjamini-Hochberg over the sub-themes only.
    assert [r.q_value for r in rows] == pytest.approx(benjamini_hochberg([r.p_value for r in rows]))
    # Every sub-theme names the theme holding most of its records.
    for r in rows:
        inside = mixed.dominant[mixed.subthemes.dominant == r.theme]
        assert with_sub.parent(r.theme) == np.bincount(inside, minlength=3).argmax()
    frame = with_sub.subtheme_frame()
    assert list(frame["parent_label"]) == [with_sub.rows[p].label for p in frame["parent"]]


def test_a_gap_confined_to_one_field_of_a_shared_theme_shows_in_its_subtheme(mixed: sl.Themes) -> None:
    # Health economics shares its theme with the discrete-choice and public-history records.
    # Danish records are drawn at random, but from health economics at a third of the rate.
    source = np.array(["healthecon" in r.source.file for r in mixed.corpus])
    shared_theme = int(np.bincount(mixed.dominant[source]).argmax())
    assert source[mixed.dominant == shared_theme].mean() < 0.7  # the theme is not the field alone
    own = int(np.bincount(mixed.subthemes.dominant[source]).argmax())  # the field's sub-theme
    hits, sharper = 0, 0
    for seed in range(5):
        rng = np.random.default_rng(seed)
        rate = np.where(source, 0.1 / 3, 0.1)
        comparison = compare(marked(mixed, set(np.flatnonzero(rng.random(len(source)) < rate).tolist())))
        gaps = comparison.subtheme_gaps()
        hits += bool(gaps) and gaps[0].theme == own
        sharper += comparison.subthemes.rows[own].activity_index < comparison.rows[shared_theme].activity_index
    assert hits >= 4 and sharper == 5


def test_random_focus_groups_raise_few_claims_in_either_family(mixed: sl.Themes) -> None:
    rng = random.Random(11)
    n = len(mixed.corpus)
    claims = 0
    for _ in range(10):
        comparison = compare(marked(mixed, set(rng.sample(range(n), n // 10))))
        claims += any(r.claim for r in (*comparison.rows, *comparison.subthemes.rows))
    assert claims <= 1


def test_every_report_format_shows_the_gaps_within_themes(tmp_path: Path) -> None:
    result = sl.analyse(n_themes=4, stability=False)
    comparison = result.comparison
    gaps = comparison.subtheme_gaps()
    assert gaps, "the bundled corpus has a gap within a theme"
    first, parent = gaps[0], comparison.rows[comparison.parent(gaps[0].theme)]
    for suffix in ("md", "html", "tex"):
        text = write_report(comparison, tmp_path / f"report.{suffix}").read_text()
        assert "Gaps within themes" in text, suffix
        section = text[text.index("Gaps within themes"):]
        label = first.label.replace("&", r"\&") if suffix == "tex" else first.label
        assert label in section and parent.label.replace("&", r"\&") in section, suffix
        assert f"these {len(comparison.subthemes.rows)} sub-themes" in section, suffix
    assert html.escape(first.label) in comparison._repr_html_()  # the notebook view names it too
    data = json.loads(write_report(comparison, tmp_path / "report.json").read_text())
    assert data["subthemes"]["n_tested"] == len(comparison.subthemes.rows)
    assert [g["label"] for g in data["subthemes"]["gaps"]] == [g.label for g in gaps]
    assert data["subthemes"]["gaps"][0]["parent_label"] == parent.label


def test_the_calibration_miss_of_a_merged_field_is_found_in_its_subtheme() -> None:
    # Run 6 of the calibration at 300 focus records: topic stability chose 4 themes for the
    # five fields, and the planted field (policy diffusion, 5% of the focus group against 12%
    # of the reference) shared its theme with another: no theme was a gap. Its sub-theme is.
    shared("domain")  # skipped without the real exports
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from bench_calibration import load_fields, run_one

    (outcome,) = run_one(load_fields(), "planted", 6, n_focus=300, cap=600, fit_on=("all",),
                         counting=("dominant",))
    assert outcome.n_themes == 4 and not outcome.top_theme_gap_is_plant
    assert outcome.top_gap_is_plant
