"""Fact-check search: a claim's text in, the fact-checks (ours and imported) that review
it out, ranked by the matching engine with its scores, over the fact-checks readers may see.

What Google's fact-check search offers, here over our own and imported fact-checks; the
API's GET /api/v1/factchecks/search/?q= answers with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from claims.matching import match, prepare
from claims.models import Claim, FactCheck
from claims.tracking.candidates import digested, fact_check_source

# A claim's words, not an article: longer queries are refused with a clear message.
MAX_QUERY_CHARS = 1000
MAX_RESULTS = 20


@dataclass(frozen=True)
class FoundFactCheck:
    fact_check: FactCheck
    score: float


def public_fact_checks():
    """Fact-checks readers may see: imported ones, and ours while published on a verified quote."""
    return FactCheck.objects.filter(verdict__isnull=True) | FactCheck.objects.filter(
        verdict__published_at__isnull=False, verdict__claim__status=Claim.Status.VERIFIED
    )


def fact_checks_search(*, text: str, limit: int = 10) -> list[FoundFactCheck]:
    """The fact-checks that best match the text, best first, with the engine's blended
    score (1 and above: the same words). ValidationError keyed "q" for empty, too long or
    wordless text."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"q": "Give the claim's text to search for."})
    if len(text) > MAX_QUERY_CHARS or "\x00" in text:
        raise ValidationError({"q": f"Search with at most {MAX_QUERY_CHARS} characters (and no NUL)."})
    limit = max(1, min(limit, MAX_RESULTS))
    found = match(digested(prepare(text)), fact_check_source(public_fact_checks()), limit=limit)
    rows = FactCheck.objects.select_related("verdict__claim").in_bulk([m.id for m in found])
    return [FoundFactCheck(rows[m.id], m.score) for m in found if m.id in rows]
