"""Web of Science "Tab-delimited file" exports: one row per record, columns named by tag."""

from __future__ import annotations

from pathlib import Path

import pytest

import socinno_lit as sl
from socinno_lit.read.loading import load_file

HEADER = ("PT AU BA BE GP AF BF CA TI SO SE BS LA DT CT CY CL SP HO DE ID AB C1 C3 RP EM RI OI FU FP FX CR "
          "NR TC Z9 U1 U2 PU PI PA SN EI BN J9 JI PD PY VL IS PN SU SI MA BP EP AR DI DL D2 EA PG WC WE SC "
          "GA PM OA HC HP DA UT").split()


def row(**values: str) -> str:
    return "\t".join(values.get(tag, "") for tag in HEADER)


ROWS = [
    row(PT="J", AU="Sorensen, E; Torfing, J", AF="Sorensen, Eva; Torfing, Jacob",
        TI="Co-creation of public value in Danish municipalities", SO="PUBLIC MANAGEMENT REVIEW", LA="English",
        DT="Article", DE="co-creation; social innovation", ID="GOVERNANCE; INNOVATION",
        AB="Danish municipalities invite citizens to co-create welfare services.",
        C1="[Sorensen, Eva; Torfing, Jacob] Roskilde Univ, Dept Social Sci & Business, Roskilde, Denmark",
        PY="2019", VL="21", IS="8", BP="1143", EP="1162", DI="10.1080/14719037.2018.1559346",
        UT="WOS:000463018600001"),
    row(PT="J", AU="Mulgan, G", AF="Mulgan, Geoff", TI="The process of social innovation", SO="INNOVATIONS",
        DT="Article", C1="[Mulgan, Geoff] Young Fdn, London, England", PY="2006", UT="WOS:000207722800011"),
]


def write(tmp_path: Path, newline: str = "\r\n", encoding: str = "utf-8-sig") -> Path:
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(newline.join(["\t".join(HEADER), *ROWS, ""]).encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_tab_delimited_records_are_read_with_their_fields(tmp_path: Path, encoding: str) -> None:
    corpus = sl.load(write(tmp_path, encoding=encoding))
    assert len(corpus) == 2 and not corpus.problems_with(severity="error")
    first = corpus[0]
    assert first.title == "Co-creation of public value in Danish municipalities"
    assert first.authors == ("Sorensen, Eva", "Torfing, Jacob")
    assert (first.year, first.doi, first.entry_type) == (2019, "10.1080/14719037.2018.1559346", "article")
    assert first.fields["pages"] == "1143--1162" and first.fields["ids"] == "WOS:000463018600001"
    assert first.affiliations == ("[Sorensen, Eva; Torfing, Jacob] Roskilde Univ, Dept Social Sci & Business, "
                                  "Roskilde, Denmark",)
    assert {"co-creation", "social innovation"} <= {k.lower() for k in first.keywords}
    assert corpus[1].authors == ("Mulgan, Geoff",)


def test_tab_delimited_records_are_classified_by_their_addresses(tmp_path: Path) -> None:
    corpus = sl.classify(sl.load(write(tmp_path)), "denmark")
    assert [r.context for r in corpus] == ["denmark", "international"]


def test_a_tab_delimited_file_reads_the_same_in_chunks(tmp_path: Path) -> None:
    path = write(tmp_path)
    whole = load_file(path)
    chunked = load_file(path, chunk_threshold=0, chunk_bytes=300)
    assert [(r.key, dict(r.fields)) for r in chunked[0]] == [(r.key, dict(r.fields)) for r in whole[0]]
