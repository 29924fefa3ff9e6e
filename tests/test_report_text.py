"""The report's words: Markdown that renders to the same text everywhere, tallies that tell the truth."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

import socinno_lit as sl
from socinno_lit.gaps.compare import _toy_themes, compare
from socinno_lit.render.report import report_data

TRICKY = ("Co-creation (2017) *and* [policy](http://x) | <b>bold</b> snake_case _em_ @smith2019 #tag $x$ "
          "~~gone~~ ==mark== %%hidden%% &copy; a^2^ {#id}")
LEADING = "1. Not a list"


def labelled(*labels: str) -> sl.Comparison:
    themes = _toy_themes()
    return compare(type(themes)(themes.corpus, labels, themes.weights, themes.dominant))


def inline_text(token: Token) -> str:
    """The text an inline token shows, failing on anything but plain text (emphasis, links, HTML, code)."""
    kinds = {child.type for child in token.children or []}
    assert kinds <= {"text", "text_special", "softbreak"}, kinds
    return "".join(child.content for child in token.children or [])


@pytest.fixture(scope="module")
def markdown(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = sl.write_report(labelled(TRICKY, LEADING, "welfare"), tmp_path_factory.mktemp("md") / "report.md")
    return path.read_text(encoding="utf-8")


def test_markdown_leaves_parentheses_and_plain_words_alone(markdown: str) -> None:
    assert "\\(" not in markdown and "\\)" not in markdown
    assert "(2017)" in markdown and "snake_case" in markdown


def test_markdown_renders_every_label_as_its_own_text_in_a_commonmark_parser(markdown: str) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "td_open"]
    headings = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert TRICKY in cells and LEADING in cells and "welfare" in cells
    assert f"1. {TRICKY}" in headings  # the gap, under its own heading
    assert not [t for t in tokens if t.type == "html_block"]


def test_markdown_tables_keep_their_columns_with_a_pipe_in_a_label(markdown: str) -> None:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    widths: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            widths.append([])
        elif token.type == "tr_open":
            widths[-1].append(0)
        elif token.type in ("th_open", "td_open"):
            widths[-1][-1] += 1
    assert widths and all(len(set(table)) == 1 for table in widths), widths


def test_the_evidence_tally_names_every_rule(tmp_path: Path) -> None:
    """A record found by its keywords alone is tallied as such, not as "none"."""
    found = {name: sl.classify(sl.Corpus((sl.Record(key="x", **fields),)), "denmark")[0].evidence
             for name, fields in (("keywords mention", {"keywords": ("Denmark",)}),
                                  ("title mention", {"title": "Co-creation in Denmark"}))}
    themes = _toy_themes()
    danish = [r.key for r in themes.corpus if r.context == "denmark"]
    kinds = ["keywords mention" if i % 3 else "title mention" for i in range(len(danish))]
    records = tuple(r.replace(evidence=found[kinds[danish.index(r.key)]]) if r.key in danish else r
                    for r in themes.corpus)
    comparison = compare(type(themes)(sl.Corpus(records), themes.labels, themes.weights, themes.dominant))
    tally = report_data(comparison)["analysed"]["focus_evidence"]
    assert tally == {"keywords mention": kinds.count("keywords mention"), "title mention": kinds.count("title mention")}
    html = sl.write_report(comparison, tmp_path / "r.html").read_text()
    assert f"keywords mention {kinds.count('keywords mention')}" in html and "none" not in html.split("recognised by")[1][:200]


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_the_report_says_how_records_were_counted(tmp_path: Path, suffix: str) -> None:
    for counting, said, unsaid in (("dominant", "counts once", "soft membership"),
                                   ("weights", "soft membership", "counts once")):
        path = sl.write_report(compare(_toy_themes(), counting=counting), tmp_path / f"{counting}{suffix}")
        text = path.read_text(encoding="utf-8")
        assert said in text and unsaid not in text


def test_the_share_chart_caption_names_its_intervals_and_leaves_verdicts_to_the_test(tmp_path: Path) -> None:
    html = sl.write_report(compare(_toy_themes()), tmp_path / "report.html").read_text(encoding="utf-8")
    caption = html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert "Clopper–Pearson" in caption and "score test" in caption
    assert "exact" not in caption and "is a gap." not in caption
