"""Tell research from one national context from international research, and say why.

:func:`classify` gives every record a ``context`` and ``evidence``: one human-checkable
string per rule that fired. The context is the focus context's name (e.g. ``"denmark"``)
when a rule places the record there, ``"international"`` when there is evidence of another
country, and ``"unknown"`` when there is evidence of neither: a record without
affiliations, language or setting is not international, it is unclassified.

The rules, strongest first:

1. **Override.** The ``overrides`` mapping (record key or DOI -> context; or a CSV file with
   ``key,context`` columns) and then a ``context`` field on the entry decide alone.
2. **Affiliation.** Country codes of the record's institutions (``Record.countries``, from
   OpenAlex) decide this rule when there are any: the record is in the context when the
   context's ISO code is among them ("OpenAlex: institution in DK"), and this rule says
   international when codes exist but not the context's. Otherwise an affiliation's country is the last comma-separated part that names a
   country ("Denmark Road, Manchester, United Kingdom" is English). Without a country, the
   context's postal codes (``DK-2000``), institutions ("Aalborg Univ", "CBS") and places
   ("Aarhus C") decide. ``rule`` says which affiliations count: ``"any"`` (at least one in
   the country), ``"first"`` (the first one whose country is known, i.e. the first
   author's) or ``"majority"`` (more than half of the distinct affiliations located).
   Affiliations located only elsewhere are evidence of international research.
3. **Language.** The language field, else the language detected in title and abstract, is
   the context's language. Only for a language that is the main language of no other
   country (Danish, Norwegian, Swedish - not English or German). Another language than
   the context's and English (a Norwegian or German text for Denmark) is evidence of
   international research.
4. **Setting.** The study is set in the country: the title or keywords name it (its
   name, a demonym such as "danske kommuner", a city, region or municipality) and no
   other country; or the abstract names it (a city or municipality only when written as
   a place, "Aarhus Municipality") at least twice as often as all other countries
   together. A study that names the country beside others ("compared Denmark, Sweden and
   Norway") is *multi-country*: evidence of international research, not of the context.
   "The 2009 climate summit in Copenhagen" never counts. A title, keywords or abstract
   that name only other countries set the study elsewhere.
5. **Venue.** The journal, publisher or series is one of the context's venues ("Politica",
   "Djøf Forlag"), or a thesis's school is one of its institutions. An affiliation
   outranks a venue: a work by authors located only elsewhere is not placed in the
   context by where it was published.

A record is in the context when any of rules 2-5 places it there (the venue only without
affiliations elsewhere); otherwise it is international when any rule found another
country, and unknown when none found anything.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache, partial
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..corpus import Corpus
from ..errors import ConfigurationError
from ..records import Problem, Record
from ..runs import in_runs
from .contexts import (
    Context,
    Mention,
    country_label,
    country_name_index,
    find_mentions,
    gazetteer,
    get_context,
    tokens,
)
from .language import (
    detect_record_language,
    language_name,
    parse_language,
    parse_languages,
)

if TYPE_CHECKING:
    import pandas as pd

INTERNATIONAL = "international"
UNKNOWN = "unknown"
NO_EVIDENCE = "no rule fired: no affiliation, language, setting or venue found"
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|which|with|this|these|that)\b", re.I)
_NORDIC_LETTERS = re.compile(r"[æøåÆØÅäöÄÖ]")
Rule = Literal["any", "first", "majority"]
Outcome = Literal["focus", "other"] | None  # what one rule says: the context, another country, or nothing
Overrides = Mapping[str, str] | str | os.PathLike[str] | None

_AFFILIATION_FIELDS = ("affiliation", "affiliations", "c1", "author_address", "ad")
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "series", "institution", "organization")
_SCHOOL_FIELDS = ("school", "institution")
_CORRESPONDING = re.compile(r"\((?:reprint|corresponding)\s+author\)", re.IGNORECASE)
_MAX_SHOWN = 3


def classify(
    corpus: Corpus | Iterable[Record],
    context: str | os.PathLike[str] | Context = "denmark",
    *,
    rule: Rule = "any",
    overrides: Overrides = None,
) -> Corpus:
    """A new corpus whose records carry ``context`` and ``evidence``.

    Args:
        corpus: the records to classify (a :class:`Corpus` or any iterable of records).
        context: a context name ("denmark", "norway", any country), a TOML/JSON context
            file or a :class:`~socinno_lit.context.contexts.Context`.
        rule: which affiliations count: ``"any"``, ``"first"`` or ``"majority"``.
        overrides: record key or DOI -> context (the context's name or
            ``"international"``), or the path of a CSV file with ``key,context`` columns.

    Returns:
        The corpus with every record labelled; override keys that match no record are
        reported as ``unused-override`` warnings in ``problems``.

    Raises:
        ConfigurationError: for an unknown context, rule or override value.

    Example:
        >>> from socinno_lit.records import Record
        >>> r = Record(key="a", affiliations=("Dept of Political Science, Aalborg University, Aalborg, Denmark",))
        >>> out = classify([r, Record(key="b", title="Social enterprise in Kenya")])
        >>> [x.context for x in out]
        ['denmark', 'international']
        >>> out[0].evidence
        ('affiliation: "Dept of Political Science, Aalborg University, Aalborg, Denmark"',)
    """
    if rule not in ("any", "first", "majority"):
        raise ConfigurationError(f"unknown affiliation rule {rule!r}; use 'any', 'first' or 'majority'")
    if not isinstance(corpus, Corpus):
        corpus = Corpus(tuple(corpus))
    classifier = _Classifier(get_context(context), rule)
    mapping, source = _override_mapping(overrides)
    chosen = {key: classifier.override_value(value, f"override for {key!r}") for key, value in mapping.items()}
    by_doi = {_bare_doi(key): key for key in mapping}
    used: set[str] = set()
    keys = [record.key if record.key in chosen else by_doi.get(record.doi.lower()) if record.doi else None
            for record in corpus]
    # Reading the records is pure Python: the records without an override are labelled
    # in contiguous runs on every core (the same labels for any number of processes).
    rest = [record for record, key in zip(corpus, keys, strict=True) if key is None]
    labels = iter(chain.from_iterable(in_runs(partial(_labels, classifier), rest)))
    records = []
    for record, key in zip(corpus, keys, strict=True):
        if key is None:
            context, evidence = next(labels)
            records.append(record.replace(context=context, evidence=evidence))
            continue
        used.add(key)
        where = f"{Path(source).name}: " if source else ""
        evidence = (f"override: user mapping ({where}{key} -> {mapping[key]})",)
        records.append(record.replace(context=chosen[key], evidence=evidence))
    unused = [
        Problem(source or "<overrides>", None, key, "unused-override", "warning", "no record has this key or DOI")
        for key in mapping
        if key not in used
    ]
    return corpus.with_records(records, extra_problems=unused)


def _labels(classifier: _Classifier, records: Sequence[Record]) -> list[tuple[str, tuple[str, ...]]]:
    """The context and evidence of each of a run of records."""
    return [classifier.label(record) for record in records]


def context_counts(corpus: Corpus | Iterable[Record]) -> dict[str, int]:
    """How many records each context holds, most first (``"unclassified"`` for none yet).

    Example:
        >>> from socinno_lit.records import Record
        >>> context_counts([Record(key="a", context="denmark"), Record(key="b")])
        {'denmark': 1, 'unclassified': 1}
    """
    return dict(Counter(r.context or "unclassified" for r in corpus).most_common())


def evidence_table(corpus: Corpus | Iterable[Record]) -> pd.DataFrame:
    """One row per record: ``key``, ``context`` and ``evidence`` (the reasons joined by "; ").

    Example:
        >>> from socinno_lit.records import Record
        >>> evidence_table([Record(key="a", context="denmark", evidence=("language: Danish",))]).iloc[0].tolist()
        ['a', 'denmark', 'language: Danish']
    """
    import pandas as pd

    rows = [(r.key, r.context or "", "; ".join(r.evidence)) for r in corpus]
    return pd.DataFrame(rows, columns=["key", "context", "evidence"])


_BRACKETED = re.compile(r"\[[^\]]*\]")  # Web of Science's "[Author; Author]" before an address
_SEGMENT_BREAK = re.compile(r"[;\n\r]|\\\\")


def _at_least(count: int, matches: Iterator[re.Match[str]]) -> bool:
    """Whether ``matches`` yields ``count`` or more, reading no further than that."""
    return next(islice(matches, count - 1, None), None) is not None


def affiliation_segments(record: Record) -> tuple[str, ...]:
    """The record's affiliations, one address per item, whatever the exporter's layout.

    Scopus joins several addresses with ``;``; Web of Science writes
    ``[Author; Author] Address`` or ``Author; Author, Address`` lines and repeats the
    corresponding author's address first (left out when other addresses exist). When
    ``record.affiliations`` is empty the fields ``affiliation``, ``affiliations``, ``c1``,
    ``author_address`` and ``ad`` are read.

    Example:
        >>> r = Record(key="k", fields={"c1": "[Lund, A] Aarhus Univ, Dept Polit Sci, DK-8000 Aarhus C, Denmark.;"
        ...                                   "Holm, B, Univ Oslo, Oslo, Norway."})
        >>> affiliation_segments(r)
        ('Aarhus Univ, Dept Polit Sci, DK-8000 Aarhus C, Denmark', 'Holm, B, Univ Oslo, Oslo, Norway')
    """
    raw = record.affiliations or tuple(record.fields[k] for k in _AFFILIATION_FIELDS if record.fields.get(k))
    segments = []
    for text in raw:
        text = str(text)
        if "[" in text:
            text = _BRACKETED.sub(" ", text)
        for piece in _SEGMENT_BREAK.split(text):
            piece = " ".join(piece.split()).strip(" .,")
            if piece:
                segments.append(piece)
    main = [s for s in segments if not _CORRESPONDING.search(s)]
    return tuple(dict.fromkeys(main or [_CORRESPONDING.sub("", s) for s in segments]))


def affiliation_country(segment: str, context: str | Context = "denmark") -> str | None:
    """Where one affiliation is: the context's name, another country's ISO code, or None.

    Example:
        >>> affiliation_country("Alliance MBS, Denmark Road, Manchester, M13 9NG, United Kingdom")
        'GB'
        >>> affiliation_country("Copenhagen Business School (CBS), Porcelaenshaven 18, Frederiksberg")
        'denmark'
    """
    return _Classifier(get_context(context), "any").locate(segment)


def read_overrides(path: str | os.PathLike[str]) -> dict[str, str]:
    """Read a CSV file of overrides with ``key`` (citation key or DOI) and ``context`` columns.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "o.csv"
        >>> _ = p.write_text("key,context\\nsmith2019,international\\n")
        >>> read_overrides(p)
        {'smith2019': 'international'}
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigurationError(f"no such overrides file: {path}")
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = {(c or "").strip().lower(): c for c in reader.fieldnames or ()}
        if "context" not in columns or not ({"key", "doi"} & set(columns)):
            raise ConfigurationError(f"{path}: an overrides file needs the columns 'key' and 'context'")
        found: dict[str, str] = {}
        for line, row in enumerate(reader, start=2):
            key = (row.get(columns.get("key", ""), "") or row.get(columns.get("doi", ""), "") or "").strip()
            value = (row.get(columns["context"]) or "").strip()
            if not key or not value:
                raise ConfigurationError(f"{path}:{line}: a row needs both a key and a context")
            found[key] = value
    return found


# --- the rules -------------------------------------------------------------------------


class _Classifier:
    """The rules for one context; built once per :func:`classify` call."""

    def __init__(self, context: Context, rule: Rule) -> None:
        self.context = context
        self.name = context.name
        self.rule = rule
        self.language = _distinctive_language(context)
        self.context_language = parse_language(context.language) if context.language else ""
        self.postal = re.compile(context.postal_pattern) if context.postal_pattern else None
        self.institutions = _institution_pattern(context.institutions)
        self.venues = {_venue_key(v) for v in context.venues}
        self.schools = {_venue_key(v) for v in context.institutions}
        self.names = dict(country_name_index())
        for name in context.names:
            self.names[tuple(t.lower() for t, _, _ in tokens(name))] = self.name
        self.longest = max(len(k) for k in self.names)
        self.aliases = {a.casefold() for a in (context.name, context.code, *context.names) if a}

    def label(self, record: Record) -> tuple[str, tuple[str, ...]]:
        """The record's context and the evidence for it."""
        field = record.fields.get("context", "").strip()
        if field:
            where = f"entry {record.key!r} ({record.source}) has context = {{{field}}}"
            return self.override_value(field, where), (f"override field: context = {field}",)
        affiliation = self._affiliation(record)
        findings = [affiliation, self._language(record), self._setting(record)]
        if affiliation[0] != "other":  # an affiliation outranks a venue
            findings.append(self._venue(record))
        focus = [reason for outcome, reasons in findings if outcome == "focus" for reason in reasons]
        if focus:
            return self.name, tuple(focus)
        other = [reason for outcome, reasons in findings if outcome == "other" for reason in reasons]
        if other:
            return INTERNATIONAL, tuple(other)
        notes = [reason for _, reasons in findings for reason in reasons]
        return UNKNOWN, (NO_EVIDENCE, *notes)

    def override_value(self, value: str, where: str) -> str:
        wanted = " ".join(str(value).split()).casefold()
        if wanted in self.aliases:
            return self.name
        if wanted in (INTERNATIONAL, UNKNOWN):
            return wanted
        try:
            other = get_context(wanted)
        except ConfigurationError:
            other = None
        if other is None or not wanted:
            raise ConfigurationError(
                f"{where}: unknown context {value!r}; use {self.name!r}, {INTERNATIONAL!r} or {UNKNOWN!r}")
        return self.name if other.name == self.name else INTERNATIONAL

    # rule 2 ---------------------------------------------------------------------------

    def locate(self, segment: str) -> str | None:
        parts = [p for p in segment.split(",") if p.strip()]
        for part in reversed(parts):
            words = [t.lower() for t, _, _ in tokens(part)]
            for size in range(min(self.longest, len(words)), 0, -1):
                key = tuple(words[-size:])
                if key in self.names:
                    code = self.names[key]
                    if code is not None:
                        return self.name if code in (self.name, self.context.code) else code
                    break  # "New England": no country in this part
        return self.name if self._own_signal(segment) else None

    def _own_signal(self, segment: str) -> bool:
        """Without a country: the context's postal code, institution or place."""
        if self.postal is not None and self.postal.search(segment):
            return True
        if self.institutions is not None and self.institutions.search(segment):
            return True
        return any(m.country == self.name for m in find_mentions(segment, self.context))

    def _affiliation(self, record: Record) -> tuple[Outcome, list[str]]:
        if record.countries and self.context.code:
            return institution_countries(record, self.context.code, self.rule)
        outcome, reasons = self._affiliation_text(record)
        unmatched = record.fields.get("openalex_match", "")
        return outcome, reasons + ([f"OpenAlex: no match ({unmatched[6:]})"] if unmatched.startswith("none:") else [])

    def _affiliation_text(self, record: Record) -> tuple[Outcome, list[str]]:
        located = [(s, c) for s in affiliation_segments(record) if (c := self.locate(s))]
        if not located:
            return None, []
        ours = [s for s, c in located if c == self.name]
        if self.rule == "first":
            fired = located[0][1] == self.name
            ours = ours[:1]
        elif self.rule == "majority":
            fired = 2 * len(ours) > len(located)
        else:
            fired = bool(ours)
        if fired:
            label = {"any": "affiliation", "first": "affiliation (first)"}.get(
                self.rule, f"affiliation ({len(ours)} of {len(located)})"
            )
            return "focus", _shown([f'{label}: "{s}"' for s in ours])
        elsewhere = dict.fromkeys(country_label(c) for _, c in located if c != self.name)
        reasons = [f"affiliations elsewhere: {', '.join(elsewhere)}"]
        if ours:
            reasons.insert(0, f'affiliation not counted under rule {self.rule!r}: "{ours[0]}"')
        return "other", reasons

    # rule 3 ---------------------------------------------------------------------------

    def _language(self, record: Record) -> tuple[Outcome, list[str]]:
        codes = parse_languages(record.language or record.fields.get("language", ""))
        if codes:
            if self.language and self.language in codes:
                return "focus", [f"language: {language_name(self.language)}"]
            return self._other_language(codes, "")
        # The first 600 characters tell the language as well as the whole abstract does,
        # and plain English (the common case) need not be scored at all.
        sample = f"{record.title}. {record.abstract[:600]}"[:600]
        if not _NORDIC_LETTERS.search(sample) and _at_least(4, _ENGLISH_WORDS.finditer(sample)):
            return None, []
        detected = detect_record_language(record.title, record.abstract)
        if detected and detected == self.language:
            return "focus", [f"language: {language_name(detected)} (detected in title/abstract)"]
        return self._other_language((detected,) if detected else (), " (detected in title/abstract)")

    def _other_language(self, codes: tuple[str, ...], how: str) -> tuple[Outcome, list[str]]:
        """A language of another country: neither the context's own nor English."""
        foreign = [c for c in codes if c not in (self.context_language, "en")]
        if not foreign:
            return None, []
        return "other", [f"language: {language_name(foreign[0])}{how}"]

    # rule 4 ---------------------------------------------------------------------------

    def _setting(self, record: Record) -> tuple[Outcome, list[str]]:
        # No may_mention() first: the scan itself now rules out a text naming no place as
        # fast as that test did, and the two in three that name one were read twice.
        title = find_mentions(record.title, self.context)
        keywords = [m for k in _keywords(record) for m in find_mentions(k, self.context)]
        found = self._named_in_title(title, keywords)
        if found[0] is not None:
            return found
        return self._named_in_abstract(find_mentions(_without_copyright(record.abstract), self.context))

    def _named_in_title(self, title: list[Mention], keywords: list[Mention]) -> tuple[Outcome, list[str]]:
        mentions = title + keywords
        others = dict.fromkeys(country_label(m.country) for m in mentions if m.country != self.name)
        ours = [m for m in mentions if m.country == self.name]
        if ours and others:
            texts = ", ".join(dict.fromkeys(f'"{m.text}"' for m in mentions))
            return "other", [f"multi-country setting: title or keywords name {texts}"]
        if others:
            return "other", [f"setting elsewhere: title or keywords name {', '.join(others)}"]
        reasons = []
        for label, found in (("title mentions", title), ("keywords mention", keywords)):
            texts = ", ".join(dict.fromkeys(f'"{m.text}"' for m in found))
            if texts:
                reasons.append(f"{label}: {texts}")
        return ("focus", reasons) if reasons else (None, [])

    def _named_in_abstract(self, abstract: list[Mention]) -> tuple[Outcome, list[str]]:
        ours = [m for m in abstract if m.country == self.name and (m.kind != "place" or m.qualified)]
        others = Counter(m.country for m in abstract if m.country != self.name)
        if not ours:
            if not others:
                return None, []
            named = ", ".join(country_label(c) for c, _ in others.most_common(3))
            return "other", [f"setting elsewhere: abstract names {named}"]
        texts = ", ".join(dict.fromkeys(f'"{m.text}"' for m in ours))
        if len(ours) >= 2 * sum(others.values()):
            extra = f" (with {_countries(len(others))}, named less often)" if others else ""
            return "focus", [f"abstract mentions: {texts}{extra}"]
        return "other", [f"multi-country setting: the abstract names {texts} and {_countries(len(others))} "
                         f"({sum(others.values())} mentions)"]

    # rule 5 ---------------------------------------------------------------------------

    def _venue(self, record: Record) -> tuple[Outcome, list[str]]:
        candidates = [record.venue, *(record.fields.get(f, "") for f in _VENUE_FIELDS)]
        for value in dict.fromkeys(v for v in candidates if v):
            if _venue_forms(value) & self.venues:
                return "focus", [f"venue: {value}"]
        if record.entry_type.endswith("thesis"):
            for value in (record.fields.get(f, "") for f in _SCHOOL_FIELDS):
                if value and _venue_forms(value) & self.schools:
                    return "focus", [f"venue: {value} (school)"]
        return None, []


def institution_countries(record: Record, code: str, rule: Rule = "any") -> tuple[Outcome, list[str]]:
    """Rule 2 from the institutions' country codes: ``"focus"`` when ``code`` counts, else ``"other"``, and why.

    Under ``"first"`` the first code (the first author's institution) must be ``code``,
    under ``"majority"`` more than half of the distinct codes. Institutions located only
    elsewhere are evidence of international research, as located affiliations are.

    Example:
        >>> institution_countries(Record(key="a", countries=("US", "DK")), "DK")
        ('focus', ['OpenAlex: institution in DK'])
        >>> institution_countries(Record(key="b", countries=("US", "GB")), "DK")
        ('other', ['OpenAlex: institutions in US, GB, none in DK'])
    """
    countries = record.countries
    fired = {"first": countries[:1] == (code,), "majority": 2 * (code in countries) > len(countries)}.get(
        rule, code in countries)
    match = record.fields.get("openalex_match", "")
    how = f" (matched by {match})" if match and match != "DOI" else ""
    if fired:
        return "focus", [f"OpenAlex: institution in {code}{how}"]
    if code in countries:
        return "other", [f"OpenAlex: institution in {code} not counted under rule {rule!r}{how}"]
    plural = "s" if len(countries) > 1 else ""
    return "other", [f"OpenAlex: institution{plural} in {', '.join(countries)}, none in {code}{how}"]


# --- helpers ---------------------------------------------------------------------------


def _override_mapping(overrides: Overrides) -> tuple[dict[str, str], str]:
    """The overrides as key -> value, and the CSV file they came from ("" for a mapping)."""
    if overrides is None:
        return {}, ""
    if isinstance(overrides, (str, os.PathLike)):
        return read_overrides(overrides), str(overrides)
    if not isinstance(overrides, Mapping):
        raise ConfigurationError(f"overrides must be a mapping or a CSV path, not {type(overrides).__name__}")
    return {str(k): str(v) for k, v in overrides.items()}, ""


def _bare_doi(text: str) -> str:
    return re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text.strip(), flags=re.IGNORECASE).lower()


_COPYRIGHT = re.compile(
    r"(?:©|\(C\)\s*(?:\d{4}|copyright)|\bcopyright\b\s*(?:©|\(c\)|\d{4})).*$", re.IGNORECASE | re.DOTALL
)


def _without_copyright(abstract: str) -> str:
    """The abstract without its closing copyright line ("© 2020 ... MDPI, Basel, Switzerland")."""
    # The pattern's other forms hold "(c)" or "opyr" in any case (letters with no
    # non-ASCII case partner); without them before the first "©", that is where it
    # matches. Trying the pattern at every position of nine abstracts in ten is slow.
    sign = abstract.find("©")
    head = abstract[: len(abstract) if sign < 0 else sign + len("copyright")].lower()
    if "(c)" in head or "opyr" in head:
        return _COPYRIGHT.sub("", abstract)
    return abstract if sign < 0 else abstract[:sign]


def _keywords(record: Record) -> tuple[str, ...]:
    if record.keywords:
        return record.keywords
    raw = "; ".join(record.fields.get(f, "") for f in ("keywords", "author_keywords") if record.fields.get(f))
    return tuple(k.strip() for k in re.split(r"[;,]", raw) if k.strip())


def _countries(count: int) -> str:
    return f"{count} other {'country' if count == 1 else 'countries'}"


def _shown(reasons: list[str]) -> list[str]:
    if len(reasons) <= _MAX_SHOWN:
        return reasons
    return [*reasons[:_MAX_SHOWN], f"and {len(reasons) - _MAX_SHOWN} more affiliations there"]


def _venue_key(text: str) -> str:
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"\bog\b|\boch\b", " and ", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _venue_forms(value: str) -> set[str]:
    """The venue as written and its main title (before a subtitle, place or comment)."""
    forms = {value}
    for separator in (":", ",", " (", " - ", " – ", ". "):
        forms.add(value.split(separator, 1)[0])
    return {_venue_key(f) for f in forms if f.strip()}


def _institution_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    names = list(names)
    if not names:
        return None
    words = sorted((n for n in names if not _is_acronym(n)), key=len, reverse=True)
    acronyms = sorted((n for n in names if _is_acronym(n)), key=len, reverse=True)
    alternatives = [f"(?i:{'|'.join(map(re.escape, words))})"] if words else []
    if acronyms:
        alternatives.append("|".join(map(re.escape, acronyms)))  # case-sensitive: "CBS", not "cbs"
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)")


def _is_acronym(name: str) -> bool:
    return name.isupper() and " " not in name and len(name) <= 6


@lru_cache(maxsize=32)
def _distinctive_language(context: Context) -> str:
    """The context's language if no other sovereign country has it as main language."""
    if not context.language:
        return ""
    shared = any(
        c.sovereign and c.language == context.language and c.name != context.name and c.code != context.code
        for c in gazetteer()
    )
    return "" if shared else context.language
