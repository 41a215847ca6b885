"""Webhooks in the admin, through real requests: editors register endpoints and see the
secret once, see every delivery with its attempts, and send one again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.review.services import claim_verify
from claims.webhooks.models import Delivery, Endpoint
from tests.webhooks.conftest import endpoint_for


@pytest.mark.django_db
def test_an_editor_registers_an_endpoint_and_is_shown_the_secret_once(client, editor):
    client.force_login(editor)
    answer = client.post(reverse("admin:claims_endpoint_add"), {
        "url": "http://127.0.0.1:9/hook", "description": "Desk bot", "events": ["quote.verified", "verdict.changed"],
    }, follow=True)
    assert answer.status_code == 200
    endpoint = Endpoint.objects.get()
    assert (endpoint.owner, endpoint.events) == (editor, ["quote.verified", "verdict.changed"])
    shown = [str(m) for m in answer.context["messages"]]
    assert any(endpoint.secret in m and "not shown again" in m for m in shown)
    page = client.get(reverse("admin:claims_endpoint_change", args=[endpoint.pk]))
    assert page.status_code == 200 and endpoint.secret not in page.content.decode()


@pytest.mark.django_db
def test_a_bad_url_is_refused_on_the_form(client, editor, settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    client.force_login(editor)
    for url in ("https://u:p@hooks.example.com/", "http://127.0.0.1:9/hook"):
        answer = client.post(reverse("admin:claims_endpoint_add"), {"url": url, "events": ["quote.verified"]})
        assert answer.status_code == 200 and answer.context["adminform"].form.errors["url"]
    assert not Endpoint.objects.exists()


@pytest.mark.django_db
def test_editors_see_every_delivery_and_send_one_again(client, editor, outsider, claim, monkeypatch,
                                                       django_capture_on_commit_callbacks):
    endpoint_for(outsider, "http://127.0.0.1:9/hook", ["quote.verified"])
    claim_verify(claim=claim, user=editor)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status="dead", next_attempt_at=None)
    client.force_login(editor)
    listing = client.get(reverse("admin:claims_delivery_changelist"))
    assert listing.status_code == 200 and delivery.message_id in listing.content.decode()
    page = client.get(reverse("admin:claims_delivery_change", args=[delivery.pk]))
    assert page.status_code == 200 and "quote.verified" in page.content.decode()
    sent = []  # queued on commit: recorded here rather than sent to the closed port
    monkeypatch.setattr("claims.webhooks.services.deliveries_send", lambda **kw: sent.append(kw["delivery_ids"]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:claims_delivery_changelist"),
                    {"action": "send_again", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == "pending" and sent == [[delivery.pk]]


@pytest.mark.django_db
def test_reporters_and_outsiders_see_no_webhooks_in_the_admin(client, reporter, outsider):
    for user in (reporter, outsider):
        client.force_login(user)
        for name in ("admin:claims_endpoint_changelist", "admin:claims_delivery_changelist"):
            assert client.get(reverse(name)).status_code in (302, 403)
