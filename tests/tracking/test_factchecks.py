"""Fact-checks: ours follow our published verdicts; imported ones are one per URL."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.matching.dense import VECTOR_FORMAT
from claims.models import Claim, ClaimMatch, FactCheck
from claims.review.services import verdict_save
from claims.tracking.claimreview import ClaimReviewRecord
from claims.tracking.factchecks import fact_check_import
from claims.tracking.services import claims_match
from tests.tracking.conftest import said

FERRIES = "Ferry tickets will cost less for pensioners this winter."


@pytest.mark.django_db
def test_a_published_verdict_becomes_our_fact_check_and_finds_the_same_claim_elsewhere(
    varga, editor, settings, django_capture_on_commit_callbacks
):
    settings.FACTCHECK_PUBLISHER_NAME = "Harbor Desk"
    checked, elsewhere = said(FERRIES, speaker=varga), said(FERRIES, speaker=varga, outlet="Coast Times")
    claims_match(claim_ids=[checked.pk, elsewhere.pk])
    with django_capture_on_commit_callbacks(execute=True):
        verdict_save(claim=Claim.objects.get(pk=checked.pk), user=editor, rating="mostly-false",
                     summary="Only some routes.", publish=True)
    ours = FactCheck.objects.get()
    assert (ours.verdict.claim, ours.is_ours, ours.url, ours.publisher) == (checked, True, "", "Harbor Desk")
    assert (ours.claim_reviewed, ours.claimant, ours.rating_text, ours.rating_value) == (
        FERRIES, "Elena Varga", "Mostly false", -0.5)
    assert ours.reviewed_on == ours.verdict.published_at.date()
    # Matched on commit: suggested for the same words in the other article, not its own claim.
    assert list(ClaimMatch.objects.filter(fact_check=ours).values_list("claim_id", "state")) == [
        (elsewhere.pk, "suggested")]
    assert FactCheck.objects.get().vector_format == VECTOR_FORMAT


@pytest.mark.django_db
def test_our_fact_check_follows_the_verdict_and_waits_for_publication(varga, editor):
    claim = said(FERRIES, speaker=varga)
    verdict_save(claim=claim, user=editor, rating="false", summary="No.")
    assert not FactCheck.objects.exists()  # rated, not published
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary="No.", publish=True)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="unverifiable", summary="Unclear.")
    ours = FactCheck.objects.get()
    assert (ours.rating_text, ours.rating_value) == ("Unverifiable", None)
    assert [(h.history_user, h.history_change_reason) for h in ours.history.order_by("history_id")] == [
        (editor, "our verdict published"), (editor, "our verdict changed")]


def record(**fields) -> ClaimReviewRecord:
    values = {
        "source": "feed.json:1", "url": "https://checkers.example/ferries", "claim_reviewed": FERRIES,
        "publisher": "Coast Checkers", "title": "Cheaper ferries?", "claimant": "Elena Varga",
        "rating_text": "False", "rating_value": -1.0, "reviewed_on": dt.date(2025, 2, 1), "raw": {"@type": "ClaimReview"},
    }
    return ClaimReviewRecord(**{**values, **fields})


@pytest.mark.django_db
def test_an_imported_fact_check_is_one_per_url_and_updated_when_its_record_changes():
    first = fact_check_import(record=record())
    assert first.outcome == "imported"
    assert fact_check_import(record=record(source="other.json:9")).outcome == "unchanged"
    FactCheck.objects.filter(pk=first.fact_check.pk).update(vector_format=VECTOR_FORMAT)  # as if matched
    revised = fact_check_import(record=record(rating_text="Mostly false", rating_value=-0.5))
    assert (revised.outcome, revised.fact_check.pk) == ("updated", first.fact_check.pk)
    assert FactCheck.objects.get().vector_format == VECTOR_FORMAT  # same words: the vector stands
    fact_check_import(record=record(claim_reviewed="Ferries will be cheaper for pensioners."))
    assert FactCheck.objects.get().vector_format == ""  # new words: made again when matched
    assert [h.history_change_reason for h in FactCheck.history.order_by("history_id")] == [
        "imported", "imported again, changed", "imported again, changed"]
