"""A learned confidence: how likely an attribution is one an annotator would also mark.

The rules record what they know when they make an attribution (an Evidence: how the cue
was found, its lemma, how the speaker was resolved, where the content came from); once
the document's attributions are all known, features() turns each into feature names
(a few of them crosses) and score() sums the weights of a logistic model trained by
bench/train_confidence.py on annotated news (confidence_weights.json beside this file).
Unknown feature names weigh nothing. Pure Python: a few microseconds per attribution.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

from .lexicon import AS_VERBS, BELIEF_VERBS, NP_CONTENT_VERBS, PREPOSITION_VERBS, SPEECH_VERBS
from .types import Attribution

WEIGHTS_PATH = Path(__file__).with_name("confidence_weights.json")
LOWEST, HIGHEST = 0.05, 0.99
# A claim the text attributes to nobody it names ("it is expected", "asked about") is never
# a confident one, whatever the model says: its probability is scaled down by this much,
# which keeps the order among such claims.
NAMELESS_SCALE = 0.5
# A stance, a belief or a finding ("defended the plan", "believe", "found") is an
# attribution the corpus marks too, but fewer of them are worth reporting: whether one is
# reported is decided on its probability scaled by this much (so a stance needs 0.25 where a
# claim needs MIN_CONFIDENCE). The confidence shown and stored is the probability itself:
# confidence says how likely the attribution is right, and what an editor should look at
# first is check-worthiness' job (claims/checkworthiness), not a lowered confidence. Scaling
# the shown value too ranked most stances (77% of them right on PolNeAR) below the wrong
# claims: ROC AUC among reported claims 0.841 train / 0.831 dev scaled, 0.867 / 0.859 not.
STANCE_SCALE = 0.6
CLAIM = "claim_like"
# Attributions whose confidence falls below this are not reported at all: on PolNeAR (train
# and dev alike) few of them match an annotated attribution. With the weights trained on the
# rules of the third round, cutting at 0.15 instead of 0.10 raises ggt@0.3 F1 on train
# (0.753 -> 0.756; exact span 0.593 -> 0.594) and on dev (0.782 -> 0.785; exact 0.616 ->
# 0.620); 0.20 gains nothing more on train. The price: what is reported holds fewer easy
# negatives, so the ROC AUC among reported claims falls (dev 0.849 -> 0.832; 0.900 over
# every candidate either way).
MIN_CONFIDENCE = 0.15
_CLAIM_SOURCES = frozenset({"according", "passive_quote", "quote_only", "colon", "dash"})
_SPEECH_SOURCES = frozenset({"verb", "passive_agent", "headline_verb"})

_QUOTE_MARKS = frozenset("\"“”„«»")
_SENTENCE_END = frozenset(".!?:;\n")
_EDGE_SKIP = " \t\"“”„'‘’«»()"
_NEWLINE_RE = re.compile("\n")
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "who"})


@dataclass(frozen=True, slots=True)
class Evidence:
    """What the rules knew when they made one attribution."""

    source: str  # verb, according, passive_quote, adjective, quote_only, passive_agent, colon,
    # headline_verb, dash, sourceless, evidence, owned_noun, question
    content: str  # where the content came from: quote_before, quote_after, quote_both,
    # complement, complement_split, complement_resumed, pattern
    lemma: str = ""  # the cue's lemma, "" for a pattern without one
    tag: str = ""  # the cue token's fine-grained tag
    dep: str = ""  # the cue token's dependency label
    how: str = ""  # how the speaker was resolved ("named", "inherited:pronoun"), "" for none
    prior: float = 0.5  # the hand-made score the rules used before (ranking.confidence)


def _bucket(value: int, bounds: tuple[int, ...]) -> str:
    for b in bounds:
        if value <= b:
            return str(b)
    return f">{bounds[-1]}"


def lemma_class(lemma: str) -> str:
    if not lemma:
        return "none"
    if lemma in SPEECH_VERBS:
        return "speech"
    if lemma in BELIEF_VERBS:
        return "belief"
    if lemma in NP_CONTENT_VERBS:
        return "np"
    if lemma in PREPOSITION_VERBS:
        return "prep"
    if lemma in AS_VERBS:
        return "as"
    return "other"


def _gap(a0: int, a1: int, b0: int, b1: int) -> int:
    """Characters between two spans, 0 when they touch or overlap."""
    return max(0, max(a0, b0) - min(a1, b1))


class DocumentContext:
    """What features() needs to know about the whole document, computed once."""

    __slots__ = ("text", "newlines", "cue_counts", "spans", "starts", "longest", "cues")

    def __init__(self, text: str, found: list[Attribution]) -> None:
        self.text = text
        self.newlines = [m.start() for m in _NEWLINE_RE.finditer(text)]
        counts: dict[int, int] = {}
        for a in found:
            counts[a.cue_start] = counts.get(a.cue_start, 0) + 1
        self.cue_counts = counts
        # Content spans by start, so that each attribution looks only at its neighbours.
        self.spans = sorted((a.start, a.end) for a in found)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)
        self.cues = sorted(a.cue_start for a in found)

    def others(self, a: Attribution) -> tuple[int, int, int, int]:
        """(how many other contents overlap a's, whether one holds all of a's, whether a's
        content holds another attribution's cue, whether a's speaker sits in another's content)."""
        starts, spans = self.starts, self.spans
        overlaps = nested_in = spk_in_other = 0
        for i in range(bisect_left(starts, a.start - self.longest), bisect_left(starts, a.end)):
            s, e = spans[i]
            if a.start < e and not (s == a.start and e == a.end):
                overlaps += 1
                if s <= a.start and a.end <= e:
                    nested_in = 1
        sp = a.speaker_start
        if sp is not None:
            for i in range(bisect_left(starts, sp - self.longest), bisect_right(starts, sp)):
                s, e = spans[i]
                if sp < e and not (s == a.start and e == a.end):
                    spk_in_other = 1
                    break
        cues = self.cues
        inside = bisect_left(cues, a.end) - bisect_left(cues, a.start)
        own = bisect_right(cues, a.cue_start) - bisect_left(cues, a.cue_start) if a.start <= a.cue_start < a.end else 0
        return overlaps, nested_in, int(inside > own), spk_in_other


def features(a: Attribution, ev: Evidence, ctx: DocumentContext) -> list[str]:
    """Feature names for one attribution (binary features; numbers come bucketed)."""
    text = ctx.text
    kind = str(a.kind)
    how = ev.how.split(":")[-1] if ev.how else "none"
    inherited = ev.how.startswith("inherited")
    lclass = lemma_class(ev.lemma)
    words = len(text[a.start : a.end].split())
    pieces = len(a.pieces) if a.pieces else 1

    # Where the content sits: paragraph, sentence edges, quotation marks.
    para = bisect_right(ctx.newlines, a.start)
    para_start = ctx.newlines[para - 1] + 1 if para else 0
    before = text[max(0, a.start - 3) : a.start].rstrip(_EDGE_SKIP)
    at_sentence_start = a.start - para_start <= 2 or not before or before[-1] in _SENTENCE_END
    after = text[a.end : a.end + 3].lstrip(_EDGE_SKIP)
    at_sentence_end = not after or after[0] in _SENTENCE_END or after[0] == ","
    content_text = text[a.start : a.end]
    marks = sum(1 for ch in content_text if ch in _QUOTE_MARKS)
    enclosed = a.start > 0 and text[a.start - 1] in _QUOTE_MARKS

    # Cue and speaker against the content.
    cue_gap = _gap(a.start, a.end, a.cue_start, a.cue_end)
    cue_inside = a.start < a.cue_start < a.end
    cue_side = "inside" if cue_inside else ("before" if a.cue_end <= a.start else "after")
    if a.speaker_start is None or a.speaker_end is None:
        spk = ["spk=none"]
        spk_side = "none"
    else:
        spk_gap = _gap(a.speaker_start, a.speaker_end, a.cue_start, a.cue_end)
        spk_side = "before" if a.speaker_end <= a.cue_start else "after"
        mention = (a.speaker or "").strip()
        spk = [
            "spk_gap=" + _bucket(spk_gap, (1, 3, 10, 30, 80)),
            "spk_side=" + spk_side,
            "spk_words=" + _bucket(len(mention.split()), (1, 2, 3, 5)),
        ]
        if a.speaker_start < a.end and a.start < a.speaker_end:
            spk.append("spk_in_content")
        if mention.lower() in _PRONOUNS:
            spk.append("pronoun=" + mention.lower())

    # The other attributions of the document.
    same_cue = ctx.cue_counts.get(a.cue_start, 1)
    overlaps, nested_in, holds_cue, spk_in_other = ctx.others(a)

    names = [
        "bias",
        "src=" + ev.source,
        "content=" + ev.content,
        "kind=" + kind,
        "lemma=" + ev.lemma,
        "class=" + lclass,
        "tag=" + ev.tag,
        "dep=" + ev.dep,
        "how=" + how,
        "speaker_kind=" + str(a.speaker_kind),
        "prior=" + f"{round(ev.prior * 10) / 10:.1f}",
        "words=" + _bucket(words, (2, 4, 7, 12, 20, 35, 60, 100)),
        "pieces=" + _bucket(pieces, (1, 2)),
        "para=" + _bucket(para, (0, 1, 3, 8, 20)),
        "cue_gap=" + _bucket(cue_gap, (0, 2, 6, 20, 60)),
        "cue_side=" + cue_side,
        "cue_words=" + _bucket(len(a.cue.split()), (1, 2, 3)),
        "marks=" + _bucket(marks, (0, 1, 2, 4)),
        "same_cue=" + _bucket(same_cue, (1, 2)),
        "overlaps=" + _bucket(overlaps, (0, 1, 2)),
        # crosses
        "kind*src=" + kind + "*" + ev.source,
        "kind*class=" + kind + "*" + lclass,
        "kind*how=" + kind + "*" + how,
        "content*class=" + ev.content + "*" + lclass,
        "kind*lemma=" + kind + "*" + ev.lemma,
        "src*how=" + ev.source + "*" + how,
        "cue_side*kind=" + cue_side + "*" + kind,
        "spk_side*src=" + spk_side + "*" + ev.source,
        "dep*class=" + ev.dep + "*" + lclass,
    ]
    names.extend(spk)
    if kind == "direct" or ev.source in _CLAIM_SOURCES or (lclass == "speech" and ev.source in _SPEECH_SOURCES):
        names.append(CLAIM)
    if inherited:
        names.append("inherited")
        names.append("inherited*kind=" + kind)
    if a.speaker_name is None:
        names.append("no_name")
    if a.speaker_title:
        names.append("title")
    if a.via:
        names.append("via")
    if at_sentence_start:
        names.append("sent_start")
    if at_sentence_end:
        names.append("sent_end")
    if at_sentence_start and at_sentence_end:
        names.append("whole_sentence")
    if a.start - para_start <= 2:
        names.append("para_start")
    if enclosed:
        names.append("enclosed")
    if nested_in:
        names.append("nested_in_other")
    if holds_cue:
        names.append("holds_other_cue")
    if spk_in_other:
        names.append("speaker_in_other")
    if "not" in a.cue.lower().split() or "n't" in a.cue.lower():
        names.append("negated")
    return names


class Model:
    """Weights by feature name; the probability is a logistic function of their sum."""

    __slots__ = ("weights", "version")

    def __init__(self, weights: dict[str, float], version: str = "") -> None:
        self.weights = weights
        self.version = version

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls({str(k): float(v) for k, v in data["weights"].items()}, str(data.get("version", "")))

    def probability(self, names: list[str]) -> float:
        get = self.weights.get
        z = sum(get(n, 0.0) for n in names)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))


MODEL = Model.load()


def _bounded(p: float) -> float:
    return round(max(LOWEST, min(HIGHEST, p)), 2)


def scores_of(a: Attribution, names: list[str], model: Model = MODEL) -> tuple[float, float]:
    """(confidence, report score). The confidence is the model's probability, in
    [0.05, 0.99], two decimals, scaled by NAMELESS_SCALE when the speaker has no name. The
    report score, which MIN_CONFIDENCE cuts, is the same scaled by STANCE_SCALE when the
    attribution is not a claim."""
    p = model.probability(names)
    if a.speaker_name is None:
        p *= NAMELESS_SCALE
    return _bounded(p), _bounded(p if CLAIM in names else p * STANCE_SCALE)


def confidence_of(a: Attribution, names: list[str], model: Model = MODEL) -> float:
    """The product's confidence from an attribution's features (see scores_of)."""
    return scores_of(a, names, model)[0]


def reported(a: Attribution, names: list[str], model: Model = MODEL) -> bool:
    """Whether the extractor reports the attribution: its report score reaches MIN_CONFIDENCE."""
    return scores_of(a, names, model)[1] >= MIN_CONFIDENCE
