"""Sign-in pages refuse password guessing after a few failures."""

import pytest

from factcheck import login


@pytest.fixture
def clock(monkeypatch):
    now = [1_800_000.0]
    monkeypatch.setattr(login.time, "time", lambda: now[0])
    return now


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_guessing_is_refused_after_five_failures_even_with_the_right_password(client, editor, clock, url):
    for _ in range(5):
        response = client.post(url, {"username": "eddie", "password": "wrong"})
        assert response.status_code == 200 and "_auth_user_id" not in client.session
    refused = client.post(url, {"username": "eddie", "password": "pw-eddie"})
    assert "Too many failed sign-in attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    clock[0] += 900  # the next window
    assert client.post(url, {"username": "eddie", "password": "pw-eddie"}).status_code == 302


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
