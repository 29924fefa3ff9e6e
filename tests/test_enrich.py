"""Enrichment and fetching against a loopback server that replays real OpenAlex responses.

No test here reaches the internet: every request goes to 127.0.0.1.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROJECT, SHARED_DATA, shared
from openalex_server import RECORDED, WorksServer, recorded_works

import socinno_lit as sl
from socinno_lit.cli import main
from socinno_lit.enrich.client import LookupFailed, OpenAlexClient, ResponseCache
from socinno_lit.enrich.fetch import fetch_works


@pytest.fixture(scope="module")
def works() -> list[dict[str, Any]]:
    shared("openalex", RECORDED[0])
    return recorded_works(SHARED_DATA / "openalex")


@pytest.fixture
def server(works: list[dict[str, Any]]) -> Any:
    with WorksServer(works) as running:
        yield running


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Never the user's cache folder, and never the public API.
    monkeypatch.setenv("SOCINNO_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SOCINNO_OPENALEX_URL", "http://127.0.0.1:9")
    for name in ("OPENALEX_EMAIL", "OPENALEX_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def client(url: str, cache: Path, **options: Any) -> OpenAlexClient:
    settings: dict[str, Any] = {"backoff": 0.01, "timeout": (2.0, 2.0), "retries": 2, **options}
    return OpenAlexClient(base_url=url, cache=ResponseCache(cache), **settings)


def _bare(doi: str | None) -> str:
    return (doi or "").removeprefix("https://doi.org/")


def thin_bibtex(works: list[dict[str, Any]], path: Path) -> Path:
    """A BibTeX file holding only the DOI, title and year of each work, as many libraries do."""
    entries = []
    for i, work in enumerate(works):
        title = work["title"].replace("{", "").replace("}", "")
        doi = f"  doi = {{{_bare(work['doi'])}}},\n" if work["doi"] else ""
        entries.append(f"@article{{w{i},\n  title = {{{title}}},\n  year = {{{work['publication_year']}}},\n{doi}}}\n")
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def test_dois_go_in_batches_of_fifty_joined_with_bars(server: WorksServer, works: list[dict[str, Any]],
                                                      tmp_path: Path) -> None:
    corpus = sl.load(thin_bibtex(works, tmp_path / "thin.bib"))
    dois = {r.doi for r in corpus if r.doi}
    sl.enrich(corpus, client=client(server.url, tmp_path / "c", email="me@example.org", api_key="k3y"))
    batches = server.doi_requests()
    assert len(batches) == math.ceil(len(dois) / 50)
    assert all(len(b) <= 50 for b in batches) and {d for b in batches for d in b} == dois
    assert sum(map(len, batches)) == len(dois)  # each DOI asked once
    assert {(r["path"], r["per_page"], r["mailto"], r["api_key"]) for r in server.requests} == {
        ("/works", "50", "me@example.org", "k3y")}


def test_enriching_dois_gives_the_classification_and_abstracts_of_the_works(
        server: WorksServer, works: list[dict[str, Any]], tmp_path: Path) -> None:
    chunks = [w for w in works if w["doi"]]
    corpus = sl.load(thin_bibtex(chunks, tmp_path / "thin.bib"))
    server.script = [("status", 429, 1)]
    enriched = sl.enrich(corpus, client=client(server.url, tmp_path / "c"))
    assert len(server.requests) <= math.ceil(len(corpus) / 50) + 1
    saved = sl.classify(sl.Corpus(tuple(sl.load(*(shared("openalex", p) for p in RECORDED)).records)), "denmark")
    expected: dict[str, set[tuple[Any, ...]]] = {}  # OpenAlex has a few DOIs under two ids: either may come
    for r in saved:
        expected.setdefault(r.doi, set()).add((r.context, r.abstract, r.countries))
    classified = sl.classify(enriched, "denmark")
    for record in classified:
        assert (record.context, record.abstract, record.countries) in expected[record.doi], record.doi
    danish = [r for r in classified if "DK" in r.countries]
    assert danish and all("OpenAlex: institution in DK" in r.evidence for r in danish)
    assert not enriched.problems_with(code="enrich-failed")


def test_only_what_is_missing_is_filled_and_the_provenance_says_what(
        server: WorksServer, works: list[dict[str, Any]], tmp_path: Path) -> None:
    work = next(w for w in works if w["doi"] and w["abstract_inverted_index"] and w["language"])
    mine = sl.Record(key="mine", doi=_bare(work["doi"]), abstract="My own summary.", language="Danish",
                     fields={"abstract": "My own summary.", "language": "Danish"})
    (out,) = sl.enrich([mine], client=client(server.url, tmp_path / "c")).records
    assert (out.abstract, out.language, out.fields["abstract"]) == ("My own summary.", "Danish", "My own summary.")
    assert out.title == work["title"] and out.fields["openalex"] == work["id"].rsplit("/", 1)[1]
    filled = out.fields["openalex_filled"].split(", ")
    assert "title" in filled and "abstract" not in filled and "language" not in filled
    assert out.fields["openalex_match"] == "DOI"
    back = sl.load(sl.write_bibtex([out], tmp_path / "out.bib"))["mine"]
    assert (back.countries, back.abstract, back.title) == (out.countries, out.abstract, out.title)


def test_a_second_run_with_the_server_stopped_gives_the_same_result(
        server: WorksServer, works: list[dict[str, Any]], tmp_path: Path) -> None:
    corpus = sl.load(thin_bibtex(works[:120], tmp_path / "thin.bib"))
    first = sl.enrich(corpus, client=client(server.url, tmp_path / "c"))
    server.stop()
    second = sl.enrich(corpus, client=client(server.url, tmp_path / "c"))
    offline = sl.enrich(corpus, client=client(server.url, tmp_path / "c", offline=True))
    assert second.records == first.records == offline.records
    assert second.problems == first.problems == offline.problems


def test_offline_says_which_records_it_could_not_find(server: WorksServer, works: list[dict[str, Any]],
                                                      tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = thin_bibtex(works[:60], tmp_path / "thin.bib")
    sl.enrich(sl.load(bib).filter(lambda r: r.key < "w3"), client=client(server.url, tmp_path / "cache"))
    out = sl.enrich(sl.load(bib), client=client(server.url, tmp_path / "cache", offline=True))
    missing = out.problems_with(code="not-in-cache")
    with_doi = [r for r in sl.load(bib) if r.doi]
    looked_up = [r for r in with_doi if r.key < "w3"]
    assert len(missing) == len(with_doi) - len(looked_up) > 0
    assert all(p.key and sl.load(bib)[p.key].doi in p.message for p in missing)
    requests = len(server.requests)
    status = main(["inspect", str(bib), "--enrich", "openalex", "--offline"])
    err = capsys.readouterr().err
    assert status == 0 and len(server.requests) == requests  # offline: nothing was asked
    assert "not in the cache" in err and "Traceback" not in err
    assert f"OpenAlex: {len(looked_up)} of " in err and "records matched; filled abstract" in err


def test_no_network_ends_in_a_warning_and_the_unenriched_analysis(
        works: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stopped = WorksServer(works)
    url = stopped.url
    stopped.stop()  # nothing listens on this port now
    corpus = sl.load(thin_bibtex(works[:80], tmp_path / "thin.bib"))
    out = sl.enrich(corpus, client=client(url, tmp_path / "c"))
    assert out.records == corpus.records
    (failed,) = out.problems_with(code="enrich-failed")
    assert failed.severity == "warning" and "could not be reached" in failed.message
    with (tmp_path / "thin.bib").open("a", encoding="utf-8") as bib:
        for i, title in enumerate(("Biodiversity offsets in Danish municipalities",
                                   "Financing nature conservation in Denmark", "Danske kommuners naturpolitik")):
            bib.write(f"\n@article{{dk{i}, title = {{{title}}}, year = {{2012}}}}\n")
    result = sl.analyse(tmp_path / "thin.bib", n_themes=3, stability=False, enrich="openalex")
    assert len(result.corpus) and result.corpus.problems_with(code="enrich-failed")
    status = main(["bib", str(tmp_path / "thin.bib"), "-o", str(tmp_path / "b.md"), "--group", "context",
                   "--enrich", "openalex"])
    err = capsys.readouterr().err
    assert status == 0 and "warning" in err and "could not be reached" in err and "Traceback" not in err


def test_a_server_error_is_retried_then_reported(server: WorksServer, works: list[dict[str, Any]],
                                                 tmp_path: Path) -> None:
    corpus = sl.load(thin_bibtex(works[:120], tmp_path / "thin.bib"))
    server.script = [("status", 500)] * 3  # the first batch fails on every try (1 + 2 retries)
    out = sl.enrich(corpus, client=client(server.url, tmp_path / "c", retries=2))
    (failed,) = out.problems_with(code="enrich-failed")
    assert "500" in failed.message and "50 lookup(s)" in failed.message
    assert len(server.requests) == 3 + math.ceil(len([r for r in corpus if r.doi]) / 50) - 1
    enriched = [r for r in out if "openalex" in r.fields]
    assert len(enriched) == len([r for r in corpus if r.doi]) - 50  # the other batches were applied
    assert [r.key for r in out] == [r.key for r in corpus]  # nothing lost, nothing doubled


def test_a_malformed_page_fails_its_batch_only(server: WorksServer, works: list[dict[str, Any]],
                                               tmp_path: Path) -> None:
    corpus = sl.load(thin_bibtex(works[:100], tmp_path / "thin.bib"))
    server.script = [("malformed",)]
    out = sl.enrich(corpus, client=client(server.url, tmp_path / "c"))
    (failed,) = out.problems_with(code="enrich-failed")
    assert "not JSON" in failed.message
    assert 0 < sum("openalex" in r.fields for r in out) < sum(1 for r in corpus if r.doi)
    again = sl.enrich(corpus, client=client(server.url, tmp_path / "c"))  # the failed batch was not cached
    assert not again.problems_with(code="enrich-failed")
    assert sum("openalex" in r.fields for r in again) == sum(1 for r in corpus if r.doi and r.doi in {
        _bare(w["doi"]).lower() for w in works})


def test_a_slow_answer_times_out_and_is_retried(server: WorksServer, works: list[dict[str, Any]],
                                                tmp_path: Path) -> None:
    corpus = sl.load(thin_bibtex(works[:40], tmp_path / "thin.bib"))
    server.script = [("slow", 1.5)]
    out = sl.enrich(corpus, client=client(server.url, tmp_path / "c", timeout=(1.0, 0.5)))
    assert len(server.requests) == 2 and not out.problems_with(code="enrich-failed")
    server.script = [("slow", 1.5)] * 3
    out = sl.enrich(corpus, client=client(server.url, tmp_path / "d", timeout=(1.0, 0.5), retries=2))
    (failed,) = out.problems_with(code="enrich-failed")
    assert "could not be reached" in failed.message and out.records == corpus.records


def test_records_without_a_doi_are_matched_by_title_and_year_only_when_asked(
        server: WorksServer, works: list[dict[str, Any]], tmp_path: Path) -> None:
    work = next(w for w in works if w["doi"] and any(i.get("country_code") for a in w["authorships"]
                                                     for i in a["institutions"]))
    exact = sl.Record(key="exact", title=work["title"], year=work["publication_year"])
    changed = sl.Record(key="changed", title=work["title"] + " revisited in a new light", year=work["publication_year"])
    other_year = sl.Record(key="year", title=work["title"], year=work["publication_year"] - 3)
    left = sl.enrich([exact], client=client(server.url, tmp_path / "c"))
    assert left["exact"].fields["openalex_match"] == "none: no DOI" and not server.requests
    out = sl.enrich([exact, changed, other_year], client=client(server.url, tmp_path / "c"), match_titles=True)
    assert out["exact"].doi == _bare(work["doi"]).lower() and out["exact"].countries
    assert out["exact"].fields["openalex_match"] == "title and year"
    assert "openalex" not in out["changed"].fields and "openalex" not in out["year"].fields
    evidence = sl.classify(out, "denmark")["exact"].evidence
    assert evidence[0].startswith("OpenAlex: institution") and evidence[0].endswith("(matched by title and year)")


def test_an_unknown_source_is_a_configuration_error() -> None:
    with pytest.raises(sl.ConfigurationError, match="openalex"):
        sl.enrich([], source="crossref")


# --- fetching a corpus ---------------------------------------------------------------------


def test_fetch_pages_with_the_cursor_and_writes_loadable_works(server: WorksServer, works: list[dict[str, Any]],
                                                               tmp_path: Path) -> None:
    result = fetch_works("biodiversity", tmp_path / "works.jsonl", since=2000, client=client(server.url, tmp_path / "c"))
    asked = [r for r in server.requests if r.get("search")]
    assert [r["cursor"] for r in asked][0] == "*" and len(asked) >= 2
    assert all(r["search"] == "biodiversity" and r["filter"] == "from_publication_date:2000-01-01"
               and r["per_page"] == "200" for r in asked)
    assert [r["cursor"] for r in asked[1:]] == [str(200 * i) for i in range(1, len(asked))]
    corpus = sl.load(result.path)
    assert len(corpus) == result.written == result.matching > 200
    assert len({r.fields["openalex"] for r in corpus}) == len(corpus)
    assert not (tmp_path / "works.jsonl.part").exists()


def test_an_interrupted_fetch_resumes_without_losing_or_doubling_a_work(
        server: WorksServer, works: list[dict[str, Any]], tmp_path: Path) -> None:
    target = tmp_path / "works.jsonl"
    server.script = [("ok",), ("status", 503)]
    with pytest.raises(LookupFailed):
        fetch_works("biodiversity", target, client=client(server.url, tmp_path / "c", retries=0))
    assert not target.exists() and (tmp_path / "works.jsonl.part").read_bytes().count(b"\n") == 200
    with (tmp_path / "works.jsonl.part").open("a") as part:
        part.write('{"id": "https://openalex.org/W0", "half a line')  # a write cut off by the failure
    server.requests.clear()
    result = fetch_works("biodiversity", target, client=client(server.url, tmp_path / "c"))
    assert result.resumed and server.requests[0]["cursor"] == "200"
    ids = [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").split("\n") if line]
    assert len(ids) == len(set(ids)) == result.matching == result.written


def test_fetch_stops_at_max(server: WorksServer, tmp_path: Path) -> None:
    result = fetch_works("biodiversity", tmp_path / "w.jsonl", max_works=30, client=client(server.url, tmp_path / "c"))
    assert result.written == 30 == len(sl.load(result.path))
    assert [r["per_page"] for r in server.requests] == ["30"]


def test_the_fetch_command(server: WorksServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOCINNO_OPENALEX_URL", server.url)
    monkeypatch.setenv("OPENALEX_EMAIL", "me@example.org")
    target = tmp_path / "works.jsonl"
    status = main(["fetch", "biodiversity", "--since", "2000", "--max", "210", "-o", str(target)])
    assert status == 0 and "wrote 210 works" in capsys.readouterr().out
    assert {r["mailto"] for r in server.requests} == {"me@example.org"}
    assert len(sl.load(target)) == 210
    server.stop()
    status = main(["fetch", "biodiversity", "--since", "2000", "--max", "210", "-o", str(tmp_path / "again.jsonl"),
                   "--offline"])
    assert status == 0 and (tmp_path / "again.jsonl").read_bytes() == target.read_bytes()
    status = main(["fetch", "another query", "-o", str(tmp_path / "x.jsonl"), "--offline"])
    err = capsys.readouterr().err
    assert status == 1 and "not in the cache" in err and "resume" in err


def test_the_command_line_never_shows_a_traceback_without_network(tmp_path: Path, works: list[dict[str, Any]],
                                                                 ) -> None:
    bib = thin_bibtex(works[:30], tmp_path / "thin.bib")
    env = {"PATH": "/usr/bin:/bin", "SOCINNO_OPENALEX_URL": "http://127.0.0.1:9",
           "SOCINNO_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-m", "socinno_lit", "inspect", str(bib), "--enrich", "openalex"],
                         capture_output=True, text=True, env=env, cwd=PROJECT, timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "warning" in run.stderr and "30 records read" in run.stdout


def test_the_api_key_stays_out_of_retry_logs(server: WorksServer, works: list[dict[str, Any]], tmp_path: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    server.script = [("status", 503)]
    corpus = sl.load(thin_bibtex(works[:10], tmp_path / "thin.bib"))
    with caplog.at_level("DEBUG", logger="urllib3"):
        sl.enrich(corpus, client=client(server.url, tmp_path / "c", api_key="s3cret"))
    assert server.requests[0]["api_key"] == "s3cret" and len(server.requests) == 2
    assert caplog.records and "s3cret" not in caplog.text
