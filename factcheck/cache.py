"""The cache: Django's Redis backend made to degrade, and the counters the limits use.

A cache is not a database. When Redis does not answer, every call here degrades instead of
raising: reads miss, writes are dropped, and counters go on in a counter local to this
process (so limits still hold per process while Redis is away). A warning is logged at most
once per WARN_SECONDS, and for DOWN_SECONDS after a failure the calls skip Redis altogether
so an outage does not cost every request a connection attempt.

The stock backend also builds a new redis.Redis client (and its table of ~800 response
callbacks) for every cache call; a throttled API request makes several. The clients are
thread-safe and share the same connection pools, so one per pool is enough.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
CACHE_ERRORS = (RedisConnectionError, RedisTimeoutError)
WARN_SECONDS = 30.0
DOWN_SECONDS = 1.0
# Short socket timeouts: a Redis that hangs must not hang the requests that use it.
SOCKET_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


@dataclass(frozen=True)
class WindowResult:
    allowed: bool
    wait: float  # seconds until a call would be allowed again (0 when allowed)


def cache_count(cache: BaseCache, key: str, *, timeout: float | None) -> int:
    """Add one to a counter in the cache and return it, created at 1 when missing.

    On our Redis backend it is one round trip (INCR, and EXPIRE only where no expiry is
    set). Elsewhere, add then incr; a counter that lapses between the two starts again."""
    count_in_window = getattr(cache, "count_in_window", None)  # through the cache proxy too
    if count_in_window is not None:
        return count_in_window(key, timeout=timeout)
    return _local_count(cache, key, timeout=timeout)


def _local_count(cache: BaseCache, key: str, *, timeout: float | None) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=timeout)
        return 1


def window_keys(key: str, *, period: float, now: float) -> tuple[str, str]:
    """The counters of a sliding window at `now`: this fixed window's and the previous one's."""
    window = int(now // period)
    return f"{key}:{window}", f"{key}:{window - 1}"


def cache_window_hit(
    cache: BaseCache, key: str, *, limit: int, period: float, now: float | None = None, count_refused: bool = False
) -> WindowResult:
    """Count one call against `limit` calls per `period` seconds, in a sliding window.

    The sliding-window counter: a count per fixed window, and the estimate is the current
    window's count plus the previous window's weighted by how much of it still lies within
    the last `period` seconds. Unlike fixed windows, a burst at the end of one window and
    another at the start of the next cannot let twice the limit through. Calls are counted
    before the decision, so calls sent in parallel count too; a refused call is taken off
    again unless `count_refused` (sign-in: every guess counts), so a caller who keeps
    calling a little over the limit still gets the limit's worth through."""
    now = time.time() if now is None else now
    elapsed = now % period
    current_key, previous_key = window_keys(key, period=period, now=now)
    counts = getattr(cache, "count_with_previous", None)
    if counts is not None:
        current, previous = counts(current_key, previous_key, timeout=period * 2 + 1)
    else:
        current = _local_count(cache, current_key, timeout=period * 2 + 1)
        previous = int(cache.get(previous_key) or 0)
    weight = 1 - elapsed / period
    if previous * weight + current <= limit:
        return WindowResult(True, 0.0)
    wait = _wait(current=current, previous=previous, limit=limit, period=period, elapsed=elapsed)
    if not count_refused:
        try:
            cache.decr(current_key)
        except ValueError:  # lapsed meanwhile: nothing to take off
            pass
        current -= 1
        wait = _wait(current=current, previous=previous, limit=limit, period=period, elapsed=elapsed)
    return WindowResult(False, wait)


def _wait(*, current: int, previous: int, limit: int, period: float, elapsed: float) -> float:
    """Seconds until the estimate, with one more call, is back within the limit."""
    room = limit - 1  # the next call itself counts one
    if current <= room and previous:
        # Within this window, once enough of the previous window has slid out.
        return max(0.0, (1 - (room - current) / previous) * period - elapsed)
    # This window is over the limit on its own: in the next, it is the "previous" one.
    share = 1 - room / current if current else 0.0
    return (period - elapsed) + max(0.0, share) * period


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


def _degrades(fallback):
    """Run the Redis call; when Redis is down, log (rate-limited) and return fallback(...)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._down_until > time.monotonic():
                return fallback(self, *args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except CACHE_ERRORS as exc:
                self._went_down(exc)
                return fallback(self, *args, **kwargs)

        return wrapper

    return decorate


def _miss(self, key, default=None, version=None):
    return default


class ReusingRedisCache(RedisCache):
    """Django's Redis cache with reused clients, that degrades when Redis is down."""

    def __init__(self, server, params) -> None:
        params = {**params, "OPTIONS": {**SOCKET_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedClients
        self._down_until = 0.0
        self._warned_at = -math.inf
        self._lock = threading.Lock()
        # Counts go on here while Redis is away: limits hold per process meanwhile.
        self.fallback = LocMemCache(f"fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    def _went_down(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._down_until = now + DOWN_SECONDS
            warn = now - self._warned_at >= WARN_SECONDS
            if warn:
                self._warned_at = now
        if warn:
            logger.warning(
                "cache: Redis unavailable (%s); reads miss, writes are dropped and limits count "
                "in this process until it answers", type(exc).__name__,
            )

    def is_up(self) -> bool:
        """Ask Redis now (for /healthz), whatever the last calls found."""
        try:
            self._cache.get_client(write=True).ping()
        except CACHE_ERRORS as exc:
            self._went_down(exc)
            return False
        return True

    get = _degrades(_miss)(RedisCache.get)
    get_many = _degrades(lambda self, keys, version=None: {})(RedisCache.get_many)
    has_key = _degrades(lambda self, key, version=None: False)(RedisCache.has_key)
    set = _degrades(lambda self, *args, **kwargs: None)(RedisCache.set)
    set_many = _degrades(lambda self, data, *args, **kwargs: list(data))(RedisCache.set_many)
    # A dropped add answers False: "not added", the careful answer for an add used as a guard.
    add = _degrades(lambda self, *args, **kwargs: False)(RedisCache.add)
    touch = _degrades(lambda self, *args, **kwargs: False)(RedisCache.touch)
    delete = _degrades(lambda self, *args, **kwargs: False)(RedisCache.delete)
    delete_many = _degrades(lambda self, *args, **kwargs: None)(RedisCache.delete_many)
    clear = _degrades(lambda self: False)(RedisCache.clear)

    def _local_incr(self, key, delta=1, version=None):
        try:
            return self.fallback.incr(key, delta, version=version)
        except ValueError:
            self.fallback.set(key, delta, version=version)
            return delta

    incr = _degrades(_local_incr)(RedisCache.incr)

    def _local_decr(self, key, delta=1, version=None):
        try:
            return max(0, self.fallback.decr(key, delta, version=version))
        except ValueError:  # nothing counted here: a missing count must not turn into -1
            return 0

    decr = _degrades(_local_decr)(RedisCache.decr)

    def _count_locally(self, key: str, *, timeout: float | None) -> int:
        return _local_count(self.fallback, key, timeout=timeout)

    @_degrades(_count_locally)
    def count_in_window(self, key: str, *, timeout: float | None) -> int:
        redis_key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(redis_key, write=True).pipeline(transaction=False)
        pipe.incr(redis_key)
        if timeout is not None:
            pipe.expire(redis_key, max(1, int(timeout)), nx=True)  # the first count sets the window's end
        return int(pipe.execute()[0])

    def _counts_locally(self, key: str, previous_key: str, *, timeout: float) -> tuple[int, int]:
        return _local_count(self.fallback, key, timeout=timeout), int(self.fallback.get(previous_key) or 0)

    @_degrades(_counts_locally)
    def count_with_previous(self, key: str, previous_key: str, *, timeout: float) -> tuple[int, int]:
        """One round trip: count one in `key` (expiring after `timeout`) and read `previous_key`."""
        redis_key, redis_previous = self.make_and_validate_key(key), self.make_and_validate_key(previous_key)
        pipe = self._cache.get_client(redis_key, write=True).pipeline(transaction=False)
        pipe.incr(redis_key)
        pipe.expire(redis_key, max(1, math.ceil(timeout)), nx=True)
        pipe.get(redis_previous)
        current, _, previous = pipe.execute()
        return int(current), int(previous or 0)
