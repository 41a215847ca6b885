"""Article submissions are limited per account, the web form and the API sharing one count."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sources.models import Article

BODY = 'The mayor said that "the bridge will reopen in {n} weeks".\n'


@pytest.fixture
def limited(settings):
    settings.FACTCHECK_SUBMIT_RATE = "3/minute"


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_answers_429_with_retry_after_past_the_accounts_limit(reporter, limited):
    api = _api(reporter)
    codes = [api.post("/api/v1/articles/", {"title": f"T{n}", "body": BODY.format(n=n)}, format="json").status_code
             for n in range(4)]
    assert codes == [202, 202, 202, 429]
    refused = api.post("/api/v1/articles/", {"title": "T9", "body": BODY.format(n=9)}, format="json")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "submissions" in refused.json()["detail"]
    assert Article.objects.count() == 3


def test_the_web_form_and_the_api_share_the_count(client, reporter, limited):
    client.force_login(reporter)
    for n in range(2):
        assert client.post("/articles/new/", {"title": f"W{n}", "body": BODY.format(n=n)}).status_code == 302
    assert _api(reporter).post("/api/v1/articles/", {"title": "A", "body": BODY.format(n=5)},
                               format="json").status_code == 202
    refused = client.post("/articles/new/", {"title": "W3", "body": BODY.format(n=3)})
    assert refused.status_code == 400 and "Too many submissions" in refused.content.decode()
    assert Article.objects.count() == 3


def test_other_accounts_are_not_held_back(reporter, editor, limited):
    for n in range(4):
        _api(reporter).post("/api/v1/articles/", {"title": f"T{n}", "body": BODY.format(n=n)}, format="json")
    assert _api(editor).post("/api/v1/articles/", {"title": "E", "body": BODY.format(n=7)},
                             format="json").status_code == 202
