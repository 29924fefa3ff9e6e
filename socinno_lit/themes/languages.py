"""Themes that are one language: a warning that a theme may be an artefact of language.

Records in Danish, Norwegian or Swedish share features with English records on their
subject through :func:`socinno_lit.themes.stemming.nordic_terms`, but a theme can still
gather the records of one language rather than of one subject (their function words are
dropped; their content words are not all in any dictionary). A gap verdict on such a
theme says more about the language of publication than about the research, so a report
says so beside it.

Example:
    >>> language_dominance(["da", "da", "da", "da", "en", "en", "en", "en", "en"], [1, 1, 1, 1, 0, 0, 0, 0, 1], 2)
    (None, ('da', 0.8))
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

__all__ = ["DOMINANT_SHARE", "MIN_RECORDS", "language_dominance", "language_note"]

DOMINANT_SHARE = 0.8
"""A theme is flagged when at least this share of its records is in one other language."""
MIN_RECORDS = 3
"""Smaller themes are not flagged: two records in one language say nothing."""


def language_dominance(
    languages: Sequence[str], dominant: Sequence[int], n_themes: int
) -> tuple[tuple[str, float] | None, ...]:
    """Per theme, (language, share) when a language other than the corpus's main one
    holds at least :data:`DOMINANT_SHARE` of its records, else None.

    Args:
        languages: a language code per record (``""`` when unknown: never flagged).
        dominant: the dominant theme of each record.
        n_themes: the number of themes.

    Example:
        >>> language_dominance(["en", "en", "no"], [0, 0, 1], 2)
        (None, None)
    """
    known = [code for code in languages if code]
    main = Counter(known).most_common(1)[0][0] if known else ""
    per_theme: list[Counter[str]] = [Counter() for _ in range(n_themes)]
    for code, theme in zip(languages, dominant):
        per_theme[int(theme)][code] += 1
    out: list[tuple[str, float] | None] = []
    for counts in per_theme:
        total = sum(counts.values())
        code, n = counts.most_common(1)[0] if counts else ("", 0)
        flagged = code and code != main and total >= MIN_RECORDS and n / total >= DOMINANT_SHARE
        out.append((code, round(n / total, 4)) if flagged else None)
    return tuple(out)


def language_note(found: tuple[str, float] | None) -> str:
    """The sentence a report prints beside a theme that is mostly one other language.

    Example:
        >>> language_note(("no", 0.92))
        '92% of its records are in Norwegian: its verdict may be an artefact of language, not of subject'
        >>> language_note(None)
        ''
    """
    if found is None:
        return ""
    from ..context.language import language_name

    code, share = found
    return (f"{share:.0%} of its records are in {language_name(code)}: its verdict may be an artefact"
            " of language, not of subject")
