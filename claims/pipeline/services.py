"""The extraction pipeline: extract an article's claims, store them, and send again what
waited too long. Articles arrive and are queued through sources.services."""

from __future__ import annotations

from dataclasses import dataclass
import datetime as dt
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.extraction import EXTRACTOR_VERSION, Attribution, ExtractionTimeout, SpeakerKind, get_extractor
from claims.extraction.names import contains_words
from claims.models import (
    ArticlesSeen,
    Claim,
    ClaimSpanError,
    WorkerHeartbeat,
    piece_spans,
    pieces_check,
    pieces_stored,
    pieces_text,
)
from claims.pipeline.versions import Carried, claim_fingerprint, claims_carry_forward, is_superseded
from claims.tracking.services import claims_match_send, statement_refresh, statements_of
from claims.webhooks.services import speaker_quoted_event, watched_speakers
# The module, not the name: article_send is looked up when called (tests replace it there).
from sources import services as article_services
from sources.models import Article, normalise_name
from sources.services import speaker_remove_if_unused, speaker_resolve

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExtractionResult:
    article_id: int
    ran: bool  # False when another run held the article or it was already extracted
    status: str
    created: int = 0
    updated: int = 0
    removed: int = 0
    carried: Carried = Carried()  # the editors' claims brought from the earlier versions


def articles_requeue_stale(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Send again the articles left waiting: queued (or received) longer than
    FACTCHECK_REQUEUE_QUEUED_AFTER seconds, say because the broker was down when they came
    in, and extracting in a worker whose heartbeat stopped (FACTCHECK_REQUEUE_WORKER_SILENT_AFTER)
    or, for a run that named no worker, longer than FACTCHECK_REQUEUE_EXTRACTING_AFTER.
    Articles taken back from a worker go ahead of the backlog. Runs on the beat schedule."""
    now = now or timezone.now()
    silent_since = now - dt.timedelta(seconds=settings.FACTCHECK_REQUEUE_WORKER_SILENT_AFTER)
    waiting = Article.objects.waiting(since=now - dt.timedelta(seconds=settings.FACTCHECK_REQUEUE_QUEUED_AFTER))
    orphaned = Article.objects.orphaned(
        silent_since=silent_since,
        unnamed_since=now - dt.timedelta(seconds=settings.FACTCHECK_REQUEUE_EXTRACTING_AFTER),
        live_workers=WorkerHeartbeat.objects.filter(seen_at__gte=silent_since).values("name"),
    )
    stale = waiting | orphaned
    # Articles a dead worker held first: behind a long-queued backlog they would miss the cut.
    orphans = list(orphaned.order_by("updated_at").values_list("pk", flat=True)[:limit])
    ids = orphans + list(waiting.order_by("updated_at").values_list("pk", flat=True)[: limit - len(orphans)])
    taken_back = set(orphans)  # from a worker: sent ahead of the backlog
    requeued = []
    for article_id in ids:
        with transaction.atomic():
            # Conditional again: a worker may have taken the article since the list was read.
            urgent = article_id in taken_back
            if stale.filter(pk=article_id).requeue():
                requeued.append(article_id)
                transaction.on_commit(
                    lambda article_id=article_id, urgent=urgent: article_services.article_send(
                        article_id=article_id, urgent=urgent
                    )
                )
    if requeued:
        logger.warning("requeued %d stale article(s): %s", len(requeued), requeued[:20])
    # Each worker process leaves its own row (name#pid): drop those silent for a day.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return requeued


def article_claim_for_extraction(*, article_id: int, force: bool = False, task_id: str = "", worker: str = "") -> bool:
    """Take the article for this run with one conditional UPDATE; False if someone else has it.

    A failed article runs again only once queued again (by an editor, or a new submission):
    a stray duplicate message must not repeat a failure. Every run counts an attempt until
    it ends; runs whose worker died count up, and past FACTCHECK_MAX_ATTEMPTS the article
    fails instead of killing workers for ever (say, a text that exhausts memory)."""
    limit = settings.FACTCHECK_MAX_ATTEMPTS
    article = Article.objects.filter(pk=article_id)
    if article.take_for_extraction(max_attempts=limit, force=force, task_id=task_id, worker=worker):
        return True
    gave_up = article.give_up(
        max_attempts=limit, force=force, task_id=task_id,
        error=f"Gave up after {limit} attempts: the worker stopped each time before finishing (out of memory or "
              "killed). Retry once the cause is fixed.",
    )
    if gave_up:
        logger.error("article %s failed after %s unfinished attempts", article_id, limit)
    return False


def claims_extract(*, article_id: int, force: bool = False, task_id: str = "", worker: str = "") -> ExtractionResult:
    """Run the extractor over one article and store what it finds.

    Safe to run twice or twice at once: the conditional claim lets one run in, and claims
    are keyed by fingerprint. Reviewed claims are never touched.
    """
    if not article_claim_for_extraction(article_id=article_id, force=force, task_id=task_id, worker=worker):
        status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
        return ExtractionResult(article_id, False, status or "missing")
    article = Article.objects.get(pk=article_id)
    if is_superseded(article):
        # A newer text came before this one's turn: the newer one holds the findings (and
        # the editors' claims carried forward); new guesses here would only be reviewed twice.
        Article.objects.filter(pk=article_id).mark_extracted(extractor_version=EXTRACTOR_VERSION)
        return ExtractionResult(article_id, True, Article.Status.EXTRACTED)
    try:
        found = get_extractor(settings.FACTCHECK_SPACY_MODEL).extract(
            article.body, time_limit=settings.FACTCHECK_EXTRACT_SECONDS
        )
        with transaction.atomic():
            carried = claims_carry_forward(article=article)
            created, updated, removed = claims_store(article=article, found=found, known=carried.known)
            Article.objects.filter(pk=article_id).mark_extracted(extractor_version=EXTRACTOR_VERSION)
            _match_on_commit(article_id)
    except (OperationalError, InterfaceError):
        # The database went away: hand the article back so the task's retry can take it.
        try:
            # The run ended, if badly: it does not count against the article.
            Article.objects.filter(pk=article_id).hand_back()
        except (OperationalError, InterfaceError):
            logger.warning("article %s left in extracting: database unavailable", article_id)
        raise
    except (ExtractionTimeout, SoftTimeLimitExceeded):
        return _article_failed(article_id, (
            f"Extraction took longer than the {settings.FACTCHECK_EXTRACT_SECONDS} s limit. Split the article, "
            "or raise FACTCHECK_EXTRACT_SECONDS, then retry."
        ))
    except Exception as exc:
        # Anything else is a fault in this article or in the code, not the weather: retrying
        # would fail the same way. Editors see the reason and can retry after a fix.
        logger.exception("extraction failed for article %s", article_id)
        return _article_failed(article_id, f"Extraction failed ({type(exc).__name__}): {exc}")
    return ExtractionResult(article_id, True, Article.Status.EXTRACTED, created, updated, removed, carried)


def _match_on_commit(article_id: int) -> None:
    """Queue the matching of the article's claims once they are committed: a task of its own,
    so a slow match never holds up extraction. Claims matched before with the same words
    are skipped there."""
    claim_ids = list(
        Claim.objects.filter(article_id=article_id).exclude(status=Claim.Status.REJECTED).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: claims_match_send(claim_ids=claim_ids))


def _article_failed(article_id: int, error: str) -> ExtractionResult:
    Article.objects.filter(pk=article_id).mark_failed(error=error)
    return ExtractionResult(article_id, True, Article.Status.FAILED)


def claim_fingerprints(body: str, found: list[Attribution]) -> list[str]:
    """One key per finding: where it starts and its normalised words. An earlier finding
    appearing in a later run never shifts the keys of the others."""
    return [claim_fingerprint(body, item.start, item.end) for item in found]


def stored_pieces(item: Attribution) -> list[list[int]]:
    """The pieces as the claim stores them: empty for the one piece start..end."""
    if not item.pieces:
        return []
    try:
        return pieces_stored(pieces_check(list(item.pieces), start=item.start, end=item.end), item.start, item.end)
    except ClaimSpanError:
        # Pieces the span cannot hold are the extractor's slip: the whole span is still a
        # true claim, so store it as one piece rather than lose it.
        logger.warning("pieces %r outside the span %s:%s left out", item.pieces, item.start, item.end)
        return []


def speaker_names_linked(found: list[Attribution]) -> dict[str, str]:
    """The article's short speaker names, each to the fuller person name of the same article
    that contains it: 'Marsh' to 'Teodor Marsh' (whatever the case and spacing), when the
    extractor left them apart. The article itself links them, so they are one speaker; a
    short name two fuller ones contain ('Marsh': 'Teodor Marsh', 'Ada Marsh') stays as it is."""
    fuller: dict[str, str] = {}
    for item in found:
        if item.speaker_name and item.speaker_kind == SpeakerKind.PERSON:
            key = normalise_name(item.speaker_name)
            if len(key.split()) >= 2:
                fuller.setdefault(key, item.speaker_name)
    linked = {}
    for item in found:
        name = item.speaker_name
        if not name or name in linked or item.speaker_kind not in (SpeakerKind.PERSON, SpeakerKind.ORGANIZATION):
            continue
        words = normalise_name(name).split()
        containing = {
            key for key in fuller
            if len(key.split()) > len(words) and contains_words(key.split(), words)
        }
        if len(containing) == 1:
            linked[name] = fuller[containing.pop()]
    return linked


@transaction.atomic
def claims_store(
    *, article: Article, found: list[Attribution], known: frozenset[tuple[int | None, str]] = frozenset()
) -> tuple[int, int, int]:
    """Upsert pending claims by fingerprint; remove pending ones no longer found.

    Returns (created, updated, removed). Verified and rejected claims stay as they are.
    `known`: (speaker id, words) the article's earlier versions had; a watched speaker's
    claim among them is not announced again.
    """
    fingerprints = claim_fingerprints(article.body, found)
    # Locked, so an editor's change made while this run resolves speakers is not undone.
    existing = {
        c.fingerprint: c
        for c in Claim.objects.select_for_update(of=("self",)).select_related("verdict").filter(article=article)
    }
    speakers_before = {c.speaker_id for c in existing.values() if c.speaker_id}
    # Resolve speakers in name order: two workers then take the per-name locks in the
    # same order and cannot deadlock.
    # One name the database cannot take must not cost the article its other claims: that
    # claim is stored without a speaker (its attribution text still says who) and logged.
    # One person named in full and then by surname is one speaker: the surname becomes an alias.
    linked = speaker_names_linked(found)
    speakers = {}
    named = sorted(
        ((linked.get(i.speaker_name, i.speaker_name), i) for i in found if i.speaker_name),
        key=lambda pair: (pair[0], pair[1].start),
    )
    for name, item in named:
        try:
            with transaction.atomic():
                kind = item.speaker_kind if name == item.speaker_name else SpeakerKind.PERSON
                speakers[item] = speaker_resolve(
                    name=name, kind=str(kind), title=item.speaker_title, mention=item.speaker or "",
                )
        except (ValidationError, DataError, IntegrityError) as exc:  # this name's fault; lost connections go up
            logger.warning(
                "article %s: speaker %r at %s left unresolved (%s: %s)",
                article.pk, item.speaker_name[:80], item.speaker_start, type(exc).__name__, exc,
            )
    # A claim at the same offsets is the same finding, whatever key an older extractor gave it.
    by_span = {(c.start, c.end): c for c in existing.values()}
    # Words an editor's claim already holds (one carried from an earlier version, say, that
    # this run cuts a little differently) get no pending twin.
    reviewed_spans = [span for c in existing.values() if c.is_reviewed for span in c.piece_spans]
    watched = watched_speakers()  # speaker.quoted: written with the claims, for webhooks
    created = updated = 0
    for item, fingerprint in zip(found, fingerprints):
        claim = existing.get(fingerprint) or by_span.get((item.start, item.end))
        if claim is not None and claim.is_reviewed:
            continue  # verified, rejected or corrected: the editors' word stands
        pieces = stored_pieces(item)
        if claim is None and _held(piece_spans(pieces, item.start, item.end), reviewed_spans):
            continue
        values = {
            "speaker": speakers.get(item),
            "text": pieces_text(article.body, piece_spans(pieces, item.start, item.end)),
            "start": item.start,
            "end": item.end,
            "pieces": pieces,
            "kind": str(item.kind),
            "cue": item.cue[:200],
            "cue_start": item.cue_start,
            "cue_end": item.cue_end,
            "attribution": (item.speaker or "")[:500],
            "speaker_start": item.speaker_start,
            "speaker_end": item.speaker_end,
            "speaker_title": item.speaker_title[:300],
            "via": item.via[:300],
            "confidence": item.confidence,
            "extractor_version": EXTRACTOR_VERSION,
            "fingerprint": fingerprint,
        }
        if claim is None:
            claim = Claim(article=article, **values)
            claim._change_reason = f"extracted ({EXTRACTOR_VERSION})"
            try:
                with transaction.atomic():
                    claim.save()
            except IntegrityError:
                continue  # stored by a concurrent run a moment ago
            created += 1
            if claim.speaker_id in watched and (claim.speaker_id, claim.text) not in known:
                speaker_quoted_event(claim=claim)
        else:
            if all(getattr(claim, field) == value for field, value in values.items()):
                continue  # unchanged: no save, no empty history entry
            for field, value in values.items():
                setattr(claim, field, value)
            claim.article = article
            claim.version += 1
            claim._change_reason = f"re-extracted ({EXTRACTOR_VERSION})"
            claim.save()
            updated += 1
    # Unreviewed claims the new run no longer finds go; the editors' ones stay.
    stale = Claim.objects.filter(
        article=article, status=Claim.Status.PENDING, corrected_at__isnull=True, assigned_to__isnull=True,
        verdict__isnull=True,
    ).filter(~Q(fingerprint__in=fingerprints))
    stale = list(stale)
    # The statements they were in may lose their first appearance with them.
    statements = statements_of(claim_ids=[c.pk for c in stale])
    removed = 0
    for claim in stale:
        claim._change_reason = f"no longer found ({EXTRACTOR_VERSION})"
        claim.delete()
        removed += 1
    for statement in statements:
        statement_refresh(statement=statement)
    # Speakers this run took claims away from (a newer extractor linking 'Marsh' to 'Teodor
    # Marsh'): the ones the pipeline made and nothing names any more go.
    left = speakers_before - {s.pk for s in speakers.values()}
    for speaker_id in sorted(left):
        speaker_remove_if_unused(speaker_id=speaker_id, reason=f"no claim left ({EXTRACTOR_VERSION})")
    return created, updated, removed


def _held(spans: list[tuple[int, int]], reviewed: list[tuple[int, int]]) -> bool:
    """Whether any of the finding's pieces shares a character with a reviewed claim's."""
    return any(a < y and x < b for a, b in spans for x, y in reviewed)


def articles_seen_update(*, user, now: dt.datetime | None = None) -> dt.datetime | None:
    """Record that the user opened their article list now; return when they last did
    before (None on a first visit)."""
    now = now or timezone.now()
    with transaction.atomic():
        seen, created = ArticlesSeen.objects.select_for_update().get_or_create(user=user, defaults={"seen_at": now})
        if created:
            return None
        before, seen.seen_at = seen.seen_at, now
        seen.save(update_fields=["seen_at"])
    return before
