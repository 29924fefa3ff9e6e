"""Extractive summaries of abstracts and the annotation shown for each record.

No model and no network: an abstract is split into sentences, publisher boilerplate is
dropped, and the two or three sentences that best represent the abstract are kept in
their original order. A sentence's score mixes its centrality (how much of its
TF-IDF weighted vocabulary it shares with the other sentences, as in LexRank) with its
position (abstracts state their subject first and their finding last).

Example:
    >>> text = ("Social innovation is studied widely. We study co-creation in Danish municipalities. "
    ...         "Co-creation in municipalities depends on trust. The data are interviews. "
    ...         "Trust and co-creation grow together in Danish municipalities. © 2020 Elsevier Ltd.")
    >>> summarize(text)
    ['We study co-creation in Danish municipalities.', 'Trust and co-creation grow together in Danish municipalities.']
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from operator import mul

from ..records import Record
from ..themes.text import normalize_whitespace, stop_words, strip_markup
from .citation import CACHED_RECORDS

__all__ = ["annotation_for", "is_boilerplate", "split_sentences", "summarize"]

# Abbreviations after which a full stop does not end a sentence.
_NEVER_END = frozenset(
    "e.g i.e cf vs viz approx ca dr prof mr mrs ms mt st no nos vol vols pp p fig figs eq eqs ed eds "
    "dept univ jan feb mar apr jun jul aug sep sept oct nov dec resp incl esp "
    "f.eks bl.a jf dvs pga evt nr mht ift inkl".split()  # Danish: "f.eks.", "bl.a." ...
)
# Abbreviations that may also close a sentence: they end one when a usual sentence
# opener follows ("... in the U.S. The results ...").
_MAY_END = frozenset("et al etc u.s u.k e.u inc ltd co corp jr sr ph.d a.s aps osv m.m mv".split())
_OPENERS = frozenset(
    "the this these those we our it its in a an however moreover furthermore finally thus "
    "results findings data using based here there such while although both "
    "den det de vi denne dette disse artiklen resultaterne".split()
)
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]*[^\W_])")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")

# Sentences that are about the publication, not the work.
_BOILERPLATE = re.compile(
    r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\b|all rights reserved|protected by copyright|"
    r"\bpublished by\b|\blicen[cs]ee\b|creative commons|open access article|"
    r"\bthis (?:article|paper) (?:is|was) (?:an )?(?:extended|revised) version\b|"
    r"^\s*(?:keywords?|jel(?: classification)?|article type|paper type)\s*:",
    re.IGNORECASE,
)
# Where a copyright notice starts inside a sentence ("... experience © 2005 Elsevier").
_NOTICE = re.compile(r"©|\(c\)\s*(?:19|20)\d\d|\bcopyright\s+(?:©|\(c\)|(?:19|20)\d\d|by\b|the\b)", re.IGNORECASE)

# Headings of structured abstracts (Emerald, medical journals) at the start of a sentence.
# strip_boilerplate is not used for them: it also drops such words inside a sentence
# ("ordered by their value: (1) ...") and only the last word of "Practical implications:".
_HEADING_WORDS = (
    r"purpose|aims?|objectives?|background|introduction|context|"
    r"design/methodology(?:/approach)?|methodology(?:/approach)?|methods?|approach|findings|results|"
    r"originality(?:/value)?|value|research limitations(?:/implications)?|limitations|"
    r"(?:practical|social|policy|managerial|theoretical|research) implications|implications|"
    r"conclusions?|discussion|setting|participants|interventions?|main outcome measures|abstract|summary"
)
_HEADING = re.compile(rf"^(?:{_HEADING_WORDS})(?::\s*|\s*[–—]\s*|\s+-\s+|-(?=[A-Z\"“]))", re.IGNORECASE)
# Headings with a slash are never prose: removed wherever they stand, colon or not.
_SLASH_HEADING = re.compile(
    r"\b(?:design/methodology(?:/approach)?|methodology/approach|originality/value|"
    r"research limitations/implications)\s*(?:[:–—]\s*|-\s*|\s)", re.IGNORECASE)
# Scopus sometimes loses the space after a full stop: "in Palestine.Findings-The model".
_GLUED_HEADING = re.compile(rf"(?<=[.!?])(?=(?:{_HEADING_WORDS})\s*[:–—-])", re.IGNORECASE)


def _token_before(text: str, end: int) -> str:
    """The word (with inner full stops) that ends at ``end``, lower-cased."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].strip(".").lower()


def _next_word(text: str, at: int) -> str:
    match = _WORD.search(text, at)
    return match.group(0).lower() if match else ""


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """Whether the punctuation of ``match`` closes a sentence."""
    if text[match.start()] != ".":
        return True
    word = _token_before(text, match.start())
    if word in _NEVER_END:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Smith", "E. Sørensen"
    if word in _MAY_END or (word.count(".") >= 1 and len(word) <= 6 and word.replace(".", "").isalpha()):
        return _next_word(text, match.end()) in _OPENERS
    return True


def split_sentences(text: str) -> list[str]:
    """Split text into sentences without breaking at abbreviations, initials or decimals.

    A break needs ., ! or ? followed by white space and a word; a full stop after an
    abbreviation ("e.g.", "et al.", "U.S.") or an initial breaks only before a usual
    sentence opener ("The", "We" ...).

    Example:
        >>> split_sentences("Firms in the U.S. grew 2.5 times, e.g. in Ohio. Smith et al. (2019) agree. "
        ...                 "It works in the U.K. The end!")
        ['Firms in the U.S. grew 2.5 times, e.g. in Ohio.', 'Smith et al. (2019) agree.', 'It works in the U.K.', 'The end!']
    """
    text = normalize_whitespace(text)
    sentences, start = [], 0
    for match in _CANDIDATE.finditer(text):
        if _ends_sentence(text, match):
            sentences.append(text[start : match.end()].strip())
            start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def is_boilerplate(sentence: str) -> bool:
    """Whether a sentence is about the publication (copyright, licence) rather than the work.

    Example:
        >>> is_boilerplate("© 2021 The Authors. Published by Elsevier B.V."), is_boilerplate("We find trust.")
        (True, False)
    """
    return _may_be_boilerplate(sentence) and bool(_BOILERPLATE.search(sentence))


# A text the pattern matches holds one of these once lower-cased (or starts with a
# heading word): checking them first spares the pattern, tried at every position of
# every sentence, most sentences. Characters that IGNORECASE matches to an ASCII letter
# without being one (dotless i, long s, Kelvin sign, dotted capital I) send the text
# to the pattern.
_BOILERPLATE_WORDS = ("©", "(c)", "copyright", "rights reserved", "published by", "licen", "creative commons",
                      "open access article", "version")
_BOILERPLATE_OPENERS = ("keyword", "jel", "article type", "paper type")
_FOLDED = re.compile("[\u0130\u0131\u017f\u212a]")


def _may_be_boilerplate(text: str) -> bool:
    """False only where :data:`_BOILERPLATE` cannot match."""
    if not text.isascii() and _FOLDED.search(text):
        return True
    low = text.lower()
    return any(w in low for w in _BOILERPLATE_WORDS) or low.lstrip().startswith(_BOILERPLATE_OPENERS)


def _content(sentence: str) -> str:
    """The sentence without a leading heading or a trailing notice; ``""`` if nothing is left."""
    if is_boilerplate(sentence):
        notice = _NOTICE.search(sentence)
        sentence = sentence[: notice.start()].rstrip() if notice and notice.start() > 0 else ""
        if is_boilerplate(sentence):
            return ""
    sentence = _HEADING.sub("", sentence, count=1).strip()
    return sentence if _WORD.search(sentence) else ""


def _content_sentences(abstract: str) -> list[str]:
    """The abstract's sentences without markup, headings and boilerplate."""
    text = _GLUED_HEADING.sub(" ", normalize_whitespace(strip_markup(abstract)))
    text = _SLASH_HEADING.sub("", text)
    return [c for c in (_content(s) for s in split_sentences(text)) if c]


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    return stop_words()  # once: the union of the lists is rebuilt on every call otherwise


def _vectors(sentences: Sequence[str]) -> list[dict[str, float]]:
    """TF-IDF weights of each sentence's content words, the sentences as documents."""
    stop = _stop_words()
    bags = [Counter(w for w in (m.lower() for m in _WORD.findall(s)) if w not in stop and len(w) > 2)
            for s in sentences]
    df = Counter(w for bag in bags for w in bag)
    n = len(sentences)
    return [{w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in bag.items()} for bag in bags]


def _centrality(vectors: list[dict[str, float]], total: dict[str, float]) -> list[float]:
    """Each vector's cosine similarity with the rest of the abstract (``total`` minus itself).

    The rest's values are summed in ``total``'s order, as a dictionary of them would be,
    without building that dictionary for every sentence.
    """
    items = list(total.items())
    central = []
    for vector in vectors:
        get = vector.get
        rest = [t - get(w, 0.0) for w, t in items]
        dot = sum(v * (total[w] - v) for w, v in vector.items())
        norm = math.sqrt(sum(v * v for v in vector.values()) * sum(map(mul, rest, rest)))
        central.append(dot / norm if norm else 0.0)
    return central


def _scores(sentences: Sequence[str]) -> list[float]:
    """Centrality (similarity to the rest of the abstract) blended with position.

    Each sentence is compared with the sum of the other sentences, not with each one in
    turn: linear instead of quadratic in the number of sentences, which matters for a
    bibliography of 20,000 records.
    """
    vectors = _vectors(sentences)
    n = len(sentences)
    total: dict[str, float] = {}
    for vector in vectors:
        for w, v in vector.items():
            total[w] = total.get(w, 0.0) + v
    central = _centrality(vectors, total)
    top = max(central) or 1.0
    scores = []
    for i, sentence in enumerate(sentences):
        position = 1.0 if i == 0 else (0.5 if i == n - 1 else 0.3 / i)
        words = len(sentence.split())
        length = 0.5 if words < 6 else (0.8 if words > 60 else 1.0)
        scores.append((0.65 * central[i] / top + 0.35 * position) * length)
    return scores


def summarize(abstract: str, *, max_sentences: int = 3) -> list[str]:
    """The abstract's most representative sentences (two or three), in their order.

    Three sentences are kept from abstracts of six or more sentences, two from shorter
    ones; an abstract of one or two sentences is returned whole. Boilerplate
    (copyright and licence lines, "All rights reserved", structured-abstract headings
    such as "Originality/value:") never appears.

    Args:
        abstract: the abstract text.
        max_sentences: the most sentences to keep (at least 1).

    Example:
        >>> summarize("Purpose: We ask why. Findings: Trust matters. This article is protected by copyright.")
        ['We ask why.', 'Trust matters.']
    """
    return list(_summary(abstract or "", max_sentences))


@lru_cache(maxsize=CACHED_RECORDS)
def _summary(abstract: str, max_sentences: int) -> tuple[str, ...]:
    """Cached: a report writes several bibliographies of the same records."""
    sentences = _content_sentences(abstract)
    want = min(max(1, max_sentences), 3 if len(sentences) >= 6 else 2)
    if len(sentences) <= want:
        return tuple(sentences)
    scores = _scores(sentences)
    chosen = sorted(sorted(range(len(sentences)), key=lambda i: -scores[i])[:want])
    return tuple(sentences[i] for i in chosen)


def annotation_for(record: Record, *, max_sentences: int = 3) -> str:
    """The annotation to print under a record's reference.

    The record's own annotation (its ``annote``/``annotation`` field) when it has one;
    else a summary of its abstract; else its keywords, labelled as such; else ``""``.
    Nothing is ever written that the record does not contain.

    Example:
        >>> annotation_for(Record(key="a", annotation="Read this first."))
        'Read this first.'
        >>> annotation_for(Record(key="b", abstract="We study trust. Trust matters."))
        'We study trust. Trust matters.'
        >>> annotation_for(Record(key="c", keywords=("co-creation", "Denmark")))
        'Keywords: co-creation; Denmark.'
    """
    if record.annotation.strip():
        return normalize_whitespace(record.annotation)
    summary = summarize(record.abstract, max_sentences=max_sentences)
    if summary:
        return " ".join(summary)
    if record.keywords:
        return "Keywords: " + "; ".join(record.keywords) + "."
    return ""
