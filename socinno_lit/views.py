"""HTML views for notebooks: what Jupyter shows for a Corpus, Themes or a Comparison.

Jupyter displays an object through its ``_repr_html_``. These views are rendered from
the report's own templates: ``templates/notebook/*.html.j2`` include the partials in
``templates/partials/`` (the theme table with its verdict colours, the stylesheet) that
``report.html.j2`` includes too, so a notebook and a report cannot disagree about a
figure or a colour. HTML is autoescaped: a hostile title stays text.

Why here: :class:`~socinno_lit.corpus.Corpus` and :class:`~socinno_lit.themes.model.Themes`
sit below ``render/`` in the layers and may not import it, not even lazily inside a
method. This module needs only Jinja2 and the packaged templates (through
:mod:`socinno_lit.resources`), so it sits at the bottom, and every layer above can call
it. The views take their objects as they come (duck typing) and import none of them.
The number formats of the tables live here for the same reason; ``render/`` uses them too.
The views always use the packaged templates: a user's template folder (``--templates``)
restyles the report files only.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import Any

import jinja2

from .resources import packaged_folder

MAX_PROBLEMS_SHOWN = 20


def number(value: Any, digits: int = 2) -> str:
    """A number for tables: fixed digits, "—" for a missing value, "∞" for infinity.

    Example:
        >>> number(0.12345), number(float("nan")), number(3.0, 0), number(None)
        ('0.12', '—', '3', '—')
    """
    if value is None:
        return "—"
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if x != x:
        return "—"
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}f}"


def p_value(value: Any) -> str:
    """A p or q value as people write it: ``< 0.001`` below a thousandth.

    Example:
        >>> p_value(0.0004), p_value(0.0312), p_value(None)
        ('< 0.001', '0.031', '—')
    """
    x = float("nan") if value is None else float(value)
    if x != x:
        return "—"
    return "< 0.001" if x < 0.001 else f"{x:.3f}"


def p_equals(value: Any) -> str:
    """A p or q value after its symbol: ``= 0.031``, or ``< 0.001`` below a thousandth.

    Example:
        >>> "q " + p_equals(0.0312), "q " + p_equals(0.0004)
        ('q = 0.031', 'q < 0.001')
    """
    text = p_value(value)
    return text if text.startswith("<") else f"= {text}"


def percent(value: Any, digits: int = 1) -> str:
    """A share as a percentage, "—" when it is missing (a group without records).

    Example:
        >>> percent(0.1234), percent(None)
        ('12.3%', '—')
    """
    return "—" if value is None else number(float(value) * 100, digits) + "%"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # The options of the report's HTML environment (render/templating.py), so that the
    # shared partials render alike in both.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(packaged_folder("templates"))), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters.update(number=number, pvalue=p_value, p_equals=p_equals, percent=percent)
    return env


def render_view(name: str, **context: Any) -> str:
    """Render the notebook template ``templates/notebook/<name>.html.j2``.

    Example:
        >>> "socinno" in render_view("themes", themes=[], n_records=0, selection="", fallback=0)
        True
    """
    return _environment().get_template(f"notebook/{name}.html.j2").render(**context)


def corpus_html(corpus: Any) -> str:
    """A corpus as HTML: records per file and context, problems by kind and the first few.

    Example:
        >>> from socinno_lit.corpus import Corpus
        >>> from socinno_lit.records import Record, Source
        >>> html = corpus_html(Corpus((Record(key="a", context="denmark", source=Source("<b>.bib", 1)),)))
        >>> "&lt;b&gt;.bib" in html and "<b>" not in html
        True
    """
    contexts = sorted({r.context or "unclassified" for r in corpus})
    per_file: dict[str, Counter[str]] = {}
    for record in corpus:
        per_file.setdefault(record.source.file, Counter())[record.context or "unclassified"] += 1
    kinds = Counter((p.severity, p.code) for p in corpus.problems)
    return render_view("corpus", n_records=len(corpus), contexts=contexts,
                       files=[(file, counts, sum(counts.values())) for file, counts in per_file.items()],
                       totals=Counter(r.context or "unclassified" for r in corpus), merged=len(corpus.merged),
                       kinds=sorted(kinds.items(), key=lambda item: (-item[1], item[0])),
                       problems=corpus.problems[:MAX_PROBLEMS_SHOWN], n_problems=len(corpus.problems))


def themes_html(themes: Any, n_terms: int = 8) -> str:
    """Themes as HTML: label, size, share and top terms of each.

    Example:
        >>> import numpy as np
        >>> from socinno_lit.corpus import Corpus
        >>> from socinno_lit.records import Record
        >>> from socinno_lit.themes.model import Themes
        >>> t = Themes(Corpus((Record(key="a"),)), ("<i>policy</i>",), np.ones((1, 1)), np.zeros(1, int),
        ...            ((("policy", 1.0),),))
        >>> "&lt;i&gt;policy&lt;/i&gt;" in themes_html(t)
        True
    """
    sizes = [int(n) for n in themes.sizes]
    total = max(1, len(themes.dominant))
    rows = [{"theme": t, "label": label, "size": sizes[t], "share": sizes[t] / total,
             "terms": themes.top_terms(t, n_terms)} for t, label in enumerate(themes.labels)]
    selection = themes.selection.explain() if getattr(themes, "selection", None) is not None else ""
    fallback = int(themes.fallback.sum()) if len(themes.fallback) else 0
    return render_view("themes", themes=rows, n_records=len(themes.dominant), selection=selection, fallback=fallback)


def comparison_html(comparison: Any, adjective: str, n_terms: int = 6) -> str:
    """A comparison as HTML: the report's theme table, verdicts coloured as in the report.

    Example:
        >>> from socinno_lit.gaps.compare import _toy_themes, compare
        >>> 'class="under-researched"' in comparison_html(compare(_toy_themes()), "Danish")
        True
    """
    terms = [comparison.themes.top_terms(row.theme, n_terms) for row in comparison.rows]
    verdicts = {verdict: n for verdict, n in comparison.verdicts().items() if n}
    within = [(gap, comparison.rows[comparison.parent(gap.theme)].label)
              for gap in getattr(comparison, "subtheme_gaps", list)()]
    return render_view("comparison", rows=comparison.rows, terms=terms, adjective=adjective,
                       n_focus=comparison.n_focus, n_reference=comparison.n_reference, verdicts=verdicts,
                       alpha=comparison.thresholds.alpha, definitions=comparison.definitions(), within=within)
