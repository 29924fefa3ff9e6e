"""Unknown is unknown: unclassified records, coverage and how fragile each claim is."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import socinno_lit as sl
from socinno_lit.gaps.compare import _toy_themes, compare
from socinno_lit.gaps.coverage import coverage, fragility, predicted_at_most

DATA = Path(__file__).parent / "data"
AFFILIATION_FIELDS = ("affiliation", "affiliations", "c1", "author_address", "ad")


def strip_affiliations(corpus: sl.Corpus) -> sl.Corpus:
    """The corpus as a Zotero or Mendeley export gives it: no affiliations at all."""
    return corpus.with_records(
        r.replace(affiliations=(), fields={k: v for k, v in r.fields.items() if k not in AFFILIATION_FIELDS})
        for r in corpus)


def with_unknown(themes: object, theme: int, n: int) -> object:
    """The toy themes with ``n`` more records of unknown context in ``theme``."""
    extra = [sl.Record(key=f"u{theme}-{i}", title="unknown", context="unknown") for i in range(n)]
    corpus = sl.Corpus(themes.corpus.records + tuple(extra))
    dominant = np.concatenate([themes.dominant, np.full(n, theme)])
    return dataclasses.replace(themes, corpus=corpus, dominant=dominant, weights=np.eye(len(themes.labels))[dominant])


# --- the figures ------------------------------------------------------------------------


def test_fragility_is_the_first_relabelling_that_overturns() -> None:
    for cut in (1, 5, 17, 40):
        assert fragility(lambda f, cut=cut: f < cut, 40) == cut
    assert fragility(lambda f: True, 40) == math.inf
    assert coverage(0, 0, 0) != coverage(0, 0, 0)  # NaN: nothing to cover


def test_fragility_of_a_gap_matches_relabelling_one_record_at_a_time() -> None:
    themes = with_unknown(_toy_themes(), 0, 30)
    row = compare(themes).rows[0]
    assert row.verdict == "under-researched"
    moved = 0
    while moved <= 30:  # brute force: give the theme's unknown records to the focus group one by one
        relabelled = [r.replace(context="denmark") if r.key.startswith("u0-") and int(r.key[3:]) < moved else r
                      for r in themes.corpus]
        if compare(dataclasses.replace(themes, corpus=sl.Corpus(relabelled))).rows[0].verdict != row.verdict:
            break
        moved += 1
    assert row.fragility == moved


def test_unknown_records_are_counted_per_theme_and_in_neither_group() -> None:
    themes = with_unknown(_toy_themes(), 1, 7)
    comparison = compare(themes)
    frame = comparison.to_frame()
    assert frame["n_unknown"].tolist() == [0, 7, 0]
    assert (comparison.n_focus, comparison.n_reference, comparison.n_unknown) == (24, 90, 7)
    assert comparison.coverage == pytest.approx(114 / 121)
    assert {"fragility", "robust", "note"} <= set(frame.columns)


def test_a_gap_that_few_unknown_records_could_overturn_is_provisional_with_the_reason() -> None:
    comparison = compare(with_unknown(_toy_themes(), 0, 30))
    gap = comparison.gaps()[0]
    assert gap.label == "crowdfunding" and gap.fragility <= predicted_at_most(30, 24 / 114)
    assert not gap.robust and not comparison.to_frame()["robust"][0]
    assert gap.note == f"would disappear if {gap.fragility:.0f} of the 30 unclassified records in this theme were Danish"
    assert any("provisional" in w and gap.note in w for w in comparison.warnings)


def test_a_gap_with_no_unknown_record_is_robust() -> None:
    comparison = compare(_toy_themes())
    gap = comparison.gaps()[0]
    assert gap.robust and gap.fragility == math.inf and gap.note == ""
    assert comparison.warnings == ()
    assert not any(comparison.to_frame()["robust"][1:])  # "on par" is no claim


def test_low_coverage_is_said_at_the_top_with_how_to_raise_it() -> None:
    comparison = compare(with_unknown(_toy_themes(), 2, 200))
    assert comparison.coverage < 0.5
    assert "known context" in comparison.warnings[0]
    assert all(word in comparison.warnings[0] for word in ("OpenAlex", "affiliations", "override"))


# --- the bundled corpus as Zotero would export it ---------------------------------------


@pytest.fixture(scope="module")
def full_and_stripped() -> tuple[sl.Comparison, sl.Comparison]:
    bundled = sl.load_corpus()
    out = []
    for corpus in (bundled, strip_affiliations(bundled)):
        classified = sl.classify(corpus, "denmark")
        model = sl.ThemeModel(n_themes=4, random_state=0).fit(classified)
        out.append(compare(model.themes_, "denmark"))
    return out[0], out[1]


def test_without_affiliations_no_record_without_evidence_is_international(
        full_and_stripped: tuple[sl.Comparison, sl.Comparison]) -> None:
    full, stripped = full_and_stripped
    records = stripped.themes.corpus.records
    assert stripped.n_unknown > full.n_unknown
    for record in records:
        assert record.evidence, record.key
        if record.context == "international":
            assert not record.evidence[0].startswith("no rule fired"), record.key
        if record.evidence[0].startswith("no rule fired"):
            assert record.context == "unknown", record.key


def test_a_claim_only_the_stripped_run_makes_is_marked_provisional(
        full_and_stripped: tuple[sl.Comparison, sl.Comparison]) -> None:
    full, stripped = full_and_stripped
    # The same texts and seed give the same themes; only the contexts differ.
    assert np.array_equal(full.themes.dominant, stripped.themes.dominant)
    for before, after in zip(full.rows, stripped.rows, strict=True):
        if after.claim and after.verdict != before.verdict:
            assert not after.robust and after.note, after


def test_report_json_states_the_coverage(full_and_stripped: tuple[sl.Comparison, sl.Comparison],
                                         tmp_path: Path) -> None:
    stripped = full_and_stripped[1]
    data = json.loads(sl.write_report(stripped, tmp_path / "r.json").read_text())
    assert data["coverage"]["share"] == pytest.approx(stripped.coverage, abs=1e-4)
    assert data["coverage"]["n_unknown"] == stripped.n_unknown
    assert data["warnings"] == list(stripped.warnings)
    assert [row["n_unknown"] for row in data["themes"]] == [row.n_unknown for row in stripped.rows]
    md = sl.write_report(stripped, tmp_path / "r.md").read_text()
    assert f"{stripped.n_unknown} unclassified" in md


# --- no focus record at all -------------------------------------------------------------


def test_no_focus_record_still_writes_themes_and_bibliographies(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "socinno_lit", "report", "-o", str(tmp_path / "out"),
                             "--context", "iceland", "--themes", "4", "--no-stability", "--quiet"],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "warning: No record has the context 'iceland'" in result.stderr
    assert "no comparison was possible" in result.stderr
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"report.html", "report.json", "annotated-bibliography.md", "enriched.bib"} <= written
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["gaps"] == [] and "no comparison was possible" in data["warnings"][0]
    assert len(data["themes"]) == 4


# --- Danish short titles against their Nordic neighbours ----------------------------------


def test_short_danish_titles_are_found_and_no_neighbour_is_called_danish() -> None:
    """550 short titles without abstracts (tests/data/nordic_titles.csv): Danish, Norwegian, Swedish, Icelandic."""
    with (DATA / "nordic_titles.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    records = [sl.Record(key=f"t{i}", title=row["text"]) for i, row in enumerate(rows)]
    out = sl.classify(records, "denmark")
    danish = [r.context == "denmark" for r, row in zip(out, rows, strict=True) if row["language"] == "da"]
    wrong = [r.title for r, row in zip(out, rows, strict=True) if row["language"] != "da" and r.context == "denmark"]
    assert "Vores miljøansvar" in {r.title for r in out if r.context == "denmark"}
    assert "Frustrerede PostNord-kunder venter forgæves" in {r.title for r in out if r.context == "denmark"}
    assert sum(danish) / len(danish) >= 0.8
    assert wrong == []
