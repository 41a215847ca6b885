"""/healthz: database, broker and workers reported separately, with 200 or 503."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import WorkerHeartbeat
from factcheck import health
from factcheck.celery import app as celery_app
from tests.workers import start_worker, stop, use_broker


@pytest.fixture
def with_broker(redis_broker):
    """Tasks go to a broker (not in-process); the broker probe starts fresh."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    health._broker_probe.update(at=0.0, url=None, result=None)
    yield redis_broker
    celery_app.conf.task_always_eager = before
    health._broker_probe.update(at=0.0, url=None, result=None)


@pytest.mark.django_db
def test_embedded_setup_is_healthy_without_broker_or_workers(client):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and "in-process" in body["checks"]["broker"]["detail"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_health_is_cheap_to_poll(client):
    client.get("/healthz")
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")
    assert len(queries) <= 2


@pytest.mark.django_db
def test_database_failure_is_reported_as_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("could not connect")

    monkeypatch.setattr(health.connection, "cursor", broken)
    response = client.get("/healthz")
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["database"] == {"ok": False, "detail": "RuntimeError (details in the server log)"}
    assert checks["workers"]["ok"] is False


@pytest.mark.django_db
def test_broker_down_and_workers_silent_are_each_named(client, with_broker):
    use_broker("redis://127.0.0.1:9/0")
    try:
        response = client.get("/healthz")
    finally:
        use_broker(None)
    checks = response.json()["checks"]
    assert response.status_code == 503
    assert checks["database"]["ok"] and not checks["broker"]["ok"] and not checks["workers"]["ok"], checks
    assert "no worker heartbeat" in checks["workers"]["detail"]


@pytest.mark.django_db
def test_a_fresh_heartbeat_counts_and_a_stale_one_does_not(client, with_broker, settings):
    settings.FACTCHECK_HEARTBEAT_SECONDS = 10
    WorkerHeartbeat.objects.create(name="old@host", seen_at=timezone.now() - dt.timedelta(seconds=31))
    assert client.get("/healthz").status_code == 503
    WorkerHeartbeat.objects.create(name="new@host", seen_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["checks"]["workers"] == {"ok": True, "workers": 1}


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_shows_up_and_leaves(client, postgres, with_broker, settings):
    worker = start_worker(with_broker, "health-probe", pool="solo")
    try:
        deadline = time.monotonic() + 60
        response = client.get("/healthz")
        while response.status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.3)
            response = client.get("/healthz")
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["workers"]["workers"] >= 1
    finally:
        output = stop(worker)
    assert not WorkerHeartbeat.objects.filter(name__startswith="health-probe@").exists(), output[-2000:]


@pytest.mark.django_db
def test_head_probes_get_the_status_without_a_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""
