"""Newsroom endpoints: token auth, article intake, own articles, editors' claims, JSON errors."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims.models import ApiToken, Claim
from claims.api.services import token_create, token_revoke
from sources.models import Article

ARTICLE = {"title": "Pier closes", "body": '"The pier is unsafe," harbor master Lena Brandt said.',
           "url": "https://example.org/pier", "published_on": "2025-05-01", "outlet": "Harbor Ledger"}


def auth(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


@pytest.fixture
def reporter_key(reporter):
    return token_create(user=reporter, name="CMS", created_by=reporter)[1]


@pytest.fixture
def editor_key(editor):
    return token_create(user=editor, name="Desk", created_by=editor)[1]


def test_tokens_are_stored_hashed_and_work_until_revoked(client, reporter):
    token, key = token_create(user=reporter, name="CMS", created_by=reporter)
    assert key.startswith(token.prefix + ".") and key.split(".", 1)[1] not in token.key_hash
    assert client.get("/api/v1/articles/", **auth(key)).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    token_revoke(token=token)
    response = client.get("/api/v1/articles/", **auth(key))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert client.get("/api/v1/articles/", **auth(token.prefix + ".wrong")).status_code == 401


def test_reporter_submits_an_article_and_gets_202_with_its_url(client, reporter_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(reporter_key))
    assert response.status_code == 202
    article = Article.objects.get()
    assert response["Location"].endswith(f"/api/v1/articles/{article.pk}/")
    detail = client.get(response["Location"], **auth(reporter_key)).json()
    assert detail["status"] == "extracted" and detail["outlet"] == "Harbor Ledger"
    assert [c["speaker"] for c in detail["claims"]] == ["Lena Brandt"]
    assert detail["claim_counts"] == {"pending": 1, "verified": 0, "rejected": 0}


def test_duplicate_is_409_with_the_existing_url_and_oversize_is_413(client, reporter_key, settings):
    first = client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(reporter_key))
    again = client.post("/api/v1/articles/", {**ARTICLE, "title": "Again"}, content_type="application/json",
                        **auth(reporter_key))
    assert again.status_code == 409 and again.json()["url"] == first["Location"]
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 1000
    big = client.post("/api/v1/articles/", {**ARTICLE, "body": "x " * 600}, content_type="application/json",
                      **auth(reporter_key))
    assert big.status_code == 413 and "limit is 1,000" in big.json()["detail"]
    assert Article.objects.count() == 1


def test_duplicate_of_another_reporters_article_is_a_plain_409(client, reporter, django_user_model, editor_key):
    first = client.post("/api/v1/articles/", ARTICLE, content_type="application/json",
                        **auth(token_create(user=reporter, name="CMS", created_by=reporter)[1]))
    article_id = Article.objects.get().pk
    other = django_user_model.objects.create_user(username="rob", password="pw-rob", is_staff=True)
    other.groups.add(reporter.groups.get())
    again = client.post("/api/v1/articles/", ARTICLE, content_type="application/json",
                        **auth(token_create(user=other, name="CMS", created_by=other)[1]))
    assert again.status_code == 409 and "someone else" in again.json()["detail"]
    assert "url" not in again.json() and "Location" not in again
    assert str(article_id) not in again.content.decode()
    by_editor = client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(editor_key))
    assert by_editor.status_code == 409 and by_editor.json()["url"] == first["Location"] == by_editor["Location"]


@pytest.mark.parametrize("payload, field", [
    ({**ARTICLE, "title": ""}, "title"),
    ({**ARTICLE, "url": "javascript:alert(1)"}, "url"),
    ({**ARTICLE, "published_on": "2999-01-01"}, "published_on"),
    ({**ARTICLE, "published_on": "01/05/2025"}, "published_on"),
    # A URL alone is a submission by URL (tests/sources/test_by_url.py); with neither, the body is missing.
    ({k: v for k, v in ARTICLE.items() if k not in ("body", "url")}, "body"),
])
def test_bad_articles_get_400_naming_the_field(client, reporter_key, payload, field):
    response = client.post("/api/v1/articles/", payload, content_type="application/json", **auth(reporter_key))
    assert response.status_code == 400 and field in response.json()
    assert not Article.objects.exists()


def test_reporters_see_their_own_articles_only(client, reporter, reporter_key, editor_key, django_user_model):
    other = django_user_model.objects.create_user("rob")
    Article.objects.create(title="Not mine", body="x y z", content_sha256="0" * 64, submitted_by=other)
    client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(reporter_key))
    mine = client.get("/api/v1/articles/", **auth(reporter_key)).json()["results"]
    assert [a["title"] for a in mine] == ["Pier closes"]
    theirs = Article.objects.get(title="Not mine")
    assert client.get(f"/api/v1/articles/{theirs.pk}/", **auth(reporter_key)).status_code == 404
    assert len(client.get("/api/v1/articles/", **auth(editor_key)).json()["results"]) == 2


def test_claims_in_every_state_are_for_editors(client, reporter_key, editor_key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(reporter_key))
    assert client.get("/api/v1/claims/", **auth(reporter_key)).status_code == 403
    response = client.get("/api/v1/claims/?status=pending", **auth(editor_key))
    assert [c["status"] for c in response.json()["results"]] == ["pending"]
    assert client.get("/api/v1/claims/?status=maybe", **auth(editor_key)).status_code == 400


@pytest.mark.parametrize("method, url", [("get", "/api/v1/articles/"), ("post", "/api/v1/articles/"),
                                         ("get", "/api/v1/claims/")])
def test_anonymous_callers_get_401_json(client, db, method, url):
    response = getattr(client, method)(url, {}, content_type="application/json")
    assert response.status_code in (401, 403) and "detail" in response.json()


def test_outsiders_cannot_submit(client, outsider):
    key = token_create(user=outsider, name="x", created_by=outsider)[1]
    response = client.post("/api/v1/articles/", ARTICLE, content_type="application/json", **auth(key))
    assert response.status_code == 403 and "reporters and editors" in response.json()["detail"]


def test_unknown_api_path_is_json_404(client, db):
    response = client.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}


def test_anonymous_callers_are_throttled(client, db, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute", "user": "9/minute"})
    codes = [client.get("/api/v1/quotes/").status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    assert "throttled" in client.get("/api/v1/quotes/").json()["detail"].lower()


def test_editors_create_tokens_in_the_admin_and_with_a_command(client, editor, reporter, capsys):
    client.force_login(editor)
    response = client.post(reverse("admin:claims_apitoken_add"), {"name": "CMS"}, follow=True)
    token = ApiToken.objects.get()
    page = response.content.decode()
    key = page.split("it is not shown again): ")[1].split("<")[0].strip()
    assert key.startswith(token.prefix + ".")
    assert client.get("/api/v1/articles/", **auth(key)).status_code == 200
    call_command("create_token", "--user", reporter.username, "--name", "Export")
    out = capsys.readouterr().out.splitlines()
    assert ApiToken.objects.count() == 2 and out[-1].startswith(ApiToken.objects.get(name="Export").prefix + ".")
    assert Claim.objects.count() == 0


def test_signed_in_callers_are_throttled_by_their_own_rate(client, reporter, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "4/minute"})
    client.force_login(reporter)
    codes = [client.get("/api/v1/quotes/").status_code for _ in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]  # the user rate, not the anonymous one


def test_anonymous_callers_are_held_to_the_anonymous_rate_only(client, db, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    # Above the user rate: anonymous callers are not also counted against it.
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "5/minute", "user": "2/minute"})
    codes = [client.get("/api/v1/quotes/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
