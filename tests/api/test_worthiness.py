"""Check-worthiness in the editors' API: every claim carries its score, type and reason;
the claim list filters by type, band and worth checking, and orders by the score, paging
through with its cursor; the OpenAPI schema documents all of it."""

from __future__ import annotations

import pytest
import yaml

from claims.models import Claim
from claims.api.services import token_create
from tests.factories import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db

BODY = (
    "Rents in Orwen rose 14 percent in 2023, the housing minister Ada Brandt said. "
    "Brandt was critical of the delay. "
    "\"We will build more homes next year,\" Brandt said. "
    "Shop owners are worried about the closure."
)
URL = "/api/v1/claims/"


def span(words: str) -> tuple[int, int]:
    start = BODY.index(words)
    return start, start + len(words)


@pytest.fixture
def claims(db) -> dict[str, Claim]:
    article = make_article(body=BODY, title="Rents")
    brandt = make_speaker("Ada Brandt")
    return {
        "figure": make_claim(article, *span("Rents in Orwen rose 14 percent in 2023"), speaker=brandt, cue="said"),
        "delay": make_claim(article, *span("the delay"), speaker=brandt, cue="was critical of"),
        "homes": make_claim(article, *span("We will build more homes next year"), speaker=brandt, cue="said",
                            kind=Claim.Kind.DIRECT),
        "closure": make_claim(article, *span("the closure"), cue="are worried about"),
    }


@pytest.fixture
def editor_auth(editor) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token_create(user=editor, name='Desk', created_by=editor)[1]}"}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [c["id"] for c in response.json()["results"]]


def test_claims_carry_score_type_and_reason(client, claims, editor_auth):
    rows = {c["id"]: c for c in client.get(URL, **editor_auth).json()["results"]}
    figure = rows[claims["figure"].pk]
    assert figure["claim_type"] == "statistic" and figure["worthiness_reason"] == "cites a percentage"
    assert figure["worthiness"] == claims["figure"].worthiness and figure["check_worthy"] is True
    assert rows[claims["delay"].pk]["claim_type"] == "nothing" and rows[claims["delay"].pk]["check_worthy"] is False
    # The article's own page lists them the same way.
    article = client.get(f"/api/v1/articles/{claims['figure'].article_id}/", **editor_auth).json()
    assert {c["id"]: c["claim_type"] for c in article["claims"]}[claims["figure"].pk] == "statistic"


def test_claims_filter_by_type_band_and_worth_checking(client, claims, editor_auth):
    assert set(ids(client.get(URL, {"type": "nothing"}, **editor_auth))) == {claims["delay"].pk, claims["closure"].pk}
    assert ids(client.get(URL, {"check_worthy": "true"}, **editor_auth)) == [claims["figure"].pk]
    assert claims["figure"].pk not in ids(client.get(URL, {"check_worthy": "false"}, **editor_auth))
    assert ids(client.get(URL, {"worthiness": "high"}, **editor_auth)) == [claims["figure"].pk]
    low = ids(client.get(URL, {"worthiness": "low", "type": "nothing"}, **editor_auth))
    assert set(low) == {claims["delay"].pk, claims["closure"].pk}
    Claim.objects.filter(pk=claims["homes"].pk).update(worthiness=None)
    assert ids(client.get(URL, {"worthiness": "none"}, **editor_auth)) == [claims["homes"].pk]
    for bad in ({"type": "rumour"}, {"worthiness": "huge"}, {"check_worthy": "yes"}, {"ordering": "score"}):
        response = client.get(URL, bad, **editor_auth)
        assert response.status_code == 400 and next(iter(bad)) in response.json()


def test_claims_order_by_worthiness_page_by_page(client, claims, editor_auth):
    Claim.objects.filter(pk=claims["homes"].pk).update(worthiness=None)  # not scored: left out
    expected = [c.pk for c in sorted((c for c in claims.values() if c.pk != claims["homes"].pk),
                                     key=lambda c: (-c.worthiness, -c.pk))]
    seen, url, params = [], URL, {"ordering": "-worthiness", "page_size": 1}
    while url:
        response = client.get(url, params, **editor_auth)
        seen += ids(response)
        url, params = response.json()["next"], None
    assert seen == expected
    ascending = ids(client.get(URL, {"ordering": "worthiness"}, **editor_auth))
    assert ascending == list(reversed(expected))


def test_reporters_cannot_list_claims(client, claims, reporter):
    key = token_create(user=reporter, name="CMS", created_by=reporter)[1]
    assert client.get(URL, {"type": "statistic"}, HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_schema_documents_the_fields_and_the_filters(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert {"status", "type", "worthiness", "check_worthy", "ordering"} <= set(parameters)
    assert "nothing" in parameters["type"]["schema"]["enum"]
    assert set(parameters["ordering"]["schema"]["enum"]) == {"-id", "id", "-worthiness", "worthiness"}
    brief = schema["components"]["schemas"]["ClaimBrief"]["properties"]
    assert {"worthiness", "claim_type", "worthiness_reason", "check_worthy"} <= set(brief)
    assert brief["worthiness"].get("nullable") is True
