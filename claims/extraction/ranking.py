"""How much to trust an attribution, and which to keep when they nest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import BELIEF_VERBS, SPEECH_VERBS
from .speakers import Speaker
from .types import Attribution, Kind, SpeakerKind

if TYPE_CHECKING:
    from .cues import Cue

CONFIDENCE_BY_HOW = {
    "named": 0.9, "alias": 0.88, "document": 0.72, "group": 0.7, "pronoun": 0.72, "unnamed": 0.6,
}


def drop_nested_unnamed(found: list[Attribution]) -> list[Attribution]:
    """In "Washington said the summit showed that ...", the summit is part of what
    Washington said, not a source of its own: drop such nested, nameless attributions."""
    kept = []
    for a in found:
        nameless = a.speaker_kind == SpeakerKind.UNNAMED or not _names_someone(a.speaker or "")
        nested = nameless and a.speaker_start is not None and any(
            b is not a and b.start <= a.speaker_start and a.speaker_end <= b.end and b.speaker_kind != SpeakerKind.UNNAMED
            for b in found
        )
        if not nested:
            kept.append(a)
    return kept


def drop_quoted_twice(found: list[Attribution]) -> list[Attribution]:
    """A quotation given whole to two direct attributions, once alone and once as the first
    piece of an interrupted quote ('X posted a message: “Q1,” she wrote. “Q2.”'): the words are
    one claim, the interrupted quote, whose attribution stands beside them. (A quotation
    after the interruption keeps its own cue: '“Q1,” he said, adding, “Q2.”')"""
    direct = [a for a in found if a.kind == Kind.DIRECT and a.pieces]
    kept = []
    for a in found:
        covered = a.kind == Kind.DIRECT and len(a.pieces) == 1 and any(
            b is not a and len(b.pieces) > 1 and a.pieces[0] == b.pieces[0] for b in direct
        )
        if not covered:
            kept.append(a)
    return kept


def _names_someone(mention: str) -> bool:
    """'Miller', 'the White House', 'he' name someone; 'the company', 'officials' do not."""
    words = mention.split()
    if not words:
        return False
    if len(words) == 1 and words[0].lower() in ("he", "she", "they", "i", "we"):
        return True
    return any(w[:1].isupper() for w in words if w.lower() not in ("the", "a", "an", "this", "that"))


def confidence(speaker: Speaker, kind: Kind, cue: Cue) -> float:
    """The rules' own prior: it chooses between two readings of one span and is one of the
    learned confidence's features (confidence.py), which replaces it in the output."""
    how = speaker.how.split(":")[-1]
    score = CONFIDENCE_BY_HOW.get(how, 0.6)
    if speaker.how.startswith("inherited"):
        score -= 0.05
    if speaker.name is None:
        score -= 0.25
    if kind == Kind.INDIRECT:
        score -= 0.08
    elif kind == Kind.MIXED:
        score -= 0.04
    lemma = cue.token.lemma_.lower()
    if not cue.according and lemma not in ("say", "tell", "quote"):
        score -= 0.03
    if kind != Kind.DIRECT and not cue.according and not cue.passive_quote:
        # Reported speech is a claim; belief is less of one; a stance taken on something
        # ("defended the plan") is an attribution an editor rarely needs to check.
        if lemma not in SPEECH_VERBS:
            score -= 0.15 if lemma in BELIEF_VERBS else 0.35
    return round(max(0.05, min(0.99, score)), 2)
