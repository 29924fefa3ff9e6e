"""A loopback stand-in for the OpenAlex works endpoint, serving real recorded works.

It answers ``GET /works`` as the API does for the three kinds of request the library
sends: ``filter=doi:a|b|...`` (a DOI batch), ``filter=title.search:...,publication_year:Y``
and ``search=...`` with cursor paging. ``script`` holds what the next requests get instead
of an answer (a status with ``Retry-After``, a page that is not JSON, a slow answer), and
``requests`` what every request asked for, so tests can check what the client sends.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from socinno_lit.dedup import normalise_title
from socinno_lit.read.mapping import normalise_doi

RECORDED = (
    "rkrug_openalexPro/tests/testthat/_snaps/005-pro_fetch_search/json",
    "rkrug_openalexPro/tests/testthat/_snaps/008-pro_pipeline_parallel/json_chunk_1_results_page_1.json",
    "rkrug_openalexPro/tests/testthat/_snaps/008-pro_pipeline_parallel/json_chunk_2_results_page_1.json",
    "rkrug_openalexPro/tests/testthat/_snaps/008-pro_pipeline_parallel/json_chunk_3_results_page_1.json",
    "rkrug_openalexPro/tests/testthat/_snaps/008-pro_pipeline_parallel/json_chunk_4_results_page_1.json",
    "rkrug_openalexPro/tests/fixtures/keypaper_json/results_page_1.json",
    "rkrug_openalexPro/tests/testthat/_snaps/004-pro_pipeline_single/json",
    "b-vitamins_openalex-python/tests/fixtures/data/W2741809807.json",
)


def recorded_works(folder: Path, paths: Iterable[str] = RECORDED) -> list[dict[str, Any]]:
    """The distinct works (by id) of recorded responses, in file order."""
    works: dict[str, dict[str, Any]] = {}
    for path in paths:
        data = json.loads((folder / path).read_text(encoding="utf-8"))
        for work in data["results"] if "results" in data else [data]:
            works.setdefault(work["id"], work)
    return list(works.values())


class WorksServer:
    """The server, started on 127.0.0.1 at a free port; use as a context manager."""

    def __init__(self, works: list[dict[str, Any]]) -> None:
        self.works = works
        self.script: list[tuple[Any, ...]] = []
        self.requests: list[dict[str, str]] = []
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> WorksServer:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop serving and free the port: later requests find nothing listening."""
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def doi_requests(self) -> list[list[str]]:
        """The DOI batches asked for, one list per request."""
        return [r["filter"][4:].split("|") for r in self.requests if r.get("filter", "").startswith("doi:")]

    def answer(self, path: str, params: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            self.requests.append({"path": path, **params})
            action = self.script.pop(0) if self.script else None
        if action and action[0] == "status":
            return action[1], {"Retry-After": str(action[2])} if len(action) > 2 else {}, b'{"error": "scripted"}'
        if action and action[0] == "malformed":
            return 200, {}, b'{"meta": {"count": 3}, "results": [{"id": "https://openalex.org/W1"'
        if action and action[0] == "slow":
            time.sleep(action[1])
        if path.rstrip("/") != "/works":
            return 404, {}, b'{"error": "not found"}'
        return 200, {}, json.dumps(self._page(params)).encode("utf-8")

    def _page(self, params: dict[str, str]) -> dict[str, Any]:
        found = self._matching(params)
        size = int(params.get("per_page") or params.get("per-page") or 25)
        cursor = params.get("cursor")
        start = 0 if cursor in (None, "*") else int(cursor)
        page = found[start:start + size]
        after = start + size
        next_cursor = str(after) if cursor is not None and after < len(found) else None
        meta = {"count": len(found), "db_response_time_ms": 1, "page": None if cursor else 1, "per_page": size,
                "next_cursor": next_cursor, "groups_count": None}
        return {"meta": meta, "results": page, "group_by": []}

    def _matching(self, params: dict[str, str]) -> list[dict[str, Any]]:
        filters = dict(f.split(":", 1) for f in params.get("filter", "").split(",") if ":" in f)
        found = self.works
        if "doi" in filters:
            wanted = {normalise_doi(d) for d in filters["doi"].split("|")}
            found = [w for w in found if normalise_doi(w.get("doi") or "") in wanted]
        if "title.search" in filters:
            words = normalise_title(filters["title.search"])
            found = [w for w in found if words in normalise_title(w.get("title") or "")]
        if "publication_year" in filters:
            found = [w for w in found if str(w.get("publication_year")) == filters["publication_year"]]
        if "from_publication_date" in filters:
            found = [w for w in found if (w.get("publication_date") or "") >= filters["from_publication_date"]]
        if params.get("search"):
            words = params["search"].lower().split()
            found = [w for w in found if all(x in json.dumps(w.get("abstract_inverted_index") or {}).lower()
                                             + (w.get("title") or "").lower() for x in words)]
        return found


def _handler(server: WorksServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            parts = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            status, headers, body = server.answer(parts.path, params)
            try:
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (a scripted slow answer)

        def log_message(self, *_: object) -> None:
            pass

    return Handler
