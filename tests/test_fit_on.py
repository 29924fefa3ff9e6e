"""Themes found in the reference records only (``fit_on="reference"``), the focus records placed afterwards."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest

import socinno_lit as sl
from socinno_lit.cli import main
from socinno_lit.errors import ConfigurationError
from socinno_lit.gaps.robustness import refit
from socinno_lit.themes.model import ThemeModel

TOPICS = {
    "hospital": "Nurse staffing and patient safety in hospital wards",
    "climate": "Municipal climate adaptation policy and flood planning",
    "heritage": "Museum heritage collections and public history exhibitions",
}
FOCUS_ONLY = "Dairy cooperatives and cheese export farming"  # a topic no reference record has


def _corpus() -> sl.Corpus:
    """30 international records on three topics; 12 focus records, half on a topic of their own."""
    records = [sl.Record(key=f"{name}-{i}", title=f"{title} {i}", context="international")
               for name, title in TOPICS.items() for i in range(10)]
    records += [sl.Record(key=f"dk-{i}", title=FOCUS_ONLY if i % 2 else TOPICS["climate"], context="denmark")
                for i in range(12)]
    records.append(sl.Record(key="unknown-0", title=TOPICS["hospital"], context="unknown"))
    return sl.Corpus(tuple(records))


def _words(themes: object) -> set[str]:
    return {w for t in range(themes.n_themes) for term in themes.top_terms(t, 30) for w in term.split()}


def test_a_topic_only_focus_records_have_shapes_no_theme_when_fitted_on_the_reference() -> None:
    corpus = _corpus()
    everything = ThemeModel(n_themes=4, context="denmark", random_state=0).fit(corpus).themes_
    reference = ThemeModel(n_themes=4, context="denmark", fit_on="reference", random_state=0).fit(corpus).themes_
    assert {"cheese", "dairy"} & _words(everything)  # the focus records made a theme of their own
    assert not {"cheese", "dairy", "cooperatives"} & _words(reference)
    assert reference.fit_on == "reference" and everything.fit_on == "all"


def test_every_record_keeps_its_place_in_corpus_order() -> None:
    corpus = _corpus()
    themes = ThemeModel(n_themes=3, context="denmark", fit_on="reference").fit(corpus).themes_
    assert [r.key for r in themes.corpus] == [r.key for r in corpus]
    assert themes.weights.shape == (len(corpus), 3)
    assert np.allclose(themes.weights.sum(axis=1), 1)
    climate = {int(themes.dominant[i]) for i, r in enumerate(corpus) if "climate" in r.title.lower()}
    assert len(climate) == 1  # focus records on the reference's climate topic join its theme


@pytest.mark.parametrize(("method", "merge"), [("nmf", True), ("nmf", False), ("lda", False), ("kmeans", False)])
def test_focus_records_are_placed_as_predict_places_new_records(method: str, merge: bool) -> None:
    corpus = _corpus()
    model = ThemeModel(n_themes=3, method=method, merge=merge, context="denmark", fit_on="reference").fit(corpus)
    focus = [i for i, r in enumerate(corpus) if r.context == "denmark" and "climate" in r.title.lower()]
    placed = model.themes_.dominant[focus]
    predicted = model.predict(sl.Corpus(tuple(corpus.records[i] for i in focus)))
    assert len(set(placed.tolist())) == 1
    if method == "nmf":  # the model's transform is the NMF mix, as used to place them
        assert placed.tolist() == predicted.tolist()


def test_refits_keep_fitting_on_the_reference() -> None:
    corpus = _corpus()
    model = ThemeModel(n_themes=3, context="denmark", fit_on="reference").fit(corpus)
    assert {t.fit_on for t in refit(model, corpus, n_jobs=1)} == {"reference"}


@pytest.mark.parametrize(
    ("params", "records", "message"),
    [
        ({"fit_on": "reference"}, None, "needs the focus context"),
        ({"fit_on": "reference", "context": "denmark"}, "unclassified", "needs classified records"),
        ({"fit_on": "reference", "context": "denmark"}, "focus only", "no record of another context"),
        ({"fit_on": "focus"}, None, "fit_on must be"),
    ],
)
def test_reference_fit_without_a_reference_is_a_clear_error(params: dict, records: str | None, message: str) -> None:
    corpus = _corpus()
    if records == "unclassified":
        corpus = sl.Corpus(tuple(r.replace(context="") for r in corpus))
    elif records == "focus only":
        corpus = sl.Corpus(tuple(r.replace(context="denmark") for r in corpus))
    with pytest.raises(ConfigurationError, match=message):
        ThemeModel(n_themes=2, **params).fit(corpus)


def test_report_command_fits_on_the_reference_and_says_so(tmp_path: Path) -> None:
    out = io.StringIO()
    status = main(["report", "-o", str(tmp_path / "out"), "--themes", "4", "--no-stability", "--fit-on", "reference",
                   "--quiet"], out=out)
    assert status == 0
    data = json.loads((tmp_path / "out" / "report.json").read_text())
    assert data["fit_on"]["value"] == "reference"
    markdown = (tmp_path / "out" / "report.md").read_text()
    assert "reference records only" in markdown and "fit on reference" in markdown
    assert "fit on reference" in (tmp_path / "out" / "report.tex").read_text()


def test_default_report_says_every_record_shaped_the_themes() -> None:
    from socinno_lit.pipeline import analyse
    from socinno_lit.render.report import report_data

    fit_on = report_data(analyse(n_themes=4, stability=False).comparison)["fit_on"]
    assert fit_on["value"] == "all" and "every record" in fit_on["explain"]
