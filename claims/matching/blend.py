"""The blend: one score from the exact key, the lexical score and the dense cosine.

The rerank step needs only what is stored per row (key and vector bytes) plus the lexical
scores of the retrieval step, so it runs the same in any worker against any database.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from .dense import cosines, vectors_from_bytes
from .lexical import Candidate

# Tuned on the CheckThat! 2020 train queries with bench/match_claims.py (a grid over the
# lexical share; dense = 1 - lexical). Words a fact-check shares with the claim matter, but
# a tweet's wording differs from the fact-check's, which the embeddings bridge.
LEXICAL_WEIGHT = 0.35
DENSE_WEIGHT = 0.65
# An identical wording outranks everything else: the lexical and dense parts add up to at
# most 1, so a key match always scores above any other candidate.
EXACT_WEIGHT = 1.0


@dataclass(frozen=True)
class BlendWeights:
    """How much each signal counts; lexical and dense should add up to 1."""

    exact: float = EXACT_WEIGHT
    lexical: float = LEXICAL_WEIGHT
    dense: float = DENSE_WEIGHT


@dataclass(frozen=True)
class Stored:
    """What the database keeps per claim or fact-check for the rerank step."""

    id: Hashable
    key: str
    vector: bytes


@dataclass(frozen=True)
class Match:
    """A ranked candidate with its blended score and the parts it was made of."""

    id: Hashable
    score: float
    exact: bool
    lexical: float  # the retrieval score divided by the query's best one, in [0, 1]
    dense: float  # cosine of the two vectors, in [-1, 1]


def normalised_lexical(candidates: Sequence[Candidate]) -> dict[Hashable, float]:
    """Lexical scores divided by the best: BM25, ts_rank and FTS5 differ in scale, and
    only the order within one query means anything."""
    best = max((c.score for c in candidates), default=0.0)
    if best <= 0:
        return {c.id: 0.0 for c in candidates}
    return {c.id: c.score / best for c in candidates}


def rerank(
    *,
    query_key: str,
    query_vector: bytes,
    candidates: Sequence[Candidate],
    stored: Sequence[Stored],
    weights: BlendWeights = BlendWeights(),
    limit: int | None = None,
) -> list[Match]:
    """Every stored row scored by the blend, best first (the best `limit` of them if given).

    `stored` holds the rows of the candidates and of any row found by its key alone, oldest
    first; a row the lexical step did not return counts 0 for its lexical part. Rows with
    the same exact key carry the same claim, so they share the best score among them (their
    vectors differ only by noise such as ' for "), and the oldest of equals comes first.
    """
    if not stored:
        return []
    lexical_by_id = normalised_lexical(candidates)
    lexical = np.array([lexical_by_id.get(row.id, 0.0) for row in stored])
    exact = np.array([bool(query_key) and row.key == query_key for row in stored])
    dense = cosines(vectors_from_bytes([query_vector])[0], vectors_from_bytes([row.vector for row in stored]))
    scores = weights.exact * exact + weights.lexical * lexical + weights.dense * dense
    scores = _best_per_key([row.key for row in stored], scores)
    order = np.argsort(-scores, kind="stable")[:limit].tolist()
    # Plain floats once, not one numpy scalar per field: this runs for every match.
    score_list, exact_list, lexical_list, dense_list = scores.tolist(), exact.tolist(), lexical.tolist(), dense.tolist()
    return [Match(stored[i].id, score_list[i], exact_list[i], lexical_list[i], dense_list[i]) for i in order]


def _best_per_key(keys: Sequence[str], scores: np.ndarray) -> np.ndarray:
    """Each score raised to the best among the rows with the same (non-empty) key."""
    best: dict[str, float] = {}
    for key, score in zip(keys, scores.tolist()):
        if key:
            best[key] = max(best.get(key, score), score)
    return np.array([best[key] if key else score for key, score in zip(keys, scores.tolist())])
