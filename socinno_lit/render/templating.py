"""Jinja2 templates: one environment per output format, user templates first.

*What* to print is in the templates; *how to escape it* is the format's business
(pybtex's backends): HTML is autoescaped, LaTeX and Markdown get escaping filters, and
LaTeX templates use delimiters that do not clash with LaTeX (``{#`` is valid LaTeX).

A user's folder (``template_dir=`` / ``--templates DIR``) is searched before the packaged
``templates/``, so one file can be overridden, or extend the default with
``{% extends "default/report.html.j2" %}``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..errors import ConfigurationError
from ..resources import packaged_folder
from ..views import number, p_equals, p_value, percent

FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".tex": "tex", ".json": "json",
           ".bib": "bib"}

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': "''",
    # Characters pdfLaTeX's utf8 input does not know without extra packages.
    "−": r"\ensuremath{-}", "∞": r"\ensuremath{\infty}", "…": r"\ldots{}", "—": "---", "–": "--",
    "“": "``", "”": "''", "’": "'", "‘": "`", "\u00a0": "~", "≤": r"\ensuremath{\leq}",
    "≥": r"\ensuremath{\geq}", "×": r"\texttimes{}", "α": r"\ensuremath{\alpha}",
    "β": r"\ensuremath{\beta}",
}
_LATEX_RE = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIAL))
# What would change a text's meaning in CommonMark/GFM (code, emphasis, links, HTML,
# table cells, strike-through), pandoc (math, citations, super/subscript, attributes)
# or Obsidian (tags, highlights, comments); parentheses, dots and plain punctuation
# stay as they are, so the Markdown reads well before it is rendered.
_MD_ALWAYS = r"[\\`*\[\]<>|$~^{}]"
_MD_CONTEXT = (
    r"(?<![^\W_])_|_(?![^\W_])"  # "_" that can open or close emphasis, not snake_case
    r"|(?<![^\W_])[@#]"  # a pandoc citation or an Obsidian tag starts a word
    r"|&(?=#?\w+;)"  # an entity reference
    r"|=(?==)|%(?=%)"  # Obsidian highlight and comment marks
)
_MD_SPECIAL = re.compile(f"({_MD_ALWAYS}|{_MD_CONTEXT})")
# Every match of _MD_SPECIAL starts a match of this pattern, which has no lookbehind: most
# texts have none ("&" alone, as in "Smith, J., & Berg, A.", is no match), and this search
# rules them out faster than the full pattern can.
_MD_CANDIDATE = re.compile(r"[\\`*\[\]<>|$~^{}_@#]|&(?=#?\w+;)|==|%%")
_MD_LINE_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=])(?=\s|$)")


def latex_escape(value: Any) -> str:
    """Escape text for LaTeX: every character with a meaning is made literal.

    ``\\input``, ``\\write18`` or ``\\catcode`` in a title come out as harmless text.

    Example:
        >>> latex_escape(r"R&D: 100% {\\bf x} \\input{/etc/passwd} ~ $5_2")
        'R\\\\&D: 100\\\\% \\\\{\\\\textbackslash{}bf x\\\\} \\\\textbackslash{}input\\\\{/etc/passwd\\\\} \\\\textasciitilde{} \\\\$5\\\\_2'
    """
    return _LATEX_RE.sub(lambda m: _LATEX_SPECIAL[m.group(0)], str(value))


def md_escape(value: Any) -> str:
    """Escape text for Markdown so that a title cannot break a table, a link or emphasis.

    Only what would change the meaning is escaped: a year in parentheses or a
    snake_case word stays as it is.

    Example:
        >>> print(md_escape("A | B *and* [C](x) <script> (2017) snake_case @key #tag"))
        A \\| B \\*and\\* \\[C\\](x) \\<script\\> (2017) snake_case \\@key \\#tag
        >>> print(md_escape("1. Not a list"))
        1\\. Not a list
    """
    text = " ".join(str(value).split())
    if _MD_CANDIDATE.search(text):
        text = _MD_SPECIAL.sub(r"\\\1", text)
    if text[:1].isdigit() or text[:1] in "-+=":  # what _MD_LINE_START can match ("" too, harmlessly)
        text = _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    return text


_FILTERS: dict[str, Callable[..., Any]] = {"number": number, "pvalue": p_value, "p_equals": p_equals,
                                            "percent": percent}


def _loader(template_dir: str | os.PathLike[str] | None) -> jinja2.BaseLoader:
    default = jinja2.FileSystemLoader(str(packaged_folder("templates")))
    if template_dir is None:
        return jinja2.ChoiceLoader([default, jinja2.PrefixLoader({"default": default})])
    folder = Path(template_dir)
    if not folder.is_dir():
        raise ConfigurationError(f"templates: {folder} is not a folder")
    return jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(folder)), default,
                                jinja2.PrefixLoader({"default": default})])


@lru_cache(maxsize=16)
def _environment(kind: str, template_dir: str | None) -> jinja2.Environment:
    options: dict[str, Any] = {"loader": _loader(template_dir), "undefined": jinja2.StrictUndefined,
                               "keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}
    if kind == "html":
        options["autoescape"] = True
    elif kind == "tex":
        options.update(block_start_string="((*", block_end_string="*))", variable_start_string="(((",
                       variable_end_string=")))", comment_start_string="((=", comment_end_string="=))",
                       line_comment_prefix="%%", finalize=_finalizer(latex_escape))
    elif kind == "md":
        options["finalize"] = _finalizer(md_escape)
    env = jinja2.Environment(**options)  # noqa: S701 - HTML autoescapes; others escape by finalize
    env.filters.update(_FILTERS)
    env.filters["tex"] = latex_escape
    env.filters["md"] = md_escape
    env.filters["raw"] = _raw(kind)
    return env


def _raw(kind: str) -> Callable[[Any], Any]:
    """Mark template-made markup (an SVG figure, a LaTeX command) as not to be escaped."""
    if kind == "html":
        return Markup
    return lambda value: _Raw(str(value))


class _Raw(str):
    """Text the finalize step leaves alone."""


def _finalizer(escape: Callable[[Any], str]) -> Callable[[Any], str]:
    """Escape every printed value except markup the template marked with ``|raw``."""
    return lambda value: value if isinstance(value, _Raw) else escape(value)


def environment(kind: str, template_dir: str | os.PathLike[str] | None = None) -> jinja2.Environment:
    """The Jinja2 environment for ``kind`` ("html", "md", "tex"), user folder first.

    Example:
        >>> environment("tex").variable_start_string
        '((('
    """
    return _environment(kind, None if template_dir is None else str(Path(template_dir).resolve()))


def format_of(path: str | os.PathLike[str], allowed: tuple[str, ...]) -> str:
    """The output format named by a file's suffix.

    Raises:
        ConfigurationError: the suffix names no format among ``allowed``.

    Example:
        >>> format_of("out/report.md", ("html", "md"))
        'md'
    """
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind not in allowed:
        suffixes = ", ".join(sorted(s for s, k in FORMATS.items() if k in allowed))
        raise ConfigurationError(f"{path}: cannot tell the format from its suffix; use one of {suffixes}")
    return kind


def render(template: str, kind: str, context: dict[str, Any], template_dir: str | os.PathLike[str] | None = None) -> str:
    """Render a packaged (or user) template with ``context``.

    Raises:
        ConfigurationError: the template is missing or has a syntax error.
    """
    try:
        return environment(kind, template_dir).get_template(template).render(**context)
    except jinja2.TemplateNotFound as err:
        raise ConfigurationError(f"template not found: {err.name}") from None
    except jinja2.TemplateSyntaxError as err:
        raise ConfigurationError(f"template {err.filename or err.name}, line {err.lineno}: {err.message}") from None
