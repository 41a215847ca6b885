"""The outbox: every change a consumer should hear of writes its event and deliveries in the
change's own transaction; no endpoint, no rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from claims.models import Claim, ClaimMatch, FactCheck
from claims.pipeline.services import claims_extract
from claims.review.services import claim_reject, claim_reopen, claim_verify, evidence_parse, verdict_save
from claims.tracking.index import fact_checks_index
from claims.tracking.services import claims_match
from claims.webhooks.models import Delivery, Event
from claims.webhooks.services import event_record
from sources.models import Speaker
from tests.factories import make_article, make_speaker
from tests.webhooks.conftest import endpoint_for

URL = "http://127.0.0.1:9/hook"  # never contacted: these tests run no delivery


def events() -> list[str]:
    return list(Event.objects.order_by("id").values_list("type", flat=True))


@pytest.mark.django_db
def test_verifying_writes_the_event_and_a_delivery_per_endpoint_that_wants_it(claim, editor, outsider):
    wants = endpoint_for(outsider, URL, ["quote.verified"])
    endpoint_for(outsider, URL + "2", ["verdict.published"])
    endpoint_for(outsider, URL + "3", ["quote.verified"], active=False)
    claim_verify(claim=claim, user=editor)
    event = Event.objects.get()
    assert event.type == "quote.verified"
    assert event.payload["quote"]["id"] == claim.pk and event.payload["quote"]["status"] == "verified"
    assert event.payload["quote"]["speaker"] == {"id": claim.speaker_id, "name": "Elena Varga"}
    delivery = Delivery.objects.get()
    assert (delivery.endpoint, delivery.status, delivery.attempts) == (wants, "pending", 0)
    assert delivery.message_id.startswith("msg_") and delivery.retry_until > delivery.created_at


@pytest.mark.django_db
def test_no_endpoint_no_event(claim, editor):
    claim_verify(claim=claim, user=editor)
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_leaves_no_event_and_queues_nothing(claim, editor, outsider, monkeypatch):
    endpoint_for(outsider, URL, ["quote.verified"])
    sent = []
    monkeypatch.setattr("claims.webhooks.services.deliveries_send", lambda **kw: sent.append(kw))
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            claim_verify(claim=claim, user=editor)
            assert Event.objects.count() == 1  # written with the change...
            raise RuntimeError("the request failed after the review")
    assert Claim.objects.get(pk=claim.pk).status == "pending"
    assert not Event.objects.exists() and not Delivery.objects.exists()  # ...and gone with it
    assert sent == []
    claim_verify(claim=Claim.objects.get(pk=claim.pk), user=editor)
    assert len(sent) == 1 and sent[0]["delivery_ids"] == [Delivery.objects.get().pk]  # queued once committed


@pytest.mark.django_db(transaction=True)
def test_the_outbox_refuses_to_be_written_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        event_record(event_type="quote.verified", payload={})


@pytest.mark.django_db
def test_a_verified_quote_rejected_or_reopened_is_withdrawn_a_pending_one_is_not(claim, editor, outsider):
    endpoint_for(outsider, URL, ["quote.verified", "quote.withdrawn"])
    claim_reject(claim=claim, user=editor, reason="Not hers")
    assert events() == []
    claim = claim_verify(claim=Claim.objects.get(pk=claim.pk), user=editor)
    claim = claim_verify(claim=claim, user=editor)  # verified again: nothing new
    claim = claim_reopen(claim=claim, user=editor)
    claim = claim_verify(claim=claim, user=editor)
    claim_reject(claim=claim, user=editor, reason="Misheard")
    assert events() == ["quote.verified", "quote.withdrawn", "quote.verified", "quote.withdrawn"]
    assert Event.objects.order_by("id").last().payload["quote"]["status"] == "rejected"


@pytest.mark.django_db
def test_verdicts_published_and_changed_on_verified_quotes(claim, editor, outsider):
    endpoint_for(outsider, URL, ["verdict.published", "verdict.changed"])
    verdict_save(claim=claim, user=editor, rating="false", summary="No.", publish=True)
    assert events() == []  # the claim is not public: its quote.verified will carry the verdict
    claim = claim_verify(claim=Claim.objects.get(pk=claim.pk), user=editor)
    verdict_save(claim=claim, user=editor, rating="false", summary="No.", publish=True)  # unchanged
    assert events() == []
    claim = Claim.objects.get(pk=claim.pk)
    verdict_save(claim=claim, user=editor, rating="mostly-false", summary="Mostly not.",
                 evidence=evidence_parse("Audit | https://example.org/audit"), publish=True)
    changed = Event.objects.get()
    assert changed.type == "verdict.changed"
    assert changed.payload["verdict"]["rating"] == "mostly-false"
    assert changed.payload["verdict"]["evidence"] == [{"title": "Audit", "url": "https://example.org/audit"}]
    assert changed.payload["previous"] == {"rating": "false", "summary": "No."}


@pytest.mark.django_db
def test_a_verdict_first_published_on_a_verified_quote_is_published_once(claim, editor, outsider):
    endpoint_for(outsider, URL, ["verdict.published", "verdict.changed"])
    claim = claim_verify(claim=claim, user=editor)
    verdict_save(claim=claim, user=editor, rating="true", summary="Yes.")  # rated, not published
    assert events() == []
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="true", summary="Yes.", publish=True)
    assert events() == ["verdict.published"]
    assert Event.objects.get().payload["verdict"]["published_at"] is not None


@pytest.mark.django_db
def test_a_watched_speaker_quoted_in_a_new_claim_reaches_editors_endpoints_only(editor, outsider):
    varga = make_speaker("Elena Varga")
    other = make_speaker("Tom Reyes")
    watching = endpoint_for(editor, URL, ["speaker.quoted"], speakers=[varga])
    endpoint_for(editor, URL + "2", ["speaker.quoted"], speakers=[other])
    endpoint_for(outsider, URL + "3", ["speaker.quoted"], speakers=[varga])  # not an editor
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article)
    assert claim.speaker == varga
    event = Event.objects.get()
    assert event.type == "speaker.quoted" and event.payload["speaker"] == {"id": varga.pk, "name": "Elena Varga"}
    assert event.payload["claim"]["status"] == "pending"
    assert list(Delivery.objects.values_list("endpoint", flat=True)) == [watching.pk]
    claims_extract(article_id=article.pk, force=True)  # the same claim again: not new
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_a_new_version_announces_only_the_watched_speakers_new_words(editor):
    from sources.services import article_submit

    varga = make_speaker("Elena Varga")
    endpoint_for(editor, URL, ["speaker.quoted"], speakers=[varga])
    first_body = '"We kept every school open," Mayor Elena Varga said.'
    first = make_article(body=first_body, canonical_url="https://ledger.example/schools")
    claims_extract(article_id=first.pk)
    assert events() == ["speaker.quoted"]
    # The page changed: the same quote, and a new one by the same speaker.
    second = article_submit(
        title="Schools", body=first_body + '\n\n"We will build two more," Mayor Elena Varga said on Friday.',
        canonical_url="https://ledger.example/schools", previous_version=first,
    ).article
    claims_extract(article_id=second.pk)
    assert events() == ["speaker.quoted", "speaker.quoted"]
    assert Event.objects.order_by("id").last().payload["claim"]["text"] == "We will build two more"
    assert Claim.objects.filter(article=second).count() == 2


@pytest.mark.django_db
def test_a_claim_matched_to_a_fact_check_is_told_once(editor):
    endpoint_for(editor, URL, ["claim.matched_factcheck"])
    fact_check = FactCheck.objects.create(
        publisher="Coast Checkers", url="https://checkers.example/ferries", rating_text="False", rating_value=-1,
        claim_reviewed="Ferry tickets will cost less for pensioners this winter.",
    )
    fact_checks_index(fact_checks=[fact_check])
    speaker = Speaker.objects.create(name="Elena Varga", slug="elena-varga")
    lead = "Elena Varga said "
    words = "Ferry tickets will cost less for pensioners this winter."
    article = make_article(body=lead + words, published_on=dt.date(2025, 3, 1))
    from tests.factories import make_claim

    claim = make_claim(article, len(lead), len(lead + words), speaker=speaker)
    claims_match(claim_ids=[claim.pk])
    assert ClaimMatch.objects.filter(fact_check=fact_check).exists()
    event = Event.objects.get()
    assert event.type == "claim.matched_factcheck"
    assert event.payload["claim"]["id"] == claim.pk and event.payload["fact_check"]["url"] == fact_check.url
    assert event.payload["score"] >= 0.65
    claims_match(claim_ids=[claim.pk], force=True)  # matched again: the suggestion exists
    assert Event.objects.count() == 1


@pytest.mark.django_db
def test_correcting_a_verified_quotes_words_or_speaker_sends_quote_verified_again(claim, editor, outsider):
    from claims.review.services import claim_correct

    endpoint_for(outsider, URL, ["quote.verified"])
    claim = claim_verify(claim=claim, user=editor)
    claim = claim_correct(claim=claim, user=editor, text="Corrected words of the mayor")
    claim = claim_correct(claim=claim, user=editor, speaker=make_speaker("Ada Marsh"))
    claim_correct(claim=claim, user=editor, via="AFP")  # not in the quote's data: nothing sent
    sent = list(Event.objects.order_by("id"))
    assert [e.type for e in sent] == ["quote.verified"] * 3
    assert "corrected" not in sent[0].payload
    assert sent[1].payload["corrected"] == ["wording"]
    assert sent[1].payload["quote"]["text"] == "Corrected words of the mayor"
    assert (sent[2].payload["corrected"], sent[2].payload["quote"]["speaker"]["name"]) == (["speaker"], "Ada Marsh")
    assert Delivery.objects.count() == 3


@pytest.mark.django_db
def test_correcting_a_pending_claim_sends_nothing(claim, editor, outsider):
    from claims.review.services import claim_correct

    endpoint_for(outsider, URL, ["quote.verified"])
    claim_correct(claim=claim, user=editor, text="Corrected words")
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_review_page_correcting_a_verified_quote_sends_one_event(claim, editor, outsider):
    from claims.review.services import claim_review_save

    endpoint_for(outsider, URL, ["quote.verified"])
    claim = claim_verify(claim=claim, user=editor)
    claim_review_save(
        claim_id=claim.pk, user=editor, seen_version=claim.version, speaker=claim.speaker, kind="direct",
        cue=claim.cue, corrected_text="Corrected on the page", status="verified", rejection_reason="",
        assigned_to=None,
    )
    assert events() == ["quote.verified", "quote.verified"]
    assert Event.objects.order_by("id").last().payload["corrected"] == ["wording", "kind"]


@pytest.mark.django_db
def test_old_finished_events_are_pruned_and_those_still_tried_kept(claim, editor, outsider, settings):
    from django.core.management import call_command
    from django.utils import timezone

    from claims.webhooks.models import DeliveryAttempt

    settings.FACTCHECK_WEBHOOK_KEEP_DAYS = 30
    endpoint_for(outsider, URL, ["quote.verified", "quote.withdrawn"])
    claim = claim_verify(claim=claim, user=editor)  # delivered long ago
    claim = claim_reopen(claim=claim, user=editor)  # still being retried, as old
    claim_verify(claim=claim, user=editor)  # delivered, but recent
    delivered_old, retried_old, recent = Event.objects.order_by("id")
    long_ago = timezone.now() - dt.timedelta(days=31)
    Event.objects.filter(pk__in=[delivered_old.pk, retried_old.pk]).update(created_at=long_ago)
    Delivery.objects.exclude(event=retried_old).update(status="delivered", next_attempt_at=None)
    first = Delivery.objects.get(event=delivered_old)
    DeliveryAttempt.objects.create(delivery=first, number=1, started_at=long_ago, duration_ms=5, response_code=200,
                                   outcome="delivered")
    call_command("prune_webhooks", stdout=__import__("io").StringIO())
    assert set(Event.objects.values_list("pk", flat=True)) == {retried_old.pk, recent.pk}
    assert not DeliveryAttempt.objects.exists() and Delivery.objects.count() == 2


def test_the_prune_runs_daily_on_the_maintenance_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["prune-webhook-events"]
    assert (entry["task"], entry["schedule"]) == ("claims.prune_webhooks", 86400.0)
    assert settings.CELERY_TASK_ROUTES["claims.prune_webhooks"]["queue"] == settings.FACTCHECK_CELERY_MAINTENANCE_QUEUE
