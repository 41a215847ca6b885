"""Fetching pages and feeds from the open web, safely: no Django, the standard library only.

Every door that reads a URL (feeds, their items' pages, articles submitted by URL) goes
through fetch(). What it guards against:
- the site's own network (SSRF): each hop's host is resolved once, every address checked
  (loopback, private, link-local, multicast, reserved and other non-global ones refused),
  and the connection made to that checked address, so a second lookup cannot answer
  differently (DNS rebinding);
- endless or huge answers: a connect/read timeout, an overall deadline, a size cap on the
  body as read (and as decompressed), at most five redirects;
- other kinds of file: only the content types the caller accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import http.client
import ipaddress
import socket
import ssl
import time
from urllib.parse import urljoin, urlsplit
import zlib

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    # Feeds served as HTML or plain text are common enough; feedparser reads them if they are feeds.
    "text/html", "text/plain",
})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5


class FetchError(Exception):
    """The URL could not be read; the message says why, for an editor."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after  # the server's Retry-After header, as sent


class AddressRefused(FetchError):
    """The host resolves to an address the fetcher may not reach."""

    def __init__(self, message: str, *, address: str) -> None:
        super().__init__(message)
        self.address = address


@dataclass(frozen=True)
class FetchOptions:
    user_agent: str = "factcheck-fetcher/1.0"
    timeout: float = 10.0  # seconds for connecting and for each read
    deadline: float = 30.0  # seconds for the whole fetch, redirects included
    max_bytes: int = 5_000_000
    allow_private: bool = False


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int  # 200, or 304 when a conditional request found nothing new
    content_type: str = ""
    charset: str = ""
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


def address_allowed(address: str) -> bool:
    """A public unicast address: nothing on this machine or its networks."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback
                                 or ip.is_private or ip.is_unspecified)


def resolve_all(host: str, port: int, *, allow_private: bool) -> tuple[str, ...]:
    """Every address the name has, in the resolver's order, each checked unless
    `allow_private`: one non-public address among public ones refuses the host."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host!r}: {exc}") from None
    addresses = tuple(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchError(f"cannot resolve {host!r}")
    if not allow_private:
        refused = [a for a in addresses if not address_allowed(a)]
        if refused:
            raise AddressRefused(f"{host} resolves to {refused[0]}, a non-public address: refused", address=refused[0])
    return addresses


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The one address this hop connects to, after checking every address the name has."""
    return resolve_all(host, port, allow_private=allow_private)[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address checked beforehand, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the name, the socket goes to the checked address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _media_type(header: str) -> tuple[str, str]:
    """('text/html', 'utf-8') from 'text/html; charset=UTF-8'."""
    kind, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


def _read_capped(response: http.client.HTTPResponse, *, max_bytes: int, deadline: float) -> bytes:
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "deflate", ""):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    decoder = zlib.decompressobj(wbits=47) if encoding in ("gzip", "deflate") else None
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError("the server was too slow: the fetch took longer than its deadline")
        chunk = response.read1(65_536)
        if not chunk:
            break
        if decoder is not None:
            try:
                chunk = decoder.decompress(chunk, max_bytes + 1 - size)
            except zlib.error as exc:
                raise FetchError(f"cannot decompress the answer: {exc}") from None
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"the answer is larger than the {max_bytes:,}-byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, accept: frozenset[str], options: FetchOptions, headers: dict[str, str] | None = None) -> FetchResult:
    """GET the URL, following at most five redirects, each hop checked. Raises FetchError."""
    deadline = time.monotonic() + options.deadline
    hops: list[str] = []
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) URL: {current[:200]!r}")
        if parts.username or parts.password:
            raise FetchError("URLs with a user name or password are not fetched")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(f"bad port in {current[:200]!r}") from None
        address = resolve(parts.hostname, port, allow_private=options.allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("the server was too slow: the fetch took longer than its deadline")
        timeout = min(options.timeout, remaining)
        kind = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = kind(parts.hostname, port, address, timeout)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        request_headers = {
            "User-Agent": options.user_agent,
            "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
            "Accept-Encoding": "gzip",
            **(headers or {}),
        }
        try:
            connection.request("GET", path, headers=request_headers)
            response = connection.getresponse()
            status = response.status
            if status in REDIRECTS:
                location = response.getheader("Location") or ""
                if not location:
                    raise FetchError(f"redirect ({status}) without a Location")
                hops.append(current)
                current = urljoin(current, location.strip())
                continue
            if status == 304:
                return FetchResult(url=current, status=304, etag=response.getheader("ETag") or "",
                                   last_modified=response.getheader("Last-Modified") or "", redirects=tuple(hops))
            if status != 200:
                raise FetchError(f"the server answered {status} {response.reason}", status=status,
                                 retry_after=response.getheader("Retry-After") or "")
            content_type, charset = _media_type(response.getheader("Content-Type") or "")
            if content_type not in accept:
                raise FetchError(f"content type {content_type or 'missing'!r} is not one this reads")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > options.max_bytes:
                raise FetchError(f"the answer is larger than the {options.max_bytes:,}-byte limit")
            body = _read_capped(response, max_bytes=options.max_bytes, deadline=deadline)
            return FetchResult(
                url=current, status=200, content_type=content_type, charset=charset, body=body,
                etag=response.getheader("ETag") or "", last_modified=response.getheader("Last-Modified") or "",
                redirects=tuple(hops),
            )
        except (TimeoutError, socket.timeout):
            raise FetchError("the server was too slow: no answer within the timeout") from None
        except (OSError, http.client.HTTPException) as exc:
            if isinstance(exc, FetchError):
                raise
            raise FetchError(f"cannot read {parts.hostname}: {type(exc).__name__}: {exc}") from None
        finally:
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
