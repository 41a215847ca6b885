"""How a claim reads to the public. Quotation marks promise the speaker's own words: a direct
claim is shown inside them, reported speech never is (it reads "X said the rise was..."),
and a mixed claim marks only the fragments the article itself quotes.

The stored text is never changed here: offsets, search and the API keep the words as found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim

ELLIPSIS = "…"
DOUBLE_OPENING = "\"“„«"
DOUBLE_CLOSING = "\"”“»"
# Straight marks become typographic ones; marks the article already set are kept as set.
CURLY = {'"': ("“", "”"), "'": ("‘", "’")}
PAIRS = {"“": "”", "„": "“", "‘": "’", "«": "»", '"': '"', "'": "'"}

_LEADING_THAT = re.compile(r"\A\s*that\s+(?=\S)", re.IGNORECASE)
# A quoted fragment inside reported speech. A single mark counts only at a word's edge, so
# the apostrophes of "the council's" or "don't" never open one.
_FRAGMENT = re.compile(
    r"(?P<open>[\"“„«])(?P<words>[^\"“”„«»]+?)(?P<close>[\"”“»])"
    r"|(?:^|(?<=[\s(\[—–-]))(?P<sopen>[‘'])(?P<swords>\S(?:[^‘’']*?\S)?)(?P<sclose>[’'])(?![\w])"
)
# The lead repeats the article's cue only when it is one verb in the past tense, which
# agrees with any subject ("officials claimed"); verbs that need an object ("told
# reporters", "asked whether") would not read in "X told the rise was...", so those, and
# every other form, read "said".
_NEEDS_OBJECT = {"asked", "informed", "assured", "reminded", "urged", "quoted", "briefed", "notified",
                 "convinced", "persuaded", "warned", "called"}
_PAST_IRREGULAR = {"said", "thought", "felt", "wrote"}
# Capitalised only because they opened the sentence: safe to lower after "X said".
_SENTENCE_OPENERS = {"The", "A", "An", "It", "Its", "This", "That", "These", "Those", "There", "Their", "They",
                     "He", "She", "His", "Her", "We", "Our", "Some", "Many", "Most", "All", "No", "Every"}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the claim's words; `opening` and `closing` are the marks around it, empty
    for words the speaker is reported, not quoted, as saying."""

    text: str
    opening: str = ""
    closing: str = ""


@dataclass(frozen=True, slots=True)
class Reading:
    """What a reader sees of a claim: who said it when the words are reported ("Varga said"
    or "According to Varga,"), then the words in pieces."""

    lead: str
    pieces: tuple[Piece, ...]

    def html(self) -> SafeString:
        words = format_html_join(
            "", "{}{}{}", ((p.opening, p.text, p.closing) for p in self.pieces)
        )
        return format_html("{}{}", self.lead, words)

    def __str__(self) -> str:
        return self.lead + "".join(p.opening + p.text + p.closing for p in self.pieces)


def reader_words(kind: str, text: str, *, limit: int | None = None) -> tuple[Piece, ...]:
    """The claim's words as a reader sees them, from its kind and its display text; `limit`
    cuts the words (marks not counted) to that many characters, the last one an ellipsis."""
    if kind == Claim.Kind.DIRECT:
        words = _strip_outer_marks(text.strip())
        return (Piece(_cut(words, limit), "“", "”"),) if words else ()
    words = _drop_leading_that(text).strip()
    return _cut_pieces(_fragments(words), limit)


def claim_reading(claim: Claim, *, limit: int | None = None) -> Reading:
    """A claim as the public pages show it: direct words in quotation marks, reported speech
    as a sentence about its speaker, without marks of its own."""
    pieces = reader_words(claim.kind, claim.display_text, limit=limit)
    if claim.kind == Claim.Kind.DIRECT:
        return Reading("", pieces)
    return Reading(_lead(claim.source_name or "An unnamed source", claim.cue), _mid_sentence(pieces))


def _lead(source: str, cue: str) -> str:
    cue = " ".join(cue.lower().split())
    if cue.startswith("according to"):
        return f"According to {source}, "
    past = cue in _PAST_IRREGULAR or (cue.isalpha() and len(cue) > 3 and cue.endswith("ed") and cue not in _NEEDS_OBJECT)
    verb = cue if past else "said"
    return f"{source[:1].upper()}{source[1:]} {verb} "


def _mid_sentence(pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """Reported words that opened the article's sentence ("The rise was...") follow the lead
    in lower case; names and quoted words keep their capitals."""
    if not pieces or pieces[0].opening:
        return pieces
    first = pieces[0].text
    if first.split(" ", 1)[0] not in _SENTENCE_OPENERS:
        return pieces
    return (Piece(first[0].lower() + first[1:]), *pieces[1:])


def _strip_outer_marks(words: str) -> str:
    """Without the marks the text already has at its ends, so wrapping never doubles them: a
    pair around the whole text, or a double mark left alone at one end (a quote that runs on
    into the next paragraph). A lone single mark at the end stays: it may be an apostrophe."""
    first, last = words[:1], words[-1:]
    if len(words) > 1 and first in PAIRS and last in {PAIRS[first], *CURLY.get(first, ("", ""))[1:]} - {""}:
        return words[1:-1].strip()
    if first in DOUBLE_OPENING and not any(mark in words[1:] for mark in DOUBLE_CLOSING):
        words = words[1:]
    if last in DOUBLE_CLOSING and not any(mark in words[:-1] for mark in DOUBLE_OPENING):
        words = words[:-1]
    return words.strip()


def _drop_leading_that(text: str) -> str:
    return _LEADING_THAT.sub("", text, count=1)


def _fragments(words: str) -> list[Piece]:
    pieces: list[Piece] = []
    at = 0
    for found in _FRAGMENT.finditer(words):
        if found.start() > at:
            pieces.append(Piece(words[at : found.start()]))
        if found.group("open"):
            opening, inner, closing = found.group("open"), found.group("words"), found.group("close")
        else:
            opening, inner, closing = found.group("sopen"), found.group("swords"), found.group("sclose")
        if opening in CURLY:
            opening, closing = CURLY[opening]
        pieces.append(Piece(inner, opening, closing if closing not in CURLY else CURLY[closing][1]))
        at = found.end()
    if at < len(words):
        pieces.append(Piece(words[at:]))
    return pieces


def _cut(words: str, limit: int | None) -> str:
    if limit is None or len(words) <= limit:
        return words
    return words[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def _cut_pieces(pieces: list[Piece], limit: int | None) -> tuple[Piece, ...]:
    if limit is None or sum(len(p.text) for p in pieces) <= limit:
        return tuple(pieces)
    kept: list[Piece] = []
    room = limit - 1  # the ellipsis takes one character
    for piece in pieces:
        if len(piece.text) < room:
            kept.append(piece)
            room -= len(piece.text)
            continue
        # A fragment cut short keeps its closing mark: the reader sees where the quote ends.
        kept.append(Piece(piece.text[:room].rstrip() + ELLIPSIS, piece.opening, piece.closing))
        break
    return tuple(kept)
