"""The fast paths of the place scan, text cleaning, analysis, feature building, LaTeX decoding and the
bibliographies give what the plain ones gave.

Each fast path is compared with a plain reference (the code it replaced) on every record of
the real domain exports, and on texts written to hit the edge of each shortcut.
"""

from __future__ import annotations

import math
import os
import pickle
import re
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from itertools import islice

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit import dedup, runs
from socinno_lit.context import contexts
from socinno_lit.context.classify import _COPYRIGHT, _without_copyright
from socinno_lit.context.contexts import Mention, find_mentions, get_context
from socinno_lit.read import latex
from socinno_lit.render import bibliography, bibwriter, summary, templating
from socinno_lit.themes import features as features_module
from socinno_lit.themes import text as cleaning
from socinno_lit.themes.places import MaskedCleaner, PlaceMask
from socinno_lit.themes.stemming import Analyzer, surface_forms

_DOMAIN = ("scopus_social_entrepreneurship.bib", "scopus_policy_diffusion.bib",
           "mendeley_digital_government.bib", "wos_policy_diffusion.txt")


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """Titles, abstracts and whole texts of the real exports, and upper- and title-case copies."""
    found: list[str] = []
    for name in _DOMAIN:
        for record in sl.load(shared("domain", name)):
            found += [record.title, record.abstract, record.text]
    return found + [t.upper() for t in found[::7]] + [t.title() for t in found[::11]]


def _plain_scan(matcher: contexts._Matcher, text: str) -> list[Mention]:
    """The scan as it was: every word visited, offsets re-read from the text's start per mention."""
    strings = contexts._TOKEN.findall(text)
    lowered = [w.lower() for w in strings]
    exact = matcher.sizes_cs.keys() & set(strings)
    if exact and contexts._mostly_capitals(strings):
        exact = set()
    found, following = [], 0
    for i, (word, low) in enumerate(zip(strings, lowered)):
        if i < following or (low not in matcher.sizes and word not in exact):
            continue
        sizes = matcher.sizes.get(low, ())
        sizes_cs = matcher.sizes_cs.get(word, ()) if word in exact else ()
        hit = matcher._match(strings, lowered, i, sizes, sizes_cs)
        if hit is None:
            continue
        size, value = hit
        if value is not None:
            offsets = [m.span() for m in islice(contexts._TOKEN.finditer(text), i, i + size + 1)]
            mention = matcher._mention(text, _Offsets(offsets, i), lowered, i, size, value)
            if mention is not None:
                found.append(mention)
        following = i + size
    return found


class _Offsets:
    """Offsets read the plain way, served as the scan asks for them."""

    def __init__(self, spans: list[tuple[int, int]], first: int) -> None:
        self.spans, self.first = spans, first

    def get(self, start: int, stop: int) -> list[tuple[int, int]]:
        return self.spans[start - self.first : stop - self.first]


@pytest.mark.parametrize("context", ["denmark", "norway", "united kingdom"])
def test_the_place_scan_finds_what_a_word_by_word_scan_finds(texts: list[str], context: str) -> None:
    matcher = contexts._matcher(get_context(context))
    named = 0
    for text in texts:
        fast = find_mentions(text, context)
        assert fast == _plain_scan(matcher, text), text[:200]
        named += bool(fast)
    assert named > len(texts) // 4  # the comparison covered texts that do name places


def test_the_scan_handles_phrases_and_acronyms_at_the_edges() -> None:
    cases = ["The Netherlands", "the", "in the Netherlands and the UK.", "THE UK AND THE USA",
             "New Zealand's co-creation", "Danish", "the U.S. and U.K. governments", "Copenhagen criteria",
             "Vejen Kommune", "municipality of Skive", "Aarhus", "", "  --  "]
    matcher = contexts._matcher(get_context("denmark"))
    for text in cases:
        assert find_mentions(text) == _plain_scan(matcher, text), text
    assert [m.text for m in find_mentions("in the Netherlands and the UK.")] == ["the Netherlands", "UK"]


def test_the_abstract_loses_its_copyright_line_as_the_pattern_alone_would_cut_it(texts: list[str]) -> None:
    edges = ["A (C) 2019 x", "a copyright 2019", "© x", "x Copyright © y", "ab (c)copyright", "no notice",
             "COPYRIGHT (C) 2000 ©", "x(c)", "©", " copyright© ", "A © 2020 (C) 2019", "copyright\n2019 text\n",
             "Ünïcödé © 2020 Elsevier", "Cøpyright © 2019", "K (c) 2019"]
    cut = 0
    for text in [*texts, *edges]:
        fast = _without_copyright(text)
        assert fast == _COPYRIGHT.sub("", text), text[:200]
        cut += fast != text
    assert cut > 100  # real abstracts do end in notices


def _plain_strip_markup(text: str) -> str:
    """Markup stripping as it was: every pattern tried on every text."""
    text = cleaning.html.unescape(text)
    text = cleaning._TAG.sub(" ", text)
    text = cleaning._LATEX_ESCAPE.sub(r"\1", text)
    text = cleaning._MATH.sub(" ", text)
    for _ in range(3):
        text, found = cleaning._LATEX_CMD_ARG.subn(r"\1", text)
        if not found:
            break
    text = cleaning._LATEX_CMD.sub(" ", text)
    return re.sub(r"[{}]", "", text)


def test_markup_stripping_gives_what_every_pattern_tried_gives(texts: list[str]) -> None:
    edges = [r"The \emph{Danish} <i>model</i> of {CSR} $\alpha$ &amp; more", r"50\% of \textbf{\emph{x}}",
             r"a \$ b $c$ d", "<jats:p>Text</jats:p>", r"\\", "{{}}", r"\& $x$ \_"]
    for text in [*texts, *edges]:
        assert cleaning.strip_markup(text) == _plain_strip_markup(text), text[:200]


def test_a_context_keeps_its_hash_and_equality_through_pickling() -> None:
    denmark = get_context("denmark")
    copy = pickle.loads(pickle.dumps(denmark))
    assert copy == denmark and hash(copy) == hash(denmark)
    assert "_hash" not in pickle.loads(pickle.dumps(denmark)).__dict__  # hashes differ between processes
    assert {denmark: 1}[sl.Context.from_mapping(denmark.to_dict())] == 1


def _plain_split(analyzer: Analyzer, text: str, language: str) -> tuple[list[str], list[str]]:
    """The analyzer's split as it was: one comprehension per step."""
    tokens = cleaning.TOKEN.findall(analyzer.cleaner(text))
    stems = [analyzer._stem_or_drop(t, language) for t in tokens]
    features = [s for s in stems if s]
    surfaces = [t for t, s in zip(tokens, stems) if s]
    pairs = [i for i in range(len(stems) - 1) if stems[i] and stems[i + 1]]
    features += [f"{stems[i]} {stems[i + 1]}" for i in pairs]
    surfaces += [f"{tokens[i]} {tokens[i + 1]}" for i in pairs]
    return features, surfaces


def test_the_analyzer_gives_the_features_and_words_of_the_plain_steps(texts: list[str]) -> None:
    analyzer = Analyzer.default(cleaner=MaskedCleaner(PlaceMask("denmark")))
    pairs = 0
    for text in texts[::3]:
        for language in ("en", "da"):
            fast = analyzer.split(text, language)
            assert fast == _plain_split(analyzer, text, language), text[:200]
            pairs += sum(" " in f for f in fast[0])
    assert pairs > 1000  # bigrams were compared, not only single words


def _plain_decode(text: str) -> str:
    """LaTeX decoding with every pattern tried, whatever the value holds."""
    out = latex._ESCAPE.sub(lambda m: latex._ESCAPES[m.group("ch")], text)
    out = latex._ACCENT_CMD.sub(latex._accent, out)
    out = latex._SYMBOL_CMD.sub(latex._symbol, out)
    for _ in range(3):
        new = latex._TEXT_CMD.sub(latex._text_command, out)
        if new == out:
            break
        out = new
    out = latex._MATH.sub(latex._math, out)
    for old, new in latex._DASHES:
        out = out.replace(old, new)
    out = out.replace("~", "\u00a0")
    if "\\" in out:
        out = latex._fallback(out)
    return latex.fold_whitespace(latex._restore(latex.strip_braces(out), latex._PLAIN))


def test_latex_decoding_gives_what_every_pattern_tried_gives() -> None:
    raw = shared("domain", "scopus_social_entrepreneurship.bib").read_text(encoding="utf-8-sig")
    values = re.findall(r"=\s*\{(.*?)\},?\s*$", raw, flags=re.MULTILINE)
    edges = [r"S{\o}rensen --- {\AA}rhus {\&} K{\o}benhavn", r'M\"{u}ller and \textit{Social} {Innovation}',
             r"$x^2$ and \$5", "it's ``quoted'' -- {DNA}", r"\emph{\textbf{x}}", "a~b", r"\%"]
    assert len(values) > 1000
    for value in [*values, *edges]:
        assert latex.decode_latex(value) == _plain_decode(value), value[:200]


_NORDIC_RECORDS = (  # Danish and Swedish records beside the English ones: their words go last
    ("Samskabelse af velfærd i kommunerne", "Co-creation of welfare services in municipalities and social innovation."),
    ("Kommunernes innovation og governance", "Artiklen undersøger, hvordan kommunerne arbejder med samskabelse."),
    ("Socialt entreprenørskab i velfærdsstaten", ""),
    ("Välfärd och social innovation i kommunerna", "Policy diffusion among Swedish municipalities."),
)


def _plain_features(analyzer: Analyzer, corpus: sl.Corpus) -> tuple[list[tuple[str, ...]], dict[str, str], Analyzer]:
    """The features as built before: record after record in one process, each (feature,
    real word) pair counted as analysed, Scandinavian records last."""
    languages = [features_module.record_language(r) for r in corpus]
    nordic = [i for i, lang in enumerate(languages) if lang in ("da", "no", "sv")]
    later = set(nordic) if len(nordic) < len(languages) else set()
    documents: list[tuple[str, ...]] = [()] * len(corpus)
    pairs: list[list[tuple[str, str]]] = []
    english: set[str] = set()
    for i in [i for i in range(len(corpus)) if i not in later]:
        found, words = features_module._analyse(analyzer, corpus.records[i], languages[i])
        documents[i] = tuple(found)
        pairs.append(list(zip(found, words)))
        if later and languages[i] == "en":
            english.update(w.lower() for w in words if " " not in w)
    if later:
        analyzer = replace(analyzer, english_words=frozenset(english), _tables={})
        for i in nordic:
            found, words = features_module._analyse(analyzer, corpus.records[i], languages[i])
            documents[i] = tuple(found)
            pairs.append(list(zip(found, words)))
    return documents, surface_forms(pairs), analyzer


@pytest.fixture(scope="module")
def mixed_corpus() -> sl.Corpus:
    """Real records of three exports with four Scandinavian records among them."""
    records = [r for name in _DOMAIN[1:] for r in sl.load(shared("domain", name))]
    for k, (title, abstract) in enumerate(_NORDIC_RECORDS):
        records.insert(137 * (k + 1), sl.Record(key=f"nordic{k}", title=title, abstract=abstract))
    return sl.Corpus(tuple(records))


def test_the_features_are_those_of_the_plain_build_in_any_number_of_processes(
        mixed_corpus: sl.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "MIN_PER_PROCESS", 100)  # several runs at this size
    analyzer = Analyzer.default(cleaner=MaskedCleaner(PlaceMask("denmark")))
    documents, names, plain_analyzer = _plain_features(analyzer, mixed_corpus)
    built = [features_module.build_features(mixed_corpus, analyzer=analyzer, processes=n) for n in (1, 2, 3)]
    assert {fm.languages.count("da") + fm.languages.count("sv") for fm in built} == {4}
    for fm in built:
        assert list(fm.documents) == documents
        assert fm.words == tuple(names[t] for t in fm.terms)
        assert fm.analyzer is not None and fm.analyzer.english_words == plain_analyzer.english_words
        for matrix, first in ((fm.counts, built[0].counts), (fm.tfidf, built[0].tfidf)):
            assert (matrix.indptr.tolist(), matrix.indices.tolist(), matrix.data.tolist()) == (
                first.indptr.tolist(), first.indices.tolist(), first.data.tolist())
        assert fm.terms == built[0].terms and fm.idf.tolist() == built[0].idf.tolist()
    assert len(built[0].terms) > 500 and "co-creation" in built[0].terms  # "samskabelse" read as English


def test_a_run_whose_process_fails_is_read_by_the_first_process(
        mixed_corpus: sl.Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "MIN_PER_PROCESS", 100)
    monkeypatch.setattr(runs, "_child", lambda *_: os._exit(1))
    part = sl.Corpus(mixed_corpus.records[:400])
    analyzer = Analyzer.default()
    together, apart = (features_module.build_features(part, analyzer=analyzer, processes=n) for n in (1, 2))
    assert apart.documents == together.documents and apart.words == together.words


def test_small_corpora_and_threads_other_than_the_main_one_are_read_in_one_process() -> None:
    assert runs.processes_for(1_999, 8) == 1
    assert runs.processes_for(10_000, 2) == (2 if sys.platform.startswith("linux") else 1)
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(runs.processes_for, 10_000, 2).result() == 1


def _plain_centrality(vectors: list[dict[str, float]], total: dict[str, float]) -> list[float]:
    """Centrality as it was: a dictionary of the rest of the abstract built per sentence."""
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(v * b[w] for w, v in a.items() if w in b)
        norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    return [cosine(v, {w: t - v.get(w, 0.0) for w, t in total.items()}) for v in vectors]


def test_summaries_score_sentences_as_the_plain_centrality_did(texts: list[str]) -> None:
    scored = 0
    for text in texts:
        vectors = summary._vectors(summary._content_sentences(text))
        total: dict[str, float] = {}
        for vector in vectors:
            for w, v in vector.items():
                total[w] = total.get(w, 0.0) + v
        assert summary._centrality(vectors, total) == _plain_centrality(vectors, total), text[:200]
        scored += len(vectors) > 2
    assert scored > 1000


def test_boilerplate_is_told_as_the_pattern_alone_tells_it(texts: list[str]) -> None:
    edges = ["© 2020 Elsevier", "(C) 2019 The Authors", "COPYRIGHT protected", "All Rights Reserved.",
             "  Keywords: trust", "JEL Classification: H1", "Paper type Research paper", "article type: x",
             "This paper is an extended version of ...", "Published by Emerald", "licensee MDPI", "We find trust.",
             "CREATIVE COMMONS", "Open Access Article", "ALL RIGHTS RESERVED", "copyrıght 2020", "liCENſee MDPI",
             "\u212aeywords: x", "\u0130 all rights reserved", "publiſhed by x", "lıcensee", "Crea tive", "key words:",
             "\u00a0keywords: x", "This article was a revised version"]
    sentences = [s for text in texts[::2] for s in summary.split_sentences(text)] + edges
    found = 0
    for sentence in sentences:
        assert summary.is_boilerplate(sentence) == bool(summary._BOILERPLATE.search(sentence)), sentence
        found += summary.is_boilerplate(sentence)
    assert found > 100


def _plain_md_escape(value: str) -> str:
    """Markdown escaping as it was: both patterns tried on every text."""
    text = " ".join(str(value).split())
    text = templating._MD_SPECIAL.sub(r"\\\1", text)
    return templating._MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def test_markdown_escaping_gives_what_the_patterns_alone_give(texts: list[str]) -> None:
    edges = ["Smith, J., & Berg, A.", "AT&amp;T", "&#38; x", "a == b", "50%% off", "a=b", "%x", "1. Not a list",
             "- item", "+ x", "= x", "-x", "12) y", "", " ", "snake_case _emph_", "@key #tag", "x&y;", "١. Arabic"]
    for text in [*texts, *edges]:
        assert templating.md_escape(text) == _plain_md_escape(text), text[:200]


def _as_dicts(value: object) -> object:
    """Template rows as plain dictionaries and lists, as the templates were given them."""
    if isinstance(value, dict):
        return {k: _as_dicts(v) for k, v in value.items()}
    return [_as_dicts(v) for v in value] if isinstance(value, list) else value


@pytest.mark.parametrize("kind", ["html", "md", "tex"])
def test_bibliography_rows_render_as_plain_dictionaries_did(kind: str) -> None:
    corpus = sl.classify(sl.load(shared("domain", "scopus_policy_diffusion.bib")))
    groups = bibliography.bibliography_groups(corpus, group_by="context")
    context = bibliography._template_context(groups, kind, "apa", "context", "Annotated bibliography")
    rows = templating.render(f"bibliography.{kind}.j2", kind, context)
    assert rows == templating.render(f"bibliography.{kind}.j2", kind, _as_dicts(context))
    assert len(groups) > 1 and sum(len(g.entries) for g in groups) > 500
    row = context["groups"][0]["entries"][0]
    assert row.reference == row["reference"] and not hasattr(row, "missing")


def test_latex_triggers_are_found_as_the_pattern_finds_them() -> None:
    raw = shared("domain", "scopus_policy_diffusion.bib").read_text(encoding="utf-8-sig")
    values = re.findall(r"=\s*\{(.*?)\},?\s*$", raw, flags=re.MULTILINE)
    edges = ["plain", "a -- b", "a - b", "it's", "``x''", "$x$", "~", "{", "}", "\\", "", "-", "a–b", "‘x’"]
    assert sum(latex._triggered(v) for v in values) > 100 and len(values) > 1000
    for value in [*values, *edges]:
        assert latex._triggered(value) == bool(latex._TRIGGERS.search(value)), value[:200]


def _plain_escape_bibtex(value: str) -> str:
    """BibTeX escaping as it was: the pattern and every ligature tried on every value."""
    out = bibwriter._SPECIAL.sub(lambda m: bibwriter._ESCAPES[m.group(0)], value)
    for old, new in bibwriter._LIGATURES:
        while old in out:
            out = out.replace(old, new)
    return out


def test_bibtex_escaping_gives_what_the_pattern_and_every_ligature_give(texts: list[str]) -> None:
    edges = ["R&D -- 50% {x}", "a --- b", "``q''", "!`", "?`", "x_y^z~#$", "\\", "''''", "----", "plain", ""]
    for value in [*texts, *edges]:
        assert bibwriter.escape_bibtex(value) == _plain_escape_bibtex(value), value[:200]


def _plain_normalise_title(title: str) -> str:
    """Title normalisation as it was: decomposed and filtered character by character, ASCII too."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").replace("ł", "l")
    return dedup._NON_WORD.sub(" ", text).strip()


def test_titles_are_normalised_for_duplicates_as_the_plain_steps_did(texts: list[str]) -> None:
    edges = ["Straße", "\u212aelvin", "ﬁnance", "Æble og Øresund", "Łódź", "İstanbul", "ǅ", "Co-Creation!", ""]
    for title in [*texts, *edges]:
        assert dedup.normalise_title(title) == _plain_normalise_title(title), title[:200]
