"""Gaps: compare the focus group with the international literature, theme by theme.

Takes fitted themes of a classified corpus; gives a :class:`~socinno_lit.gaps.compare.Comparison`
with the statistics and verdict of every theme, and the terms the focus group lacks.
"""
