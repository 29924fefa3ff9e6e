"""Field fidelity: each field of each record as the exporting tool meant it.

Every test is built on a small input in one exporter's dialect; where the library cannot
be sure of a reading it keeps the text and says so in a warning on that record.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SHARED_DATA

import socinno_lit as sl
from socinno_lit.read.bibtex import parse_bibtex
from socinno_lit.read.loading import load_file
from socinno_lit.render.citation import format_reference

OLD_SCOPUS = SHARED_DATA / "formats" / "scopus_old_dises.bib"


def load(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> tuple[list[sl.Record], list[sl.Problem]]:
    """The records and reading problems of one file, written as an exporter writes it."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return load_file(path)


# --- CSV ---------------------------------------------------------------------------------


def test_a_semicolon_separated_csv_from_a_danish_excel_is_read_column_by_column(tmp_path: Path) -> None:
    text = ("Authors;Title;Year;DOI;Abstract\r\n"
            '"Hao J.; High R.";"Walking, slowly";2023;10.1080/x;"One; two"\r\n'
            "Sørensen E.;Samskabelse;2016;;Om kommuner\r\n")
    records, problems = load(tmp_path, "eksport.csv", text, encoding="utf-8-sig")
    assert [(r.title, r.authors, r.year, r.doi, r.abstract) for r in records] == [
        ("Walking, slowly", ("Hao, J.", "High, R."), 2023, "10.1080/x", "One; two"),
        ("Samskabelse", ("Sørensen, E.",), 2016, "", "Om kommuner"),
    ]
    assert problems == []


def test_a_semicolon_csv_named_txt_is_recognised_as_csv(tmp_path: Path) -> None:
    records, _ = load(tmp_path, "export.txt", "Title;Authors;Year\nSamskabelse;Sørensen E.;2016\n")
    assert [(r.title, r.year) for r in records] == [("Samskabelse", 2016)]


def test_a_header_that_does_not_settle_the_delimiter_is_reported(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "own.csv", "Titel;Forfatter, første;År\nSamskabelse;Sørensen, Eva;2016\n")
    assert len(records) == 1
    (problem,) = problems
    assert problem.code == "csv-delimiter" and problem.severity == "warning" and "semicolon" in problem.message


def test_embase_author_names_and_page_columns_are_read(tmp_path: Path) -> None:
    text = ('Title,Author Names,Source title,Publication Year,First Page,Last Page\n'
            '"Co-creation","Sørensen E., Torfing J.",Public Management Review,2016,10,20\n')
    (record,), _ = load(tmp_path, "embase.csv", text)
    assert record.authors == ("Sørensen, E.", "Torfing, J.")
    assert record.year == 2016 and record.fields["pages"] == "10--20"


def test_the_embase_source_cell_gives_journal_year_volume_and_pages_and_is_kept(tmp_path: Path) -> None:
    source = "Cancer (2004) 102:4 (253-258). Date of Publication: 25 Aug 2004"
    text = f'Title,Author Names,Source\nCysts,"Eloubeidi M.A., Cohn M.","{source}"\nNo source,Roe A.,Plain Journal\n'
    (first, second), _ = load(tmp_path, "embase.csv", text)
    assert (first.venue, first.year, first.fields["volume"], first.fields["number"], first.fields["pages"]) == (
        "Cancer", 2004, "102", "4", "253-258")
    assert first.fields["source"] == source and first.authors == ("Eloubeidi, M.A.", "Cohn, M.")
    assert (second.venue, second.year) == ("Plain Journal", None)


def test_surname_then_initials_without_a_comma_is_read_surname_first(tmp_path: Path) -> None:
    (record,), _ = load(tmp_path, "embase.ris", "TY  - JOUR\nA1  - Liu R.\nA1  - Adler D.G.\nT1  - Cysts\nER  - \n")
    assert record.authors == ("Liu, R.", "Adler, D.G.")


def test_authors_written_as_a_python_list_are_split_into_names(tmp_path: Path) -> None:
    text = "Title,Authors,Year,Keywords\nX,\"['Smith, J.', \"\"O'Neil, A.\"\"]\",2001,\"['co-creation', 'welfare']\"\n"
    (record,), _ = load(tmp_path, "screening.csv", text)
    assert record.authors == ("Smith, J.", "O'Neil, A.")
    assert record.keywords == ("co-creation", "welfare")


# --- RIS and Web of Science --------------------------------------------------------------


def test_a_tag_after_er_belongs_to_the_record_before_and_starts_no_record(tmp_path: Path) -> None:
    text = ("TY  - JOUR\nTI  - One\nER  - \nNL  - Ovid note\n\n"
            "TY  - BOOK\nTI  - Two\nER  - \n")
    records, problems = load(tmp_path, "ovid.ris", text)
    assert [(r.entry_type, r.title) for r in records] == [("article", "One"), ("book", "Two")]
    assert "Ovid note" in records[0].fields["unknown_tag"]
    (problem,) = problems
    assert (problem.code, problem.line, problem.key) == ("tags-after-end", 4, records[0].key)


def test_tags_after_er_stay_with_their_record_when_a_large_file_is_read_in_pieces(tmp_path: Path) -> None:
    one = "TY  - JOUR\nTI  - Record {n}\nER  - \nNL  - Note {n}\n\nLink to the full text\n\n"
    path = tmp_path / "ovid.ris"
    path.write_text("".join(one.format(n=n) for n in range(200)), encoding="utf-8")
    whole = load_file(path)
    pieces = load_file(path, chunk_threshold=0, chunk_bytes=97)
    assert [(r.title, r.fields["unknown_tag"]) for r in pieces[0]] == [(r.title, r.fields["unknown_tag"]) for r in whole[0]]
    assert len(whole[0]) == 200 and pieces[1] == whole[1]


def test_a_titled_record_without_ty_after_er_is_still_its_own_record(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "a.ris", "TY  - JOUR\nTI  - One\nER  - \nAU  - Lost, Type\nTI  - No type\nER  - \n")
    assert [(r.entry_type, r.title) for r in records] == [("article", "One"), ("misc", "No type")]
    assert [p.code for p in problems] == ["missing-type"]


def test_a_ty_line_opens_a_new_record_even_without_er_before_it(tmp_path: Path) -> None:
    records, _ = load(tmp_path, "a.ris", "TY  - JOUR\nTI  - One\nTY  - BOOK\nTI  - Two\nER  - \n")
    assert [(r.entry_type, r.title) for r in records] == [("article", "One"), ("book", "Two")]


def test_a1_and_au_authors_all_count_in_order_without_repeats(tmp_path: Path) -> None:
    text = "TY  - JOUR\nA1  - First, Ann\nAU  - Second, Bo\nAU  - First, Ann\nTI  - T\nER  - \n"
    (record,), _ = load(tmp_path, "a.ris", text)
    assert record.authors == ("First, Ann", "Second, Bo")


def test_ris_tag_without_a_space_after_the_dash_keeps_its_value(tmp_path: Path) -> None:
    (record,), _ = load(tmp_path, "a.ris", "TY  - JOUR\nTI  -Tight title\nPY  -2001\nER  - \n")
    assert (record.title, record.year) == ("Tight title", 2001)


def test_a_da_date_gives_the_year_over_the_deprecated_y1(tmp_path: Path) -> None:
    text = ("TY  - JOUR\nT1  - Both\nY1  - 1900/01/01\nDA  - 1950/01/01\nER  - \n"
            "TY  - JOUR\nT1  - PY wins\nPY  - 2001\nDA  - 1999\nER  - \n")
    records, _ = load(tmp_path, "a.ris", text)
    assert [r.year for r in records] == [1950, 2001]
    assert records[0].fields["publication_year"] == "1900/01/01"


WOS = """FN Clarivate Analytics Web of Science
VR 1.0
PT J
AU Smith, J
Doe, A
TI Co-creation of welfare services
in Danish municipalities
SO GLOBAL ENVIRONMENTAL CHANGE-HUMAN AND POLICY DIMENSIONS
AB First line of the abstract.
Second line of the abstract.
PY 2019
ER

PT J
AUGilles, Marc
TI Second record
PY 2020
ER

EF
"""


def test_web_of_science_continuation_lines_without_indentation_continue_their_field(tmp_path: Path) -> None:
    records, _ = load(tmp_path, "savedrecs.txt", WOS)
    first = records[0]
    assert first.title == "Co-creation of welfare services in Danish municipalities"
    assert first.authors == ("Smith, J", "Doe, A")
    assert first.abstract == "First line of the abstract. Second line of the abstract."


def test_a_web_of_science_tag_glued_to_its_value_is_read_and_reported(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "savedrecs.txt", WOS)
    assert records[1].authors == ("Gilles, Marc",)
    (problem,) = problems
    assert (problem.code, problem.severity, problem.line, problem.key) == ("guessed-tag", "warning", 15, records[1].key)


# --- PubMed ------------------------------------------------------------------------------


def test_pmid_without_a_space_after_the_dash_is_the_pmid(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "pubmed.txt", "PMID-123\nTI  - A title.\nDP  - 2001\n\nPMID-124\nTI  - B.\n")
    assert [(r.key, r.fields["pmid"], r.title) for r in records] == [("pmid123", "123", "A title"), ("pmid124", "124", "B")]
    assert problems == []


def test_pubmed_central_blocks_opening_with_pmc_or_pmcr_are_kept(tmp_path: Path) -> None:
    text = ("PMC - PMC9\nTI  - Only in PubMed Central.\n\n"
            "PMCR- 2020/01/01\nPMC - PMC8\nPMID- 125\nTI  - With a release date.\n")
    records, problems = load(tmp_path, "pmc.nbib", text)
    assert [(r.key, r.title) for r in records] == [("pmc9", "Only in PubMed Central"), ("pmid125", "With a release date")]
    assert problems == []


def test_a_pmc_only_file_is_recognised_as_pubmed(tmp_path: Path) -> None:
    records, _ = load(tmp_path, "pmc.txt", "PMC - PMC9\nTI  - Only in PubMed Central.\n")
    assert [r.key for r in records] == ["pmc9"]


# --- BibTeX ------------------------------------------------------------------------------


def bibtex_both_ways(text: str) -> list[tuple[list[sl.Record], list[sl.Problem]]]:
    """What the fast scanner and bibtexparser alone make of a text: both must agree."""
    return [parse_bibtex(text, "a.bib"), parse_bibtex(text, "a.bib", fast=False)]


def test_a_missing_comma_between_fields_gives_both_fields_and_a_warning() -> None:
    for records, problems in bibtex_both_ways("@article{a,\n  title = {A}\n  file = {a.pdf},\n  year = 2001\n}\n"):
        (record,) = records
        assert (record.title, record.fields["file"], record.year) == ("A", "a.pdf", 2001)
        (problem,) = problems
        assert (problem.key, problem.severity) == ("a", "warning") and "comma after field 'title'" in problem.message


def test_entries_without_a_key_are_kept_under_a_generated_key(tmp_path: Path) -> None:
    text = ("@article{,\n  title = {Comma but no key}, year = 2001}\n"
            "@article{\n  title = {No key at all},\n  year = 2002\n}\n")
    records, problems = load(tmp_path, "endnote.bib", text)
    assert [(r.title, r.year) for r in records] == [("Comma but no key", 2001), ("No key at all", 2002)]
    assert all(r.key for r in records) and len({r.key for r in records}) == 2
    assert {(p.line, p.code) for p in problems} >= {(1, "empty-key"), (3, "empty-key")}
    assert all(p.severity == "warning" for p in problems)


def test_a_field_without_a_value_loses_only_itself_with_a_warning(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "endnote.bib", "@article{b,\n  title = {Kept},\n  day,\n  year = 2003\n}\n")
    assert [(r.key, r.title, r.year) for r in records] == [("b", "Kept", 2003)]
    (problem,) = problems
    assert problem.severity == "warning" and "'day'" in problem.message


def test_an_entry_opened_with_a_brace_and_closed_with_a_parenthesis_is_read(tmp_path: Path) -> None:
    records, problems = load(tmp_path, "a.bib", "@article{c, title = {Paren}, year = 2004)\n@book{d, title = {Next}}\n")
    assert [(r.key, r.title) for r in records] == [("c", "Paren"), ("d", "Next")]
    assert [(p.key, p.severity) for p in problems] == [("c", "warning")]



def test_a_crossref_to_a_book_gives_the_book_title_as_booktitle_even_over_an_empty_one() -> None:
    text = ("@article{a, crossref = {b}, title = {Chapter}, booktitle = {}}\n"
            "@book{b, title = {The Book}, subtitle = {A Guide}, publisher = {Polity}, year = 2001}\n"
            "@periodical{j, title = {Politica}, year = 2002}\n@article{c, crossref = {j}, title = {Paper}}\n")
    records = {r.key: r for r in parse_bibtex(text)[0]}
    assert (records["a"].fields["booktitle"], records["a"].fields["booksubtitle"]) == ("The Book", "A Guide")
    assert (records["a"].title, records["a"].year, records["a"].fields["publisher"]) == ("Chapter", 2001, "Polity")
    assert (records["c"].fields["journaltitle"], records["c"].venue, records["c"].title) == ("Politica", "Politica", "Paper")


# --- names and citations -----------------------------------------------------------------


def test_old_scopus_affiliation_letters_leave_the_names() -> None:
    text = ("@ARTICLE{x, author={Ackermann, E.a b and Radev, D.b and Grimaldi, G.M.f and Silva, J. da},\n"
            "title={T}, year={2010}}\n")
    (record,), _ = parse_bibtex(text)
    assert record.authors == ("Ackermann, E.", "Radev, D.", "Grimaldi, G.M.", "Silva, J. da")
    assert format_reference(record, "apa").text.startswith("Ackermann, E., Radev, D., Grimaldi, G. M., &")


@pytest.mark.skipif(not OLD_SCOPUS.is_file(), reason="the shared real data folder is not beside the project")
def test_no_reference_of_an_old_scopus_export_carries_affiliation_letters() -> None:
    records, _ = load_file(OLD_SCOPUS)
    texts = [format_reference(r, style).text for r in records for style in ("apa", "harvard", "chicago")]
    assert len(records) == 425
    assert [t for t in texts if re.search(r"\b[A-Z]\.(?: [a-z]{1,2}\.)+(?=[ ,])", t)] == []


WOS_JOURNAL = "GLOBAL ENVIRONMENTAL CHANGE-HUMAN AND POLICY DIMENSIONS"


@pytest.mark.parametrize("style", ["apa", "harvard", "chicago"])
def test_an_all_caps_journal_name_is_cited_in_title_case_and_kept_in_the_record(tmp_path: Path, style: str) -> None:
    text = f"PT J\nAU Sorensen, E\nTI Co-creation\nSO {WOS_JOURNAL}\nPY 2019\nVL 5\nER\n"
    (record,), _ = load(tmp_path, "savedrecs.txt", text)
    assert record.venue == WOS_JOURNAL and record.fields["journal"] == WOS_JOURNAL
    cited = format_reference(record, style).text
    assert "Global Environmental Change-Human and Policy Dimensions" in cited and WOS_JOURNAL not in cited


def test_acronyms_in_an_all_caps_journal_name_stay_in_capitals() -> None:
    record = sl.Record(key="k", entry_type="article", title="T", authors=("Lee, K",), year=2020,
                       fields={"journal": "IEEE TRANSACTIONS ON ENGINEERING MANAGEMENT"})
    assert "IEEE Transactions on Engineering Management" in format_reference(record, "apa").text
