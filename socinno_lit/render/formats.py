"""Which writer a corpus output file gets, by its suffix: ``.bib``, ``.ris``, ``.json``.

A small table, so that a new format is one line: the suffix, the module inside
``socinno_lit.render`` and the function there. Writers are imported only when chosen,
so that a command can check its output path before any work is done.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path

from ..corpus import Corpus
from ..errors import ConfigurationError

CorpusWriter = Callable[[Corpus, "str | os.PathLike[str]"], Path]

CORPUS_WRITERS: dict[str, tuple[str, str, str]] = {
    ".bib": ("bibwriter", "write_bibtex", "BibTeX"),
    ".ris": ("riswriter", "write_ris", "RIS"),
    ".json": ("csljson", "write_csl_json", "CSL-JSON"),
}


def corpus_writer(path: str | os.PathLike[str]) -> CorpusWriter:
    """The function that writes a corpus in the format ``path``'s suffix names.

    Raises:
        ConfigurationError: the suffix names no corpus format.

    Example:
        >>> corpus_writer("clean.RIS").__name__
        'write_ris'
        >>> corpus_writer("clean.docx")
        Traceback (most recent call last):
        ...
        socinno_lit.errors.ConfigurationError: clean.docx: cannot tell the format from its suffix; use .bib (BibTeX), .json (CSL-JSON), .ris (RIS)
    """
    suffix = Path(path).suffix.lower()
    if suffix not in CORPUS_WRITERS:
        known = ", ".join(f"{s} ({name})" for s, (_, _, name) in sorted(CORPUS_WRITERS.items()))
        raise ConfigurationError(f"{path}: cannot tell the format from its suffix; use {known}")
    module, function, _ = CORPUS_WRITERS[suffix]
    writer: CorpusWriter = getattr(importlib.import_module(f"{__package__}.{module}"), function)
    return writer
