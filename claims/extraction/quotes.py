"""Find quotations: pair opening and closing quotation marks, paragraph by paragraph.

Curly marks say which way they face; straight ones are judged by their neighbours. A
double quotation left open at the end of a paragraph continues when the next paragraph
opens with a quotation mark (the news convention for quotes over several paragraphs);
otherwise it is closed at the paragraph's end. Apostrophes inside words are never marks.
"""

from __future__ import annotations

import bisect
import re

from .types import Quotation

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‚"
_SINGLE_CLOSE = "’"
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
# Characters after which a straight mark can open a quotation (and any space: a
# non-breaking one too).
_BEFORE_OPEN = set(" \t\n([{—–-/:;")
# Characters before which a straight mark can close one (and any space).
_AFTER_CLOSE = set(" \t\n.,;:!?)]}—–-/")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _PARAGRAPH_RE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _can_open(text: str, i: int, length: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    return (before in _BEFORE_OPEN or before.isspace() or before in "\"'“‘") and not after.isspace()


def _can_close(text: str, i: int, length: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + length] if i + length < len(text) else " "
    # A space may separate a closing mark from a nested one before it: ...outreach,' "
    nested = before == " " and i > 1 and text[i - 2] in "'’"
    # ... or after a stray space that follows the quotation's own punctuation: "... this, " he said
    nested = nested or (before == " " and i > 1 and text[i - 2] in ",.!?" and (after.isspace() or after in ".,;:"))
    return (not before.isspace() or nested) and (after in _AFTER_CLOSE or after.isspace() or after in "\"'”’")


# Double marks, including the typewriter pairs `` and '' some newspapers print for “ and ”.
_DOUBLE_RE = re.compile(r"''|``|[\"“”„«»]")
_SINGLE_RE = re.compile(r"(?<!')'(?!')|[‘’‚]")
# A single mark re-opening a paragraph of a quotation in British style: 'Then ...
_REOPEN_SINGLE_RE = re.compile(r"[‘']")
# An apostrophe standing for a century's digits: the '90s.
_ELIDED_YEAR_RE = re.compile(r"\d0s\b")


def _marks(text: str, start: int, end: int, double: bool):
    """Yield (offset, length, can_open, can_close) for one family's marks in text[start:end]."""
    pattern = _DOUBLE_RE if double else _SINGLE_RE
    for m in pattern.finditer(text, start, end):
        i, mark = m.start(), m.group()
        length = len(mark)
        if not double and _ELIDED_YEAR_RE.match(text, i + 1):
            continue  # the '90s, the ‘80s: an apostrophe, whichever way it was typed
        if mark in ("“", "„", "«", "``", "‘", "‚"):
            yield i, length, True, False
        elif mark == "”" and i == start and i + 1 < end and not text[i + 1].isspace():
            yield i, length, True, False  # a closing mark typed where a paragraph opens a quote
        elif mark in ("”", "»", "’"):
            if not double and i + 1 < len(text) and text[i + 1].isalpha() and i > 0 and text[i - 1].isalpha():
                continue  # an apostrophe inside a word: don’t
            yield i, length, False, True
        else:
            if not double and i > 0 and i + 1 < len(text) and text[i - 1].isalnum() and text[i + 1].isalnum():
                continue  # don't
            can_open, can_close = _can_open(text, i, length), _can_close(text, i, length)
            if can_open or can_close:
                yield i, length, can_open, can_close


def _continues(text: str, paragraph: tuple[int, int], double: bool) -> bool:
    """Whether a quotation left open at a paragraph's end goes on in this next paragraph:
    it opens with a mark (the news convention), or, for double marks, the paragraph opens
    with words and its first mark can only close (the writer left out the re-opening mark)."""
    start, end = paragraph
    first = next(_marks(text, start, end, double), None)
    if first is None:
        return False
    i, _, can_open, can_close = first
    if i == start:
        return can_open
    return double and can_close and not can_open


def find_quotations(text: str) -> list[Quotation]:
    """All quotations in text, double and single, sorted by start."""
    found: list[Quotation] = []
    paragraphs = paragraph_spans(text)
    for double in (True, False):
        open_at: int | None = None
        open_len = 1
        nested: list[tuple[int, int]] = []  # curly quotes inside curly quotes: “he calls “hell” here”
        for p_index, (p_start, p_end) in enumerate(paragraphs):
            for i, length, can_open, can_close in _marks(text, p_start, p_end, double):
                curly = text[i] in "“”"
                if open_at is None:
                    if can_open:
                        open_at, open_len = i, length
                elif can_close and nested and curly:
                    inner_at, inner_len = nested.pop()
                    if i > inner_at + inner_len:
                        found.append(Quotation(inner_at + inner_len, i, inner_at, i, double, length))
                elif can_close:
                    if i > open_at + open_len:
                        found.append(Quotation(open_at + open_len, i, open_at, i, double, length))
                    open_at = None
                elif can_open and i == p_start and open_at < p_start:
                    continue  # re-opening mark of a quotation carried over from the paragraph before
                elif can_open and curly and text[open_at] == "“":
                    nested.append((i, length))
                elif can_open:
                    open_at, open_len = i, length  # the earlier mark never closed: start again here
            nested.clear()
            if open_at is not None:
                next_para = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
                continues = next_para is not None and _continues(text, next_para, double)
                if not continues:
                    end = p_end
                    while end > open_at + open_len and text[end - 1].isspace():
                        end -= 1
                    if end > open_at + open_len and double:
                        found.append(Quotation(open_at + open_len, end, open_at, None, double))
                    open_at = None
    found.sort(key=lambda q: (q.start, -q.end))
    return found


def split_reopened_paragraphs(text: str, pieces: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """The pieces with each paragraph's re-opening mark left out: a quotation over several
    paragraphs opens each one with a mark and closes only at the end, and those marks are
    not words anybody said. A piece is cut at such a paragraph break, the mark dropped."""
    out: list[tuple[int, int]] = []
    for start, end in pieces:
        for m in _PARAGRAPH_RE.finditer(text, start, end):
            mark = _DOUBLE_RE.match(text, m.end(), end) or _REOPEN_SINGLE_RE.match(text, m.end(), end)
            if mark is None:
                continue
            cut = m.start()
            while cut > start and text[cut - 1].isspace():
                cut -= 1
            if cut > start:
                out.append((start, cut))
            start = mark.end()
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            out.append((start, end))
    return tuple(out)


class QuoteIndex:
    """Which characters lie within a quotation, answered by bisection over the marks."""

    def __init__(self, quotations: list[Quotation]) -> None:
        self.quotations = quotations
        self.starts = [q.open_mark for q in quotations]
        # The union of the closed ranges [opening mark, closing mark (or end)], merged, so
        # that a character is looked up with one bisection whatever the nesting.
        cover: list[list[int]] = []
        for start, end in sorted((q.open_mark, q.close_mark if q.close_mark is not None else q.end) for q in quotations):
            if cover and start <= cover[-1][1]:
                cover[-1][1] = max(cover[-1][1], end)
            else:
                cover.append([start, end])
        self._cover_starts = [start for start, _ in cover]
        self._cover_ends = [end for _, end in cover]

    def inside(self, char: int) -> bool:
        i = bisect.bisect_right(self._cover_starts, char) - 1
        return i >= 0 and char <= self._cover_ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        return any(
            q.open_mark < end and start <= (q.close_mark if q.close_mark is not None else q.end)
            for q in self.quotations[: bisect.bisect_left(self.starts, end)]
        )
