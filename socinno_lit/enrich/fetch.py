"""Fetch a whole corpus for a query from OpenAlex into a JSON Lines file, resumably.

The works endpoint is paged with a cursor (``cursor=*``, then each page's
``meta.next_cursor``). Works go to ``FILE.part`` page by page; after each page a small
state file ``FILE.part.json`` records the cursor and the size of the part file, so an
interrupted run resumes where it stopped: the part file is cut back to the last complete
page (nothing written twice, nothing lost) and the next page is asked for. When the last
page is in, the part file is renamed to ``FILE`` in one step.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigurationError
from ..files import atomic_write_text
from .client import LookupFailed, OpenAlexClient

#: The largest page the works endpoint gives.
PAGE_SIZE = 200


@dataclass(frozen=True)
class FetchResult:
    """What :func:`fetch_works` did.

    Attributes:
        path: the JSON Lines file written.
        written: works in it.
        matching: works OpenAlex says match the query (``meta.count``).
        resumed: True when an interrupted run was continued.
    """

    path: Path
    written: int
    matching: int
    resumed: bool


def query_params(query: str, since: int | None = None, until: int | None = None) -> dict[str, Any]:
    """The works endpoint's parameters for a full-text search in a range of years.

    Example:
        >>> query_params("social innovation", since=2000)
        {'search': 'social innovation', 'filter': 'from_publication_date:2000-01-01'}
    """
    if not query.strip():
        raise ConfigurationError("the query is empty: give the words to search for")
    params: dict[str, Any] = {"search": query.strip()}
    filters = [f"from_publication_date:{since:04d}-01-01"] if since else []
    filters += [f"to_publication_date:{until:04d}-12-31"] if until else []
    if filters:
        params["filter"] = ",".join(filters)
    return params


def fetch_works(
    query: str,
    output: str | os.PathLike[str],
    *,
    since: int | None = None,
    until: int | None = None,
    max_works: int | None = None,
    email: str = "",
    client: OpenAlexClient | None = None,
    progress: bool = True,
) -> FetchResult:
    """Write the works matching ``query`` to a JSON Lines file that :func:`socinno_lit.load` reads.

    Args:
        query: words searched for in titles, abstracts and full texts.
        output: the ``.jsonl`` file to write.
        since: first publication year.
        until: last publication year.
        max_works: stop after this many works.
        email: for OpenAlex's polite pool (default ``OPENALEX_EMAIL``).
        client: a configured :class:`OpenAlexClient`.
        progress: show a progress bar on stderr (only on a terminal).

    Raises:
        LookupFailed: OpenAlex could not be asked; what was fetched so far is kept in
            ``FILE.part`` and the next run with the same arguments resumes from there.

    Example:
        >>> fetch_works("", "works.jsonl")
        Traceback (most recent call last):
        ...
        socinno_lit.errors.ConfigurationError: the query is empty: give the words to search for
    """
    params = query_params(query, since, until)
    if max_works is not None and max_works < 1:
        raise ConfigurationError("max_works must be at least 1")
    client = client or OpenAlexClient(email=email)
    target = Path(output)
    part, state_file = target.with_name(target.name + ".part"), target.with_name(target.name + ".part.json")
    state = _resume_state(state_file, part, params)
    resumed = state is not None
    state = state or {"params": params, "cursor": "*", "written": 0, "bytes": 0, "matching": 0}
    _cut(part, int(state["bytes"]))
    bar = _bar(progress, max_works, state)
    try:
        while state["cursor"] and (max_works is None or state["written"] < max_works):
            size = min(PAGE_SIZE, max_works - state["written"]) if max_works else PAGE_SIZE
            page = client.get("works", {**params, "per_page": size, "cursor": state["cursor"]})
            works, cursor, matching = _page(page)
            works = works[: (max_works - state["written"]) if max_works else None]
            state = _append(part, state, works, cursor if works else None, matching)
            atomic_write_text(state_file, json.dumps(state))
            if bar is not None:
                bar.total = min(matching, max_works or matching)
                bar.update(len(works))
    finally:
        if bar is not None:
            bar.close()
    part.touch()
    os.replace(part, target)
    state_file.unlink(missing_ok=True)
    return FetchResult(target, int(state["written"]), int(state["matching"]), resumed)


def _resume_state(state_file: Path, part: Path, params: dict[str, Any]) -> dict[str, Any] | None:
    """The state of an interrupted run with the same query, or None to start afresh."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("params") != params or not part.is_file():
        return None
    if part.stat().st_size < int(state.get("bytes", 0)):
        return None  # the part file is shorter than recorded: start again rather than guess
    return state


def _cut(part: Path, size: int) -> None:
    """Cut the part file back to the last complete page (or create it empty)."""
    with part.open("ab") as stream:
        stream.truncate(size)


def _page(page: Any) -> tuple[list[dict[str, Any]], str | None, int]:
    if not isinstance(page, dict) or not isinstance(page.get("results"), list):
        raise LookupFailed("OpenAlex's answer is not a page of works (no 'results')")
    meta = page.get("meta") if isinstance(page.get("meta"), dict) else {}
    count = meta.get("count")
    return ([w for w in page["results"] if isinstance(w, dict)], meta.get("next_cursor") or None,
            count if isinstance(count, int) else 0)


def _append(part: Path, state: dict[str, Any], works: list[dict[str, Any]], cursor: str | None,
            matching: int) -> dict[str, Any]:
    text = "".join(json.dumps(w, ensure_ascii=False) + "\n" for w in works).encode("utf-8")
    with part.open("ab") as stream:
        stream.write(text)
        stream.flush()
        os.fsync(stream.fileno())
    return {**state, "cursor": cursor, "written": state["written"] + len(works),
            "bytes": state["bytes"] + len(text), "matching": matching}


def _bar(progress: bool, max_works: int | None, state: dict[str, Any]) -> Any:
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=max_works, initial=int(state["written"]), desc="OpenAlex works", unit="work",
                file=sys.stderr, disable=None, leave=False)
