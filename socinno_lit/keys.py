"""Unique citation keys: real exports repeat keys (``Smith2019``) and leave some empty."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .records import Problem, Source

_UNSAFE = re.compile(r"[^\w:.+-]+", re.UNICODE)


def fallback_key(title: str, year: int | None, authors: tuple[str, ...]) -> str:
    """A readable key for an entry that has none: surname, year and first title word.

    Example:
        >>> fallback_key("Public service innovation", 2019, ("Sørensen, Eva",))
        'Sørensen2019public'
    """
    surname = authors[0].split(",", 1)[0] if authors else "anon"
    word = next((w for w in re.findall(r"\w+", title.lower()) if len(w) > 3), "")
    key = _UNSAFE.sub("", f"{surname}{year or ''}{word}")
    return key or "entry"


class KeyRegistry:
    """Hands out unique keys; a repeated key becomes ``key-2``, ``key-3`` ... with a warning.

    Example:
        >>> reg = KeyRegistry()
        >>> reg.claim("Smith2019", Source("a.bib", 1))[0]
        'Smith2019'
        >>> reg.claim("Smith2019", Source("a.bib", 9))[0]
        'Smith2019-2'
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(taken)
        # The next suffix to try per base key: every suffix below it is taken, so a file
        # with thousands of entries under one key costs no more than distinct keys.
        self._next: dict[str, int] = {}

    def claim(self, key: str, source: Source, *, empty_hint: str = "entry",
              generated: bool = False) -> tuple[str, Problem | None]:
        """Reserve ``key`` (or a disambiguated variant) and say what was changed.

        A ``generated`` key (made by the library for a format without keys) is made
        unique without a warning: the user never wrote it.
        """
        if generated:
            return self._free(key), None
        if not key.strip():
            new = self._free(empty_hint)
            return new, Problem(
                source.file, source.line, new, "empty-key", "warning",
                f"entry has no citation key; it was given the key '{new}'",
            )
        if key not in self._taken:
            self._taken.add(key)
            return key, None
        new = self._free(key)
        return new, Problem(
            source.file, source.line, new, "duplicate-key", "warning",
            f"key '{key}' is used by an earlier entry; this entry was kept as '{new}'",
        )

    def _free(self, base: str) -> str:
        if base not in self._taken:
            self._taken.add(base)
            return base
        n = self._next.get(base, 2)
        while f"{base}-{n}" in self._taken:
            n += 1
        self._next[base] = n + 1
        self._taken.add(f"{base}-{n}")
        return f"{base}-{n}"
