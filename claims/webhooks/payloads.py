"""What each event says: the `data` of its JSON body, built from the rows as they are in the
transaction that changed them. Explicit fields, as the API's; ids let a receiver fetch more."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Claim, FactCheck, Verdict


def _speaker(claim: Claim) -> dict | None:
    if claim.speaker_id is None:
        return None
    return {"id": claim.speaker_id, "name": claim.speaker.name}


def _article(claim: Claim) -> dict:
    article = claim.article
    return {
        "id": article.pk,
        "title": article.title,
        "url": article.url,
        "published_on": article.published_on.isoformat() if article.published_on else None,
    }


def claim_data(claim: Claim) -> dict:
    """A claim as events carry it (a quote once verified)."""
    return {
        "id": claim.pk,
        "text": claim.display_text,
        "kind": claim.kind,
        "status": claim.status,
        "speaker": _speaker(claim),
        "attribution": claim.attribution,
        "article": _article(claim),
        # Where the public quote is; none for a claim that is not one (yet, or any more).
        "api_path": reverse("api:quote-detail", args=[claim.pk]) if claim.status == Claim.Status.VERIFIED else None,
    }


def verdict_data(verdict: Verdict) -> dict:
    return {
        "rating": verdict.rating,
        "rating_label": verdict.get_rating_display(),
        "summary": verdict.summary,
        "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
        "evidence": [{"title": e.title, "url": e.url} for e in verdict.evidence.all()],
    }


def quote_payload(claim: Claim, *, corrected=()) -> dict:
    """The quote and its published verdict; `corrected` (what changed) when an editor's
    correction of a verified quote sends it again."""
    verdict = claim.published_verdict
    data = {"quote": claim_data(claim), "verdict": verdict_data(verdict) if verdict is not None else None}
    if corrected:
        data["corrected"] = list(corrected)
    return data


def verdict_payload(verdict: Verdict, *, previous: dict | None = None) -> dict:
    """The verdict and its quote; `previous` (rating and summary before) for a change."""
    data = {"quote": claim_data(verdict.claim), "verdict": verdict_data(verdict)}
    if previous is not None:
        data["previous"] = previous
    return data


def speaker_quoted_payload(claim: Claim) -> dict:
    return {"speaker": _speaker(claim), "claim": claim_data(claim)}


def fact_check_match_payload(claim: Claim, fact_check: FactCheck, *, score: float) -> dict:
    return {
        "claim": claim_data(claim),
        "fact_check": {
            "id": fact_check.pk,
            "ours": fact_check.is_ours,
            "publisher": fact_check.publisher,
            "url": fact_check.url,
            "claim_reviewed": fact_check.claim_reviewed,
            "rating_text": fact_check.rating_text,
            "rating_value": fact_check.rating_value,
        },
        "score": round(score, 4),
    }
