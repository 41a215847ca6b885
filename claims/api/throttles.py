"""Request limits: API callers (anonymous by address, signed-in by account) and article
submissions per account, web and API alike.

DRF's stock throttles keep, per caller, the list of every request time in the last period
and rewrite it on each request: the cost grows with the limit. These use a sliding-window
counter instead (factcheck.cache.cache_window_hit): two counts per caller, one round trip,
whatever the limit, and no burst across a window boundary lets twice the rate through.
The counts live in the shared cache (CACHE_URL, which production requires), so every
process sees them; with Redis down they go on per process.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from factcheck.cache import cache_window_hit


class WindowCounter:
    """allow_request/wait for a SimpleRateThrottle subclass, by a sliding-window counter."""

    cache = cache

    def timer(self) -> float:
        return time.time()

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.result = cache_window_hit(
            self.cache, self.key, limit=self.num_requests, period=self.duration, now=self.timer()
        )
        return self.result.allowed

    def wait(self):
        return math.ceil(self.result.wait)  # whole seconds, rounded up: never too early


class AnonWindowThrottle(WindowCounter, AnonRateThrottle):
    """Anonymous callers, counted by address at the anonymous rate."""


class SignedInWindowThrottle(WindowCounter, UserRateThrottle):
    """Signed-in callers, counted by account at the user rate. DRF's user throttle also
    counts anonymous callers (by address) against the user rate; they have their own
    anonymous rate, so here only signed-in callers count."""

    def allow_request(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
