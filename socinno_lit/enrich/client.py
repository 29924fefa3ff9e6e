"""The OpenAlex API client: polite, retrying, bounded in time, and cached on disk.

requests with urllib3's ``Retry`` does the HTTP work: 429 and 5xx answers are retried with
exponential backoff and ``Retry-After`` is honoured; connection and read errors are retried
too. Every answer is kept in a :class:`ResponseCache`, so a second run needs no network and
``offline=True`` never touches it.

Settings come from the environment unless given:

- ``SOCINNO_OPENALEX_URL``: the API's base URL (default ``https://api.openalex.org``);
- ``OPENALEX_EMAIL``: an email for OpenAlex's polite pool (sent as ``mailto``);
- ``OPENALEX_API_KEY``: an API key (sent as ``api_key``, never stored in the cache);
- ``SOCINNO_CACHE_DIR``: the cache folder (default: the user cache folder, by platformdirs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SocinnoLitError
from ..files import atomic_write_text

DEFAULT_URL = "https://api.openalex.org"
#: Seconds to wait for a connection and for each read of an answer.
DEFAULT_TIMEOUT = (10.0, 60.0)
RETRY_STATUSES = (429, 500, 502, 503, 504)


class LookupFailed(SocinnoLitError):
    """OpenAlex could not be asked or gave no usable answer (after the retries)."""


class Unreachable(LookupFailed):
    """No connection, or no answer in time: asking again now would fail the same way."""


class NotCached(LookupFailed):
    """Offline, and the cache holds no answer for the request."""


def cache_folder() -> Path:
    """Where answers are cached: ``SOCINNO_CACHE_DIR`` when set, else the user cache folder.

    Example:
        >>> import os
        >>> before = os.environ.get("SOCINNO_CACHE_DIR")
        >>> os.environ["SOCINNO_CACHE_DIR"] = "/tmp/socinno-cache"
        >>> str(cache_folder())
        '/tmp/socinno-cache'
        >>> _ = os.environ.pop("SOCINNO_CACHE_DIR") if before is None else os.environ.update(SOCINNO_CACHE_DIR=before)
    """
    chosen = os.environ.get("SOCINNO_CACHE_DIR", "").strip()
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("socinno-lit", appauthor=False))


class ResponseCache:
    """JSON answers on disk, one file per request, written atomically.

    Example:
        >>> import tempfile
        >>> cache = ResponseCache(Path(tempfile.mkdtemp()))
        >>> cache.put("works", {"filter": "doi:10.1234/x"}, {"results": []})
        >>> cache.get("works", {"filter": "doi:10.1234/x"})
        {'results': []}
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, kind: str, params: dict[str, Any]) -> Path:
        text = json.dumps([kind, sorted(params.items())], ensure_ascii=False)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return self.folder / "openalex" / kind.strip("/").replace("/", "_") / digest[:2] / f"{digest}.json"

    def get(self, kind: str, params: dict[str, Any]) -> Any | None:
        """The cached answer, or None (also for a damaged cache file)."""
        path = self._path(kind, params)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, kind: str, params: dict[str, Any], value: Any) -> None:
        """Keep an answer; a cache that cannot be written only costs the next run a request."""
        try:
            atomic_write_text(self._path(kind, params), json.dumps(value, ensure_ascii=False))
        except (OSError, SocinnoLitError):
            pass


@dataclass
class OpenAlexClient:
    """Asks the OpenAlex API, through the cache.

    Attributes:
        base_url: the API root; default ``SOCINNO_OPENALEX_URL`` or the public API.
        email: for the polite pool; default ``OPENALEX_EMAIL``.
        api_key: default ``OPENALEX_API_KEY``.
        offline: answer from the cache only (:class:`NotCached` when it has none).
        cache: the cache; default one in :func:`cache_folder`.
        retries: how often a failed request is tried again.
        backoff: the first wait between tries, in seconds; it doubles each time.
        timeout: seconds for connecting and for reading an answer.
        requests_sent: how many HTTP requests were sent (retries included by urllib3 are not).
    """

    base_url: str = ""
    email: str = ""
    api_key: str = ""
    offline: bool = False
    cache: ResponseCache | None = None
    retries: int = 3
    backoff: float = 0.5
    timeout: tuple[float, float] = DEFAULT_TIMEOUT
    requests_sent: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.base_url = (self.base_url or os.environ.get("SOCINNO_OPENALEX_URL", "") or DEFAULT_URL).rstrip("/")
        self.email = self.email or os.environ.get("OPENALEX_EMAIL", "")
        self.api_key = self.api_key or os.environ.get("OPENALEX_API_KEY", "")
        if self.cache is None:
            self.cache = ResponseCache(cache_folder())
        self._session: Any = None

    def get(self, path: str, params: dict[str, Any], *, cached: bool = True) -> Any:
        """The JSON answer to ``GET base_url/path?params``, from the cache when it is there.

        Raises:
            NotCached: offline and not in the cache.
            LookupFailed: no network, a timeout, an error status after the retries, or an
                answer that is not JSON.
        """
        assert self.cache is not None
        if cached:
            found = self.cache.get(path, params)
            if found is not None:
                return found
        if self.offline:
            raise NotCached(f"not in the cache: {path}?{_query(params)}")
        value = self._ask(path, params)
        if cached:
            self.cache.put(path, params, value)
        return value

    def _ask(self, path: str, params: dict[str, Any]) -> Any:
        import requests

        sent = dict(params)
        if self.email:
            sent["mailto"] = self.email
        if self.api_key:
            sent["api_key"] = self.api_key
        url = f"{self.base_url}/{path.lstrip('/')}"
        self.requests_sent += 1
        try:
            response = self._http().get(url, params=sent, timeout=self.timeout)
        except (requests.ConnectionError, requests.Timeout) as err:
            raise Unreachable(f"OpenAlex could not be reached at {self.base_url} ({_short_reason(err)})") from None
        except requests.RequestException as err:
            raise LookupFailed(f"OpenAlex could not be asked at {self.base_url} ({_short_reason(err)})") from None
        if response.status_code >= 400:
            raise LookupFailed(f"OpenAlex answered {response.status_code} {response.reason} to {path}")
        try:
            return response.json()
        except ValueError:
            raise LookupFailed(f"OpenAlex's answer to {path} is not JSON") from None

    def _http(self) -> Any:
        if self._session is None:
            self._session = _session(self.retries, self.backoff)
        return self._session

    def close(self) -> None:
        """Close the HTTP connections (the client may be used again afterwards)."""
        if self._session is not None:
            self._session.close()
            self._session = None


class _HideKey(logging.Filter):
    """urllib3 logs the URL of each retried request: keep the API key out of those lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_KEY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args)
        return True


_KEY = re.compile(r"(api_key=)[^&\s]+")


def _session(retries: int, backoff: float) -> Any:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    from .._version import __version__

    # A refused connection or an unknown host is rarely cured by waiting: one quick retry.
    retry = Retry(total=retries, connect=min(retries, 1), read=retries, status=retries, backoff_factor=backoff,
                  backoff_max=max(backoff * 16, 1.0), status_forcelist=RETRY_STATUSES, allowed_methods=("GET",),
                  respect_retry_after_header=True, raise_on_status=False)
    for name in ("urllib3.connectionpool", "urllib3.util.retry"):
        log = logging.getLogger(name)
        if not any(isinstance(f, _HideKey) for f in log.filters):
            log.addFilter(_HideKey())
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.mount("https://", HTTPAdapter(max_retries=retry))
    session.headers["User-Agent"] = f"socinno-lit/{__version__}"
    return session


def _query(params: dict[str, Any]) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items())


def _short_reason(err: Exception) -> str:
    """The innermost reason of a requests error, without the object reprs urllib3 adds."""
    reason = err
    while reason.args and isinstance(reason.args[0], Exception):
        reason = reason.args[0]
    text = str(getattr(reason, "reason", None) or reason)
    return re.sub(r"^(?:<[^>]*>|\w*Connection\w*\([^)]*\)):\s*", "", text)
