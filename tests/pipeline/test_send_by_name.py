"""The extraction is sent by task name (sources.services cannot import claims): eagerly in
the embedded default, through a real broker otherwise, with the same priorities."""

from __future__ import annotations

import json

import pytest
import redis

from claims.models import Claim
from factcheck.celery import app as celery_app
from factcheck.celery import task_send
from sources.models import Article
from sources.services import EXTRACT_TASK, article_send, article_submit
from tests.factories import make_article
from tests.workers import start_worker, stop, wait_status

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'




def messages(url: str) -> list[dict]:
    """Every message waiting in the broker, oldest first per list."""
    client = redis.Redis.from_url(url)
    try:
        return [json.loads(raw) for key in client.scan_iter("*") if client.type(key) == b"list"
                for raw in reversed(client.lrange(key, 0, -1))]
    finally:
        client.close()


@pytest.mark.django_db
def test_a_task_sent_by_name_runs_in_process_in_eager_mode():
    assert celery_app.conf.task_always_eager  # the embedded default the suite runs with
    article = make_article(body=BODY)
    result = task_send(EXTRACT_TASK, article.pk)
    assert result.get()["status"] == Article.Status.EXTRACTED
    assert Claim.objects.filter(article=article).count() == 2


@pytest.mark.django_db
def test_a_submitted_article_is_extracted_at_commit_in_eager_mode(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_submit(title="Budget", body=BODY)
    assert Article.objects.get(pk=result.article.pk).status == Article.Status.EXTRACTED


@pytest.mark.django_db
def test_sends_reach_the_broker_by_name_with_the_recovery_priority_for_urgent_ones(own_broker, settings):
    article = make_article(body=BODY, status=Article.Status.QUEUED)
    assert article_send(article_id=article.pk) is True
    assert article_send(article_id=article.pk, urgent=True) is True
    sent = messages(own_broker.url)
    assert [m["headers"]["task"] for m in sent] == [EXTRACT_TASK, EXTRACT_TASK]
    priorities = sorted(m["properties"]["priority"] for m in sent)
    assert priorities == sorted([settings.FACTCHECK_RECOVERY_PRIORITY, settings.CELERY_TASK_DEFAULT_PRIORITY])


def test_a_task_this_process_does_not_know_goes_to_the_broker_by_name(own_broker):
    task_send("elsewhere.only_task", 7)
    [message] = messages(own_broker.url)
    assert message["headers"]["task"] == "elsewhere.only_task" and message["headers"]["argsrepr"] == "(7,)"


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_extraction_sent_by_name(postgres, redis_broker, queue):
    worker = start_worker(redis_broker, queue, pool="solo")
    try:
        article = make_article(body=BODY, status=Article.Status.QUEUED)
        assert article_send(article_id=article.pk, urgent=True)
        status = wait_status(article.pk, {Article.Status.EXTRACTED, Article.Status.FAILED})
    finally:
        output = stop(worker)
    assert status == Article.Status.EXTRACTED, output[-3000:]
    assert Claim.objects.filter(article=article).count() == 2
