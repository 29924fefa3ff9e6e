"""Figures drawn once, written twice: inline SVG for HTML, TikZ for LaTeX.

A figure is a list of shapes in a plain coordinate system (points, y downwards); the
backends only translate. No plotting library is needed, nothing is fetched, and the
HTML report stays one self-contained file that prints well.

Sizes are in points that the HTML shows as pixels at least: an SVG never shrinks below
its own width (the page scrolls it instead), so a text of :data:`TEXT_SIZE` is never
drawn smaller than that many pixels. Labels are placed so that none overlaps another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

from ..terminal import ellipsize
from .templating import latex_escape

FOCUS = "#c8102e"  # Dannebrog red for the focus group
REFERENCE = "#4a6b8a"
GRID = "#d0d0d0"
TEXT = "#222222"
TEXT_SIZE = 11.0  # the smallest text in a figure
_CHAR_WIDTH = 0.6  # a generous average width of a Helvetica character, in ems


@dataclass(frozen=True)
class Shape:
    """One primitive: ``rect`` (x, y, w, h), ``line`` (x1, y1, x2, y2), ``text`` (x, y)
    or ``circle`` (x, y, r)."""

    kind: str
    coords: tuple[float, ...]
    color: str = TEXT
    text: str = ""
    anchor: str = "start"
    size: float = TEXT_SIZE
    width: float = 1.0
    dashed: bool = False


@dataclass
class Figure:
    """A drawing of ``width`` x ``height`` points with a title for screen readers.

    Example:
        >>> f = Figure(100, 20, "A bar"); f.rect(0, 0, 50, 10, FOCUS)
        >>> f.to_svg().startswith('<svg')
        True
    """

    width: float
    height: float
    title: str
    shapes: list[Shape] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, color: str) -> None:
        self.shapes.append(Shape("rect", (x, y, max(w, 0.0), h), color))

    def line(self, x1: float, y1: float, x2: float, y2: float, color: str = TEXT, width: float = 1.0,
             dashed: bool = False) -> None:
        self.shapes.append(Shape("line", (x1, y1, x2, y2), color, width=width, dashed=dashed))

    def text(self, x: float, y: float, text: str, *, anchor: str = "start", size: float = TEXT_SIZE,
             color: str = TEXT) -> None:
        self.shapes.append(Shape("text", (x, y), color, text=text, anchor=anchor, size=size))

    def circle(self, x: float, y: float, r: float, color: str) -> None:
        self.shapes.append(Shape("circle", (x, y, r), color))

    def to_svg(self) -> str:
        """Inline SVG as wide as its container, never narrower than its own width (nor wider
        than one and a half times it), readable without CSS."""
        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:.0f} {self.height:.0f}" '
                 f'width="100%" style="min-width:{self.width:.0f}px;max-width:{self.width * 1.5:.0f}px" '
                 f'role="img" aria-label="{escape(self.title)}" '
                 f'font-family="Helvetica, Arial, sans-serif"><title>{escape(self.title)}</title>']
        parts.extend(_svg(s) for s in self.shapes)
        parts.append("</svg>")
        return "".join(parts)

    def to_tikz(self, scale_cm: float = 0.03) -> str:
        """A TikZ picture (y flipped), ``scale_cm`` centimetres per point."""
        colors = sorted({s.color for s in self.shapes})
        names = {c: f"c{i}" for i, c in enumerate(colors)}
        lines = [f"\\definecolor{{{names[c]}}}{{HTML}}{{{c.lstrip('#').upper()}}}" for c in colors]
        lines.append(f"\\begin{{tikzpicture}}[x={scale_cm}cm,y=-{scale_cm}cm]")
        lines.extend(_tikz(s, names[s.color]) for s in self.shapes)
        lines.append("\\end{tikzpicture}")
        return "\n".join(lines)


def _svg(s: Shape) -> str:
    c = s.coords
    if s.kind == "rect":
        return f'<rect x="{c[0]:.1f}" y="{c[1]:.1f}" width="{c[2]:.1f}" height="{c[3]:.1f}" fill="{s.color}"/>'
    if s.kind == "line":
        dash = ' stroke-dasharray="3,3"' if s.dashed else ""
        return (f'<line x1="{c[0]:.1f}" y1="{c[1]:.1f}" x2="{c[2]:.1f}" y2="{c[3]:.1f}" '
                f'stroke="{s.color}" stroke-width="{s.width:.1f}"{dash}/>')
    if s.kind == "circle":
        return f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="{c[2]:.1f}" fill="{s.color}"/>'
    return (f'<text x="{c[0]:.1f}" y="{c[1]:.1f}" font-size="{s.size:.0f}" fill="{s.color}" '
            f'text-anchor="{s.anchor}">{escape(s.text)}</text>')


def _tikz(s: Shape, color: str) -> str:
    c = s.coords
    if s.kind == "rect":
        return f"\\fill[{color}] ({c[0]:.1f},{c[1]:.1f}) rectangle ({c[0] + c[2]:.1f},{c[1] + c[3]:.1f});"
    if s.kind == "line":
        style = f"{color},line width={s.width * 0.4:.2f}pt" + (",dashed" if s.dashed else "")
        return f"\\draw[{style}] ({c[0]:.1f},{c[1]:.1f}) -- ({c[2]:.1f},{c[3]:.1f});"
    if s.kind == "circle":
        return f"\\fill[{color}] ({c[0]:.1f},{c[1]:.1f}) circle ({c[2] * 0.03:.2f}cm);"
    anchor = {"start": "base west", "middle": "base", "end": "base east"}[s.anchor]
    size = "\\footnotesize" if s.size >= TEXT_SIZE else "\\scriptsize"
    return f"\\node[{color},anchor={anchor},inner sep=0pt] at ({c[0]:.1f},{c[1]:.1f}) {{{size} {latex_escape(s.text)}}};"


def text_width(text: str, size: float = TEXT_SIZE) -> float:
    """A generous estimate of the width of ``text`` drawn at ``size``, for placing labels.

    Example:
        >>> text_width("Danish")
        39.6
    """
    return round(len(text) * size * _CHAR_WIDTH, 1)


def share_chart(labels: Sequence[str], focus: Sequence[tuple[float, float, float]],
                reference: Sequence[tuple[float, float, float]], focus_name: str) -> Figure:
    """Per theme, the focus and reference shares (bars) with 95% intervals (whiskers).

    Args:
        labels: theme labels.
        focus: per theme (share, low, high) of the focus group.
        reference: per theme (share, low, high) of the reference group.
        focus_name: how to name the focus group in the legend.

    Example:
        >>> f = share_chart(["a"], [(0.1, 0.05, 0.2)], [(0.3, 0.25, 0.35)], "Danish")
        >>> sum(s.kind == "rect" for s in f.shapes)
        4
    """
    width, left, right, row = 620.0, 230.0, 24.0, 34.0
    plot = width - left - right
    top = max(max((h for _, _, h in [*focus, *reference] if not math.isnan(h)), default=0.1), 0.05)
    top = math.ceil(top * 10) / 10
    fig = Figure(width, 44 + row * len(labels) + 26, f"Share of each group's records per theme, {focus_name} and reference")
    fig.rect(left, 8, 11, 11, FOCUS)
    fig.text(left + 16, 18, focus_name)
    second = left + 16 + text_width(focus_name) + 18
    fig.rect(second, 8, 11, 11, REFERENCE)
    fig.text(second + 16, 18, "international")
    y0 = 34.0
    ticks = int(round(top * 10))
    step = max(1, math.ceil(text_width("100%") * 1.6 / (plot / ticks)))  # ticks far enough apart to read
    for tick in range(0, ticks + 1):
        x = left + plot * tick / (top * 10)
        fig.line(x, y0, x, y0 + row * len(labels), GRID, 0.5)
        if tick % step == 0:
            fig.text(x, y0 + row * len(labels) + 16, f"{tick * 10}%", anchor="middle")
    fits = int((left - 10) / (TEXT_SIZE * _CHAR_WIDTH))
    for i, label in enumerate(labels):
        y = y0 + row * i
        fig.text(left - 8, y + 21, ellipsize(label, fits), anchor="end")
        for j, (values, color) in enumerate(((focus[i], FOCUS), (reference[i], REFERENCE))):
            share, low, high = values
            if math.isnan(share):
                continue  # a group without records (no focus record at all) has no share to draw
            by = y + 5 + j * 12
            fig.rect(left, by, plot * share / top, 10, color)
            if not math.isnan(low):
                fig.line(left + plot * low / top, by + 5, left + plot * min(high, top) / top, by + 5, TEXT, 1.2)
    return fig


def year_chart(label: str, years: Sequence[tuple[int, int, int]], first: int, last: int,
               focus_name: str) -> Figure:
    """One theme's records per year: focus (red) and reference (blue) as two lines.

    Example:
        >>> f = year_chart("t", [(2010, 1, 3), (2012, 0, 5)], 2010, 2012, "Danish")
        >>> any(s.kind == "line" for s in f.shapes)
        True
    """
    width, height, left, top, bottom = 264.0, 124.0, 30.0, 24.0, 20.0
    counts = {y: (f, r) for y, f, r in years}
    peak = max([max(f, r) for _, f, r in years] + [1])
    fig = Figure(width, height, f"{label}: records per year, {focus_name} and reference")
    fig.text(2, 13, ellipsize(label, int((width - 4) / (TEXT_SIZE * _CHAR_WIDTH))))
    span = max(last - first, 1)
    plot_w, plot_h = width - left - 8, height - top - bottom

    def point(year: int, n: int) -> tuple[float, float]:
        return left + plot_w * (year - first) / span, top + plot_h * (1 - n / peak)

    fig.line(left, top + plot_h, left + plot_w, top + plot_h, GRID)
    fig.text(left - 4, top + 8, str(peak), anchor="end")
    fig.text(left, height - 4, str(first), anchor="start")
    if last != first:
        fig.text(left + plot_w, height - 4, str(last), anchor="end")
    for index, color in ((1, REFERENCE), (0, FOCUS)):
        previous = None
        for year in range(first, last + 1):
            x, y = point(year, counts.get(year, (0, 0))[index])
            if previous:
                fig.line(previous[0], previous[1], x, y, color, 1.5)
            previous = (x, y)
    return fig


def selection_chart(candidates: Sequence[int], scores: Sequence[float], chosen: int, criterion: str) -> Figure:
    """The curve that chose the number of themes, the choice marked.

    The axis labels sit left of the plot and below it; the choice's label sits beside
    its point, on the side with room, so no label can cover another.

    Example:
        >>> f = selection_chart([4, 5, 6], [0.5, 0.7, 0.6], 5, "stability")
        >>> sum(s.kind == "circle" for s in f.shapes)
        4
    """
    width, height, left, bottom = 440.0, 160.0, 44.0, 30.0
    low, high = min(scores), max(scores)
    pad = (high - low) * 0.1 or 0.05
    low, high = low - pad, high + pad
    plot_w, plot_h = width - left - 16, height - bottom - 16
    fig = Figure(width, height, f"{criterion} for each number of themes; {chosen} chosen")
    span = max(candidates[-1] - candidates[0], 1)

    def point(k: int, s: float) -> tuple[float, float]:
        return left + plot_w * (k - candidates[0]) / span, 12 + plot_h * (1 - (s - low) / (high - low))

    fig.line(left, 12 + plot_h, left + plot_w, 12 + plot_h, GRID)
    fig.text(left - 6, 16, f"{high:.2f}", anchor="end")
    fig.text(left - 6, 12 + plot_h, f"{low:.2f}", anchor="end")
    pts = [point(k, s) for k, s in zip(candidates, scores, strict=True)]
    for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
        fig.line(x1, y1, x2, y2, REFERENCE, 1.5)
    step = max(1, math.ceil(text_width("00") * 1.8 / (plot_w / max(len(candidates) - 1, 1))))
    at = list(candidates).index(chosen)
    for i, (k, (x, y)) in enumerate(zip(candidates, pts, strict=True)):
        fig.circle(x, y, 2.5, REFERENCE)
        if i == at or (i % step == 0 and abs(i - at) >= step):
            fig.text(x, height - 10, str(k), anchor="middle")
    cx, cy = point(chosen, scores[at])
    fig.circle(cx, cy, 5, FOCUS)
    right_side = cx + 9 + text_width(f"{chosen} chosen") <= width
    fig.text(cx + 9 if right_side else cx - 9, cy + 4, f"{chosen} chosen", anchor="start" if right_side else "end",
             color=FOCUS)
    return fig
