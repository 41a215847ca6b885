"""The public page cache: pages of the quote list kept for a while, and never served once
the data they were built from has changed.

A kept page is named by the state of everything the public may see. Every write to a
claim, verdict, evidence link, speaker, match or fact-check leaves a history row (the audited services write
nothing else), so the newest history ids change whenever public data may have; that is the
first half of the name (`history_version`). History ids are handed out before commit,
though: a change committing after a later-numbered one would leave them as they were. So
each history row also counts one change in the cache once its transaction commits
(`public_data_changed`), and a page is kept together with the count it was built at: a page
built before the latest committed change is rebuilt (`quote_page_get`).

The generic parts (a Redis backend that degrades, counters) are in factcheck/cache.py.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from claims.models import Claim, ClaimMatch, Evidence, FactCheck, Verdict
from factcheck.cache import cache_count
from sources.models import Speaker

CHANGES_KEY = "public-data-changes"
PAGE_PREFIX = "api-quotes:"


def connect() -> None:
    """Count every audited write once it commits (called from the app's ready())."""
    from simple_history.signals import post_create_historical_record

    post_create_historical_record.connect(public_data_changed, dispatch_uid="public-data-changed")


def public_data_changed(**kwargs) -> None:
    """Receiver of simple_history's post_create_historical_record: count the change when
    (and only if) its transaction commits."""
    transaction.on_commit(lambda: cache_count(cache, CHANGES_KEY, timeout=None))


def changes_committed() -> int:
    """How many audited changes have committed since the cache was last emptied."""
    return cache.get(CHANGES_KEY, 0)


def history_version() -> str:
    """The newest history ids of claims, verdicts, evidence, speakers, and of the matches
    and fact-checks a quote shows (its appearances and fact-checks): one query."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(connection.vendor))
        return ".".join(str(value or 0) for value in cursor.fetchone())


@functools.cache
def _version_sql(vendor: str) -> str:
    # Built once: reaching a model's history manager builds a manager class each time.
    tables = [m.history.model._meta.db_table for m in (Claim, Verdict, Evidence, Speaker, ClaimMatch, FactCheck)]
    return "SELECT " + ", ".join(f"(SELECT max(history_id) FROM {connection.ops.quote_name(t)})" for t in tables)


@dataclass(frozen=True)
class KeptPage:
    body: bytes
    last_modified: dt.datetime | None


@dataclass
class PageSlot:
    """Where one page of the quote list is kept, and the change count it was looked up at."""

    key: str
    changes: int
    found: KeptPage | None


def quote_page_slot(*, url: str, params, allowed: set[str]) -> PageSlot | None:
    """The cache slot for a page of the quote list, with the kept page if it is current.

    None when the page is not to be kept: the cache is off, or the query has parameters
    outside `allowed` or a parameter twice (made-up parameters must not fill the cache with
    copies). The parameters' order does not matter: each page is kept once."""
    if not settings.FACTCHECK_API_CACHE_SECONDS:
        return None
    if not set(params) <= allowed or any(len(params.getlist(name)) != 1 for name in params):
        return None
    query = "&".join(f"{name}={params[name]}" for name in sorted(params))
    key = PAGE_PREFIX + hashlib.sha256(f"{history_version()}|{url}?{query}".encode()).hexdigest()
    # The page and the count of committed changes in one round trip.
    found = cache.get_many([key, CHANGES_KEY])
    changes = found.get(CHANGES_KEY, 0)
    kept = found.get(key)
    current = None
    if isinstance(kept, tuple) and len(kept) == 3 and kept[2] == changes:  # entries of another shape: rebuilt
        current = KeptPage(kept[0], kept[1])
    return PageSlot(key, changes, current)


def quote_page_keep(slot: PageSlot, page: KeptPage) -> None:
    """Keep a page built now, under the change count its slot was looked up at."""
    cache.set(slot.key, (page.body, page.last_modified, slot.changes), settings.FACTCHECK_API_CACHE_SECONDS)
