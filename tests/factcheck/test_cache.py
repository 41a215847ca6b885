"""The Redis cache backend that reuses its clients, against the real Redis."""

import os

import pytest

from factcheck.cache import ReusingRedisCache


@pytest.fixture
def redis_cache(redis_broker):
    url = os.environ.get("CACHE_URL") or redis_broker.rsplit("/", 1)[0] + "/12"
    cache = ReusingRedisCache(url, {"KEY_PREFIX": "factcheck-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_values_round_trip_and_go_on_delete(redis_cache):
    redis_cache.set("page", {"results": [1, 2]}, 30)
    assert redis_cache.get("page") == {"results": [1, 2]}
    assert redis_cache.add("count", 1) and redis_cache.incr("count") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_client_serves_every_call(redis_cache):
    redis_cache.set("a", 1)
    first = redis_cache._cache.get_client(write=True)
    redis_cache.get("a")
    assert redis_cache._cache.get_client(write=True) is first


def test_counts_take_one_round_trip_and_keep_the_first_expiry(redis_cache):
    from factcheck.cache import cache_count

    assert [cache_count(redis_cache, "hits", timeout=60) for _ in range(3)] == [1, 2, 3]
    client = redis_cache._cache.get_client(write=True)
    key = redis_cache.make_and_validate_key("hits")
    assert 0 < client.ttl(key) <= 60
    client.expire(key, 5)
    cache_count(redis_cache, "hits", timeout=60)
    assert client.ttl(key) <= 5  # a later count does not push the window's end back
    assert redis_cache.get("hits") == 4  # readable through the cache as usual


def test_two_processes_caches_share_one_sliding_window(own_redis):
    """Each gunicorn worker has its own backend object; the counts are Redis's, not theirs."""
    from factcheck.cache import cache_window_hit

    first, second = ReusingRedisCache(own_redis.url, {}), ReusingRedisCache(own_redis.url, {})
    now = 1_000_000.0
    allowed = [cache_window_hit(c, "caller", limit=4, period=60, now=now).allowed for c in (first, second) * 3]
    assert allowed == [True, True, True, True, False, False]
