"""Dense similarity from static word embeddings (WordLlama), stored as compact bytes.

WordLlama's 256-dimension weights ship inside its PyPI wheel, so a worker loads them from
the installed package with no network and no model hub. A text's vector is the average of
its token embeddings: a few microseconds per claim, no GPU.

Vectors are kept as int8 (256 bytes), one per claim and per fact-check in a database column,
so any worker can rerank candidates from the rows alone. Cosine similarity does not depend
on a vector's length, so each vector is scaled to use the full int8 range and the scale is
not stored.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from wordllama.inference import WordLlamaInference

WORDLLAMA_CONFIG = "l2_supercat"
VECTOR_DIM = 256
# What a stored vector means: store it beside the bytes, and recompute every vector when
# it changes (another model, dimension or encoding gives incomparable bytes).
VECTOR_FORMAT = f"wordllama-0.4.0.post1/{WORDLLAMA_CONFIG}/{VECTOR_DIM}/int8"
_INT8_MAX = 127


@lru_cache(maxsize=1)
def embedding_model() -> WordLlamaInference:
    """WordLlama, loaded once per process from the weights inside the installed wheel."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama  # imported here: it calls logging.basicConfig() on import

    root.handlers[:], root.level = handlers, level  # keep the host's logging as it was
    package = Path(wordllama.__file__).parent
    return wordllama.WordLlama.load(
        config=WORDLLAMA_CONFIG, dim=VECTOR_DIM, cache_dir=package, disable_download=True
    )


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gives a zero row)."""
    if not texts:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    vectors = embedding_model().embed(list(texts), norm=False)
    return _unit_rows(vectors)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """A vector as VECTOR_DIM int8 bytes, scaled so its largest component is +-127."""
    vector = np.asarray(vector, dtype=np.float32).reshape(VECTOR_DIM)
    peak = float(np.abs(vector).max())
    scaled = vector * (_INT8_MAX / peak) if peak > 0 else vector
    return np.rint(scaled).astype(np.int8).tobytes()


def vectors_from_bytes(blobs: Sequence[bytes]) -> np.ndarray:
    """Stored vectors back as unit-length float32 rows, ready for `cosines`."""
    for blob in blobs:
        if len(blob) != VECTOR_DIM:
            raise ValueError(f"a stored vector has {len(blob)} bytes, expected {VECTOR_DIM} ({VECTOR_FORMAT})")
    if not blobs:
        return np.zeros((0, VECTOR_DIM), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), VECTOR_DIM)
    return _unit_rows(matrix.astype(np.float32))


def cosines(query: np.ndarray, stored: np.ndarray) -> np.ndarray:
    """Cosine of one unit query vector against many unit rows (0 where a row is empty)."""
    return stored @ np.asarray(query, dtype=np.float32).reshape(VECTOR_DIM)
