"""The learned confidence: its weights, its range, its ranking, and that training and the
extractor compute the same features."""

from __future__ import annotations

import math

from bench.train_confidence import examples
from claims.extraction import extract, get_extractor
from claims.extraction.confidence import (
    CLAIM,
    HIGHEST,
    LOWEST,
    MIN_CONFIDENCE,
    MODEL,
    NAMELESS_SCALE,
    STANCE_SCALE,
    WEIGHTS_PATH,
    Model,
    confidence_of,
    reported,
    scores_of,
)
from claims.extraction.quotes import find_quotations
from claims.extraction.rules import AttributionFinder

TEXT = (
    "Harbour plan divides the council\n\n"
    "“The new pier will pay for itself within ten years,” Mayor Elena Varga said on Tuesday.\n\n"
    "Councillor Tomas Brandt criticized the plan. Residents are said to oppose the plan. "
    "Officials believe the budget is too small, according to a memo seen by reporters.\n\n"
    "Asked about the cost, Varga said the port authority would cover most of it."
)


def test_weights_file_loads_with_finite_weights_and_a_bias():
    model = Model.load(WEIGHTS_PATH)
    assert "bias" in model.weights and len(model.weights) > 50
    assert all(math.isfinite(w) for w in model.weights.values())


def test_confidence_is_deterministic_and_in_range_with_two_decimals():
    first = [(a.start, a.end, a.confidence) for a in extract(TEXT)]
    second = [(a.start, a.end, a.confidence) for a in extract(TEXT)]
    assert first == second and len(first) >= 4
    for _, _, c in first:
        assert LOWEST <= c <= HIGHEST
        assert round(c, 2) == c


def test_a_named_direct_quote_outranks_an_unnamed_stance():
    found = extract(TEXT)
    quote = next(a for a in found if a.text.startswith("The new pier"))
    nameless = [a for a in found if a.speaker_name is None]
    assert nameless, [(a.text, a.speaker_name) for a in found]
    assert all(quote.confidence > a.confidence for a in nameless)
    assert quote.confidence >= 0.7


def test_speakers_without_a_name_stay_below_half():
    found = extract("Critics say the tunnel is unsafe. It is widely believed that the tunnel will close.")
    assert found
    assert all(a.confidence <= NAMELESS_SCALE for a in found if a.speaker_name is None)


def test_training_reads_the_same_features_the_extractor_scores():
    nlp = get_extractor().nlp
    finder = AttributionFinder(nlp(TEXT), find_quotations(TEXT), TEXT)
    scored = finder.find_with_features()
    names, labels, found = examples([{"text": TEXT, "quotes": []}], None, "test")
    assert names == [n for _, n in scored]
    assert labels == [0] * len(scored)
    assert [a.confidence for a in found] == [confidence_of(a, n, MODEL) for a, n in zip(found, names, strict=True)]
    runtime = extract(TEXT)
    assert [(a.start, a.end, a.confidence) for a in runtime] == [
        (a.start, a.end, a.confidence) for a, n in zip(found, names, strict=True) if reported(a, n, MODEL)
    ]


def test_attributions_below_the_minimum_are_not_reported_but_training_sees_them():
    nlp = get_extractor().nlp
    every = AttributionFinder(nlp(TEXT), find_quotations(TEXT), TEXT).find_with_features()
    shown = extract(TEXT)
    assert any(not reported(a, n, MODEL) for a, n in every)
    assert all(a.confidence >= MIN_CONFIDENCE for a in shown)
    assert len(shown) == sum(reported(a, n, MODEL) for a, n in every) < len(every)


def test_a_stance_is_reported_on_a_scaled_score_but_shows_its_probability():
    every = AttributionFinder(get_extractor().nlp(TEXT), find_quotations(TEXT), TEXT).find_with_features()
    stances = [(a, n) for a, n in every if CLAIM not in n and a.speaker_name is not None]
    assert stances, [(a.text, a.cue) for a, _ in every]
    for a, names in stances:
        confidence, report = scores_of(a, names, MODEL)
        assert confidence == a.confidence == round(max(LOWEST, min(HIGHEST, MODEL.probability(names))), 2)
        assert report == round(max(LOWEST, min(HIGHEST, MODEL.probability(names) * STANCE_SCALE)), 2)
        assert reported(a, names, MODEL) == (report >= MIN_CONFIDENCE)


def test_roc_auc_counts_pairs_ranked_right_and_ties_as_half():
    from bench.confidence_eval import decile_precision, roc_auc

    assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75
    assert roc_auc([0.5, 0.5], [0, 1]) == 0.5
    scores = [i / 20 for i in range(20)]
    labels = [0, 1] + [1] * 16 + [1, 1]
    assert decile_precision(scores, labels) == (0.5, 1.0)
