"""What the claim pages, the admin and the API show of claim tracking: where else a claim
appeared, the fact-checks it had before, a statement's outlets and wordings, a speaker's
repeated statements. Each a bounded number of queries.

`public` selectors show readers verified claims and confirmed matches only; editors see
every claim not rejected, and suggestions beside confirmed matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from claims.models import APPEARANCE_ORDER, Claim, ClaimMatch, FactCheck, Statement
from sources.models import Outlet, Speaker

CONFIRMED = ClaimMatch.State.CONFIRMED
SUGGESTED = ClaimMatch.State.SUGGESTED


def _visible(claims: QuerySet[Claim], *, public: bool) -> QuerySet[Claim]:
    if public:
        return claims.filter(status=Claim.Status.VERIFIED)
    return claims.exclude(status=Claim.Status.REJECTED)


def claim_statement(claim: Claim) -> Statement | None:
    """The statement the claim belongs to (a confirmed match), if any."""
    return Statement.objects.filter(matches__claim=claim, matches__state=CONFIRMED).first()


def claim_appearances(claim: Claim, *, public: bool) -> list[Claim]:
    """'Also appears in': the other claims of its statement, earliest first, with their
    article, outlet and speaker."""
    statements = ClaimMatch.objects.filter(claim=claim, state=CONFIRMED, statement__isnull=False).values("statement_id")
    others = Claim.objects.filter(matches__statement__in=statements, matches__state=CONFIRMED).exclude(pk=claim.pk)
    return list(_visible(others, public=public).select_related("article__outlet", "speaker").order_by(*APPEARANCE_ORDER))


@dataclass(frozen=True)
class CheckedBefore:
    """A fact-check of the claim's words, and how it came to it: matched to this claim, or
    confirmed on another claim of its statement."""

    fact_check: FactCheck
    match: ClaimMatch  # the best match that brings it
    via_statement: bool


def claim_fact_checks(claim: Claim, *, public: bool) -> list[CheckedBefore]:
    """'Checked before': fact-checks, ours and others', matched to this claim or confirmed on
    another claim of its statement; best first. Readers see confirmed ones only (and ours
    only for quotes they may see), editors suggestions too."""
    statements = ClaimMatch.objects.filter(claim=claim, state=CONFIRMED, statement__isnull=False).values("statement_id")
    same_statement = Claim.objects.filter(matches__statement__in=statements, matches__state=CONFIRMED)
    own_states = [CONFIRMED] if public else [CONFIRMED, SUGGESTED]
    matches = (
        ClaimMatch.objects.filter(fact_check__isnull=False)
        .filter(Q(claim=claim, state__in=own_states) | Q(claim__in=same_statement, state=CONFIRMED))
        .select_related("fact_check__verdict__claim")
        .order_by("state", "-score", "id")  # confirmed before suggested
    )
    if public:
        ours_public = Q(fact_check__verdict__claim__status=Claim.Status.VERIFIED)
        matches = matches.filter(Q(fact_check__verdict__isnull=True) | ours_public)
    best: dict[int, CheckedBefore] = {}
    for row in matches:
        best.setdefault(row.fact_check_id, CheckedBefore(row.fact_check, row, row.claim_id != claim.pk))
    return list(best.values())


def statement_outlets(statement: Statement, *, public: bool) -> list[Outlet]:
    """The outlets its claims appeared in, by first appearance."""
    claims = _visible(statement.claims(), public=public).select_related("article__outlet")
    return list({c.article.outlet_id: c.article.outlet for c in claims if c.article.outlet_id}.values())


def statement_wordings(statement: Statement, *, public: bool) -> list[str]:
    """Its wording variants: each different wording of its claims once, first seen first."""
    return list(dict.fromkeys(c.display_text for c in _visible(statement.claims(), public=public)))


def speaker_statements(speaker: Speaker, *, public: bool, repeated: int = 2) -> QuerySet[Statement]:
    """The speaker's statements made at least `repeated` times (in as many articles), most
    repeated first, each with `appearances` counted."""
    states = Q(matches__state=CONFIRMED)
    states &= Q(matches__claim__status=Claim.Status.VERIFIED) if public else ~Q(
        matches__claim__status=Claim.Status.REJECTED)
    return (
        Statement.objects.filter(speaker=speaker)
        .annotate(appearances=Count("matches", filter=states))
        .filter(appearances__gte=repeated)
        .select_related("first_claim__article__outlet")
        .order_by("-appearances", "-id")
    )
