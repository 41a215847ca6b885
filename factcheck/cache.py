"""Django's Redis cache, reusing its client objects.

The stock backend builds a new redis.Redis client (and its table of ~800 response
callbacks) for every cache call; a throttled API request makes several. The clients are
thread-safe and share the same connection pools, so one per pool is enough.
"""

from __future__ import annotations

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


def cache_count(cache: BaseCache, key: str, *, timeout: float | None) -> int:
    """Add one to a counter in the cache and return it: atomic on Redis (add, then incr),
    created at 1 when missing. A counter that lapses between the two starts again."""
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
