"""The statement rule on pairs of claims written for the test: scored by the matching
engine as the tracking service scores them, then decided by `statement_decision` with the
product's settings."""

from __future__ import annotations

import pytest
from django.conf import settings

from claims.matching import MemorySource, Row, match, prepare_many
from claims.matching.statements import (
    Decision,
    Speakers,
    StatementRule,
    name_within,
    speakers_of,
    statement_decision,
    words_of,
)
from claims.tracking.services import statement_rule

BRIDGE = "The harbour bridge will reopen to traffic before the end of May."
# Other things the same speaker said elsewhere: the engine scores a claim among them.
ELSEWHERE = [
    "Our schools will get forty new teachers in September.",
    "The ferry timetable changes in June for the summer season.",
    "We have asked the port authority for a full report on the accident.",
]


def decide(text: str, earlier: str, *, speakers: Speakers = Speakers.SAME, days_apart: int = 2) -> Decision:
    """The decision on `text` matched against `earlier` among the speaker's other claims."""
    prepared = prepare_many([text, earlier, *ELSEWHERE])
    source = MemorySource(Row(i, p) for i, p in enumerate(prepared[1:], start=1))
    found = {m.id: m.score for m in match(prepared[0], source)}
    if 1 not in found:
        return Decision.NONE
    return statement_decision(
        score=found[1], speakers=speakers, words=words_of(text), days_apart=days_apart, rule=statement_rule()
    )


def test_the_same_words_by_the_same_speaker_are_linked():
    assert decide(BRIDGE, BRIDGE) == Decision.LINK
    # Outlets print other quotation marks, case and a leading "that": the same words still.
    assert decide("that the harbour bridge will reopen to traffic before the end of May", BRIDGE) == Decision.LINK


def test_a_rewording_is_suggested_not_linked():
    reworded = "The harbour bridge should reopen to traffic by the end of May."
    assert decide(reworded, BRIDGE) == Decision.SUGGEST


def test_a_short_quote_or_a_distant_repeat_is_only_suggested():
    assert decide("We will see.", "We will see.") == Decision.SUGGEST
    assert decide(BRIDGE, BRIDGE, days_apart=settings.FACTCHECK_MATCH_WINDOW_DAYS + 1) == Decision.SUGGEST


def test_a_speaker_whose_name_is_within_the_others_is_suggested_never_linked():
    assert decide(BRIDGE, BRIDGE, speakers=Speakers.NAME_WITHIN) == Decision.SUGGEST


def test_another_speaker_or_other_words_are_not_matched():
    assert decide(BRIDGE, BRIDGE, speakers=Speakers.OTHER) == Decision.NONE
    assert decide("The council will cut the parking fees in the old town.", BRIDGE) == Decision.NONE


def test_the_thresholds_decide_at_their_bounds():
    rule = StatementRule(suggest=0.65, link=1.0, link_min_words=6, window_days=180)
    decision = lambda score, **kw: statement_decision(  # noqa: E731
        score=score, **({"speakers": Speakers.SAME, "words": 6, "days_apart": 180} | kw), rule=rule
    )
    assert decision(1.0) == Decision.LINK
    assert decision(0.999) == Decision.SUGGEST
    assert decision(0.65) == Decision.SUGGEST
    assert decision(0.649) == Decision.NONE
    assert decision(1.0, words=5) == Decision.SUGGEST
    assert decision(1.0, days_apart=-181) == Decision.SUGGEST


@pytest.mark.parametrize(
    ("first", "second", "within"),
    [
        ("trump", "donald j. trump", True),
        ("donald trump", "donald j. trump", True),
        ("bernie sanders", "sen. bernie sanders", True),
        ("donald", "donald j. trump", False),  # a first name alone is anyone's
        ("ada marsh", "teodor marsh", False),
        ("j. trump donald", "donald j. trump", False),
        ("elena varga", "elena varga", False),  # one name: the same speaker, or namesakes
        ("", "varga", False),
    ],
)
def test_a_name_is_within_another_by_its_words_in_order_and_the_same_last_word(first, second, within):
    assert name_within(first, second) is within
    assert name_within(second, first) is within


def test_speakers_relate_by_id_then_by_name():
    assert speakers_of(7, "elena varga", 7, "elena varga") == Speakers.SAME
    assert speakers_of(7, "varga", 9, "elena varga") == Speakers.NAME_WITHIN
    assert speakers_of(7, "elena varga", 9, "elena varga") == Speakers.OTHER  # namesakes the pipeline kept apart
    assert speakers_of(7, "okafor", 9, "elena varga") == Speakers.OTHER
    assert speakers_of(None, "", 9, "elena varga") == Speakers.OTHER
