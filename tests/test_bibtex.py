"""BibTeX loading: what real exporters write, and what they get wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import socinno_lit as sl


def load_text(tmp_path: Path, text: str, name: str = "refs.bib", **options: object) -> sl.Corpus:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sl.load(path, **options)  # type: ignore[arg-type]


def test_string_macros_concatenation_and_month_macros(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """
@string{pub = "Djøf"}
@string{city = {K{\\o}benhavn}}
@preamble{"\\newcommand{\\noop}[1]{}"}
@comment{JabRef groups would be here}
@book{b, title = {Title}, publisher = pub # " Forlag, " # city, month = jan, year = 2010}
""")
    record = corpus["b"]
    assert record.venue == "Djøf Forlag, København"
    assert record.fields["month"] == "January"
    assert len(corpus) == 1


def test_braces_quotes_comma_first_and_missing_trailing_comma(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """
@article{quoted, title = "A {\\"U}bersicht", year = "2001"}
@article{commafirst
  , title = {Comma first}
  , year = 2002
}
@article{nocomma, title = {No trailing comma}, year = {2003}
}
""")
    assert [r.title for r in corpus] == ["A Übersicht", "Comma first", "No trailing comma"]
    assert [r.year for r in corpus] == [2001, 2002, 2003]


def test_crossref_inheritance_fills_missing_fields(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """
@inproceedings{child, title = {A paper}, crossref = {proc}, pages = {1--10}}
@proceedings{proc, title = {Proceedings of Nordic Innovation}, year = 2015, publisher = {DJØF}}
""")
    child = corpus["child"]
    assert child.title == "A paper"
    assert child.year == 2015
    assert child.fields["booktitle"] == "Proceedings of Nordic Innovation"
    assert child.venue == "Proceedings of Nordic Innovation"
    assert child.fields["pages"] == "1–10"


def test_latex_decoded_in_every_field_and_authors_split(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, r"""
@article{s, author = {S{\o}rensen, Eva and Jacob Torfing and {Danish Agency for Digitisation}},
  title = {Co-creation in {\AA}rhus {\&} K{\o}benhavn}, journal = {Scand. Polit. Stud.},
  affiliation = {Roskilde Univ, Dept Social Sci {\&} Business, DK-4000 Roskilde, Denmark; Univ Oslo, Oslo, Norway},
  author_keywords = {co-creation; public sector innovation}, language = {English}, year = {2016}}
""")
    r = corpus["s"]
    assert r.authors == ("Sørensen, Eva", "Torfing, Jacob", "Danish Agency for Digitisation")
    assert r.title == "Co-creation in Århus & København"
    assert r.affiliations == ("Roskilde Univ, Dept Social Sci & Business, DK-4000 Roskilde, Denmark",
                              "Univ Oslo, Oslo, Norway")
    assert r.keywords == ("co-creation", "public sector innovation")
    assert r.language == "English"
    assert r.fields["affiliation"].startswith("Roskilde Univ, Dept Social Sci & Business")


def test_repeated_and_empty_keys_are_kept_under_new_keys(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """
@article{Smith2019, title = {One}}
@article{Smith2019, title = {Two}}
@misc{, title = {No key at all}, author = {Berg, Ann}, year = 2020}
""")
    assert corpus.keys == ("Smith2019", "Smith2019-2", "Berg2020")
    assert corpus["Smith2019-2"].title == "Two"
    codes = [p.code for p in corpus.problems if p.severity == "warning" and p.code != "missing-abstract"]
    assert codes == ["duplicate-key", "empty-key"]
    dup = corpus.problems_with(code="duplicate-key")[0]
    assert (dup.line, dup.key) == (3, "Smith2019-2")


def test_unreadable_entry_becomes_an_error_problem_and_the_rest_still_loads(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """@article{good1, title = {First}}

@article{broken, title = {Never closed, year = 2001

@article{good2, title = {Second}}
""")
    assert "good1" in corpus and "good2" in corpus
    errors = corpus.problems_with(severity="error")
    assert len(errors) == 1
    assert errors[0].code == "unparsable-entry"
    assert errors[0].line == 3
    assert errors[0].key == "broken"
    assert str(tmp_path / "refs.bib") == errors[0].file


def test_strict_mode_raises_at_the_first_error(tmp_path: Path) -> None:
    with pytest.raises(sl.StrictModeError) as caught:
        load_text(tmp_path, "@article{broken, title = {never closed\n\n@article{ok, title={x}}", strict=True)
    assert isinstance(caught.value, sl.SocinnoLitError)
    assert caught.value.problem.code == "unparsable-entry"  # type: ignore[attr-defined]


def test_citation_key_with_commas_is_repaired_with_a_warning(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, "@ARTICLE{Lenssen,Mollie,Painter2013467,\nauthor={Lenssen, M.},\ntitle={Strategic innovation},\nyear={2013}\n}\n")
    assert corpus.keys == ("LenssenMolliePainter2013467",)
    assert corpus.problems_with(code="repaired-entry")[0].severity == "warning"


def test_undefined_macro_is_kept_as_text_and_reported(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, "@article{a, journal = undefinedmacro, title={T}}")
    assert corpus["a"].venue == "undefinedmacro"
    assert [p.code for p in corpus.problems if p.code != "missing-abstract"] == ["unknown-macro"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "refs.bib"
    path.write_bytes("@article{a, title = {Sørensen og Ærø}}\n".encode(encoding))
    corpus = sl.load(path)
    assert corpus["a"].title == "Sørensen og Ærø"
    assert not corpus.problems_with(code="encoding-fallback")


def test_windows_1252_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "old.bib"
    path.write_bytes("@article{a, title = {Sørensen – Århus}}\n".encode("cp1252"))
    corpus = sl.load(path)
    assert corpus["a"].title == "Sørensen – Århus"
    warning = corpus.problems_with(code="encoding-fallback")[0]
    assert warning.severity == "warning" and "cp1252" in warning.message


def test_scopus_2023_layout_with_bom_and_header_lines(tmp_path: Path) -> None:
    text = "\ufeffScopus\nEXPORT DATE: 28 February 2023\n\n@ARTICLE{Zimm202154,\n\tauthor = {Zimm, Caroline},\n\ttitle = {Electric vehicle policy diffusion},\n\tyear = {2021},\n\taffiliations = {IIASA, Laxenburg, Austria},\n\tdoi = {10.1016/j.tranpol.2020.12.012}\n}\n}@ARTICLE{Berli201827,\n\ttitle = {Glued to the previous entry},\n\tyear = {2018}\n}\n"
    path = tmp_path / "scopus.bib"
    path.write_bytes(text.encode("utf-8"))
    corpus = sl.load(path)
    assert corpus.keys == ("Zimm202154", "Berli201827")
    assert corpus["Zimm202154"].source.line == 4
    assert corpus["Zimm202154"].affiliations == ("IIASA, Laxenburg, Austria",)
    assert corpus["Zimm202154"].doi == "10.1016/j.tranpol.2020.12.012"


def test_web_of_science_bibtex_double_braces_and_wrapped_lines(tmp_path: Path) -> None:
    corpus = load_text(tmp_path, """@article{ ISI:000371557900003,
Author = {Iorio, Carmela and Frasso, Gianluca and
   Siciliano, Roberta},
Title = {{Parsimonious time series clustering using
   P-splines}},
Year = {{2016}},
Affiliation = {{Iorio, Carmela, Univ Naples Federico II, Dept Econ \\& Stat, I-80126 Naples, Italy.
   Frasso, Gianluca, Univ Liege, Fac Sci Sociales, B-4000 Liege, Belgium.}},
}""")
    r = corpus["ISI:000371557900003"]
    assert r.title == "Parsimonious time series clustering using P-splines"
    assert r.year == 2016
    assert r.authors == ("Iorio, Carmela", "Frasso, Gianluca", "Siciliano, Roberta")
    assert r.affiliations[-1].endswith("Liege, Belgium")
    assert len(r.affiliations) == 2


@pytest.mark.parametrize("fast", [True, False])
def test_unusual_entry_types_are_kept_by_both_readers(fast: bool) -> None:
    # bibtexparser alone reads "@Commentary" as a comment and "@stringent" as a broken macro,
    # and skips "@ article" and "@my-type": each was a record lost without a word.
    from socinno_lit.read.bibtex import parse_bibtex

    text = ("@Commentary{a, title={Hello}, year=2020}\n@ article{b, title={World}}\n"
            "@my-type{c, title={T}}\n@stringent{d, title={X}}\n @ comment {ignored}\n")
    records, problems = parse_bibtex(text, "f.bib", fast=fast)
    assert [(r.key, r.entry_type) for r in records] == [
        ("a", "commentary"), ("b", "article"), ("c", "my-type"), ("d", "stringent")]
    assert records[0].fields["title"] == "Hello"
    assert problems == []


@pytest.mark.parametrize("fast", [True, False])
def test_an_entry_whose_type_and_brace_stand_on_later_lines_is_read_where_it_starts(fast: bool) -> None:
    # BibTeX allows any white space, line breaks too, between "@", the type and the brace.
    from socinno_lit.read.bibtex import parse_bibtex

    text = '@book{x, title={X}}\n@\n  book\n {\n  a\n ,\n  title = "foo"\n }\n@book{b, title={B}}\n'
    records, problems = parse_bibtex(text, "f.bib", fast=fast)
    assert [(r.key, r.source.line, r.title) for r in records] == [("x", 1, "X"), ("a", 2, "foo"), ("b", 9, "B")]
    assert problems == []


def test_entry_count_skips_what_comments_and_preambles_hold() -> None:
    from socinno_lit.read.bibtex import count_entries, parse_bibtex

    text = ('@comment{@book{a, title = "foo"}}\n@preamble{"@misc{p,}"}\n@string{s = {x}}\n'
            "@article{k, title={T}}\n@\n book\n{b,}\n")
    assert count_entries(text) == 2
    records, _ = parse_bibtex(text, "f.bib")
    assert [r.key for r in records] == ["k", "b"]


@pytest.mark.parametrize("fast", [True, False])
def test_an_unclosed_comment_ends_at_the_next_entry_without_an_error(fast: bool) -> None:
    from socinno_lit.read.bibtex import count_entries, parse_bibtex

    text = "@Comment{\n  @Book{s03,\n    title = {Cooking}\n  }\n\n@Book{s42, title = {Later}}\n"
    records, problems = parse_bibtex(text, "f.bib", fast=fast)
    assert [(r.key, r.source.line) for r in records] == [("s03", 2), ("s42", 6)]
    assert problems == []
    assert count_entries(text) == 2
