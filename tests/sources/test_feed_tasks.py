"""Feeds on the production path: beat's task polls the due feeds, a real worker on
PostgreSQL and Redis reads the items, one request at a time per host; and the pure
pieces (backoff, Retry-After, URL normalisation, canonical links)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone
from werkzeug import Response

from sources.feed_services import articles_refetch_stale, feed_add
from sources.feeds import backoff_seconds, canonical_url, normalise_url, retry_after_seconds
from sources.models import Article, Feed, FeedItem
from sources.services import article_submit_url
from sources.tasks import poll_due_feeds
from sources.web import page_read
from tests.sources.feedworld import Item, page_html, rss
from tests.workers import start_worker, stop


def test_beat_polls_due_feeds_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["poll-due-feeds"]
    assert entry["task"] == "sources.poll_due_feeds" and entry["schedule"] == 60.0


@pytest.mark.django_db
def test_the_beat_task_polls_the_due_feeds_only(httpserver, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/due.xml").respond_with_data(rss(base, []), content_type="application/rss+xml")
    httpserver.expect_request("/later.xml").respond_with_data(rss(base, []), content_type="application/rss+xml")
    due = feed_add(url=base + "/due.xml", outlet_name="Harbor Ledger")
    later = feed_add(url=base + "/later.xml", outlet_name="Harbor Ledger")
    Feed.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert poll_due_feeds.apply().get() == {"due": [due.pk]}
    assert [r[0].path for r in httpserver.log] == ["/due.xml"]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.last_success_at is not None and later.last_polled_at is None


@pytest.mark.django_db
def test_one_request_at_a_time_per_host(httpserver, settings):
    """Four readers of one host at once: the server never sees two requests together.
    With PostgreSQL each thread has its own connection, so this is the advisory lock that
    holds across workers."""
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    state = {"now": 0, "most": 0}
    guard = threading.Lock()

    def handler(request):
        with guard:
            state["now"] += 1
            state["most"] = max(state["most"], state["now"])
        time.sleep(0.1)
        with guard:
            state["now"] -= 1
        return Response(page_html(Item("g", request.path, "Pier")), content_type="text/html")

    httpserver.expect_request("/p").respond_with_handler(handler)
    errors = []

    def read():
        try:
            page_read(httpserver.url_for("/p"))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and len(httpserver.log) == 4
    assert state["most"] == 1


@pytest.mark.django_db
def test_fetches_lost_with_the_broker_are_sent_again(reporter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = article_submit_url(url="https://ledger.example/lost", submitted_by=reporter).article
    Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    sent = []
    import sources.feed_services as feed_services

    original = feed_services._fetch_send
    feed_services._fetch_send = sent.append
    try:
        assert articles_refetch_stale() == [article.pk] and sent == [article.pk]
        assert articles_refetch_stale() == []  # touched: not sent again at once
    finally:
        feed_services._fetch_send = original


def test_backoff_doubles_and_respects_retry_after_within_the_limit():
    assert [backoff_seconds(failures=n, interval=600, retry_after=None, limit=86_400) for n in (1, 2, 3)] == [
        600, 1200, 2400]
    assert backoff_seconds(failures=30, interval=600, retry_after=None, limit=86_400) == 86_400
    assert backoff_seconds(failures=1, interval=600, retry_after=7200, limit=86_400) == 7200
    assert backoff_seconds(failures=1, interval=600, retry_after=10**9, limit=86_400) == 86_400


def test_retry_after_in_seconds_or_as_a_date():
    now = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.timezone.utc)
    assert retry_after_seconds("120", now=now) == 120
    assert retry_after_seconds("Sun, 06 Dec 2026 09:00:00 GMT", now=now) == 3600
    assert retry_after_seconds("soon", now=now) is None and retry_after_seconds("", now=now) is None


def test_urls_are_normalised_for_comparison():
    assert normalise_url("HTTPS://Ledger.Example:443/a?utm_source=x&id=3&fbclid=y#top") == "https://ledger.example/a?id=3"
    assert normalise_url("http://ledger.example") == "http://ledger.example/"
    assert normalise_url("http://ledger.example:8080/a") == "http://ledger.example:8080/a"


def test_canonical_link_wins_over_the_page_url():
    html = '<html><head><link rel="canonical" href="/story/1?utm_medium=rss"></head><body>x</body></html>'
    assert canonical_url(html, page_url="https://m.ledger.example/amp/1") == "https://m.ledger.example/story/1"
    assert canonical_url("<p>no head</p>", page_url="https://ledger.example/a#b") == "https://ledger.example/a"
    hostile = '<link rel="canonical" href="javascript:alert(1)">'
    assert canonical_url(hostile, page_url="https://ledger.example/a") == "https://ledger.example/a"


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_polls_a_feed_and_extracts_its_items(postgres, redis_broker, queue, httpserver):
    base = httpserver.url_for("").rstrip("/")
    items = [Item(f"g{n}", f"/news/{n}", f"Jetty {n}") for n in range(3)]
    httpserver.expect_request("/feed.xml").respond_with_data(rss(base, items), content_type="application/rss+xml")
    for n, item in enumerate(items):
        httpserver.expect_request(item.path).respond_with_data(page_html(item, n), content_type="text/html")
    feed = feed_add(url=base + "/feed.xml", outlet_name="Harbor Ledger")
    worker = start_worker(redis_broker, queue, pool="solo", FACTCHECK_FETCH_ALLOW_PRIVATE="1")
    try:
        from sources.feed_services import feeds_poll_due

        assert feeds_poll_due() == [feed.pk]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and worker.poll() is None:
            done = Article.objects.filter(status=Article.Status.EXTRACTED).count()
            if done == 3:
                break
            time.sleep(0.5)
    finally:
        output = stop(worker)
    assert Article.objects.filter(status=Article.Status.EXTRACTED).count() == 3, output[-3000:]
    assert FeedItem.objects.filter(state=FeedItem.State.READ).count() == 3
    assert Feed.objects.get().items_seen == 3
