"""The check-worthiness training script's parts, on data invented for the test."""

from __future__ import annotations

import numpy as np

from bench.train_checkworthiness import Design, Example, average_precision, fit, lbfgs, normalised, roc_auc
from claims.checkworthiness import score
from claims.checkworthiness.model import decode, encode

WORTHY = [
    "The Orwen council spent 4 million on the new pier last year.",
    "Unemployment in Marlow fell to 6 percent in March.",
    "The Tavish clinic treated 2,400 patients in its first month.",
    "Rents in Brackley rose by a third between 2019 and 2022.",
]
UNWORTHY = [
    "I want to thank everyone for being here tonight.",
    "We can do better, and we will.",
    "That is a great question, and I am glad you asked it.",
    "Let me say this to the people of Fenwick.",
]


def _examples() -> list[Example]:
    rows = [(t, 1) for t in WORTHY] + [(t, 0) for t in UNWORTHY]
    return [Example(t, y, 1.0, normalised(t), "invented") for t, y in rows]


def test_lbfgs_finds_the_minimum_of_a_quadratic():
    target = np.array([3.0, -2.0, 0.5])

    def f(x):
        return float(((x - target) ** 2).sum()), 2 * (x - target)

    assert np.allclose(lbfgs(f, np.zeros(3)), target, atol=1e-4)


def test_fit_learns_figures_from_greetings_and_is_deterministic():
    examples = _examples()
    design = Design(examples)
    rows = np.arange(len(examples))
    model = fit(design, rows, l2=0.1)
    assert fit(design, rows, l2=0.1).weights == model.weights
    new_claim = score("The Dunmore ferry carried 9,000 people in 2021.", using=model).score
    new_greeting = score("Thank you, and good night to you all.", using=model).score
    assert new_claim > new_greeting


def test_weights_survive_their_packing_to_float16():
    columns = np.array([70000, 3, 262143, 12])
    values = np.array([0.25, -1.5, 0.031, 2.0])
    got_columns, got_values = decode(*encode(columns, values))
    order = np.argsort(columns)
    assert got_columns.tolist() == columns[order].tolist()
    assert np.allclose(got_values, values[order], rtol=1e-3)


def test_ranking_measures_agree_with_their_definitions():
    assert average_precision([0.9, 0.8, 0.1], [1, 0, 1]) == (1 + 2 / 3) / 2
    assert roc_auc([0.9, 0.8, 0.1], [1, 0, 1]) == 0.5
