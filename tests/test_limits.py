"""Limits: huge fields, braces nested thousands deep, and large files read in bounded memory."""

from __future__ import annotations

import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import pytest
from conftest import SHARED_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import socinno_lit as sl
from socinno_lit.read.bibtex import MAX_BRACE_DEPTH, MAX_FIELD_CHARS, parse_bibtex
from socinno_lit.read.latex import decode_latex
from socinno_lit.read.loading import SUFFIXES, load_file
from socinno_lit.read.names import split_authors

DOMAIN = SHARED_DATA / "domain"
REAL_FILES = sorted(p for p in SHARED_DATA.rglob("*") if p.suffix.lower() in SUFFIXES) \
    if SHARED_DATA.is_dir() else []
_KEY = re.compile(r"(@\s*\w+\s*\{)\s*([^,\s]*)\s*,")
HUGE = "lorem ipsum dolor " * 200_000  # 3.6 million characters

HUGE_FIELD_FILES = {
    "refs.bib": f"@article{{a, title={{A}}, abstract={{{HUGE}}}}}\n@article{{b, title={{B}}}}\n",
    "refs.ris": f"TY  - JOUR\nTI  - A\nAB  - {HUGE}\nER  - \nTY  - JOUR\nTI  - B\nER  - \n",
    "savedrecs.txt": f"FN Web of Science\nVR 1.0\nPT J\nTI A\nAB {HUGE}\nER\nPT J\nTI B\nER\nEF\n",
    "refs.csv": f'Title,Abstract\nA,"{HUGE}"\nB,short\n',
    "pubmed.nbib": f"PMID- 1\nTI  - A\nAB  - {HUGE}\n\nPMID- 2\nTI  - B\n",
}
# The same megabytes wrapped over 200,000 lines, as exporters wrap long values.
WRAPPED = "\n".join(["lorem ipsum dolor"] * 200_000)
HUGE_FIELD_FILES.update({
    "wrapped.ris": f"TY  - JOUR\nTI  - A\nAB  - {WRAPPED}\nER  - \nTY  - JOUR\nTI  - B\nER  - \n",
    "wrapped-savedrecs.txt": "FN Web of Science\nVR 1.0\nPT J\nTI A\nAB " + WRAPPED.replace("\n", "\n   ")
                             + "\nER\nPT J\nTI B\nER\nEF\n",
    "wrapped.nbib": "PMID- 1\nTI  - A\nAB  - " + WRAPPED.replace("\n", "\n      ") + "\n\nPMID- 2\nTI  - B\n",
})


def comparable(result: tuple[list[sl.Record], list[sl.Problem]]) -> tuple[list[tuple[object, ...]], list[str]]:
    records, problems = result
    return [(r.key, r.entry_type, dict(r.fields), r.source) for r in records], sorted(map(str, problems))


@pytest.mark.parametrize("name", sorted(HUGE_FIELD_FILES))
def test_a_field_of_megabytes_is_cut_with_a_warning_in_every_format(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(HUGE_FIELD_FILES[name])
    start = time.perf_counter()
    corpus = sl.load(path)
    assert time.perf_counter() - start < 20
    assert [r.title for r in corpus] == ["A", "B"]
    assert len(corpus[0].abstract) <= MAX_FIELD_CHARS
    (problem,) = corpus.problems_with(code="field-too-long")
    assert problem.key == corpus[0].key and problem.line is not None and "abstract" in problem.message


def test_latex_decoding_of_a_huge_field_is_linear() -> None:
    def seconds(n: int) -> float:
        text = "{\\o}rsted \\'e \\unknowncommand{x} $x^2$ -- " * n
        start = time.perf_counter()
        decode_latex(text)
        return time.perf_counter() - start

    small, large = seconds(1_000), seconds(8_000)
    assert large < 24 * small + 1.0  # 8 times the text: linear is about 8 times the time


@pytest.mark.parametrize("depth", [MAX_BRACE_DEPTH + 1, 3_000, 100_000])
def test_braces_nested_thousands_deep_are_a_warning_not_a_crash(depth: int) -> None:
    deep = "{" * depth + "x" + "}" * depth
    text = (f"@article{{a, title={{{deep}}}, author={{{deep} and Berg, Ann}}}}\n"
            f'@article{{b, title="{deep}"}}\n'
            f"@string{{m = {{{deep}}}}}\n@article{{c, journal = m}}\n"
            f"@comment{{{deep}}}\n@preamble{{{deep}}}\n"
            f"@article{{open, title={{{'{' * depth}\n"
            "@article{last, title={Still read}}\n")
    records, problems = parse_bibtex(text)
    assert [r.key for r in records] == ["a", "b", "c", "last"]
    assert records[0].title == "x" and records[1].title == "x" and records[2].venue == "x"
    nesting = [p for p in problems if p.code == "brace-nesting"]
    assert {p.key for p in nesting} == {"a", "b", "c"}
    assert [p.key for p in problems if p.code == "unparsable-entry"] == ["open"]


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_latex_and_name_parsing_survive_deep_nesting_given_directly(depth: int) -> None:
    for text in ("{" * depth + "x" + "}" * depth, "\\textbf{" * depth + "x" + "}" * depth,
                 "\\unknown{" * depth, "$" + "{" * depth + "$", "{" * depth):
        assert isinstance(decode_latex(text), str)
        assert isinstance(decode_latex(text, fallback=False, keep_braces=True), str)
        assert isinstance(split_authors(text + " and Berg, Ann"), tuple)


def test_deep_nesting_does_not_depend_on_the_recursion_limit() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)  # as in a deep call stack of a user's program
    try:
        records, problems = parse_bibtex("@article{a, title={" + "{" * 5_000 + "x" + "}" * 5_000 + "}}")
    finally:
        sys.setrecursionlimit(limit)
    assert records[0].title == "x" and problems[0].code == "brace-nesting"


@pytest.mark.skipif(not REAL_FILES, reason="the shared real data folder is not beside the project")
@pytest.mark.parametrize("path", [p for p in REAL_FILES if p.stat().st_size > 2_000],
                         ids=lambda p: str(p.relative_to(SHARED_DATA)))
def test_every_real_file_reads_the_same_in_small_chunks(path: Path) -> None:
    chunk = max(1_000, path.stat().st_size // 7)  # several pieces, cut wherever they fall
    assert comparable(load_file(path, chunk_threshold=0, chunk_bytes=chunk)) == comparable(load_file(path))


_CHUNK_TOKENS = ["@article{", "@string{m = ", "@comment{", "k1", "k2, ", "title = ", "{", "}", '"', ",", "#",
                 "\n", "\r\n", "\r", " ", "\t", "x", "é", "m", "crossref = {k1}", "TY  - JOUR", "ER  - ",
                 "AU  - A", "PT J", "ER", "Title,Year", "PMID- 1", "PMC - P", "TI  - T", "      ", "\x00", "\udcff"]


@settings(max_examples=max(1, settings.default.max_examples * 3), suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(_CHUNK_TOKENS), max_size=120).map("".join),
       st.sampled_from(["a.bib", "a.ris", "a.txt", "a.csv", "a.nbib"]), st.integers(1, 64),
       st.sampled_from(["utf-8", "cp1252", "utf-16"]))
def test_any_text_reads_the_same_in_chunks_of_any_size(text: str, name: str, chunk: int, encoding: str) -> None:
    data = text.encode(encoding, errors="surrogateescape" if encoding == "utf-8" else "replace")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            whole = comparable(load_file(path))
        except sl.InputError as err:
            with pytest.raises(sl.InputError, match=re.escape(str(err).split(": ", 1)[1])):
                load_file(path, chunk_threshold=0, chunk_bytes=chunk)
            return
        assert comparable(load_file(path, chunk_threshold=0, chunk_bytes=chunk)) == whole


def large_file(folder: Path, megabytes: float) -> Path:
    """A BibTeX file of about ``megabytes`` MB: the real domain exports repeated, keys made fresh."""
    texts = [p.read_text(encoding="utf-8-sig") for p in sorted(DOMAIN.glob("*.bib"))]
    path = folder / "large.bib"
    with path.open("w", encoding="utf-8", newline="") as out:
        copy = 0
        while out.tell() < megabytes * 1e6:
            copy += 1
            for text in texts:
                out.write(_KEY.sub(lambda m, c=copy: f"{m.group(1)}r{c}-{m.group(2)},", text) + "\r\n")
    return path


@pytest.mark.skipif(not DOMAIN.is_dir(), reason="the shared real data folder is not beside the project")
def test_a_large_file_read_in_chunks_gives_the_records_of_reading_it_whole(tmp_path: Path) -> None:
    path = large_file(tmp_path, 12)
    chunked = load_file(path, chunk_threshold=1_000_000, chunk_bytes=1_000_000)
    assert comparable(chunked) == comparable(load_file(path))
    assert len(chunked[0]) > 5_000


@pytest.mark.slow
@pytest.mark.skipif(not DOMAIN.is_dir(), reason="the shared real data folder is not beside the project")
def test_an_80_megabyte_file_is_read_in_chunks_by_default_with_the_same_records(tmp_path: Path) -> None:
    path = large_file(tmp_path, 80)
    chunked = sl.load(path)  # above CHUNK_THRESHOLD: chunked
    whole = load_file(path, chunk_threshold=path.stat().st_size + 1)
    assert comparable((list(chunked.records), [p for p in chunked.problems if p.code != "missing-abstract"])) \
        == comparable(whole)


@pytest.mark.skipif(not DOMAIN.is_dir(), reason="the shared real data folder is not beside the project")
def test_chunked_loading_holds_the_records_plus_a_bounded_working_set(tmp_path: Path) -> None:
    path = large_file(tmp_path, 6)
    chunk = 256 * 1024

    def working_set(**options: int) -> tuple[float, float]:
        tracemalloc.start()
        try:
            result = load_file(path, **options)
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert result[0]
        return peak - held, held

    chunked, held = working_set(chunk_threshold=0, chunk_bytes=chunk)
    whole, _ = working_set()
    size = path.stat().st_size
    assert whole > size  # the whole file's bytes and text at once
    assert chunked < 24 * chunk + 0.02 * held, (chunked, whole, held)


@pytest.mark.parametrize("data", [b"\x00", b"just notes\x00 here\n", b"\xff\xfe"])
def test_a_file_in_no_known_format_gives_the_same_problems_whole_and_in_chunks(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(data)
    try:
        whole = load_file(path)
    except sl.InputError as err:
        with pytest.raises(sl.InputError, match=re.escape(str(err).split(": ", 1)[1])):
            load_file(path, chunk_threshold=0, chunk_bytes=1)
        return
    assert comparable(load_file(path, chunk_threshold=0, chunk_bytes=1)) == comparable(whole)


def test_a_csv_header_cell_of_megabytes_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scopus.csv"
    path.write_text(f"Title,Abstract{HUGE}\nCo-creation,short\n", encoding="utf-8")
    assert [r.title for r in sl.load(path)] == ["Co-creation"]


def test_a_huge_field_of_unknown_commands_is_decoded_without_the_slow_fallback() -> None:
    from socinno_lit.read.bibtex import parse_bibtex

    text = "@manual{k, author = {Kime, P" + "\\unknowncommand{x} " * 12_000 + " and Doe, J}, title = {T}}\n"
    start = time.perf_counter()
    records, problems = parse_bibtex(text, "x.bib")
    assert time.perf_counter() - start < 10  # pylatexenc alone took 2.8 s on this, with a noisy tail
    assert "\\unknowncommand" not in records[0].fields["author"]
    assert [p.code for p in problems] == ["field-too-long"]
