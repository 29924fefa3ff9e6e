"""Plain-text tables that fit the terminal: long cells end in an ellipsis, never mid-air.

Text goes to its full width into files and pipes, where nothing wraps it; only a
terminal (or an explicit ``COLUMNS``) sets a width to fit.

Hand-written because the tables are small and plain: a table library would bring box
drawing and colour this output does not want, and the fitting rule is a few lines.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from typing import IO

ELLIPSIS = "…"
_TRAILING = " ,;:-/"


def terminal_width(stream: IO[str]) -> int | None:
    """The width to fit text written to ``stream``: ``COLUMNS`` when set, the terminal's
    width when ``stream`` is a terminal, None (no limit) for a file or a pipe.

    Example:
        >>> import io
        >>> terminal_width(io.StringIO()) is None or "COLUMNS" in os.environ
        True
    """
    if os.environ.get("COLUMNS", "").strip().isdigit():
        return shutil.get_terminal_size().columns
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return shutil.get_terminal_size().columns if interactive else None


def ellipsize(text: str, width: int | None) -> str:
    """``text`` cut to ``width`` characters with an ellipsis, at a word end where one is near.

    Example:
        >>> ellipsize("social innovation in municipalities", 20)
        'social innovation…'
        >>> ellipsize("crowdfunding", 8), ellipsize("short", 8)
        ('crowdfu…', 'short')
    """
    if width is None or len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if space >= width // 2:
        cut = cut[:space]
    return cut.rstrip(_TRAILING) + ELLIPSIS


def fit_table(header: Sequence[str], rows: Sequence[Sequence[str]], *, align: str,
              flexible: Sequence[int] = (), droppable: Sequence[int] = (), width: int | None = None,
              minimum: int = 8) -> list[str]:
    """Lines of a table no wider than ``width`` (any width when None).

    Columns are two spaces apart. When the table is too wide, the ``flexible`` columns
    shrink in the order given, each down to ``minimum`` characters, their cells
    ellipsized; then the ``droppable`` columns are left out in the order given; a table
    that still does not fit has its lines ellipsized.

    Args:
        header: the column names.
        rows: the cells, as text.
        align: one character per column, ``<`` (left) or ``>`` (right).
        flexible: indices of the columns that may shrink, first to shrink first.
        droppable: indices of the columns that may be left out, first to go first.
        width: the width to fit; no limit when None.
        minimum: the narrowest a flexible column becomes.

    Example:
        >>> for line in fit_table(["#", "label", "n"], [["0", "social innovation in cities", "12"]],
        ...                       align="><>", flexible=[1], width=25):
        ...     print(line)
        #  label                n
        0  social innovation…  12
        >>> fit_table(["#", "label", "n"], [["0", "social innovation", "12"]], align="><>", droppable=[0], width=21)
        ['label               n', 'social innovation  12']
    """
    table = [list(header), *(list(r) for r in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    excess = 0 if width is None else sum(widths) + 2 * (len(widths) - 1) - width
    for column in flexible:
        cut = min(max(excess, 0), max(widths[column] - minimum, 0))
        widths[column] -= cut
        excess -= cut
    kept = list(range(len(header)))
    for column in droppable:
        if excess > 0:
            kept.remove(column)
            excess -= widths[column] + 2
    lines = []
    for row in table:
        cells = [f"{ellipsize(row[i], widths[i]):{align[i]}{widths[i]}}" for i in kept]
        lines.append(ellipsize("  ".join(cells).rstrip(), width))
    return lines
