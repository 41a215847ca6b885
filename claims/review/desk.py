"""The review desk's queue: which claim an editor gets next, the leases that keep two
editors off the same claim, the filters each editor keeps, and what the desk shows of a claim.

Leases: a ReviewLease row says who has a claim open until when. It is taken with one
conditional upsert (INSERT ... ON CONFLICT DO UPDATE ... WHERE the lease is the editor's
own or has run out), which the database applies atomically: of two editors asking at the
same moment exactly one gets the row. "Next" also locks the queue's first claims with
SELECT ... FOR UPDATE SKIP LOCKED, so two editors asking at once try different claims
instead of queueing behind each other. An editor holds one claim at a time: leasing
another drops the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from claims.display.highlight import claim_with_neighbours
from claims.models import Claim, ClaimMatch, ReviewLease, ReviewQueueFilter
from claims.params import parse_id
from claims.pipeline.worthiness import BANDS, claims_in_band
from claims.tracking.selectors import CheckedBefore, claim_appearances, claim_fact_checks

# How many queue heads one "next" locks at a time: the first not leased by another is taken.
NEXT_BATCH = 5
# The claims an editor skipped this session, left out of their "next" (newest kept).
SKIPPED_MAX = 500
# Bookkeeping fields every change touches: a history row names what the change was about.
_BOOKKEEPING = ["version", "updated_at", "corrected_at", "corrected_by", "reviewed_at", "original_extraction"]

# The claim page counts what is left up to this many ("1,000+ left"): counting 60,000
# pending claims would cost more than opening the claim. The queue page counts them all.
LEFT_CAP = 1000

CONFIDENCE_BANDS = {"low": (0.0, 0.5), "medium": (0.5, 0.8), "high": (0.8, 1.01)}
STATUS_ANY = "any"
ASSIGNED = ("me", "nobody")
VERDICT_STATES = ("none", "draft", "published")


@dataclass(frozen=True)
class QueueFilters:
    """What the desk's queue holds: pending claims by default, the rest narrowed by these.
    Built from a form's values by `parse`, which drops what it cannot read."""

    status: str = Claim.Status.PENDING
    worth: int | None = None
    band: str = ""
    claim_type: str = ""
    kind: str = ""
    confidence: str = ""
    outlet: int | None = None
    article: int | None = None
    speaker: int | None = None
    assigned: str = ""
    verdict: str = ""

    @classmethod
    def parse(cls, data: Mapping[str, object]) -> QueueFilters:
        def text(name: str, allowed: Iterable[str]) -> str:
            value = data.get(name)
            value = str(value).strip()[:40] if value is not None else ""
            return value if value in allowed else ""

        status = text("status", [*Claim.Status.values, STATUS_ANY]) or Claim.Status.PENDING
        worth = str(data.get("worth", "") or "").strip()
        return cls(
            status=status,
            worth=int(worth) if worth in {str(v) for v in Claim.Worth.values} else None,
            band=text("band", BANDS),
            claim_type=text("claim_type", [value for value, _ in Claim.TYPE_CHOICES]),
            kind=text("kind", Claim.Kind.values),
            confidence=text("confidence", CONFIDENCE_BANDS),
            outlet=parse_id(str(data.get("outlet", "") or "")),
            article=parse_id(str(data.get("article", "") or "")),
            speaker=parse_id(str(data.get("speaker", "") or "")),
            assigned=text("assigned", ASSIGNED),
            verdict=text("verdict", VERDICT_STATES),
        )

    def as_dict(self) -> dict[str, object]:
        """The filters that differ from the default, as stored and as the form's values."""
        default = QueueFilters()
        return {k: v for k, v in asdict(self).items() if v != getattr(default, k)}


def queue_filters_load(*, user: AbstractBaseUser) -> QueueFilters:
    saved = ReviewQueueFilter.objects.filter(user=user).values_list("filters", flat=True).first()
    return QueueFilters.parse(saved if isinstance(saved, dict) else {})


def queue_filters_save(*, user: AbstractBaseUser, filters: QueueFilters) -> QueueFilters:
    ReviewQueueFilter.objects.update_or_create(user=user, defaults={"filters": filters.as_dict()})
    return filters


def queue_claims(filters: QueueFilters, *, user: AbstractBaseUser | None = None) -> QuerySet[Claim]:
    """The queue in the desk's order: most worth checking first, least certain first among
    equals (the claim_review_queue index serves it for one status)."""
    claims = Claim.objects.all()
    order = ["worth", "confidence", "id"]
    if filters.status == STATUS_ANY:
        order = ["status", *order]
    else:
        claims = claims.filter(status=filters.status)
    if filters.worth is not None:
        claims = claims.filter(worth=filters.worth)
    if filters.band:
        claims = claims_in_band(claims, filters.band)
    if filters.claim_type:
        claims = claims.filter(claim_type=filters.claim_type)
    if filters.kind:
        claims = claims.filter(kind=filters.kind)
    if filters.confidence:
        low, high = CONFIDENCE_BANDS[filters.confidence]
        claims = claims.filter(confidence__gte=low, confidence__lt=high)
    if filters.outlet is not None:
        claims = claims.filter(article__outlet_id=filters.outlet)
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.speaker is not None:
        claims = claims.filter(speaker_id=filters.speaker)
    if filters.assigned == "me" and user is not None:
        claims = claims.filter(assigned_to=user)
    elif filters.assigned == "nobody":
        claims = claims.filter(assigned_to__isnull=True)
    if filters.verdict == "none":
        claims = claims.filter(verdict__isnull=True)
    elif filters.verdict == "draft":
        claims = claims.filter(verdict__isnull=False, verdict__published_at__isnull=True)
    elif filters.verdict == "published":
        claims = claims.filter(verdict__published_at__isnull=False)
    return claims.order_by(*order)


def _held_by_others(user: AbstractBaseUser, now: datetime) -> QuerySet[ReviewLease]:
    return ReviewLease.objects.filter(expires_at__gt=now).exclude(holder=user)


@dataclass(frozen=True)
class QueueCounts:
    """What is left in an editor's queue: in all, by check-worthiness, and how many of them
    other editors have open right now."""

    left: int
    by_worth: list[tuple[str, int]]
    open_elsewhere: int


def queue_counts(*, user: AbstractBaseUser, filters: QueueFilters) -> QueueCounts:
    """Two queries: the claims left by tier, and those of them leased by someone else."""
    claims = queue_claims(filters, user=user)
    tiers = dict(claims.order_by().values_list("worth").annotate(n=Count("id")))
    return QueueCounts(
        left=sum(tiers.values()),
        by_worth=[(label, tiers.get(value, 0)) for value, label in Claim.Worth.choices],
        open_elsewhere=_open_elsewhere(claims, user),
    )


def _open_elsewhere(claims: QuerySet[Claim], user: AbstractBaseUser) -> int:
    return claims.filter(pk__in=_held_by_others(user, timezone.now()).values("claim_id")).order_by().count()


@dataclass(frozen=True)
class QueueLeft:
    """What the claim page says is left: exact up to LEFT_CAP, "more than" beyond."""

    left: int
    more: bool
    open_elsewhere: int


def queue_left(*, user: AbstractBaseUser, filters: QueueFilters, cap: int = LEFT_CAP) -> QueueLeft:
    """Two queries, each stopping early: the queue's first cap + 1 claims counted, and those
    other editors have open."""
    claims = queue_claims(filters, user=user)
    counted = claims.order_by().values("pk")[: cap + 1].count()
    return QueueLeft(left=min(counted, cap), more=counted > cap, open_elsewhere=_open_elsewhere(claims, user))


def _lease_claim(claim_id: int, user: AbstractBaseUser, now: datetime) -> bool:
    """Lease the claim to the user unless another editor's lease on it still runs; True when
    the user holds it now. One statement: the database decides between two editors."""
    table = connection.ops.quote_name(ReviewLease._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    until = now + timedelta(seconds=settings.FACTCHECK_REVIEW_LEASE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (claim_id, holder_id, expires_at) VALUES (%s, %s, %s) "
            f"ON CONFLICT (claim_id) DO UPDATE SET holder_id = excluded.holder_id, expires_at = excluded.expires_at "
            f"WHERE {table}.holder_id = excluded.holder_id OR {table}.expires_at <= %s "
            f"RETURNING holder_id",
            [claim_id, user.pk, adapt(until), adapt(now)],
        )
        taken = cursor.fetchone() is not None
    if taken:
        ReviewLease.objects.filter(holder=user).exclude(claim_id=claim_id).delete()
    return taken


def desk_next(
    *, user: AbstractBaseUser, filters: QueueFilters, skipped: Iterable[int] = (), now: datetime | None = None
) -> int | None:
    """Lease the first claim of the queue that no other editor has open, and return its id;
    None when nothing is left. The claims the editor skipped are left out."""
    now = now or timezone.now()
    queue = queue_claims(filters, user=user).exclude(pk__in=_held_by_others(user, now).values("claim_id"))
    skipped = list(skipped)[-SKIPPED_MAX:]
    if skipped:
        queue = queue.exclude(pk__in=skipped)
    for _ in range(3):
        with transaction.atomic():
            # Claims another editor is being given right now are locked: passed by, not waited for.
            heads = list(
                queue.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[:NEXT_BATCH]
            )
            if not heads:
                return None
            for claim_id in heads:
                if _lease_claim(claim_id, user, now):
                    return claim_id
        # Every head was leased meanwhile: the query again, which now sees those leases.
    return None


@dataclass(frozen=True)
class LeaseState:
    """The editor's lease on the claim they opened, or the other editor who has it open."""

    mine: bool
    holder: str = ""
    until: datetime | None = None


def lease_take(*, claim_id: int, user: AbstractBaseUser, now: datetime | None = None) -> LeaseState:
    """Lease the claim the editor opened (by its address), or renew their lease; when another
    editor holds it, say who and until when, and take nothing."""
    now = now or timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a refused insert leaves the caller's transaction usable
            taken = _lease_claim(claim_id, user, now)
        if taken:
            return LeaseState(mine=True, holder=user.get_username(),
                              until=now + timedelta(seconds=settings.FACTCHECK_REVIEW_LEASE_SECONDS))
    except IntegrityError:  # no such claim (any more)
        return LeaseState(mine=False)
    lease = ReviewLease.objects.select_related("holder").filter(claim_id=claim_id).first()
    if lease is None:  # given back in between: try once more
        return lease_take(claim_id=claim_id, user=user, now=now)
    return LeaseState(mine=False, holder=lease.holder.get_username(), until=lease.expires_at)


def lease_release(*, claim_id: int, user: AbstractBaseUser) -> bool:
    """Give the claim back to the queue (the editor acted on it or left it). Only one's own."""
    deleted, _ = ReviewLease.objects.filter(claim_id=claim_id, holder=user).delete()
    return bool(deleted)


def skipped_add(skipped: Iterable[int], claim_id: int) -> list[int]:
    """The skipped list with the claim added last, bounded."""
    kept = [pk for pk in skipped if isinstance(pk, int) and pk != claim_id]
    return [*kept, claim_id][-SKIPPED_MAX:]


# -- what the desk shows of one claim --------------------------------------------------


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Neighbour:
    claim_id: int
    text: str
    speaker: str
    status: str
    status_label: str
    before: bool  # comes before the claim in the article


@dataclass(frozen=True)
class DeskClaim:
    claim: Claim
    context: SafeString
    neighbours: list[Neighbour]
    changes: list[Change]
    appearances: list[Claim]
    checked_before: list[CheckedBefore]
    speaker_resolution: str
    extracted: dict = field(default_factory=dict)


def claim_changes(claim: Claim, *, limit: int = 10) -> list[Change]:
    """Who changed what and when, newest first (one query)."""
    records = list(claim.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    changes = []
    for newer, older in zip(records, records[1:] + [None]):
        fields: list[str] = []
        if older is not None:
            fields = [c.field for c in newer.diff_against(older, excluded_fields=_BOOKKEEPING).changes]
        who = newer.history_user.get_username() if newer.history_user else "system"
        what = newer.history_change_reason or newer.get_history_type_display()
        changes.append(Change(when=newer.history_date, who=who, what=what, fields=tuple(fields)))
    return changes[:limit]


def _speaker_resolution(claim: Claim) -> str:
    """How the claim came to its speaker, in words an editor reads at a glance."""
    if claim.speaker is None:
        return "no speaker resolved" + (f" (the article says “{claim.attribution}”)" if claim.attribution else "")
    parts = []
    original = claim.original_extraction or {}
    if original.get("speaker_id") is not None and original.get("speaker_id") != claim.speaker_id:
        parts.append(f"corrected by an editor from “{original.get('speaker') or '?'}”")
    elif claim.attribution and claim.attribution != claim.speaker.name:
        parts.append(f"the article says “{claim.attribution}”")
    elif claim.attribution:
        parts.append("named in full in the article")
    parts.append("speaker found by extraction" if claim.speaker.from_extraction else "a speaker editors keep")
    return "; ".join(parts)


def desk_claim(*, claim_id: int) -> DeskClaim | None:
    """Everything the desk shows of one claim, or None when there is no such claim."""
    claim = (
        Claim.objects.select_related("article__outlet", "speaker", "assigned_to", "reviewed_by", "verdict")
        .annotate(matched=Exists(ClaimMatch.objects.filter(claim=OuterRef("pk"))))
        .filter(pk=claim_id)
        .first()
    )
    if claim is None:
        return None
    context, near = claim_with_neighbours(
        claim,
        Claim.objects.filter(article_id=claim.article_id).exclude(pk=claim.pk)
        .select_related("speaker").only("id", "start", "end", "pieces", "text", "corrected_text", "status",
                                        "speaker__name", "speaker__title", "attribution", "article_id"),
    )
    neighbours = [
        Neighbour(
            claim_id=other.pk, text=other.display_text, speaker=other.source_name or "unknown speaker",
            status=other.status, status_label=other.get_status_display(), before=other.start < claim.start,
        )
        for other in near
    ]
    return DeskClaim(
        claim=claim,
        context=context,
        neighbours=neighbours,
        changes=claim_changes(claim),
        # Both start from the claim's matches: none, nothing to look up.
        appearances=claim_appearances(claim, public=False) if claim.matched else [],
        checked_before=claim_fact_checks(claim, public=False) if claim.matched else [],
        speaker_resolution=_speaker_resolution(claim),
        extracted=claim.original_extraction or {},
    )
