"""The learned part: a logistic regression over features.vector(), weights from
weights.json beside this file (made by bench/train_checkworthiness.py, trained on
ClaimBuster, CC BY 4.0, and the CheckThat! 2019 debates; see WEIGHTS.md).

Only the weights that matter are stored (column and float16 weight, compressed), so the
file stays small; every other column weighs nothing. Scoring sums the weights of the
claim's features in pure Python: a dict lookup each, most of them remembered.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from pathlib import Path

import numpy as np

from . import features

WEIGHTS_PATH = Path(__file__).with_name("weights.json")

# Feature names (and words) whose weight a model remembers: n-grams recur from claim to
# claim, and a remembered one costs a dict lookup instead of hashing. A few MB at most.
MEMO_SIZE = 50_000


class _Memo(dict):
    """Weight by feature name, filled on first use from the weights by column."""

    __slots__ = ("weights",)

    def __init__(self, weights: dict[int, float]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, name: str) -> float:
        weight = self.weights.get(features.column_of(name), 0.0)
        if len(self) < MEMO_SIZE:
            self[name] = weight
        return weight


class _WordMemo(dict):
    """(sum of the weights, count) of a word's character n-grams, filled on first use."""

    __slots__ = ("grams",)

    def __init__(self, grams: _Memo) -> None:
        super().__init__()
        self.grams = grams

    def __missing__(self, word: str) -> tuple[float, int]:
        names = features.char_grams(word)
        found = (sum(map(self.grams.__getitem__, names)), len(names))
        if len(self) < MEMO_SIZE:
            self[word] = found
        return found


class Model:
    """The bias and the weight of every column the training data used."""

    __slots__ = ("bias", "weights", "about", "_memo", "_words")

    def __init__(self, bias: float, weights: dict[int, float], about: str = "") -> None:
        self.bias = bias
        self.weights = weights
        self.about = about
        self._memo = _Memo(weights)
        self._words = _WordMemo(_Memo(weights))

    @classmethod
    def load(cls, path: Path = WEIGHTS_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["hash_bits"] != features.HASH_BITS:
            raise ValueError(f"{path} was trained with {data['hash_bits']} hash bits, the features use {features.HASH_BITS}")
        columns, values = decode(data["columns"], data["values"])
        return cls(float(data["bias"]), dict(zip(columns.tolist(), values.tolist(), strict=True)), data.get("about", ""))

    def log_odds(self, groups: features.Groups) -> float:
        """The bias plus each group's weights, scaled as features.vector() scales them."""
        weight = self._memo.__getitem__
        z = self.bias
        for names, scale in ((groups.word_grams, features.WORD_SCALE), (groups.cues, features.CUE_SCALE)):
            if names:
                z += scale / len(names) ** 0.5 * sum(map(weight, names))
        if groups.words:
            total = count = 0.0
            for word_total, word_count in map(self._words.__getitem__, groups.words):
                total += word_total
                count += word_count
            z += features.CHAR_SCALE / count**0.5 * total
        return z


def sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


def encode(columns: np.ndarray, values: np.ndarray) -> tuple[str, str]:
    """Sorted columns as zlib-compressed uint32 gaps, weights as zlib-compressed float16,
    both base64: about 3 bytes a weight."""
    order = np.argsort(columns, kind="stable")
    gaps = np.diff(columns[order], prepend=0).astype("<u4")
    packed = (zlib.compress(gaps.tobytes(), 9), zlib.compress(values[order].astype("<f2").tobytes(), 9))
    return tuple(base64.b64encode(p).decode("ascii") for p in packed)  # type: ignore[return-value]


def decode(columns: str, values: str) -> tuple[np.ndarray, np.ndarray]:
    gaps = np.frombuffer(zlib.decompress(base64.b64decode(columns)), dtype="<u4")
    weights = np.frombuffer(zlib.decompress(base64.b64decode(values)), dtype="<f2")
    return np.cumsum(gaps, dtype=np.int64), weights.astype(np.float64)
