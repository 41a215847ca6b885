"""Reporter and public pages: access per role, what each page shows, escaping, valid HTML."""

from __future__ import annotations

import datetime as dt
import json
import re

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.review.services import claim_reject, claim_verify, evidence_parse, verdict_save
from claims.pipeline.services import claims_extract
from sources.models import Article, Outlet
from tests.factories import make_article

BODY = (
    'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.\n\n'
    "Councillor Priya Natarajan said the library would close on Sundays."
)
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def newsroom(db, editor, reporter):
    """One article by the reporter, extracted, with a verified quote carrying a published
    verdict, a verified quote without one, a pending and a rejected claim."""
    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    article = make_article(body=BODY, title="Budget passes", url="https://example.org/budget", outlet=outlet,
                           published_on=dt.date(2025, 6, 13), submitted_by=reporter)
    claims_extract(article_id=article.pk)
    claims = {c.text: c for c in Claim.objects.all()}
    direct, library = claims["We kept every school open"], claims["the library would close on Sundays"]
    claim_verify(claim=direct, user=editor)
    claim_verify(claim=library, user=editor)
    verdict_save(claim=Claim.objects.get(pk=direct.pk), user=editor, rating="mostly-false",
                 summary="Two schools closed in May.",
                 evidence=evidence_parse("School list | https://example.org/schools"), publish=True)
    rejected = Claim.objects.create(
        article=article, text=BODY[0:11], start=0, end=11, kind=Claim.Kind.INDIRECT, confidence=0.2,
        extractor_version="test", fingerprint="rejected",
    )
    claim_reject(claim=rejected, user=editor, reason="Not a claim.")
    return {"article": article, "direct": direct, "library": library,
            "pending": claims["the budget was balanced"], "rejected": rejected}


def assert_valid_html(html: str) -> None:
    """Strict HTML5 parsing fails on any parse error; ids must be unique."""
    html5lib.HTMLParser(strict=True).parse(html)
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), f"duplicate ids: {sorted({i for i in ids if ids.count(i) > 1})}"


# Access rules --------------------------------------------------------------------------

def page_urls(newsroom) -> dict[str, str]:
    return {
        "quotes": "/quotes/",
        "speaker": "/speakers/elena-varga/",
        "claim": f"/claims/{newsroom['direct'].pk}/",
        "article_list": "/articles/",
        "article_new": "/articles/new/",
        "article": f"/articles/{newsroom['article'].pk}/",
        "status": f"/articles/status/?ids={newsroom['article'].pk}",
        "login": "/accounts/login/",
        "home": "/",
    }


EXPECTED = {
    # page: (anonymous, outsider, reporter who submitted, editor)
    "quotes": (200, 200, 200, 200),
    "speaker": (200, 200, 200, 200),
    "claim": (200, 200, 200, 200),
    "home": (200, 200, 200, 200),
    "login": (200, 302, 302, 302),  # signed-in users are sent on
    "article_list": (302, 403, 200, 200),
    "article_new": (302, 403, 200, 200),
    "article": (302, 404, 200, 200),
    "status": (302, 200, 200, 200),  # outsiders get an empty list, see below
}


@pytest.mark.parametrize("role_index,role", list(enumerate(["anonymous", "outsider", "reporter", "editor"])))
def test_every_page_answers_each_role_as_the_access_rules_say(client, newsroom, outsider, reporter, editor,
                                                              role_index, role):
    user = {"anonymous": None, "outsider": outsider, "reporter": reporter, "editor": editor}[role]
    if user is not None:
        client.force_login(user)
    for name, url in page_urls(newsroom).items():
        response = client.get(url)
        assert response.status_code == EXPECTED[name][role_index], (name, role, response.status_code)
        if response.status_code == 302 and user is None:
            assert response["Location"].startswith("/accounts/login/?next=")


def test_a_reporter_sees_only_their_own_articles(client, newsroom, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("rob", password="pw-rob", is_staff=True)
    other.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(other)
    assert client.get(f"/articles/{newsroom['article'].pk}/").status_code == 404
    assert "Budget passes" not in client.get("/articles/").content.decode()
    assert client.get(f"/articles/status/?ids={newsroom['article'].pk}").json() == {"articles": []}


def test_outsiders_learn_nothing_from_the_status_view(client, newsroom, outsider):
    client.force_login(outsider)
    assert client.get(f"/articles/status/?ids={newsroom['article'].pk}").json() == {"articles": []}


@pytest.mark.parametrize("ids", ["", "a", "1,,x", ",".join(str(i) for i in range(101))])
def test_status_view_refuses_bad_ids_with_a_json_error(client, reporter, ids):
    client.force_login(reporter)
    response = client.get(f"/articles/status/?ids={ids}")
    assert response.status_code == 400 and "ids=" in response.json()["detail"]


def test_pending_and_rejected_claims_are_never_public(client, newsroom):
    for key in ("pending", "rejected"):
        assert client.get(f"/claims/{newsroom[key].pk}/").status_code == 404
    html = client.get("/quotes/").content.decode()
    assert "We kept every school open" in html and "the library would close on Sundays" in html
    assert "the budget was balanced" not in html and BODY[0:11] not in html


def test_a_speaker_without_verified_quotes_has_no_public_page(client, newsroom, editor):
    from sources.models import Speaker

    natarajan = Speaker.objects.get(name="Priya Natarajan")
    assert client.get(f"/speakers/{natarajan.slug}/").status_code == 200
    from claims.review.services import claim_reopen

    claim_reopen(claim=Claim.objects.get(pk=newsroom["library"].pk), user=editor)
    assert client.get(f"/speakers/{natarajan.slug}/").status_code == 404
    assert client.get("/speakers/nobody-at-all/").status_code == 404


# Submitting ----------------------------------------------------------------------------

def test_reporter_submits_pasted_text_and_lands_on_the_article_page(client, reporter,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/articles/new/", {
            "title": "Ferry fares", "new_outlet": "Coast Courier", "url": "https://example.org/ferry",
            "published_on": "2025-05-02", "body": '"Fares will not rise this year," ferry operator Lena Holm said.',
        })
    article = Article.objects.get(title="Ferry fares")
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.submitted_by == reporter and article.outlet.name == "Coast Courier"
    assert article.published_on == dt.date(2025, 5, 2) and article.status == Article.Status.EXTRACTED
    page = client.get(response["Location"]).content.decode()
    assert "Fares will not rise this year" in page and "Lena Holm" in page and 'class="fc-claim sp-0"' in page


def test_existing_outlet_can_be_picked(client, reporter):
    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    client.force_login(reporter)
    client.post("/articles/new/", {"title": "T", "outlet": outlet.pk, "body": "Some words here."})
    assert Article.objects.get(title="T").outlet == outlet


def test_upload_of_html_takes_the_main_text_and_drops_scripts(client, reporter):
    client.force_login(reporter)
    html = (
        "<html><head><title>Harbour dredging</title><script>steal()</script><style>p{}</style></head><body>"
        "<nav>Home | News</nav><article><p>The port authority said dredging would start in June, and that "
        "the work would take about eleven weeks to complete along the northern quay.</p>"
        "<p>\u201cWe expect no closures,\u201d harbour master Ines Duarte said on Tuesday afternoon.</p>"
        "</article></body></html>"
    ).encode()
    upload = SimpleUploadedFile("dredging.html", html, content_type="text/html")
    response = client.post("/articles/new/", {"title": "", "body": "", "upload": upload})
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.title == "Harbour dredging" and "steal()" not in article.body and "p{}" not in article.body
    assert "We expect no closures" in article.body


def test_upload_of_non_utf8_text_is_decoded(client, reporter):
    client.force_login(reporter)
    upload = SimpleUploadedFile("note.txt", "Caf\u00e9 owners said rents doubled.".encode("cp1252"))
    client.post("/articles/new/", {"title": "Rents", "upload": upload})
    assert Article.objects.get().body == "Caf\u00e9 owners said rents doubled."


@pytest.mark.parametrize("fields,field,message", [
    ({"title": "T", "body": "   "}, "body", "Paste the article text or upload a file."),
    ({"title": "", "body": "Words."}, "title", "The article needs a title."),
    ({"title": "T", "body": "Words.", "url": "ftp://example.org/x"}, "url", "Not an http(s) URL"),
    ({"title": "T", "body": "Words.", "published_on": "2025-13-45"}, "published_on", "Enter a valid date."),
    ({"title": "T", "body": "Words.", "published_on": "2999-01-01"}, "published_on", "lies in the future"),
    ({"title": "T", "upload": ("x.pdf", b"%PDF-1.4")}, "upload", "Upload a .txt or .html file."),
    ({"title": "T", "upload": ("x.txt", b"\x00\x01\x02binary")}, "upload", "binary"),
    ({"title": "T", "body": "Words.", "upload": ("x.txt", b"More words.")}, "body", "not both"),
])
def test_bad_input_is_refused_with_the_error_beside_its_field(client, reporter, fields, field, message):
    client.force_login(reporter)
    data = dict(fields)
    if "upload" in data:
        name, content = data["upload"]
        data["upload"] = SimpleUploadedFile(name, content)
    response = client.post("/articles/new/", data)
    assert response.status_code == 400 and not Article.objects.exists()
    html = response.content.decode()
    errors = re.search(rf'<div id="id_{field}_errors" role="alert">(.*?)</div>', html, re.S)
    assert errors and message in errors.group(1), html


def test_oversized_text_is_refused_with_the_limit(client, reporter, settings):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 1_000
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "Long", "body": "word " * 300})
    assert response.status_code == 400 and "the limit is 1,000" in response.content.decode()
    assert not Article.objects.exists()


def test_oversized_upload_is_refused(client, reporter, settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 10_000
    client.force_login(reporter)
    upload = SimpleUploadedFile("big.txt", b"a" * 10_001)
    response = client.post("/articles/new/", {"title": "Big", "upload": upload})
    assert response.status_code == 400 and "the limit is 10,000" in response.content.decode()


def test_duplicate_links_to_the_existing_article(client, reporter, newsroom):
    client.force_login(reporter)
    response = client.post("/articles/new/", {"title": "Again", "body": BODY})
    assert response.status_code == 400 and Article.objects.count() == 1
    assert f'submitted before: <a href="/articles/{newsroom["article"].pk}/">Budget passes</a>' in (
        response.content.decode()
    )


def test_duplicate_of_someone_elses_article_does_not_reveal_it(client, newsroom, django_user_model):
    from django.contrib.auth.models import Group

    other = django_user_model.objects.create_user("rob", password="pw-rob", is_staff=True)
    other.groups.add(Group.objects.get(name="Reporters"))
    client.force_login(other)
    html = client.post("/articles/new/", {"title": "Again", "body": BODY}).content.decode()
    assert "submitted before by someone else" in html and "Budget passes" not in html


def test_submitting_needs_the_csrf_token(reporter):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    assert client.post("/articles/new/", {"title": "T", "body": "Words."}).status_code == 403
    assert not Article.objects.exists()


# What the pages show -------------------------------------------------------------------

def test_my_articles_lists_status_and_counts_and_polls_while_running(client, reporter):
    done = make_article(body="Done text here.", title="Done one", submitted_by=reporter)
    claims_extract(article_id=done.pk)
    running = make_article(body="Queued text here.", title="Queued one", submitted_by=reporter,
                           status=Article.Status.QUEUED)
    client.force_login(reporter)
    html = client.get("/articles/").content.decode()
    assert "Done one" in html and "Queued one" in html and "Extracted" in html and "Queued" in html
    assert f'data-ids="{running.pk}"' in html
    status = client.get(f"/articles/status/?ids={done.pk},{running.pk}").json()["articles"]
    assert [(a["id"], a["status"], a["settled"]) for a in status] == [
        (done.pk, "extracted", True), (running.pk, "queued", False)]


def test_article_page_highlights_each_speaker_in_its_colour_with_a_legend_and_side_list(client, newsroom, reporter):
    client.force_login(reporter)
    html = client.get(f"/articles/{newsroom['article'].pk}/").content.decode()
    assert_valid_html(html)
    varga = re.findall(r'<mark class="fc-claim (sp-\d)" data-claims="(\d+)" title="Elena Varga[^"]*">', html)
    natarajan = re.findall(r'<mark class="fc-claim (sp-\d)" data-claims="\d+" title="Priya Natarajan', html)
    assert varga and natarajan and {c for c, _ in varga}.isdisjoint({natarajan[0]})
    assert f'<span class="swatch {varga[0][0]}"></span>Elena Varga' in html
    for claim in Claim.objects.filter(article=newsroom["article"]):
        assert f'id="claim-{claim.pk}"' in html and f'href="#claim-{claim.pk}"' in html
    assert "Mayor" in html and "Mostly false" in html and "Rejected" in html and "Verified" in html
    assert "data-status-url" not in html  # settled: no polling


def test_public_claim_page_shows_context_verdict_evidence_and_claimreview(client, newsroom):
    html = client.get(f"/claims/{newsroom['direct'].pk}/").content.decode()
    assert_valid_html(html)
    assert '<mark class="fc-content">We kept every school open</mark>' in html
    assert "Two schools closed in May." in html and 'href="https://example.org/schools"' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == "We kept every school open"
    assert data["url"] == f"http://testserver/claims/{newsroom['direct'].pk}/"
    assert data["reviewRating"]["alternateName"] == "Mostly false" and data["reviewRating"]["ratingValue"] == 2
    assert data["author"]["name"] and data["datePublished"]
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Elena Varga", "jobTitle": "Mayor"}
    [appearance] = data["itemReviewed"]["appearance"]  # one report of it: this article
    assert appearance["@type"] == "CreativeWork" and appearance["url"] == "https://example.org/budget"
    assert data["itemReviewed"]["firstAppearance"] == appearance


def test_claim_page_without_published_verdict_has_no_claimreview(client, newsroom, editor):
    verdict_save(claim=Claim.objects.get(pk=newsroom["library"].pk), user=editor, rating="false", summary="Draft.")
    html = client.get(f"/claims/{newsroom['library'].pk}/").content.decode()
    assert "application/ld+json" not in html and "Draft." not in html and "No published verdict" in html


def test_quotes_page_searches_and_filters(client, newsroom):
    def texts(query: str) -> set[str]:
        html = client.get("/quotes/" + query).content.decode()
        return {t for t in ("We kept every school open", "the library would close on Sundays") if t in html}

    both = {"We kept every school open", "the library would close on Sundays"}
    assert texts("") == both
    assert texts("?q=library+Sundays") == {"the library would close on Sundays"}
    assert texts("?speaker=Elena+Varga") == {"We kept every school open"}
    assert texts("?speaker=Varga") == {"We kept every school open"}  # an alias the article used
    assert texts("?outlet=harbor-ledger") == both
    assert texts("?rating=mostly-false") == {"We kept every school open"}
    assert texts("?published_after=2025-06-14") == set()
    assert texts("?published_after=2025-06-01&published_before=2025-06-30") == both


@pytest.mark.parametrize("query,message", [
    ("published_after=June", "published_after: Use a date as YYYY-MM-DD."),
    ("rating=great", "rating: Use one of: true, mostly-true"),
    ("q=" + "x" * 201, "q: Search with at most 200 characters."),
])
def test_quotes_page_explains_bad_filters(client, newsroom, query, message):
    response = client.get("/quotes/?" + query)
    assert response.status_code == 400 and message in response.content.decode()


def test_quotes_page_paginates_with_the_filters_kept(client, editor):
    article = make_article(body=" ".join(f'"Point {i} stands," Ann Lee said.' for i in range(25)), title="Many")
    claims_extract(article_id=article.pk)
    for claim in Claim.objects.all():
        claim_verify(claim=claim, user=editor)
    assert Claim.objects.filter(status=Claim.Status.VERIFIED).count() == 25
    first = client.get("/quotes/?speaker=Ann+Lee").content.decode()
    assert "Page 1 of 2" in first and 'href="?speaker=Ann+Lee&amp;page=2"' in first
    second = client.get("/quotes/?speaker=Ann+Lee&page=2").content.decode()
    assert second.count('<p class="quote">') == 5


def test_speaker_page_lists_quotes_and_draws_the_verdict_chart(client, newsroom):
    html = client.get("/speakers/elena-varga/").content.decode()
    assert_valid_html(html)
    assert "We kept every school open" in html and "the library would close on Sundays" not in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="rating-chart"' in html
    assert "<title>Mostly false: 1</title>" in html and "<title>True: 0</title>" in html


@pytest.mark.parametrize("url", ["/quotes/", "/speakers/elena-varga/", "/", "/accounts/login/"])
def test_public_pages_are_valid_html(client, newsroom, url):
    assert_valid_html(client.get(url).content.decode())


def test_reporter_pages_are_valid_html(client, newsroom, reporter):
    client.force_login(reporter)
    for url in ("/articles/", "/articles/new/", "/"):
        assert_valid_html(client.get(url).content.decode())
    assert_valid_html(client.post("/articles/new/", {"title": "", "body": ""}).content.decode())


def test_navigation_shows_what_each_role_may_do(client, reporter, editor, outsider):
    html = client.get("/").content.decode()
    assert "Sign in" in html and "Submit an article" not in html and "Review queue" not in html
    client.force_login(outsider)
    html = client.get("/").content.decode()
    assert "Sign out" in html and "Submit an article" not in html
    client.force_login(reporter)
    html = client.get("/").content.decode()
    assert "Submit an article" in html and "My articles" in html and "Review queue" not in html
    client.force_login(editor)
    assert "Review queue" in client.get("/").content.decode()


# Escaping ------------------------------------------------------------------------------

def test_markup_in_articles_speakers_and_evidence_renders_as_text_everywhere(client, editor, reporter):
    body = f'"{HOSTILE} is fine," said Mayor Elena Varga. {HOSTILE}'
    article = make_article(body=body, title=f"Title {HOSTILE}", submitted_by=reporter,
                           url="https://example.org/a")
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article)
    claim.speaker.name = f"Elena {HOSTILE}"
    claim.speaker.save()
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary=f"Summary {HOSTILE}",
                 evidence=evidence_parse(f"Evidence {HOSTILE} | https://example.org/e"), publish=True)
    pages = [f"/claims/{claim.pk}/", f"/speakers/{claim.speaker.slug}/", "/quotes/", "/quotes/?q=fine"]
    for url in pages:
        html = client.get(url).content.decode()
        assert HOSTILE not in html, url
        assert "&lt;script&gt;" in html, url
    client.force_login(reporter)
    for url in (f"/articles/{article.pk}/", "/articles/", "/"):
        html = client.get(url).content.decode()
        assert HOSTILE not in html, url
        assert "&lt;script&gt;" in html, url
    status = client.get(f"/articles/status/?ids={article.pk}")
    assert status["Content-Type"] == "application/json"


def test_claimreview_json_cannot_close_its_script_element(client, editor):
    body = '"It ends here </script><script>alert(1)</script>," Mayor Elena Varga said.'
    article = make_article(body=body, title="Odd")
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article)
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary="No.", publish=True)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "</script><script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "</script>" in json.loads(block.group(1))["claimReviewed"]


# Query counts ----------------------------------------------------------------------------

def test_page_query_counts_do_not_grow_with_the_rows(client, editor, reporter):
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def add(n: int, start: int) -> Article:
        body = " ".join(f'"Point {start + i} stands," Ann Lee said.' for i in range(n))
        article = make_article(body=body, title=f"Batch {start}", submitted_by=reporter)
        claims_extract(article_id=article.pk)
        for claim in Claim.objects.filter(article=article):
            claim_verify(claim=claim, user=editor)
            verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="true", summary="Yes.",
                         evidence=evidence_parse("Source | https://example.org/s"), publish=True)
        return article

    small = add(2, 0)
    client.force_login(reporter)
    client.get("/articles/")  # a first visit records itself; later ones update that record
    before = {url: count(url) for url in ("/quotes/", "/speakers/ann-lee/", f"/articles/{small.pk}/", "/articles/")}
    big = add(12, 100)
    after = {url: count(url) for url in ("/quotes/", "/speakers/ann-lee/", f"/articles/{small.pk}/", "/articles/")}
    assert after == before
    assert count(f"/articles/{big.pk}/") == before[f"/articles/{small.pk}/"]


def test_pasted_text_with_windows_line_breaks_is_stored_with_plain_ones(client, reporter,
                                                                         django_capture_on_commit_callbacks):
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/articles/new/", {"title": "CRLF", "body": 'Intro.\r\n\r\n"Fares stay," Lena Holm said.\r\n'})
    article = Article.objects.get()
    assert "\r" not in article.body and "\n\n" in article.body
    claim = Claim.objects.get(article=article)
    assert article.body[claim.start : claim.end] == "Fares stay"


def test_reporters_do_not_see_draft_ratings_editors_do(client, newsroom, reporter, editor):
    verdict_save(claim=Claim.objects.get(pk=newsroom["library"].pk), user=editor, rating="false", summary="Draft.")
    client.force_login(reporter)
    html = client.get(f"/articles/{newsroom['article'].pk}/").content.decode()
    assert "(not published)" not in html and "Mostly false" in html
    client.force_login(editor)
    assert "False (not published)" in client.get(f"/articles/{newsroom['article'].pk}/").content.decode()


def test_an_outlet_name_from_html_longer_than_the_field_is_cut(client, reporter, django_capture_on_commit_callbacks):
    client.force_login(reporter)
    name = "Harbour " * 40  # 320 characters
    html = (
        f'<html><head><title>Dredging</title><meta property="og:site_name" content="{name}"></head><body><article>'
        "<p>The port authority said dredging would start in June and take about eleven weeks along the quay.</p>"
        "</article></body></html>"
    ).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/articles/new/", {"title": "", "upload": SimpleUploadedFile("d.html", html)})
    assert response.status_code == 302
    assert len(Article.objects.get().outlet.name) <= 200
