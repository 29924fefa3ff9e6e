"""Extractive summaries: the abstract's own sentences, two or three, no boilerplate."""

from __future__ import annotations

import re

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.render.summary import (
    annotation_for,
    is_boilerplate,
    split_sentences,
    summarize,
)
from socinno_lit.themes.text import normalize_whitespace

BOILERPLATE = re.compile(r"©|copyright|all rights reserved|originality/value|design/methodology|"
                         r"^(?:purpose|findings|value|practical implications)\s*[:–—-]|published by|creative commons",
                         re.IGNORECASE)


@pytest.mark.parametrize(("text", "expected"), [
    ("We study e.g. Danish municipalities. The results hold.",
     ["We study e.g. Danish municipalities.", "The results hold."]),
    ("Smith et al. (2019) found 2.5 times more. Jones et al. The end.",
     ["Smith et al. (2019) found 2.5 times more.", "Jones et al.", "The end."]),
    ("Firms in the U.S. grew. In the U.S. The market shrank.",
     ["Firms in the U.S. grew.", "In the U.S.", "The market shrank."]),
    ("J. Smith and E. Sørensen agree, i.e. it works! Does it? Yes.",
     ["J. Smith and E. Sørensen agree, i.e. it works!", "Does it?", "Yes."]),
    ("Vi undersøger bl.a. kommuner, f.eks. Aarhus. Det virker.",
     ["Vi undersøger bl.a. kommuner, f.eks. Aarhus.", "Det virker."]),
    ("Growth was 3.4 per cent (cf. Fig. 2). \"Quoted\" sentences count.",
     ["Growth was 3.4 per cent (cf. Fig. 2).", "\"Quoted\" sentences count."]),
])
def test_split_sentences_respects_abbreviations_and_decimals(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


STRUCTURED = (
    "Purpose: The purpose of this paper is to examine social enterprises in Palestine. "
    "Design/methodology/approach: A case study design with two social enterprises was used. "
    "Findings: The social enterprise model is still in its embryonic stage in Palestine. "
    "Practical implications: Policymakers should define social enterprises more precisely. "
    "Originality/value: The paper offers a critical view of social enterprises in Palestine. "
    "© 2019, Emerald Publishing Limited."
)


def test_structured_abstract_loses_headings_and_copyright() -> None:
    summary = summarize(STRUCTURED)
    assert 2 <= len(summary) <= 3
    for sentence in summary:
        assert not BOILERPLATE.search(sentence), sentence
        assert not sentence.startswith(("Practical", "Social", "Emerald"))


def test_boilerplate_sentences_are_dropped() -> None:
    text = ("Nurses shape co-creation in Danish hospitals. We interviewed forty nurses in two regions. "
            "Nurses who co-create report more trust. This article is protected by copyright. "
            "All rights reserved.")
    summary = summarize(text)
    assert summary and all(not BOILERPLATE.search(s) and "protected" not in s for s in summary)
    assert is_boilerplate("© 2021 The Authors. Published by Elsevier B.V.")
    assert is_boilerplate("This is an open access article under the CC BY licence (creative commons).")
    assert not is_boilerplate("Copenhagen municipalities co-create welfare.")


def test_summary_keeps_original_order_and_wording() -> None:
    sentences = [f"Sentence {w} is about co-creation and welfare number {i}." for i, w in
                 enumerate(["one", "two", "three", "four", "five", "six", "seven"])]
    summary = summarize(" ".join(sentences))
    assert len(summary) == 3
    positions = [sentences.index(s) for s in summary]
    assert positions == sorted(positions)


def test_short_abstracts_are_kept_whole_and_empty_gives_nothing() -> None:
    assert summarize("Only one sentence here.") == ["Only one sentence here."]
    assert summarize("") == [] and summarize("   ") == []
    assert summarize("© 2020 Elsevier Ltd. All rights reserved.") == []


def test_annotation_prefers_the_records_own_annotation() -> None:
    record = sl.Record(key="a", annotation="  Read   this first. ", abstract="We study trust. Trust matters.")
    assert annotation_for(record) == "Read this first."
    assert annotation_for(record.replace(annotation="")) == "We study trust. Trust matters."
    assert annotation_for(sl.Record(key="k", title="Only a title", keywords=("co-creation", "Denmark"))) == (
        "Keywords: co-creation; Denmark.")
    assert annotation_for(sl.Record(key="e", title="Only a title")) == ""


def check_summary(abstract: str) -> list[str]:
    """The summary of ``abstract``, checked: its own sentences, 2-3 of them, no boilerplate."""
    summary = summarize(abstract)
    source = normalize_whitespace(abstract)
    for sentence in summary:
        assert sentence in source, sentence
        assert not BOILERPLATE.search(sentence), sentence
    if len(split_sentences(source)) >= 4 and summary:
        assert 2 <= len(summary) <= 3
    return summary


def test_bundled_corpus_summaries() -> None:
    corpus = sl.load_corpus()
    summaries = [check_summary(r.abstract) for r in corpus]
    assert sum(1 for s in summaries if 2 <= len(s) <= 3) >= 0.9 * len(corpus)


def test_scopus_export_summaries_have_no_boilerplate() -> None:
    corpus = sl.load(shared("domain", "scopus_social_entrepreneurship.bib"))
    sample = [r for r in corpus.records[:400] if r.abstract]
    summaries = [check_summary(r.abstract) for r in sample]
    assert sum(1 for s in summaries if 2 <= len(s) <= 3) >= 0.9 * len(sample)
