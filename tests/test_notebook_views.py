"""What a notebook shows for a Corpus, Themes and a Comparison: the report's own tables,
hostile text kept as text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import numpy as np

import socinno_lit as sl
from socinno_lit.gaps.compare import _toy_themes, compare

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> & {{ 7*7 }}"


class Page(HTMLParser):
    """The elements, texts and table rows of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []
        self.text: list[str] = []
        self.rows: list[tuple[str, list[str]]] = []  # (class, cell texts) of each row of a table.themes
        self._in_themes = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        found = dict(attrs)
        if tag == "table" and "themes" in (found.get("class") or "").split():
            self._in_themes += 1
        elif tag == "tr" and self._in_themes:
            self.rows.append((found.get("class") or "", []))
        elif tag in ("td", "th") and self._in_themes:
            self.rows[-1][1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self._in_themes:
            self._in_themes -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_themes and self.rows and self.rows[-1][1]:
            self.rows[-1][1][-1] += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


def assert_inert(page: Page) -> None:
    assert "script" not in page.tags and "img" not in page.tags and not page.handlers
    assert HOSTILE in "".join(page.text)  # shown as the text it is


def hostile_comparison() -> sl.Comparison:
    themes = _toy_themes()
    records = tuple(r.replace(title=HOSTILE) if i == 0 else r for i, r in enumerate(themes.corpus))
    labels = (HOSTILE, "co-creation", "welfare")
    return compare(type(themes)(sl.Corpus(records), labels, themes.weights, themes.dominant))


def test_every_object_a_notebook_shows_has_an_html_view() -> None:
    for kind in (sl.Corpus, sl.Themes, sl.Comparison):
        assert callable(getattr(kind, "_repr_html_", None)), kind.__name__


def test_corpus_view_counts_records_by_source_and_context_and_lists_problems(tmp_path: Path) -> None:
    (tmp_path / "a.bib").write_text("@article{a, title={A}, author={Nielsen, Ida}, address={Aarhus, Denmark}}\n"
                                    "@article{b, title={B}}\n@article{c, title={broken\n\n")
    (tmp_path / "b.ris").write_text("TY  - JOUR\nTI  - C\nER  - \n")
    corpus = sl.classify(sl.load(tmp_path / "a.bib", tmp_path / "b.ris"), "denmark")
    page = parse(corpus._repr_html_())
    text = " ".join(" ".join(page.text).split())
    assert f"Corpus: {len(corpus)} records from 2 files" in text
    assert "unparsable-entry" in text and str(len(corpus.problems)) in text
    counts = sl.context_counts(corpus)
    for name, n in counts.items():
        assert name in text
    assert "a.bib" in text and "b.ris" in text


def test_corpus_view_keeps_hostile_text_inert() -> None:
    record = sl.Record(key=HOSTILE, title=HOSTILE, source=sl.Source(HOSTILE, 1), context=HOSTILE)
    problem = sl.Problem(HOSTILE, 1, HOSTILE, "bad-field", "warning", HOSTILE)
    assert_inert(parse(sl.Corpus((record,), (problem,))._repr_html_()))


def test_themes_view_shows_labels_sizes_and_terms_and_keeps_hostile_labels_inert() -> None:
    corpus = sl.Corpus(tuple(sl.Record(key=f"r{i}") for i in range(4)))
    themes = sl.Themes(corpus, (HOSTILE, "welfare"), np.eye(2)[[0, 0, 0, 1]], np.array([0, 0, 0, 1]),
                       ((("crowdfunding", 1.0), ("platforms", 0.5)), (("welfare", 1.0),)))
    page = parse(themes._repr_html_())
    assert_inert(page)
    assert [[c.strip() for c in cells] for _, cells in page.rows[1:]] == [["0", HOSTILE, "3", "75%", "crowdfunding, platforms"],
                                                     ["1", "welfare", "1", "25%", "welfare"]]


def test_comparison_view_is_the_reports_theme_table_with_its_verdict_colours(tmp_path: Path) -> None:
    comparison = hostile_comparison()
    view = parse(comparison._repr_html_())
    report = parse(sl.write_report(comparison, tmp_path / "r.html").read_text(encoding="utf-8"))
    assert_inert(view)
    assert view.rows == report.rows  # the same cells and the same verdict classes
    classes = [css for css, _ in view.rows[1:]]
    assert classes == [row.verdict.replace(" ", "-") for row in comparison.rows]
    style = comparison._repr_html_().split("<style>")[1].split("</style>")[0]
    rule = "tr.under-researched { background: #fbeaea; }"
    assert rule in style and rule in (tmp_path / "r.html").read_text()
