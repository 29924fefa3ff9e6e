"""Render: the gap report, annotated bibliographies and cleaned BibTeX, written to files.

Takes a comparison, themes or a corpus; gives HTML, Markdown, LaTeX, JSON, CSV and BibTeX
files, from Jinja2 templates a user can override one by one.
"""
