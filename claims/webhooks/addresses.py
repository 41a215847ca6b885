"""Where a webhook may be sent: the URL's form, and the addresses its host resolves to.

Addresses are resolved once per attempt and the connection is made to the address checked
(claims/webhooks/sending.py), so a name that resolves to a public address when checked and
to a private one a moment later (DNS rebinding) cannot reach the site's own network."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sources.fetching import AddressRefused, FetchError, address_allowed, resolve_all

__all__ = ["MAX_URL_LENGTH", "Target", "UnsafeUrl", "address_allowed", "resolve", "url_check"]

MAX_URL_LENGTH = 1000


class UnsafeUrl(ValueError):
    """The URL is not one a delivery may go to; the message says why, for the consumer."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written, for the Host header and the TLS name
    port: int
    path: str  # path and query, as sent in the request line
    addresses: tuple[str, ...]  # resolved, checked


def url_check(url: str) -> str:
    """The URL, refused (UnsafeUrl) unless http(s) with a host and no user name or password."""
    if len(url) > MAX_URL_LENGTH:
        raise UnsafeUrl(f"The URL is longer than {MAX_URL_LENGTH} characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UnsafeUrl("The URL cannot be read.") from None
    if parts.scheme not in ("http", "https"):
        raise UnsafeUrl("Only http and https URLs can receive webhooks.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UnsafeUrl("Put no user name or password in the URL: check the signature instead.")
    if not parts.hostname:
        raise UnsafeUrl("The URL has no host.")
    if parts.fragment:
        raise UnsafeUrl("The URL may not have a #fragment.")
    if port == 0:
        raise UnsafeUrl("The URL's port cannot be 0.")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise UnsafeUrl("The URL may not contain spaces or control characters.")
    return url


def resolve(url: str, *, allow_private: bool) -> Target:
    """The URL's host resolved, every address checked unless `allow_private`: one private
    address among public ones refuses the URL (UnsafeUrl)."""
    url_check(url)
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or ""
    try:
        addresses = resolve_all(host, port, allow_private=allow_private)
    except AddressRefused as exc:
        raise UnsafeUrl(
            f"The host {host!r} resolves to a private, loopback or reserved address ({exc.address}): refused."
        ) from None
    except FetchError as exc:
        raise UnsafeUrl(f"The host {host!r} cannot be resolved ({exc}).") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, host, port, path, addresses)
