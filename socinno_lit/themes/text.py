"""Text preparation for theme modelling: cleaners, a tokenizer and stop words.

Every cleaner is a plain ``str -> str`` function (after textacy's ``preprocessing``),
so a user can compose their own pipeline with :func:`compose`. :data:`DEFAULT_CLEANERS`
is the pipeline :func:`clean` applies: markup remnants, web addresses and publisher
boilerplate removed, lower-cased, white space folded. Nothing here strips accents: that
would merge Danish å, ø and æ into other letters.

Stemming and readable labels live in :mod:`socinno_lit.themes.stemming`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from functools import lru_cache, reduce
from importlib import resources

from ..context.language import stopwords

__all__ = [
    "DEFAULT_CLEANERS",
    "Cleaner",
    "clean",
    "compose",
    "boilerplate_words",
    "english_stop_words",
    "danish_stop_words",
    "field_words",
    "lowercase",
    "normalize_whitespace",
    "TOKEN",
    "phrases",
    "stop_words",
    "strip_boilerplate",
    "strip_event_dates",
    "strip_markup",
    "strip_urls",
]

Cleaner = Callable[[str], str]

# --- markup -----------------------------------------------------------------------------

_MATH = re.compile(r"(?<!\\)\$[^$]{0,200}(?<!\\)\$")
_LATEX_ESCAPE = re.compile(r"\\([&%$#_])")
_LATEX_CMD_ARG = re.compile(r"\\[A-Za-z]+\*?\s*(?:\[[^\]]*\])?\{([^{}]*)\}")
_LATEX_CMD = re.compile(r"\\[A-Za-z]+\*?|\\.")
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,200})?/?>")


def strip_markup(text: str) -> str:
    """Remove LaTeX and HTML/XML remnants, keeping the words they wrapped.

    Loading already decodes LaTeX accents; what is left in real exports is formatting
    (``\\emph{...}``, ``<jats:p>``, ``<bold>``), inline math, escaped characters, entities
    (``&amp;``) and protective braces.

    Example:
        >>> normalize_whitespace(strip_markup(r"The \\emph{Danish} <i>model</i> of {CSR} $\\alpha$ &amp; more"))
        'The Danish model of CSR & more'
    """
    text = html.unescape(text)
    # Each pattern needs a character most texts lack: testing for it first skips the
    # patterns' position-by-position search of clean texts (same result).
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "\\" in text:
        text = _LATEX_ESCAPE.sub(r"\1", text)
    if "$" in text:
        text = _MATH.sub(" ", text)
    if "\\" in text:
        for _ in range(3):  # nested commands: \textbf{\emph{x}}
            text, found = _LATEX_CMD_ARG.subn(r"\1", text)
            if not found:
                break
        text = _LATEX_CMD.sub(" ", text)
    return text.replace("{", "").replace("}", "")


_URL = re.compile(r"\b(?:https?://|www\.|doi:\s*|10\.\d{4,9}/)\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.IGNORECASE)
_URL_CUES = ("http", "www.", "doi", "10.", "@")


def strip_urls(text: str) -> str:
    """Remove web addresses, DOIs and e-mail addresses.

    Example:
        >>> strip_urls("see https://doi.org/10.1/x or mail a@b.dk now")
        'see   or mail   now'
    """
    lowered = text.lower()
    if not any(cue in lowered for cue in _URL_CUES):
        return text
    return _URL.sub(" ", text)


# --- publisher boilerplate ------------------------------------------------------------

# A copyright notice runs to the end of an abstract in almost every real export (Scopus,
# Web of Science, Emerald, Elsevier ...): we cut from the notice to the end, unless a
# long text follows (then the notice sits mid-text and only its sentence goes).
_COPYRIGHT = re.compile(
    r"(?:copyright\s*)?(?:©|\(c\)\s*(?=(?:19|20)\d\d|the\s+authors?\b)|(?-i:\(C\)\s*(?=[A-Z])))"
    r"|copyright\s+(?:(?:19|20)\d\d|the\s+authors?\b|by\b|of\s)",
    re.IGNORECASE,
)
_NOTICE_TAIL = 600

# Sentences that carry no content wherever they appear, each behind a literal cue that
# is checked first: a regular expression tried at every position of every abstract is
# what made cleaning slow.
_BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (cue, re.compile(pattern, re.IGNORECASE))
    for cue, pattern in (
        ("reserved", r"all rights reserved\.?"),
        ("protected by copyright", r"this article is protected by copyright\.?"),
        ("abstract from", r"\[abstract from (?:author|publisher)\]"),
        ("abstract provided", r"\((?:publisher|author)\s+abstract\s+provided\.?\)"),
        ("published by", r"published by [^.]{0,80}(?:ltd|limited|inc|llc|b\.v|gmbh|press|group|publishing)"
                         r"\.?"),
        ("open access", r"this is an open access article[^.]{0,300}\."),
        ("licensed under", r"(?:this|the) (?:article|work) is licensed under[^.]{0,300}\."),
        ("distributed under", r"(?:this|the) (?:article|work) is distributed under[^.]{0,300}\."),
        ("creative commons", r"creative commons[^.]{0,300}\."),
    )
)

# Headings of structured abstracts (Emerald, medical journals): they say how an abstract
# is laid out, not what it is about, and would otherwise cluster records by publisher.
_HEADINGS = (
    "purpose design/methodology/approach methodology/approach approach findings "
    "originality/value value practical_implications social_implications policy_implications "
    "research_limitations/implications limitations background objective objectives aim aims "
    "method methods results conclusion conclusions introduction discussion context setting "
    "participants intervention interventions main_outcome_measures abstract summary"
).replace("_", " ").split()
_HEADINGS.sort(key=len, reverse=True)  # "originality/value" before "value"
_SEPARATOR = re.compile(r"[:–—-]")  # a hyphen counts only between spaces (checked below)


def _heading_start(text: str, end: int, floor: int) -> int | None:
    """Where a heading word ending at ``end`` starts, if one does (and not inside a word)."""
    while end > floor and text[end - 1].isspace():
        end -= 1
    tail = text[max(floor, end - 40) : end].lower()
    for heading in _HEADINGS:
        if tail.endswith(heading):
            cut = end - len(heading)
            if cut == floor or not text[cut - 1].isalnum():
                return cut
    return None


def _drop_headings(text: str) -> str:
    """Remove each heading word that stands right before a colon or dash."""
    kept: list[str] = []
    start = 0
    for sep in _SEPARATOR.finditer(text):
        at = sep.start()
        if text[at] == "-" and not (text[at - 1 : at] == " " and text[at + 1 : at + 2] == " "):
            continue
        cut = _heading_start(text, at, start)
        if cut is not None:
            kept += [text[start:cut], " "]
            start = sep.end()
    kept.append(text[start:])
    return "".join(kept)


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAYS = r"\d{1,2}(?:st|nd|rd|th)?(?:\s*[-–/]\s*\d{1,2}(?:st|nd|rd|th)?)?"
# "Diepenbeek, Belgium, 20-23 August 2018", "June 5-7, 2019", "August 2018": the place
# and date line of a conference, which says where a paper was given, not what it is about.
_EVENT_DATE = re.compile(
    r"(?:\b[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?,\s*){0,3}"
    rf"(?i:\b(?:{_DAYS}\s+{_MONTH}(?:\s*,?\s*(?:19|20)\d\d)?"
    rf"|{_MONTH}\s+{_DAYS}(?:\s*,\s*|\s+)(?:19|20)\d\d|{_MONTH}\s+(?:19|20)\d\d))\b"
)


def strip_event_dates(text: str) -> str:
    """Remove dates written with a month name, and the place names just before them.

    Example:
        >>> strip_event_dates("Held in Diepenbeek, Belgium, 20-23 August 2018. Results")
        'Held in  . Results'
        >>> strip_event_dates("Policy may 2 change")
        'Policy may 2 change'
    """
    if not _may_hold_date(text):
        return text
    return _EVENT_DATE.sub(" ", text)


_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# Every date the pattern above removes has a digit, white space and a month name side by
# side: a day before the month, or a day or year after it. Both cues begin with a digit
# (the second on the reversed text), so the regex engine skips to the digits, where
# _EVENT_DATE tries a match at every position of every abstract (8 s of 20,000 records).
_DAY_MONTH = re.compile(rf"\d(?:st|nd|rd|th)?\s+(?:{'|'.join(_MONTH_STARTS)})")
_MONTH_DAY_REVERSED = re.compile(rf"\d\s+\.?[a-z]*(?:{'|'.join(m[::-1] for m in _MONTH_STARTS)})")


def _may_hold_date(text: str) -> bool:
    """False when ``text`` cannot hold a date :data:`_EVENT_DATE` would match."""
    lowered = text.lower()
    return bool(_DAY_MONTH.search(lowered) or _MONTH_DAY_REVERSED.search(lowered[::-1]))


def strip_boilerplate(text: str) -> str:
    """Remove copyright notices, licence sentences, conference dates and structured-abstract headings.

    Example:
        >>> strip_boilerplate("Purpose: We study co-creation. © 2019 Elsevier Ltd. All rights reserved.")
        '  We study co-creation. '
        >>> strip_boilerplate("Nurses matter. This article is protected by copyright. All rights reserved.")
        'Nurses matter.    '
    """
    lowered = text.lower()
    if "©" in text or "(c)" in lowered or "copyright" in lowered:
        text = _cut_notice(text)
        lowered = text.lower()
    for cue, pattern in _BOILERPLATE:
        if cue in lowered:
            text = pattern.sub(" ", text)
    return _drop_headings(strip_event_dates(text))


def _notice_start(text: str) -> int | None:
    """Where the first copyright notice starts: cues found by ``str.find``, then checked."""
    lowered = text.lower()
    starts = []
    for cue in ("©", "(c)", "copyright"):
        at = lowered.find(cue)
        while at >= 0 and not _COPYRIGHT.match(text, at):
            at = lowered.find(cue, at + 1)
        if at >= 0:
            starts.append(at)
    return min(starts, default=None)


def _cut_notice(text: str) -> str:
    start = _notice_start(text)
    if start is None:
        return text
    if len(text) - start <= _NOTICE_TAIL:
        return text[:start]
    end = text.find(". ", start)
    return text[:start] + (text[end + 1 :] if end >= 0 else "")


# --- case and space -------------------------------------------------------------------

def lowercase(text: str) -> str:
    """Lower-case the text; accents and Danish letters are kept.

    Example:
        >>> lowercase("Økonomi og Velfærd")
        'økonomi og velfærd'
    """
    return text.lower()


def normalize_whitespace(text: str) -> str:
    """Fold runs of white space into one space and trim the ends.

    Example:
        >>> normalize_whitespace("  public \\n  sector ")
        'public sector'
    """
    return " ".join(text.split())


def compose(*cleaners: Cleaner) -> Cleaner:
    """One cleaner that applies ``cleaners`` from left to right.

    Example:
        >>> compose(lowercase, normalize_whitespace)("  Social   INNOVATION ")
        'social innovation'
    """
    return lambda text: reduce(lambda acc, step: step(acc), cleaners, text)


DEFAULT_CLEANERS: tuple[Cleaner, ...] = (
    strip_markup,
    strip_urls,
    strip_boilerplate,
    lowercase,
    normalize_whitespace,
)
"""What :func:`clean` does, in order; boilerplate goes before lower-casing because the
heading patterns rely on sentence starts only loosely, never on case."""


def clean(text: str) -> str:
    """Apply :data:`DEFAULT_CLEANERS` to ``text``.

    Example:
        >>> clean("Social {Innovation} in \\\\emph{Danish} municipalities. (C) 2016 Elsevier Ltd.")
        'social innovation in danish municipalities.'
    """
    return compose(*DEFAULT_CLEANERS)(text)


# --- tokens ---------------------------------------------------------------------------

# One scan finds words (runs of letters, hyphenated runs kept whole: "co-creation") and
# the punctuation that ends a phrase; bigrams never span a full stop, comma or bracket.
TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[.,;:!?()\[\]{}\"“”„«»|/\\•·…—–]")
"""Words and phrase-ending punctuation, in order (used by :func:`phrases` and the analyzer)."""


def phrases(text: str) -> list[list[str]]:
    """Split cleaned text into phrases (between punctuation) of words (runs of letters).

    Digits are dropped; an apostrophe ends a word, so a possessive ``'s`` leaves a
    one-letter word that is dropped too.

    Example:
        >>> phrases("social innovation, in 2019: women's co-creation")
        [['social', 'innovation'], ['in'], ['women', 'co-creation']]
    """
    found: list[list[str]] = [[]]
    for token in TOKEN.findall(text):
        if token[0].isalpha():
            if len(token) > 1:
                found[-1].append(token)
        elif found[-1]:
            found.append([])
    return [words for words in found if words]


# --- stop words -----------------------------------------------------------------------


def _read_list(name: str) -> frozenset[str]:
    """Words of a packaged word list: one a line, ``#`` starts a comment."""
    data = resources.files("socinno_lit.themes").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        w for line in data.splitlines() if (w := line.split("#", 1)[0].strip().lower())
    )


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop-word list.

    Example:
        >>> "the" in english_stop_words()
        True
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=1)
def danish_stop_words() -> frozenset[str]:
    """The Danish stop-word list shipped with the package (``context/data/stopwords/da.txt``).

    Read through :func:`socinno_lit.context.language.stopwords`; an empty set if that list
    cannot be read, so English-only corpora still work.

    Example:
        >>> "og" in danish_stop_words() or not danish_stop_words()
        True
    """
    try:
        return frozenset(stopwords("da"))
    except (OSError, LookupError, ValueError):
        return frozenset()


@lru_cache(maxsize=1)
def field_words() -> frozenset[str]:
    """Words that carry no theme in any research abstract ("paper", "study", "findings").

    Shipped as ``themes/data/fieldwords.txt``, English and Danish. Matched by stem, so
    "studies" and "studied" go with "study".

    Example:
        >>> {"paper", "findings"} <= field_words()
        True
    """
    return _read_list("fieldwords.txt")


@lru_cache(maxsize=1)
def boilerplate_words() -> frozenset[str]:
    """Publisher names, month names and ordinal endings (``themes/data/boilerplate.txt``).

    Example:
        >>> {"elsevier", "august", "st"} <= boilerplate_words()
        True
    """
    return _read_list("boilerplate.txt")


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """English and Danish stop words, boilerplate words, plus ``extra`` (lower-cased);
    field words excluded.

    Example:
        >>> {"the", "og", "foo", "elsevier"} <= stop_words(["Foo"]) or not danish_stop_words()
        True
    """
    return english_stop_words() | danish_stop_words() | boilerplate_words() | {w.lower() for w in extra}
