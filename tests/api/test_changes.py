"""The change feed: a consumer stays in sync with quotes and verdicts without re-reading all."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.review.services import claim_reject, claim_reopen, claim_verify, verdict_save
from claims.pipeline.services import claims_extract
from tests.factories import make_article

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture
def quotes(db):
    article = make_article(body=BODY)
    claims_extract(article_id=article.pk)
    return {c.kind: c for c in Claim.objects.all()}


def feed(client, since=""):
    response = client.get("/api/v1/changes/", {"since": since} if since else {})
    assert response.status_code == 200
    return response.json()


def test_feed_reports_new_quotes_changes_and_withdrawals_since_the_cursor(client, quotes, editor):
    start = feed(client)
    assert start["items"] == [] and start["more"] is False  # nothing public yet
    claim_verify(claim=quotes["direct"], user=editor)
    step = feed(client, start["cursor"])
    assert [(i["type"], i["id"]) for i in step["items"]] == [("quote", quotes["direct"].pk)]
    assert step["items"][0]["quote"]["text"] == "We kept every school open"

    assert feed(client, step["cursor"])["items"] == []  # nothing new since

    verdict_save(claim=Claim.objects.get(pk=quotes["direct"].pk), user=editor, rating="false", summary="No.",
                 publish=True)
    rated = feed(client, step["cursor"])
    assert rated["items"][0]["quote"]["verdict"]["rating"] == "false"

    claim_reject(claim=Claim.objects.get(pk=quotes["direct"].pk), user=editor, reason="misquoted")
    withdrawn = feed(client, rated["cursor"])
    assert withdrawn["items"] == [{"type": "tombstone", "id": quotes["direct"].pk}]


def test_claims_that_were_never_public_never_appear(client, quotes, editor):
    claim_reject(claim=quotes["indirect"], user=editor, reason="not said")
    claim_reopen(claim=Claim.objects.get(pk=quotes["indirect"].pk), user=editor)
    assert feed(client)["items"] == []


def test_bad_cursor_is_a_clear_error(client, db):
    response = client.get("/api/v1/changes/", {"since": "yesterday"})
    assert response.status_code == 400 and "since" in response.json()


def test_feed_pages_in_batches(client, quotes, editor, monkeypatch):
    from claims.api.changes import ChangeFeed

    monkeypatch.setattr(ChangeFeed, "BATCH", 1)
    claim_verify(claim=quotes["direct"], user=editor)
    claim_verify(claim=quotes["indirect"], user=editor)
    seen, cursor, more = set(), "", True
    for _ in range(20):
        page = feed(client, cursor)
        seen |= {i["id"] for i in page["items"] if i["type"] == "quote"}
        cursor, more = page["cursor"], page["more"]
        if not more:
            break
    assert seen == {quotes["direct"].pk, quotes["indirect"].pk} and not more
