"""Annotated bibliographies: every record once per format, safe escaping, lossless .bib."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.render.bibliography import (
    bibliography_groups,
    render_bibliography,
    write_bibliographies,
    write_bibliography,
)
from socinno_lit.render.citation import sort_key
from socinno_lit.render.summary import split_sentences

HOSTILE = r"<script>alert(1)</script> & 100% {\bf x} \input{/etc/passwd}"
VOID = {"meta", "br", "hr", "img", "link", "input"}


@pytest.fixture(scope="module")
def corpus() -> sl.Corpus:
    return sl.classify(sl.load_corpus(), "denmark")


@pytest.fixture(scope="module")
def themes(corpus: sl.Corpus) -> sl.Themes:
    return sl.ThemeModel(n_themes=4, random_state=0).fit(corpus).themes_


def make_themes(records: list[sl.Record], labels: tuple[str, ...], dominant: list[int]) -> sl.Themes:
    """Themes built by hand: one-hot weights on the given dominant themes."""
    weights = np.eye(len(labels))[dominant]
    return sl.Themes(corpus=sl.Corpus(tuple(records)), labels=labels, weights=weights,
                     dominant=np.array(dominant), terms=tuple(() for _ in labels))


class TagChecker(HTMLParser):
    """Fails on a closing tag that does not match the open one; collects ids and links."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.scripts += tag == "script"
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.links.append((values["href"] or "")[1:])
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()


def check_html(text: str) -> TagChecker:
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text and '<meta charset="utf-8">' in text
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids))
    assert set(checker.links) <= set(checker.ids)
    return checker


def test_html_has_every_record_once_in_theme_order(themes: sl.Themes, tmp_path: Path) -> None:
    path = write_bibliography(themes, tmp_path / "out" / "annotated.html")
    text = path.read_text(encoding="utf-8")
    checker = check_html(text)
    assert checker.scripts == 0
    assert text.count('<li class="entry"') == len(themes.corpus)
    headings = re.findall(r'<section id="group-\d+">\s*<h2>(.*?)</h2>', text)
    used = [label for t, label in enumerate(themes.labels) if (themes.dominant == t).any()]
    assert headings == [str(sl_escape(label)) for label in used]
    assert "@media print" in text and "<nav" in text


def sl_escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def test_groups_hold_every_record_once_sorted(themes: sl.Themes) -> None:
    for group_by in ("theme", "context", None):
        groups = bibliography_groups(themes, style="apa", group_by=group_by)
        keys = [e.record.key for g in groups for e in g.entries]
        assert sorted(keys) == sorted(themes.corpus.keys)
        for group in groups:
            records = [e.record for e in group.entries]
            assert records == sorted(records, key=sort_key)
    by_theme = bibliography_groups(themes, group_by="theme")
    for group in by_theme:
        assert {e.theme for e in group.entries} == {group.heading}


def test_markdown_and_latex_have_every_record_once(themes: sl.Themes, tmp_path: Path) -> None:
    groups = bibliography_groups(themes, style="harvard")
    md = write_bibliography(themes, tmp_path / "a.md", style="harvard").read_text(encoding="utf-8")
    tex = write_bibliography(themes, tmp_path / "a.tex", style="harvard").read_text(encoding="utf-8")
    assert tex.count(r"\bibreference{") == len(themes.corpus)
    for entry in (e for g in groups for e in g.entries):
        assert md.count(entry.reference.markdown()) == 1, entry.record.key
        assert tex.count(entry.reference.latex() + "}") == 1, entry.record.key
    assert md.count("\n## ") == 1 + len(groups)  # contents and one heading per group


def test_context_grouping_and_corpus_input(corpus: sl.Corpus, tmp_path: Path) -> None:
    text = write_bibliography(corpus, tmp_path / "c.md", group_by="context", style="chicago").read_text()
    assert text.index("## Danish research") < text.index("## International research")
    plain = render_bibliography(corpus, "md", group_by=None)
    assert "## " not in plain.split("\n", 2)[2]
    with pytest.raises(sl.ConfigurationError, match="needs themes"):
        write_bibliography(corpus, tmp_path / "t.md")
    with pytest.raises(sl.ConfigurationError, match="group_by"):
        write_bibliography(corpus, tmp_path / "t.md", group_by="year")
    with pytest.raises(sl.ConfigurationError, match="suffix"):
        write_bibliography(corpus, tmp_path / "t.txt", group_by=None)
    assert not (tmp_path / "t.md").exists()


def test_year_letters_are_shared_across_groups() -> None:
    records = [sl.Record(key=k, entry_type="book", title=t, authors=("Hansen, Ole",), year=2019, context="denmark")
               for k, t in (("b", "Beta"), ("a", "Alpha"))]
    groups = bibliography_groups(make_themes(records, ("one", "two"), [0, 1]), group_by="theme")
    assert [g.entries[0].reference.text for g in groups] == ["Hansen, O. (2019b). Beta.", "Hansen, O. (2019a). Alpha."]


def hostile_themes() -> sl.Themes:
    records = [
        sl.Record(key="evil", entry_type="article", title=HOSTILE, authors=("O'Neil, <b>Bob</b>",), year=2020,
                  abstract=HOSTILE + " It is hostile. It is still hostile.", context="denmark",
                  fields={"journal": "J & {K}", "doi": "10.1/x_y%z"}),
        sl.Record(key="greek", entry_type="book", title="Ωμέγα and ≥ 5 — naïve ǅ café", authors=("Ærø, Åse",),
                  year=2021, context="international", annotation="Notes with ~tilde^ and #hash_ $5."),
    ]
    return make_themes(records, (HOSTILE, "Plain label"), [0, 1])


def test_hostile_text_is_inert_in_html_and_markdown(tmp_path: Path) -> None:
    html = write_bibliography(hostile_themes(), tmp_path / "h.html").read_text(encoding="utf-8")
    checker = check_html(html)
    assert checker.scripts == 0 and "<script" not in html and "<b>Bob" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = write_bibliography(hostile_themes(), tmp_path / "h.md").read_text(encoding="utf-8")
    assert "<script" not in md.replace("\\<script", "") and r"\<script\>" in md


def test_hostile_text_is_escaped_in_latex_and_compiles(tmp_path: Path) -> None:
    path = write_bibliography(hostile_themes(), tmp_path / "h.tex")
    tex = path.read_text(encoding="utf-8")
    body = tex.split(r"\begin{document}", 1)[1]
    assert r"\input{" not in body and r"{\bf" not in body
    assert r"\textbackslash{}input\{/etc/passwd\}" in body and r"100\%" in body
    assert "Ω" not in body and "ǅ" not in body  # characters pdfLaTeX cannot print were replaced
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    compile_tex(path)


def compile_tex(path: Path) -> None:
    result = subprocess.run(
        ["pdflatex", "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode", path.name],
        cwd=path.parent, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert path.with_suffix(".pdf").stat().st_size > 1000


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_real_bibliography_compiles(themes: sl.Themes, tmp_path: Path) -> None:
    compile_tex(write_bibliography(themes, tmp_path / "annotated.tex", style="chicago"))


def test_enriched_bib_round_trips(themes: sl.Themes, tmp_path: Path) -> None:
    path = write_bibliography(themes, tmp_path / "enriched.bib")
    loaded = sl.load(path)
    assert sorted(loaded.keys) == sorted(themes.corpus.keys)
    labels = dict(zip(themes.corpus.keys, (themes.labels[int(t)] for t in themes.dominant), strict=True))
    for record in themes.corpus:
        fields = loaded[record.key].fields
        added = {k: v for k, v in fields.items() if k not in record.fields}
        assert {k: fields[k] for k in record.fields} == dict(record.fields)
        assert added == {"socinno-theme": labels[record.key], "socinno-context": record.context}
    assert not loaded.problems_with(severity="error")


def test_enriched_bib_adds_annote_only_where_missing(tmp_path: Path) -> None:
    source = sl.load(shared("domain", "scopus_social_entrepreneurship.bib"))
    corpus = sl.classify(sl.Corpus(source.records[:40]), "denmark")
    loaded = sl.load(write_bibliography(corpus, tmp_path / "e.bib", group_by="context"))
    assert sum("annote" in r.fields for r in loaded) > sum("annote" in r.fields for r in corpus)
    for record in corpus:
        fields = loaded[record.key].fields
        assert {k: fields[k] for k in record.fields} == dict(record.fields)
        assert fields["socinno-context"] == record.context and "socinno-theme" not in fields
        if record.annotation:
            assert "annote" not in fields or fields["annote"] == record.fields.get("annote")
        elif record.abstract:
            assert fields["annote"] and "©" not in fields["annote"]
            assert all(s in " ".join(record.abstract.split()) for s in split_sentences(fields["annote"]))


def test_user_template_folder_is_searched_first(corpus: sl.Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "bibliography.md.j2").write_text(
        '{% extends "default/bibliography.md.j2" %}', encoding="utf-8")
    (folder / "bibliography.html.j2").write_text(
        "<p>{{ groups|length }} groups, {{ n_records }} works</p>\n", encoding="utf-8")
    html = write_bibliography(corpus, tmp_path / "u.html", group_by="context", template_dir=folder).read_text()
    assert html == f"<p>{len({r.context for r in corpus})} groups, {len(corpus)} works</p>\n"
    md = write_bibliography(corpus, tmp_path / "u.md", group_by="context", template_dir=folder).read_text()
    assert md == render_bibliography(corpus, "md", group_by="context")


@pytest.mark.parametrize("special", list("\\`*[]<>|$~^{}"))
def test_markdown_escapes_every_special_character_wherever_it_stands(special: str) -> None:
    from socinno_lit.render.templating import md_escape

    assert md_escape(f"Plain words {special} more{special}") == f"Plain words \\{special} more\\{special}"


def test_markdown_escapes_characters_by_context_and_leaves_plain_text_alone() -> None:
    from socinno_lit.render.templating import md_escape

    assert md_escape("snake_case and _emphasis_ @key a=b ==mark== 100%") == \
        "snake_case and \\_emphasis\\_ \\@key a=b \\==mark\\== 100%"
    assert md_escape("  Co-creation in   Danish municipalities (2017) ") == "Co-creation in Danish municipalities (2017)"


def test_bibliographies_written_together_are_those_written_one_by_one(tmp_path: Path) -> None:
    corpus = sl.classify(sl.load(shared("domain", "scopus_social_entrepreneurship.bib")), "denmark")
    names = ("a.html", "a.md", "a.tex", "a.bib")
    alone = [write_bibliography(corpus, tmp_path / "alone" / n, group_by="context").read_bytes() for n in names]
    written = write_bibliographies(corpus, [tmp_path / n for n in names], group_by="context")
    assert written == [tmp_path / n for n in names]
    assert [p.read_bytes() for p in written] == alone
    assert len(corpus) > 1000 and alone[3].count(b"socinno-context = {") == len(corpus)
    with pytest.raises(sl.ConfigurationError, match="suffix"):
        write_bibliographies(corpus, [tmp_path / "b.md", tmp_path / "b.txt"], group_by="context")
    assert not (tmp_path / "b.md").exists()
