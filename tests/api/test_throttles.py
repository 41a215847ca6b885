"""API limits counted in a sliding window."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from claims.api.throttles import AnonWindowThrottle


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_040.0]  # 20 s into a minute window (1,000,020 is a multiple of 60)
    monkeypatch.setattr(AnonWindowThrottle, "timer", lambda self: now[0])
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "5/minute"})
    return now


def test_the_limit_holds_and_retry_after_says_when_a_call_passes_again(client, db, clock):
    codes = [client.get("/api/v1/quotes/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/quotes/")  # refused calls are taken off again: 3 in this window
    # 40 s to the next window, then 20 s until 3 x (1 - 20/60) + 1 is within 3 again.
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    clock[0] += 59
    assert client.get("/api/v1/quotes/").status_code == 429
    clock[0] += 2
    assert client.get("/api/v1/quotes/").status_code == 200


def test_a_caller_steadily_over_the_limit_still_gets_the_limit_through(client, db, clock):
    # 4 calls a minute against 3 a minute, for ten minutes: refused calls must not lock it out.
    passed = 0
    for _ in range(40):
        passed += client.get("/api/v1/quotes/").status_code == 200
        clock[0] += 15
    assert 20 <= passed <= 31  # the estimate is cautious (about 2.2 a minute here); counting refusals gave 3 in all


def test_a_burst_across_a_window_boundary_does_not_pass_twice_the_limit(client, db, clock):
    clock[0] += 39  # the last second of the window
    assert [client.get("/api/v1/quotes/").status_code for _ in range(3)] == [200] * 3
    clock[0] += 2  # the first second of the next
    assert client.get("/api/v1/quotes/").status_code == 429
    clock[0] += 60  # a whole period later the calls have slid out
    assert client.get("/api/v1/quotes/").status_code == 200


def test_callers_are_counted_apart(client, db, clock):
    for _ in range(3):
        client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.1")
    assert client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/quotes/", REMOTE_ADDR="10.0.0.2").status_code == 200
