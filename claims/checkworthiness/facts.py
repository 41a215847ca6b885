"""What the extractor knows about a claim, as shifts of the model's log-odds.

The model learns mostly from debate transcripts, where every sentence is the speaker's own
words: there is no cue, no reported speech, no unnamed source to learn from, and the few
hundred news claims it also learns from (tests/data/worthiness_news/) are too few to weigh
each cue class. So these shifts are set by hand, small against the text's own weight (a
figure alone moves the log-odds by about 2), each for the reason beside it; training fits
the model around them (bench/train_checkworthiness.py adds them to a news claim's log-odds).
"""

from __future__ import annotations

from enum import StrEnum

# A verbatim quotation is what a speaker can be held to, word for word.
DIRECT_SHIFT = 0.2
# A belief ("officials believe ...") is held, not asserted: about what the speaker's own
# "I think" costs a debate sentence in the model (-1.09; bench/train_checkworthiness.py prints it).
BELIEF_SHIFT = -1.1
# A stance ("criticised ...", "was proud of ...") attributes mostly what is praised or
# blamed, seldom a claim of fact.
STANCE_SHIFT = -1.5
# A finding ("the audit found ...", "the poll shows ...") is a claim of fact by design.
EVIDENCE_SHIFT = 0.5
# A claim no one is named for can be checked only against the world, not its source.
UNKNOWN_SPEAKER_SHIFT = -0.4


class CueClass(StrEnum):
    SPEECH = "speech"
    BELIEF = "belief"
    STANCE = "stance"
    EVIDENCE = "evidence"
    NONE = "none"


BELIEF_LEMMAS = frozenset(
    """think believe know doubt guess suspect expect hope fear worry wish want plan feel reckon
    suppose assume consider bet imagine""".split()
)
STANCE_LEMMAS = frozenset(
    """criticize criticise defend praise oppose support welcome condemn blame reject back applaud
    slam blast attack endorse question denounce dismiss hail laud commend champion decry lament
    thank like prefer favor favour call critical supportive proud concerned worried confident
    optimistic pessimistic hopeful skeptical sceptical doubtful wary afraid angry upset unhappy
    disappointed enthusiastic opposed""".split()
)
EVIDENCE_LEMMAS = frozenset("find show reveal indicate estimate conclude suggest document record measure".split())
_IRREGULAR = {"found": "find", "shown": "show", "thought": "think", "knew": "know", "known": "know",
              "felt": "feel", "said": "say", "told": "tell", "bet": "bet"}


def cue_class(cue: str) -> CueClass:
    """The class of a cue, given as a lemma ("believe") or as written ("was critical of",
    "believes"): the first word of it that some class knows decides."""
    for word in cue.lower().split():
        for lemma in _lemmas(word):
            if lemma in BELIEF_LEMMAS:
                return CueClass.BELIEF
            if lemma in STANCE_LEMMAS:
                return CueClass.STANCE
            if lemma in EVIDENCE_LEMMAS:
                return CueClass.EVIDENCE
    return CueClass.SPEECH if cue.strip() else CueClass.NONE


def _lemmas(word: str) -> tuple[str, ...]:
    """The word and the stems its regular endings may hide ("hopes", "hoped", "hoping")."""
    if word in _IRREGULAR:
        return (_IRREGULAR[word],)
    stems = [word]
    for ending, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("d", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stems.append(word[: len(word) - len(ending)] + replacement)
    return tuple(stems)


def shift(*, kind: str, cue_lemma: str, speaker_known: bool) -> float:
    """The log-odds the extractor's facts add to the text's own."""
    total = DIRECT_SHIFT if kind == "direct" else 0.0
    total += {CueClass.BELIEF: BELIEF_SHIFT, CueClass.STANCE: STANCE_SHIFT,
              CueClass.EVIDENCE: EVIDENCE_SHIFT}.get(cue_class(cue_lemma), 0.0)
    if not speaker_known:
        total += UNKNOWN_SPEAKER_SHIFT
    return total
