"""A cache outage degrades speed, never correctness: against a redis-server the test
starts on a free port and kills (not a patched method)."""

from __future__ import annotations

import logging
import time

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from factcheck import cache as cache_module
from factcheck.cache import ReusingRedisCache, cache_count, cache_window_hit
from sources.models import Article

BODY = (
    'The mayor said on Monday that "the bridge will reopen in {n} weeks". '
    "According to the transport minister, repairs cost {n} million euros.\n"
)


@pytest.fixture
def own_cache(own_redis):
    backend = ReusingRedisCache(own_redis.url, {})
    yield backend
    backend.close()


def test_with_redis_down_reads_miss_writes_drop_and_counts_go_on_locally(own_redis, own_cache, caplog):
    own_cache.set("page", "kept", 60)
    assert own_cache.get("page") == "kept"
    own_redis.stop()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        assert own_cache.get("page", "missing") == "missing"
        assert own_cache.get_many(["page", "other"]) == {}
        own_cache.set("page", "new", 60)
        own_cache.delete("page")
        assert [cache_count(own_cache, "hits", timeout=60) for _ in range(3)] == [1, 2, 3]
        hits = [cache_window_hit(own_cache, "calls", limit=2, period=60, now=1_000_000.0).allowed for _ in range(3)]
    assert hits == [True, True, False]  # the limit still holds in this process
    assert time.monotonic() - started < 2  # no call hangs on the dead server
    warnings = [r for r in caplog.records if "Redis unavailable" in r.getMessage()]
    assert len(warnings) == 1  # rate-limited: one warning, not one per call
    assert own_cache.is_up() is False


def test_the_cache_is_used_again_once_redis_is_back(own_redis, own_cache, monkeypatch):
    monkeypatch.setattr(cache_module, "DOWN_SECONDS", 0.0)
    own_redis.stop()
    assert own_cache.get("page") is None
    own_redis.start()
    own_cache.set("page", "kept", 60)
    assert own_cache.get("page") == "kept" and own_cache.is_up()


def test_a_hanging_redis_does_not_hang_the_caller(own_cache):
    assert own_cache._cache._pool_options["socket_timeout"] <= 1.0
    assert own_cache._cache._pool_options["socket_connect_timeout"] <= 1.0


@pytest.mark.django_db(transaction=True)
def test_an_outage_mid_burst_loses_no_submission_and_fails_no_article(redis_cache_settings, reporter, settings):
    """60 API submissions, Redis killed after 20 and started again (empty) after 40."""
    settings.FACTCHECK_SUBMIT_RATE = "1000/minute"
    api = APIClient()
    api.force_authenticate(reporter)
    codes, pages, sign_in = [], [], []
    for n in range(60):
        if n == 20:
            redis_cache_settings.stop()
        if n == 40:
            redis_cache_settings.start()
        response = api.post("/api/v1/articles/", {"title": f"Bridge {n}", "body": BODY.format(n=n)}, format="json")
        codes.append(response.status_code)
        if n in (10, 30, 50):
            pages += [api.get("/api/v1/quotes/").status_code, APIClient().get("/quotes/").status_code]
            sign_in.append(APIClient().post("/accounts/login/", {"username": "rita", "password": "pw-rita"}).status_code)
    assert codes == [202] * 60
    assert Article.objects.count() == 60
    statuses = dict.fromkeys(Article.Status.values, 0)
    for status in Article.objects.values_list("status", flat=True):
        statuses[status] += 1
    assert statuses[Article.Status.FAILED] == 0, statuses
    assert pages == [200] * 6 and sign_in == [302] * 3
    assert cache.get("anything") is None  # and the cache answers again


def test_health_reports_a_cache_outage_as_degraded_not_failing(client, db, redis_cache_settings):
    from factcheck import health

    assert client.get("/healthz").json()["checks"]["cache"]["ok"] is True
    redis_cache_settings.stop()
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"
    assert body["checks"]["cache"]["ok"] is False and "down" in body["checks"]["cache"]["detail"]
    assert health  # the module under test


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_with_broker_and_cache_on_a_redis_that_dies_fails_no_article(
    postgres, queue, own_redis, reporter, settings
):
    """Broker and cache both on the test's own Redis, which is killed mid-burst and started
    again empty: every submission is answered and stored, and once the sweeper has sent
    again what the outage lost, every article is extracted and none failed."""
    import datetime as dt

    from django.utils import timezone

    from claims.pipeline.services import articles_requeue_stale
    from tests.workers import start_worker, stop, use_broker

    cache_url = own_redis.url[: -len("/0")] + "/1"  # a db of its own: clearing the cache must not empty the queue
    settings.CACHES = {"default": {"BACKEND": "factcheck.cache.ReusingRedisCache", "LOCATION": cache_url}}
    settings.FACTCHECK_SUBMIT_RATE = "1000/minute"
    use_broker(own_redis.url)
    worker = start_worker(own_redis.url, queue, pool="solo", CACHE_URL=cache_url)
    api = APIClient()
    api.force_authenticate(reporter)
    codes = []
    try:
        for n in range(30):
            if n == 10:
                own_redis.stop()
            if n == 20:
                own_redis.start()
            response = api.post("/api/v1/articles/", {"title": f"Bridge {n}", "body": BODY.format(n=n)}, format="json")
            codes.append(response.status_code)
        assert codes == [202] * 30
        assert Article.objects.count() == 30
        # What the outage lost (sends refused, the restarted Redis empty) the sweeper sends again.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            settled = Article.objects.filter(status__in=[Article.Status.EXTRACTED, Article.Status.FAILED]).count()
            if settled == 30:
                break
            if Article.objects.filter(updated_at__lt=timezone.now() - dt.timedelta(seconds=15)).exclude(
                status__in=[Article.Status.EXTRACTED, Article.Status.FAILED]
            ).exists():
                articles_requeue_stale(now=timezone.now() + dt.timedelta(days=1))
            time.sleep(1)
    finally:
        use_broker(None)
        output = stop(worker)
    statuses = {s: Article.objects.filter(status=s).count() for s in Article.Status.values}
    assert statuses[Article.Status.FAILED] == 0, (statuses, output[-3000:])
    assert statuses[Article.Status.EXTRACTED] == 30, (statuses, output[-3000:])
