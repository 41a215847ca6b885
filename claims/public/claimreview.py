"""schema.org ClaimReview for a quote with a published verdict, derived, never stored.

Fields as Google's fact-check markup asks: claimReviewed, reviewRating (with the text
rating as alternateName), url, author of the review, datePublished, and itemReviewed as
a schema.org Claim with its author, every appearance readers may see (this quote's article
and those of the other verified quotes of its statement, each a CreativeWork with url,
headline, publisher and datePublished, earliest first) and its firstAppearance.
"""

from __future__ import annotations

from django.conf import settings

from claims.models import Claim, Verdict
from claims.tracking.selectors import claim_appearances
from sources.models import Article, Speaker

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
    # This quote and the other verified quotes of its statement, earliest first (the same
    # order claim_appearances keeps: by article date, undated last).
    others = claim_appearances(claim, public=True)
    articles = sorted([claim.article, *(c.article for c in others)], key=_appeared)
    appearances = [_creative_work(article) for article in dict.fromkeys(articles)]
    reviewed: dict = {"@type": "Claim", "appearance": appearances, "firstAppearance": appearances[0]}
    if claim.speaker is not None:
        reviewed["author"] = _speaker(claim.speaker, claim.speaker_title)
    if articles[0].published_on:
        reviewed["datePublished"] = articles[0].published_on.isoformat()
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


def _appeared(article: Article) -> tuple:
    return (article.published_on is None, article.published_on or article.created_at.date(), article.created_at)


def _creative_work(article: Article) -> dict:
    work: dict = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.outlet is not None:
        publisher = {"@type": "Organization", "name": article.outlet.name}
        if article.outlet.url:
            publisher["url"] = article.outlet.url
        work["publisher"] = publisher
    if article.published_on:
        work["datePublished"] = article.published_on.isoformat()
    return work


def _speaker(speaker: Speaker, title: str) -> dict:
    kind = "Person" if speaker.kind == Speaker.Kind.PERSON else "Organization"
    data = {"@type": kind, "name": speaker.name}
    if kind == "Person" and (title or speaker.title):
        data["jobTitle"] = title or speaker.title
    return data
