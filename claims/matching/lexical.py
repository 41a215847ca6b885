"""Lexical retrieval: the first step of matching, which finds candidates by shared words.

The step is an interface (`LexicalRetriever`): today bm25s over a candidate set the caller
holds (the bench, a batch); later PostgreSQL full-text search or SQLite FTS5 behind the same
call, so that no worker keeps an index in memory that another worker's writes make stale.
Scores only need to rank within one query: the blend divides them by the best one.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from .normalise import terms

# Robertson's classic values. In the blend, on the CheckThat! 2020 train queries, MAP@5
# moves by less than 0.005 for k1 from 0.9 to 2.0 and b from 0.4 to 0.9.
BM25_K1 = 1.2
BM25_B = 0.75
_STOPWORDS = frozenset(STOPWORDS_EN)
# Words a database full-text query asks for at most (a claim has a few dozen).
QUERY_TERMS_MAX = 64


@dataclass(frozen=True)
class Document:
    """One matchable text (a claim, or a fact-check's claim reviewed and headline)."""

    id: Hashable
    text: str


@dataclass(frozen=True)
class Candidate:
    """A document the retrieval step found for a query, with its lexical score (>= 0)."""

    id: Hashable
    score: float


class LexicalRetriever(Protocol):
    """Finds the documents that share words with a text, best first."""

    def retrieve(self, text: str, *, limit: int) -> list[Candidate]: ...


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def lexical_terms(text: str) -> list[str]:
    """Stemmed content words: 'rises' and 'rising' meet, 'the' and 'of' do not count."""
    return _stemmer().stemWords([t for t in terms(text) if t not in _STOPWORDS])


def stems(words: Sequence[str]) -> list[str]:
    """The Snowball English stems of these words, the stemmer PostgreSQL's 'english'
    configuration also uses: a database's lexeme statistics can be read by them."""
    return _stemmer().stemWords(list(words))


def query_terms(text: str, *, limit: int = QUERY_TERMS_MAX) -> list[str]:
    """The distinct content words of a text, unstemmed, first ones first: what a database's
    full-text search is asked for (it stems them its own way). Capped, so that a long
    text's query stays cheap: its first words say what it is about."""
    words = dict.fromkeys(t for t in terms(text) if t not in _STOPWORDS)
    return list(words)[:limit]


class Bm25Retriever:
    """BM25 (bm25s) over documents held in memory, for callers that own a candidate set."""

    def __init__(self, documents: Sequence[Document], *, k1: float = BM25_K1, b: float = BM25_B) -> None:
        self._ids = [d.id for d in documents]
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        if documents:
            self._bm25.index([lexical_terms(d.text) for d in documents], show_progress=False)

    def scores(self, text: str) -> np.ndarray:
        """The BM25 score of every document, in the order they were given."""
        if not self._ids:
            return np.zeros(0, dtype=np.float32)
        ids = self._bm25.get_tokens_ids(lexical_terms(text))
        if not ids:
            return np.zeros(len(self._ids), dtype=np.float32)
        return self._bm25.get_scores_from_ids(ids)

    def retrieve(self, text: str, *, limit: int) -> list[Candidate]:
        scores = self.scores(text)
        best = _top(scores, limit)
        return [Candidate(self._ids[i], score) for i, score in zip(best.tolist(), scores[best].tolist())]


def _top(scores: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` best positive scores, best first, earlier documents first
    among equals. Most documents share no word with a query: selecting among the others
    first keeps this well below the cost of sorting every document's score."""
    kept = np.flatnonzero(scores > 0)
    if 0 < limit < len(kept):
        threshold = np.partition(scores[kept], len(kept) - limit)[len(kept) - limit]
        kept = kept[scores[kept] >= threshold]
    return kept[np.argsort(-scores[kept], kind="stable")][:limit]
