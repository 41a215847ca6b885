"""Check-worthiness: how worth a fact-checker's time a claim is, what type of claim it
is, and why, in words an editor reads.

Pure Python plus numpy (to read the weights), no Django, no spaCy: text in, a frozen
Worthiness out. The type comes from transparent rules (classify.py); the score from a
small logistic model over the text (model.py, features.py) shifted by what the extractor
knows about the claim (facts.py). A claim with nothing to check is scaled far down, so
that it ranks below the claims of its article that have something.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import features
from .classify import Typed, classify, words_of
from .facts import CueClass, cue_class, shift
from .model import WEIGHTS_PATH, Model, sigmoid
from .types import LABELS, ClaimType, Worthiness

# A claim with nothing to check keeps this share of its model score: below 0.1, so that
# it sorts under what is worth checking and keeps its order among its kind.
NOTHING_SCALE = 0.1
# The extractor's kinds of reported speech, where "would" reports a "will".
REPORTED_KINDS = frozenset({"indirect", "mixed"})

_MODEL: Model | None = None


def model() -> Model:
    """The shipped model, loaded once per process on first use."""
    global _MODEL
    if _MODEL is None:
        _MODEL = Model.load()
    return _MODEL


def score(
    text: str, *, kind: str = "", cue_lemma: str = "", speaker_known: bool = True, using: Model | None = None
) -> Worthiness:
    """The check-worthiness of one claim's content. `kind` is the extractor's (direct,
    indirect, mixed), `cue_lemma` the cue's lemma or its words as written, `speaker_known`
    whether the claim names who made it; `using` a model other than the shipped one (the
    training script's cross-validation)."""
    typed, groups, offset = prepared(text, kind=kind, cue_lemma=cue_lemma, speaker_known=speaker_known)
    p = sigmoid((using or model()).log_odds(groups) + offset)
    if typed.type is ClaimType.NOTHING:
        p *= NOTHING_SCALE
    return Worthiness(round(p, 4), typed.type, typed.reason)


def prepared(
    text: str, *, kind: str = "", cue_lemma: str = "", speaker_known: bool = True
) -> tuple[Typed, features.Groups, float]:
    """What score() computes before the model: the type, the model's features, and the
    log-odds the extractor's facts add (the training script fits on the same)."""
    words = words_of(text)
    cue = cue_class(cue_lemma)
    typed = classify(
        text, belief=cue is CueClass.BELIEF, reported=kind in REPORTED_KINDS, stance=cue is CueClass.STANCE, words=words
    )
    offset = shift(kind=kind, cue_lemma=cue_lemma, speaker_known=speaker_known)
    return typed, features.groups(text, typed, words, kind), offset


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim to score in a batch: its text and what the extractor knows of it."""

    text: str
    kind: str = ""
    cue_lemma: str = ""
    speaker_known: bool = True


def score_many(claims: Iterable[Claim | str]) -> list[Worthiness]:
    """score() for each claim (a Claim, or a bare text), in order."""
    out = []
    for c in claims:
        if isinstance(c, str):
            c = Claim(c)
        out.append(score(c.text, kind=c.kind, cue_lemma=c.cue_lemma, speaker_known=c.speaker_known))
    return out


__all__ = ["LABELS", "WEIGHTS_PATH", "Claim", "ClaimType", "Worthiness", "model", "score", "score_many"]
