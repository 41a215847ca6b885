"""Webhooks with PostgreSQL, a Redis broker and a real Celery worker: a change made while the
broker is down is delivered once it is back (the outbox and the sweep), and a receiver's
failure is retried by the worker with the same webhook-id."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from claims.models import WorkerHeartbeat
from claims.review.services import claim_verify
from claims.webhooks.models import Delivery
from claims.webhooks.services import deliveries_sweep
from tests.redis_server import RedisServer
from tests.webhooks.conftest import endpoint_for
from tests.workers import start_worker, stop, use_broker


def wait_delivered(timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    statuses: list[str] = []
    while time.monotonic() < deadline:
        statuses = list(Delivery.objects.values_list("status", flat=True))
        if statuses and all(s in ("delivered", "failed", "dead") for s in statuses):
            break
        time.sleep(0.1)
    return statuses


def wait_worker(timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.exists(), "the worker never came up"


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_change_made_while_the_broker_is_down_is_delivered_by_the_worker_once_it_is_back(
    postgres, redis_broker, queue, claim, editor, outsider, httpserver
):
    received = []
    httpserver.expect_request("/hook", method="POST").respond_with_handler(
        lambda request: received.append(request.headers["webhook-id"]) or Response("ok")
    )
    endpoint_for(outsider, httpserver.url_for("/hook"), ["quote.verified"])
    broker = RedisServer().start()
    use_broker(broker.url)
    worker = start_worker(broker.url, queue, pool="solo", FACTCHECK_FETCH_ALLOW_PRIVATE="1")
    output = ""
    try:
        wait_worker()
        broker.stop()
        started = time.monotonic()
        claim_verify(claim=claim, user=editor)  # commits; the on-commit send finds no broker
        assert time.monotonic() - started < 10
        delivery = Delivery.objects.get()
        assert (delivery.status, delivery.queued_at, delivery.attempts) == ("pending", None, 0)
        assert received == []
        broker.start()
        assert deliveries_sweep() == [delivery.pk]  # as beat runs it
        statuses = wait_delivered()
    finally:
        use_broker(None)
        output = stop(worker)
        broker.stop()
    assert statuses == ["delivered"], output[-3000:]
    assert received == [delivery.message_id]


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_retries_a_failing_receiver_with_the_same_webhook_id(
    postgres, redis_broker, queue, claim, editor, outsider, httpserver
):
    received = []
    answers = [500, 503, 200]

    def answer(request):
        received.append(request.headers["webhook-id"])
        return Response("", status=answers.pop(0) if answers else 200)

    httpserver.expect_request("/hook", method="POST").respond_with_handler(answer)
    endpoint_for(outsider, httpserver.url_for("/hook"), ["quote.verified"])
    worker = start_worker(redis_broker, queue, pool="solo", FACTCHECK_FETCH_ALLOW_PRIVATE="1",
                          FACTCHECK_WEBHOOK_RETRY_FIRST="0.5")
    try:
        wait_worker()
        claim_verify(claim=claim, user=editor)
        statuses = wait_delivered()
    finally:
        output = stop(worker)
    assert statuses == ["delivered"], output[-3000:]
    delivery = Delivery.objects.get()
    assert delivery.attempts == 3 and received == [delivery.message_id] * 3
