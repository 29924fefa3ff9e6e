"""write_bibtex: lossless; loading what it wrote gives the same records."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import SHARED_DATA

import socinno_lit as sl
from socinno_lit.render.bibwriter import write_bibtex

BIB_FILES = sorted(SHARED_DATA.rglob("*.bib")) if SHARED_DATA.is_dir() else []
RIS_FILES = sorted(SHARED_DATA.rglob("*.ris")) if SHARED_DATA.is_dir() else []


def comparable(record: sl.Record) -> sl.Record:
    return dataclasses.replace(record, source=sl.Source("-"))


@pytest.mark.parametrize("path", BIB_FILES, ids=[p.name for p in BIB_FILES])
def test_bibtex_round_trip_keeps_every_record_field_and_value(path: Path, tmp_path: Path) -> None:
    corpus = sl.load(path)
    again = sl.load(write_bibtex(corpus, tmp_path / "out.bib"))
    assert again.keys == corpus.keys
    for before, after in zip(corpus, again, strict=True):
        assert dict(after.fields) == dict(before.fields), before.key
        assert comparable(after) == comparable(before), before.key


@pytest.mark.parametrize("path", RIS_FILES, ids=[p.name for p in RIS_FILES])
def test_ris_to_bibtex_keeps_every_mapped_field(path: Path, tmp_path: Path) -> None:
    corpus = sl.load(path)
    again = sl.load(write_bibtex(corpus, tmp_path / "out.bib"))
    for before, after in zip(corpus, again, strict=True):
        for name in ("title", "abstract", "authors", "year", "venue", "doi", "keywords", "affiliations", "language"):
            assert getattr(after, name) == getattr(before, name), (before.key, name)


def test_hostile_characters_survive_a_round_trip(tmp_path: Path) -> None:
    title = r"<script>alert(1)</script> & 100% {\bf x} \input{/etc/passwd} $x^2$ -- ~ `` ''"
    record = sl.Record(key="x", entry_type="article", fields={"title": title}, title=title)
    written = write_bibtex(sl.Corpus((record,)), tmp_path / "x.bib")
    assert sl.load(written)["x"].fields["title"] == title


def test_writing_replaces_the_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "clean.bib"
    target.write_text("old content")
    write_bibtex(sl.Corpus((sl.Record(key="a", fields={"title": "New"}),)), target)
    assert "New" in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["clean.bib"]


@pytest.mark.parametrize("author", ["{a and b} and c and D E", "Bausch and Lomb and {Bausch and Lomb}",
                                    "{World Bank} and Sørensen, Eva and {Nordic Council of Ministers}"])
def test_names_braced_around_an_and_survive_a_round_trip(tmp_path: Path, author: str) -> None:
    source = tmp_path / "in.bib"
    source.write_text(f"@misc{{k, author = {{{author}}}, title = {{T}}}}\n", encoding="utf-8")
    before = sl.load(source)
    after = sl.load(write_bibtex(before, tmp_path / "out.bib"))
    assert after[0].authors == before[0].authors
    assert after[0].fields == before[0].fields
