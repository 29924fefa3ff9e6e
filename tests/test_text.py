"""Text preparation: cleaners, stop words, stemming per language, readable words, bigrams."""

from __future__ import annotations

import re

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.themes.features import build_features, record_language
from socinno_lit.themes.stemming import Analyzer, stem, surface_forms
from socinno_lit.themes.text import (
    _EVENT_DATE,
    clean,
    compose,
    danish_stop_words,
    english_stop_words,
    field_words,
    lowercase,
    normalize_whitespace,
    phrases,
    strip_boilerplate,
    strip_event_dates,
    strip_markup,
    strip_urls,
)

# --- cleaners -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "notice",
    [
        "© 2019 Elsevier Ltd. All rights reserved.",
        "(C) 2016 Elsevier Ltd. All rights reserved.",
        "© 2020, Emerald Publishing Limited.",
        "© The Author(s) 2018.",
        "Copyright © 2015 Inderscience Enterprises Ltd.",
        "This article is protected by copyright. All rights reserved.",
        "© 2021 Informa UK Limited, trading as Taylor & Francis Group.",
    ],
)
def test_publisher_boilerplate_is_removed_and_the_content_kept(notice: str) -> None:
    text = clean(f"Municipalities co-create welfare services with citizens. {notice}")
    assert text == "municipalities co-create welfare services with citizens."


def test_structured_abstract_headings_are_removed() -> None:
    text = clean(
        "Purpose – This paper explores hybrid organisations. Design/methodology/approach – "
        "Interviews. Findings – Hybrids balance logics. Originality/value – New."
    )
    for heading in ("purpose", "design/methodology/approach", "findings", "originality/value"):
        assert heading not in text
    assert "hybrid organisations" in text and "hybrids balance logics" in text


def test_an_enumeration_with_a_lower_case_c_is_not_a_copyright_notice() -> None:
    text = "We study (a) cost, (b) access and (c) the quality of care in three regions of Denmark."
    assert strip_boilerplate(text) == text


def test_a_notice_in_the_middle_of_a_long_text_removes_only_its_sentence() -> None:
    body = "Welfare reform is studied here in depth. " * 20
    text = strip_boilerplate(f"Intro words. © 2019 Elsevier Ltd. {body}")
    assert "Elsevier" not in text and text.count("Welfare reform") == 20


def test_latex_and_markup_remnants_are_removed_but_their_words_kept() -> None:
    text = normalize_whitespace(
        strip_markup(r"The \emph{Danish} <i>welfare</i> {State} \& <jats:p>co-creation</jats:p> $\alpha$ &amp; more")
    )
    assert text == "The Danish welfare State & co-creation & more"


def test_urls_dois_and_emails_are_removed() -> None:
    assert strip_urls("See https://doi.org/10.1/x, doi:10.2/y or mail a.b@ruc.dk.").split() == [
        "See", "or", "mail"
    ]


def test_accents_and_danish_letters_are_never_stripped() -> None:
    assert clean("Økonomi, VELFÆRD og Åbenhed på Næstved") == "økonomi, velfærd og åbenhed på næstved"


def test_cleaners_compose_left_to_right() -> None:
    assert compose(lowercase, normalize_whitespace)("  Public   SECTOR ") == "public sector"


def test_phrases_break_at_punctuation_and_drop_digits() -> None:
    assert phrases("social innovation, in 2019: the public sector") == [
        ["social", "innovation"], ["in"], ["the", "public", "sector"]
    ]


def test_real_scopus_abstracts_lose_every_copyright_notice() -> None:
    corpus = sl.load(shared("domain", "scopus_social_entrepreneurship.bib"))
    with_notice = [r for r in corpus if "©" in r.abstract]
    assert len(with_notice) > 1000  # the export really has them
    for record in with_notice:
        text = clean(record.abstract)
        assert "©" not in text and "all rights reserved" not in text, record.key


# --- stop words ---------------------------------------------------------------------------


def test_english_danish_and_field_stop_words_are_available_offline() -> None:
    assert {"the", "and", "of"} <= english_stop_words()
    assert {"og", "ikke", "af", "det"} <= danish_stop_words()
    assert {"paper", "study", "findings", "article"} <= field_words()
    # Words that name a theme in some field are not field words.
    assert not {"policy", "impact", "model", "innovation"} & field_words()


def test_field_words_go_in_every_inflection_and_stop_words_never_become_features() -> None:
    features = [f for f, _ in Analyzer.default(bigrams=False)("This paper studies the studied studies of welfare")]
    assert features == ["welfar"]


# --- stemming and languages ---------------------------------------------------------------


def test_danish_text_is_stemmed_with_the_danish_stemmer() -> None:
    analyze = Analyzer.default(bigrams=False)
    danish = [f for f, _ in analyze("foreningerne idrætten", "da")]
    english = [f for f, _ in analyze("foreningerne idrætten", "en")]
    assert danish == [stem("foreningerne", "da"), stem("idrætten", "da")] == ["forening", "idræt"]
    assert english != danish


def test_danish_words_of_the_domain_vocabulary_meet_their_english_counterparts() -> None:
    analyze = Analyzer.default(bigrams=False)
    danish = [f for f, _ in analyze("kommunerne samskabelse velfærd", "da")]
    norwegian = [f for f, _ in analyze("kommunene samskaping velferd", "no")]
    english = [f for f, _ in analyze("municipalities co-creation welfare", "en")]
    assert danish == norwegian == english


def test_record_language_comes_from_the_field_or_from_the_text() -> None:
    assert record_language(sl.Record(key="a", language="Danish")) == "da"
    assert record_language(sl.Record(key="b", language="English")) == "en"
    unlabelled = sl.Record(
        key="c",
        title="Samskabelse i kommunerne",
        abstract="Artiklen undersøger, hvordan kommunerne og civilsamfundet samarbejder om velfærd.",
    )
    assert record_language(unlabelled) == "da"
    assert record_language(sl.Record(key="d", title="Social innovation in the public sector")) == "en"


def test_a_danish_record_in_a_corpus_gets_danish_stems_and_real_danish_words() -> None:
    danish = "Foreningerne og idrætten. Foreningernes frivillige i foreningerne."
    records = [sl.Record(key=f"d{i}", title=danish, language="Danish") for i in range(3)]
    records += [sl.Record(key=f"e{i}", title="Sports clubs and their volunteers") for i in range(3)]
    fm = build_features(sl.Corpus(tuple(records)), min_df=2)
    assert fm.languages == ("da",) * 3 + ("en",) * 3
    assert "forening" in fm.terms and "foreningerne" in fm.words  # stem inside, word outside
    assert "forening" not in fm.words
    # "frivillige" and "volunteers": one feature in both languages
    assert stem("volunteers") in fm.documents[0] and stem("volunteers") in fm.documents[3]


# --- readable words and bigrams ------------------------------------------------------------


def test_each_stem_is_shown_as_its_most_frequent_real_word() -> None:
    analyze = Analyzer.default()
    docs = [analyze(t) for t in ("Policies and policies", "policy", "Innovations", "innovation", "innovations")]
    names = surface_forms(docs)
    assert names["polici"] == "policies" and names["innov"] == "innovations"
    assert all(" " in f or f in name or name.startswith(f) for f, name in names.items())


def test_phrases_are_kept_as_bigrams_but_never_across_stop_words_or_punctuation() -> None:
    features = {f: w for f, w in Analyzer.default()("Social innovation in the public sector. Welfare, state")}
    assert features["social innov"] == "social innovation"
    assert features["public sector"] == "public sector"
    assert "innov public" not in features and "sector welfar" not in features
    assert "welfar state" not in features


def test_real_export_features_are_words_of_the_text_not_truncated_stems() -> None:
    corpus = sl.load(shared("formats", "zotero_public_history.bib"))
    fm = build_features(corpus)
    text = " ".join(clean(r.text) for r in corpus)
    vocabulary = set(re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
    for word in fm.words:
        assert set(word.split()) <= vocabulary, word


@pytest.mark.parametrize("text", [
    "Held in Diepenbeek, Belgium, 20-23 August 2018. Results", "Conference, June 5-7, 2019, Aarhus",
    "On the 3rd  Sept. 2019 we met", "SUBMITTED AUGUST 2018", "dated 12 dec", "oct.\n 2020 issue",
])
def test_dates_are_removed_in_every_written_form(text: str) -> None:
    assert strip_event_dates(text) == _EVENT_DATE.sub(" ", text) != text


def test_the_quick_date_check_skips_no_text_the_date_pattern_would_change() -> None:
    texts = [r.text for r in sl.load_corpus()] + ["Policy may 2 change", "In 2019 and May", "mayor 12"]
    assert [strip_event_dates(t) for t in texts] == [_EVENT_DATE.sub(" ", t) for t in texts]
