"""Saved OpenAlex works read as a format, on real recorded API responses."""

from __future__ import annotations

import gzip
import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import shared

import socinno_lit as sl
from socinno_lit.read.openalex import read_openalex

SNAPS = ("openalex", "rkrug_openalexPro", "tests", "testthat", "_snaps")
SEARCH_PAGE = (*SNAPS, "005-pro_fetch_search", "json")
CHUNKS = [(*SNAPS, "008-pro_pipeline_parallel", f"json_chunk_{i}_results_page_1.json") for i in range(1, 5)]
SINGLE = ("openalex", "b-vitamins_openalex-python", "tests", "fixtures", "data", "W2741809807.json")
PROBLEMS = ("openalex", "RHO-DK_OpenAlex", "tests", "problemfil.json")


def _works(*parts: str) -> list[dict[str, Any]]:
    data = json.loads(shared(*parts).read_text(encoding="utf-8"))
    return data["results"] if "results" in data else [data]


def _abstract(index: dict[str, list[int]] | None) -> str:
    """The abstract as the test reads the inverted index: each position gets its word."""
    if not index:
        return ""
    words = {position: word for word, positions in index.items() for position in positions}
    return " ".join(words[p] for p in sorted(words))


def _institution_codes(work: dict[str, Any]) -> set[str]:
    return {i["country_code"] for a in work["authorships"] for i in a["institutions"] if i.get("country_code")}


def _by_id(corpus: sl.Corpus) -> dict[str, sl.Record]:
    return {r.fields["openalex"]: r for r in corpus}


def test_a_saved_page_gives_one_record_per_work_with_its_metadata() -> None:
    works = _works(*SEARCH_PAGE)
    corpus = sl.load(shared(*SEARCH_PAGE))
    records = _by_id(corpus)
    assert len(corpus) == len(works) == len({w["id"] for w in works}) == 200
    for work in works:
        record = records[work["id"].rsplit("/", 1)[1]]
        assert record.title == " ".join(work["title"].split())
        assert record.year == work["publication_year"]
        assert record.doi == (work["doi"] or "").removeprefix("https://doi.org/").lower()
        assert record.abstract == " ".join(_abstract(work["abstract_inverted_index"]).split())
        assert set(record.countries) == _institution_codes(work)
        assert len(record.authors) == len(work["authorships"])
        source = (work["primary_location"] or {}).get("source") or {}
        assert record.venue == (source.get("display_name") or record.venue)
        assert record.fields.get("language", "") == (work["language"] or "")
        assert record.fields.get("cited_by_count") == str(work["cited_by_count"])
        raw = {" ".join(s.split()) for a in work["authorships"] for s in a.get("raw_affiliation_strings", ()) if s.strip()}
        assert set(record.affiliations) == raw
    with_abstract = sum(1 for w in works if w["abstract_inverted_index"])
    assert sum(1 for r in corpus if r.abstract) == with_abstract
    assert not [p for p in corpus.problems if p.code == "missing-abstract" and p.key in {
        r.key for r in corpus if r.abstract}]


def test_referenced_works_and_the_id_are_kept_as_fields() -> None:
    (work,) = _works(*SINGLE)
    (record,) = sl.load(shared(*SINGLE)).records
    assert record.fields["openalex"] == "W2741809807"
    assert record.fields["referenced_works"].split() == [w.rsplit("/", 1)[1] for w in work["referenced_works"]]
    assert record.authors[0].split(",")[0] in work["authorships"][0]["author"]["display_name"]


def _same(a: sl.Corpus, b: sl.Corpus) -> None:
    strip = ("key", "file", "line")
    assert [{k: v for k, v in r.to_dict().items() if k not in strip} for r in a] == \
           [{k: v for k, v in r.to_dict().items() if k not in strip} for r in b]


def test_arrays_json_lines_single_works_and_gzip_read_alike(tmp_path: Path) -> None:
    works = _works(*CHUNKS[3])
    page = sl.load(shared(*CHUNKS[3]))
    (tmp_path / "array.json").write_text(json.dumps(works), encoding="utf-8")
    lines = "".join(json.dumps(w) + "\n" for w in works)
    (tmp_path / "works.jsonl").write_text(lines, encoding="utf-8")
    (tmp_path / "part_000.gz").write_bytes(gzip.compress(lines.encode("utf-8")))
    (tmp_path / "page.json.gz").write_bytes(gzip.compress(shared(*CHUNKS[3]).read_bytes()))
    for name in ("array.json", "works.jsonl", "part_000.gz", "page.json.gz"):
        _same(sl.load(tmp_path / name), page)
    (tmp_path / "one.json").write_text(json.dumps(works[0], indent=2), encoding="utf-8")
    _same(sl.load(tmp_path / "one.json"), page.filter(lambda r: r.fields["openalex"] == works[0]["id"][21:]))


def test_a_folder_of_saved_works_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(w) + "\n" for w in _works(*CHUNKS[0])), encoding="utf-8")
    (tmp_path / "b.json").write_bytes(shared(*CHUNKS[1]).read_bytes())
    corpus = sl.load(tmp_path)
    assert len(corpus) == 100 and len({r.key for r in corpus}) == 100


def test_the_older_schema_host_venue_without_language(tmp_path: Path) -> None:
    works = _works(*CHUNKS[0])
    old = []
    for work in works:
        work = dict(work)
        source = (work.pop("primary_location") or {}).get("source") or {}
        work.pop("language"), work.pop("primary_topic", None)
        work["host_venue"] = {"display_name": source.get("display_name"), "publisher": source.get("host_organization_name")}
        old.append(work)
    (tmp_path / "old.json").write_text(json.dumps({"meta": {"count": len(old)}, "results": old}), encoding="utf-8")
    new, older = sl.load(shared(*CHUNKS[0])), sl.load(tmp_path / "old.json")
    assert [r.venue for r in older] == [r.venue for r in new]
    assert [r.countries for r in older] == [r.countries for r in new]
    assert all(r.language == "" for r in older) and any(r.language for r in new)


def test_malformed_works_become_problems_or_warned_records() -> None:
    works = _works(*PROBLEMS)
    corpus = sl.load(shared(*PROBLEMS))
    assert len(corpus) == len(works)  # none lost: a work with a broken id is still a work
    warned = {p.key: p.code for p in corpus.problems if p.severity == "warning" and p.code != "missing-abstract"}
    codes = set(warned.values()) | {p.code for p in corpus.problems}
    assert {"missing-id", "bad-id", "duplicate-id", "bad-date", "missing-year", "no-authors"} <= codes
    by_title = {r.title: r for r in corpus}
    broken = ("fjernelse af openAlexID", "fjernet publikation_year", "Fejl i publication_date",
              "tom liste i authorships", "Forkert datatype", "Indsat ekstra openalexID", "stavet id, som idt",
              "erstattet id med null")
    for words in broken:
        (record,) = [r for t, r in by_title.items() if words in t]
        assert record.key in warned, words
    assert by_title["Testcase!!! Forkert datatype i felt publication_date"].year == 2016
    danish = sum(1 for w in works if "DK" in _institution_codes(w))
    assert sum(1 for r in corpus if "DK" in r.countries) == danish == 12


def test_a_repeated_work_is_read_once(tmp_path: Path) -> None:
    works = _works(*CHUNKS[3])
    (tmp_path / "twice.jsonl").write_text("".join(json.dumps(w) + "\n" for w in works + works[:3]), encoding="utf-8")
    corpus = sl.load(tmp_path / "twice.jsonl")
    assert len(corpus) == len(works)
    assert [p.line for p in corpus.problems if p.code == "duplicate-work"] == [len(works) + 1, len(works) + 2,
                                                                                len(works) + 3]


def test_a_broken_line_or_truncated_archive_keeps_the_works_before(tmp_path: Path) -> None:
    works = _works(*CHUNKS[3])[:6]
    lines = [json.dumps(w) for w in works]
    lines[2] = lines[2][:100]
    (tmp_path / "broken.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = sl.load(tmp_path / "broken.jsonl")
    assert len(corpus) == 5
    assert [(p.line, p.severity) for p in corpus.problems if p.code == "invalid-json"] == [(3, "error")]
    whole = gzip.compress("".join(json.dumps(w) + "\n" for w in works).encode("utf-8"))
    (tmp_path / "part_001.gz").write_bytes(whole[: len(whole) * 2 // 3])
    records, problems = read_openalex(tmp_path / "part_001.gz")
    assert 0 < len(records) < 6 and [p.code for p in problems if p.severity == "error"] == ["invalid-gzip"]
    (tmp_path / "page.json").write_text(shared(*CHUNKS[3]).read_text(encoding="utf-8")[:5000], encoding="utf-8")
    corpus = sl.load(tmp_path / "page.json")
    assert len(corpus) == 0 and [p.code for p in corpus.problems] == ["invalid-json"]


def test_other_json_is_left_to_other_readers(tmp_path: Path) -> None:
    (tmp_path / "csl.json").write_text(json.dumps([{"id": "ITEM-1", "type": "article-journal", "title": "T"}]),
                                       encoding="utf-8")
    corpus = sl.load(tmp_path / "csl.json")
    # CSL-JSON goes to its own reader: one record, and nothing of OpenAlex's.
    assert [(r.key, r.title) for r in corpus] == [("ITEM-1", "T")]
    assert not corpus[0].countries and "openalex" not in corpus[0].fields


def test_every_danish_institution_is_classified_denmark_from_openalex() -> None:
    corpus = sl.load(*(shared(*c) for c in CHUNKS), shared(*SEARCH_PAGE), shared(*PROBLEMS)).deduplicate()
    classified = sl.classify(corpus, "denmark")
    danish = [r for r in classified if "DK" in r.countries]
    others = [r for r in classified if "DK" not in r.countries]
    assert len(danish) >= 14
    assert all(r.context == "denmark" and "OpenAlex: institution in DK" in r.evidence for r in danish)
    assert sum(r.context == "denmark" for r in others) <= 0.05 * len(others)


def test_countries_survive_bibtex_dedup_frames_and_pickling(tmp_path: Path) -> None:
    corpus = sl.load(shared(*PROBLEMS))
    back = sl.load(sl.write_bibtex(corpus, tmp_path / "clean.bib"))
    assert [r.countries for r in back] == [r.countries for r in corpus]
    assert pickle.loads(pickle.dumps(corpus)).records == corpus.records
    frame = corpus.to_frame()
    assert frame["countries"].map(len).sum() == sum(len(r.countries) for r in corpus)
    a = sl.Record(key="a", title="Co-creation in Danish municipalities", year=2016, doi="10.1234/x", countries=("DK",))
    b = a.replace(key="b", countries=("SE", "DK"))
    merged = sl.Corpus((a, b)).deduplicate()
    assert merged.records[0].countries == ("DK", "SE")


@pytest.mark.parametrize("text", ["", "   \n"])
def test_an_empty_openalex_file_is_a_warning(tmp_path: Path, text: str) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text(text, encoding="utf-8")
    corpus = sl.load(path)
    assert len(corpus) == 0 and [p.severity for p in corpus.problems] == ["warning"]


def test_a_work_saved_in_two_files_is_read_once(tmp_path: Path) -> None:
    works = _works(*CHUNKS[3])
    (tmp_path / "more.jsonl").write_text("".join(json.dumps(w) + "\n" for w in works[:5] + _works(*SINGLE)),
                                         encoding="utf-8")
    corpus = sl.load(shared(*CHUNKS[3]), tmp_path / "more.jsonl")
    assert len(corpus) == len(works) + 1
    assert len(corpus.problems_with(code="duplicate-work")) == 5
