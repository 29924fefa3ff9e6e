"""PubMed MEDLINE exports (.nbib, PubMed .txt): what PubMed writes, and what goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.read.loading import load_file
from socinno_lit.read.medline import parse_medline

# Two records as PubMed's "Save > PubMed format" writes them (values wrapped at 80
# columns on lines that start with six spaces), a third without the blank line before it.
PUBMED = """\
PMID- 31234567
OWN - NLM
STAT- MEDLINE
DP  - 2019 Nov
TI  - Co-production of welfare services with citizens: a study of Danish
      municipalities.
PG  - 112-30
LID - 10.1016/j.socscimed.2019.112345 [doi]
AB  - Municipalities in Denmark increasingly invite citizens and voluntary
      organisations to co-produce care.
FAU - Sørensen, Eva
AU  - Sørensen E
AD  - Department of Social Sciences, Roskilde University, Roskilde, Denmark.
FAU - Torfing, Jacob
AU  - Torfing J
LA  - dan
PT  - Journal Article
TA  - Soc Sci Med
JT  - Social science & medicine (1982)
OT  - co-production
OT  - social innovation
MH  - Humans
MH  - Denmark

PMID- 30000001
TI  - [Social enterprises in Norway].
AB  -
CN  - Nordic Working Group on Social Enterprise
DP  - 2018
PT  - Book
PB  - Nordic Council
PMID- 30000002
TI  - Volunteering and public services.
AU  - Smith J
AD  - University of Leeds, Leeds, UK.
DP  - 2017 Jan 5
JT  - Voluntas
"""


def write(tmp_path: Path, text: str, name: str = "pubmed.nbib", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("name", ["pubmed.nbib", "pubmed-export.txt"])
def test_pubmed_records_are_read_with_their_fields(tmp_path: Path, name: str, newline: str) -> None:
    corpus = sl.load(write(tmp_path, PUBMED, name, newline))
    assert [r.key for r in corpus] == ["pmid31234567", "pmid30000001", "pmid30000002"]
    first = corpus["pmid31234567"]
    assert first.title == "Co-production of welfare services with citizens: a study of Danish municipalities"
    assert first.abstract.startswith("Municipalities in Denmark increasingly invite citizens and voluntary organisations")
    assert first.authors == ("Sørensen, Eva", "Torfing, Jacob")
    assert (first.year, first.doi, first.venue) == (2019, "10.1016/j.socscimed.2019.112345",
                                                    "Social science & medicine (1982)")
    assert first.affiliations == ("Department of Social Sciences, Roskilde University, Roskilde, Denmark",)
    assert {"co-production", "social innovation"} <= set(first.keywords)
    assert first.source.line == 1 and first.entry_type == "article"
    book = corpus["pmid30000001"]
    assert (book.entry_type, book.authors, book.abstract) == ("book", ("Nordic Working Group on Social Enterprise",), "")
    third = corpus["pmid30000002"]
    assert third.authors == ("Smith, J",) and third.year == 2017 and third.source.line == 32
    assert not corpus.problems_with(severity="error")


def test_pubmed_records_are_classified_by_affiliation_and_language() -> None:
    records, _ = parse_medline(PUBMED, "pubmed.nbib")
    corpus = sl.classify(sl.Corpus(records), "denmark")
    assert [r.context for r in corpus] == ["denmark", "international", "international"]


def test_a_record_without_pmid_or_title_is_a_problem_and_the_rest_loads(tmp_path: Path) -> None:
    damaged = PUBMED.replace("PMID- 30000001\nTI  - [Social enterprises in Norway].\n", "")
    corpus = sl.load(write(tmp_path, damaged))
    assert [r.key for r in corpus] == ["pmid31234567", "pmid30000002"]
    (problem,) = corpus.problems_with(code="unparsable-entry")
    assert problem.line == 25 and problem.severity == "error"


def test_a_large_pubmed_file_read_in_chunks_gives_the_same_records(tmp_path: Path) -> None:
    path = write(tmp_path, PUBMED * 40, newline="\r\n")
    whole = load_file(path)
    chunked = load_file(path, chunk_threshold=0, chunk_bytes=1000)
    assert len(whole[0]) == 120
    assert [(r.key, dict(r.fields), r.source) for r in chunked[0]] == \
        [(r.key, dict(r.fields), r.source) for r in whole[0]]
    assert sorted(map(str, chunked[1])) == sorted(map(str, whole[1]))


def test_pubmed_central_records_open_with_their_pmc_line(tmp_path: Path) -> None:
    text = "\nPMC - PMC6055010\nPMID- 30042925\nTI  - First.\n\nPMC - PMC6089999\nPMID- 30123504\nTI  - Second.\n"
    corpus = sl.load(write(tmp_path, text, "pmc_medlars.txt"))
    assert [(r.key, r.fields["pmcid"], r.source.line) for r in corpus] == \
        [("pmid30042925", "PMC6055010", 2), ("pmid30123504", "PMC6089999", 6)]
    assert not corpus.problems_with(severity="error")
