"""Delivery against real receivers on loopback (pytest-httpserver): signed the Standard
Webhooks way, retried on timeouts, 5xx, 408, 429 and lost connections with the same
webhook-id, failed at once on other 4xx and 3xx, dead after the retry window."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from standardwebhooks import Webhook
from werkzeug import Response

from claims.review.services import claim_verify
from claims.webhooks import sending
from claims.webhooks.models import Delivery, DeliveryAttempt
from claims.webhooks.services import deliveries_sweep, delivery_attempt, delivery_resend
from tests.redis_server import free_port
from tests.webhooks.conftest import endpoint_for

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


class Receiver:
    """Answers each POST with the next of `answers` (a status, or ("sleep", seconds)), and
    keeps what it was sent."""

    def __init__(self, httpserver, answers):
        self.answers = list(answers)
        self.requests: list[tuple[dict, str]] = []
        httpserver.expect_request("/hook", method="POST").respond_with_handler(self)
        self.url = httpserver.url_for("/hook")

    def __call__(self, request):
        self.requests.append((dict(request.headers), request.get_data(as_text=True)))
        answer = self.answers.pop(0) if self.answers else 200
        if isinstance(answer, tuple) and answer[0] == "sleep":
            time.sleep(answer[1])
            return Response("late", status=200)
        if isinstance(answer, tuple):
            status, headers = answer
            return Response("", status=status, headers=headers)
        return Response("ok" if answer < 300 else "no", status=answer)


def verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks) -> Delivery:
    endpoint_for(outsider, receiver.url, ["quote.verified"], secret=SECRET)
    with django_capture_on_commit_callbacks(execute=True):
        claim_verify(claim=claim, user=editor)
    return Delivery.objects.get()


def make_due(delivery: Delivery) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())


@pytest.mark.django_db
def test_a_change_is_delivered_once_committed_signed_so_standardwebhooks_verifies_it(
    claim, editor, outsider, httpserver, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [200])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)
    assert delivery.delivered_at is not None and delivery.next_attempt_at is None
    [(headers, body)] = receiver.requests
    assert headers["Webhook-Id"] == delivery.message_id
    assert headers["Content-Type"] == "application/json"
    payload = Webhook(SECRET).verify(body, headers)
    assert payload["type"] == "quote.verified" and payload["data"]["quote"]["id"] == claim.pk
    with pytest.raises(Exception):
        Webhook(SECRET).verify(body.replace("verified", "rejected"), headers)
    with pytest.raises(Exception):
        Webhook("whsec_" + base64.b64encode(b"another secret of 24 b!!").decode()).verify(body, headers)
    attempt = DeliveryAttempt.objects.get()
    assert (attempt.number, attempt.response_code, attempt.outcome) == (1, 200, "delivered")


def plain_hmac_verify(secret: str, headers: dict, body: str) -> bool:
    """The README's verification without the package: HMAC-SHA256 of id.timestamp.body."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(expected, s.split(",", 1)[1]) for s in headers["webhook-signature"].split())


@pytest.mark.django_db
def test_the_signature_verifies_with_plain_hmac_as_the_readme_shows(
    claim, editor, outsider, httpserver, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [200])
    verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    [(headers, body)] = receiver.requests
    headers = {k.lower(): v for k, v in headers.items()}
    assert plain_hmac_verify(SECRET, headers, body)
    assert not plain_hmac_verify(SECRET, headers, body + " ")
    assert abs(int(headers["webhook-timestamp"]) - time.time()) < 60


@pytest.mark.django_db
def test_a_5xx_is_retried_later_with_the_same_webhook_id_then_delivered(
    claim, editor, outsider, httpserver, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [500, 503, 200])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == ("pending", 1, 500, "HTTP 500")
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 1 < wait <= 5.5  # the first wait: 5 s jittered to 2.5-5 s
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"  # not due yet
    make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == "retry"
    second_wait = (Delivery.objects.get().next_attempt_at - timezone.now()).total_seconds()
    assert 4 < second_wait <= 10.5  # doubled
    make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == "delivered"
    ids = {headers["Webhook-Id"] for headers, _ in receiver.requests}
    bodies = {body for _, body in receiver.requests}
    assert len(receiver.requests) == 3 and ids == {delivery.message_id} and len(bodies) == 1
    assert list(DeliveryAttempt.objects.values_list("number", "response_code", "outcome")) == [
        (1, 500, "retry"), (2, 503, "retry"), (3, 200, "delivered")]
    assert delivery_attempt(delivery_id=delivery.pk) == "skipped"  # a duplicate task: nothing sent
    assert len(receiver.requests) == 3


@pytest.mark.django_db
def test_a_receiver_that_times_out_is_retried(claim, editor, outsider, httpserver, settings,
                                              django_capture_on_commit_callbacks):
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 0.5
    receiver = Receiver(httpserver, [("sleep", 1.5), 200])
    started = time.monotonic()
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert time.monotonic() - started < 1.4  # it did not wait for the answer
    assert (delivery.status, delivery.response_code) == ("pending", None)
    assert delivery.error == "timed out after 0.5 s"
    time.sleep(1.1)  # the single-threaded receiver finishes its sleep
    make_due(delivery)
    assert delivery_attempt(delivery_id=delivery.pk) == "delivered"


@pytest.mark.django_db
def test_a_receiver_that_is_down_is_retried(claim, editor, outsider, django_capture_on_commit_callbacks):
    endpoint_for(outsider, f"http://127.0.0.1:{free_port()}/hook", ["quote.verified"])
    with django_capture_on_commit_callbacks(execute=True):
        claim_verify(claim=claim, user=editor)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and "Connection" in delivery.error and delivery.response_code is None


@pytest.mark.django_db
@pytest.mark.parametrize("status", [400, 401, 404, 410, 301])
def test_other_4xx_and_redirects_fail_at_once(claim, editor, outsider, httpserver, status,
                                              django_capture_on_commit_callbacks):
    answer = (status, {"Location": "http://127.0.0.1:1/elsewhere"}) if status == 301 else status
    receiver = Receiver(httpserver, [answer])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.response_code, delivery.next_attempt_at) == ("failed", status, None)
    assert deliveries_sweep() == []  # never sent again by itself
    assert len(receiver.requests) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("status", [408, 429, 502])
def test_408_429_and_5xx_are_retried(claim, editor, outsider, httpserver, status, django_capture_on_commit_callbacks):
    receiver = Receiver(httpserver, [status])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert (delivery.status, delivery.response_code) == ("pending", status)


@pytest.mark.django_db
def test_retry_after_of_a_429_is_honoured(claim, editor, outsider, httpserver, django_capture_on_commit_callbacks):
    receiver = Receiver(httpserver, [(429, {"Retry-After": "120"})])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    assert (delivery.next_attempt_at - timezone.now()).total_seconds() > 115


@pytest.mark.django_db
def test_a_delivery_still_failing_after_its_retry_window_is_dead_and_an_editor_sends_it_again(
    claim, editor, outsider, httpserver, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [500, 500, 200])
    delivery = verified_and_delivered(claim, editor, outsider, receiver, django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now(), retry_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert delivery_attempt(delivery_id=delivery.pk) == "dead"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_attempt_at, delivery.attempts) == ("dead", None, 2)
    assert deliveries_sweep() == []
    with pytest.raises(Exception):
        delivery_resend(delivery=delivery, user=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        delivery = delivery_resend(delivery=delivery, user=editor)
    delivery.refresh_from_db()  # sent at once (eager), with a new retry window
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert delivery.retry_until > timezone.now() + dt.timedelta(hours=23)
    assert [h["Webhook-Id"] for h, _ in receiver.requests] == [delivery.message_id] * 3


def test_the_backoff_doubles_with_jitter_and_keeps_retrying_for_a_day():
    rng = random.Random(7)
    delays = [sending.retry_delay(n, first=5, cap=3600, rng=rng) for n in range(1, 40)]
    for n, delay in enumerate(delays, start=1):
        base = min(3600, 5 * 2 ** (n - 1))
        assert base / 2 <= delay <= base
    assert delays[0] <= 5 and delays[-1] > 1800
    # Attempts until the 24-hour window closes: the last one is after it, so the delivery
    # was tried for at least a day before it is dead.
    elapsed, attempts = 0.0, 1
    while elapsed < 24 * 3600:
        elapsed += sending.retry_delay(attempts, first=5, cap=3600, rng=rng)
        attempts += 1
    assert 25 < attempts < 60


@pytest.mark.django_db
def test_an_endpoint_on_a_private_address_is_refused_when_sent(
    claim, editor, outsider, httpserver, settings, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [200])
    endpoint_for(outsider, receiver.url, ["quote.verified"])  # registered while allowed
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        claim_verify(claim=claim, user=editor)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed" and "private, loopback or reserved" in delivery.error
    assert receiver.requests == []


@pytest.mark.django_db
def test_an_inactive_endpoint_is_sent_nothing(claim, editor, outsider, httpserver, django_capture_on_commit_callbacks):
    receiver = Receiver(httpserver, [200])
    endpoint = endpoint_for(outsider, receiver.url, ["quote.verified"])
    with django_capture_on_commit_callbacks(execute=False):  # committed, not yet sent
        claim_verify(claim=claim, user=editor)
    endpoint.active = False
    endpoint.save()
    assert delivery_attempt(delivery_id=Delivery.objects.get().pk) == "failed"
    assert receiver.requests == []


@pytest.mark.django_db
def test_the_sweep_delivers_what_was_never_sent_and_what_a_dead_worker_held(
    claim, editor, outsider, httpserver, django_capture_on_commit_callbacks
):
    receiver = Receiver(httpserver, [200, 200])
    endpoint_for(outsider, receiver.url, ["quote.verified", "quote.withdrawn"])
    with django_capture_on_commit_callbacks(execute=False):  # the on-commit send never happened
        claim = claim_verify(claim=claim, user=editor)
    with django_capture_on_commit_callbacks(execute=False):
        claim_verify(claim=claim, user=editor)  # nothing new
        from claims.review.services import claim_reopen
        claim_reopen(claim=claim, user=editor)
    never_sent, held = Delivery.objects.order_by("id")
    # The second was taken by a worker that died: its lease ran out.
    Delivery.objects.filter(pk=held.pk).update(
        status="sending", attempts=1, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    call_command("deliver_webhooks", stdout=open("/dev/null", "w"))
    assert set(Delivery.objects.values_list("status", flat=True)) == {"delivered"}
    assert [json.loads(body)["type"] for _, body in receiver.requests] == ["quote.verified", "quote.withdrawn"]
    assert Delivery.objects.get(pk=held.pk).attempts == 2


@pytest.mark.django_db
def test_the_sweep_leaves_queued_and_not_yet_due_deliveries_alone(claim, editor, outsider):
    endpoint_for(outsider, "http://127.0.0.1:9/hook", ["quote.verified"])
    claim_verify(claim=claim, user=editor)
    delivery = Delivery.objects.get()
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=now)
    assert deliveries_sweep(now=now) == []  # its task is on the way
    assert deliveries_sweep(now=now + dt.timedelta(seconds=61)) == [delivery.pk]  # the message was lost
    Delivery.objects.filter(pk=delivery.pk).update(queued_at=None, next_attempt_at=now + dt.timedelta(hours=1))
    assert deliveries_sweep(now=now) == []  # a retry not due yet


@pytest.fixture
def self_signed_receiver(tmp_path):
    """An https receiver on loopback whose certificate no authority signed."""
    import ssl
    import subprocess

    from pytest_httpserver import HTTPServer

    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(host="127.0.0.1", port=free_port(), ssl_context=context)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.mark.django_db
def test_an_https_receiver_must_show_a_certificate_an_authority_signed(
    claim, editor, outsider, self_signed_receiver, django_capture_on_commit_callbacks
):
    receiver = Receiver(self_signed_receiver, [200])
    assert receiver.url.startswith("https://")
    endpoint_for(outsider, receiver.url, ["quote.verified"])
    with django_capture_on_commit_callbacks(execute=True):
        claim_verify(claim=claim, user=editor)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and "CERTIFICATE_VERIFY_FAILED" in delivery.error
    assert receiver.requests == []
