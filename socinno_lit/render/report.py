"""The gap report: what was analysed, where the focus research is thin, and the evidence.

:func:`report_data` gathers everything a report shows into plain data (the JSON report
is exactly that); :func:`write_report` renders it through the template of the format
the suffix names (.html, .md, .tex, .json).
"""

from __future__ import annotations

import json
import math
import os
import textwrap
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scipy import stats as sps

from .._version import __version__
from ..context.contexts import focus_names
from ..corpus import Corpus
from ..files import atomic_write_text
from ..gaps.compare import Comparison, ThemeRow
from ..gaps.coverage import MIN_COVERAGE
from ..gaps.definitions import COLUMN_DEFINITIONS
from ..gaps.terms import term_gaps
from ..records import Record
from ..terminal import fit_table
from ..themes.features import record_language
from ..themes.languages import language_dominance, language_note
from .figures import Figure, selection_chart, share_chart, year_chart
from .method import repeats, themes_text
from .templating import format_of, render

REPORT_FORMATS = ("html", "md", "tex", "json")
# Each rule's reasons start with one of these (see context.classify), the most specific first.
EVIDENCE_KINDS = {"override": "override", "affiliation": "affiliation", "language": "language",
                  "title mention": "title mention", "keywords mention": "keywords mention",
                  "abstract mention": "abstract mention",
                  "venue": "venue"}


def evidence_kind(reason: str) -> str:
    """The name of the rule a classification reason comes from, as the report tallies it.

    Example:
        >>> evidence_kind('keywords mention: "Denmark"'), evidence_kind('affiliation (first): "Aarhus"')
        ('keywords mention', 'affiliation')
    """
    head = reason.split(":", 1)[0].strip().lower()
    return next((name for prefix, name in EVIDENCE_KINDS.items() if head.startswith(prefix)), head or "other")


def short_reference(record: Record) -> str:
    """Author (year). Title. Venue. - for the works a reader should start with.

    Example:
        >>> short_reference(Record(key="a", authors=("Sørensen, Eva", "Torfing, Jacob"), year=2016,
        ...                        title="Co-creation", venue="Administration & Society"))
        'Sørensen & Torfing (2016). Co-creation. Administration & Society.'
    """
    surnames = [a.split(",")[0].strip() for a in record.authors]
    if len(surnames) > 2:
        who = f"{surnames[0]} et al."
    else:
        who = " & ".join(surnames) or "Anonymous"
    parts = [f"{who} ({record.year or 'n.d.'}).", record.title.rstrip(".") + "."]
    if record.venue:
        parts.append(record.venue.rstrip(".") + ".")
    return " ".join(parts)


def _share_interval(n: float, total: int) -> tuple[float, float, float]:
    if total <= 0:
        return (math.nan, math.nan, math.nan)
    k = int(round(n))
    ci = sps.binomtest(k, total).proportion_ci(method="exact") if total else None
    return (n / total, float(ci.low), float(ci.high)) if ci else (n / total, math.nan, math.nan)


def _language_notes(themes: Any) -> tuple[str, ...]:
    """Per theme, the warning that it is mostly one language other than the corpus's main one."""
    features = getattr(themes, "features", None)
    languages = (features.languages if features is not None and len(features.languages) == len(themes.dominant)
                 else tuple(record_language(r) for r in themes.corpus))
    found = language_dominance(languages, themes.dominant, len(themes.labels))
    return tuple(language_note(f) for f in found)


def _row_data(row: ThemeRow, comparison: Comparison, n_terms: int, language: str = "") -> dict[str, Any]:
    detail = comparison.detail(row.theme)
    themes = comparison.themes
    # JSON has no NaN or infinity: a missing figure, or a claim no unknown record could overturn, is null.
    data = {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in row.__dict__.items()}
    data.update(
        top_terms=list(themes.top_terms(row.theme, n_terms)),
        terms=[term for term, _ in detail.terms],
        reference_works=[short_reference(r) for r in detail.reference_works],
        focus_works=[short_reference(r) for r in detail.focus_works],
        n_focus_works=len(detail.focus_works),
        years=[list(y) for y in detail.years],
        language_note=language,  # "" unless the theme may be an artefact of language
        language_artefact=bool(language),
        repeats=repeats(row.stability, comparison.thresholds.bootstrap, row.refit_agreement, comparison.n_refits),
    )
    return data


def _analysed(corpus: Corpus, focus: str) -> dict[str, Any]:
    codes = Counter(p.code for p in corpus.problems)
    severities = Counter(p.severity for p in corpus.problems)
    evidence = Counter()
    for record in corpus:
        kinds = {evidence_kind(e) for e in record.evidence}
        if record.context == focus:
            evidence.update(kinds or {"none"})
    return {
        "files": [Path(f).name for f in corpus.files] or ["(records given in memory)"],
        "n_records": len(corpus),
        "problems": dict(sorted(codes.items())),
        "errors": [str(p) for p in corpus.problems if p.severity == "error"][:50],
        "n_errors": severities.get("error", 0),
        "n_warnings": severities.get("warning", 0),
        "duplicates_merged": sum(len(v) for v in corpus.merged.values()),
        "contexts": dict(Counter(r.context or "unclassified" for r in corpus).most_common()),
        "focus_evidence": dict(evidence.most_common()),
    }


def _finer(themes: Any, n_terms: int) -> list[dict[str, Any]]:
    """The finer themes shown for description only (no verdicts), when the number was capped."""
    finer = getattr(themes, "finer", None)
    if finer is None:
        return []
    sizes = finer.sizes.tolist()
    return [{"label": label, "size": int(sizes[t]), "top_terms": list(finer.top_terms(t, n_terms))}
            for t, label in enumerate(finer.labels)]


def _fit_on(themes: Any, comparison: Comparison, adjective: str) -> dict[str, str]:
    """Which records the themes were found in, and what that means for the comparison."""
    value = getattr(themes, "fit_on", "all")
    if value == "reference":
        explain = (f"The themes were found in the {comparison.n_reference} reference records only; the {adjective} "
                   "and unclassified records were placed in them afterwards, so no " + adjective +
                   " record shaped a theme (fit on reference).")
    else:
        # The measured reason for the default (benchmarks/README.md, "Calibration").
        explain = (f"The themes were found in every record, the {adjective} ones included (fit on all). On "
                   "simulated focus groups in real exports of five fields, fitting on the reference records only "
                   "found a planted gap about as often (25 against 24 of 30 runs) and made as few false claims "
                   "(1 of 60 random focus groups either way), so every record is used by default.")
    return {"value": value, "explain": explain}


def _selection(themes: Any, n_themes: int) -> dict[str, Any] | None:
    selection = getattr(themes, "selection", None)
    if selection is None:
        return None
    return {"candidates": list(selection.candidates), "scores": [round(s, 4) for s in selection.scores],
            "chosen": selection.chosen, "criterion": "topic stability" if selection.measured else "none",
            "measured": selection.measured, "explain": themes_text(themes, n_themes)}


def report_data(comparison: Comparison, *, n_terms: int = 8, n_term_gaps: int = 15) -> dict[str, Any]:
    """Everything the report shows, as plain data (the content of the JSON report).

    Example:
        >>> from socinno_lit.gaps.compare import compare, _toy_themes
        >>> data = report_data(compare(_toy_themes()))
        >>> [g["label"] for g in data["gaps"]], data["focus"]["adjective"]
        (['crowdfunding'], 'Danish')
    """
    themes = comparison.themes
    corpus: Corpus = themes.corpus
    country, adjective = focus_names(comparison.focus)
    notes = _language_notes(themes)
    rows = [_row_data(row, comparison, n_terms, notes[row.theme]) for row in comparison.rows]
    gap_order = [row.theme for row in comparison.gaps()]
    gaps = term_gaps(corpus, comparison.focus, n=n_term_gaps, counts=comparison.term_counts)
    return {
        "tool": f"socinno_lit {__version__}",
        "focus": {"context": comparison.focus, "country": country, "adjective": adjective,
                  "n_records": comparison.n_focus},
        "reference": {"context": comparison.reference or "international", "n_records": comparison.n_reference},
        "coverage": _coverage(comparison),
        "warnings": list(comparison.warnings),
        "counting": comparison.counting,
        "thresholds": comparison.thresholds.__dict__,
        "analysed": _analysed(corpus, comparison.focus),
        "method": getattr(themes, "method", ""),
        "fit_on": _fit_on(themes, comparison, adjective),
        "n_themes": len(comparison.rows),
        "themes_text": themes_text(themes, len(comparison.rows)),
        "selection": _selection(themes, len(comparison.rows)),
        "n_refits": comparison.n_refits,
        "definitions": comparison.definitions(),
        "columns": COLUMN_DEFINITIONS,
        "finer_themes": _finer(themes, n_terms),
        "subthemes": _subthemes(comparison, n_terms),
        "verdicts": comparison.verdicts(),
        "gaps": [rows[t] for t in gap_order],
        "themes": rows,
        "term_gaps": gaps.to_dict(orient="records"),
    }


def _subthemes(comparison: Comparison, n_terms: int) -> dict[str, Any] | None:
    """The sub-themes tested as a second family: every row, its gaps and over-representations first."""
    sub = comparison.subthemes
    if sub is None:
        return None

    def row(r: ThemeRow) -> dict[str, Any]:
        parent = comparison.parent(r.theme)
        return {**_row_data(r, sub, n_terms), "parent": parent, "parent_label": comparison.rows[parent].label,
                "parent_verdict": comparison.rows[parent].verdict}

    rows = [row(r) for r in sub.rows]
    over = sorted((r for r in sub.rows if r.verdict == "over-represented"), key=lambda r: (not r.robust, r.p_value))
    return {"n_tested": len(rows), "explain": comparison.definitions()["subthemes"],
            "gaps": [rows[r.theme] for r in sub.gaps()], "over": [rows[r.theme] for r in over], "rows": rows}


def _coverage(comparison: Comparison) -> dict[str, Any]:
    """How many records have a known context, and what the claims would need to change."""
    share = comparison.coverage
    return {
        "share": None if math.isnan(share) else round(share, 4),
        "n_known": comparison.n_focus + comparison.n_reference,
        "n_unknown": comparison.n_unknown,
        "low": bool(comparison.n_unknown) and share < MIN_COVERAGE,
        "minimum": MIN_COVERAGE,
        "n_provisional": sum(1 for r in comparison.rows if r.claim and not r.robust),
        "explain": ("Coverage is the share of records whose context is known. A claim's fragility is how many "
                    "of its theme's unclassified records would have to belong to the group it says is missing "
                    "to overturn it; the claim is provisional when that many is within what the classified "
                    "records predict (the upper end of a 97.5% binomial range)."),
    }


def report_figures(data: dict[str, Any]) -> dict[str, Any]:
    """The report's figures, drawn from its data (see :mod:`socinno_lit.render.figures`)."""
    rows, focus = data["themes"], data["focus"]
    n_focus, n_reference = focus["n_records"], data["reference"]["n_records"]
    shares = share_chart([r["label"] for r in rows],
                         [_share_interval(r["n_focus"], n_focus) for r in rows],
                         [_share_interval(r["n_reference"], n_reference) for r in rows],
                         focus["adjective"])
    years = [y for r in rows for y, _, _ in r["years"]]
    by_year: list[Figure] = []
    if years:
        first, last = min(years), max(years)
        by_year = [year_chart(r["label"], [tuple(y) for y in r["years"]], first, last, focus["adjective"])
                   for r in rows]
    selection = data["selection"]
    # A curve of one unmeasured point would draw a score that was never measured.
    curve = (selection_chart(selection["candidates"], selection["scores"], selection["chosen"],
                             selection["criterion"]) if selection and selection["measured"] else None)
    return {"shares": shares, "years": by_year, "selection": curve}


def write_report(comparison: Comparison, path: str | os.PathLike[str], *,
                 template_dir: str | os.PathLike[str] | None = None) -> Path:
    """Write the gap report; the suffix picks the format (.html, .md, .tex, .json).

    The HTML report is one self-contained file (inline SVG figures, no scripts, no
    fetches); the LaTeX report draws the same figures in TikZ. Written atomically.

    Args:
        comparison: the result of :func:`socinno_lit.compare`.
        path: where to write.
        template_dir: a folder searched for templates before the packaged ones.

    Raises:
        ConfigurationError: the suffix names no report format, or a template is broken.

    Example:
        >>> import tempfile
        >>> from socinno_lit.gaps.compare import compare, _toy_themes
        >>> out = write_report(compare(_toy_themes()), Path(tempfile.mkdtemp()) / "gaps.md")
        >>> "crowdfunding" in out.read_text()
        True
    """
    kind = format_of(path, REPORT_FORMATS)
    data = report_data(comparison)
    if kind == "json":
        text = json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable, allow_nan=False) + "\n"
    else:
        text = render(f"report.{kind}.j2", kind, {**data, "figures": report_figures(data)}, template_dir)
    return atomic_write_text(path, text)


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def gap_table(comparison: Comparison, *, width: int | None = None) -> str:
    """The gap table as plain text, no wider than ``width`` when one is given, with what
    q and its two repeat columns mean (bootstrap stability, refit agreement) below it.

    Example:
        >>> from socinno_lit.gaps.compare import compare, _toy_themes
        >>> print(gap_table(compare(_toy_themes()), width=120).splitlines()[0])
        theme  label         focus  ref  unkn.  expected  AI    95% CI     q      boot.  refit  verdict
    """
    header = ["theme", "label", "focus", "ref", "unkn.", "expected", "AI", "95% CI", "q", "boot.", "refit", "verdict"]
    n_refits = comparison.n_refits
    rows = []
    for r in comparison.rows:
        q = "<0.001" if r.q_value < 0.001 else f"{r.q_value:.3f}"
        stability = "-" if math.isnan(r.stability) else f"{r.stability:.2f}"
        refits = "-" if math.isnan(r.refit_agreement) else f"{round(r.refit_agreement * n_refits)}/{n_refits}"
        verdict = f"{r.verdict} (provisional)" if r.claim and not r.robust else r.verdict
        rows.append([str(r.theme), r.label, f"{r.n_focus:.0f}", f"{r.n_reference:.0f}", f"{r.n_unknown:.0f}",
                     f"{r.expected_focus:.1f}", f"{r.activity_index:.2f}", f"{r.ai_low:.2f}-{r.ai_high:.2f}", q,
                     stability, refits, verdict])
    table = fit_table(header, rows, align="<<>>>><<<<<<", flexible=[1], droppable=[10, 9, 7, 5, 3, 4, 6],
                      width=width, minimum=16)
    meaning = comparison.definitions()
    legend = [f"q = the score test's p that the activity index is 1, adjusted by Benjamini–Hochberg across the "
              f"themes; a claim needs q below {comparison.thresholds.alpha} and a 95% CI that excludes 1.",
              f"boot. = {meaning['stability']}", f"refit = {meaning['refit_agreement']}"]
    if width:
        legend = [line for text in legend for line in textwrap.wrap(text, width, subsequent_indent="  ")]
    return "\n".join([*table, *legend, *(f"Note: {w}" for w in comparison.warnings)])


def column_definitions(comparison: Comparison, frame: Any) -> str:
    """A CSV of ``column,definition`` for the columns of ``frame`` (the gap table's files).

    Example:
        >>> from socinno_lit.gaps.compare import compare, _toy_themes
        >>> c = compare(_toy_themes())
        >>> column_definitions(c, c.to_frame()).splitlines()[1]
        "theme,the theme's index"
    """
    import csv
    import io

    meaning = {**COLUMN_DEFINITIONS, **comparison.definitions()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["column", "definition"])
    writer.writerows([column, meaning.get(column, "")] for column in frame.columns)
    return out.getvalue()


def summarise_problems(corpus: Corpus) -> Sequence[str]:
    """One line per problem code with its count, errors first."""
    counts = Counter((p.severity, p.code) for p in corpus.problems)
    order = {"error": 0, "warning": 1, "info": 2}
    return [f"{n} {severity} {code}" for (severity, code), n in sorted(counts.items(), key=lambda x: order[x[0][0]])]
