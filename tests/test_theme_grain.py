"""Themes a reader recognises: no blob in one field, languages join their subject, clean terms."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from conftest import shared

import socinno_lit as sl
from socinno_lit.gaps.compare import compare
from socinno_lit.render.report import report_data
from socinno_lit.themes.text import clean, strip_event_dates

BOILERPLATE = {"elsevier", "springer", "wiley", "emerald", "ltd", "rights", "reserved", "copyright",
               "august", "june", "st", "th", "publishing", "purpose", "findings", "originality"}


def one_field(path: tuple[str, str], n: int = 500) -> sl.Corpus:
    """``n`` records drawn at random (fixed seed) from a real export of one field."""
    corpus = sl.load(shared(*path))
    rows = np.sort(np.random.RandomState(1).choice(len(corpus), min(n, len(corpus)), replace=False))
    return sl.Corpus(tuple(corpus.records[i] for i in rows))


@lru_cache(maxsize=2)
def policy_diffusion_auto() -> sl.ThemeModel:
    return sl.ThemeModel(random_state=0).fit(one_field(("domain", "scopus_policy_diffusion.bib")))


def test_one_field_is_not_one_blob_at_the_automatic_number_of_themes() -> None:
    model = policy_diffusion_auto()
    sizes = model.themes_.sizes
    # Before the background direction was projected out of the merge, one theme held 89%.
    assert model.n_themes_ >= 4
    assert sizes.max() / sizes.sum() <= 0.45, sizes.tolist()


def test_one_field_at_ten_themes_has_themes_of_a_useful_grain() -> None:
    corpus = one_field(("domain", "scopus_social_entrepreneurship.bib"))
    sizes = sl.ThemeModel(n_themes=10, random_state=0).fit(corpus).themes_.sizes
    assert sizes.max() / sizes.sum() <= 0.3, sizes.tolist()
    assert (sizes >= 10).sum() >= 6, sizes.tolist()


def test_top_terms_never_say_a_word_twice_nor_boilerplate() -> None:
    themes = policy_diffusion_auto().themes_
    for t in range(themes.n_themes):
        words = [w for term in themes.top_terms(t, 10) for w in term.split()]
        assert len(words) == len(set(words)), themes.top_terms(t, 10)
        assert not set(words) & BOILERPLATE, themes.top_terms(t, 10)


def test_labels_are_two_terms_that_share_no_word() -> None:
    themes = policy_diffusion_auto().themes_
    for label in themes.labels:
        parts = label.split(", ")
        words = [w for part in parts for w in part.split()]
        assert len(parts) >= 2 and len(words) == len(set(words)), label


def test_conference_place_and_date_lines_are_cleaned_away() -> None:
    text = "Proceedings of the Summer School, Diepenbeek, Belgium, 20-23 August 2018. Bibliometrics of open data."
    cleaned = clean(text)
    assert "diepenbeek" not in cleaned and "august" not in cleaned and "bibliometrics of open data" in cleaned
    assert strip_event_dates("States may adopt it in 3 years") == "States may adopt it in 3 years"
    assert "june" not in clean("Held on June 5-7, 2019 in Aalborg Congress Centre")


def test_publisher_names_and_rights_never_become_features() -> None:
    records = [sl.Record(key=f"r{i}", title="Welfare reform", abstract=f"Welfare reform and care {i}. "
                         "Published by Emerald Publishing Limited. Copyright 2019 Elsevier Ltd. All rights reserved.")
               for i in range(6)]
    features = sl.ThemeModel(n_themes=1).fit(sl.Corpus(tuple(records))).features_
    assert not set(" ".join(features.words).split()) & BOILERPLATE


def _mixed_language_corpus() -> sl.Corpus:
    english = [("Co-creation of public services with citizens in municipalities", "co-creation"),
               ("Citizens and municipalities co-creating welfare services", "co-creation"),
               ("Survey response rates of physicians", "survey"),
               ("Monetary incentives and survey response rates among physicians", "survey")]
    danish = ["Samskabelse af offentlige tjenester med borgerne i kommunerne",
              "Kommuner og borgere: samskabelse af velfærd"]
    records = [sl.Record(key=f"en{i}-{j}", title=title, abstract=f"{title}.")
               for i, (title, _) in enumerate(english) for j in range(4)]
    records += [sl.Record(key=f"da{i}-{j}", title=title, language="Danish")
                for i, title in enumerate(danish) for j in range(3)]
    return sl.Corpus(tuple(records))


def test_danish_records_join_the_theme_of_their_subject_not_of_their_language() -> None:
    corpus = _mixed_language_corpus()
    themes = sl.ThemeModel(n_themes=2, random_state=0).fit(corpus).themes_
    theme_of = {r.key: int(t) for r, t in zip(corpus, themes.dominant)}
    co_creation = theme_of["en0-0"]
    assert theme_of["en2-0"] != co_creation
    assert all(theme_of[k] == co_creation for k in theme_of if k.startswith("da")), theme_of


def test_a_theme_of_one_other_language_is_flagged_beside_its_verdict() -> None:
    english = [sl.Record(key=f"e{i}", title="Crowdfunding platforms for social ventures",
                         context="international" if i % 4 else "denmark") for i in range(40)]
    norwegian = [sl.Record(key=f"n{i}", title="Boka om norsk frivillighet og dugnad i lokalsamfunnet",
                           language="Norwegian", context="international") for i in range(12)]
    corpus = sl.Corpus(tuple(english + norwegian))
    themes = sl.ThemeModel(n_themes=2, random_state=0).fit(corpus).themes_
    rows = {row["theme"]: row for row in report_data(compare(themes, "denmark"))["themes"]}
    flagged = [t for t, row in rows.items() if row["language_artefact"]]
    assert flagged == [int(themes.dominant[-1])]
    assert "Norwegian" in rows[flagged[0]]["language_note"] and "artefact of language" in rows[flagged[0]]["language_note"]
    assert not rows[int(themes.dominant[0])]["language_note"]


def test_names_acronyms_and_loanwords_of_english_records_are_english_in_danish_ones() -> None:
    from socinno_lit.themes.features import build_features

    english = [sl.Record(key=f"e{i}", title="Network governance and public management in welfare") for i in range(3)]
    danish = [sl.Record(key=f"d{i}", title="Network governance og public management i velfærdsstaten",
                        language="Danish") for i in range(3)]
    features = build_features(sl.Corpus(tuple(english + danish)), min_df=1)
    shared = set(features.documents[0]) & set(features.documents[3])
    assert {"network governance", "public management"} <= {features.words[features.terms.index(t)]
                                                            for t in shared if t in features.terms}
    model = sl.ThemeModel(n_themes=1).fit(sl.Corpus(tuple(english + danish)))
    assert model.transform(sl.Corpus(tuple(danish[:1]))).sum() > 0  # new records are read the same way
