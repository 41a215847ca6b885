"""JSON errors always: forged cursors and over-deep JSON are 400s, and with DEBUG off an
unhandled error under /api/ is a JSON 500, not Django's HTML page."""

from __future__ import annotations

import base64

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path
from rest_framework.views import APIView

import factcheck.urls
from tests.factories import make_published_quote


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def world(db, editor, reporter):
    return make_published_quote(editor, reporter)


LISTS = ["/api/v1/quotes/", "/api/v1/verdicts/", "/api/v1/speakers/", "/api/v1/articles/", "/api/v1/claims/"]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("cursor", [b64("p=abc"), b64("o=0&p=²"), b64("p=" + "9" * 40), "not-a-cursor"])
def test_a_forged_cursor_is_a_400_with_a_json_error(world, editor, url, cursor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 400, response.status_code
    assert response.json() == {"cursor": ["Pass back the cursor a previous page returned."]}


@pytest.mark.parametrize("ordering", ["-verified_at", "verified_at"])
@pytest.mark.parametrize("position", [
    "yesterday", "9999-12-31 23:59:59-14:00", "0001-01-01 00:00:00+14:00", "2025-06-13 10:00:00",
])
def test_a_forged_time_cursor_on_the_verified_ordering_is_a_400(world, ordering, position):
    response = Client(raise_request_exception=False).get(
        "/api/v1/quotes/", {"ordering": ordering, "cursor": b64(f"p={position}")}
    )
    assert response.status_code == 400 and "cursor" in response.json()


@pytest.mark.parametrize("ordering", ["-id", "id", "-verified_at", "verified_at"])
def test_the_cursors_the_api_writes_still_page(world, editor, ordering):
    from claims.models import Claim
    from claims.review.services import claim_verify
    from claims.pipeline.services import claims_extract
    from sources.services import article_submit

    article = article_submit(title="More", body='"The pool stays shut," Councillor Ada Brook said.',
                             submitted_by=editor).article
    claims_extract(article_id=article.pk)
    claim_verify(claim=Claim.objects.get(article=article), user=editor)
    client = Client()
    first = client.get("/api/v1/quotes/", {"ordering": ordering, "page_size": 1}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"]


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_json_nested_too_deep_is_a_400(world, reporter, depth):
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    response = client.post("/api/v1/articles/", "[" * depth + "]" * depth, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def boom(request):
    raise RuntimeError("forced by the test")


class DatabaseDown(APIView):
    permission_classes = []

    def get(self, request):
        raise OperationalError("connection refused")


urlpatterns = [
    path("api/v1/boom/", boom), path("boom/", boom), path("api/v1/db-down/", DatabaseDown.as_view()),
    *factcheck.urls.urlpatterns,
]
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(factcheck.urls, _name):
        globals()[_name] = getattr(factcheck.urls, _name)


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/api/v1/boom/", "/api/v1/db-down/"])
def test_an_api_server_error_in_production_is_json(db, settings, url):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Server error."}


@pytest.mark.urls(__name__)
def test_a_page_server_error_in_production_stays_html(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
