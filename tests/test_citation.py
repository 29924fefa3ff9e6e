"""Formatted references against hand-written expected strings, per style and entry type."""

from __future__ import annotations

import pytest

import socinno_lit as sl
from socinno_lit.render.citation import (
    Segment,
    format_reference,
    format_references,
    sort_key,
    year_suffixes,
)

HOSTILE = r"<script>alert(1)</script> & 100% {\bf x} \input{/etc/passwd}"


def rec(key: str, entry_type: str = "article", *, title: str = "", authors: tuple[str, ...] = (),
        year: int | None = None, **fields: str) -> sl.Record:
    """A record as loading would build it: fields also hold title, author and year."""
    all_fields = dict(fields)
    all_fields.update({"title": title} if title else {})
    all_fields.update({"author": " and ".join(authors)} if authors else {})
    all_fields.update({"year": str(year)} if year else {})
    return sl.Record(key=key, entry_type=entry_type, title=title, authors=authors, year=year,
                     doi=fields.get("doi", "").lower(), fields=all_fields)


ARTICLE = rec("s2019", title="Co-creating public value.", authors=("Sørensen, Eva", "Torfing, Jacob"), year=2019,
              journal="Public Administration", volume="97", number="3", pages="651--658", doi="10.1111/padm.12345")
THREE = rec("h2021", title="Social entrepreneurial intentions", year=2021,
            authors=("Hockerts, Kai", "Hansen, Mette Bak", "Jensen, Ole"),
            journal="Journal of Social Entrepreneurship", volume="12", art_number="e12",
            url="https://www.scopus.com/inward/record.uri?eid=2-s2.0-1")
REPORT = rec("wb", "techreport", title="Social innovation in Denmark", authors=("World Bank",), year=2020,
             institution="World Bank", number="123", type="Working Paper", url="https://wb.org/x")
NO_AUTHOR = rec("anon", title="Anonymous notes", journal="Politica", volume="5", pages="1-9")
BOOK_NO_YEAR = rec("t", "book", title="Collaborative innovation in the public sector", authors=("Torfing, Jacob",),
                   publisher="Georgetown University Press", edition="2")
EDITED = rec("ob", "book", title="Handbook of innovation in public services", year=2013,
             editor="Osborne, Stephen P. and Brown, Louise", publisher="Edward Elgar")
CHAPTER = rec("tc", "incollection", title="Collaborative innovation", authors=("Torfing, Jacob",), year=2016,
              booktitle="Handbook of collaborative governance", editor="Ansell, Chris and Torfing, Jacob",
              pages="1-20", publisher="Edward Elgar")
SCOPUS_CHAPTER = rec("d2009", "book", title="Transnationalization and the Georgian State: Myth or reality?",
                     authors=("Dadalauri, Nina",), year=2009, journal="The Transnationalization of Economies",
                     type="Book chapter", pages="179 – 217", publisher="Springer US",
                     doi="10.1007/978-0-387-89339-6_8")
PROCEEDINGS = rec("l2018", "inproceedings", title="Digital government transformation", year=2018,
                  authors=("Lindgren, Ida", "Van Veenstra, Anne Fleur"), booktitle="Proceedings of dg.o 2018",
                  pages="63", publisher="ACM")
PHD = rec("hm", "phdthesis", title="Co-creation in Danish municipalities", authors=("Hansen, Mette Bak",),
          year=2021, school="Aalborg University", url="https://vbn.aau.dk/x")
MASTERS = rec("jo", "mastersthesis", title="Living labs", authors=("Jensen, Ole",), year=2021,
              school="Roskilde University")
ONLINE = rec("coi", "online", title="The innovation barometer", authors=("Center for Offentlig Innovation",),
             year=2015, url="https://coi.dk/barometer", organization="COI", urldate="2024-01-02")
MISC = rec("sm", "misc", title="Slides", authors=("Smith, John",), howpublished="https://example.org/s.pdf")

EXPECTED = {
    "apa": {
        "s2019": "Sørensen, E., & Torfing, J. (2019). Co-creating public value. Public Administration, 97(3), "
                 "651–658. https://doi.org/10.1111/padm.12345",
        "h2021": "Hockerts, K., Hansen, M. B., & Jensen, O. (2021). Social entrepreneurial intentions. "
                 "Journal of Social Entrepreneurship, 12, Article e12.",
        "wb": "World Bank. (2020). Social innovation in Denmark (Working Paper No. 123). https://wb.org/x",
        "anon": "Anonymous notes. (n.d.). Politica, 5, 1–9.",
        "t": "Torfing, J. (n.d.). Collaborative innovation in the public sector (2nd ed.). Georgetown University Press.",
        "ob": "Osborne, S. P., & Brown, L. (Eds.). (2013). Handbook of innovation in public services. Edward Elgar.",
        "tc": "Torfing, J. (2016). Collaborative innovation. In C. Ansell & J. Torfing (Eds.), "
              "Handbook of collaborative governance (pp. 1–20). Edward Elgar.",
        "d2009": "Dadalauri, N. (2009). Transnationalization and the Georgian State: Myth or reality? In The "
                 "Transnationalization of Economies (pp. 179–217). Springer US. https://doi.org/10.1007/978-0-387-89339-6_8",
        "l2018": "Lindgren, I., & Van Veenstra, A. F. (2018). Digital government transformation. In Proceedings "
                 "of dg.o 2018 (p. 63). ACM.",
        "hm": "Hansen, M. B. (2021). Co-creation in Danish municipalities [Doctoral dissertation, Aalborg University]. "
              "https://vbn.aau.dk/x",
        "jo": "Jensen, O. (2021). Living labs [Master's thesis, Roskilde University].",
        "coi": "Center for Offentlig Innovation. (2015). The innovation barometer. COI. https://coi.dk/barometer",
        "sm": "Smith, J. (n.d.). Slides. https://example.org/s.pdf",
    },
    "harvard": {
        "s2019": "Sørensen, E. and Torfing, J. (2019) ‘Co-creating public value’, Public Administration, 97(3), "
                 "pp. 651–658. Available at: https://doi.org/10.1111/padm.12345",
        "h2021": "Hockerts, K., Hansen, M.B. and Jensen, O. (2021) ‘Social entrepreneurial intentions’, "
                 "Journal of Social Entrepreneurship, 12, e12.",
        "wb": "World Bank (2020) Social innovation in Denmark. Working Paper 123. Available at: https://wb.org/x",
        "anon": "‘Anonymous notes’ (n.d.), Politica, 5, pp. 1–9.",
        "t": "Torfing, J. (n.d.) Collaborative innovation in the public sector. 2nd edn. Georgetown University Press.",
        "ob": "Osborne, S.P. and Brown, L. (eds) (2013) Handbook of innovation in public services. Edward Elgar.",
        "tc": "Torfing, J. (2016) ‘Collaborative innovation’, in Ansell, C. and Torfing, J. (eds) "
              "Handbook of collaborative governance. Edward Elgar, pp. 1–20.",
        "l2018": "Lindgren, I. and Van Veenstra, A.F. (2018) ‘Digital government transformation’, in Proceedings "
                 "of dg.o 2018. ACM, p. 63.",
        "hm": "Hansen, M.B. (2021) Co-creation in Danish municipalities. PhD thesis. Aalborg University. "
              "Available at: https://vbn.aau.dk/x",
        "jo": "Jensen, O. (2021) Living labs. Master's thesis. Roskilde University.",
        "coi": "Center for Offentlig Innovation (2015) The innovation barometer. COI. Available at: "
               "https://coi.dk/barometer (Accessed: 2024-01-02).",
    },
    "chicago": {
        "s2019": "Sørensen, Eva, and Jacob Torfing. 2019. “Co-creating public value.” Public Administration 97 (3): "
                 "651–658. https://doi.org/10.1111/padm.12345.",
        "h2021": "Hockerts, Kai, Mette Bak Hansen, and Ole Jensen. 2021. “Social entrepreneurial intentions.” "
                 "Journal of Social Entrepreneurship 12: e12.",
        "wb": "World Bank. 2020. Social innovation in Denmark. Working Paper 123. https://wb.org/x.",
        "anon": "“Anonymous notes.” n.d. Politica 5: 1–9.",
        "t": "Torfing, Jacob. n.d. Collaborative innovation in the public sector. 2nd ed. Georgetown University Press.",
        "ob": "Osborne, Stephen P., and Louise Brown, eds. 2013. Handbook of innovation in public services. Edward Elgar.",
        "tc": "Torfing, Jacob. 2016. “Collaborative innovation.” In Handbook of collaborative governance, edited by "
              "Chris Ansell and Jacob Torfing, 1–20. Edward Elgar.",
        "l2018": "Lindgren, Ida, and Anne Fleur Van Veenstra. 2018. “Digital government transformation.” In "
                 "Proceedings of dg.o 2018, 63. ACM.",
        "hm": "Hansen, Mette Bak. 2021. “Co-creation in Danish municipalities.” PhD diss., Aalborg University. "
              "https://vbn.aau.dk/x.",
        "jo": "Jensen, Ole. 2021. “Living labs.” Master’s thesis, Roskilde University.",
        "coi": "Center for Offentlig Innovation. 2015. “The innovation barometer.” COI. https://coi.dk/barometer.",
    },
}
RECORDS = {r.key: r for r in (ARTICLE, THREE, REPORT, NO_AUTHOR, BOOK_NO_YEAR, EDITED, CHAPTER, SCOPUS_CHAPTER,
                              PROCEEDINGS, PHD, MASTERS, ONLINE, MISC)}


@pytest.mark.parametrize(("style", "key"), [(s, k) for s, cases in EXPECTED.items() for k in cases])
def test_reference_matches_the_style(style: str, key: str) -> None:
    assert format_reference(RECORDS[key], style).text == EXPECTED[style][key]


def test_journal_and_volume_are_italic_and_the_rest_is_not() -> None:
    segments = format_reference(ARTICLE, "apa").segments
    assert [s.text for s in segments if s.italic] == ["Public Administration", "97"]
    chicago = format_reference(ARTICLE, "chicago").segments
    assert [s.text for s in chicago if s.italic] == ["Public Administration"]


def test_book_and_container_titles_are_italic() -> None:
    assert [s.text for s in format_reference(BOOK_NO_YEAR, "apa").segments if s.italic] == [
        "Collaborative innovation in the public sector"]
    assert [s.text for s in format_reference(CHAPTER, "harvard").segments if s.italic] == [
        "Handbook of collaborative governance"]


def names(n: int) -> tuple[str, ...]:
    return tuple(f"Name{i:02d}, Anna" for i in range(1, n + 1))


def test_apa_lists_twenty_authors_and_elides_from_twenty_one() -> None:
    twenty = format_reference(rec("x", authors=names(20), year=2020, title="Big", journal="Nature"), "apa").text
    assert twenty.startswith("Name01, A., Name02, A., ") and ", & Name20, A. (2020)" in twenty
    many = format_reference(rec("x", authors=names(21), year=2020, title="Big", journal="Nature"), "apa").text
    assert many.startswith(", ".join(f"Name{i:02d}, A." for i in range(1, 20)) + ", . . . Name21, A. (2020). Big.")
    assert "Name20" not in many and "&" not in many


def test_harvard_uses_et_al_from_twenty_one_authors() -> None:
    assert format_reference(rec("x", authors=names(21), year=2020, title="Big", journal="Nature"), "harvard").text == (
        "Name01, A. et al. (2020) ‘Big’, Nature.")
    assert "Name19, A. and Name20, A. (2020)" in format_reference(
        rec("x", authors=names(20), year=2020, title="Big"), "harvard").text


def test_chicago_lists_six_authors_and_three_with_et_al_beyond() -> None:
    six = format_reference(rec("x", authors=names(6), year=2020, title="Big"), "chicago").text
    assert six.startswith("Name01, Anna, Anna Name02, Anna Name03, Anna Name04, Anna Name05, and Anna Name06. 2020.")
    seven = format_reference(rec("x", authors=names(7), year=2020, title="Big"), "chicago").text
    assert seven.startswith("Name01, Anna, Anna Name02, Anna Name03, et al. 2020. ")


def test_one_author_per_style() -> None:
    one = rec("x", authors=("Hockerts, Kai",), year=2015, title="Why do spin-offs matter?", journal="Small Business")
    assert format_reference(one, "apa").text == "Hockerts, K. (2015). Why do spin-offs matter? Small Business."
    assert format_reference(one, "harvard").text == "Hockerts, K. (2015) ‘Why do spin-offs matter?’, Small Business."
    assert format_reference(one, "chicago").text == "Hockerts, Kai. 2015. “Why do spin-offs matter?” Small Business."


@pytest.mark.parametrize(("given", "apa", "harvard", "chicago"), [
    ("Sartre, Jean-Paul", "Sartre, J.-P.", "Sartre, J.-P.", "Sartre, Jean-Paul"),
    ("Sorensen, EM", "Sorensen, E. M.", "Sorensen, E.M.", "Sorensen, E. M."),
    ("Sørensen, B.M.", "Sørensen, B. M.", "Sørensen, B.M.", "Sørensen, B. M."),
    ("King, Jr, Martin Luther", "King, M. L., Jr.", "King, M.L., Jr", "King, Martin Luther, Jr."),
])
def test_names_and_initials(given: str, apa: str, harvard: str, chicago: str) -> None:
    record = rec("x", authors=(given,), year=2000, title="T")
    assert format_reference(record, "apa").text.startswith(apa + " (2000)")
    assert format_reference(record, "harvard").text.startswith(harvard + " (2000)")
    assert format_reference(record, "chicago").text.startswith(chicago.rstrip(".") + ". 2000.")
    assert format_reference(record, "harvard").text.endswith("(2000) ‘T’.")


def test_pages_get_an_en_dash_and_database_links_are_left_out() -> None:
    for pages in ("651-658", "651 – 658", "651--658", "651—658"):
        assert "651–658" in format_reference(rec("x", title="T", pages=pages, journal="J"), "apa").text
    assert "scopus" not in format_reference(THREE, "apa").text


def test_titles_keep_their_capitals_and_lose_trailing_full_stops() -> None:
    record = rec("x", "book", title="The Danish Model of Welfare..", authors=("Aa, B",), year=2001)
    assert format_reference(record, "apa").text == "Aa, B. (2001). The Danish Model of Welfare."


def test_unknown_style_is_a_configuration_error() -> None:
    with pytest.raises(sl.ConfigurationError, match="apa, harvard, chicago"):
        format_reference(ARTICLE, "mla")


def test_sort_key_orders_by_author_then_year_then_title() -> None:
    records = [
        rec("g", title="Gamma", authors=("Hansen, Ole", "Jensen, Per"), year=2019),
        rec("b", title="Beta", authors=("Hansen, Ole",), year=2019),
        rec("z", title="The Zeta report", year=2010),
        rec("a", title="Alpha", authors=("Hansen, Ole",), year=2019),
        rec("d", title="Delta", authors=("Hansen, Ole",), year=2018),
        rec("o", title="Omega", authors=("Øst, Anne",), year=2019),
        rec("n", title="Undated", authors=("Hansen, Ole",)),
    ]
    assert [r.key for r in sorted(records, key=sort_key)] == ["n", "d", "a", "b", "g", "o", "z"]


def test_year_suffixes_tell_apart_works_of_one_author_and_year() -> None:
    records = [rec("b", "book", title="Beta", authors=("Hansen, Ole",), year=2019),
               rec("a", "book", title="Alpha", authors=("Hansen, Ole",), year=2019),
               rec("c", "book", title="Gamma", authors=("Hansen, Ole", "Jensen, Per"), year=2019)]
    assert year_suffixes(records) == ["b", "a", ""]
    texts = [r.text for r in format_references(records, "apa")]
    assert texts == ["Hansen, O. (2019a). Alpha.", "Hansen, O. (2019b). Beta.", "Hansen, O., & Jensen, P. (2019). Gamma."]
    assert [r.text for r in format_references(records, "chicago")][0] == "Hansen, Ole. 2019a. Alpha."


def test_hostile_title_is_inert_in_every_format() -> None:
    reference = format_reference(rec("evil", "book", title=HOSTILE, authors=("Aa, B",), year=2020), "apa")
    html = str(reference.html())
    assert "<script" not in html and "&lt;script&gt;" in html
    tex = reference.latex()
    assert r"\input{" not in tex and r"\bf " not in tex
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex and r"100\%" in tex and r"\&" in tex
    assert "<script" not in reference.markdown().replace("\\<script", "")


def test_links_are_rendered_per_format() -> None:
    reference = format_reference(ARTICLE, "chicago")
    assert '<a href="https://doi.org/10.1111/padm.12345">https://doi.org/10.1111/padm.12345</a>.' in str(reference.html())
    assert reference.markdown().endswith("<https://doi.org/10.1111/padm.12345>.")
    assert reference.render("text") == reference.text
    assert Segment("x").italic is False


def test_real_corpus_formats_without_gaps() -> None:
    corpus = sl.load_corpus()
    for style in ("apa", "harvard", "chicago"):
        references = format_references(corpus, style)
        assert sorted(r.key for r in references) == sorted(corpus.keys)
        for reference in references:
            assert "  " not in reference.text and ".." not in reference.text.replace(". . .", "")
            assert "()" not in reference.text and " ," not in reference.text
