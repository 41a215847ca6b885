"""Claim matching: the same claim in other words, and the fact-checks it already had.

Pure Python with its libraries (bm25s, PyStemmer, WordLlama, numpy, regex), no Django:
a text in, ranked ids with scores out. Steps: a normalised exact key, lexical retrieval, a rerank that
blends the key, the lexical score and the cosine of static-embedding vectors.
"""

from .blend import BlendWeights, Match, Stored, rerank
from .dense import VECTOR_DIM, VECTOR_FORMAT, cosines, embed, vector_to_bytes, vectors_from_bytes
from .engine import CandidateSource, MemorySource, Prepared, Row, match, prepare, prepare_many
from .lexical import Bm25Retriever, Candidate, Document, LexicalRetriever, lexical_terms, query_terms
from .normalise import clean_text, exact_key, split_byline

__all__ = [
    "VECTOR_DIM",
    "VECTOR_FORMAT",
    "BlendWeights",
    "Bm25Retriever",
    "Candidate",
    "CandidateSource",
    "Document",
    "LexicalRetriever",
    "Match",
    "MemorySource",
    "Prepared",
    "Row",
    "Stored",
    "clean_text",
    "cosines",
    "embed",
    "exact_key",
    "lexical_terms",
    "match",
    "prepare",
    "prepare_many",
    "query_terms",
    "rerank",
    "split_byline",
    "vector_to_bytes",
    "vectors_from_bytes",
]
