"""Thin tasks of claim tracking: take ids, call the service. Queued on commit by the services
that store claims and fact-checks, at a priority below extraction."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.tracking.services import claims_match, fact_checks_match

# Matching a few dozen claims takes well under a second; the limits catch a stuck run.
_LIMITS = {"soft_time_limit": 300, "time_limit": 360}
_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),  # the database went away: try again later
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(name="claims.match_claims", acks_late=True, **_LIMITS, **_RETRY)
def match_claims(claim_ids: list[int]) -> dict:
    """Match stored claims against statements and fact-checks. Idempotent: a claim matched
    already with the same words and speaker is skipped."""
    report = claims_match(claim_ids=claim_ids)
    return {"matched": report.matched, "linked": report.linked, "suggested": report.suggested}


@shared_task(name="claims.match_fact_checks", acks_late=True, **_LIMITS, **_RETRY)
def match_fact_checks(fact_check_ids: list[int]) -> dict:
    """Suggest new or changed fact-checks for the claims they review. Idempotent."""
    report = fact_checks_match(fact_check_ids=fact_check_ids)
    return {"matched": report.matched, "suggested": report.suggested}
