"""From the fields of an exported entry to a :class:`~socinno_lit.records.Record`.

Each reader (BibTeX, RIS, Web of Science, CSV) produces a mapping of lower-case field
names to values; this module decodes them and fills the normalised Record attributes,
keeping every original field in ``Record.fields``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..records import Problem, Record, Source
from .latex import decode_latex, decode_verbatim, fold_whitespace
from .names import split_authors

Decoder = Callable[[str], str]

#: A field longer than this is cut and reported: no abstract is a megabyte long.
MAX_FIELD_CHARS = 200_000

VERBATIM_FIELDS = frozenset({"url", "doi", "file", "eprint", "pdf", "link", "urls", "bdsk-url-1", "bdsk-url-2"})
VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "series", "publisher", "school",
                "institution", "organization", "howpublished")
KEYWORD_FIELDS = ("author_keywords", "keywords", "keyword", "mesh", "index_keywords")
AFFILIATION_FIELDS = ("affiliations", "affiliation", "author_address", "c1")

_COUNTRY_CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]{2}(?![A-Za-z])")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/\S+", re.I)
_WOS_LINE_END = re.compile(r"\.\s*\n\s*")


def decode_fields(raw: Mapping[str, str], decode: Decoder = decode_latex) -> dict[str, str]:
    """Decode every field, treating URLs, DOIs and file paths verbatim.

    Example:
        >>> decode_fields({"title": "{\\\\O}resund", "url": "http://a.dk/~x"})
        {'title': 'Øresund', 'url': 'http://a.dk/~x'}
    """
    return {
        name: (decode_verbatim(value) if name in VERBATIM_FIELDS else decode(value))
        for name, value in raw.items()
    }


def cut_long_fields(raw: Mapping[str, str], source: Source, key: str | None = None,
                    ) -> tuple[dict[str, str], list[Problem]]:
    """Fields cut to :data:`MAX_FIELD_CHARS`, with a ``field-too-long`` warning for each cut.

    Example:
        >>> fields, problems = cut_long_fields({"abstract": "x" * 300_000, "year": "2001"}, Source("a.ris", 4))
        >>> len(fields["abstract"]), fields["year"], problems[0].code, problems[0].line
        (200000, '2001', 'field-too-long', 4)
    """
    fields: dict[str, str] = {}
    problems: list[Problem] = []
    for name, value in raw.items():
        if len(value) > MAX_FIELD_CHARS:
            problems.append(too_long(name, len(value), source, key))
            value = value[:MAX_FIELD_CHARS]
        fields[name] = value
    return fields, problems


def too_long(name: str, length: int, source: Source, key: str | None) -> Problem:
    """The ``field-too-long`` warning for a field of ``length`` characters."""
    return Problem(source.file, source.line, key, "field-too-long", "warning",
                   f"field '{name}' is longer than {MAX_FIELD_CHARS:,} characters ({length:,} read); "
                   f"it was cut to {MAX_FIELD_CHARS:,}")


def parse_year(*values: str) -> int | None:
    """The first plausible four-digit year in the values.

    Example:
        >>> parse_year("", "2019/05/01")
        2019
    """
    for value in values:
        match = _YEAR.search(value or "")
        if match:
            return int(match.group(1))
    return None


def normalise_doi(value: str) -> str:
    """A bare lower-case DOI from a DOI field or URL, or ``""``.

    Example:
        >>> normalise_doi("https://doi.org/10.1111/PADM.12345 ")
        '10.1111/padm.12345'
    """
    match = _DOI.search(value or "")
    return match.group(0).rstrip(".,;").lower() if match else ""


def parse_countries(value: str) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes from a ``countries`` field (``"DK, SE"``), upper-case, once each.

    Example:
        >>> parse_countries("dk; SE, DK")
        ('DK', 'SE')
    """
    return tuple(dict.fromkeys(code.upper() for code in _COUNTRY_CODE.findall(value or "")))


def split_keywords(*values: str) -> tuple[str, ...]:
    """Keywords from one or more fields, split on ``;`` (or ``,``), de-duplicated.

    Example:
        >>> split_keywords("Social innovation; co-creation", "social innovation, Denmark")
        ('Social innovation', 'co-creation', 'Denmark')
    """
    seen: dict[str, str] = {}
    for value in values:
        if not value:
            continue
        separator = ";" if ";" in value else ","
        for word in value.split(separator):
            word = word.strip(" .\t\n")
            if word and word.casefold() not in seen:
                seen[word.casefold()] = word
    return tuple(seen.values())


def split_affiliations(raw: str) -> tuple[str, ...]:
    """Affiliation segments: Scopus separates them with ``;``, Web of Science by lines.

    Example:
        >>> split_affiliations("Aalborg University, Aalborg, Denmark; Univ Oslo, Oslo, Norway")
        ('Aalborg University, Aalborg, Denmark', 'Univ Oslo, Oslo, Norway')
    """
    if not raw.strip():
        return ()
    lines = _split_outside_brackets(raw.strip())
    parts = lines if len(lines) > 1 else _semicolons_outside_brackets(raw)
    return tuple(fold_whitespace(p).strip(" .;{}") for p in parts if p.strip(" .;{}"))


def _semicolons_outside_brackets(raw: str) -> list[str]:
    """Split on ``;`` except inside ``[...]``: Web of Science's C1 in one cell reads
    ``[Smith, J; Doe, A] Univ Copenhagen, Copenhagen, Denmark; [Lee, K] Harvard Univ, ...``.

    Example:
        >>> _semicolons_outside_brackets("[A, B; C, D] Univ X, Denmark; [E, F] Univ Y, USA")
        ['[A, B; C, D] Univ X, Denmark', ' [E, F] Univ Y, USA']
    """
    if "[" not in raw:
        return raw.split(";")  # the common case, at C speed
    parts, start, depth = [], 0, 0
    for i, char in enumerate(raw):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == ";" and depth == 0:
            parts.append(raw[start:i])
            start = i + 1
    parts.append(raw[start:])
    return parts


def _split_outside_brackets(raw: str) -> list[str]:
    """Split on a full stop at a line end, except inside ``[...]`` or ``(...)``.

    Web of Science puts each affiliation on its own line but also wraps long ones, and a
    wrap can fall after an initial inside the bracketed author list ``[Aziz, Joseph N. Y.;``.
    """
    parts: list[str] = []
    start = scanned = square = round_ = 0  # bracket depths of raw[start:scanned]
    for match in _WOS_LINE_END.finditer(raw):
        piece = raw[scanned:match.start()]
        square += piece.count("[") - piece.count("]")
        round_ += piece.count("(") - piece.count(")")
        scanned = match.start()
        if square == 0 and round_ == 0:
            parts.append(raw[start:match.start()])
            start = scanned = match.end()
    parts.append(raw[start:])
    return parts


def first_of(fields: Mapping[str, str], names: tuple[str, ...]) -> str:
    """The first non-empty value among ``names``.

    Example:
        >>> first_of({"journal": "", "booktitle": "Proc"}, ("journal", "booktitle"))
        'Proc'
    """
    return next((fields[n] for n in names if fields.get(n)), "")


def make_record(
    key: str,
    entry_type: str,
    raw: Mapping[str, str],
    source: Source,
    *,
    decode: Decoder = decode_latex,
) -> Record:
    """Build a Record from an entry's raw (resolved but undecoded) fields.

    Args:
        key: the citation key.
        entry_type: the entry type, any case.
        raw: lower-case field names to raw values.
        source: file and line of the entry.
        decode: the decoder for field values (LaTeX for BibTeX, white space for RIS).

    Example:
        >>> r = make_record("k", "ARTICLE", {"title": "{Co-creation}", "author": "S{\\\\o}rensen, E.",
        ...     "year": "2016", "journal": "Admin \\\\& Society", "doi": "10.1177/X"}, Source("a.bib", 3))
        >>> r.title, r.authors, r.year, r.venue, r.doi
        ('Co-creation', ('Sørensen, E.',), 2016, 'Admin & Society', '10.1177/x')
    """
    fields = decode_fields(raw, decode)
    affiliation_raw = first_of(raw, AFFILIATION_FIELDS)
    return Record(
        key=key,
        entry_type=entry_type.lower(),
        title=fields.get("title", ""),
        abstract=fields.get("abstract", ""),
        authors=_authors(raw.get("author", "") or raw.get("editor", ""), decode),
        year=parse_year(fields.get("year", ""), fields.get("date", "")),
        venue=first_of(fields, VENUE_FIELDS),
        doi=normalise_doi(fields.get("doi", "")) or _doi_from_url(fields),
        keywords=split_keywords(*(fields.get(n, "") for n in KEYWORD_FIELDS)),
        affiliations=tuple(decode(a) for a in split_affiliations(affiliation_raw)),
        countries=parse_countries(fields.get("countries", "")),
        language=fields.get("language", "") or fields.get("langid", ""),
        annotation=fields.get("annote", "") or fields.get("annotation", ""),
        fields=fields,
        source=source,
    )


def _authors(raw: str, decode: Decoder) -> tuple[str, ...]:
    # Accents are decoded before the names are split (the name parser drops the \' of
    # \'O), braces only after (they keep {World Bank} one name).
    if decode is decode_latex and "\\" in raw:
        raw = decode_latex(raw, fallback=False, keep_braces=True)
    return tuple(decode(a) for a in split_authors(raw))


def _doi_from_url(fields: Mapping[str, str]) -> str:
    url = fields.get("url", "")
    return normalise_doi(url) if "doi.org/" in url else ""
