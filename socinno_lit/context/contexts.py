"""National contexts: what a country is called, where its research happens, where it publishes.

A :class:`Context` is data, not code. Denmark ships complete (all 98 municipalities, its
universities and research institutes, its journals and publishers), Norway and Sweden nearly
so, and every other country comes from a built-in gazetteer (names, native names, demonyms,
main language, a few big cities). A user can write a context of their own in TOML or JSON
with the same keys; ``extends = "denmark"`` adds to a built-in one.

:func:`find_mentions` finds the places of a context (and other countries) named in a text;
:func:`socinno_lit.context.classify.classify` builds its rules on it.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from pathlib import Path
from typing import Any, Literal

from ..errors import ConfigurationError

_LIST_FIELDS = (
    "names",
    "demonyms",
    "cities",
    "institutions",
    "regions",
    "municipalities",
    "venues",
    "ambiguous_places",
)
_TOKEN = re.compile(r"[^\W\d_]+")
_SPLIT = re.compile(r"([^\W\d_]+)")  # the words of _TOKEN with the text between them

# A place name followed by one of these names an idea, an event or a street, not a setting:
# "Copenhagen criteria", "Copenhagen School", "Denmark Road", "Aarhus University".
_NOT_SETTING_AFTER = frozenset(
    "criteria criterion school summit accord accords agreement convention protocol process "
    "consensus declaration treaty conference climate interpretation business university univ "
    "rules principles charter club road rd street st hill avenue ave lane gardens terrace "
    "square building".split()
)
# Words that make a bare place name (or an ambiguous one such as "Vejen") a real place.
_QUALIFIERS_AFTER = frozenset(
    "kommune kommunes kommuner kommunen municipality municipalities municipal county city "
    "council region amt amtskommune kommun kommunen".split()
)
_QUALIFIERS_BEFORE = frozenset({"municipality", "city", "town", "county", "kommune", "region"})


@dataclass(frozen=True)
class Context:
    """A national context: the names, places, institutions and venues of one country.

    Attributes:
        name: the identifier records are labelled with (``"denmark"``).
        names: the country's names, English and native (``"Denmark"``, ``"Danmark"``).
        demonyms: adjectives and nouns for its people (``"Danish"``, ``"dansk"``, ``"danske"``).
        language: its main language, ISO 639-1 (``"da"``).
        postal_pattern: a regular expression for its postal codes in addresses (``DK-2000``).
        cities: its cities and towns, with ASCII spellings.
        institutions: universities and research institutes, English and native names and
            abbreviations; all-capital abbreviations (``"CBS"``) match case-sensitively.
        regions: regions, islands and parts of the country.
        municipalities: its municipalities (all 98 Danish kommuner for Denmark).
        venues: its journals and publishers.
        ambiguous_places: place names that are also common words; they count only when
            written as a place ("Vejen Kommune", "municipality of Skive").
        code: ISO 3166-1 alpha-2 code, if any.
        sovereign: False for self-governing territories (Greenland, the Faroe Islands).

    Example:
        >>> c = Context(name="Scania", names=["Skåne", "Scania"], language="Swedish")
        >>> (c.name, c.names, c.language, c.label)
        ('scania', ('Skåne', 'Scania'), 'sv', 'Skåne')
    """

    name: str
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    language: str = ""
    postal_pattern: str = ""
    cities: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    ambiguous_places: tuple[str, ...] = ()
    code: str = ""
    sovereign: bool = True

    def __post_init__(self) -> None:
        from .language import parse_language  # local: language does not need contexts

        name = " ".join(str(self.name).split()).lower()
        if not name:
            raise ConfigurationError("a context needs a non-empty 'name'")
        object.__setattr__(self, "name", name)
        for key in _LIST_FIELDS:
            object.__setattr__(self, key, _string_tuple(getattr(self, key), key))
        language = parse_language(self.language) if self.language else ""
        if self.language and not language:
            raise ConfigurationError(f"context {name!r}: unknown language {self.language!r}")
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "code", str(self.code).upper())
        if self.postal_pattern:
            try:
                re.compile(self.postal_pattern)
            except re.error as err:
                raise ConfigurationError(
                    f"context {name!r}: postal_pattern {self.postal_pattern!r} is not a regular expression: {err}"
                ) from None

    def __hash__(self) -> int:
        # Computed once: contexts key the caches of every place scan, and hashing all of
        # Denmark's names and places each time cost more than many scans.
        try:
            return self.__dict__["_hash"]
        except KeyError:
            value = hash(tuple(getattr(self, f.name) for f in dataclasses.fields(self)))
            object.__setattr__(self, "_hash", value)
            return value

    def __getstate__(self) -> dict[str, Any]:
        # String hashes differ between processes: a pickled context must not carry its own.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @property
    def label(self) -> str:
        """The name to show people: the first of :attr:`names`, else the capitalised name."""
        return self.names[0] if self.names else self.name.title()

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "") -> Context:
        """Build a context from a mapping with the keys of the attributes.

        ``extends`` names a built-in context whose lists the mapping adds to.

        Example:
            >>> c = Context.from_mapping({"extends": "denmark", "venues": ["Min Tidsskrift"]})
            >>> c.name, "Min Tidsskrift" in c.venues, "Politica" in c.venues
            ('denmark', True, True)
        """
        where = f" in {source}" if source else ""
        allowed = {f.name for f in dataclasses.fields(cls)} | {"extends", "_comment"}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ConfigurationError(
                f"unknown context key(s) {', '.join(map(repr, unknown))}{where}; "
                f"expected some of: {', '.join(sorted(allowed - {'_comment'}))}"
            )
        values = {k: v for k, v in data.items() if k not in ("extends", "_comment")}
        if "extends" in data:
            values = _extend(get_context(str(data["extends"])).to_dict(), values)
        if not values.get("name"):
            raise ConfigurationError(f"a context needs a 'name'{where}")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """A plain dictionary (lists for tuples), as read by :meth:`from_mapping`.

        Example:
            >>> Context(name="x", names=("X",)).to_dict()["names"]
            ['X']
        """
        return {
            f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v
            for f in dataclasses.fields(self)
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a text.

    Attributes:
        kind: ``"name"`` (a country name), ``"demonym"`` or ``"place"`` (city, region,
            municipality).
        country: the context's name for the context searched for, else an ISO code.
        start: offset of the first character in the text.
        end: offset after the last character.
        text: the words as written, a demonym with the word after it ("danske kommuner").
        qualified: True when written as a place ("Aarhus Kommune", "municipality of Skive").
    """

    kind: Literal["name", "demonym", "place"]
    country: str
    start: int
    end: int
    text: str
    qualified: bool = False


def get_context(spec: str | os.PathLike[str] | Context = "denmark") -> Context:
    """The context named by ``spec``: a built-in name, a country, a TOML/JSON file or a Context.

    Names are matched case-insensitively against English and native names, demonyms and
    ISO codes ("denmark", "Danmark", "dk", "Norwegian", "United Kingdom").

    Raises:
        ConfigurationError: for an unknown name (with close matches) or a bad file.

    Example:
        >>> get_context("Danmark").name, get_context("no").label
        ('denmark', 'Norway')
    """
    if isinstance(spec, Context):
        return spec
    if isinstance(spec, os.PathLike):
        return load_context_file(spec)
    if not isinstance(spec, str):
        raise ConfigurationError(f"context must be a name, a file or a Context, not {type(spec).__name__}")
    text = spec.strip()
    if Path(text).suffix.lower() in (".toml", ".json"):
        return load_context_file(text)
    found = _built_in(_key(text))
    if found is not None:
        return found
    if text and Path(text).is_file():
        return load_context_file(text)
    raise ConfigurationError(_unknown_message(text))


def focus_names(focus: str) -> tuple[str, str]:
    """(country name, adjective) of a focus context: ("Denmark", "Danish").

    Example:
        >>> focus_names("denmark")
        ('Denmark', 'Danish')
    """
    try:
        context = get_context(focus)
    except ConfigurationError:
        return focus.title(), focus.title()
    adjective = next((d for d in context.demonyms if d[:1].isupper() and not d.endswith("s")), context.label)
    return context.label, adjective


def load_context_file(path: str | os.PathLike[str]) -> Context:
    """Read a context from a TOML or JSON file with the keys of :class:`Context`.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "fyn.toml"
        >>> _ = p.write_text('name = "funen"\\nnames = ["Funen", "Fyn"]\\nlanguage = "da"\\n')
        >>> load_context_file(p).names
        ('Funen', 'Fyn')
    """
    path = Path(path)
    if not path.is_file():
        raise ConfigurationError(f"no such context file: {path}")
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8-sig")) if path.suffix.lower() == ".toml" else json.loads(raw)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as err:
        raise ConfigurationError(f"cannot read context file {path}: {err}") from None
    if not isinstance(data, dict):
        raise ConfigurationError(f"context file {path} must hold a table of keys, not {type(data).__name__}")
    return Context.from_mapping(data, source=str(path))


def available_contexts() -> tuple[str, ...]:
    """The built-in contexts that ship complete (institutions, regions, venues).

    Every other country is available from the gazetteer with its names and cities.

    Example:
        >>> available_contexts()
        ('denmark', 'norway', 'sweden')
    """
    return tuple(sorted(_full_contexts()))


@lru_cache(maxsize=1)
def gazetteer() -> tuple[Context, ...]:
    """Every country of the built-in gazetteer (sovereign states and a few territories).

    Example:
        >>> sum(c.sovereign for c in gazetteer()) >= 193
        True
    """
    return tuple(_from_entry(e) for e in _gazetteer_data()["countries"])


def country_label(code: str) -> str:
    """The English name of a country from its ISO code, or the code itself when unknown.

    Example:
        >>> country_label("gb")
        'United Kingdom'
    """
    return _labels().get(code.upper(), code)


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    return {c.code: c.label for c in gazetteer()}


def may_mention(text: str, context: str | Context = "denmark") -> bool:
    """Whether ``text`` could name a country or a place of ``context`` (False: it cannot).

    A cheap test before :func:`find_mentions`: every phrase is keyed by its longest word
    ("netherlands" for "the Netherlands"), acronyms by their exact spelling ("UK", not
    "uk"), so common words such as "the" or "us" do not send every text to the scan.

    Example:
        >>> may_mention("Social enterprises in the UK"), may_mention("what it means for us")
        (True, False)
        >>> may_mention("Samskabelse i danske kommuner"), may_mention("The welfare state")
        (True, False)
    """
    words, acronyms = _mention_keys(get_context(context))
    found = _TOKEN.findall(text)
    return not acronyms.isdisjoint(found) or not words.isdisjoint(map(str.lower, found))


@lru_cache(maxsize=16)
def _mention_keys(context: Context) -> tuple[frozenset[str], frozenset[str]]:
    """The key word of every phrase (lower case) and the first word of every acronym (as written)."""
    matcher = _matcher(context)
    words = {max(reversed(p), key=len) for p, v in matcher.phrases.items() if p and v}
    acronyms = {p[0] for p, v in matcher.acronyms.items() if p and v}
    return frozenset(words), frozenset(acronyms)


def find_mentions(text: str, context: str | Context = "denmark") -> list[Mention]:
    """The countries, demonyms and places named in ``text``, left to right.

    Places of ``context`` (its names, demonyms, cities, regions, municipalities) carry the
    context's name; other countries (names and demonyms only) carry their ISO code. Phrases
    that only contain a country word ("Latin America", "Denmark Road", "Copenhagen
    criteria") and ambiguous place names not written as places are left out.

    Example:
        >>> [(m.country, m.text) for m in find_mentions("Danish municipalities and Norway")]
        [('denmark', 'Danish municipalities'), ('NO', 'Norway')]
    """
    return _matcher(get_context(context)).scan(text)


# --- built-in data ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _gazetteer_data() -> dict[str, Any]:
    text = resources.files("socinno_lit.context").joinpath("data", "gazetteer.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _full_contexts() -> dict[str, dict[str, Any]]:
    folder = resources.files("socinno_lit.context").joinpath("data", "contexts")
    found = {}
    for item in folder.iterdir():
        if item.name.endswith(".json"):
            data = json.loads(item.read_text(encoding="utf-8"))
            found[data["name"]] = data
    return found


def _from_entry(entry: Mapping[str, Any]) -> Context:
    """A gazetteer entry as a context; its English name leads its names."""
    return Context(**{**entry, "names": [entry["name"], *entry.get("names", ())]})


@lru_cache(maxsize=64)
def _built_in(key: str) -> Context | None:
    full = _full_contexts()
    code = _lookup_index().get(key)
    if key in full:
        code = full[key].get("code", "")
    if code is None:
        return None
    entry = next((c for c in gazetteer() if c.code == code), None)
    data = next((d for d in full.values() if d.get("code") == code), None)
    if data is None:
        return entry
    return Context.from_mapping(_extend(entry.to_dict(), data) if entry else data)


@lru_cache(maxsize=1)
def _lookup_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for context in gazetteer():
        for alias in (context.name, context.code, *context.names, *context.demonyms):
            index.setdefault(_key(alias), context.code)
    for acronym, code in _gazetteer_data()["acronyms"].items():
        if code:
            index.setdefault(_key(acronym), code)
    return index


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _unknown_message(text: str) -> str:
    index = _lookup_index()
    close = difflib.get_close_matches(_key(text), list(index), n=4, cutoff=0.75)
    codes = dict.fromkeys(index[k] for k in close)
    names = [c.name for code in codes for c in gazetteer() if c.code == code]
    hint = f" Did you mean {' or '.join(map(repr, names))}?" if names else ""
    return (
        f"unknown context {text!r}.{hint} Give a country name ('denmark', 'norway', 'united kingdom' ...) "
        "or the path of a .toml or .json context file."
    )


def _string_tuple(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str) or not hasattr(value, "__iter__"):
        raise ConfigurationError(f"context key {key!r} must be a list of strings, not {value!r}")
    items = [str(v).strip() for v in value]
    return tuple(dict.fromkeys(v for v in items if v))


def _extend(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if key in _LIST_FIELDS and not isinstance(value, str):
            merged[key] = list(dict.fromkeys([*value, *base.get(key, ())]))
        else:
            merged[key] = value
    return merged


# --- finding places in text ------------------------------------------------------------


def tokens(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` with their offsets; hyphens and apostrophes split words.

    Example:
        >>> [t for t, _, _ in tokens("Ikast-Brande's kommune")]
        ['Ikast', 'Brande', 's', 'kommune']
    """
    return [(m.group(), *m.span()) for m in _TOKEN.finditer(text)]


def _phrase(text: str, *, lower: bool = True) -> tuple[str, ...]:
    return tuple(t.lower() if lower else t for t, _, _ in tokens(text))


class _Matcher:
    """Longest-match lookup of word n-grams: fast on long abstracts, exact on word edges."""

    def __init__(self, context: Context) -> None:
        self.target = context.name
        self.phrases: dict[tuple[str, ...], tuple[str, str] | None] = {}
        self.acronyms: dict[tuple[str, ...], tuple[str, str] | None] = {}
        self._add_target(context)
        data = _gazetteer_data()
        for phrase in data["not_countries"]:
            self.phrases.setdefault(_phrase(phrase), None)
        self._add_others(context, data)
        for acronym, code in data["acronyms"].items():
            target = context.code and code == context.code
            value = None if code is None else ("name", self.target if target else code)
            self.acronyms.setdefault(_phrase(acronym, lower=False), value)
        self.sizes = _sizes(self.phrases)  # first word -> phrase lengths, longest first
        self.sizes_cs = _sizes(self.acronyms)
        self.rests = _rests(self.phrases)  # first word -> the other words of each of its phrases
        self.rests_cs = _rests(self.acronyms)

    def _add_target(self, context: Context) -> None:
        places = (*context.cities, *context.regions, *context.municipalities)
        for kind, values in (("name", context.names), ("demonym", context.demonyms), ("place", places)):
            for value in values:
                for form in _forms(value, genitive=kind != "demonym"):
                    self.phrases.setdefault(form, (kind, self.target))
        for value in context.ambiguous_places:
            for form in _forms(value, genitive=True):
                self.phrases[form] = ("ambiguous", self.target)

    def _add_others(self, context: Context, data: Mapping[str, Any]) -> None:
        preferred = data["preferred"]
        for entry in data["countries"]:
            if entry["code"] == context.code or entry["name"].lower() == context.name:
                continue
            for kind, values in (("name", [entry["name"], *entry["names"]]), ("demonym", entry["demonyms"])):
                for value in values:
                    if preferred.get(value.casefold(), entry["code"]) == entry["code"]:
                        self.phrases.setdefault(_phrase(value), (kind, entry["code"]))

    def scan(self, text: str) -> list[Mention]:
        # The words as plain strings first (one C-level pass); only the distinct words are
        # compared with the phrases, and only the positions of words that can start a phrase
        # found in full are visited ("the" starts "the Netherlands", but only a text holding
        # "netherlands" is searched for it).
        pieces = _SPLIT.split(text)
        strings = pieces[1::2]
        distinct = set(strings)
        exact = self.rests_cs.keys() & distinct
        if exact:  # rare: the set operations alone rule out most texts (and every keyword)
            exact = _startable(self.rests_cs, exact, distinct)
            if exact and _mostly_capitals(strings):
                exact = set()
        words = set(map(str.lower, distinct))
        keys = self.rests.keys() & words
        if keys:
            keys = _startable(self.rests, keys, words)
        if not keys and not exact:
            return []
        lowered = list(map(str.lower, strings))
        spans = _Spans(pieces)
        found: list[Mention] = []
        following = 0
        for i in sorted({*_positions(lowered, keys), *_positions(strings, exact)}):
            if i < following:
                continue
            sizes = self.sizes.get(lowered[i], ()) if lowered[i] in keys else ()
            sizes_cs = self.sizes_cs.get(strings[i], ()) if strings[i] in exact else ()
            hit = self._match(strings, lowered, i, sizes, sizes_cs)
            if hit is None:
                continue
            size, value = hit
            if value is not None:
                mention = self._mention(text, spans, lowered, i, size, value)
                if mention is not None:
                    found.append(mention)
            following = i + size
        return found

    def _match(self, strings: list[str], lowered: list[str], i: int,
               sizes: tuple[int, ...], sizes_cs: tuple[int, ...]) -> tuple[int, tuple[str, str] | None] | None:
        for size in sorted({*sizes, *sizes_cs}, reverse=True):
            if i + size > len(strings):
                continue
            key = tuple(lowered[i : i + size])
            if size in sizes and key in self.phrases:
                return size, self.phrases[key]
            exact = tuple(strings[i : i + size])
            if size in sizes_cs and exact in self.acronyms:
                return size, self.acronyms[exact]
        return None

    def _mention(self, text: str, spans: _Spans, lowered: list[str], i: int, size: int,
                 value: tuple[str, str]) -> Mention | None:
        kind, country = value
        after = lowered[i + size] if i + size < len(lowered) else ""
        before = lowered[max(0, i - 2) : i]
        of_place = len(before) == 2 and before[1] == "of" and before[0] in _QUALIFIERS_BEFORE  # "city of Aarhus"
        qualified = after in _QUALIFIERS_AFTER or of_place or (bool(before) and before[-1] in _QUALIFIERS_BEFORE)
        if kind in ("name", "place", "ambiguous") and after in _NOT_SETTING_AFTER:
            return None
        if kind == "ambiguous":
            if not qualified:
                return None
            kind = "place"
        # The offsets of words i to i + size (the word after the phrase too, when there is one).
        offsets = spans.get(i, i + size + 1)
        start, end = offsets[0][0], offsets[size - 1][1]
        if kind == "demonym" and len(offsets) > size and text[end : offsets[size][0]].isspace():
            end = offsets[size][1]  # "Danish municipalities": the noun says what is Danish
        shown = " ".join(text[start:end].split())
        return Mention(kind, country, start, end, shown, qualified)  # type: ignore[arg-type]


def _sizes(phrases: Mapping[tuple[str, ...], object]) -> dict[str, tuple[int, ...]]:
    sizes: dict[str, set[int]] = {}
    for phrase in phrases:
        if phrase:
            sizes.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(found, reverse=True)) for word, found in sizes.items()}


def _rests(phrases: Mapping[tuple[str, ...], object]) -> dict[str, tuple[frozenset[str], ...]]:
    rests: dict[str, set[frozenset[str]]] = {}
    for phrase in phrases:
        if phrase:
            rests.setdefault(phrase[0], set()).add(frozenset(phrase[1:]))
    # The empty set (a one-word phrase) first: it is always complete.
    return {word: tuple(sorted(found, key=len)) for word, found in rests.items()}


def _startable(rests: Mapping[str, tuple[frozenset[str], ...]], firsts: set[str], words: set[str]) -> set[str]:
    """The words of ``firsts`` that start a phrase whose other words are all in ``words``."""
    return {w for w in firsts if any(rest <= words for rest in rests[w])}


def _positions(words: list[str], wanted: set[str]) -> list[int]:
    """Every index of ``words`` holding one of ``wanted`` (in C: list.index, not a Python loop)."""
    found = []
    for word in wanted:
        i = -1
        try:
            while True:
                i = words.index(word, i + 1)
                found.append(i)
        except ValueError:
            pass
    return found


class _Spans:
    """The offsets of a text's words, from its split into separators and words.

    Summing the lengths of the pieces (in C) gives every offset at once, where reading
    them from a ``finditer`` costs a Python step per word.
    """

    def __init__(self, pieces: list[str]) -> None:
        self._pieces = pieces  # separator, word, separator, word, ..., separator
        self._ends: list[int] = []

    def get(self, start: int, stop: int) -> list[tuple[int, int]]:
        """The (start, end) offsets of words ``start`` to ``stop - 1`` (fewer at the text's end)."""
        if not self._ends:
            self._ends = list(accumulate(map(len, self._pieces)))
        ends, words = self._ends, len(self._pieces) // 2
        return [(ends[2 * k], ends[2 * k + 1]) for k in range(start, min(stop, words))]


def _forms(value: str, *, genitive: bool) -> list[tuple[str, ...]]:
    """A name's word tuple, with its -s genitive ("Københavns Kommune", "Danmarks")."""
    phrase = _phrase(value)
    if not phrase:
        return []
    forms = [phrase]
    if genitive and phrase[-1][-1:] not in ("s", "x", "z"):
        forms.append((*phrase[:-1], phrase[-1] + "s"))
    return forms


def _mostly_capitals(words: list[str]) -> bool:
    """An all-capitals title ("LET US ..."), where acronyms cannot be told from words."""
    return sum(map(str.isupper, words)) > 0.6 * len(words)


@lru_cache(maxsize=16)
def _matcher(context: Context) -> _Matcher:
    return _Matcher(context)


@lru_cache(maxsize=1)
def country_name_index() -> dict[tuple[str, ...], str | None]:
    """Lower-case word tuples of every country name (no demonyms) to ISO codes, for addresses.

    Acronyms (``USA``, ``UK``) are included; phrases that are no country ("New England")
    map to None.

    Example:
        >>> country_name_index()[("peoples", "r", "china")], country_name_index()[("denmark",)]
        ('CN', 'DK')
    """
    data = _gazetteer_data()
    index: dict[tuple[str, ...], str | None] = {}
    for entry in data["countries"]:
        for value in (entry["name"], *entry["names"]):
            index.setdefault(_phrase(value), entry["code"])
    for acronym, code in data["acronyms"].items():
        index.setdefault(_phrase(acronym), code)
    for phrase in data["not_countries"]:
        index[_phrase(phrase)] = None
    return index
