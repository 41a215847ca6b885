"""schema.org ClaimReview for a quote with a published verdict, derived, never stored.

Fields as Google's fact-check markup asks: claimReviewed, reviewRating (with the text
rating as alternateName), url, author of the review, datePublished, and itemReviewed as
a Claim with its author and where it appeared.
"""

from __future__ import annotations

from django.conf import settings

from claims.models import Claim, Verdict
from sources.models import Speaker

# Position of each rating on a 1..6 truth scale; ratings off the scale are rated 0.
_SCALE = {
    Verdict.Rating.FALSE: 1, Verdict.Rating.MOSTLY_FALSE: 2, Verdict.Rating.HALF_TRUE: 3,
    Verdict.Rating.MOSTLY_TRUE: 4, Verdict.Rating.TRUE: 5,
}


def claim_review(claim: Claim, *, url: str) -> dict:
    verdict = claim.verdict
    author: dict = {"@type": "Organization", "name": settings.FACTCHECK_PUBLISHER_NAME}
    if settings.FACTCHECK_PUBLISHER_URL:
        author["url"] = settings.FACTCHECK_PUBLISHER_URL
    reviewed: dict = {"@type": "Claim", "appearance": {
        "@type": "CreativeWork", "headline": claim.article.title,
        **({"url": claim.article.url} if claim.article.url else {}),
    }}
    if claim.speaker is not None:
        reviewed["author"] = _speaker(claim.speaker, claim.speaker_title)
    if claim.article.published_on:
        reviewed["datePublished"] = claim.article.published_on.isoformat()
        reviewed["appearance"]["datePublished"] = claim.article.published_on.isoformat()
    rating: dict = {"@type": "Rating", "alternateName": verdict.get_rating_display()}
    if verdict.rating in _SCALE:
        rating.update({"ratingValue": _SCALE[verdict.rating], "bestRating": 5, "worstRating": 1})
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.display_text,
        "author": author,
        "datePublished": verdict.published_at.date().isoformat(),
        "reviewBody": verdict.summary,
        "reviewRating": rating,
        "itemReviewed": reviewed,
    }


def _speaker(speaker: Speaker, title: str) -> dict:
    kind = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    data = {"@type": kind, "name": speaker.name}
    if kind == "Person" and (title or speaker.title):
        data["jobTitle"] = title or speaker.title
    return data
