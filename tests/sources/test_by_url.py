"""Articles submitted by URL alone, through the API and the submit page: stored at once as
fetching, read from a real loopback server, then extracted; failures shown on the article."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from claims.api.services import token_create
from sources.feed_services import article_fetch
from sources.models import Article
from sources.services import article_queue, article_submit_url
from tests.sources.feedworld import Item, page_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    settings.FACTCHECK_FETCH_TIMEOUT = 1.0
    settings.FACTCHECK_FETCH_DEADLINE = 2.0


@pytest.fixture
def api(reporter):
    client = APIClient()
    _, key = token_create(user=reporter, name="t", created_by=reporter)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_url_alone_is_accepted_fetched_and_extracted(api, httpserver, django_capture_on_commit_callbacks):
    httpserver.expect_request("/story").respond_with_data(
        page_html(Item("g", "/story", "Lighthouse")), content_type="text/html"
    )
    url = httpserver.url_for("/story")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post("/api/v1/articles/", {"url": url, "outlet": "Harbor Ledger"}, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "fetching" and response.json()["url"] == url
    article = Article.objects.get()
    assert (article.body, article.status) == ("", "fetching")
    for callback in callbacks:
        with django_capture_on_commit_callbacks(execute=True):
            callback()
    article.refresh_from_db()
    assert article.status == "extracted" and article.title == "Lighthouse"
    assert "lighthouse plan would cost" in article.body and article.claims.exists()
    detail = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["status"] == "extracted" and detail["claims"]


def test_the_same_url_again_is_a_conflict(api, httpserver):
    url = httpserver.url_for("/again")
    with_capture = api.post("/api/v1/articles/", {"url": url}, format="json")
    assert with_capture.status_code == 202
    again = api.post("/api/v1/articles/", {"url": url + "?utm_source=x"}, format="json")
    assert again.status_code == 409 and "same page" in again.json()["detail"]


def test_neither_body_nor_url_is_refused(api):
    response = api.post("/api/v1/articles/", {"title": "Nothing"}, format="json")
    assert response.status_code == 400 and "body" in str(response.json())


def test_a_page_that_fails_is_shown_failed_with_the_reason_and_can_be_retried(
    httpserver, reporter, django_capture_on_commit_callbacks
):
    state = {"up": False}

    def handler(request):
        from werkzeug import Response

        if not state["up"]:
            return Response("broken", status=500)
        return Response(page_html(Item("g", "/flaky", "Breakwater")), content_type="text/html")

    httpserver.expect_request("/flaky").respond_with_handler(handler)
    with django_capture_on_commit_callbacks(execute=True):
        article = article_submit_url(url=httpserver.url_for("/flaky"), submitted_by=reporter).article
    article.refresh_from_db()
    assert article.status == "failed" and "500" in article.error and article.url.endswith("/flaky")
    state["up"] = True
    with django_capture_on_commit_callbacks(execute=True):
        article_queue(article_id=article.pk)  # the admin's retry
    article.refresh_from_db()
    assert article.status == "extracted" and article.error == ""


def test_a_private_address_is_refused_without_the_setting(httpserver, reporter, settings,
                                                          django_capture_on_commit_callbacks):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    httpserver.expect_request("/inside").respond_with_data("<p>secret</p>", content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        article = article_submit_url(url=httpserver.url_for("/inside"), submitted_by=reporter).article
    article.refresh_from_db()
    assert article.status == "failed" and "non-public address" in article.error
    assert httpserver.log == []


def test_a_page_of_another_kind_or_without_text_fails_clearly(httpserver, reporter):
    httpserver.expect_request("/pic").respond_with_data(b"\x89PNG", content_type="image/png")
    httpserver.expect_request("/empty").respond_with_data("<html><body></body></html>", content_type="text/html")
    pic = article_submit_url(url=httpserver.url_for("/pic"), submitted_by=reporter).article
    empty = article_submit_url(url=httpserver.url_for("/empty"), submitted_by=reporter).article
    assert article_fetch(article_id=pic.pk) == "failed" and article_fetch(article_id=empty.pk) == "failed"
    pic.refresh_from_db()
    empty.refresh_from_db()
    assert "image/png" in pic.error and "no article text" in empty.error


def test_the_same_text_as_a_stored_article_is_reported_not_duplicated(httpserver, reporter,
                                                                       django_capture_on_commit_callbacks):
    html = page_html(Item("g", "/a", "Slipway"))
    httpserver.expect_request("/a").respond_with_data(html, content_type="text/html")
    httpserver.expect_request("/b").respond_with_data(html, content_type="text/html")
    with django_capture_on_commit_callbacks(execute=True):
        first = article_submit_url(url=httpserver.url_for("/a"), submitted_by=reporter).article
        second = article_submit_url(url=httpserver.url_for("/b"), submitted_by=reporter).article
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "extracted"
    assert second.status == "failed" and f"already article #{first.pk}" in second.error


def test_the_submit_page_takes_a_url_alone(client, reporter, httpserver, django_capture_on_commit_callbacks):
    httpserver.expect_request("/page").respond_with_data(
        page_html(Item("g", "/page", "Seawall")), content_type="text/html"
    )
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:article-new"), {"url": httpserver.url_for("/page")})
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == "extracted" and article.title == "Seawall"
    page = client.get(reverse("web:article-detail", args=[article.pk]))
    assert page.status_code == 200 and b"Seawall" in page.content


def test_a_fetching_article_shows_its_state_on_the_pages_and_the_api(client, api, reporter,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        article = article_submit_url(url="https://ledger.example/later", submitted_by=reporter).article
    client.force_login(reporter)
    page = client.get(reverse("web:article-detail", args=[article.pk]))
    assert page.status_code == 200 and b"Fetching" in page.content
    assert client.get(reverse("web:article-list")).status_code == 200
    assert api.get(f"/api/v1/articles/{article.pk}/").json()["status"] == "fetching"
