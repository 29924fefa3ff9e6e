"""RIS, Web of Science plain text and CSV exports load into the same Records."""

from __future__ import annotations

from pathlib import Path

from conftest import shared

import socinno_lit as sl

RIS = (
    "TY  - JOUR\r\n"
    "AU  - Sørensen, Eva\r\n"
    "AU  - Torfing, Jacob\n"
    "TI  - Co-creation in\r"
    "  Danish municipalities\n"
    "PY  - 2016\n"
    "JO  - Administration & Society\n"
    "AB  - We study how municipalities\n"
    "co-create services with citizens.\n"
    "KW  - co-creation\n"
    "KW  - local government\n"
    "DO  - 10.1177/0095399716680057\n"
    "AD  - Roskilde University, Roskilde, Denmark\n"
    "ER  - \n"
    "\n"
    "AU  - Lost, Type\n"
    "TI  - A record without TY\n"
    "ER  - \n"
    "TY  - BOOK\n"
    "TI  - Last record without an end tag\n"
    "PY  - 2001\n"
)


def test_ris_with_mixed_line_ends_bom_continuations_and_missing_tags(tmp_path: Path) -> None:
    path = tmp_path / "refs.ris"
    path.write_bytes(b"\xef\xbb\xbf" + RIS.encode("utf-8"))
    corpus = sl.load(path)
    assert len(corpus) == 3
    first = corpus[0]
    assert first.entry_type == "article"
    assert first.authors == ("Sørensen, Eva", "Torfing, Jacob")
    assert first.title == "Co-creation in Danish municipalities"
    assert first.abstract == "We study how municipalities co-create services with citizens."
    assert first.keywords == ("co-creation", "local government")
    assert first.doi == "10.1177/0095399716680057"
    assert first.affiliations == ("Roskilde University, Roskilde, Denmark",)
    assert first.venue == "Administration & Society"
    assert first.source.line == 1
    assert corpus[1].title == "A record without TY"
    assert corpus.problems_with(code="missing-type")[0].line == 16
    assert corpus[2].title == "Last record without an end tag"
    assert corpus[2].entry_type == "book"


def test_web_of_science_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "savedrecs.txt"
    path.write_text(
        "FN Clarivate Analytics Web of Science\nVR 1.0\n"
        "PT J\nAU Owen, N\n   Glanz, K\nAF Owen, Neville\n   Glanz, Karen\n"
        "TI Evidence-based approaches to dissemination\n   and diffusion\nSO AMERICAN JOURNAL OF PREVENTIVE MEDICINE\n"
        "DE diffusion; physical activity\nC1 [Owen, Neville] Univ Queensland, Brisbane, Qld, Australia.\n"
        "   [Glanz, Karen] Emory Univ, Atlanta, GA 30322 USA.\nPY 2006\nDI 10.1016/j.amepre.2006.06.008\n"
        "AB With the increasing availability of effective interventions,\n   diffusion is needed.\nER\n\nEF\n",
        encoding="utf-8",
    )
    corpus = sl.load(path)
    (record,) = corpus.records
    assert record.title == "Evidence-based approaches to dissemination and diffusion"
    assert record.authors == ("Owen, N", "Glanz, K")
    assert record.year == 2006
    assert record.keywords == ("diffusion", "physical activity")
    assert len(record.affiliations) == 2
    assert record.affiliations[1].endswith("GA 30322 USA")
    assert record.abstract.endswith("diffusion is needed.")


def test_scopus_csv(tmp_path: Path) -> None:
    path = tmp_path / "scopus.csv"
    path.write_text(
        '\ufeff"Authors","Title","Year","Source title","DOI","Affiliations","Abstract","Author Keywords"\n'
        '"Hao J.; High R.","Gait in VR","2023","Ergonomics","10.1080/00140139.2022.2113152",'
        '"University of Nebraska, Omaha, United States","We measured gait.","gait; virtual reality"\n',
        encoding="utf-8",
    )
    record = sl.load(path)[0]
    assert record.authors == ("Hao, J.", "High, R.")
    assert (record.title, record.year, record.venue) == ("Gait in VR", 2023, "Ergonomics")
    assert record.keywords == ("gait", "virtual reality")
    assert record.affiliations == ("University of Nebraska, Omaha, United States",)


def test_a_continuation_line_after_a_repeated_tag_is_read_not_lost() -> None:
    # rispy alone raises TypeError here (the repeated N2 is a list by then) and the record was lost.
    from socinno_lit.read.ris import parse_tagged

    text = "TY  - JOUR\nTI  - Co-creation\nN2  - First part.\nN2  - Second part,\nwrapped on.\nER  - \n"
    records, problems = parse_tagged(text, "x.ris")
    assert [r.title for r in records] == ["Co-creation"]
    assert records[0].fields["abstract"] == "First part.; Second part, wrapped on."
    assert not [p for p in problems if p.severity == "error"]


def test_ris_with_one_space_before_the_dash_in_a_misnamed_bib_file_is_read(tmp_path: Path) -> None:
    # SAGE's export: RIS content under a .bib name, written "TY - JOUR" with one space.
    path = tmp_path / "SAGE_export.bib"
    path.write_text("TY - JOUR\nT1 - Co-creation - a review\nAU - Sørensen, Eva\nPY - 2024\n"
                    "DO - 10.1177/0300060524\nER - \n\nTY - JOUR\nT1 - Second\nER - \n", encoding="utf-8")
    corpus = sl.load(path)
    assert [(r.title, r.year) for r in corpus] == [("Co-creation - a review", 2024), ("Second", None)]
    assert corpus[0].authors == ("Sørensen, Eva",) and corpus[0].doi == "10.1177/0300060524"


def test_web_of_science_records_in_a_ris_named_file_are_read() -> None:
    corpus = sl.load(shared("messy", "rispy", "example_wos.ris"))
    assert len(corpus) == 2 and all(r.title and r.authors and r.year for r in corpus)
