"""The production path: a real Celery worker takes the task from Redis and writes to PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim
from claims.services import article_submit
from factcheck.celery import app as celery_app
from sources.models import Article

ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "Harbor Authority chief executive Daniel Okafor said the pier would close for repairs.\n\n"
    "“We would rather lose one summer than risk a single injury,” Okafor said."
)


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def worker(postgres, redis_broker):
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = {**os.environ, "DATABASE_URL": _database_url(), "CELERY_BROKER_URL": redis_broker,
           "FACTCHECK_CELERY_QUEUE": queue}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool=solo", "--loglevel=INFO",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield process
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before
        process.terminate()
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output[-4000:])


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_extracts_a_submitted_article_into_postgresql(worker):
    result = article_submit(title="Pier closes", body=BODY)
    assert result.created
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        status = Article.objects.filter(pk=result.article.pk).values_list("status", flat=True).get()
        if status in (Article.Status.EXTRACTED, Article.Status.FAILED) or worker.poll() is not None:
            break
        time.sleep(0.5)
    assert status == Article.Status.EXTRACTED, f"article ended {status}; worker exit {worker.poll()}"
    claims = list(Claim.objects.filter(article=result.article).order_by("start"))
    assert [(c.speaker.name, c.kind) for c in claims] == [("Daniel Okafor", "indirect"), ("Daniel Okafor", "direct")]
    assert claims[1].attribution == "Okafor"
