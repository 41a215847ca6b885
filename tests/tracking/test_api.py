"""Claim tracking in the API: appearances and fact-checks on a quote, the statements
resource, fact-check search, and ClaimReview's itemReviewed; readers' material only."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.throttling import SimpleRateThrottle

from claims.models import Claim, ClaimMatch, FactCheck, Statement
from claims.review.services import claim_verify, verdict_save
from claims.tracking.index import fact_checks_index
from claims.tracking.services import claims_match, match_confirm
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."
FERRY = "The night ferry to the islands will run every hour from June."


@pytest.fixture
def tracked(varga, editor) -> dict:
    """One statement in three outlets (the first report unverified), an imported fact-check
    confirmed on the unverified report and another only suggested."""
    claims = [
        said(BRIDGE.lower(), speaker=varga, on=dt.date(2025, 3, 1), outlet="Coast Times"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 2), outlet="Harbor Ledger", status="verified"),
        said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 3), outlet="Valley Post", status="verified"),
    ]
    claims_match(claim_ids=[c.pk for c in claims])
    confirmed = FactCheck.objects.create(
        publisher="Coast Check", url="https://coastcheck.example/bridge", claim_reviewed=BRIDGE,
        claimant="Elena Varga", rating_text="Mostly false", rating_value=-0.5, reviewed_on=dt.date(2025, 2, 20),
    )
    suggested = FactCheck.objects.create(
        publisher="Shore Facts", url="https://shorefacts.example/bridge", claim_reviewed=BRIDGE + " Really.",
        rating_text="True", rating_value=1,
    )
    fact_checks_index(fact_checks=[confirmed, suggested])
    claims_match(claim_ids=[claims[0].pk], force=True)
    match_confirm(match_id=ClaimMatch.objects.get(claim=claims[0], fact_check=confirmed).pk, user=editor)
    return {"claims": claims, "confirmed": confirmed, "statement": Statement.objects.get()}


@pytest.mark.django_db
def test_a_quote_lists_its_other_appearances_and_its_fact_checks(client, tracked):
    unverified, ledger, valley = tracked["claims"]
    quote = client.get(f"/api/v1/quotes/{valley.pk}/").json()
    assert [(a["id"], a["article"]["outlet"], a["article"]["published_on"]) for a in quote["appearances"]] == [
        (ledger.pk, "Harbor Ledger", "2025-03-02")]  # the unverified report is not shown
    assert quote["appearances"][0]["permalink"].endswith(f"/api/v1/quotes/{ledger.pk}/")
    [check] = quote["fact_checks"]  # confirmed on another report of the statement; the suggestion is not shown
    assert check == {
        "id": tracked["confirmed"].pk, "publisher": "Coast Check", "url": "https://coastcheck.example/bridge",
        "claim_reviewed": BRIDGE, "claimant": "Elena Varga", "rating": "Mostly false", "rating_value": -0.5,
        "reviewed_on": "2025-02-20", "ours": False, "score": check["score"],
    }
    assert check["score"] >= 1
    assert quote["statement"].endswith(f"/api/v1/statements/{tracked['statement'].pk}/")
    # The list and the change feed write the same shape.
    listed = {q["id"]: q for q in client.get("/api/v1/quotes/").json()["results"]}
    assert listed[valley.pk] == quote
    fed = {i["id"]: i["quote"] for i in client.get("/api/v1/changes/").json()["items"] if i["type"] == "quote"}
    assert fed[valley.pk] == quote


@pytest.mark.django_db
def test_a_quote_alone_has_empty_tracking(client, varga):
    alone = said(FERRY, speaker=varga, status="verified")
    quote = client.get(f"/api/v1/quotes/{alone.pk}/").json()
    assert (quote["appearances"], quote["fact_checks"], quote["statement"]) == ([], [], None)


@pytest.mark.django_db
def test_our_published_verdict_is_a_fact_check_of_the_other_reports(client, tracked, editor,
                                                                      django_capture_on_commit_callbacks):
    unverified, ledger, valley = tracked["claims"]
    with django_capture_on_commit_callbacks(execute=True):  # our fact-check is matched on commit
        verdict_save(claim=Claim.objects.get(pk=ledger.pk), user=editor, rating="false", summary="No.", publish=True)
    ours = FactCheck.objects.get(verdict__claim=ledger)
    match = ClaimMatch.objects.get(claim=valley, fact_check=ours)
    match_confirm(match_id=match.pk, user=editor)
    checks = client.get(f"/api/v1/quotes/{valley.pk}/").json()["fact_checks"]
    [mine] = [c for c in checks if c["ours"]]
    assert mine["url"].endswith(f"/claims/{ledger.pk}/") and mine["rating"] == "False"
    # On the quote the verdict rates, it is the quote's verdict, not a fact-check of it.
    assert [c["ours"] for c in client.get(f"/api/v1/quotes/{ledger.pk}/").json()["fact_checks"]] == [False]


@pytest.mark.django_db
def test_quote_pages_cost_the_same_queries_with_tracking(client, tracked, varga, django_assert_max_num_queries):
    for n in range(4):
        extra = said(f"{FERRY} Stop {n}.", speaker=varga, status="verified", on=dt.date(2025, 4, n + 1))
        claims_match(claim_ids=[extra.pk])
    with django_assert_max_num_queries(5):  # its ids, their rows, the evidence, the tracking (two)
        results = client.get("/api/v1/quotes/").json()["results"]
    assert len(results) == 6 and any(q["appearances"] for q in results)


@pytest.mark.django_db
def test_statements_show_verified_appearances_only(client, tracked, django_assert_max_num_queries):
    unverified, ledger, valley = tracked["claims"]
    with django_assert_max_num_queries(3):
        listed = client.get("/api/v1/statements/").json()["results"]
    [statement] = listed
    detail = client.get(f"/api/v1/statements/{tracked['statement'].pk}/").json()
    assert detail == statement
    # Its text is the first verified wording: the statement's own is the unverified report's.
    assert tracked["statement"].text == BRIDGE.lower() and detail["text"] == BRIDGE
    assert [a["id"] for a in detail["appearances"]] == [ledger.pk, valley.pk]
    assert detail["first_appearance"]["id"] == ledger.pk and detail["appearance_count"] == 2
    assert detail["outlets"] == ["Harbor Ledger", "Valley Post"] and detail["variants"] == [BRIDGE]
    assert detail["speaker"]["name"] == "Elena Varga"


@pytest.mark.django_db
def test_a_statement_without_verified_quotes_is_not_public(client, varga):
    first = said(FERRY, speaker=varga, on=dt.date(2025, 3, 1))
    second = said(FERRY, speaker=varga, on=dt.date(2025, 3, 2))
    claims_match(claim_ids=[first.pk, second.pk])
    statement = Statement.objects.get()
    assert client.get("/api/v1/statements/").json()["results"] == []
    assert client.get(f"/api/v1/statements/{statement.pk}/").status_code == 404


@pytest.mark.django_db
def test_fact_check_search_ranks_fact_checks_for_a_claims_text(client, tracked):
    response = client.get("/api/v1/factchecks/search/", {"q": "Varga: the harbour bridge reopens to traffic in May"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["publisher"] for r in results} == {"Coast Check", "Shore Facts"}
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    assert all(0 < r["score"] for r in results)
    exact = client.get("/api/v1/factchecks/search/", {"q": BRIDGE, "limit": "1"}).json()["results"]
    assert [(r["publisher"], r["score"] >= 1) for r in exact] == [("Coast Check", True)]


@pytest.mark.django_db
def test_fact_check_search_leaves_out_our_verdicts_on_unverified_claims(client, varga, editor,
                                                                         django_capture_on_commit_callbacks):
    claim = said(FERRY, speaker=varga, status="verified")
    with django_capture_on_commit_callbacks(execute=True):  # indexed on commit
        verdict_save(claim=claim, user=editor, rating="true", summary="Timetable.", publish=True)
    assert [r["ours"] for r in client.get("/api/v1/factchecks/search/", {"q": FERRY}).json()["results"]] == [True]
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.PENDING)  # re-opened
    assert client.get("/api/v1/factchecks/search/", {"q": FERRY}).json()["results"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", "   ", "x" * 1001, "a\x00b"])
def test_fact_check_search_refuses_an_empty_or_too_long_query(client, q):
    response = client.get("/api/v1/factchecks/search/", {"q": q})
    assert response.status_code == 400 and "q" in response.json()


@pytest.mark.django_db
def test_fact_check_search_refuses_a_bad_limit(client):
    response = client.get("/api/v1/factchecks/search/", {"q": BRIDGE, "limit": "²"})
    assert response.status_code == 400 and "limit" in response.json()


@pytest.mark.django_db
def test_fact_check_search_is_throttled_like_the_other_endpoints(client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "5/minute"})
    statuses = [client.get("/api/v1/factchecks/search/", {"q": BRIDGE}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
def test_claimreview_item_reviewed_is_a_claim_with_every_appearance(client, tracked, editor):
    unverified, ledger, valley = tracked["claims"]
    verdict_save(claim=Claim.objects.get(pk=valley.pk), user=editor, rating="false", summary="No.", publish=True)
    data = client.get(f"/api/v1/quotes/{valley.pk}/claimreview").json()
    item = data["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"]["name"] == "Elena Varga"
    assert [(a["@type"], a["publisher"]["name"], a["datePublished"]) for a in item["appearance"]] == [
        ("CreativeWork", "Harbor Ledger", "2025-03-02"), ("CreativeWork", "Valley Post", "2025-03-03")]
    assert item["firstAppearance"] == item["appearance"][0] and item["datePublished"] == "2025-03-02"
    # The page's JSON-LD says the same.
    page = client.get(f"/claims/{valley.pk}/").content.decode()
    assert "Coast Times" not in page and '"firstAppearance"' in page


@pytest.mark.django_db
def test_a_match_decision_refreshes_the_kept_quote_pages(client, tracked, editor, settings):
    settings.FACTCHECK_API_CACHE_SECONDS = 60
    unverified, ledger, valley = tracked["claims"]
    before = {q["id"]: q for q in client.get("/api/v1/quotes/").json()["results"]}
    assert [a["id"] for a in before[valley.pk]["appearances"]] == [ledger.pk]
    from claims.tracking.services import match_reject

    match_reject(match_id=ClaimMatch.objects.get(claim=ledger, statement__isnull=False).pk, user=editor)
    after = {q["id"]: q for q in client.get("/api/v1/quotes/").json()["results"]}
    assert after[valley.pk]["appearances"] == []
