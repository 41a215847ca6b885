"""The statement rule: whether a claim joins another claim's statement without an editor,
is suggested to editors, or neither.

Pure, so that the tracking service (claims/tracking/services.py) and the evaluation on
hand-labelled pairs (bench/statement_pairs.py) take the very same decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .normalise import terms


class Decision(StrEnum):
    LINK = "link"  # the claim joins the other's statement at once
    SUGGEST = "suggest"  # shown to editors, who confirm or reject
    NONE = "none"  # not the same statement


class Speakers(StrEnum):
    """How the speakers of two claims relate, by their resolved speakers and name keys."""

    SAME = "same"  # one resolved speaker
    NAME_WITHIN = "name within"  # two speakers, one's name inside the other's, same surname
    OTHER = "other"


def speakers_of(first_id: object, first_key: str, second_id: object, second_key: str) -> Speakers:
    """The relation of two claims' speakers (ids and normalised names; a None id: none).

    'Trump' and 'Donald J. Trump', or 'Bernie Sanders' and 'Sen. Bernie Sanders', are two
    speakers to the pipeline (names are resolved per article, and an article that never
    gives the full name makes a speaker of the surname) but very likely one person. On the
    labelled PolNeAR pairs they are most of the statements the same-speaker test misses.
    """
    if first_id is None or second_id is None:
        return Speakers.OTHER
    if first_id == second_id:
        return Speakers.SAME
    return Speakers.NAME_WITHIN if name_within(first_key, second_key) else Speakers.OTHER


def name_within(first: str, second: str) -> bool:
    """Whether the shorter name's words appear, in order, in the longer one's and both end
    with the same word (a surname): 'trump' in 'donald j. trump', not 'donald' in it."""
    a, b = first.split(), second.split()
    if not a or not b or a == b or a[-1] != b[-1]:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    rest = iter(long)
    return all(word in rest for word in short)


@dataclass(frozen=True)
class StatementRule:
    """The thresholds of the rule (factcheck/settings holds the product's values)."""

    suggest: float  # blended score from which a pair is shown to editors
    link: float  # blended score from which a pair is linked without an editor
    link_min_words: int  # words the claim needs to be linked without an editor
    window_days: int  # at most this many days between the two appearances, to be linked


def words_of(text: str) -> int:
    """The words a claim counts for the minimum: word tokens, punctuation left out."""
    return len(terms(text))


def statement_decision(
    *, score: float, speakers: Speakers, words: int, days_apart: int, rule: StatementRule
) -> Decision:
    """The decision on a claim (of `words` words) found with a blended `score` against a
    claim of another article appearing `days_apart` days from it.

    Only one speaker's words make a statement. A pair is linked when it is the same
    resolved speaker, the score is sure, the claim has enough words ("No." by one speaker
    twice is not one statement) and the two appeared close enough in time. Otherwise it is
    suggested above `suggest`: by the same speaker, or by a speaker whose name is within
    the other's (an editor tells whether 'Trump' is Donald J. Trump there).
    """
    if speakers == Speakers.OTHER or score < rule.suggest:
        return Decision.NONE
    if (
        speakers == Speakers.SAME
        and score >= rule.link
        and words >= rule.link_min_words
        and abs(days_apart) <= rule.window_days
    ):
        return Decision.LINK
    return Decision.SUGGEST
