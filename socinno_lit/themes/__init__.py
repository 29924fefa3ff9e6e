"""Themes: cluster the records into themes by TF-IDF topic modelling.

Takes a classified corpus; gives :class:`~socinno_lit.themes.model.Themes` (labels, top
terms, record weights, dominant theme) from a fitted :class:`~socinno_lit.themes.model.ThemeModel`.
"""
