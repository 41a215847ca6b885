"""Matching a claim against stored claims or fact-checks: key, retrieval, rerank.

The steps meet through `CandidateSource`, which a database can implement with an indexed
key column, its own full-text search and the stored vector bytes; `MemorySource` implements
it over rows held in memory (the bench, a batch, tests).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from .blend import BlendWeights, Match, Stored, rerank
from .dense import embed, vector_to_bytes
from .lexical import Bm25Retriever, Candidate, Document
from .normalise import clean_text, exact_key, split_byline

# How many lexical candidates the rerank sees: on the CheckThat! train queries the right
# fact-check is among BM25's best 100 for 97% of tweets, and reranking 100 vectors is cheap.
RETRIEVAL_DEPTH = 100
RESULT_LIMIT = 20


@dataclass(frozen=True)
class Prepared:
    """A text made ready for matching: what it is compared by, each way.

    `lexical` keeps a tweet's signature (the poster's name helps find the fact-check);
    `vector` is made from the body alone.
    """

    key: str
    lexical: str
    vector: bytes


@dataclass(frozen=True)
class Row:
    """A matchable claim or fact-check with what is stored for it."""

    id: Hashable
    prepared: Prepared


def prepare(text: str, *, key_text: str | None = None) -> Prepared:
    """Key, lexical text and vector of one text (`key_text`: the wording that counts as
    'the same claim' when it differs from the text compared, e.g. a fact-check's claim
    reviewed without its headline)."""
    return prepare_many([text], key_texts=[key_text])[0]


def prepare_many(texts: Sequence[str], *, key_texts: Sequence[str | None] | None = None) -> list[Prepared]:
    """`prepare` for many texts at once (the vectors are computed in batches)."""
    key_texts = key_texts or [None] * len(texts)
    bodies = [clean_text(split_byline(text)[0]) for text in texts]
    vectors = embed(bodies)
    return [
        Prepared(exact_key(text if key_text is None else key_text), clean_text(text), vector_to_bytes(vector))
        for text, key_text, vector in zip(texts, key_texts, vectors)
    ]


class CandidateSource(Protocol):
    """Where the rows to match against live, and how to find some of them quickly."""

    def retrieve(self, text: str, *, limit: int) -> list[Candidate]:
        """Rows that share words with the text, best first, with a lexical score that is
        higher for better rows and >= 0 (FTS5's bm25() is negated, ts_rank used as is)."""
        ...

    def with_key(self, key: str) -> list[Hashable]:
        """Ids of the rows whose exact key is this one."""
        ...

    def stored(self, ids: Sequence[Hashable]) -> list[Stored]:
        """The stored key and vector of these rows, oldest first (unknown ids left out)."""
        ...


class MemorySource:
    """Rows held in memory, with BM25 over their lexical texts; given oldest first."""

    def __init__(self, rows: Iterable[Row]) -> None:
        rows = list(rows)
        self._stored = {r.id: Stored(r.id, r.prepared.key, r.prepared.vector) for r in rows}
        self._order = {r.id: position for position, r in enumerate(rows)}
        self._by_key: dict[str, list[Hashable]] = defaultdict(list)
        for r in rows:
            if r.prepared.key:
                self._by_key[r.prepared.key].append(r.id)
        self._retriever = Bm25Retriever([Document(r.id, r.prepared.lexical) for r in rows])

    def __len__(self) -> int:
        return len(self._stored)

    def retrieve(self, text: str, *, limit: int) -> list[Candidate]:
        return self._retriever.retrieve(text, limit=limit)

    def with_key(self, key: str) -> list[Hashable]:
        return list(self._by_key.get(key, ()))

    def stored(self, ids: Sequence[Hashable]) -> list[Stored]:
        known = {i for i in ids if i in self._stored}
        return [self._stored[i] for i in sorted(known, key=self._order.__getitem__)]


def match(
    query: Prepared,
    source: CandidateSource,
    *,
    limit: int = RESULT_LIMIT,
    depth: int = RETRIEVAL_DEPTH,
    weights: BlendWeights = BlendWeights(),
) -> list[Match]:
    """The best `limit` rows for a prepared query: same key and lexical candidates, reranked."""
    candidates = source.retrieve(query.lexical, limit=depth)
    ids = list(dict.fromkeys([*source.with_key(query.key), *(c.id for c in candidates)]))
    ranked = rerank(
        query_key=query.key,
        query_vector=query.vector,
        candidates=candidates,
        stored=source.stored(ids),
        weights=weights,
        limit=limit,
    )
    return ranked
