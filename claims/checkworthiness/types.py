"""The check-worthiness boundary: what score() gives back, no numpy or Django types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ClaimType(StrEnum):
    """What kind of thing a claim asserts, in the words a fact-checker sorts claims by
    (Full Fact's claim types). The values are stored: never rename one."""

    STATISTIC = "statistic"  # a figure or a quantity
    COMPARISON = "comparison"  # more or less than something else, another time, another place
    CAUSE = "cause"  # one thing brought about another
    PREDICTION = "prediction"  # what will happen
    LAW = "law"  # what a law or a rule says, requires or forbids
    EXPERIENCE = "experience"  # what happened to the speaker
    OPINION = "opinion"  # a view, a wish, what should be done
    OTHER = "other"  # a claim of fact none of the above describes
    NOTHING = "nothing"  # nothing to check: a question, a greeting, a bare noun phrase

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    ClaimType.STATISTIC: "statistic or quantity",
    ClaimType.COMPARISON: "comparison",
    ClaimType.CAUSE: "cause and effect",
    ClaimType.PREDICTION: "prediction",
    ClaimType.LAW: "law or rule",
    ClaimType.EXPERIENCE: "personal experience",
    ClaimType.OPINION: "opinion",
    ClaimType.OTHER: "other claim",
    ClaimType.NOTHING: "nothing to check",
}


@dataclass(frozen=True, slots=True)
class Worthiness:
    """How worth checking one claim is (0..1, higher first), its type, and why, in a few
    words an editor reads beside it ("cites a figure")."""

    score: float
    type: ClaimType
    reason: str
