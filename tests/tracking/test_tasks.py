"""Matching runs as a task of its own, queued on commit once an article's claims are stored:
in-process in the embedded default, through the broker (behind extraction) otherwise, and
taken by a real worker against PostgreSQL."""

from __future__ import annotations

import time

import pytest

from claims.models import Claim, ClaimIndex, ClaimMatch, Statement
from claims.pipeline.services import claims_extract
from claims.tracking.services import MATCH_CLAIMS_TASK, MATCH_FACT_CHECKS_TASK, claims_match_send, fact_checks_match_send
from claims.tracking.tasks import match_claims
from sources.models import Article, Outlet
from sources.services import article_submit
from tests.factories import make_article
from tests.pipeline.test_send_by_name import messages
from tests.workers import start_worker, stop

QUOTE = '"The harbour bridge will reopen to traffic in May next year," Mayor Elena Varga said.'


def two_reports() -> list[Article]:
    outlets = [Outlet.objects.create(name=name, slug=name.lower().replace(" ", "-")) for name in ("Ledger", "Coast Times")]
    return [make_article(body=f"{QUOTE}\n\nReported by the {o.name}.", title=o.name, outlet=o) for o in outlets]


@pytest.mark.django_db
def test_an_articles_claims_are_matched_once_committed(django_capture_on_commit_callbacks):
    first, second = two_reports()
    with django_capture_on_commit_callbacks(execute=True):
        claims_extract(article_id=first.pk)
    assert ClaimIndex.objects.filter(matched_at__isnull=False).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        claims_extract(article_id=second.pk)
    statement = Statement.objects.get()
    assert [c.article for c in statement.claims()] == [first, second]
    assert statement.speaker.name == "Elena Varga"


@pytest.mark.django_db
def test_nothing_is_queued_before_the_claims_are_committed(django_capture_on_commit_callbacks):
    first, _ = two_reports()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        claims_extract(article_id=first.pk)
    assert callbacks and not ClaimIndex.objects.exists()


@pytest.mark.django_db
def test_the_task_is_idempotent():
    first, second = two_reports()
    for article in (first, second):
        claims_extract(article_id=article.pk)
    ids = list(Claim.objects.values_list("pk", flat=True))
    assert match_claims.apply(args=[ids]).get() == {"matched": 2, "linked": 1, "suggested": 0}
    assert match_claims.apply(args=[ids]).get() == {"matched": 0, "linked": 0, "suggested": 0}
    assert ClaimMatch.objects.count() == 2


@pytest.mark.django_db
def test_matching_reaches_the_broker_by_name_behind_extraction(own_broker, settings):
    assert claims_match_send(claim_ids=[3, 4]) is True
    assert fact_checks_match_send(fact_check_ids=[5]) is True
    sent = messages(own_broker.url)
    assert [(m["headers"]["task"], m["headers"]["argsrepr"]) for m in sent] == [
        (MATCH_CLAIMS_TASK, "([3, 4],)"), (MATCH_FACT_CHECKS_TASK, "([5],)")]
    assert {m["properties"]["priority"] for m in sent} == {settings.FACTCHECK_MATCH_PRIORITY}
    assert settings.FACTCHECK_MATCH_PRIORITY > settings.CELERY_TASK_DEFAULT_PRIORITY  # later is lower


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_claims_for_the_backfill(own_broker, caplog):
    own_broker.stop()
    assert claims_match_send(claim_ids=[3]) is False
    assert "left unmatched" in caplog.text


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_extracts_then_matches_two_reports_into_one_statement(postgres, redis_broker, queue):
    worker = start_worker(redis_broker, queue, pool="solo")
    try:
        for name in ("Ledger", "Coast Times"):
            article_submit(title=name, body=f"{QUOTE}\n\nReported by the {name}.")
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and worker.poll() is None:
            if ClaimIndex.objects.filter(matched_at__isnull=False).count() == 2:
                break
            time.sleep(0.3)
    finally:
        output = stop(worker)
    assert ClaimIndex.objects.filter(matched_at__isnull=False).count() == 2, output[-3000:]
    assert Statement.objects.get().claims().count() == 2
