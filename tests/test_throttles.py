"""API limits counted per fixed window."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from claims.throttles import AnonWindowThrottle


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_040.0]  # 20 s into a minute window (1,000,020 is a multiple of 60)
    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: now[0])
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    return now


def test_the_limit_holds_within_a_window_and_resets_with_the_next(client, db, clock):
    codes = [client.get("/api/v1/quotes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/quotes/")
    assert refused.status_code == 429 and refused["Retry-After"] == "40"
    clock[0] += 40  # the next window
    assert client.get("/api/v1/quotes/").status_code == 200


def test_callers_are_counted_apart(client, db, clock):
    for _ in range(3):
        client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.1")
    assert client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.2").status_code == 200
