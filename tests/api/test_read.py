"""Public read API: verified quotes, speakers, published verdicts, ClaimReview, conditional GET."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Claim
from claims.review.services import claim_verify, evidence_parse, verdict_save
from claims.pipeline.services import claims_extract
from sources.models import Outlet
from tests.factories import make_article

BODY = (
    'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.\n\n'
    'Councillor Priya Natarajan said the library would close on Sundays.'
)


@pytest.fixture
def published(db, editor):
    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    article = make_article(body=BODY, title="Budget passes", url="https://example.org/budget", outlet=outlet,
                           published_on=dt.date(2025, 6, 13))
    claims_extract(article_id=article.pk)
    claims = {c.text: c for c in Claim.objects.all()}
    direct = claims["We kept every school open"]
    library = claims["the library would close on Sundays"]
    claim_verify(claim=direct, user=editor)
    claim_verify(claim=library, user=editor)
    verdict_save(claim=Claim.objects.get(pk=direct.pk), user=editor, rating="mostly-false",
                 summary="Two schools closed in May.", evidence=evidence_parse("School list | https://example.org/s"),
                 publish=True)
    return {"direct": direct, "library": library, "pending": claims["the budget was balanced"]}


def test_quote_list_shows_verified_quotes_with_speaker_article_and_published_verdict(client, published):
    results = client.get("/api/v1/quotes/").json()["results"]
    assert {q["text"] for q in results} == {"We kept every school open", "the library would close on Sundays"}
    direct = next(q for q in results if q["kind"] == "direct")
    assert direct["speaker"]["name"] == "Elena Varga" and direct["speaker"]["title"] == "Mayor"
    assert direct["article"] == {"id": published["direct"].article_id, "title": "Budget passes",
                                 "url": "https://example.org/budget", "published_on": "2025-06-13",
                                 "outlet": "Harbor Ledger"}
    assert direct["verdict"]["rating"] == "mostly-false"
    assert direct["verdict"]["evidence"] == [{"title": "School list", "url": "https://example.org/s"}]
    assert direct["permalink"].endswith(f"/api/v1/quotes/{published['direct'].pk}/")
    assert direct["claimreview"].endswith(f"/api/v1/quotes/{published['direct'].pk}/claimreview")
    other = next(q for q in results if q["kind"] != "direct")
    assert other["verdict"] is None and other["claimreview"] is None


def test_unpublished_verdicts_and_pending_claims_stay_private(client, published, editor):
    verdict_save(claim=Claim.objects.get(pk=published["library"].pk), user=editor, rating="false", summary="Draft.")
    results = client.get("/api/v1/quotes/").json()["results"]
    assert next(q for q in results if q["id"] == published["library"].pk)["verdict"] is None
    assert client.get(f"/api/v1/quotes/{published['pending'].pk}/").status_code == 404
    assert client.get(f"/api/v1/quotes/{published['library'].pk}/claimreview").status_code == 404
    assert [v["quote"]["id"] for v in client.get("/api/v1/verdicts/").json()["results"]] == [published["direct"].pk]


@pytest.mark.parametrize("query, expected", [
    ("speaker=Elena Varga", {"We kept every school open"}),
    ("speaker=varga", {"We kept every school open"}),  # an alias names the speaker too
    ("speaker=Nobody", set()),
    ("outlet=harbor-ledger", {"We kept every school open", "the library would close on Sundays"}),
    ("kind=direct", {"We kept every school open"}),
    ("rating=mostly-false", {"We kept every school open"}),
    ("rating=true", set()),
    ("published_after=2025-06-14", set()),
    ("published_before=2025-06-13", {"We kept every school open", "the library would close on Sundays"}),
    ("q=library", {"the library would close on Sundays"}),
])
def test_quote_filters(client, published, query, expected):
    results = client.get(f"/api/v1/quotes/?{query}").json()["results"]
    assert {q["text"] for q in results} == expected


def test_speaker_filter_by_id_and_verified_dates(client, published):
    speaker_id = published["direct"].speaker_id
    assert len(client.get(f"/api/v1/quotes/?speaker={speaker_id}").json()["results"]) == 1
    today = timezone.localdate().isoformat()
    assert len(client.get(f"/api/v1/quotes/?verified_after={today}").json()["results"]) == 2


@pytest.mark.parametrize("query, field", [
    ("kind=sarcastic", "kind"), ("rating=pants-on-fire", "rating"), ("published_after=13/06/2025", "published_after"),
    ("ordering=speaker", "ordering"), ("article=abc", "article"),
])
def test_bad_filters_get_a_clear_json_error(client, published, query, field):
    response = client.get(f"/api/v1/quotes/?{query}")
    assert response.status_code == 400 and field in response.json()


def test_cursor_pagination_walks_every_quote_once(client, published):
    first = client.get("/api/v1/quotes/?page_size=1").json()
    second = client.get(first["next"]).json()
    ids = [first["results"][0]["id"], second["results"][0]["id"]]
    assert sorted(ids) == sorted([published["direct"].pk, published["library"].pk])
    assert second["next"] is None


def test_unchanged_list_answers_304_and_changes_are_seen(client, published, editor):
    response = client.get("/api/v1/quotes/")
    etag, modified = response["ETag"], response["Last-Modified"]
    assert client.get("/api/v1/quotes/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/quotes/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    claim_verify(claim=Claim.objects.get(pk=published["pending"].pk), user=editor)
    assert client.get("/api/v1/quotes/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_claimreview_json_ld(client, published):
    response = client.get(f"/api/v1/quotes/{published['direct'].pk}/claimreview")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/ld+json")
    data = response.json()
    assert data["@type"] == "ClaimReview" and data["claimReviewed"] == "We kept every school open"
    assert data["reviewRating"] == {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2,
                                    "bestRating": 5, "worstRating": 1}
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Elena Varga", "jobTitle": "Mayor"}
    [appearance] = data["itemReviewed"]["appearance"]  # one report of it: this article
    assert appearance["@type"] == "CreativeWork" and appearance["url"] == "https://example.org/budget"
    assert data["itemReviewed"]["firstAppearance"] == appearance
    assert data["datePublished"] == timezone.now().date().isoformat()
    assert data["author"]["@type"] == "Organization" and data["url"].endswith(f"/claims/{published['direct'].pk}/")


def test_speakers_with_verified_quotes_and_their_quotes(client, published):
    speakers = client.get("/api/v1/speakers/").json()["results"]
    assert {(s["name"], s["quote_count"]) for s in speakers} == {("Elena Varga", 1), ("Priya Natarajan", 1)}
    varga = next(s for s in speakers if s["name"] == "Elena Varga")
    assert client.get(varga["url"]).json()["quote_count"] == 1
    quotes = client.get(varga["quotes"]).json()["results"]
    assert [q["text"] for q in quotes] == ["We kept every school open"]


def test_speaker_name_search_refuses_nul_and_overlong_text(client, published):
    # PostgreSQL refuses NUL in text: this was a 500 there (found by the schema fuzzing).
    for name in ("Var\x00ga", "x" * 201):
        response = client.get("/api/v1/speakers/", {"name": name})
        assert response.status_code == 400
        assert "name" in response.json()
    found = client.get("/api/v1/speakers/", {"name": "varga"}).json()["results"]
    assert [s["name"] for s in found] == ["Elena Varga"]


@pytest.mark.parametrize("url", ["/api/v1/quotes/", "/quotes/"])
@pytest.mark.parametrize("name", ["speaker", "outlet", "q"])
def test_quote_text_filters_refuse_nul(client, published, url, name):
    response = client.get(url, {name: "Var\x00ga"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/quotes/", "/api/v1/speakers/", "/api/v1/verdicts/"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_endpoints_refuse_writes_for_everyone(client, editor, published, url, method):
    client.force_login(editor)
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405


@pytest.mark.parametrize("url", ["/api/v1/quotes/", "/api/v1/speakers/", "/api/v1/verdicts/"])
def test_list_queries_do_not_grow_with_page_size(client, published, editor, url, django_assert_max_num_queries):
    for n in range(6):
        article = make_article(body=f'"We kept school number {n} open," Mayor Elena Varga said.', title=f"S{n}")
        claims_extract(article_id=article.pk)
        claim = Claim.objects.get(article=article)
        claim_verify(claim=claim, user=editor)
        verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="true", summary="ok", publish=True,
                     evidence=evidence_parse("A | https://example.org/a\nB | https://example.org/b"))
    most = 6 if url == "/api/v1/quotes/" else 4  # quotes: two more, for their tracking
    with django_assert_max_num_queries(most):
        assert client.get(f"{url}?page_size=2").status_code == 200
    with django_assert_max_num_queries(most):
        assert client.get(f"{url}?page_size=50").status_code == 200


def test_a_quote_has_one_shape_in_the_list_the_detail_and_the_change_feed(client, published, editor):
    """Every answer that holds a quote writes it the same way, with the documented fields,
    including a corrected text, a missing outlet and an unpublished verdict."""
    from claims.api.serializers import QuoteOutSerializer
    from claims.review.services import claim_correct

    claim_correct(claim=Claim.objects.get(pk=published["library"].pk), user=editor,
                  text="the library will close on Sundays")
    verdict_save(claim=Claim.objects.get(pk=published["library"].pk), user=editor, rating="false", summary="Draft.")
    bare = make_article(body='"Nothing changes," a spokesperson said.', title="Bare")
    claims_extract(article_id=bare.pk)
    for claim in Claim.objects.filter(article=bare):
        claim_verify(claim=claim, user=editor)
    listed = client.get("/api/v1/quotes/?page_size=200").json()["results"]
    assert len(listed) >= 3
    documented = QuoteOutSerializer()
    feed = {}
    since = ""
    while True:
        page = client.get(f"/api/v1/changes/?since={since}").json()
        feed.update({item["id"]: item["quote"] for item in page["items"] if item["type"] == "quote"})
        since = page["cursor"]
        if not page["more"]:
            break
    for quote in listed:
        assert list(quote) == list(documented.fields)
        assert list(quote["article"]) == list(documented.fields["article"].fields)
        assert client.get(f"/api/v1/quotes/{quote['id']}/").json() == quote
        assert feed[quote["id"]] == quote
    by_id = {quote["id"]: quote for quote in listed}
    library = by_id[published["library"].pk]
    assert library["text"] == "the library will close on Sundays"
    assert library["verdict"] is None and library["claimreview"] is None  # the verdict is a draft
    bare_quote = next(q for q in listed if q["article"]["title"] == "Bare")
    assert bare_quote["article"]["outlet"] is None and bare_quote["article"]["published_on"] is None


def test_quote_list_page_is_kept_until_a_review_changes_the_data(client, published, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get("/api/v1/quotes/").json()
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/quotes/").json()
    assert again == first and len(queries) == 1  # only the data-version query
    claim_verify(claim=Claim.objects.get(pk=published["pending"].pk), user=editor)
    texts = {q["text"] for q in client.get("/api/v1/quotes/").json()["results"]}
    assert "the budget was balanced" in texts
    verdict_save(claim=Claim.objects.get(pk=published["pending"].pk), user=editor, rating="true",
                 summary="It was.", publish=True)
    rows = client.get("/api/v1/quotes/").json()["results"]
    assert next(q for q in rows if q["text"] == "the budget was balanced")["verdict"]["rating"] == "true"


def test_quote_list_cache_can_be_turned_off(client, published, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FACTCHECK_API_CACHE_SECONDS = 0
    client.get("/api/v1/quotes/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/quotes/")
    # The page's ids (the paginator's light query), their rows (with whether each quote has a
    # confirmed match) and the evidence (within the rows' query on PostgreSQL), every time;
    # no quote here is tracked, so no tracking queries (tests/tracking has the tracked pages).
    assert len(queries) == (2 if connection.vendor == "postgresql" else 3)


def test_only_documented_parameters_make_kept_pages(client, published, monkeypatch):
    from claims.public import cache as page_cache

    stored: set[str] = set()
    real_set = page_cache.cache.set
    monkeypatch.setattr(page_cache.cache, "set", lambda key, *a, **kw: (stored.add(key), real_set(key, *a, **kw)))
    client.get("/api/v1/quotes/?kind=direct&ordering=-id")
    client.get("/api/v1/quotes/?ordering=-id&kind=direct")  # the same page, kept once
    for junk in range(5):
        client.get(f"/api/v1/quotes/?z={junk}")  # answered, never kept
    kept = [k for k in stored if "api-quotes:" in k]
    assert len(kept) == 1


def test_every_committed_audited_change_names_new_pages(published, editor, django_capture_on_commit_callbacks):
    from claims.review.services import claim_reject
    from claims.public.cache import changes_committed

    counted = changes_committed()
    with django_capture_on_commit_callbacks(execute=False) as pending:
        claim_reject(claim=Claim.objects.get(pk=published["library"].pk), user=editor, reason="Misquoted.")
    assert changes_committed() == counted  # not yet: the change has not committed
    for callback in pending:
        callback()
    assert changes_committed() > counted
