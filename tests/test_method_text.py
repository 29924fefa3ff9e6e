"""The report's method text never contradicts itself or its tables, in any format.

The old text read "4 themes: the highest none (0.00) of 4 to 4 themes ... without a
stability measure" above a table of stability values. The three figures that repeat
something have their own names: topic stability chose the number of themes, bootstrap
stability and refit agreement say how often a verdict repeats.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest

import socinno_lit as sl
from socinno_lit.themes.selection import Selection

GREENE = ("Stability (Greene, O'Callaghan and Cunningham 2014): average Jaccard of the top 20 terms of each theme "
          "between 229 records and 5 resamples of 80%, themes paired by the Hungarian algorithm.")
CAP = (" At most 4 themes were tried: with 59 Danish records among 229, a theme of average size holding none of them "
       "would not be a significant gap at more.")
CASES = {
    "fixed": (None, "nmf"),
    "capped to one candidate": (Selection((4,), (0.0,), (0.0,), 4, "none", CAP),
                                "nmf"),
    "too few records for more": (Selection((4,), (0.0,), (0.0,), 4, "none", "", n_usable=22), "nmf"),
    "measured": (Selection((4, 5, 6), (0.8, 0.6, 0.7), (0.05, 0.05, 0.05), 4, "stability", GREENE), "nmf"),
    "one standard error": (Selection((4, 5, 6), (0.78, 0.8, 0.7), (0.05, 0.05, 0.05), 4, "stability", GREENE),
                           "nmf"),
    "lda": (None, "lda"),
    "kmeans": (Selection((4, 5), (0.8, 0.6), (0.05, 0.05), 4, "stability", GREENE), "kmeans"),
}


@pytest.fixture(scope="module")
def fitted() -> object:
    corpus = sl.classify(sl.load_corpus(), "denmark")
    return sl.ThemeModel(n_themes=4, random_state=0).fit(corpus).themes_


def _plain(path: Path) -> str:
    """The report's words as a reader sees them, markup and escapes removed."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.dumps(json.loads(text), ensure_ascii=False)
    if path.suffix == ".html":
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    if path.suffix == ".tex":
        text = text.replace(r"\%", "%").replace("--", "–")
    return re.sub(r"\s+", " ", text.replace("\\", ""))


def _report(themes: object, case: str, suffix: str, folder: Path) -> tuple[str, sl.Comparison]:
    selection, method = CASES[case]
    comparison = sl.compare(dataclasses.replace(themes, selection=selection, method=method), "denmark")
    return _plain(sl.write_report(comparison, folder / f"report.{suffix}")), comparison


@pytest.mark.parametrize("suffix", ["html", "md", "tex", "json"])
@pytest.mark.parametrize("case", list(CASES))
def test_method_text_agrees_with_the_tables(fitted: object, tmp_path: Path, case: str, suffix: str) -> None:
    text, comparison = _report(fitted, case, suffix, tmp_path)
    n = len(comparison.rows)
    for contradiction in ("none (0.00)", "highest none", "without a stability measure", "highest stability",
                          "most robust", "most stable", "recurs in 0% of refits"):
        assert contradiction not in text, (case, suffix, contradiction)
    assert f"{n} themes, by " in text  # the number stated is the number of rows in the table
    assert not re.search(r"(?<!Topic )[Ss]tability \(Greene", text)  # topic stability is named as such
    assert "z and q answer different questions" in text
    assert "Bootstrap stability" in text and "Refit agreement" in text
    assert "never by bootstrap stability or refit agreement" in text


@pytest.mark.parametrize("suffix", ["html", "md", "tex", "json"])
def test_each_way_of_choosing_the_number_of_themes_is_named_for_what_happened(fitted: object, tmp_path: Path,
                                                                               suffix: str) -> None:
    said = {case: _report(fitted, case, suffix, tmp_path)[0] for case in CASES}
    assert "a number set by the user (topic stability did not choose it)" in said["fixed"]
    for single in ("capped to one candidate", "too few records for more"):
        assert "the only number of themes tried" in said[single]
        assert "topic stability, which compares numbers of themes, was not measured" in said[single]
    assert "At most 4 themes were tried" in said["capped to one candidate"]
    assert "(22 usable records, at least 5 per theme)" in said["too few records for more"]
    assert "4 themes had the highest topic stability (0.80) among 4 to 6 themes; next best 6 themes (0.70)" \
        in said["measured"]
    assert "within one standard error of the highest (0.80, at 5 themes)" in said["one standard error"]
    assert "4 themes had the highest" not in said["one standard error"]
    assert "by LDA on word counts" in said["lda"] and "by k-means on TF-IDF" in said["kmeans"]


@pytest.mark.parametrize("case", ["capped to one candidate", "fixed"])
def test_no_selection_curve_is_drawn_when_none_was_measured(fitted: object, tmp_path: Path, case: str) -> None:
    text, _ = _report(fitted, case, "html", tmp_path)
    assert "How the number of themes was chosen" not in text
    measured, _ = _report(fitted, "measured", "html", tmp_path)
    assert "How the number of themes was chosen: topic stability of each number tried" in measured


@pytest.mark.parametrize("suffix", ["html", "md", "tex"])
def test_each_gap_says_how_often_its_verdict_repeats_and_its_adjusted_interval(fitted: object, tmp_path: Path,
                                                                               suffix: str) -> None:
    themes = dataclasses.replace(fitted, selection=None)
    comparison = sl.compare(themes, "denmark", refits=[themes, themes, themes, themes])
    text = _plain(sl.write_report(comparison, tmp_path / f"report.{suffix}"))
    gaps = comparison.gaps()
    assert gaps, "the bundled corpus has a gap at 4 themes"
    for gap in gaps:
        assert (f"verdict holds in {gap.stability:.0%} of 200 bootstrap resamples of the records; "
                f"recurs in {round(gap.refit_agreement * 4)} of 4 refits") in text
        assert f"FCR-adjusted 95% CI {gap.ai_low_fcr:.2f}–{gap.ai_high_fcr:.2f}" in text


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][0] is not None])
def test_the_themes_summary_and_notebook_view_explain_the_choice_as_the_report_does(case: str) -> None:
    selection = CASES[case][0]
    assert selection is not None
    text = selection.explain()
    assert "none (0.00)" not in text and "highest none" not in text and "highest stability" not in text
    best = selection.candidates[int(np.argmax(selection.scores))]
    if selection.measured and best == selection.chosen:
        assert f"{selection.chosen} themes: the highest topic stability" in text
    elif selection.measured:
        assert "highest topic stability (" not in text and "within one standard error of the highest" in text
    else:
        assert "topic stability, which compares numbers of themes, was not measured" in text
