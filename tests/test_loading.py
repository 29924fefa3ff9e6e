"""load(): paths, folders, external abstracts and clear errors for unusable input."""

from __future__ import annotations

from pathlib import Path

import pytest

import socinno_lit as sl


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "a.bib").write_text("@article{s2019, title={Co-creation}, year=2019}\n@article{t2020, title={Other}}\n")
    (tmp_path / "b.ris").write_text("TY  - JOUR\nID  - r2021\nTI  - From RIS\nAB  - Has one.\nER  - \n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not a bibliography")
    return tmp_path


def test_a_folder_loads_every_supported_file_in_order(folder: Path) -> None:
    corpus = sl.load(folder)
    assert corpus.keys == ("s2019", "t2020", "r2021")
    assert [Path(f).name for f in corpus.files] == ["a.bib", "b.ris"]


def test_abstracts_from_a_folder_of_key_files(folder: Path, tmp_path: Path) -> None:
    abstracts = tmp_path / "abstracts"
    abstracts.mkdir()
    (abstracts / "s2019.txt").write_text("Citizens and municipalities\n co-create services.")
    (abstracts / "nobody.txt").write_text("Orphan.")
    corpus = sl.load(folder / "a.bib", folder / "b.ris", abstracts=abstracts)
    assert corpus["s2019"].abstract == "Citizens and municipalities co-create services."
    missing = {p.key for p in corpus.problems_with(code="missing-abstract")}
    assert missing == {"t2020"}
    assert [p.key for p in corpus.problems_with(code="unknown-abstract-key")] == ["nobody"]


def test_abstracts_from_a_csv(folder: Path, tmp_path: Path) -> None:
    csv = tmp_path / "abstracts.csv"
    csv.write_text('key,abstract\ns2019,"From the CSV, with a comma."\n')
    corpus = sl.load(folder / "a.bib", abstracts=csv)
    assert corpus["s2019"].abstract == "From the CSV, with a comma."
    assert corpus["t2020"].abstract == ""


def test_a_record_without_abstract_still_takes_part_with_a_warning(folder: Path) -> None:
    corpus = sl.load(folder / "a.bib")
    assert len(corpus) == 2
    assert {p.key for p in corpus.problems_with(code="missing-abstract")} == {"s2019", "t2020"}
    assert "Co-creation" in corpus["s2019"].text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.bib", "no such file"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "holds no"),
    ],
)
def test_unusable_paths_raise_a_clear_error(tmp_path: Path, make: object, message: str) -> None:
    with pytest.raises(sl.InputError, match=message):
        sl.load(make(tmp_path))  # type: ignore[operator]


def test_a_binary_file_raises_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "image.bib"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(sl.InputError, match="binary"):
        sl.load(path)


def test_abstracts_csv_without_the_columns_is_a_clear_error(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text\n1,x\n")
    with pytest.raises(sl.InputError, match="'key' and 'abstract'"):
        sl.load(folder / "a.bib", abstracts=bad)


def test_an_empty_file_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.bib"
    path.write_text("")
    corpus = sl.load(path)
    assert len(corpus) == 0
    assert [p.code for p in corpus.problems] == ["empty-file"]


def test_a_txt_export_with_a_long_note_above_its_records_is_still_recognised(tmp_path: Path) -> None:
    note = "Exported for the review; search string and notes follow. " * 400  # far past the head
    path = tmp_path / "pubmed.txt"
    path.write_text(note + "\n\nTY  - JOUR\nTI  - Co-production in Aarhus\nPY  - 2020\nER  - \n", encoding="utf-8")
    corpus = sl.load(path)
    assert [r.title for r in corpus] == ["Co-production in Aarhus"]


def test_text_in_no_known_format_is_a_problem_and_the_rest_of_the_folder_loads(tmp_path: Path) -> None:
    (tmp_path / "search-strings.txt").write_text("TITLE-ABS-KEY(social innovation) AND Denmark\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text("@article{a, title={A}}\n", encoding="utf-8")
    corpus = sl.load(tmp_path)
    assert [r.key for r in corpus] == ["a"]
    (problem,) = corpus.problems_with(code="unknown-format")
    assert problem.severity == "error" and problem.file.endswith("search-strings.txt")
    with pytest.raises(sl.StrictModeError):
        sl.load(tmp_path, strict=True)


def test_the_pipeline_says_why_when_no_record_was_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(sl.InputError, match=r"no record was read: .*notes.txt.*unknown-format"):
        sl.analyse(path)
