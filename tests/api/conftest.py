"""Shared by the API tests that go through the whole product."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claims.api.services import token_create
from claims.models import Claim
from claims.review.services import claim_verify


@pytest.fixture
def post_verified(client, reporter, editor, django_capture_on_commit_callbacks) -> Callable[[str, str], list[Claim]]:
    """Post an article as a reporter's client (extracted at once), verify every claim as the
    editor; the claims in the article's order."""

    def post(title: str, body: str) -> list[Claim]:
        key = token_create(user=reporter, name="CMS", created_by=reporter)[1]
        with django_capture_on_commit_callbacks(execute=True):
            created = client.post("/api/v1/articles/", {"title": title, "body": body},
                                  content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}")
        assert created.status_code == 202
        claims = list(Claim.objects.select_related("speaker").order_by("start"))
        for claim in claims:
            claim_verify(claim=claim, user=editor)
        return claims

    return post
