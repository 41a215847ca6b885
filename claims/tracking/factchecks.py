"""Fact-checks: ours, kept in step with our published verdicts, and other organisations',
imported from their ClaimReview markup. Written here, matched against the claims on commit
(claims/tracking/services.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from claims.models import FactCheck, Verdict
from claims.tracking.claimreview import ClaimReviewRecord
from claims.tracking.services import fact_checks_match_send

# Our ratings on the fact-checks' common scale, -1 (false) to 1 (true). "Unverifiable"
# and "misattributed" say nothing of the words' truth: no value.
VERDICT_VALUES = {
    Verdict.Rating.TRUE: 1.0,
    Verdict.Rating.MOSTLY_TRUE: 0.5,
    Verdict.Rating.HALF_TRUE: 0.0,
    Verdict.Rating.MOSTLY_FALSE: -0.5,
    Verdict.Rating.MISLEADING: -0.5,
    Verdict.Rating.FALSE: -1.0,
}
# A change to these means other words to match: the vector is made again.
_WORDS = ("claim_reviewed", "title")


@dataclass(frozen=True)
class Imported:
    fact_check: FactCheck
    outcome: str  # "imported", "updated" or "unchanged"


def _write(fact_check: FactCheck, values: dict, *, user: AbstractBaseUser | None, reason: str) -> bool:
    """Set the values and save, with history, if any differs; True when saved."""
    changed = [name for name, value in values.items() if getattr(fact_check, name) != value]
    if fact_check.pk is not None and not changed:
        return False
    for name, value in values.items():
        setattr(fact_check, name, value)
    if any(name in _WORDS for name in changed):
        fact_check.vector_format = ""  # matched again with its new words
    fact_check._history_user = user
    fact_check._change_reason = reason
    fact_check.save()
    return True


def fact_check_from_verdict(*, verdict: Verdict, user: AbstractBaseUser | None = None) -> FactCheck | None:
    """Our published verdict as a fact-check, made or brought up to date, and matched against
    the claims once committed. None while the verdict is unpublished."""
    if not verdict.is_published:
        return None
    claim = verdict.claim
    values = {
        "publisher": settings.FACTCHECK_PUBLISHER_NAME[:300],
        "claim_reviewed": claim.display_text,
        "claimant": claim.source_name[:300],
        "rating_text": verdict.get_rating_display(),
        "rating_value": VERDICT_VALUES.get(verdict.rating),
        "reviewed_on": verdict.published_at.date(),
    }
    fact_check = FactCheck.objects.select_for_update().filter(verdict=verdict).first() or FactCheck(verdict=verdict)
    reason = "our verdict published" if fact_check.pk is None else "our verdict changed"
    if _write(fact_check, values, user=user, reason=reason):
        fact_check_id = fact_check.pk
        transaction.on_commit(lambda: fact_checks_match_send(fact_check_ids=[fact_check_id]))
    return fact_check


def fact_check_import(*, record: ClaimReviewRecord) -> Imported:
    """Store an imported fact-check, one per URL: a URL seen before is updated when its
    record changed (a fact-checker revising a rating), else left as it is."""
    values = {
        "publisher": record.publisher,
        "claim_reviewed": record.claim_reviewed,
        "title": record.title,
        "claimant": record.claimant,
        "rating_text": record.rating_text,
        "rating_value": record.rating_value,
        "reviewed_on": record.reviewed_on,
        "raw": record.raw,
    }
    try:
        with transaction.atomic():
            return _import(record, values)
    except IntegrityError:
        # Another import stored the same URL a moment ago: this one updates it.
        with transaction.atomic():
            return _import(record, values)


def _import(record: ClaimReviewRecord, values: dict) -> Imported:
    fact_check = FactCheck.objects.select_for_update().filter(url=record.url).first()
    if fact_check is None:
        fact_check = FactCheck(url=record.url)
        _write(fact_check, values, user=None, reason="imported")
        return Imported(fact_check, "imported")
    updated = _write(fact_check, values, user=None, reason="imported again, changed")
    return Imported(fact_check, "updated" if updated else "unchanged")
