"""Feeds polled from real loopback servers: new items become articles, republished and
reordered feeds add nothing, changed texts become new versions, errors back off."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.utils import timezone
from werkzeug import Request, Response

from claims.models import Claim
from claims.review.services import claim_verify
from sources.feed_services import feed_add, feed_poll
from sources.models import Article, Feed, FeedItem
from tests.sources.feedworld import Item, page_html, rss

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    settings.FACTCHECK_FETCH_TIMEOUT = 1.0
    settings.FACTCHECK_FETCH_DEADLINE = 2.0


class Site:
    """A news site on a loopback server whose feed and pages the test changes at will."""

    def __init__(self, httpserver):
        self.server = httpserver
        self.base = httpserver.url_for("").rstrip("/")
        self.items: list[Item] = []
        self.canonical: dict[str, str] = {}
        self.feed_answer: Response | None = None  # replaces the feed when set
        self.requests: list[Request] = []
        httpserver.expect_request("/feed.xml").respond_with_handler(self._feed)
        httpserver.expect_request(__import__("re").compile(r"/news/.*")).respond_with_handler(self._page)

    def _feed(self, request: Request) -> Response:
        self.requests.append(request)
        if self.feed_answer is not None:
            return self.feed_answer
        document = rss(self.base, self.items)
        etag = f'"{hash(document) & 0xFFFFFFFF:x}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(document, content_type="application/rss+xml", headers={"ETag": etag})

    def _page(self, request: Request) -> Response:
        n, item = next((n, i) for n, i in enumerate(self.items) if i.path.split("?")[0] == request.path)
        canonical = self.canonical.get(item.path, "")
        return Response(page_html(item, n, canonical=canonical), content_type="text/html; charset=utf-8")

    def feed(self) -> Feed:
        return feed_add(url=self.base + "/feed.xml", outlet_name="Harbor Ledger", interval=600)


@pytest.fixture
def site(httpserver):
    return Site(httpserver)


def poll(feed: Feed, capture) -> object:
    with capture(execute=True):
        return feed_poll(feed_id=feed.pk, force=True)


def test_new_items_become_extracted_articles_of_the_outlet(site, django_capture_on_commit_callbacks):
    site.items = [Item(f"g{n}", f"/news/{n}", f"Bridge {n}") for n in range(3)]
    feed = site.feed()
    result = poll(feed, django_capture_on_commit_callbacks)
    assert (result.outcome, result.new) == ("read", 3)
    articles = Article.objects.order_by("pk")
    assert [a.status for a in articles] == ["extracted"] * 3
    assert {a.outlet.name for a in articles} == {"Harbor Ledger"}
    assert [a.canonical_url for a in articles] == [site.base + f"/news/{n}" for n in range(3)]
    assert "Copyright" not in articles[0].body and "bridge 0 plan would cost 100 million" in articles[0].body
    assert Claim.objects.filter(article__in=articles).count() >= 3
    feed.refresh_from_db()
    assert (feed.items_seen, feed.failures, feed.title) == (3, 0, "Harbor Ledger")
    assert feed.last_success_at is not None and feed.next_poll_at > timezone.now() + dt.timedelta(seconds=500)


def test_republished_and_reordered_feeds_add_nothing(site, django_capture_on_commit_callbacks):
    site.items = [Item(f"g{n}", f"/news/{n}", f"Pier {n}") for n in range(4)]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    pages_before = sum(1 for r in site.server.log if r[0].path.startswith("/news/"))
    site.items = list(reversed(site.items))  # reordered: the same entries, signatures unchanged
    result = poll(feed, django_capture_on_commit_callbacks)
    assert (result.new, result.changed) == (0, 0)
    assert Article.objects.count() == 4 and FeedItem.objects.count() == 4
    assert sum(1 for r in site.server.log if r[0].path.startswith("/news/")) == pages_before  # no page re-read


def test_a_second_poll_of_an_unchanged_feed_gets_304(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/news/0", "Ferry")]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    result = poll(feed, django_capture_on_commit_callbacks)
    assert result.outcome == "not_modified"
    assert site.requests[-1].headers.get("If-None-Match")
    feed.refresh_from_db()
    assert feed.failures == 0 and feed.etag


def test_a_changed_text_is_a_new_version_and_reviewed_claims_come_with_it(
    site, django_capture_on_commit_callbacks, editor
):
    site.items = [Item("g0", "/news/0", "Tunnel")]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    first = Article.objects.get()
    verified = claim_verify(claim=Claim.objects.filter(article=first).first(), user=editor)
    reviewed_before = (verified.status, verified.text, verified.start, verified.end, verified.reviewed_by_id)
    site.items = [Item("g0", "/news/0", "Tunnel", revision=1)]
    result = poll(feed, django_capture_on_commit_callbacks)
    assert result.changed == 1
    second = Article.objects.exclude(pk=first.pk).get()
    assert (second.previous_version_id, second.version, second.status) == (first.pk, 2, "extracted")
    assert "Update 1" in second.body and "Update 1" not in first.body
    # The new text re-extracted: the update's claim arrives pending beside the editors' one.
    assert Claim.objects.filter(article=second, status="pending", text__contains="risen").exists()
    verified.refresh_from_db()
    # The text only grew at its end: the verified claim moved to the new version where it stood.
    assert verified.article_id == second.pk
    assert (verified.status, verified.text, verified.start, verified.end, verified.reviewed_by_id) == reviewed_before
    assert not Claim.objects.filter(article=first).exists()  # the old guesses went; nothing reviewed was left
    assert Claim.objects.filter(article=second, text=verified.text).count() == 1  # no pending twin
    assert FeedItem.objects.get().article_id == second.pk
    # Republishing the changed feed adds nothing more.
    poll(feed, django_capture_on_commit_callbacks)
    assert Article.objects.count() == 2


def test_the_same_page_under_two_links_is_one_article_by_its_canonical_url(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/news/0?utm_source=feed", "Dock")]
    site.canonical["/news/0?utm_source=feed"] = "/news/dock"
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    article = Article.objects.get()
    assert article.canonical_url == site.base + "/news/dock"
    # Another feed item (another GUID) pointing at a changed text of the same canonical page: a version.
    site.items = [Item("g0", "/news/0?utm_source=feed", "Dock"), Item("g1", "/news/1", "Dock", revision=2)]
    site.canonical["/news/1"] = site.base + "/news/dock"
    poll(feed, django_capture_on_commit_callbacks)
    latest = Article.objects.exclude(pk=article.pk).get()
    assert latest.previous_version_id == article.pk


def test_a_page_without_canonical_link_is_known_by_its_normalised_url(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/news/0?utm_campaign=x#top", "Quay")]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    assert Article.objects.get().canonical_url == site.base + "/news/0"


def test_the_same_text_under_another_guid_is_the_same_article(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/news/0", "Canal")]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    # The same story listed again under a new GUID and path, same text (n=0 again).
    site.items = [Item("g0-copy", "/news/0-copy", "Canal")]
    poll(feed, django_capture_on_commit_callbacks)
    assert Article.objects.count() == 1
    assert set(FeedItem.objects.values_list("article_id", flat=True)) == {Article.objects.get().pk}


def test_a_server_error_backs_off_and_respects_retry_after(site, django_capture_on_commit_callbacks):
    feed = site.feed()
    site.feed_answer = Response("down", status=500)
    before = timezone.now()
    result = poll(feed, django_capture_on_commit_callbacks)
    feed.refresh_from_db()
    assert result.outcome == "error" and "500" in feed.last_error and feed.failures == 1
    first_wait = (feed.next_poll_at - before).total_seconds()
    assert 590 <= first_wait <= 700
    poll(feed, django_capture_on_commit_callbacks)
    feed.refresh_from_db()
    assert feed.failures == 2 and (feed.next_poll_at - before).total_seconds() >= 1190  # doubled
    site.feed_answer = Response("slow down", status=429, headers={"Retry-After": "7200"})
    poll(feed, django_capture_on_commit_callbacks)
    feed.refresh_from_db()
    assert (feed.next_poll_at - before).total_seconds() >= 7200
    site.feed_answer = None
    site.items = [Item("g0", "/news/0", "Lock")]
    poll(feed, django_capture_on_commit_callbacks)
    feed.refresh_from_db()
    assert feed.failures == 0 and Article.objects.count() == 1


def test_garbage_a_huge_feed_and_a_slow_feed_are_errors_not_crashes(site, django_capture_on_commit_callbacks, settings):
    feed = site.feed()
    site.feed_answer = Response(b"\x00\xff garbage <<<", content_type="application/rss+xml")
    assert poll(feed, django_capture_on_commit_callbacks).outcome == "error"
    settings.FACTCHECK_FETCH_MAX_BYTES = 20_000
    site.feed_answer = Response("<rss>" + "x" * 50_000 + "</rss>", content_type="application/rss+xml")
    assert "larger than" in poll(feed, django_capture_on_commit_callbacks).error

    released = threading.Event()

    def slow(request):
        released.wait(5)
        return Response("<rss/>", content_type="application/rss+xml")

    site.server.clear()
    site.server.expect_request("/feed.xml").respond_with_handler(slow)
    try:
        assert "too slow" in poll(feed, django_capture_on_commit_callbacks).error
    finally:
        released.set()  # the server answers and is free for the next test
    feed.refresh_from_db()
    assert feed.failures == 3 and Article.objects.count() == 0


def test_an_item_whose_page_fails_is_read_again_on_the_next_poll(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/gone/0", "Weir")]
    page = {"up": False}

    def gone(request):
        if not page["up"]:
            return Response("nope", status=404)
        return Response(page_html(site.items[0]), content_type="text/html")

    site.server.expect_request("/gone/0").respond_with_handler(gone)
    feed = site.feed()
    assert poll(feed, django_capture_on_commit_callbacks).new == 1
    item = FeedItem.objects.get()
    assert item.state == "failed" and "404" in item.error and Article.objects.count() == 0
    page["up"] = True
    poll(feed, django_capture_on_commit_callbacks)
    item = FeedItem.objects.get()
    assert (item.state, item.error, Article.objects.count()) == ("read", "", 1)


def test_the_feed_on_a_private_address_is_refused_without_the_setting(site, django_capture_on_commit_callbacks, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    feed = site.feed()
    result = poll(feed, django_capture_on_commit_callbacks)
    assert result.outcome == "error" and "non-public address" in result.error
    assert site.requests == []


def test_add_feed_and_poll_feeds_commands(site, django_capture_on_commit_callbacks, capsys):
    site.items = [Item("g0", "/news/0", "Harbour wall")]
    call_command("add_feed", site.base + "/feed.xml", "--outlet", "Harbor Ledger", "--interval", "300")
    feed = Feed.objects.get()
    assert (feed.outlet.name, feed.interval) == ("Harbor Ledger", 300)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_feeds")
    assert "1 new" in capsys.readouterr().out
    assert Article.objects.get().status == "extracted"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_feeds")  # not due again for 300 s
    assert "0 feed(s) polled" in capsys.readouterr().out


def test_a_page_read_again_and_again_reads_the_same(httpserver):
    """trafilatura's deduplicate drops text seen several times before in the process (from
    the fourth read of a page on, nothing is left): pages read from the web must read the
    same however often they were read, or a feed's changed items could never be compared."""
    from sources.web import page_read

    html = ("<html><body><article><h1>Berth</h1><p>Senator Ruth Abara said the harbour project would cost 43 "
            "million dollars.</p><p>Council member Tom Reyes said the plan for the berth had been delayed by four "
            "months.</p></article></body></html>")
    httpserver.expect_request("/s").respond_with_data(html, content_type="text/html")
    bodies = {page_read(httpserver.url_for("/s")).body for _ in range(6)}
    assert len(bodies) == 1 and "delayed by four months" in bodies.pop()


def page_fetches(site) -> int:
    return sum(1 for r in site.server.log if r[0].path.startswith("/news/"))


def test_a_republished_entry_with_the_same_date_fetches_no_page(site, django_capture_on_commit_callbacks):
    site.items = [Item("g0", "/news/0", "Jetty")]
    feed = site.feed()
    poll(feed, django_capture_on_commit_callbacks)
    before = page_fetches(site)
    # The feed is rebuilt with another title and summary, the entry's date unchanged.
    site.items = [Item("g0", "/news/0", "Jetty (updated headline)")]
    result = poll(feed, django_capture_on_commit_callbacks)
    assert (result.outcome, result.changed) == ("read", 0)
    assert page_fetches(site) == before
    # A new date is a change: the page is read again (the same text: nothing new stored).
    site.items = [Item("g0", "/news/0", "Jetty", revision=1)]
    assert poll(feed, django_capture_on_commit_callbacks).changed == 1
    assert page_fetches(site) == before + 1


def test_an_item_whose_read_is_queued_is_not_sent_again_by_the_next_poll(site, django_capture_on_commit_callbacks):
    site.items = [Item(f"g{n}", f"/news/{n}", f"Wharf {n}") for n in range(3)]
    feed = site.feed()
    with django_capture_on_commit_callbacks(execute=False) as sent:  # sent, and still in the queue
        feed_poll(feed_id=feed.pk, force=True)
    assert len(sent) == 3 and FeedItem.objects.filter(state="new", queued_at__isnull=False).count() == 3
    site.items = list(reversed(site.items))  # the feed changes, so the poll is not a 304
    with django_capture_on_commit_callbacks(execute=True) as second:
        feed_poll(feed_id=feed.pk, force=True)
    assert second == [] and page_fetches(site) == 0
    # Still waiting long after: the message was lost; the next poll sends the reads again.
    FeedItem.objects.update(queued_at=timezone.now() - dt.timedelta(minutes=11))
    poll(feed, django_capture_on_commit_callbacks)
    assert page_fetches(site) == 3 and set(FeedItem.objects.values_list("state", flat=True)) == {"read"}
