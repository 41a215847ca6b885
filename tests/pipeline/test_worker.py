"""The production path: a real Celery worker takes the task from Redis and writes to PostgreSQL."""

from __future__ import annotations

import time

import pytest

from claims.models import Claim
from sources.services import article_submit
from sources.models import Article
from tests.workers import start_worker, stop

BODY = (
    "Harbor Authority chief executive Daniel Okafor said the pier would close for repairs.\n\n"
    "“We would rather lose one summer than risk a single injury,” Okafor said."
)


@pytest.fixture
def worker(postgres, redis_broker, queue):
    process = start_worker(redis_broker, queue, pool="solo")
    yield process
    print(stop(process)[-4000:])


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


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_stores_each_claims_check_worthiness_in_postgresql(worker):
    from claims.checkworthiness import score

    body = (
        "Harbor Authority chief executive Daniel Okafor said the repairs would cost about 4.2 million dollars.\n\n"
        "Fishermen were critical of the delay."
    )
    result = article_submit(title="Pier repairs", body=body)
    deadline = time.monotonic() + 120
    status = None
    while time.monotonic() < deadline:
        status = Article.objects.filter(pk=result.article.pk).values_list("status", flat=True).get()
        if status in (Article.Status.EXTRACTED, Article.Status.FAILED) or worker.poll() is not None:
            break
        time.sleep(0.5)
    assert status == Article.Status.EXTRACTED, f"article ended {status}; worker exit {worker.poll()}"
    claims = {c.text: c for c in Claim.objects.filter(article=result.article)}
    figure = claims["the repairs would cost about 4.2 million dollars"]
    assert (figure.claim_type, figure.worthiness_reason, figure.check_worthy) == ("statistic", "cites a figure", True)
    assert figure.worthiness == score(figure.text, kind=figure.kind, cue_lemma=figure.cue, speaker_known=True).score
    delay = claims["the delay"]
    assert delay.claim_type == "nothing" and not delay.check_worthy
    # The queue's order, from the database: the figure first.
    assert list(Claim.objects.filter(article=result.article).order_by("worth", "confidence"))[0] == figure
