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

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ._version import __version__

# Each public name and the module it lives in. They are imported on first use (PEP 562),
# so that ``socinno-lit --version`` or ``inspect`` never pays for scikit-learn, pandas
# or scipy.
_HOMES = {
    "classify": ".context.classify", "context_counts": ".context.classify", "evidence_table": ".context.classify",
    "Context": ".context.contexts", "available_contexts": ".context.contexts", "get_context": ".context.contexts",
    "Corpus": ".corpus", "deduplicate": ".corpus",
    "fetch_works": ".enrich.fetch", "enrich": ".enrich.works",
    "ConfigurationError": ".errors", "InputError": ".errors", "SocinnoLitError": ".errors",
    "StrictModeError": ".errors",
    "Comparison": ".gaps.compare", "Thresholds": ".gaps.compare", "compare": ".gaps.compare",
    "resolvable_themes": ".gaps.compare",
    "term_gaps": ".gaps.terms",
    "Analysis": ".pipeline", "analyse": ".pipeline",
    "load": ".read.loading", "load_corpus": ".read.loading", "load_zotero": ".read.zotero",
    "Problem": ".records", "Record": ".records", "Source": ".records",
    "write_bibliography": ".render.bibliography", "write_bibtex": ".render.bibwriter",
    "write_csl_json": ".render.csljson", "write_report": ".render.report", "write_ris": ".render.riswriter",
    "ThemeModel": ".themes.model", "Themes": ".themes.model",
}

if TYPE_CHECKING:  # what type checkers and editors see; nothing is imported at run time
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


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use, then keep the name here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(ModuleType):
    """This package, whose public names win over sub-packages of the same name.

    Importing ``socinno_lit.enrich.works`` sets the attribute ``enrich`` of this package
    to the sub-package; ``sl.enrich`` stays the function (the sub-package is still
    imported as usual, through ``sys.modules``).
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _HOMES and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


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
