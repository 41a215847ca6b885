"""Reading feeds and the pages they point to: no Django. feedparser parses RSS and Atom;
this module turns its entries into frozen records and finds a page's canonical URL."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import hashlib
from html.parser import HTMLParser
import time
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

# Query parameters that only say where a reader came from: the same page without them.
_TRACKING_PREFIXES = ("utm_",)
_TRACKING_NAMES = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "at_medium", "at_campaign"})
MAX_ENTRIES = 500  # entries read from one feed document; a feed is a window, not an archive


class FeedUnreadable(ValueError):
    """The document is not a feed feedparser can read."""


@dataclass(frozen=True)
class FeedEntry:
    guid: str  # the entry's id, else its link: what makes it the same item in the next snapshot
    link: str
    title: str
    published: dt.datetime | None
    summary: str
    # Changes when the entry itself changes (its link or date; for an undated entry its title
    # or summary): only then is its page fetched again to look for a new version. Its place
    # in the feed does not count.
    signature: str


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: tuple[FeedEntry, ...]


def normalise_url(url: str) -> str:
    """The form of a URL used to recognise the same page: scheme and host in lower case, no
    default port, no fragment, no tracking parameters, an empty path as '/'."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def _struct_time(value: time.struct_time | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime(*value[:6], tzinfo=dt.timezone.utc)
    except (TypeError, ValueError):
        return None


def parse_feed(document: bytes, *, url: str, content_type: str = "") -> ParsedFeed:
    """The entries of an RSS or Atom document, in feed order; entries without a link are
    left out (there is no page to read). Raises FeedUnreadable for what is not a feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(document, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise FeedUnreadable(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    entries = []
    seen: set[str] = set()
    for entry in parsed.entries[:MAX_ENTRIES]:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        link = urljoin(url, link)
        guid = (entry.get("id") or "").strip() or link
        if guid in seen:
            continue  # the same item twice in one document
        seen.add(guid)
        title = " ".join((entry.get("title") or "").split())
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        summary = entry.get("summary") or ""
        updated = entry.get("updated") or entry.get("published") or ""
        # A dated entry changed when its date did: a feed that rewrites its summaries or titles
        # on every build (republishing) does not make every page be fetched again. An undated
        # entry has only its words to tell.
        told = [guid, link, updated] if updated else [guid, link, title, summary]
        signature = hashlib.sha256("\x1f".join(told).encode("utf-8")).hexdigest()
        entries.append(FeedEntry(guid=guid[:2000], link=link, title=title[:500], published=published,
                                 summary=summary, signature=signature))
    return ParsedFeed(title=" ".join((parsed.feed.get("title") or "").split())[:300], entries=tuple(entries))


class _CanonicalFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or self.href:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        if "canonical" in values.get("rel", "").lower().split():
            self.href = values.get("href", "").strip()


def canonical_url(html: str, *, page_url: str) -> str:
    """The page's <link rel="canonical"> as an absolute http(s) URL, else the page's own URL;
    normalised either way."""
    finder = _CanonicalFinder()
    try:
        finder.feed(html[:500_000])  # the head is near the top; a huge body need not be parsed
        finder.close()
    except (AssertionError, ValueError):
        pass
    href = urljoin(page_url, finder.href) if finder.href else page_url
    if urlsplit(href).scheme not in ("http", "https"):
        href = page_url
    return normalise_url(href)


def retry_after_seconds(value: str, *, now: dt.datetime) -> int | None:
    """A Retry-After header in seconds from now: a number of seconds, or an HTTP date."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0, int((when - now).total_seconds()))


def backoff_seconds(*, failures: int, interval: int, retry_after: int | None, limit: int) -> int:
    """The wait before polling a feed again after `failures` errors in a row: the interval
    doubled per error, never less than the server's Retry-After, never more than `limit`."""
    delay = min(max(interval, 60) * 2 ** min(max(failures - 1, 0), 20), limit)
    if retry_after is not None:
        delay = max(delay, min(retry_after, limit))
    return delay
