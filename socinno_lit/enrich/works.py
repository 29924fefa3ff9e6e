"""Enrich a corpus from OpenAlex: countries, abstracts, languages and more, looked up by DOI.

Works are asked for in batches (``filter=doi:a|b|...``, at most 50 DOIs a request, as the
works endpoint allows). Only what a record lacks is filled; what the user's file says is
never overwritten. Each enriched record says in its fields what came from OpenAlex:
``openalex`` (the work id), ``openalex_match`` (``DOI`` or ``title and year``) and
``openalex_filled`` (the attributes filled). Failures never lose a record: a batch that
cannot be looked up leaves its records as they were, with a warning problem.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..corpus import Corpus
from ..dedup import normalise_title
from ..errors import ConfigurationError
from ..read.mapping import normalise_doi
from ..read.openalex import parse_work
from ..records import Problem, Record
from .client import LookupFailed, NotCached, OpenAlexClient, Unreachable

#: The works endpoint takes at most this many DOIs in one ``filter=doi:`` request.
BATCH_SIZE = 50
#: Title similarity (rapidfuzz ratio of normalised titles, 0-100) a title match needs.
TITLE_THRESHOLD = 95.0
# The record attributes that can be filled, with the field that holds each in a file.
_FILLABLE = {"title": "title", "abstract": "abstract", "authors": "author", "year": "year", "venue": "journal",
             "affiliations": "affiliation", "countries": "countries", "language": "language"}
_OPENALEX_FIELDS = ("openalex", "cited_by_count", "referenced_works", "topic")
_WHERE = "<openalex>"


def enrich(
    corpus: Corpus | Iterable[Record],
    source: str = "openalex",
    *,
    email: str = "",
    offline: bool = False,
    match_titles: bool = False,
    client: OpenAlexClient | None = None,
    progress: bool = True,
) -> Corpus:
    """A corpus whose records are completed from OpenAlex, looked up by DOI.

    Args:
        corpus: the records to enrich.
        source: where to look; only ``"openalex"``.
        email: for OpenAlex's polite pool (default ``OPENALEX_EMAIL``).
        offline: use the cache only; records it cannot answer for get a ``not-in-cache`` warning.
        match_titles: also look up records without a DOI by title and year, accepting a
            work only when the titles are nearly identical (:data:`TITLE_THRESHOLD`) and
            the year is the same. Off by default: one request per such record.
        client: a configured :class:`OpenAlexClient` (base URL, cache, retries, timeout).
        progress: show a progress bar on stderr (only on a terminal).

    Returns:
        The corpus with records completed and problems added: ``enrich-failed`` (OpenAlex
        could not be asked; the records stay as they were), ``not-in-cache`` (offline) and
        ``not-in-openalex`` (info). ``missing-abstract`` warnings of records that got an
        abstract are dropped.

    Raises:
        ConfigurationError: for a source other than ``"openalex"``.

    Example:
        >>> import tempfile
        >>> from socinno_lit.enrich.client import ResponseCache
        >>> client = OpenAlexClient(offline=True, cache=ResponseCache(tempfile.mkdtemp()))
        >>> out = enrich([Record(key="a", doi="10.1234/x")], client=client, progress=False)
        >>> [p.code for p in out.problems], out["a"].countries
        (['not-in-cache'], ())
    """
    if source != "openalex":
        raise ConfigurationError(f"unknown enrichment source {source!r}; use 'openalex'")
    if not isinstance(corpus, Corpus):
        corpus = Corpus(tuple(corpus))
    client = client or OpenAlexClient(email=email, offline=offline)
    run = _Run(client, progress)
    works = run.by_doi([r.doi for r in corpus if r.doi])
    records = [_enriched(r, works.get(r.doi.lower()), "DOI") if r.doi else r for r in corpus]
    if match_titles:
        records = [run.by_title(r) if not r.doi and r.title and r.year else r for r in records]
    if not run.failed:  # after a failure the records stay exactly as they were
        records = [_unmatched(r, run, match_titles) for r in records]
    run.report(corpus.records)
    filled = {r.key for r in records if r.abstract}
    kept = tuple(p for p in corpus.problems if not (p.code == "missing-abstract" and p.key in filled))
    return Corpus(tuple(records), kept + tuple(run.problems), corpus.merged, corpus.files)


@dataclass
class _Run:
    """One enrichment: the client, and what could not be looked up."""

    client: OpenAlexClient
    progress: bool
    problems: list[Problem] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # DOI -> why it was not looked up
    uncached: set[str] = field(default_factory=set)
    absent: set[str] = field(default_factory=set)
    unreachable: str = ""

    def by_doi(self, dois: Sequence[str]) -> dict[str, Record]:
        """OpenAlex's record for each DOI found, from the cache or in batches."""
        wanted = list(dict.fromkeys(d.lower() for d in dois))
        found: dict[str, Record] = {}
        missing = []
        for doi in wanted:
            cached = self.client.cache.get("doi", {"doi": doi}) if self.client.cache else None
            if cached is None:
                missing.append(doi)
            elif cached.get("work"):
                found[doi] = parse_work(cached["work"])
            else:
                self.absent.add(doi)
        if self.client.offline:
            self.uncached.update(missing)
            return found
        askable = [d for d in missing if "," not in d and "|" not in d]  # they would break the filter
        self.absent.update(d for d in missing if d not in askable)
        for batch in _bar([askable[i:i + BATCH_SIZE] for i in range(0, len(askable), BATCH_SIZE)], self.progress):
            found.update(self._batch(batch))
        return found

    def _batch(self, batch: list[str]) -> dict[str, Record]:
        if self.unreachable:
            self.failed.update(dict.fromkeys(batch, self.unreachable))
            return {}
        try:
            page = self.client.get("works", {"filter": "doi:" + "|".join(batch), "per_page": BATCH_SIZE},
                                   cached=False)
            works = _results(page)
        except LookupFailed as err:
            if isinstance(err, Unreachable):
                self.unreachable = str(err)
            self.failed.update(dict.fromkeys(batch, str(err)))
            return {}
        by_doi: dict[str, dict[str, Any]] = {}
        for work in works:
            doi = normalise_doi(str(work.get("doi") or ""))
            if doi in batch and _richness(work) > _richness(by_doi.get(doi)):
                by_doi[doi] = work
        for doi in batch:
            if self.client.cache is not None:
                self.client.cache.put("doi", {"doi": doi}, {"work": by_doi.get(doi)})
            if doi not in by_doi:
                self.absent.add(doi)
        return {doi: parse_work(work) for doi, work in by_doi.items()}

    def by_title(self, record: Record) -> Record:
        """The record completed from the one work with a nearly identical title and the same year."""
        words = " ".join(normalise_title(record.title).split()[:30])
        if not words or self.unreachable:
            return record
        params = {"filter": f"title.search:{words},publication_year:{record.year}", "per_page": 5}
        try:
            works = _results(self.client.get("works", params))
        except NotCached:
            self.uncached.add(f"title: {record.title[:60]}")
            return record
        except LookupFailed as err:
            self.unreachable = str(err) if isinstance(err, Unreachable) else self.unreachable
            self.failed[f"title: {record.title[:60]}"] = str(err)
            return record
        best = _best_title(record, [parse_work(w) for w in works])
        return _enriched(record, best, "title and year") if best else record

    def report(self, records: Sequence[Record]) -> None:
        """Problems for what could not be looked up, once per cause."""
        keys = {r.doi.lower(): r for r in records if r.doi}
        if self.failed:
            reasons = dict.fromkeys(self.failed.values())
            self.problems.append(Problem(
                _WHERE, None, None, "enrich-failed", "warning",
                f"{'; '.join(reasons)}: {len(self.failed)} lookup(s) were not made; those records are analysed "
                f"as they are"))
        for doi in sorted(self.uncached):
            record = keys.get(doi)
            what = f"DOI {doi}" if record else doi
            self.problems.append(Problem(record.source.file if record else _WHERE, record.source.line if record else None,
                                         record.key if record else None, "not-in-cache", "warning",
                                         f"offline: {what} is not in the cache; the record was not enriched"))
        for doi in sorted(self.absent):
            if doi in keys:
                record = keys[doi]
                self.problems.append(Problem(record.source.file, record.source.line, record.key, "not-in-openalex",
                                             "info", f"OpenAlex has no work with the DOI {doi}"))


def enrichment_summary(corpus: Iterable[Record]) -> str:
    """One line on what OpenAlex gave: records matched and how often each attribute was filled.

    Example:
        >>> r = Record(key="a", fields={"openalex_match": "DOI", "openalex_filled": "abstract, countries"})
        >>> enrichment_summary([r, Record(key="b")])
        'OpenAlex: 1 of 2 records matched; filled abstract 1, countries 1'
    """
    records = list(corpus)
    matched = [r for r in records if r.fields.get("openalex_match", "none").split(":")[0] not in ("none", "")]
    counts: dict[str, int] = {}
    for record in matched:
        for name in record.fields.get("openalex_filled", "").split(", "):
            if name and name != "nothing":
                counts[name] = counts.get(name, 0) + 1
    filled = ", ".join(f"{name} {n}" for name, n in counts.items())
    return f"OpenAlex: {len(matched)} of {len(records)} records matched" + (f"; filled {filled}" if filled else "")


def _results(page: Any) -> list[dict[str, Any]]:
    if not isinstance(page, dict) or not isinstance(page.get("results"), list):
        raise LookupFailed("OpenAlex's answer is not a list of works (no 'results')")
    return [w for w in page["results"] if isinstance(w, dict)]


def _richness(work: dict[str, Any] | None) -> tuple[int, int]:
    """Of two works with one DOI (OpenAlex has a few), prefer the one with an abstract and more authors."""
    if work is None:
        return (-1, -1)
    authorships = work.get("authorships")
    return (work.get("abstract_inverted_index") is not None, len(authorships) if isinstance(authorships, list) else 0)


def _best_title(record: Record, candidates: list[Record]) -> Record | None:
    from rapidfuzz import fuzz

    wanted = normalise_title(record.title)
    scored = [(fuzz.ratio(wanted, normalise_title(c.title)), c) for c in candidates if c.year == record.year]
    scored = [(s, c) for s, c in scored if s >= TITLE_THRESHOLD]
    return max(scored, key=lambda sc: sc[0])[1] if scored else None


def _enriched(record: Record, work: Record | None, how: str) -> Record:
    """``record`` with what it lacks taken from OpenAlex's ``work``; nothing it has is changed."""
    if work is None:
        return record
    changes: dict[str, Any] = {}
    fields = dict(record.fields)
    for name, field_name in _FILLABLE.items():
        if not getattr(record, name) and getattr(work, name):
            changes[name] = getattr(work, name)
            if work.fields.get(field_name) and not fields.get(field_name):
                fields[field_name] = work.fields[field_name]
    if not record.doi and work.doi:
        changes["doi"] = fields["doi"] = work.doi
    for name in _OPENALEX_FIELDS:
        if work.fields.get(name) and not fields.get(name):
            fields[name] = work.fields[name]
    fields["openalex_match"] = how
    fields["openalex_filled"] = ", ".join(changes) or "nothing"
    return record.replace(fields=fields, **changes)


def _unmatched(record: Record, run: _Run, match_titles: bool) -> Record:
    """Say in a record's fields why no work was found for it (not when the lookup failed)."""
    if "openalex_match" in record.fields:
        return record
    if record.doi:
        why = "none: DOI not in OpenAlex" if record.doi.lower() in run.absent else ""
    else:
        why = "none: no DOI, no work with a close title and the same year" if match_titles else "none: no DOI"
    return record.replace(fields={**record.fields, "openalex_match": why}) if why else record


def _bar(batches: list[list[str]], progress: bool) -> Iterable[list[str]]:
    if not progress or len(batches) < 2:
        return batches
    from tqdm import tqdm

    return tqdm(batches, desc="OpenAlex lookups", unit="batch", file=sys.stderr, disable=None, leave=False)
