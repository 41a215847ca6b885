"""The score: a learned model over the text, shifted by what the extractor knows, with
the shipped weights (sentences invented for these tests)."""

from __future__ import annotations

import json

from claims.checkworthiness import Claim, ClaimType, WEIGHTS_PATH, model, score, score_many
from claims.checkworthiness.facts import CueClass, cue_class
from claims.checkworthiness.features import HASH_BITS

FIGURE = "The Orwen county budget rose by 14 percent between 2019 and 2023."
CLAIMS = [
    FIGURE,
    "Crime in Marlow has fallen by a third since the new patrols began.",
    "The Tavish hospital treated 3,200 patients in its first year.",
]
NOTHING = [
    "Thank you very much, and good evening.",
    "How are you feeling tonight?",
    "the delay",
]


def test_the_weights_load_and_credit_claimbuster():
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    assert data["hash_bits"] == HASH_BITS
    assert "ClaimBuster" in data["credit"] and "CC BY 4.0" in data["credit"]
    assert len(model().weights) == data["weights"] > 1000


def test_scores_are_probabilities():
    for text in CLAIMS + NOTHING + [""]:
        assert 0.0 <= score(text).score <= 1.0


def test_a_factual_claim_with_a_figure_scores_above_a_greeting_or_a_question():
    lowest_claim = min(score(t).score for t in CLAIMS)
    highest_nothing = max(score(t).score for t in NOTHING)
    assert lowest_claim > highest_nothing
    assert score(FIGURE).type is ClaimType.STATISTIC


def test_nothing_to_check_stays_below_a_tenth():
    assert all(score(t).score < 0.1 for t in NOTHING)


def test_the_extractor_facts_move_the_score():
    text = "the Brackley ring road cost more than the county had planned"
    said = score(text, kind="indirect", cue_lemma="say").score
    assert score(text, kind="direct", cue_lemma="say").score > said
    assert score(text, kind="indirect", cue_lemma="believe").score < said
    assert score(text, kind="indirect", cue_lemma="was critical of").score < score(text, kind="indirect", cue_lemma="believe").score
    assert score(text, kind="indirect", cue_lemma="find").score > said
    assert score(text, kind="indirect", cue_lemma="say", speaker_known=False).score < said


def test_cues_are_read_as_lemmas_or_as_written():
    assert cue_class("believes") is cue_class("believe") is CueClass.BELIEF
    assert cue_class("was sharply critical of") is CueClass.STANCE
    assert cue_class("found") is CueClass.EVIDENCE
    assert cue_class("said") is CueClass.SPEECH
    assert cue_class("") is CueClass.NONE


def test_the_batch_form_gives_what_one_by_one_gives():
    batch = score_many([FIGURE, Claim(NOTHING[0]), Claim(CLAIMS[1], kind="direct", cue_lemma="believe", speaker_known=False)])
    assert batch == [score(FIGURE), score(NOTHING[0]),
                     score(CLAIMS[1], kind="direct", cue_lemma="believe", speaker_known=False)]
