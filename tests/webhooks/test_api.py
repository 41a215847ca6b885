"""POST /api/v1/webhooks/ and its neighbours, with API tokens: each consumer registers, lists,
reads and deletes only their own endpoints and lists their own deliveries."""

from __future__ import annotations

import pytest

from claims.api.services import token_create
from claims.review.services import claim_verify
from claims.webhooks.models import Delivery, Endpoint
from tests.factories import make_speaker
from tests.webhooks.conftest import endpoint_for

URL = "http://127.0.0.1:9/hook"


def auth(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {token_create(user=user, name='hooks', created_by=user)[1]}"}


def register(client, user, **body):
    body.setdefault("url", URL)
    body.setdefault("events", ["quote.verified"])
    return client.post("/api/v1/webhooks/", body, content_type="application/json", **auth(user))


@pytest.mark.django_db
def test_a_consumer_registers_an_endpoint_and_sees_its_secret_once(client, outsider):
    created = register(client, outsider, events=["quote.verified", "verdict.published"], description="CMS")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 30
    endpoint = Endpoint.objects.get()
    assert (endpoint.owner, endpoint.url, endpoint.events, endpoint.secret) == (
        outsider, URL, ["quote.verified", "verdict.published"], body["secret"])
    assert created["Location"].endswith(f"/api/v1/webhooks/{endpoint.pk}/")
    listed = client.get("/api/v1/webhooks/", **auth(outsider)).json()
    assert [e["id"] for e in listed["results"]] == [endpoint.pk]
    detail = client.get(f"/api/v1/webhooks/{endpoint.pk}/", **auth(outsider)).json()
    assert "secret" not in listed["results"][0] and "secret" not in detail
    assert body["secret"] not in str(listed) + str(detail)


@pytest.mark.django_db
def test_consumers_see_and_delete_only_their_own_endpoints_and_deliveries(client, outsider, editor, reporter, claim):
    mine = endpoint_for(outsider, URL, ["quote.verified"])
    theirs = endpoint_for(reporter, URL + "2", ["quote.verified"])
    claim_verify(claim=claim, user=editor)
    assert Delivery.objects.count() == 2
    assert [e["id"] for e in client.get("/api/v1/webhooks/", **auth(outsider)).json()["results"]] == [mine.pk]
    assert client.get(f"/api/v1/webhooks/{theirs.pk}/", **auth(outsider)).status_code == 404
    assert client.delete(f"/api/v1/webhooks/{theirs.pk}/", **auth(outsider)).status_code == 404
    assert client.get(f"/api/v1/webhooks/{theirs.pk}/deliveries/", **auth(outsider)).status_code == 404
    deliveries = client.get("/api/v1/webhooks/deliveries/", **auth(outsider)).json()["results"]
    assert [(d["endpoint"], d["event_type"], d["status"]) for d in deliveries] == [(mine.pk, "quote.verified", "pending")]
    assert deliveries[0]["webhook_id"] == Delivery.objects.get(endpoint=mine).message_id
    assert deliveries[0]["data"]["quote"]["id"] == claim.pk
    one = client.get(f"/api/v1/webhooks/{mine.pk}/deliveries/", **auth(outsider)).json()["results"]
    assert [d["id"] for d in one] == [d["id"] for d in deliveries]
    assert client.delete(f"/api/v1/webhooks/{mine.pk}/", **auth(outsider)).status_code == 204
    assert list(Endpoint.objects.all()) == [theirs] and Delivery.objects.count() == 1


@pytest.mark.django_db
def test_webhooks_need_an_account(client):
    assert client.get("/api/v1/webhooks/").status_code in (401, 403)
    assert client.post("/api/v1/webhooks/", {"url": URL, "events": ["quote.verified"]},
                       content_type="application/json").status_code in (401, 403)
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "field"), [
    ({"url": "https://user:secret@hooks.example.com/in"}, "url"),
    ({"url": "ftp://hooks.example.com/in"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"events": []}, "events"),
    ({"events": ["quote.deleted"]}, "events"),
    ({"events": ["speaker.quoted"], "speakers": [1]}, "events"),  # editors only
    ({"events": ["quote.verified"], "speakers": ["x"]}, "speakers"),
    ({"description": "x" * 201}, "description"),
])
def test_bad_registrations_are_refused_naming_the_field(client, outsider, body, field):
    make_speaker()
    answer = register(client, outsider, **body)
    assert answer.status_code == 400, answer.content
    assert field in str(answer.json())
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_private_addresses_are_refused_unless_allowed(client, outsider, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:8000/in", "http://10.0.0.5/in", "http://[::1]/in", "http://localhost/in"):
        answer = register(client, outsider, url=url)
        assert answer.status_code == 400 and "private, loopback or reserved" in str(answer.json()), url
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_editors_watch_speakers(client, editor):
    varga = make_speaker()
    answer = register(client, editor, events=["speaker.quoted", "claim.matched_factcheck"], speakers=[varga.pk])
    assert answer.status_code == 201, answer.content
    assert answer.json()["speakers"] == [varga.pk]
    assert register(client, editor, events=["speaker.quoted"], speakers=[]).status_code == 400
    assert register(client, editor, events=["speaker.quoted"], speakers=[varga.pk + 100]).status_code == 400


@pytest.mark.django_db
def test_an_account_has_at_most_twenty_endpoints(client, outsider):
    for n in range(20):
        endpoint_for(outsider, f"{URL}{n}", ["quote.verified"])
    answer = register(client, outsider)
    assert answer.status_code == 400 and "At most 20" in str(answer.json())
