"""The feed admin (health columns, poll now) and an article's version history in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.feed_services import feed_add
from sources.models import Article, Feed, FeedItem
from tests.factories import make_article
from tests.sources.feedworld import rss

pytestmark = pytest.mark.django_db


def test_editors_add_a_feed_and_see_its_health(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:sources_feed_add"), {
        "url": "https://ledger.example/feed.xml", "outlet": "", "active": "on", "interval": "600",
        "next_poll_at_0": "2026-01-01", "next_poll_at_1": "00:00:00",
    })
    assert response.status_code == 200 and b"This field is required" in response.content  # an outlet is needed
    feed = feed_add(url="https://ledger.example/feed.xml", outlet_name="Harbor Ledger")
    Feed.objects.filter(pk=feed.pk).update(failures=2, last_error="the server answered 500 INTERNAL SERVER ERROR")
    page = client.get(reverse("admin:sources_feed_changelist"))
    assert page.status_code == 200
    assert b"failing (2)" in page.content and b"the server answered 500" in page.content


def test_reporters_cannot_see_feeds(client, reporter):
    client.force_login(reporter)
    assert client.get(reverse("admin:sources_feed_changelist")).status_code == 403


def test_poll_now_polls_the_selected_feed(client, editor, httpserver, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.xml").respond_with_data(rss(base, []), content_type="application/rss+xml")
    feed = feed_add(url=base + "/feed.xml", outlet_name="Harbor Ledger")
    Feed.objects.filter(pk=feed.pk).update(next_poll_at="2099-01-01T00:00:00Z")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:sources_feed_changelist"),
                               {"action": "poll_now", "_selected_action": [feed.pk]})
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.last_success_at is not None and feed.title == "Harbor Ledger"


def test_the_article_page_lists_its_versions(client, editor):
    first = make_article(body="Mayor Elena Varga said the bridge would reopen.", title="Bridge")
    second = make_article(body="Mayor Elena Varga said the bridge would reopen in May.", title="Bridge",
                          previous_version=first, version=2)
    client.force_login(editor)
    page = client.get(reverse("admin:sources_article_change", args=[first.pk])).content.decode()
    assert "version 1</a> (this one)" in page and "version 2</a>" in page
    assert reverse("admin:sources_article_change", args=[second.pk]) in page


def test_feed_items_are_listed_read_only(client, editor):
    feed = feed_add(url="https://ledger.example/feed.xml", outlet_name="Harbor Ledger")
    article = make_article()
    item = FeedItem.objects.create(feed=feed, guid="g1", guid_key=FeedItem.key_of("g1"), link="https://l.example/1",
                                   title="One", signature="s", state="read", article=article)
    client.force_login(editor)
    assert client.get(reverse("admin:sources_feeditem_changelist")).status_code == 200
    assert client.get(reverse("admin:sources_feeditem_change", args=[item.pk])).status_code == 200
    assert Article.objects.count() == 1
