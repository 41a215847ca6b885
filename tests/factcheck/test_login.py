"""Sign-in pages refuse password guessing after a few failures."""

import pytest

from factcheck import login


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000.0]
    monkeypatch.setattr(login, "_now", lambda: now[0])
    return now


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_guessing_is_refused_after_five_failures_even_with_the_right_password(client, editor, clock, url):
    for _ in range(5):
        response = client.post(url, {"username": "eddie", "password": "wrong"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    refused = client.post(url, {"username": "eddie", "password": "pw-eddie"})
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    clock[0] += 1800  # the failures have slid out of the window
    assert client.post(url, {"username": "eddie", "password": "pw-eddie"}).status_code == 302


def test_failures_just_before_a_window_boundary_still_count_after_it(client, editor, clock):
    clock[0] += 899  # the last second of a window
    for _ in range(5):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"})
    clock[0] += 2  # a fixed window would start again from nothing here
    for _ in range(5):
        refused = client.post("/accounts/login/", {"username": "eddie", "password": "wrong"})
        assert "Too many failed sign-in attempts" in refused.content.decode()


def test_other_accounts_and_addresses_are_not_held_back(client, editor, reporter, clock):
    for _ in range(5):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "rita", "password": "pw-rita"}).status_code == 302
    client.logout()
    other = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_one_address_spraying_many_accounts_is_held_back(client, editor, clock, settings):
    settings.FACTCHECK_LOGIN_ATTEMPTS = 2
    for i in range(20):
        client.post("/accounts/login/", {"username": f"user{i}", "password": "guess"})
    refused = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"})
    assert "Too many failed sign-in attempts" in refused.content.decode()


def test_a_success_clears_the_accounts_failures(client, editor, clock):
    for _ in range(4):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"}).status_code == 302


def test_a_made_up_forwarded_address_does_not_reset_the_count(client, editor, clock):
    for i in range(5):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    refused = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"},
                          HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert "Too many failed sign-in attempts" in refused.content.decode()


def test_behind_a_trusted_proxy_callers_are_told_apart_by_the_forwarded_address(client, editor, clock, settings):
    settings.FACTCHECK_TRUSTED_PROXIES = 1
    for _ in range(5):
        client.post("/accounts/login/", {"username": "eddie", "password": "wrong"},
                    HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7")
    blocked = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"},
                          HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert "Too many failed sign-in attempts" in blocked.content.decode()
    other = client.post("/accounts/login/", {"username": "eddie", "password": "pw-eddie"},
                        HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 302


def test_api_limits_ignore_made_up_forwarded_addresses(client, db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "9/minute"})
    codes = [client.get("/api/v1/quotes/", HTTP_X_FORWARDED_FOR=f"10.1.1.{i}").status_code for i in range(3)]
    assert codes == [200, 200, 429]
