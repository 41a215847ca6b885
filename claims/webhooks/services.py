"""Webhook endpoints, the outbox, and delivery.

- `event_record` writes an event and one delivery per endpoint that wants it, and must be
  called inside the transaction of the change (it refuses otherwise): the change and its
  outbox rows commit together or not at all. On commit the deliveries are queued.
- `delivery_attempt` takes one due delivery with a conditional UPDATE (so a duplicate task
  or the sweep running at once finds nothing to do), POSTs it, and records the outcome.
- `deliveries_sweep` (celery beat, or `manage.py deliver_webhooks`) queues what is due and
  was never queued (the broker was down), retries due later than a countdown may wait, and
  deliveries whose worker died holding them.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import secrets
import uuid
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from claims.models import Claim, FactCheck, Verdict
from claims.roles import is_editor
from claims.webhooks import payloads, sending
from claims.webhooks.addresses import UnsafeUrl, resolve, url_check
from claims.webhooks.models import EDITOR_EVENTS, Delivery, DeliveryAttempt, Endpoint, Event, EventType
from factcheck.celery import app as celery_app, task_send
from sources.models import Speaker

logger = logging.getLogger(__name__)

# Sent by name: services never import tasks.
DELIVER_TASK = "claims.deliver_webhook"
ENDPOINTS_PER_OWNER = 20
SPEAKERS_PER_ENDPOINT = 200
DESCRIPTION_LENGTH = 200
# A retry due within this many seconds is sent as a task with a countdown (held by the
# broker well inside its visibility timeout); later ones are left to the sweep.
COUNTDOWN_MAX = 300
# A queued delivery not taken this long after it was due is queued again by the sweep (its
# message was lost with a broker that restarted empty).
REQUEUE_AFTER = 60
# A worker holds a delivery it is sending this much longer than the time limit.
LEASE_MARGIN = 30


# Registration -------------------------------------------------------------------------------

def _secret() -> str:
    """A new signing secret in the Standard Webhooks form: whsec_ and 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _events_checked(events: Iterable[str], *, owner: AbstractBaseUser) -> list[str]:
    wanted = list(dict.fromkeys(events))
    if not wanted:
        raise ValidationError({"events": "Choose at least one event."})
    unknown = [e for e in wanted if e not in EventType.values]
    if unknown:
        raise ValidationError({"events": f"Unknown event {unknown[0]!r}; known: {', '.join(EventType.values)}."})
    for event in wanted:
        if event in EDITOR_EVENTS and not is_editor(owner):
            raise ValidationError({"events": f"{event} tells of claims not yet reviewed: editors only."})
    return wanted


def endpoint_url_check(url: str) -> str:
    """The URL, refused (ValidationError) unless http(s) without credentials and, unless
    FACTCHECK_FETCH_ALLOW_PRIVATE, resolving only to public addresses."""
    try:
        url_check(url)
        if not settings.FACTCHECK_FETCH_ALLOW_PRIVATE:
            resolve(url, allow_private=False)
    except UnsafeUrl as exc:
        raise ValidationError({"url": str(exc)}) from None
    return url


def endpoint_check(
    *, owner: AbstractBaseUser, url: str, events: Iterable[str], speaker_ids: Sequence[int] = (), description: str = ""
) -> tuple[str, list[str], list[int], str]:
    """The registration as it will be stored (url, events, speaker ids, description), or a
    ValidationError naming the field at fault. The admin's form asks it before saving."""
    url = endpoint_url_check(url.strip())
    wanted = _events_checked(events, owner=owner)
    if len(description) > DESCRIPTION_LENGTH:
        raise ValidationError({"description": f"At most {DESCRIPTION_LENGTH} characters."})
    speaker_ids = list(dict.fromkeys(speaker_ids))
    if len(speaker_ids) > SPEAKERS_PER_ENDPOINT:
        raise ValidationError({"speakers": f"At most {SPEAKERS_PER_ENDPOINT} speakers per endpoint."})
    found = set(Speaker.objects.filter(pk__in=speaker_ids).values_list("pk", flat=True))
    missing = [s for s in speaker_ids if s not in found]
    if missing:
        raise ValidationError({"speakers": f"No speaker #{missing[0]}."})
    if speaker_ids and EventType.SPEAKER_QUOTED not in wanted:
        raise ValidationError({"speakers": "Watched speakers need the speaker.quoted event."})
    if EventType.SPEAKER_QUOTED in wanted and not speaker_ids:
        raise ValidationError({"speakers": "speaker.quoted needs the speakers to watch."})
    return url, wanted, speaker_ids, description.strip()


def endpoint_create(
    *,
    owner: AbstractBaseUser,
    url: str,
    events: Iterable[str],
    speaker_ids: Sequence[int] = (),
    description: str = "",
) -> tuple[Endpoint, str]:
    """A new endpoint and its signing secret, which the caller shows once."""
    if not owner.is_active:
        raise PermissionDenied("An inactive account cannot register webhooks.")
    url, wanted, speaker_ids, description = endpoint_check(
        owner=owner, url=url, events=events, speaker_ids=speaker_ids, description=description
    )
    secret = _secret()
    with transaction.atomic():
        # Counted under the owner's row lock: two requests at once cannot pass the limit.
        get_user_model().objects.select_for_update().filter(pk=owner.pk).first()
        if Endpoint.objects.filter(owner=owner).count() >= ENDPOINTS_PER_OWNER:
            raise ValidationError(f"At most {ENDPOINTS_PER_OWNER} endpoints per account: delete one first.")
        endpoint = Endpoint.objects.create(owner=owner, url=url, events=wanted, secret=secret, description=description)
        endpoint.speakers.set(speaker_ids)
    return endpoint, secret


def endpoint_delete(*, endpoint: Endpoint, user: AbstractBaseUser) -> None:
    """Its owner, or an editor, deletes an endpoint; its deliveries go with it."""
    if endpoint.owner_id != user.pk and not is_editor(user):
        raise PermissionDenied("Only its owner or an editor may delete an endpoint.")
    endpoint.delete()


def endpoints_of(user: AbstractBaseUser) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(owner=user).prefetch_related("speakers")


def deliveries_of(user: AbstractBaseUser) -> QuerySet[Delivery]:
    return Delivery.objects.filter(endpoint__owner=user).select_related("event", "endpoint")


# The outbox -------------------------------------------------------------------------------

def watched_speakers() -> set[int]:
    """Speakers some active endpoint watches (speaker.quoted): one query per batch of claims."""
    rows = Endpoint.speakers.through.objects.filter(endpoint__active=True).values_list(
        "endpoint__events", "speaker_id"
    )
    return {speaker for events, speaker in rows if EventType.SPEAKER_QUOTED in (events or [])}


def _subscribers(event_type: str, speaker_id: int | None) -> list[Endpoint]:
    endpoints = Endpoint.objects.filter(active=True, owner__is_active=True).select_related("owner")
    if event_type == EventType.SPEAKER_QUOTED:
        endpoints = endpoints.filter(speakers=speaker_id)
    wanted = [e for e in endpoints if event_type in (e.events or [])]
    if event_type in EDITOR_EVENTS:
        wanted = [e for e in wanted if is_editor(e.owner)]
    return wanted


def event_record(*, event_type: str, payload: dict, speaker_id: int | None = None) -> Event | None:
    """Write the event and its deliveries in the caller's transaction, and queue them once it
    commits. None when no active endpoint wants it (nothing is written)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("event_record belongs inside the transaction of the change it tells of")
    endpoints = _subscribers(event_type, speaker_id)
    if not endpoints:
        return None
    now = timezone.now()
    until = now + dt.timedelta(hours=settings.FACTCHECK_WEBHOOK_RETRY_HOURS)
    event = Event.objects.create(type=event_type, payload=payload)
    deliveries = Delivery.objects.bulk_create([
        Delivery(event=event, endpoint=e, message_id=f"msg_{uuid.uuid4().hex}", next_attempt_at=now, retry_until=until)
        for e in endpoints
    ])
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: deliveries_send(delivery_ids=ids))
    return event


def quote_event(*, event_type: str, claim: Claim, corrected: Sequence[str] = ()) -> Event | None:
    """quote.verified or quote.withdrawn for this claim, in the caller's transaction.
    `corrected`: what an editor's correction of an already verified quote changed; the
    quote.verified event is sent again, so that consumers holding the quote replace it."""
    if not _wanted(event_type):
        return None
    return event_record(event_type=event_type, payload=payloads.quote_payload(claim, corrected=corrected))


def quote_corrected_event(*, claim: Claim, changed: Sequence[str]) -> Event | None:
    """A verified quote's public words, speaker, kind or pieces corrected: quote.verified
    again, with `corrected` naming what changed. Other corrections (via, title, cue) are
    not in the quote's data and send nothing."""
    told = [c for c in changed if c in QUOTE_CORRECTIONS]
    if claim.status != Claim.Status.VERIFIED or not told:
        return None
    return quote_event(event_type=EventType.QUOTE_VERIFIED, claim=claim, corrected=told)


# The corrections that change what quote events carry (claim_data): the words, who, how.
QUOTE_CORRECTIONS = ("wording", "speaker", "kind", "pieces")


def verdict_event(*, verdict: Verdict, previous: dict | None = None) -> Event | None:
    """verdict.published, or verdict.changed with `previous`, for a verified quote's verdict:
    an unverified claim's verdict is not public, and its quote.verified will carry it."""
    event_type = EventType.VERDICT_PUBLISHED if previous is None else EventType.VERDICT_CHANGED
    if verdict.claim.status != Claim.Status.VERIFIED or not _wanted(event_type):
        return None
    return event_record(event_type=event_type, payload=payloads.verdict_payload(verdict, previous=previous))


def speaker_quoted_event(*, claim: Claim) -> Event | None:
    """speaker.quoted for a new claim of a watched speaker (see watched_speakers)."""
    return event_record(
        event_type=EventType.SPEAKER_QUOTED, payload=payloads.speaker_quoted_payload(claim),
        speaker_id=claim.speaker_id,
    )


def fact_check_matched_event(*, claim_id: int, fact_check_id: int, score: float) -> Event | None:
    """claim.matched_factcheck for a new suggestion of a fact-check for a claim."""
    if not _wanted(EventType.CLAIM_MATCHED_FACTCHECK):
        return None
    claim = Claim.objects.select_related("article", "speaker").get(pk=claim_id)
    fact_check = FactCheck.objects.get(pk=fact_check_id)
    return event_record(
        event_type=EventType.CLAIM_MATCHED_FACTCHECK,
        payload=payloads.fact_check_match_payload(claim, fact_check, score=score),
    )


def _wanted(event_type: str) -> bool:
    """Whether any active endpoint wants this event: checked before building a payload."""
    return any(
        event_type in (events or [])
        for events in Endpoint.objects.filter(active=True).values_list("events", flat=True)
    )


# Delivery ---------------------------------------------------------------------------------

def deliveries_send(*, delivery_ids: Sequence[int], countdown: float | None = None) -> int:
    """Queue these deliveries (on commit); how many the broker took. With the broker down
    they stay unqueued for the sweep, and the change that made them is not held up."""
    sent = []
    options = {"countdown": countdown} if countdown else {}
    for delivery_id in delivery_ids:
        try:
            task_send(DELIVER_TASK, delivery_id, **options)
        except (KombuOperationalError, OSError) as exc:
            logger.warning("broker unavailable, %d webhook deliveries left for the sweep: %s",
                           len(delivery_ids) - len(sent), exc)
            break
        sent.append(delivery_id)
    if sent:
        queued = timezone.now() + dt.timedelta(seconds=countdown or 0)
        Delivery.objects.filter(pk__in=sent, status=Delivery.Status.PENDING).update(queued_at=queued)
    return len(sent)


def _due(now: dt.datetime) -> Q:
    return Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, lease_until__lt=now
    )


def delivery_attempt(*, delivery_id: int) -> str:
    """Try one delivery if it is due and nobody holds it; its outcome, or 'skipped'."""
    now = timezone.now()
    timeout = settings.FACTCHECK_WEBHOOK_TIMEOUT
    taken = Delivery.objects.filter(_due(now), pk=delivery_id).update(
        status=Delivery.Status.SENDING, attempts=F("attempts") + 1,
        lease_until=now + dt.timedelta(seconds=timeout + LEASE_MARGIN), updated_at=now,
    )
    if not taken:
        return "skipped"
    delivery = Delivery.objects.select_related("event", "endpoint").get(pk=delivery_id)
    endpoint, event = delivery.endpoint, delivery.event
    if not endpoint.active:
        sent = sending.Sent(sending.Outcome.FAILED, 0, error="the endpoint was made inactive")
    else:
        sent = sending.post(
            url=endpoint.url, secret=endpoint.secret, message_id=delivery.message_id, body=event_body(event),
            timeout=timeout, allow_private=settings.FACTCHECK_FETCH_ALLOW_PRIVATE,
        )
    return _record(delivery, sent, started=now)


def event_body(event: Event) -> str:
    """The JSON body, the same on every attempt: {type, timestamp, data}."""
    return json.dumps(
        {"type": event.type, "timestamp": event.created_at.isoformat(), "data": event.payload},
        separators=(",", ":"), ensure_ascii=False,
    )


def _record(delivery: Delivery, sent: sending.Sent, *, started: dt.datetime) -> str:
    now = timezone.now()
    outcome = str(sent.outcome)
    changes: dict = {
        "response_code": sent.response_code, "duration_ms": sent.duration_ms, "error": sent.error,
        "lease_until": None, "updated_at": now,
    }
    delay = None
    if sent.outcome is sending.Outcome.DELIVERED:
        changes.update(status=Delivery.Status.DELIVERED, delivered_at=now, next_attempt_at=None)
    elif sent.outcome is sending.Outcome.FAILED:
        changes.update(status=Delivery.Status.FAILED, next_attempt_at=None)
    elif now >= delivery.retry_until:
        outcome = "dead"
        changes.update(status=Delivery.Status.DEAD, next_attempt_at=None)
    else:
        delay = sending.retry_delay(
            delivery.attempts, first=settings.FACTCHECK_WEBHOOK_RETRY_FIRST, cap=settings.FACTCHECK_WEBHOOK_RETRY_MAX
        )
        if sent.retry_after is not None:
            delay = max(delay, min(sent.retry_after, settings.FACTCHECK_WEBHOOK_RETRY_MAX))
        changes.update(status=Delivery.Status.PENDING, next_attempt_at=now + dt.timedelta(seconds=delay), queued_at=None)
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=started, duration_ms=sent.duration_ms,
            response_code=sent.response_code, error=sent.error, outcome=outcome,
        )
        # Only while this run still holds it: a run whose lease ran out leaves the row to
        # the run that took it over.
        held = Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.SENDING, attempts=delivery.attempts
        ).update(**changes)
    if held and delay is not None and delay <= COUNTDOWN_MAX and not celery_app.conf.task_always_eager:
        deliveries_send(delivery_ids=[delivery.pk], countdown=delay)
    return outcome


def deliveries_sweep(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Queue the deliveries that are due and that no queued task will take: never queued
    (the broker was down), queued but not taken REQUEUE_AFTER seconds after they were due
    (the message was lost), and held by a worker whose lease ran out. Runs on the beat."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=REQUEUE_AFTER)
    due = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        & (Q(queued_at__isnull=True) | Q(queued_at__lte=stale))
        | Q(status=Delivery.Status.SENDING, lease_until__lt=now)
    )
    ids = list(due.order_by("next_attempt_at", "id").values_list("pk", flat=True)[:limit])
    if ids:
        logger.info("sweep: queueing %d webhook deliveries", len(ids))
        deliveries_send(delivery_ids=ids)
    return ids


def events_prune(*, now: dt.datetime | None = None, batch: int = 1000) -> int:
    """Delete the events older than FACTCHECK_WEBHOOK_KEEP_DAYS whose every delivery is
    finished (delivered, failed or dead), with their deliveries and attempts: the outbox
    would otherwise grow for ever. An event still being tried is kept whatever its age.
    Deleted in batches, so that one run never holds a long lock. Returns the events deleted."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.FACTCHECK_WEBHOOK_KEEP_DAYS)
    unfinished = Delivery.objects.filter(
        event=models.OuterRef("pk"), status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    )
    old = Event.objects.filter(created_at__lt=cutoff).exclude(models.Exists(unfinished))
    deleted = 0
    while True:
        ids = list(old.order_by("id").values_list("pk", flat=True)[:batch])
        if not ids:
            break
        with transaction.atomic():
            DeliveryAttempt.objects.filter(delivery__event_id__in=ids).delete()
            Delivery.objects.filter(event_id__in=ids).exclude(
                status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
            ).delete()
            # An editor's "send again" between the read and here keeps its event.
            deleted += old.filter(pk__in=ids).delete()[1].get(Event._meta.label, 0)
    if deleted:
        logger.info("pruned %d webhook events older than %s days", deleted, settings.FACTCHECK_WEBHOOK_KEEP_DAYS)
    return deleted


def delivery_resend(*, delivery: Delivery, user: AbstractBaseUser) -> Delivery:
    """An editor sends a delivery again, whatever became of it: the same event, the same
    webhook-id (receivers that have it already drop it), a new retry window."""
    if not is_editor(user):
        raise PermissionDenied("Only editors may send deliveries again.")
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).exclude(status=Delivery.Status.SENDING).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, queued_at=None, lease_until=None,
            retry_until=now + dt.timedelta(hours=settings.FACTCHECK_WEBHOOK_RETRY_HOURS), updated_at=now,
        )
        transaction.on_commit(lambda: deliveries_send(delivery_ids=[delivery.pk]))
    delivery.refresh_from_db()
    return delivery
