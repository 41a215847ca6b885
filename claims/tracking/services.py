"""Claim tracking: match claims against statements and fact-checks, and the editors'
decisions on the matches.

Matching a claim finds, through the engine and the database's full-text search:
- claims by the same speaker in other articles (a statement is the group they form). The
  best one above FACTCHECK_MATCH_LINK, with enough words and within the time window, takes
  the claim into its statement at once (confirmed by the system; the statement is made
  when the other claim had none). Otherwise the ones above FACTCHECK_MATCH_SUGGEST are
  suggested to editors.
- fact-checks, ours and imported, above FACTCHECK_MATCH_SUGGEST: suggested.
A rejected pair is never suggested or linked again; matching again changes nothing that
is already there (a suggestion keeps the best score it was given).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from claims.matching import Match, Prepared, match
from claims.matching.dense import VECTOR_FORMAT
from claims.matching.statements import (
    Decision, StatementRule, name_within, speakers_of, statement_decision, words_of,
)
from claims.models import APPEARANCE_ORDER, Claim, ClaimIndex, ClaimMatch, FactCheck, Statement
from claims.roles import is_editor
from claims.tracking.candidates import claim_source, fact_check_source
from claims.tracking.index import (
    claim_query, claims_index_made, claims_index_write, fact_check_query, fact_checks_index,
)
from claims.webhooks.services import fact_check_matched_event
from factcheck.celery import task_send
from sources.models import Speaker

logger = logging.getLogger(__name__)

# Sent by name: services never import tasks.
MATCH_CLAIMS_TASK = "claims.match_claims"
MATCH_FACT_CHECKS_TASK = "claims.match_fact_checks"
# Suggestions kept per claim: editors read a short list, best first.
STATEMENT_SUGGESTIONS = 3
FACT_CHECK_SUGGESTIONS = 5
# Claims a new fact-check may be suggested for: a claim repeated by many outlets.
CLAIMS_PER_FACT_CHECK = 100
# The system's decisions are recorded under these reasons (history keeps 100 characters).
SYSTEM_LINK = "linked: the same words by the same speaker"


@dataclass(frozen=True)
class MatchReport:
    """What one run of matching did."""

    matched: int = 0  # claims (or fact-checks) matched
    skipped: int = 0  # already matched with these words and speaker
    linked: int = 0  # claims that joined a statement without an editor
    suggested: int = 0  # new suggestions

    def __add__(self, other: MatchReport) -> MatchReport:
        return MatchReport(*(a + b for a, b in zip(self._values(), other._values())))

    def _values(self) -> tuple[int, int, int, int]:
        return (self.matched, self.skipped, self.linked, self.suggested)


def claims_match_send(*, claim_ids: Sequence[int]) -> bool:
    """Queue the matching of these claims (call it on commit). It waits behind extraction.
    When the broker is down the claims stay unmatched until the sweep sends them again
    (claims_match_requeue) or `manage.py match_claims --all`. Nothing is sent while
    FACTCHECK_MATCHING_ENABLED is off."""
    if not claim_ids or not settings.FACTCHECK_MATCHING_ENABLED:
        return True
    try:
        task_send(MATCH_CLAIMS_TASK, list(claim_ids), priority=settings.FACTCHECK_MATCH_PRIORITY)
    except (KombuOperationalError, OSError) as exc:
        logger.warning("broker unavailable, %d claim(s) left unmatched: %s", len(claim_ids), exc)
        return False
    return True


def claims_unmatched(*, changed_since: dt.datetime, changed_before: dt.datetime) -> QuerySet[Claim]:
    """Claims (not rejected) changed in this window whose matching is due: never matched (no
    index entry, or none since their words changed), or matched with other words, another
    speaker or another vector format than they have now."""
    entry = "match_index__"
    other_speaker = (Q(speaker__isnull=True) & Q(**{f"{entry}matched_speaker_pk__isnull": False})) | (
        Q(speaker__isnull=False)
        & (Q(**{f"{entry}matched_speaker_pk__isnull": True}) | Q(**{f"{entry}matched_speaker_pk__lt": F("speaker_id")})
           | Q(**{f"{entry}matched_speaker_pk__gt": F("speaker_id")}))
    )
    due = (
        Q(match_index__isnull=True) | Q(**{f"{entry}matched_at__isnull": True})
        | ~Q(**{f"{entry}text": F("words")}) | ~Q(**{f"{entry}vector_format": VECTOR_FORMAT}) | other_speaker
    )
    return (
        Claim.objects.filter(updated_at__gte=changed_since, updated_at__lt=changed_before)
        .exclude(status=Claim.Status.REJECTED)
        .annotate(words=Coalesce(NullIf(F("corrected_text"), Value("")), F("text")))
        .filter(due)
    )


def claims_match_requeue(*, now: dt.datetime | None = None, limit: int = 500) -> list[int]:
    """Queue matching again for the claims it never reached: stored or corrected while the
    broker was down (their task was never sent), or whose task was lost. Claims changed in
    the last FACTCHECK_MATCH_SWEEP_DAYS count, once FACTCHECK_REQUEUE_QUEUED_AFTER seconds
    old (a task sent on commit has had its chance by then); older ones are the backfill's
    (`manage.py match_claims --all`). Runs with the articles' sweep. A claim whose task
    still waits in a long queue may be sent twice: the second run finds it matched."""
    if not settings.FACTCHECK_MATCHING_ENABLED:
        return []
    now = now or timezone.now()
    due = claims_unmatched(
        changed_since=now - dt.timedelta(days=settings.FACTCHECK_MATCH_SWEEP_DAYS),
        changed_before=now - dt.timedelta(seconds=settings.FACTCHECK_REQUEUE_QUEUED_AFTER),
    )
    ids = list(due.order_by("updated_at", "pk").values_list("pk", flat=True)[:limit])
    if ids and claims_match_send(claim_ids=ids):
        logger.warning("queued matching again for %d unmatched claim(s): %s", len(ids), ids[:20])
        return ids
    return []


def claims_changed_match_on_commit(*, claim_ids: Sequence[int]) -> None:
    """An editor changed these claims' words or speaker: match them again once committed
    (each leaves a statement it no longer fits; see claims_match). Should the broker be
    down then, the sweep finds them (claims_match_requeue)."""
    ids = list(claim_ids)
    if ids:
        transaction.on_commit(lambda: claims_match_send(claim_ids=ids))


def fact_checks_match_send(*, fact_check_ids: Sequence[int]) -> bool:
    """Queue the matching of these fact-checks against the claims (call it on commit)."""
    if not settings.FACTCHECK_MATCHING_ENABLED:
        return True
    try:
        task_send(MATCH_FACT_CHECKS_TASK, list(fact_check_ids), priority=settings.FACTCHECK_MATCH_PRIORITY)
    except (KombuOperationalError, OSError) as exc:
        logger.warning("broker unavailable, fact-check(s) %s left unmatched: %s", list(fact_check_ids)[:20], exc)
        return False
    return True


def claims_match(*, claim_ids: Sequence[int], force: bool = False) -> MatchReport:
    """Match these claims against statements and fact-checks (rejected claims are left out:
    their speaker did not say them). A claim already matched with its present words and
    speaker is skipped unless `force`. Each claim is matched in its own transaction."""
    # Earliest first: a statement forms around its first appearances, later ones join it.
    claims = list(
        Claim.objects.filter(pk__in=list(claim_ids)).exclude(status=Claim.Status.REJECTED)
        .select_related("article", "speaker", "match_index").order_by(*APPEARANCE_ORDER)
    )
    before = {c.pk: c.match_index for c in claims if hasattr(c, "match_index")}
    entries, made = claims_index_made(claims=claims, entries=before)
    report = MatchReport()
    for claim in claims:
        entry = entries[claim.pk]
        other_speaker = entry.matched_speaker_pk != claim.speaker_id
        if not force and entry.matched_at is not None and not other_speaker:
            report += MatchReport(skipped=1)
            continue
        # One transaction (one commit) per claim: its entry, its matches and its mark.
        with transaction.atomic():
            _matching_transaction()
            words_changed = entry.matched_at is None
            entry.matched_at, entry.matched_speaker_pk = timezone.now(), claim.speaker_id
            if claim.pk in made:
                claims_index_write([entry])
            else:
                ClaimIndex.objects.filter(pk=claim.pk).update(
                    matched_at=entry.matched_at, matched_speaker_pk=entry.matched_speaker_pk
                )
            if claim.pk in before and (words_changed or other_speaker):
                _leave_statements(claim, words_changed=words_changed)
            report += _claim_match(claim, claim_query(entry))
    return report


def _matching_transaction() -> None:
    """PostgreSQL, for this transaction: a commit that returns before its WAL reaches the
    disk (the wait was 5 to 10 ms of a 20 ms match). A crash can lose the last few
    matches, never corrupt anything, and what it loses is found again: a claim whose entry
    does not say it was matched with its present words and speaker is sent again by the
    sweep (claims_match_requeue), and matching again is idempotent."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', 'off', true)")


def _leave_statements(claim: Claim, *, words_changed: bool) -> None:
    """A claim whose words or speaker changed (an editor's correction, a new extractor)
    leaves the statements it no longer fits; it is matched again right after, and joins
    the same statement again if its new words still carry it. New words leave the
    statement the system put it in (an editor's confirmation stands); another speaker
    leaves any statement of a speaker the new one's name is not within (see
    speakers_within), an editor's too, since a statement is one speaker's words."""
    links = ClaimMatch.objects.filter(
        claim=claim, statement__isnull=False, state=ClaimMatch.State.CONFIRMED
    ).select_related("statement")
    fitting: dict[int, str] = {}  # the speakers whose statements a claim of its speaker may be in
    if claim.speaker_id is not None:
        fitting = speakers_within(speaker_id=claim.speaker_id, name_key=claim.speaker.name_key)
    for link in links:
        by_system = link.decided_by_id is None
        other_speaker = link.statement.speaker_id not in fitting
        if not (other_speaker or (words_changed and by_system)):
            continue
        _speaker_lock(link.statement.speaker_id)
        link._change_reason = (
            "its speaker changed: matched again" if other_speaker else "its words changed: matched again"
        )
        link.delete()
        statement_refresh(statement=link.statement)


def _claim_match(claim: Claim, query: Prepared) -> MatchReport:
    linked = suggested = 0
    if claim.speaker_id is not None:
        # Taken before reading: it orders two workers matching claims of one speaker (the
        # second sees the first as matched, and a statement the first made).
        _speaker_lock(claim.speaker_id)
    # The claim's matches, read once: its statement, the editors' rejections, suggestions.
    known = {(row.statement_id, row.fact_check_id): row for row in ClaimMatch.objects.filter(claim=claim)}
    if claim.speaker_id is not None:
        linked, suggested = _statement_match(claim, query, known)
    candidates = fact_check_source(FactCheck.objects.exclude(verdict__claim=claim))
    for found in match(query, candidates, limit=FACT_CHECK_SUGGESTIONS):
        if found.score >= settings.FACTCHECK_MATCH_SUGGEST:
            suggested += _suggest(claim_id=claim.pk, fact_check_id=found.id, score=found.score, known=known)
    return MatchReport(matched=1, linked=linked, suggested=suggested)


def _statement_match(claim: Claim, query: Prepared, known: dict[tuple, ClaimMatch]) -> tuple[int, int]:
    """(linked, suggested) for one claim with a speaker: its place among the claims in
    other articles of the same speaker, or of a speaker whose name is within its own
    ('Trump' and 'Donald J. Trump'; those are only ever suggested). `known`: the claim's
    matches, read under the speaker's lock (see _claim_match).

    Only claims matched before count: each pair is weighed once, when the later of its
    two claims is matched, so a claim is never made a statement of its own before its own
    matching could link it."""
    confirmed = ClaimMatch.State.CONFIRMED
    if any(sid is not None and row.state == confirmed for (sid, _), row in known.items()):
        return 0, 0  # in a statement already (a later claim's matching took it in)
    speakers = speakers_within(speaker_id=claim.speaker_id, name_key=claim.speaker.name_key)
    # The speakers twice: as matched (indexed with the full-text search, so the planner
    # combines the two) and as the claims say now (a claim whose speaker changed since is
    # matched again, and weighed then).
    others = ClaimIndex.objects.filter(
        matched_speaker_pk__in=list(speakers), claim__speaker_id__in=list(speakers), matched_at__isnull=False
    ).exclude(
        claim__article_id=claim.article_id
    ).exclude(claim__status=Claim.Status.REJECTED)
    if claim.article.canonical_url:
        # The article's other versions (the same page) are not other appearances.
        others = others.exclude(claim__article__canonical_url=claim.article.canonical_url)
    found = [
        m for m in match(query, claim_source(others)) if m.score >= settings.FACTCHECK_MATCH_SUGGEST
    ]
    if not found:
        return 0, 0
    rejected = {sid for (sid, _), row in known.items() if sid is not None and row.state == ClaimMatch.State.REJECTED}
    others_by_id = Claim.objects.select_related("article").in_bulk([m.id for m in found])
    decided = [
        (candidate, other, _decision(claim, other, candidate, speakers))
        for candidate in found
        if (other := others_by_id.get(candidate.id)) is not None
    ]
    statements = _statements_of([m.id for m in found])
    for candidate, other, decision in decided:
        if decision != Decision.LINK:
            continue
        statement = statements.get(other.pk)
        if statement is not None and statement.pk in rejected:
            continue
        statement = statement or _statement_start(other, score=candidate.score)
        _statement_join(claim, statement, score=candidate.score, row=known.get((statement.pk, None)))
        return 1, 0
    suggested = 0
    targets: set[int] = set()
    for candidate, other, decision in decided:
        if decision == Decision.NONE or len(targets) >= STATEMENT_SUGGESTIONS:
            continue
        if other.pk not in statements:
            statements[other.pk] = _statement_start(other, score=candidate.score)
        statement = statements[other.pk]
        if statement.pk in rejected or statement.pk in targets:
            continue
        targets.add(statement.pk)
        suggested += _suggest(claim_id=claim.pk, statement_id=statement.pk, score=candidate.score, known=known)
    return 0, suggested


def speakers_within(*, speaker_id: int, name_key: str) -> dict[int, str]:
    """The speaker and the speakers whose names are within its own or hold it, with the
    same last word ('trump', 'donald trump', 'donald j. trump'): id -> name key."""
    words = name_key.split()
    if not words:
        return {speaker_id: name_key}
    last = words[-1]
    rows = Speaker.objects.filter(Q(name_key=last) | Q(name_key__endswith=f" {last}")).values_list("pk", "name_key")
    within = {pk: key for pk, key in rows if name_within(name_key, key)}
    return {speaker_id: name_key, **within}


def statement_rule() -> StatementRule:
    """The statement rule with the product's thresholds (factcheck/settings)."""
    return StatementRule(
        suggest=settings.FACTCHECK_MATCH_SUGGEST,
        link=settings.FACTCHECK_MATCH_LINK,
        link_min_words=settings.FACTCHECK_MATCH_LINK_MIN_WORDS,
        window_days=settings.FACTCHECK_MATCH_WINDOW_DAYS,
    )


def _decision(claim: Claim, other: Claim, found: Match, speakers: dict[int, str]) -> Decision:
    """Whether the claim joins the other's statement without an editor, is suggested for
    it, or neither: the engine's pure rule, `statement_decision`, which the evaluation on
    labelled pairs (bench/statement_pairs.py) runs too."""
    return statement_decision(
        score=found.score,
        speakers=speakers_of(
            claim.speaker_id, speakers.get(claim.speaker_id, ""), other.speaker_id, speakers.get(other.speaker_id, "")
        ),
        words=words_of(claim.display_text),
        days_apart=(appeared_on(claim) - appeared_on(other)).days,
        rule=statement_rule(),
    )


def appeared_on(claim: Claim) -> dt.date:
    """When a claim appeared: its article's date, else the day the article came in."""
    article = claim.article
    return article.published_on or timezone.localdate(article.created_at)


def _speaker_lock(speaker_id: int | None) -> None:
    """Serialise statement-making for one speaker until the transaction ends (a PostgreSQL
    advisory lock; SQLite lets one writer in at a time already): two workers matching two
    reports of one quote must not each make a statement for it. The lock is the speaker's
    last name word's: a claim's matching may start a statement for a speaker whose name is
    within its own ('Trump' for 'Donald J. Trump'), and one lock per such group keeps the
    order of locks the same for every worker."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext('statement:' || coalesce("
                f"(SELECT regexp_replace(name_key, '^.* ', '') FROM {Speaker._meta.db_table} WHERE id = %s), %s)))",
                [speaker_id, f"#{speaker_id}"],
            )


def _statements_of(claim_ids: list[int]) -> dict[int, Statement]:
    """The statement each of these claims belongs to, for those in one."""
    confirmed = ClaimMatch.objects.filter(
        claim_id__in=claim_ids, statement__isnull=False, state=ClaimMatch.State.CONFIRMED
    ).select_related("statement")
    return {row.claim_id: row.statement for row in confirmed}


def _statement_of(claim_id: int) -> Statement | None:
    return _statements_of([claim_id]).get(claim_id)


def statements_of(*, claim_ids: Sequence[int]) -> list[Statement]:
    """The statements these claims belong to, each once."""
    return list({s.pk: s for s in _statements_of(list(claim_ids)).values()}.values())


def _statement_start(claim: Claim, *, score: float) -> Statement:
    """A new statement with this claim as its first appearance (confirmed by the system)."""
    statement = Statement(speaker_id=claim.speaker_id, text=claim.display_text, first_claim=claim)
    statement._change_reason = f"started from claim #{claim.pk}"
    statement.save()
    _confirmed_by_system(claim.pk, statement, score=score, row=None)  # a new statement has no match yet
    return statement


def _statement_join(claim: Claim, statement: Statement, *, score: float, row: ClaimMatch | None) -> None:
    _confirmed_by_system(claim.pk, statement, score=score, row=row)
    statement_refresh(statement=statement)


def _confirmed_by_system(claim_id: int, statement: Statement, *, score: float, row: ClaimMatch | None) -> None:
    """The pair confirmed by the system; `row`: the pair's match, if it has one."""
    row = row or ClaimMatch(claim_id=claim_id, statement=statement, score=score)
    row.state, row.score = ClaimMatch.State.CONFIRMED, max(row.score, score)
    row.decided_by, row.decided_at = None, timezone.now()
    row._change_reason = SYSTEM_LINK
    row.save()


def _suggest(
    *, claim_id: int, score: float, statement_id: int | None = None, fact_check_id: int | None = None,
    known: dict[tuple, ClaimMatch] | None = None,
) -> int:
    """Suggest the pair unless it exists (an editor's decision stands; a suggestion keeps
    its best score). 1 if a suggestion was made. `known`: the claim's matches, when the
    caller read them (a new one is added)."""
    if known is None:
        row = ClaimMatch.objects.filter(claim_id=claim_id, statement_id=statement_id, fact_check_id=fact_check_id).first()
    else:
        row = known.get((statement_id, fact_check_id))
    if row is not None:
        if row.state == ClaimMatch.State.SUGGESTED and score > row.score + 1e-9:
            row.score = score
            row._change_reason = "suggested again, closer"
            row.save()
        return 0
    row = ClaimMatch(claim_id=claim_id, statement_id=statement_id, fact_check_id=fact_check_id, score=score)
    row._change_reason = "suggested"
    row.save()
    if known is not None:
        known[(statement_id, fact_check_id)] = row
    if fact_check_id is not None:
        fact_check_matched_event(claim_id=claim_id, fact_check_id=fact_check_id, score=score)
    return 1


def statement_refresh(*, statement: Statement) -> Statement:
    """Its first appearance and words after claims joined or left. A statement every
    claim left stays, empty (first_claim None), with the editors' rejections on it."""
    first = statement.claims().first()
    if first is None:
        changed = statement.first_claim_id is not None
        statement.first_claim = None
    else:
        changed = (statement.first_claim_id, statement.text) != (first.pk, first.display_text)
        statement.first_claim, statement.text = first, first.display_text
    if changed:
        statement._change_reason = f"first appearance: claim #{first.pk}" if first else "no claim left"
        statement.save()
    return statement


def fact_checks_match(*, fact_check_ids: Sequence[int]) -> MatchReport:
    """Suggest these fact-checks for the claims they review: every claim above
    FACTCHECK_MATCH_SUGGEST (the same claim in many articles), not rejected ones, and not
    the claim our own verdict is on."""
    fact_checks = list(FactCheck.objects.filter(pk__in=list(fact_check_ids)).select_related("verdict"))
    fact_checks_index(fact_checks=fact_checks)
    report = MatchReport()
    for fact_check in fact_checks:
        claims = ClaimIndex.objects.exclude(claim__status=Claim.Status.REJECTED)
        if fact_check.verdict is not None:
            claims = claims.exclude(claim_id=fact_check.verdict.claim_id)
        suggested = 0
        with transaction.atomic():
            for found in match(fact_check_query(fact_check), claim_source(claims), limit=CLAIMS_PER_FACT_CHECK):
                if found.score >= settings.FACTCHECK_MATCH_SUGGEST:
                    suggested += _suggest(claim_id=found.id, fact_check_id=fact_check.pk, score=found.score)
        report += MatchReport(matched=1, suggested=suggested)
    return report


def match_confirm(*, match_id: int, user: AbstractBaseUser) -> ClaimMatch:
    """An editor confirms a match: the claim joins the statement (refused while it belongs
    to another: reject that one first), or the fact-check reviewed this claim."""
    return _decide(match_id, user, ClaimMatch.State.CONFIRMED)


def match_reject(*, match_id: int, user: AbstractBaseUser) -> ClaimMatch:
    """An editor rejects a match: never suggested again. A claim taken out of a statement
    leaves it."""
    return _decide(match_id, user, ClaimMatch.State.REJECTED)


def _decide(match_id: int, user: AbstractBaseUser, state: str) -> ClaimMatch:
    if not is_editor(user):
        raise PermissionDenied("Only editors may confirm or reject matches.")
    with transaction.atomic():
        # The speaker's lock before the row's, in the order matching takes them.
        speaker_id = ClaimMatch.objects.filter(pk=match_id).values_list("statement__speaker_id", flat=True).first()
        if speaker_id is not None:
            _speaker_lock(speaker_id)
        row = ClaimMatch.objects.select_for_update(of=("self",)).select_related("statement").get(pk=match_id)
        if row.state == state:
            return row
        if state == ClaimMatch.State.CONFIRMED and row.statement is not None:
            current = _statement_of(row.claim_id)
            if current is not None and current.pk != row.statement_id:
                raise ValidationError(
                    f"Claim #{row.claim_id} belongs to statement #{current.pk}: reject that match first."
                )
        row.state, row.decided_by, row.decided_at = state, user, timezone.now()
        row._history_user = user
        row._change_reason = str(state)
        row.save()
        if row.statement is not None:
            statement_refresh(statement=row.statement)
    return row
