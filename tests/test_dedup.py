"""Deduplication: the same work exported twice becomes one record, nothing lost."""

from __future__ import annotations

from conftest import shared

import socinno_lit as sl


def rec(key: str, **kw: object) -> sl.Record:
    return sl.Record(key=key, **kw)  # type: ignore[arg-type]


def test_same_doi_after_normalising_case_and_url_prefix() -> None:
    a = rec("a", title="Co-creation", doi="10.1177/abc")
    b = rec("b", title="Co-creation.", fields={"doi": "https://doi.org/10.1177/ABC"},
            doi="10.1177/abc", abstract="Longer text")
    clean = sl.Corpus((a, b)).deduplicate()
    assert clean.keys == ("a",)
    assert dict(clean.merged) == {"a": ("b",)}
    assert clean["a"].abstract == "Longer text"
    assert clean.problems_with(code="duplicate-merged")[0].key == "b"


def test_same_title_year_and_first_author_with_different_punctuation_and_case() -> None:
    a = rec("a", title="“Public-Sector Innovation” in Denmark", year=2019, authors=("Torfing, J.",))
    b = rec("b", title="Public sector innovation in denmark", year=2019, authors=("Torfing, Jacob",))
    assert len(sl.Corpus((a, b)).deduplicate()) == 1


def test_near_identical_titles_are_merged_but_different_works_are_not() -> None:
    a = rec("a", title="Collaborative innovation in the public sector: the case of Danish municipalities",
            year=2012, authors=("Hartley, J",))
    typo = rec("b", title="Collaborative innovation in the public sector: the case of Danish municipalites",
               year=2012, authors=("Hartley, Jean",))
    other = rec("c", title="Collaborative innovation in the private sector: the case of Danish firms",
                year=2012, authors=("Hartley, J",))
    clean = sl.Corpus((a, typo, other)).deduplicate()
    assert clean.keys == ("a", "c")


def test_conflicting_doi_year_or_author_keeps_records_apart() -> None:
    a = rec("a", title="Introduction", year=2010, authors=("Smith, A",), doi="10.1/aaa1")
    b = rec("b", title="Introduction", year=2015, authors=("Jones, B",), doi="10.1/bbb2")
    assert len(sl.Corpus((a, b)).deduplicate()) == 2


def test_a_mistyped_doi_does_not_merge_unrelated_works() -> None:
    a = rec("a", title="Heroic history and public spectacle", year=1991, authors=("Thomas, J",), doi="10.25911/x")
    b = rec("b", title="Never waste a crisis at the national museum", year=2021, authors=("Thornton, M",),
            doi="10.25911/x")
    assert len(sl.Corpus((a, b)).deduplicate()) == 2


def test_merged_record_is_the_union_and_the_richer_value_wins() -> None:
    a = rec("a", title="T", keywords=("co-creation",), affiliations=("Aalborg University, Denmark",),
            fields={"title": "T", "note": "short"}, doi="10.1/x")
    b = rec("b", title="T", keywords=("Co-creation", "welfare"), abstract="An abstract.",
            fields={"title": "T", "note": "a longer note", "isbn": "123"}, doi="10.1/x")
    (merged,) = sl.Corpus((a, b)).deduplicate().records
    assert merged.keywords == ("co-creation", "welfare")
    assert merged.affiliations == ("Aalborg University, Denmark",)
    assert merged.fields["note"] == "a longer note"
    assert merged.fields["isbn"] == "123"
    assert merged.abstract == "An abstract."


def test_zotero_library_as_bibtex_and_ris_collapses_to_its_100_works() -> None:
    corpus = sl.load(shared("formats", "zotero_public_history.bib"), shared("formats", "zotero_public_history.ris"))
    assert len(corpus) == 200
    clean = corpus.deduplicate()
    assert len(clean) == 100
    assert sum(len(v) for v in clean.merged.values()) == 100


def test_wos_bibtex_and_ris_of_the_same_records_collapse() -> None:
    corpus = sl.load(shared("formats", "wos_healthecon_part1.bib"), shared("formats", "wos_healthecon_part2.bib"),
                     shared("formats", "wos_healthecon_all.ris"))
    assert len(corpus.deduplicate()) == 1000


def _works(*specs: tuple[str, str, int | None, str]) -> sl.Corpus:
    return sl.Corpus([sl.Record(key=f"k{i}", title=title, authors=(author,) if author else (), year=year, venue=venue)
                      for i, (title, author, year, venue) in enumerate(specs)])


def test_generic_short_titles_are_one_work_only_in_the_same_venue_and_year() -> None:
    corpus = _works(("Editorial", "", 2019, "Public Management Review"),
                    ("Editorial", "", 2019, "Voluntas"),
                    ("Editorial", "", 2020, "Voluntas"),
                    ("Editorial", "Torfing, J", 2019, "Public Management Review"),
                    ("Editorial", "", None, ""),
                    ("Editorial", "", 2019, "PUBLIC MANAGEMENT REVIEW"))
    assert sorted(corpus.deduplicate().merged.items()) == [("k0", ("k5",))]  # k3 names an author: kept apart


def test_numbered_parts_and_authorless_works_in_other_venues_stay_apart() -> None:
    corpus = _works(("Social innovation in the Nordic welfare states: Part 1", "Evers, A", 2014, ""),
                    ("Social innovation in the Nordic welfare states: Part 2", "Evers, A", 2014, ""),
                    ("Introduction to the special issue on co-production", "", 2018, "Voluntas"),
                    ("Introduction to the special issue on co-production", "", 2018, "Policy and Politics"),
                    ("Introduction to the special issue on co-production.", "", 2018, "Voluntas"))
    assert dict(corpus.deduplicate().merged) == {"k2": ("k4",)}


def test_thousands_of_works_of_one_author_and_year_are_compared_in_smaller_blocks() -> None:
    import time

    corpus = _works(*((f"Co-creation in public services: municipal case {i}", "Smith, J", 2020, "")
                      for i in range(20_000)))
    start = time.perf_counter()
    assert len(corpus.deduplicate()) == 20_000
    assert time.perf_counter() - start < 30  # one block of 20,000 would be 200 million comparisons
