"""Request limits for the API: anonymous callers by address, signed-in callers by account.

DRF's stock throttles keep, per caller, the list of every request time in the last period
and rewrite it on each request: the cost grows with the limit (a 10,000/minute partner
key means pickling 10,000 floats per request). These count requests in fixed windows
instead: one `add` and one `incr` in the cache, whatever the limit.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from factcheck.cache import cache_count


class WindowCounter:
    """allow_request/wait for a SimpleRateThrottle subclass, by counts per fixed window."""

    cache = cache

    def timer(self) -> float:
        return time.time()

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        # One counter per caller and window; it lapses with the window.
        count = cache_count(self.cache, f"{self.key}:{window}", timeout=self.duration + 1)
        return count <= self.num_requests

    def wait(self):
        return max(0.0, self.window_end - self.now)


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
