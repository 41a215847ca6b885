"""The model's features: hashed word n-grams, hashed character n-grams within words, and
the cues and type of the claim (classify.py), each a column of one weight vector.

Hashing (CRC-32, stable across processes, unlike hash()) numbers the columns with no
vocabulary to ship; collisions among 2^HASH_BITS columns cost nothing measurable. Digits
read as 0, so "1,200" and "3,400" share their features and a figure is learned as a figure.
Each group is scaled to a fixed length, so a long sentence's many n-grams do not outweigh
its type. Training (bench/train_checkworthiness.py) and scoring use this same code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zlib import crc32

from .classify import Typed, words_of

HASH_BITS = 18
DIMENSION = 1 << HASH_BITS
_MASK = DIMENSION - 1
CHAR_SIZES = (3, 4, 5)
# How much each group weighs against the others (its vector's length). Cross-validated on
# ClaimBuster train (AP): all 1, 0.854; characters 2, 0.858; and words 1.5, 0.860;
# characters 3, 0.855; no character n-grams, 0.831.
WORD_SCALE = 1.5
CHAR_SCALE = 2.0
CUE_SCALE = 1.0
LENGTH_BOUNDS = (3, 6, 10, 16, 25, 40)

_DIGITS_RE = re.compile(r"\d")


def column_of(name: str) -> int:
    return crc32(name.encode("utf-8")) & _MASK


def _length_bucket(n: int) -> str:
    for bound in LENGTH_BOUNDS:
        if n <= bound:
            return str(bound)
    return f">{LENGTH_BOUNDS[-1]}"


@dataclass(frozen=True, slots=True)
class Groups:
    """A claim's features by group: word n-grams and cues by name, and the distinct words
    whose character n-grams make the third group (char_grams(): a model can remember a
    word's whole share of that group)."""

    word_grams: set[str]
    words: set[str]
    cues: set[str]


def groups(text: str, typed: Typed, words: list[str] | None = None, kind: str = "") -> Groups:
    """The claim's features. `words` are the text's words when the caller has them
    (classify.words_of); `kind` the extractor's (direct, indirect, mixed), given for a
    claim found in an article: the debates have none, so the features it adds are weighed
    by the news claims alone (tests/data/worthiness_news/)."""
    if words is None or "date" in typed.cues or "figure" in typed.cues:
        words = words_of(_DIGITS_RE.sub("0", text))
    cues = {f"c:{c}" for c in typed.cues}
    cues |= {f"t:{typed.type.value}", f"len:{_length_bucket(len(words))}"}
    if kind:
        # A claim the extractor found in an article (a debate sentence has no kind): the
        # news claims teach the model how much more often such a claim is worth checking.
        # Which kind it is stays out: in the news set, as in news, facts are mostly reported
        # and colour quoted, and a feature would learn that instead of the text's own
        # weight; a verbatim quote's small extra weight is facts.DIRECT_SHIFT.
        cues.add("k:news")
        # Each cue again, as a news claim's: the debates teach what a cue weighs in a
        # debate, the news claims what it weighs in an article when they differ (a "will"
        # with a weekday announces a meeting there, it promises a policy in a debate).
        cues.update(f"n:{c}" for c in typed.cues)
    return Groups(_word_grams(words), set(words), cues)


def char_grams(word: str) -> set[str]:
    """The character n-grams of a word, its edges marked by spaces (" ta", "tax", "ax ")."""
    padded = f" {word} "
    n = len(padded)
    return {padded[i : i + size] for size in CHAR_SIZES for i in range(n - size + 1)}


def vector(text: str, typed: Typed, words: list[str] | None = None, kind: str = "") -> dict[int, float]:
    """The claim's features as {column: value}, each group scaled to unit length times its
    scale; names that hash to one column add up (so does a character n-gram two words
    share). What the model's weights are trained on. The names are summed in sorted order,
    so that a column's value does not hang on the order of a set (Python's string hashing
    differs from process to process) and training gives the same file every time."""
    g = groups(text, typed, words, kind)
    chars = [gram for word in g.words for gram in char_grams(word)]
    out: dict[int, float] = {}
    for names, scale in ((g.word_grams, WORD_SCALE), (chars, CHAR_SCALE), (g.cues, CUE_SCALE)):
        if names:
            value = scale / len(names) ** 0.5
            for name in sorted(names):
                column = column_of(name)
                out[column] = out.get(column, 0.0) + value
    return out


def _word_grams(words: list[str]) -> set[str]:
    padded = ["<s>", *words, "</s>"]
    grams = {f"w:{w}" for w in words}
    grams.update(f"b:{a} {b}" for a, b in zip(padded, padded[1:]))
    return grams
