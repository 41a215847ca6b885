"""Django's Redis cache, reusing its client objects.

The stock backend builds a new redis.Redis client (and its table of ~800 response
callbacks) for every cache call; a throttled API request makes several. The clients are
thread-safe and share the same connection pools, so one per pool is enough.
"""

from __future__ import annotations

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


def cache_count(cache: BaseCache, key: str, *, timeout: float | None) -> int:
    """Add one to a counter in the cache and return it, created at 1 when missing.

    On our Redis backend it is one round trip (INCR, and EXPIRE only where no expiry is
    set). Elsewhere, add then incr; a counter that lapses between the two starts again.
    (Django's Redis incr alone costs two round trips: it checks the key exists first.)"""
    count_in_window = getattr(cache, "count_in_window", None)  # through the cache proxy too
    if count_in_window is not None:
        return count_in_window(key, timeout=timeout)
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=timeout)
        return 1


class ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = super().get_client(key, write=write)
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusedClients

    def count_in_window(self, key: str, *, timeout: float | None) -> int:
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.incr(key)
        if timeout is not None:
            pipe.expire(key, max(1, int(timeout)), nx=True)  # the first count sets the window's end
        return int(pipe.execute()[0])
