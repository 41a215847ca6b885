"""Matching claims against statements and fact-checks, and the editors' decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Claim, ClaimIndex, ClaimMatch, FactCheck, Statement
from claims.tracking.index import fact_checks_index
from claims.tracking.services import claims_match, fact_checks_match, match_confirm, match_reject
from tests.factories import make_speaker
from tests.tracking.conftest import said

BRIDGE = "The harbour bridge will reopen to traffic in May next year."
# The same words as another outlet prints them: the same exact key.
BRIDGE_AGAIN = "the harbour bridge will reopen to traffic in May, next year"
# Other words for the same statement: suggested, never linked by default.
BRIDGE_REWORDED = "The harbour bridge will open to cars again in May next year."


def statement_matches(claim: Claim) -> list[tuple[int, str]]:
    return [(m.statement_id, m.state) for m in ClaimMatch.objects.filter(claim=claim, statement__isnull=False)]


def history_rows() -> int:
    return sum(model.history.count() for model in (ClaimMatch, Statement, FactCheck))


@pytest.mark.django_db
def test_the_same_words_by_the_same_speaker_elsewhere_join_one_statement(varga):
    first = said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1))
    claims_match(claim_ids=[first.pk])
    assert not ClaimMatch.objects.exists()  # alone, it is no statement yet
    again = said(BRIDGE_AGAIN, speaker=varga, on=dt.date(2025, 3, 2), outlet="Coast Times")
    report = claims_match(claim_ids=[again.pk])
    assert (report.matched, report.linked, report.suggested) == (1, 1, 0)
    statement = Statement.objects.get()
    assert list(statement.claims()) == [first, again]
    assert (statement.speaker, statement.first_claim, statement.text) == (varga, first, BRIDGE)
    link = ClaimMatch.objects.get(claim=again)
    assert (link.state, link.decided_by, link.score >= 1) == (ClaimMatch.State.CONFIRMED, None, True)
    assert link.history.first().history_change_reason == "linked: the same words by the same speaker"


@pytest.mark.django_db
def test_an_earlier_article_found_later_becomes_the_first_appearance(varga):
    march = said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 10))
    april = said(BRIDGE_AGAIN, speaker=varga, on=dt.date(2025, 4, 1))
    claims_match(claim_ids=[march.pk, april.pk])
    february = said(BRIDGE, speaker=varga, on=dt.date(2025, 2, 20), outlet="Coast Times")
    claims_match(claim_ids=[february.pk])
    statement = Statement.objects.get()
    assert (statement.first_claim, list(statement.claims())) == (february, [february, march, april])


@pytest.mark.django_db
def test_matching_again_changes_nothing(varga):
    claims = [said(BRIDGE, speaker=varga), said(BRIDGE_AGAIN, speaker=varga), said(BRIDGE_REWORDED, speaker=varga)]
    ids = [c.pk for c in claims]
    claims_match(claim_ids=ids)
    rows = list(ClaimMatch.objects.values_list("claim_id", "statement_id", "state", "score").order_by("id"))
    before = history_rows()
    assert claims_match(claim_ids=ids).skipped == 3
    assert claims_match(claim_ids=ids, force=True).matched == 3
    assert list(ClaimMatch.objects.values_list("claim_id", "statement_id", "state", "score").order_by("id")) == rows
    assert (history_rows(), Statement.objects.count()) == (before, 1)


@pytest.mark.django_db
def test_other_words_are_suggested_to_editors_not_linked(varga):
    original = said(BRIDGE, speaker=varga)
    reworded = said(BRIDGE_REWORDED, speaker=varga, outlet="Coast Times")
    report = claims_match(claim_ids=[original.pk, reworded.pk])
    statement = Statement.objects.get()
    assert (report.linked, report.suggested) == (0, 1)
    assert statement_matches(original) == [(statement.pk, "confirmed")]  # the statement it was suggested for
    suggestion = ClaimMatch.objects.get(claim=reworded)
    assert suggestion.state == "suggested" and 0.65 <= suggestion.score < 1


@pytest.mark.django_db
def test_a_lower_link_threshold_links_rewordings(varga, settings):
    settings.FACTCHECK_MATCH_LINK = 0.9
    original, reworded = said(BRIDGE, speaker=varga), said(BRIDGE_REWORDED, speaker=varga)
    assert claims_match(claim_ids=[original.pk, reworded.pk]).linked == 1


@pytest.mark.django_db
def test_nothing_is_suggested_below_the_threshold_or_across_speakers(varga, okafor, settings):
    said(BRIDGE, speaker=okafor)
    unrelated = said("Our schools will get forty new teachers in September.", speaker=varga)
    other = said("The harbour bridge reopens in May, the council said.", speaker=varga)
    same_words_other_speaker = said(BRIDGE, speaker=varga)
    settings.FACTCHECK_MATCH_SUGGEST = 0.99
    claims_match(claim_ids=[unrelated.pk, other.pk])
    assert not ClaimMatch.objects.exists()
    # Same words, but only Okafor said them so far: a statement is one speaker's.
    claims_match(claim_ids=[same_words_other_speaker.pk])
    assert not ClaimMatch.objects.exists()


@pytest.mark.django_db
def test_the_same_words_under_a_name_within_the_speakers_are_suggested_never_linked(varga):
    surname = make_speaker("Varga")  # an article that named her by her surname alone
    namesake = make_speaker("Ilona Varga")
    full = said(BRIDGE, speaker=varga)
    other = said(BRIDGE, speaker=namesake)
    short = said(BRIDGE_AGAIN, speaker=surname)
    report = claims_match(claim_ids=[full.pk, other.pk, short.pk])
    assert (report.linked, report.suggested) == (0, 2)
    statements = Statement.objects.filter(matches__claim=short, matches__state="suggested")
    # Both speakers the surname may be are offered to the editors; neither is decided.
    assert {s.speaker for s in statements} == {varga, namesake}
    assert not ClaimMatch.objects.filter(state="confirmed", claim=short).exists()
    # Full names that are not within each other never meet.
    assert not ClaimMatch.objects.filter(claim=full, statement__speaker=namesake).exists()


@pytest.mark.django_db
def test_short_claims_and_claims_far_apart_in_time_are_only_suggested(varga, settings):
    short = [said("We will see.", speaker=varga), said("We will see.", speaker=varga)]
    claims_match(claim_ids=[c.pk for c in short])
    assert ClaimMatch.objects.get(claim=short[1]).state == "suggested"
    settings.FACTCHECK_MATCH_WINDOW_DAYS = 30
    old = said(BRIDGE, speaker=varga, on=dt.date(2024, 1, 5))
    new = said(BRIDGE, speaker=varga, on=dt.date(2025, 1, 5))
    claims_match(claim_ids=[old.pk, new.pk])
    assert ClaimMatch.objects.get(claim=new).state == "suggested"


@pytest.mark.django_db
def test_claims_in_the_same_article_or_rejected_are_no_statement(varga):
    claim = said(BRIDGE, speaker=varga)
    Claim.objects.create(  # the same words twice in one article (headline and body, say)
        article=claim.article, text=claim.text, start=claim.start, end=claim.end, kind="direct", confidence=0.9,
        extractor_version="test", fingerprint="again", speaker=varga,
    )
    rejected = said(BRIDGE, speaker=varga, status=Claim.Status.REJECTED)
    claims_match(claim_ids=list(Claim.objects.values_list("pk", flat=True)))
    assert not ClaimMatch.objects.exists()
    assert not ClaimIndex.objects.filter(claim=rejected).exists()


@pytest.mark.django_db
def test_a_rejected_pair_is_never_suggested_or_linked_again(varga, editor):
    original, again, reworded = said(BRIDGE, speaker=varga), said(BRIDGE_AGAIN, speaker=varga), said(
        BRIDGE_REWORDED, speaker=varga)
    claims_match(claim_ids=[original.pk, again.pk, reworded.pk])
    for claim in (again, reworded):
        match_reject(match_id=ClaimMatch.objects.get(claim=claim).pk, user=editor)
    statement = Statement.objects.get()
    claims_match(claim_ids=[original.pk, again.pk, reworded.pk], force=True)
    assert set(ClaimMatch.objects.filter(statement=statement).values_list("claim_id", "state")) == {
        (original.pk, "confirmed"), (again.pk, "rejected"), (reworded.pk, "rejected")}
    assert list(statement.claims()) == [original]


@pytest.mark.django_db
def test_editors_confirm_and_reject_with_their_name_in_the_history(varga, editor, reporter):
    original, reworded = said(BRIDGE, speaker=varga), said(BRIDGE_REWORDED, speaker=varga)
    claims_match(claim_ids=[original.pk, reworded.pk])
    suggestion = ClaimMatch.objects.get(claim=reworded)
    with pytest.raises(PermissionDenied):
        match_confirm(match_id=suggestion.pk, user=reporter)
    confirmed = match_confirm(match_id=suggestion.pk, user=editor)
    assert (confirmed.state, confirmed.decided_by, confirmed.decided_at is not None) == ("confirmed", editor, True)
    record = confirmed.history.first()
    assert (record.history_user, record.history_change_reason) == (editor, "confirmed")
    assert list(Statement.objects.get().claims()) == [original, reworded]
    # Taking the first appearance out moves it to the next one.
    match_reject(match_id=ClaimMatch.objects.get(claim=original).pk, user=editor)
    statement = Statement.objects.get()
    assert (statement.first_claim, statement.text) == (reworded, BRIDGE_REWORDED)


@pytest.mark.django_db
def test_a_claim_is_confirmed_into_a_second_statement_only_after_leaving_the_first(varga, editor):
    claim = said(BRIDGE, speaker=varga)
    first, second = (Statement.objects.create(speaker=varga, text=BRIDGE) for _ in range(2))
    ClaimMatch.objects.create(claim=claim, statement=first, score=2, state="confirmed")
    suggestion = ClaimMatch.objects.create(claim=claim, statement=second, score=0.8)
    with pytest.raises(ValidationError, match=f"belongs to statement #{first.pk}: reject that match first"):
        match_confirm(match_id=suggestion.pk, user=editor)
    match_reject(match_id=ClaimMatch.objects.get(statement=first).pk, user=editor)
    assert match_confirm(match_id=suggestion.pk, user=editor).state == "confirmed"


@pytest.mark.django_db
def test_a_corrected_wording_or_another_speaker_is_matched_again(varga, okafor, editor):
    from claims.review.services import claim_correct

    original = said(BRIDGE, speaker=varga)
    other = said("The harbour bridge will reopen in May, officials say.", speaker=varga)
    claims_match(claim_ids=[original.pk, other.pk])
    assert not ClaimMatch.objects.filter(claim=other, state="confirmed").exists()
    claim_correct(claim=Claim.objects.get(pk=other.pk), user=editor, text=BRIDGE)
    assert claims_match(claim_ids=[other.pk]).linked == 1
    assert ClaimIndex.objects.get(pk=other.pk).text == BRIDGE
    claim_correct(claim=Claim.objects.get(pk=other.pk), user=editor, speaker=okafor)
    assert claims_match(claim_ids=[other.pk]).matched == 1  # its new speaker said nothing else


@pytest.mark.django_db
def test_claims_are_suggested_the_fact_checks_of_their_words(varga):
    ferries = FactCheck.objects.create(
        publisher="Coast Checkers", url="https://checkers.example/ferries", rating_text="False", rating_value=-1,
        claim_reviewed="Ferry tickets will cost less for pensioners this winter.", title="Cheaper ferries?",
    )
    FactCheck.objects.create(publisher="Coast Checkers", url="https://checkers.example/schools",
                             claim_reviewed="Schools get forty new teachers.", title="Teachers")
    fact_checks_index(fact_checks=list(FactCheck.objects.all()))  # as importing them does
    claim = said("Ferry tickets will cost less for pensioners this winter.", speaker=varga)
    report = claims_match(claim_ids=[claim.pk])
    assert report.suggested == 1
    suggestion = ClaimMatch.objects.get(claim=claim)
    assert (suggestion.fact_check, suggestion.state) == (ferries, "suggested")


@pytest.mark.django_db
def test_a_new_fact_check_is_suggested_for_every_claim_it_reviews(varga, okafor):
    claims = [said("Ferry tickets will cost less for pensioners this winter.", speaker=s) for s in (varga, okafor)]
    claims.append(said("Our schools will get forty new teachers in September.", speaker=varga))
    claims_match(claim_ids=[c.pk for c in claims])
    fact_check = FactCheck.objects.create(publisher="Coast Checkers", url="https://checkers.example/ferries",
                                          claim_reviewed="Pensioners will pay less for ferry tickets this winter.")
    report = fact_checks_match(fact_check_ids=[fact_check.pk])
    assert report.suggested == 2
    assert set(ClaimMatch.objects.filter(fact_check=fact_check).values_list("claim_id", flat=True)) == {
        claims[0].pk, claims[1].pk}
    assert fact_checks_match(fact_check_ids=[fact_check.pk]).suggested == 0  # again: nothing new


@pytest.mark.django_db
def test_a_claim_the_system_linked_leaves_the_statement_when_its_words_change(varga, editor):
    from claims.review.services import claim_correct

    first, second, third = (said(BRIDGE, speaker=varga, on=dt.date(2025, 3, day)) for day in (1, 2, 3))
    claims_match(claim_ids=[first.pk, second.pk, third.pk])
    claim_correct(claim=Claim.objects.get(pk=first.pk), user=editor, text="The harbour bridge will close in May.")
    claims_match(claim_ids=[first.pk])
    statement = Statement.objects.get()
    assert (list(statement.claims()), statement.first_claim) == ([second, third], second)
    assert [h.history_change_reason for h in ClaimMatch.history.filter(claim_id=first.pk, history_type="-")] == [
        "its words changed: matched again"]


@pytest.mark.django_db
def test_a_claim_re_extraction_removes_hands_the_first_appearance_on(varga):
    from claims.pipeline.services import claims_store

    first, second = said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 1)), said(BRIDGE, speaker=varga, on=dt.date(2025, 3, 2))
    claims_match(claim_ids=[first.pk, second.pk])
    claims_store(article=first.article, found=[])  # the new run no longer finds it
    statement = Statement.objects.get()
    assert (list(statement.claims()), statement.first_claim) == ([second], second)
