"""socinno_lit: literature reviews that show where a national context is under-researched.

Load BibTeX, RIS, Web of Science, CSV and CSL-JSON exports or a Zotero library, clean and
deduplicate them, tell national research from international research, cluster the works
into themes, compare the two groups theme by theme and render a gap report and annotated bibliographies.

Example:
    >>> import socinno_lit as sl
    >>> corpus = sl.Corpus((sl.Record(key="a", title="Co-creation in Danish municipalities"),))
    >>> len(corpus)
    1
"""

from __future__ import annotations

from ._version import __version__
from .context.classify import classify, context_counts, evidence_table
from .context.contexts import Context, available_contexts, get_context
from .corpus import Corpus, deduplicate
from .enrich.fetch import fetch_works
from .enrich.works import enrich
from .errors import ConfigurationError, InputError, SocinnoLitError, StrictModeError
from .gaps.compare import Comparison, Thresholds, compare, resolvable_themes
from .gaps.terms import term_gaps
from .pipeline import Analysis, analyse
from .read.loading import load, load_corpus
from .read.zotero import load_zotero
from .records import Problem, Record, Source
from .render.bibliography import write_bibliography
from .render.bibwriter import write_bibtex
from .render.csljson import write_csl_json
from .render.report import write_report
from .render.riswriter import write_ris
from .themes.model import ThemeModel, Themes

__all__ = [
    "Analysis",
    "Comparison",
    "ConfigurationError",
    "Context",
    "Corpus",
    "InputError",
    "Problem",
    "Record",
    "SocinnoLitError",
    "Source",
    "StrictModeError",
    "ThemeModel",
    "Themes",
    "Thresholds",
    "__version__",
    "analyse",
    "available_contexts",
    "classify",
    "compare",
    "context_counts",
    "deduplicate",
    "enrich",
    "evidence_table",
    "fetch_works",
    "get_context",
    "load",
    "load_corpus",
    "load_zotero",
    "resolvable_themes",
    "term_gaps",
    "write_bibliography",
    "write_report",
    "write_ris",
    "write_bibtex",
    "write_csl_json",
]
