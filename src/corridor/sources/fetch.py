"""The one seam through which Corridor reaches the network.

Everything that downloads goes through a `Fetcher`, so tests can serve pages from a
server on loopback and nothing else needs to know about HTTP. `HttpFetcher` is the real
one: bounded in time, size and redirects, naming itself in its user agent, and asking
with the validators of the last fetch so that an unchanged page is not downloaded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from .. import __version__
from ..errors import CorridorError

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"corridor/{__version__} (reader of public statements on bilateral meetings)"
MB = 1024 * 1024
SCHEMES = ("http://", "https://")


def is_url(value: str) -> bool:
    """Whether a command-line input names a web address rather than a file."""
    return value.lower().startswith(SCHEMES)


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version it sent: the next request asks 'changed since?'."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        found = {"If-None-Match": self.etag, "If-Modified-Since": self.last_modified}
        return {name: value for name, value in found.items() if value}


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched page, or the server's word (304) that it has not changed."""

    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    fetched_at: str
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(CorridorError):
    """A page could not be fetched; `reason` says why in words a person can act on."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class Fetcher(Protocol):
    """Anything that turns an address into a Response or raises FetchError."""

    def fetch(self, url: str, validators: Validators | None = None) -> Response: ...


class FetchCache(Protocol):
    """Where the validators of earlier fetches are kept between runs: (etag, last_modified) by address."""

    def fetch_state(self, url: str) -> tuple[str | None, str | None] | None: ...

    def remember_fetch(self, url: str, etag: str | None, last_modified: str | None) -> None: ...


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one fetch: seconds per wait, seconds in all (connecting, redirects, headers and
    body together), bytes of body, redirects followed."""

    timeout: float = 20.0
    deadline: float = 120.0
    max_bytes: int = 20 * MB
    max_redirects: int = 5


class HttpFetcher:
    """Fetches over HTTP(S) with httpx; `transport` lets a caller stand in for the network."""

    def __init__(self, limits: Limits | None = None, transport: httpx.BaseTransport | None = None) -> None:
        import httpx

        from .deadline import Deadline, deadline_transport

        self.limits = limits or Limits()
        self.deadline = Deadline()
        self.client = httpx.Client(
            timeout=httpx.Timeout(self.limits.timeout),
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            transport=transport or deadline_transport(self.deadline),
        )

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, validators: Validators | None = None) -> Response:
        """The page at `url`; FetchError for anything but a whole page or a 304 within the limits."""
        if not is_url(url):
            raise FetchError(url, "not an http:// or https:// address")
        import httpx

        headers = validators.headers() if validators else {}
        self.deadline.start(self.limits.deadline)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                return self._read(url, response)
        except httpx.TooManyRedirects as exc:
            raise FetchError(
                url, f"more than {self.limits.max_redirects} redirects (a redirect loop?)"
            ) from exc
        except httpx.TimeoutException as exc:
            if self.deadline.expired():
                raise FetchError(url, self._too_slow()) from exc
            raise FetchError(url, f"no answer within {self.limits.timeout:g} s; try again later") from exc
        except httpx.HTTPError as exc:
            raise FetchError(url, f"request failed: {exc or type(exc).__name__}") from exc

    def _too_slow(self) -> str:
        return f"not complete within {self.limits.deadline:g} s (a server sending slowly); gave up"

    def _read(self, url: str, response: httpx.Response) -> Response:
        status = response.status_code
        if status >= 400 or (status != 304 and status >= 300):
            phrase = response.reason_phrase or ""
            raise FetchError(url, f"server answered {status} {phrase}".rstrip())
        body = b"" if status == 304 else self._body(url, response)
        return Response(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=response.headers.get("content-type", ""),
            body=body,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            validators=Validators(response.headers.get("etag"), response.headers.get("last-modified")),
        )

    def _body(self, url: str, response: httpx.Response) -> bytes:
        """The body, stopped as soon as it passes the size cap or the whole-fetch deadline."""
        limit = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, too_big(limit))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, too_big(limit))
            if self.deadline.expired():
                raise FetchError(url, self._too_slow())
            chunks.append(chunk)
        return b"".join(chunks)


def too_big(limit: int) -> str:
    return f"page is larger than the {limit / MB:.1f} MB limit (set CORRIDOR_MAX_BYTES to raise it)"
