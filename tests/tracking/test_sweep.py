"""Matching the sweep catches up on, matching again after an editor's change, and the
switch that turns matching off."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimIndex, ClaimMatch, Statement
from claims.pipeline.services import claims_extract
from claims.pipeline.tasks import requeue_stale_articles
from claims.tracking.services import MATCH_CLAIMS_TASK, claims_match, claims_match_requeue
from tests.pipeline.test_send_by_name import messages
from tests.review.test_admin import change_url, form_data
from tests.tracking.conftest import said
from tests.tracking.test_tasks import two_reports
from tests.workers import start_worker, stop

BRIDGE = "The harbour bridge will reopen to traffic in May next year."


def later(minutes: int = 20) -> dt.datetime:
    """A sweep this long after now: past FACTCHECK_REQUEUE_QUEUED_AFTER (10 minutes)."""
    return timezone.now() + dt.timedelta(minutes=minutes)


def matched_ids() -> set[int]:
    return set(ClaimIndex.objects.filter(matched_at__isnull=False).values_list("claim_id", flat=True))


@pytest.mark.django_db
def test_claims_stored_while_the_broker_was_down_are_queued_by_the_sweep(own_broker, caplog):
    first, _ = two_reports()
    own_broker.stop()
    claims_extract(article_id=first.pk)  # its matching task cannot be sent (on commit, in this test's transaction)
    claim_ids = list(Claim.objects.values_list("pk", flat=True))
    assert claim_ids and not ClaimIndex.objects.exists()
    own_broker.start()
    assert claims_match_requeue(now=timezone.now()) == []  # just stored: its own task may be on its way
    assert claims_match_requeue(now=later()) == claim_ids
    sent = [m for m in messages(own_broker.url) if m["headers"]["task"] == MATCH_CLAIMS_TASK]
    assert [m["headers"]["argsrepr"] for m in sent] == [f"({claim_ids},)"]


@pytest.mark.django_db
def test_the_beat_sweep_matches_what_was_never_matched_and_then_nothing(varga):
    first, second = said(BRIDGE, speaker=varga), said(BRIDGE, speaker=varga, outlet="Coast Times")
    Claim.objects.update(updated_at=timezone.now() - dt.timedelta(minutes=20))  # stored a while ago
    result = requeue_stale_articles.apply().get()  # the beat task; matching runs in-process (eager)
    assert result["matching_requeued"] == [first.pk, second.pk]
    assert matched_ids() == {first.pk, second.pk}
    assert list(Statement.objects.get().claims()) == [first, second]
    assert claims_match_requeue(now=later()) == []


@pytest.mark.django_db
def test_the_sweep_finds_new_words_a_new_speaker_and_lost_matches_but_not_rejected_or_old_claims(varga, okafor, settings):
    claims = [said(f"{BRIDGE} Claim {n}.", speaker=varga) for n in range(5)]
    claims_match(claim_ids=[c.pk for c in claims])
    assert claims_match_requeue(now=later()) == []
    reworded, moved, lost, rejected, old = claims
    Claim.objects.filter(pk=reworded.pk).update(corrected_text="The harbour bridge stays shut.")
    Claim.objects.filter(pk=moved.pk).update(speaker=okafor)
    ClaimIndex.objects.filter(pk=lost.pk).delete()  # as if its task had never run
    Claim.objects.filter(pk=rejected.pk).update(status=Claim.Status.REJECTED, corrected_text="Other words.")
    old_enough = timezone.now() - dt.timedelta(days=settings.FACTCHECK_MATCH_SWEEP_DAYS, hours=1)
    Claim.objects.filter(pk=old.pk).update(corrected_text="Old words.", updated_at=old_enough)
    assert claims_match_requeue(now=later()) == [reworded.pk, moved.pk, lost.pk]
    assert claims_match_requeue(now=later()) == []  # matched in-process meanwhile
    assert ClaimIndex.objects.get(pk=reworded.pk).text == "The harbour bridge stays shut."
    assert ClaimIndex.objects.get(pk=moved.pk).matched_speaker_pk == okafor.pk


@pytest.mark.django_db
def test_an_editor_giving_a_claim_another_speaker_in_the_admin_takes_it_out_of_the_statement(
    client, editor, varga, okafor, django_capture_on_commit_callbacks
):
    first, second, third = (said(BRIDGE, speaker=varga, on=dt.date(2025, 3, day)) for day in (1, 2, 3))
    claims_match(claim_ids=[first.pk, second.pk, third.pk])
    statement = Statement.objects.get()
    assert list(statement.claims()) == [first, second, third]
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url(first), form_data(first, speaker=okafor.pk))
    assert response.status_code == 302, response.content.decode()[-2000:]
    statement.refresh_from_db()
    assert (list(statement.claims()), statement.first_claim) == ([second, third], second)
    assert ClaimIndex.objects.get(pk=first.pk).matched_speaker_pk == okafor.pk  # matched again, on commit
    assert [h.history_change_reason for h in ClaimMatch.history.filter(claim_id=first.pk, history_type="-")] == [
        "its speaker changed: matched again"]
    assert not ClaimMatch.objects.filter(claim=first, statement__isnull=False).exists()  # okafor said it nowhere else


@pytest.mark.django_db
def test_an_editor_confirmed_statement_of_the_old_speaker_is_left_too(editor, varga, okafor):
    from claims.review.services import claim_correct
    from claims.tracking.services import match_confirm

    first = said(BRIDGE, speaker=varga)
    second = said("The harbour bridge will open to cars again in May next year.", speaker=varga)
    claims_match(claim_ids=[first.pk, second.pk])
    suggestion = ClaimMatch.objects.get(claim=second, statement__isnull=False)
    match_confirm(match_id=suggestion.pk, user=editor)
    claim_correct(claim=Claim.objects.get(pk=second.pk), user=editor, speaker=okafor)
    claims_match(claim_ids=[second.pk])  # what the task queued on commit does
    assert not ClaimMatch.objects.filter(claim=second, state=ClaimMatch.State.CONFIRMED).exists()
    assert list(Statement.objects.get().claims()) == [first]


@pytest.mark.django_db
def test_an_editor_rewording_a_claim_in_the_admin_rematches_it_and_it_rejoins_if_the_words_still_fit(
    client, editor, varga, django_capture_on_commit_callbacks
):
    first, second = said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1)), said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 2))
    claims_match(claim_ids=[first.pk, second.pk])
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(second), form_data(second, corrected_text="The harbour bridge will close for good."))
    assert list(Statement.objects.get().claims()) == [first]  # new words: it left
    assert ClaimIndex.objects.get(pk=second.pk).text == "The harbour bridge will close for good."
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(second), form_data(second, corrected_text=BRIDGE.upper()))
    assert list(Statement.objects.get().claims()) == [first, second]  # the same words again: back in


@pytest.mark.django_db
def test_matching_switched_off_queues_nothing(settings, django_capture_on_commit_callbacks, varga):
    settings.FACTCHECK_MATCHING_ENABLED = False
    first, _ = two_reports()
    with django_capture_on_commit_callbacks(execute=True):
        claims_extract(article_id=first.pk)
    assert Claim.objects.exists() and not ClaimIndex.objects.exists()
    said(BRIDGE, speaker=varga)
    assert claims_match_requeue(now=later()) == []
    settings.FACTCHECK_MATCHING_ENABLED = True
    assert len(claims_match_requeue(now=later())) == Claim.objects.count()
    assert matched_ids() == set(Claim.objects.values_list("pk", flat=True))


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_matches_what_the_sweep_sends_on_postgresql(postgres, redis_broker, queue, varga):
    claims = [said(BRIDGE, speaker=varga, on=dt.date(2025, 3, day)) for day in (1, 2)]  # stored, never matched
    worker = start_worker(redis_broker, queue, pool="solo")
    try:
        assert claims_match_requeue(now=later()) == [c.pk for c in claims]
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and worker.poll() is None and len(matched_ids()) < 2:
            time.sleep(0.3)
    finally:
        output = stop(worker)
    assert matched_ids() == {c.pk for c in claims}, output[-3000:]
    assert list(Statement.objects.get().claims()) == claims
    assert claims_match_requeue(now=later()) == []
