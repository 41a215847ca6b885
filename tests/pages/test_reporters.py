"""Reporters: where they land after signing in, what was reviewed since their last visit,
a submit form whose help is tied to its fields, tidy titles, long texts that do not hold
the request, and a message that agrees with the article's status."""

from __future__ import annotations

import re
import threading

import html5lib
import pytest
from django.contrib.messages import get_messages
from kombu.exceptions import OperationalError as KombuOperationalError

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import claim_reject, claim_verify
from sources.models import Article
from sources.services import title_tidied
from tests.factories import make_article

pytestmark = pytest.mark.django_db
BODY = (
    'Mayor Elena Varga said the bridge would reopen in May. "We are on schedule," Varga said. '
    "Councillor Tom Reyes said the budget was balanced."
)


def parse(response):
    return html5lib.parse(response.content, namespaceHTMLElements=False)


def test_reporters_land_on_my_articles_after_signing_in(client, reporter, editor):
    response = client.post("/accounts/login/", {"username": "rita", "password": "pw-rita"})
    assert response.status_code == 302 and response["Location"] == "/articles/"
    client.logout()
    response = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"})
    assert response.status_code == 302 and response["Location"] == "/"
    client.logout()
    response = client.post("/accounts/login/", {"username": "rita", "password": "pw-rita", "next": "/quotes/"})
    assert response["Location"] == "/quotes/"


def test_my_articles_counts_reviews_and_says_what_changed_since_the_last_visit(client, reporter, editor):
    article = make_article(body=BODY, title="Bridge", submitted_by=reporter)
    claims_extract(article_id=article.pk)
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    assert len(claims) >= 3
    client.force_login(reporter)

    first = client.get("/articles/")
    assert first.status_code == 200 and parse(first).find(".//*[@id='since-last-visit']") is None

    claim_verify(claim=claims[0], user=editor)
    claim_verify(claim=claims[1], user=editor)
    claim_reject(claim=claims[2], user=editor, reason="Not said by Reyes")
    second = client.get("/articles/")
    since = "".join(parse(second).find(".//*[@id='since-last-visit']").itertext())
    assert re.search(r"editors reviewed\s+3\s+claims in 1 article:\s+2 verified, 1 rejected", " ".join(since.split()))
    row = parse(second).find(f".//tr[@data-article-id='{article.pk}']")
    cells = {el.get("data-field"): "".join(el.itertext()).strip() for el in row.iter() if el.get("data-field")}
    assert (cells["reviewed"], cells["verified"], cells["rejected"], cells["new"]) == ("3", "2", "1", "3 new")

    third = client.get("/articles/")
    assert "Nothing was reviewed since your last visit" in third.content.decode()
    assert parse(third).find(f".//tr[@data-article-id='{article.pk}']//*[@data-field='new']") is None
    # The status poll carries the same counts.
    status = client.get("/articles/status/", {"ids": str(article.pk)}).json()["articles"][0]
    assert (status["reviewed"], status["verified"], status["rejected"]) == (3, 2, 1)


def test_reviews_of_other_reporters_articles_are_not_counted(client, reporter, editor, django_user_model):
    other = django_user_model.objects.create_user(username="olga", password="pw-olga")
    theirs = make_article(body=BODY, title="Theirs", submitted_by=other)
    claims_extract(article_id=theirs.pk)
    client.force_login(reporter)
    client.get("/articles/")
    for claim in Claim.objects.filter(article=theirs):
        claim_verify(claim=claim, user=editor)
    assert "Nothing was reviewed since your last visit" in client.get("/articles/").content.decode()


def test_submit_form_ties_each_help_to_its_field_and_marks_the_title(client, reporter):
    client.force_login(reporter)
    page = parse(client.get("/articles/new/"))
    ids = {el.get("id") for el in page.iter() if el.get("id")}
    described = [el for el in page.iter() if el.get("aria-describedby")]
    assert len(described) >= 6
    for el in described:
        for ref in el.get("aria-describedby").split():
            assert ref in ids, (el.get("name"), ref)
    # Each help text is the description of its own field.
    for name in ("title", "published_on", "body", "upload"):
        field = page.find(f".//*[@name='{name}']")
        help_ids = field.get("aria-describedby").split()
        assert f"id_{name}_helptext" in help_ids
    label = page.find(".//label[@for='id_title']")
    assert "(required)" in "".join(label.itertext())
    assert page.find(".//input[@name='title']").get("aria-required") == "true"
    date = page.find(".//input[@name='published_on']")
    assert date.get("type") == "date"
    date_help = "".join(page.find(".//*[@id='id_published_on_helptext']").itertext())
    assert "YYYY" not in date_help and "calendar" in date_help
    # With errors, the error list is named too.
    invalid = parse(client.post("/articles/new/", {"title": "", "body": ""}))
    body = invalid.find(".//*[@name='body']")
    assert "id_body_error" in body.get("aria-describedby").split()
    assert invalid.find(".//*[@id='id_body_error']") is not None


@pytest.mark.parametrize(("given", "stored"), [
    ("Ferry fares stay flat.", "Ferry fares stay flat"),
    ("  Ferry fares   stay flat .  ", "Ferry fares stay flat"),
    ("Talks with the U.S.", "Talks with the U.S."),
    ("And then...", "And then..."),
    ("Is it over?", "Is it over?"),
    ("No stop", "No stop"),
])
def test_titles_drop_a_trailing_full_stop(given, stored):
    assert title_tidied(given) == stored


def test_a_submitted_title_is_stored_without_its_full_stop(client, reporter):
    client.force_login(reporter)
    client.post("/articles/new/", {"title": "Bridge to reopen in May.", "body": BODY})
    assert Article.objects.get().title == "Bridge to reopen in May"


@pytest.mark.django_db(transaction=True)  # commits as in production: the extraction runs at commit
def test_the_flash_says_what_the_status_says(client, reporter, monkeypatch):
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "Bridge", "body": BODY}, follow=True)
    article = Article.objects.get()
    assert article.status == Article.Status.EXTRACTED
    texts = [str(m) for m in response.context["messages"]]
    assert texts == [f"Article submitted and read: {article.claims.count()} claim(s) found."]
    assert "Extraction is running" not in response.content.decode()

    # The broker is down: the article waits, and the message does not say it was read.
    def down(*args, **kwargs):
        raise KombuOperationalError("broker down")

    monkeypatch.setattr("sources.services.task_send", down)
    response = client.post("/articles/new/", {"title": "Other", "body": BODY + " More words here."}, follow=True)
    waiting = Article.objects.get(title="Other")
    assert waiting.status == Article.Status.QUEUED
    assert [str(m) for m in response.context["messages"]] == ["Article submitted."]
    assert "Extraction is running; this page updates by itself." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_long_article_does_not_hold_the_request_and_its_page_shows_progress(client, reporter, settings, monkeypatch):
    """Without a broker, a text above FACTCHECK_INLINE_EXTRACT_CHARS is read beside the request."""
    settings.FACTCHECK_INLINE_EXTRACT_CHARS = 100
    release, started, finished = threading.Event(), threading.Event(), threading.Event()
    from claims.pipeline import tasks

    real = tasks.claims_extract

    def held(**kwargs):
        started.set()
        assert release.wait(20)
        try:
            return real(**kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(tasks, "claims_extract", held)
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "Long", "body": BODY * 3})
    assert response.status_code == 302  # answered while the extraction is held
    article = Article.objects.get(title="Long")
    assert started.wait(10)
    page = client.get(response["Location"])
    assert article.status in (Article.Status.QUEUED, Article.Status.EXTRACTING)
    html = page.content.decode()
    assert "Extraction is running; this page updates by itself." in html and "data-status-url" in html
    assert [str(m) for m in get_messages(page.wsgi_request)] == ["Article submitted."]  # nothing about claims yet
    release.set()
    assert finished.wait(30)
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.claims.count() >= 3


@pytest.mark.django_db(transaction=True)
def test_a_short_article_is_still_read_inside_the_request(client, reporter, settings):
    settings.FACTCHECK_INLINE_EXTRACT_CHARS = 10_000
    client.force_login(reporter)
    client.post("/articles/new/", {"title": "Short", "body": BODY})
    assert Article.objects.get().status == Article.Status.EXTRACTED
