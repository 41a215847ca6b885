"""What the claim pages, the admin and the API show of claim tracking: where else a claim
appeared, the fact-checks it had before, a statement's outlets and wordings, a speaker's
repeated statements. Each a bounded number of queries.

`public` selectors show readers verified claims and confirmed matches only; editors see
every claim not rejected, and suggestions beside confirmed matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from claims.models import APPEARANCE_ORDER, Claim, ClaimMatch, FactCheck, Statement
from claims.tracking.factchecks import VERDICT_VALUES
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


def claim_statement_suggestions(claim: Claim) -> list[ClaimMatch]:
    """Statements suggested for the claim, best first, each with its first appearance's
    article and outlet (what an editor compares before confirming)."""
    return list(
        ClaimMatch.objects.filter(claim=claim, statement__isnull=False, state=SUGGESTED)
        .select_related("statement__first_claim__article__outlet", "statement__speaker")
        .order_by("-score", "id")
    )


def claim_statement_link(claim: Claim) -> ClaimMatch | None:
    """The confirmed match that puts the claim in its statement, if any."""
    return ClaimMatch.objects.filter(claim=claim, statement__isnull=False, state=CONFIRMED).first()


# -- many claims or statements at once (lists, the API) ------------------------------------

_MEMBER_ORDER = (F("claim__article__published_on").asc(nulls_last=True), "claim__article__created_at", "claim_id")


@dataclass(frozen=True)
class StatementView:
    """A statement as one audience sees it, from the claims of it that audience may see:
    its appearances earliest first, the first of them, its outlets and its wordings."""

    statement: Statement
    appearances: list[Claim]

    @property
    def first(self) -> Claim | None:
        return self.appearances[0] if self.appearances else None

    @property
    def text(self) -> str:
        # The first visible wording: the statement's own text may be an unreviewed claim's.
        return self.first.display_text if self.first else ""

    @property
    def outlets(self) -> list[Outlet]:
        seen = {c.article.outlet_id: c.article.outlet for c in self.appearances if c.article.outlet_id}
        return list(seen.values())

    @property
    def wordings(self) -> list[str]:
        return list(dict.fromkeys(c.display_text for c in self.appearances))

    @property
    def updated_at(self):
        stamps = [self.statement.updated_at, *(c.updated_at for c in self.appearances)]
        return max(stamps)


def statement_views(statements: Sequence[Statement], *, public: bool) -> list[StatementView]:
    """Each statement with the claims of it this audience may see: one query for all."""
    by_id: dict[int, list[Claim]] = {s.pk: [] for s in statements}
    members = ClaimMatch.objects.filter(statement_id__in=list(by_id), state=CONFIRMED)
    members = members.filter(claim__status=Claim.Status.VERIFIED) if public else members.exclude(
        claim__status=Claim.Status.REJECTED)
    for row in members.select_related("claim__article__outlet", "claim__speaker").order_by(*_MEMBER_ORDER):
        by_id[row.statement_id].append(row.claim)
    return [StatementView(s, by_id[s.pk]) for s in statements]


def public_statements() -> QuerySet[Statement]:
    """Statements readers may see: those with at least one verified claim. An EXISTS per
    statement shown, not a count over every statement (the views count what they show)."""
    verified = ClaimMatch.objects.filter(
        statement=OuterRef("pk"), state=CONFIRMED, claim__status=Claim.Status.VERIFIED)
    return Statement.objects.filter(Exists(verified)).select_related("speaker")


def speaker_statement_views(speaker: Speaker, *, public: bool, limit: int = 20) -> list[StatementView]:
    """The speaker's repeated statements (`speaker_statements`), most repeated first, each
    with its visible appearances: two queries."""
    statements = list(speaker_statements(speaker, public=public)[:limit])
    return statement_views(statements, public=public)


@dataclass(frozen=True)
class QuoteTracking:
    """What the API adds to a quote: where else its statement appeared and the fact-checks
    it had, as readers may see them."""

    statement_id: int | None
    appearances: list[dict]
    fact_checks: list[dict]
    updated_at: object  # the newest change among the matches shown, or None


def _public_fact_check(prefix: str = "fact_check__") -> Q:
    """Fact-checks readers may see: imported ones, and ours while published on a verified quote."""
    return Q(**{f"{prefix}verdict__isnull": True}) | Q(
        **{f"{prefix}verdict__published_at__isnull": False, f"{prefix}verdict__claim__status": Claim.Status.VERIFIED}
    )


_APPEARANCE_COLUMNS = (
    "statement_id", "claim_id", "updated_at", "claim__article_id", "claim__article__title", "claim__article__url",
    "claim__article__published_on", "claim__article__outlet__name",
)
_FACT_CHECK_COLUMNS = (
    "claim_id", "score", "updated_at", "fact_check_id", "fact_check__publisher", "fact_check__url",
    "fact_check__claim_reviewed", "fact_check__title", "fact_check__claimant", "fact_check__rating_text",
    "fact_check__rating_value", "fact_check__reviewed_on", "fact_check__verdict__claim_id",
)


UNTRACKED = QuoteTracking(None, [], [], None)


def has_confirmed_match() -> Exists:
    """Whether a claim has any confirmed match (to a statement or a fact-check), for a
    claim query's select list: a quote without one shows no tracking, so a page of such
    quotes needs no `quotes_tracking` queries."""
    return Exists(ClaimMatch.objects.filter(claim_id=OuterRef("pk"), state=CONFIRMED))


def quotes_tracking(claim_ids: Sequence[int]) -> dict[int, QuoteTracking]:
    """For each verified quote: the other verified quotes of its statement (earliest first)
    and the confirmed fact-checks of it or its statement (best first). Two queries for any
    number of quotes; plain values, as the API writes quotes from rows."""
    ids = list(claim_ids)
    if not ids:
        return {}
    statements = ClaimMatch.objects.filter(claim_id__in=ids, statement__isnull=False, state=CONFIRMED)
    # The members of these quotes' statements (each through its confirmed match), then in one
    # query the verified ones with their articles and the confirmed fact-checks of the quotes
    # and of every member. Two queries of explicit ids: one query with the statements as a
    # subquery inside an OR had PostgreSQL scan every match (20 ms at 64,000 matches).
    members = list(
        ClaimMatch.objects.filter(statement_id__in=statements.values("statement_id"), state=CONFIRMED)
        .values_list("pk", "claim_id")
    )
    wanted = set(ids)
    everyone = sorted(wanted | {claim_id for _, claim_id in members})
    # A fact-check row's claim's statement (a claim is in one at most).
    member_of = ClaimMatch.objects.filter(
        claim_id=OuterRef("claim_id"), statement__isnull=False, state=CONFIRMED).values("statement_id")[:1]
    rows = ClaimMatch.objects.filter(state=CONFIRMED).filter(
        Q(pk__in=[pk for pk, _ in members], claim__status=Claim.Status.VERIFIED)
        | (Q(fact_check__isnull=False, claim_id__in=everyone) & _public_fact_check())
    ).annotate(member_of=Subquery(member_of)).order_by(*_MEMBER_ORDER).values(
        *dict.fromkeys(_APPEARANCE_COLUMNS + _FACT_CHECK_COLUMNS), "member_of")
    statement_of: dict[int, int] = {}
    by_statement: dict[int, list[dict]] = {}
    checks_of: dict[object, list[dict]] = {}  # by claim id, and by ("statement", id)
    for row in rows:
        if row["statement_id"] is not None:
            by_statement.setdefault(row["statement_id"], []).append(row)
            if row["claim_id"] in wanted:
                statement_of[row["claim_id"]] = row["statement_id"]
            continue
        checks_of.setdefault(row["claim_id"], []).append(row)
        if row["member_of"] is not None:
            checks_of.setdefault(("statement", row["member_of"]), []).append(row)
    out = {}
    for claim_id in ids:
        statement_id = statement_of.get(claim_id)
        group = by_statement.get(statement_id, []) if statement_id is not None else []
        others = [row for row in group if row["claim_id"] != claim_id]
        found: dict[int, dict] = {}
        # Its own and those confirmed on any claim of its statement (verified or not).
        for key in (claim_id, ("statement", statement_id)):
            for row in checks_of.get(key, []):
                if row["fact_check__verdict__claim_id"] == claim_id:
                    continue  # our own verdict on this quote: the quote's `verdict` already
                best = found.get(row["fact_check_id"])
                if best is None or row["score"] > best["score"]:
                    found[row["fact_check_id"]] = row
        shown = sorted(found.values(), key=lambda r: (-r["score"], r["fact_check_id"]))
        stamps = [r["updated_at"] for r in group] + [r["updated_at"] for r in shown]
        out[claim_id] = QuoteTracking(statement_id, others, shown, max(stamps) if stamps else None)
    return out


@dataclass(frozen=True)
class VerdictDraft:
    """The start of a verdict from another fact-check: its rating on our scale (empty when
    it says nothing of truth), a summary naming the source, the source as evidence."""

    rating: str
    summary: str
    evidence: str  # one 'Title | https://link' line, as the verdict form takes evidence


def verdict_draft(fact_check: FactCheck) -> VerdictDraft:
    """A verdict started from a fact-check an editor confirmed for the claim: the nearest of
    our ratings to its rating value; the editor checks and completes it before saving."""
    rating = ""
    if fact_check.rating_value is not None:
        # MISLEADING shares -0.5 with MOSTLY_FALSE: the first listed wins, the plainer one.
        rating = min(VERDICT_VALUES, key=lambda r: abs(VERDICT_VALUES[r] - fact_check.rating_value))
    rated = f"rated it \u201c{fact_check.rating_text}\u201d" if fact_check.rating_text else "checked it"
    when = f" on {fact_check.reviewed_on.isoformat()}" if fact_check.reviewed_on else ""
    summary = f"{fact_check.publisher} {rated}{when}."
    title = (fact_check.title or fact_check.claim_reviewed)[:200].replace("|", "/").replace("\n", " ")
    evidence = f"{fact_check.publisher}: {title} | {fact_check.url}" if fact_check.url else ""
    return VerdictDraft(str(rating), summary, evidence)
