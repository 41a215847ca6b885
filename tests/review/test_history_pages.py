"""The history pages: an empty field reads "(empty)", never "Deleted user (pk=None)", and the
invitation to revert shows only where reverting exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.review.services import claim_assign, claim_verify
from tests.factories import make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db
REVERT = "Choose a date from the list below to revert"


@pytest.fixture
def claim(editor):
    article = make_article()
    claim = make_claim(article, 0, 20, speaker=make_speaker())
    claim_assign(claim=claim, user=editor, assignee=editor)  # from nobody to eddie
    claim.refresh_from_db()
    claim_verify(claim=claim, user=editor)  # reviewed_by from nobody to eddie
    return claim


def test_claim_history_shows_an_empty_field_as_empty_and_offers_no_revert(client, editor, claim):
    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "pk=None" not in page and "Deleted user" not in page
    assert "(empty)" in page and "eddie" in page
    assert REVERT not in page
    old = claim.history.order_by("history_id").first()
    version = client.get(reverse("admin:claims_claim_simple_history", args=[claim.pk, old.history_id])).content.decode()
    assert "Press the 'Revert' button" not in version and 'name="_save"' not in version


def test_speaker_history_keeps_its_revert_where_editors_can_revert(client, editor):
    speaker = make_speaker("Ines Duarte")
    speaker.title = "harbour master"
    speaker.save()
    client.force_login(editor)
    page = client.get(reverse("admin:sources_speaker_history", args=[speaker.pk])).content.decode()
    assert REVERT in page
    assert "pk=None" not in page
