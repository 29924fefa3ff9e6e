"""Author lists: split a BibTeX ``author`` value into ``"Last, First"`` names."""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

_AND = re.compile(r"\s+and\s+", re.I)
# Mendeley writes empty name parts: "and and Ringson, John and". Only the separators
# at either end go; an "and" inside braces or between names stays for the parser.
_STRAY_AND = re.compile(r"^(?:\s*and\b)+\s*|(?:\s+and)+\s*$", re.I)


def split_authors(value: str) -> tuple[str, ...]:
    """Split an author field on ``and`` (outside braces) into ``"von Last, Jr, First"`` names.

    Empty name parts (Mendeley writes ``and and``) are dropped; a name that cannot be
    parsed is kept as written.

    Example:
        >>> split_authors("S{\\\\o}rensen, Eva and Jacob Torfing and {World Bank}")
        ('S{\\\\o}rensen, Eva', 'Torfing, Jacob', '{World Bank}')
        >>> split_authors("van der Berg, Jan and and ")
        ('van der Berg, Jan',)
        >>> split_authors("and and Ringson, John and Lee, Ann and")
        ('Ringson, John', 'Lee, Ann')
        >>> split_authors("Liu R. and Adler D.G. and J. Smith")
        ('Liu, R.', 'Adler, D.G.', 'Smith, J.')
    """
    value = _STRAY_AND.sub("", value)
    if not value.strip():
        return ()
    try:
        persons = split_multiple_persons_names(value)
    except Exception:  # noqa: BLE001 - malformed braces: fall back to a plain split
        persons = _AND.split(value)
    names = (_format(p.strip()) for p in persons if p.strip(" ,") and p.strip(" ,").lower() != "and")
    return tuple(_without_affiliation_letters(n) for n in names if n)


# Old-layout Scopus BibTeX glues the letters of each author's affiliations to the
# initials: "Iorio, C.a", "Ackermann, E.a b", "Grimaldi, G.M.f". The first letter is
# glued to the last full stop, which a particle ("Silva, J. da") never is.
_AFFILIATION_LETTERS = re.compile(r"(?<=, )((?:[A-Z][a-z]?\.-?)+)[a-z]{1,2}(?:\s+[a-z]{1,2})*$")


def _without_affiliation_letters(name: str) -> str:
    """A name without the affiliation letters old Scopus exports put after the initials.

    Example:
        >>> _without_affiliation_letters("Ackermann, E.a b"), _without_affiliation_letters("Silva, J. da")
        ('Ackermann, E.', 'Silva, J. da')
    """
    if not name[-1:].islower():
        return name  # nearly every name: no regular expression needed
    return _AFFILIATION_LETTERS.sub(r"\1", name)


_SIMPLE_NAME = re.compile(r"[^{}\\,]+,[^{}\\,]+")


# "Liu R.", "Adler D.G." (Embase, Scopus): the surname first, initials after, no comma.
# A family name never ends in an initial's full stop, so the order is certain.
_SURNAME_THEN_INITIALS = re.compile(r"([^\s,{}\\.][^,{}\\]*?[^\s,{}\\.])\s+((?:[A-Z][a-z]?\.(?:\s|-)?)+)")


def _format(name: str) -> str:
    inverted = _SURNAME_THEN_INITIALS.fullmatch(name) if name.endswith(".") else None
    if inverted:
        return f"{' '.join(inverted.group(1).split())}, {inverted.group(2).strip()}"
    if _SIMPLE_NAME.fullmatch(name) and not name[:1].islower():
        # "Last, First" with no braces or commands: already in the form we return.
        last, first = name.split(",")
        return f"{' '.join(last.split())}, {' '.join(first.split())}"
    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except (InvalidNameError, Exception):  # noqa: BLE001 - keep a name we cannot parse
        return name
    last = " ".join(parts.von + parts.last)
    first = " ".join(parts.first)
    jr = " ".join(parts.jr)
    if not last:
        return first
    return ", ".join(p for p in (last, jr, first) if p)
