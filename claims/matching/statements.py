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
    *, score: float, same_speaker: bool, words: int, days_apart: int, rule: StatementRule
) -> Decision:
    """The decision on a claim (of `words` words) found with a blended `score` against a
    claim of another article appearing `days_apart` days from it.

    Only the same speaker's words make a statement. A pair is linked when the score is
    sure, the claim has enough words ("No." by one speaker twice is not one statement) and
    the two appeared close enough in time; otherwise it is suggested above `suggest`.
    """
    if not same_speaker or score < rule.suggest:
        return Decision.NONE
    if score >= rule.link and words >= rule.link_min_words and abs(days_apart) <= rule.window_days:
        return Decision.LINK
    return Decision.SUGGEST
