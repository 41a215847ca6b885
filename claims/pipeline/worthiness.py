"""Check-worthiness of stored claims. A claim is scored whenever it is saved (Claim.save);
this scores again the claims stored before new weights or a new FACTCHECK_CHECKWORTHY_MIN."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from simple_history.utils import bulk_update_with_history

from claims.models import WORTHINESS_FIELDS, Claim


# Where the high band starts: nine in ten ClaimBuster dev sentences scored above it are
# check-worthy (bench/checkworthy_threshold.py). The low band ends at FACTCHECK_CHECKWORTHY_MIN.
HIGH_BAND = 0.6
BANDS = ("high", "medium", "low", "none")


def band_labels() -> list[tuple[str, str]]:
    """The score bands as an editor reads them, with their bounds."""
    low = settings.FACTCHECK_CHECKWORTHY_MIN
    return [
        ("high", f"high ({HIGH_BAND:g} and up)"), ("medium", f"medium ({low:g} to {HIGH_BAND:g})"),
        ("low", f"low (below {low:g})"), ("none", "not scored"),
    ]


def claims_in_band(claims: QuerySet[Claim], band: str) -> QuerySet[Claim]:
    """The claims whose check-worthiness score lies in `band` (one of BANDS)."""
    low = settings.FACTCHECK_CHECKWORTHY_MIN
    if band == "high":
        return claims.filter(worthiness__gte=max(HIGH_BAND, low))
    if band == "medium":
        return claims.filter(worthiness__gte=low, worthiness__lt=max(HIGH_BAND, low))
    if band == "low":
        return claims.filter(worthiness__lt=low)
    if band == "none":
        return claims.filter(worthiness__isnull=True)
    raise ValueError(f"unknown band {band!r}")


@dataclass(frozen=True)
class RescoreReport:
    seen: int
    changed: int


def claims_rescore(*, article_ids: list[int] | None = None, batch: int = 1000) -> RescoreReport:
    """Score every claim (or those of `article_ids`) again and store the ones whose score,
    type, reason or flag moved, with a history entry each ("re-scored"). The claim's
    version stays: an editor's open page is not made stale by a score."""
    claims = Claim.objects.all()
    if article_ids is not None:
        claims = claims.filter(article_id__in=article_ids)
    ids = list(claims.order_by("id").values_list("pk", flat=True))
    seen = changed = 0
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            moved = []
            for claim in claims.filter(pk__in=ids[start : start + batch]).select_for_update(of=("self",)):
                before = tuple(getattr(claim, f) for f in WORTHINESS_FIELDS)
                claim.score_worthiness()
                seen += 1
                if tuple(getattr(claim, f) for f in WORTHINESS_FIELDS) != before:
                    moved.append(claim)
            if moved:
                bulk_update_with_history(moved, Claim, list(WORTHINESS_FIELDS), default_change_reason="re-scored")
                changed += len(moved)
    return RescoreReport(seen=seen, changed=changed)
