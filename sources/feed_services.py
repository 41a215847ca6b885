"""Feeds and pages read from the web: polling feeds, reading their items' pages, reading
articles submitted by URL, and telling a new article from one already stored or a new
version of one."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from factcheck.celery import task_send

from .feeds import FeedUnreadable, backoff_seconds, normalise_url, parse_feed, retry_after_seconds
from .models import Article, Feed, FeedItem, Outlet, body_sha256
from .services import (
    FETCH_TASK,
    _fetch_send,
    article_latest,
    article_send,
    article_submit,
    article_validate,
    outlet_get_or_create,
    url_lock,
)
from .web import FetchError, PageRead, feed_fetch, page_read

logger = logging.getLogger(__name__)
POLL_TASK = "sources.poll_feed"
READ_ITEM_TASK = "sources.read_feed_item"
# A poll holds its feed this long: another worker (or beat) does not poll it meanwhile; a
# worker that dies mid-poll leaves the feed to be polled again after it.
POLL_LEASE = dt.timedelta(minutes=5)
# An article left fetching this long (its message lost with the broker) is sent again.
REFETCH_AFTER = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Stored:
    article: Article
    outcome: str  # "new", "version" (a changed text at a known address), "same" (already stored)


@dataclass(frozen=True)
class PollResult:
    feed_id: int
    outcome: str  # "busy", "not_modified", "read", "error"
    new: int = 0
    changed: int = 0
    error: str = ""


def _send(task: str, object_id: int) -> None:
    try:
        task_send(task, object_id)
    except (KombuOperationalError, OSError) as exc:
        logger.warning("broker unavailable, %s(%s) not sent: %s", task, object_id, exc)


# --- Articles from pages -------------------------------------------------------------

def article_store_page(*, page: PageRead, outlet: Outlet | None, known: Article | None = None,
                       submitted_by=None) -> Stored:
    """The article a page's text belongs to, stored if new. The same normalised text is the
    same article wherever it came from; a different text at an address already read (the
    same feed item, or the same canonical URL) is a new version of that article, queued for
    extraction while the earlier version keeps its claims and their reviews."""
    digest = body_sha256(page.body)
    with transaction.atomic():
        url_lock(page.canonical_url)
        same = Article.objects.filter(content_sha256=digest).first()
        if same is not None:
            if not same.canonical_url:
                Article.objects.filter(pk=same.pk).update(canonical_url=page.canonical_url)
            return Stored(same, "same")
        base = article_latest(known) if known is not None else None
        if base is None and page.canonical_url:
            base = (Article.objects.filter(canonical_url=page.canonical_url, next_version__isnull=True)
                    .exclude(body="").order_by("-id").first())
        result = article_submit(
            title=page.title, body=page.body, url=page.url, published_on=page.published_on,
            outlet=outlet or (base.outlet if base else None), submitted_by=submitted_by,
            canonical_url=page.canonical_url, previous_version=base,
        )
    return Stored(result.article, "version" if base is not None and result.created else
                  ("new" if result.created else "same"))


def article_fetch(*, article_id: int) -> str:
    """Read the page of an article submitted by URL and queue its extraction. Whatever goes
    wrong is written on the article (failed, with the reason); an editor's retry reads it
    again. Returns the article's status."""
    article = Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).first()
    if article is None:
        return Article.objects.filter(pk=article_id).values_list("status", flat=True).first() or "missing"
    try:
        page = page_read(article.url)
        title = page.title if article.title == article.url[:500] else article.title
        article_validate(title=title, body=page.body, url=article.url, published_on=page.published_on)
    except FetchError as exc:
        return _fetch_failed(article_id, f"Could not read the page: {exc}")
    except ValidationError as exc:
        return _fetch_failed(article_id, "The page's text cannot be stored: " + "; ".join(exc.messages))
    digest = body_sha256(page.body)
    with transaction.atomic():
        url_lock(page.canonical_url)
        same = Article.objects.filter(content_sha256=digest).exclude(pk=article_id).first()
        if same is not None:
            return _fetch_failed(article_id, f"The page's text is already article #{same.pk} ({same.title[:100]}).")
        base = (Article.objects.filter(canonical_url=page.canonical_url, next_version__isnull=True)
                .exclude(pk=article_id).exclude(body="").order_by("-id").first())
        try:
            with transaction.atomic():
                taken = Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).update(
                    title=" ".join(title.split())[:500], body=page.body.replace("\r\n", "\n").replace("\r", "\n"),
                    content_sha256=digest, canonical_url=page.canonical_url,
                    published_on=page.published_on, status=Article.Status.QUEUED, error="",
                    previous_version=base, version=base.version + 1 if base else 1, updated_at=timezone.now(),
                )
        except IntegrityError:
            return _fetch_failed(article_id, "The same text or version was stored at the same moment; retry.")
        if taken:
            transaction.on_commit(lambda: article_send(article_id=article_id))
    return Article.Status.QUEUED if taken else "taken"


def _fetch_failed(article_id: int, error: str) -> str:
    Article.objects.filter(pk=article_id, status=Article.Status.FETCHING).update(
        status=Article.Status.FAILED, error=error[:2000], updated_at=timezone.now()
    )
    return Article.Status.FAILED


def articles_refetch_stale(*, now: dt.datetime | None = None, limit: int = 200) -> list[int]:
    """Send again the fetches whose message was lost (the broker was down at submission)."""
    since = (now or timezone.now()) - REFETCH_AFTER
    ids = list(Article.objects.filter(status=Article.Status.FETCHING, updated_at__lt=since)
               .values_list("pk", flat=True)[:limit])
    for article_id in ids:
        Article.objects.filter(pk=article_id).update(updated_at=timezone.now())
        _fetch_send(article_id)
    return ids


# --- Feeds ---------------------------------------------------------------------------

def feed_add(*, url: str, outlet_name: str, interval: int = 900) -> Feed:
    """A feed of the outlet (created if new), polled from now on. The URL is the key."""
    url = url.strip()
    try:
        Feed._meta.get_field("url").run_validators(url)
        from django.core.validators import URLValidator

        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"url": f"Not an http(s) URL: {url[:200]!r}"}) from None
    if interval < 60:
        raise ValidationError({"interval": "Poll at most once a minute (interval >= 60 seconds)."})
    outlet = outlet_get_or_create(name=outlet_name)
    feed, created = Feed.objects.get_or_create(url=url, defaults={"outlet": outlet, "interval": interval})
    if not created and (feed.outlet_id != outlet.pk or feed.interval != interval or not feed.active):
        Feed.objects.filter(pk=feed.pk).update(outlet=outlet, interval=interval, active=True)
        feed.refresh_from_db()
    return feed


def feeds_due(*, now: dt.datetime | None = None) -> list[int]:
    return list(Feed.objects.filter(active=True, next_poll_at__lte=now or timezone.now())
                .order_by("next_poll_at").values_list("pk", flat=True))


def feeds_poll_due(*, now: dt.datetime | None = None) -> list[int]:
    """Send a poll for every due feed (beat, and `manage.py poll_feeds --async`)."""
    due = feeds_due(now=now)
    for feed_id in due:
        _send(POLL_TASK, feed_id)
    articles_refetch_stale(now=now)
    return due


def feed_take(*, feed_id: int, now: dt.datetime, force: bool = False) -> bool:
    """Hold the feed for this poll with one conditional UPDATE: False when it is not due, or
    another poll holds it."""
    feeds = Feed.objects.filter(pk=feed_id, active=True)
    if not force:
        feeds = feeds.filter(next_poll_at__lte=now)
    return bool(feeds.update(next_poll_at=now + POLL_LEASE, last_polled_at=now))


def feed_poll(*, feed_id: int, force: bool = False, now: dt.datetime | None = None) -> PollResult:
    """Poll one feed: a conditional request, then every item that is new, or whose entry
    changed, or whose page could not be read last time, is sent to be read. Republished
    and reordered items add nothing. Errors back off (Retry-After respected)."""
    now = now or timezone.now()
    if not feed_take(feed_id=feed_id, now=now, force=force):
        return PollResult(feed_id, "busy")
    feed = Feed.objects.get(pk=feed_id)
    try:
        result = feed_fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if result.not_modified:
            with transaction.atomic():
                _feed_succeeded(feed, now, etag=result.etag or feed.etag,
                                last_modified=result.last_modified or feed.last_modified)
                _read_on_commit(_unread(feed, exclude=[], now=now), now=now)
            return PollResult(feed_id, "not_modified")
        parsed = parse_feed(result.body, url=result.url, content_type=result.content_type)
    except FetchError as exc:
        return _feed_failed(feed, now, str(exc), retry_after_seconds(exc.retry_after, now=now))
    except FeedUnreadable as exc:
        return _feed_failed(feed, now, str(exc), None)
    to_read: list[int] = []
    new = changed = 0
    with transaction.atomic():
        known = {
            item.guid_key: item for item in FeedItem.objects.filter(
                feed=feed, guid_key__in=[FeedItem.key_of(e.guid) for e in parsed.entries]
            )
        }
        for entry in parsed.entries:
            if len(entry.link) > 1000:
                continue
            key = FeedItem.key_of(entry.guid)
            item = known.get(key)
            if item is None:
                item, created = FeedItem.objects.get_or_create(feed=feed, guid_key=key, defaults={
                    "guid": entry.guid, "link": entry.link, "title": entry.title, "published_at": entry.published,
                    "signature": entry.signature,
                })
                if created:
                    new += 1
                    to_read.append(item.pk)
                continue
            if item.signature != entry.signature:
                FeedItem.objects.filter(pk=item.pk).update(
                    link=entry.link, title=entry.title, published_at=entry.published, signature=entry.signature,
                    state=FeedItem.State.NEW,
                )
                changed += 1
                to_read.append(item.pk)
        _feed_succeeded(feed, now, etag=result.etag, last_modified=result.last_modified, title=parsed.title,
                        items=new)
        _read_on_commit(to_read + _unread(feed, exclude=to_read, now=now), now=now)
    return PollResult(feed_id, "read", new=new, changed=changed)


def _unread(feed: Feed, *, exclude: list[int], now: dt.datetime, limit: int = 100) -> list[int]:
    """Items whose page failed, read again at every poll, even one answered 304, since the
    page may be back while the feed is unchanged; and items still waiting REFETCH_AFTER
    after their read was sent (its message lost). An item whose read is merely queued
    behind others is not sent twice: two reads of one page would race."""
    waiting = Q(state=FeedItem.State.NEW) & (Q(queued_at__isnull=True) | Q(queued_at__lt=now - REFETCH_AFTER))
    return list(FeedItem.objects.filter(feed=feed).filter(Q(state=FeedItem.State.FAILED) | waiting)
                .exclude(pk__in=exclude).order_by("pk").values_list("pk", flat=True)[:limit])


def _read_on_commit(item_ids: list[int], *, now: dt.datetime) -> None:
    FeedItem.objects.filter(pk__in=item_ids).update(queued_at=now)
    for item_id in item_ids:
        transaction.on_commit(lambda item_id=item_id: _send(READ_ITEM_TASK, item_id))


def _feed_succeeded(feed: Feed, now: dt.datetime, *, etag: str, last_modified: str, title: str = "",
                    items: int = 0) -> None:
    Feed.objects.filter(pk=feed.pk).update(
        etag=etag[:500], last_modified=last_modified[:100], failures=0, last_success_at=now,
        next_poll_at=now + dt.timedelta(seconds=feed.interval), title=title or feed.title,
        items_seen=F("items_seen") + items,
    )


def _feed_failed(feed: Feed, now: dt.datetime, error: str, retry_after: int | None) -> PollResult:
    failures = feed.failures + 1
    delay = backoff_seconds(failures=failures, interval=feed.interval, retry_after=retry_after,
                            limit=settings.FACTCHECK_FEED_MAX_BACKOFF)
    Feed.objects.filter(pk=feed.pk).update(
        failures=failures, last_error=error[:2000], last_error_at=now, next_poll_at=now + dt.timedelta(seconds=delay),
    )
    logger.warning("feed %s failed (%d in a row, next try in %ss): %s", feed.pk, failures, delay, error)
    return PollResult(feed.pk, "error", error=error)


def feed_item_read(*, item_id: int) -> str:
    """Read one feed item's page and store its article (new, a new version, or the same
    one again). Returns the item's state."""
    item = FeedItem.objects.select_related("feed").filter(pk=item_id).first()
    if item is None or item.state == FeedItem.State.READ:
        return item.state if item else "missing"
    try:
        page = page_read(item.link)
        article_validate(title=page.title, body=page.body, url=page.url, published_on=page.published_on)
        stored = article_store_page(page=page, outlet=item.feed.outlet, known=item.article)
    except FetchError as exc:
        return _item_failed(item, f"Could not read the page: {exc}")
    except ValidationError as exc:
        return _item_failed(item, "The page's text cannot be stored: " + "; ".join(exc.messages))
    FeedItem.objects.filter(pk=item.pk).update(
        state=FeedItem.State.READ, article=stored.article, error="", read_at=timezone.now()
    )
    return FeedItem.State.READ


def _item_failed(item: FeedItem, error: str) -> str:
    FeedItem.objects.filter(pk=item.pk).update(state=FeedItem.State.FAILED, error=error[:2000])
    return FeedItem.State.FAILED


def feed_health(feed: Feed) -> str:
    """One word for the admin's list."""
    if not feed.active:
        return "inactive"
    if feed.failures:
        return f"failing ({feed.failures})"
    return "ok" if feed.last_success_at else "not polled yet"


__all__ = [
    "FETCH_TASK", "POLL_TASK", "READ_ITEM_TASK", "PollResult", "Stored", "article_fetch", "article_store_page",
    "articles_refetch_stale", "feed_add", "feed_health", "feed_item_read", "feed_poll", "feeds_due",
    "feeds_poll_due", "normalise_url",
]


def feeds_poll_now(*, feed_ids: list[int]) -> int:
    """The admin's "poll now": the feeds become due at once and their polls are sent."""
    now = timezone.now()
    count = Feed.objects.filter(pk__in=feed_ids).update(next_poll_at=now, active=True)
    for feed_id in feed_ids:
        transaction.on_commit(lambda feed_id=feed_id: _send(POLL_TASK, feed_id))
    return count
