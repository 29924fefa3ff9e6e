"""Theme labels: a short readable phrase from each theme's ranked terms, all distinct.

Terms arrive as real words and phrases (never stems, see :mod:`socinno_lit.themes.stemming`).
A label prefers phrases ("social entrepreneurship"), never says a word twice, joins two
phrases that overlap by a word ("survey response" + "response rates"), and is lengthened
with further terms when two themes would otherwise share a label: a gap analysis that
lists two themes under one name is useless.

Example:
    >>> distinct_labels([["policy", "diffusion", "policy diffusion", "states"]])
    ('policy diffusion, states',)
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["chain", "distinct_labels", "make_label"]


def _covered(term: str, chosen: Sequence[str]) -> bool:
    """A term already said by the label: a word of a chosen phrase, or a phrase of chosen words."""
    words = set(term.split())
    return any(words <= set(c.split()) or set(c.split()) <= words for c in chosen)


def chain(first: str, second: str) -> str | None:
    """Join two phrases that overlap by a word ("survey response" + "response rates").

    Example:
        >>> chain("survey response", "response rates"), chain("policy innovation", "innovation policy")
        ('survey response rates', None)
    """
    a, b = first.split(), second.split()
    joined = None
    if a[-1] == b[0] and len(a) > 1 and len(b) > 1:
        joined = a + b[1:]
    elif b[-1] == a[0] and len(a) > 1 and len(b) > 1:
        joined = b + a[1:]
    # "policy innovation" + "innovation policy" would say "policy" twice: not a chain.
    return " ".join(joined) if joined and len(set(joined)) == len(joined) else None


def make_label(terms: Sequence[str], n_parts: int = 2) -> str:
    """A short label from ranked terms: phrases first, no word said twice.

    Example:
        >>> make_label(["social", "entrepreneurship", "social entrepreneurship", "enterprises"])
        'social entrepreneurship, enterprises'
        >>> make_label(["survey", "survey response", "response rates", "physicians"])
        'survey response rates, physicians'
    """
    head = list(terms[:8])
    rank = {t: i for i, t in enumerate(head)}
    chosen: list[str] = []
    for term in [t for t in head if " " in t] + [t for t in head if " " not in t]:
        joined = next(((i, j) for i, c in enumerate(chosen) if (j := chain(c, term))), None)
        if joined is not None:
            i, phrase = joined
            rank[phrase] = rank[chosen[i]]
            chosen[i] = phrase
        elif len(chosen) < n_parts and not _covered(term, chosen):
            chosen.append(term)
    chosen.sort(key=lambda t: rank[t])  # keep the terms' own rank order
    return ", ".join(chosen)


def distinct_labels(ranked: Sequence[Sequence[str]]) -> tuple[str, ...]:
    """A label per theme, lengthened with further terms until no two are equal.

    Example:
        >>> distinct_labels([["policy", "diffusion"], ["policy", "diffusion", "states"]])
        ('policy, diffusion', 'policy, diffusion, states')
    """
    labels: list[str] = []
    for t, terms in enumerate(ranked):
        parts = 2
        label = make_label(terms, parts) or f"theme {t}"
        while label in labels and parts < len(terms):
            parts += 1
            label = make_label(terms, parts)
        labels.append(label if label not in labels else f"{label} (theme {t})")
    return tuple(labels)
