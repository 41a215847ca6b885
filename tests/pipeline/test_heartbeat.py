"""Heartbeat rows are written and removed by the pipeline's service; the worker's identity
stays in factcheck (it is plain Celery, known before Django is set up)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from celery.signals import worker_ready, worker_shutdown
from django.utils import timezone

from claims.models import WorkerHeartbeat
from claims.pipeline import heartbeat
from claims.pipeline.heartbeat import worker_heartbeat_beat, worker_heartbeat_remove, workers_alive
from factcheck import health
from factcheck.celery import app as celery_app


@pytest.mark.django_db
def test_a_beat_writes_or_refreshes_one_row_and_remove_drops_it():
    worker_heartbeat_beat(name="w@host#1")
    first = WorkerHeartbeat.objects.get(name="w@host#1").seen_at
    worker_heartbeat_beat(name="w@host#1")
    assert WorkerHeartbeat.objects.get(name="w@host#1").seen_at >= first
    worker_heartbeat_remove(name="w@host#1")
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_workers_alive_counts_only_recent_heartbeats():
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="old#1", seen_at=now - dt.timedelta(minutes=5))
    WorkerHeartbeat.objects.create(name="new#2", seen_at=now)
    assert workers_alive(since=now - dt.timedelta(minutes=1)) == 1


def test_the_claims_app_connects_the_heartbeat_to_the_workers_start_and_stop():
    assert heartbeat.start in [ref() for _, ref in worker_ready.receivers]
    assert heartbeat.stop in [ref() for _, ref in worker_shutdown.receivers]


@pytest.mark.django_db
def test_a_worker_stopping_removes_its_row():
    WorkerHeartbeat.objects.create(name="w@host", seen_at=timezone.now())
    heartbeat.stop(sender=SimpleNamespace(hostname="w@host"))  # no identity outside a worker: the hostname
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_the_health_check_counts_workers_through_the_service(monkeypatch):
    monkeypatch.setattr(heartbeat, "workers_alive", lambda since: 3)
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # workers are needed only when tasks leave the process
    try:
        assert health.check_workers() == {"ok": True, "workers": 3}
    finally:
        celery_app.conf.task_always_eager = before
