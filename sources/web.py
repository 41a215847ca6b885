"""Fetching from the web with the site's settings, one request at a time per host, and
reading a fetched page into an article's title and text. Feeds, their items and articles
submitted by URL all come through here."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
import threading
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

from .feeds import canonical_url, normalise_url
from .fetching import FEED_TYPES, PAGE_TYPES, FetchError, FetchOptions, FetchResult, fetch
from .importers import ImportProblem, parse_html, parse_text

__all__ = ["FetchError", "PageRead", "feed_fetch", "page_read"]

# SQLite means the embedded default: one process, so a lock per host in this process serves.
_local_locks: dict[str, threading.Lock] = {}
_local_guard = threading.Lock()


def fetch_options() -> FetchOptions:
    return FetchOptions(
        user_agent=settings.FACTCHECK_FETCH_USER_AGENT,
        timeout=settings.FACTCHECK_FETCH_TIMEOUT,
        deadline=settings.FACTCHECK_FETCH_DEADLINE,
        max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
        allow_private=settings.FACTCHECK_FETCH_ALLOW_PRIVATE,
    )


@contextmanager
def host_lock(url: str) -> Iterator[None]:
    """Hold the URL's host for this request: with PostgreSQL a session advisory lock, which
    every worker on every machine sees, and which the server drops if the worker dies."""
    host = (urlsplit(url).hostname or "").lower()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", ["fetch-host:" + host])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", ["fetch-host:" + host])
        return
    with _local_guard:
        lock = _local_locks.setdefault(host, threading.Lock())
    with lock:
        yield


def _fetch(url: str, *, accept: frozenset[str], headers: dict[str, str] | None = None) -> FetchResult:
    # Redirects may change host; the lock is the first host's, which is the one we chose to poll.
    with host_lock(url):
        return fetch(url, accept=accept, options=fetch_options(), headers=headers)


def feed_fetch(url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
    """The feed document, or a 304 result when it has not changed since etag/last_modified."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _fetch(url, accept=FEED_TYPES, headers=headers)


@dataclass(frozen=True)
class PageRead:
    url: str  # where the page was found, after redirects
    canonical_url: str  # normalised; the page's rel=canonical when it has one
    title: str
    body: str
    published_on: object = None  # dt.date | None


def page_read(url: str) -> PageRead:
    """Fetch a page and take its main text out (trafilatura, as uploads are read).
    Raises FetchError with a message for the editor when there is no text to take."""
    result = _fetch(url, accept=PAGE_TYPES)
    text = result.text()
    if result.content_type == "text/plain":
        parsed = parse_text(text, url, fallback_title=url)
        canonical = normalise_url(result.url)
    else:
        parsed = parse_html(text, url, fallback_title=url, deduplicate=False)
        canonical = canonical_url(text, page_url=result.url)
    if isinstance(parsed, ImportProblem):
        raise FetchError(f"{parsed.message} at {result.url[:200]}")
    return PageRead(url=result.url, canonical_url=canonical[:1000], title=parsed.title or url[:500],
                    body=parsed.body, published_on=parsed.published_on)
