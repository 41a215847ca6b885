"""A quotation over several paragraphs: each paragraph's re-opening mark is not in its pieces."""

from __future__ import annotations

from claims.extraction import Kind, extract
from claims.extraction.quotes import split_reopened_paragraphs

# Written for these tests.
OVER_PARAGRAPHS = (
    'Harbour master Lena Ortiz spoke at length. "We built this port from nothing. Every pier was a promise.\n\n'
    '"And we kept every promise," Ortiz said.'
)


def test_a_quote_over_two_paragraphs_is_two_pieces_without_the_re_opening_mark():
    (found,) = [a for a in extract(OVER_PARAGRAPHS) if a.kind == Kind.DIRECT]
    words = [OVER_PARAGRAPHS[a:b] for a, b in found.pieces]
    assert words == ["We built this port from nothing. Every pier was a promise.", "And we kept every promise"]
    assert not any('"' in w for w in words)
    # The span still runs over both paragraphs, as the corpus and the fingerprint expect.
    assert (found.start, found.end) == (found.pieces[0][0], found.pieces[-1][1])


def test_split_reopened_paragraphs_cuts_only_at_a_paragraph_that_opens_with_a_mark():
    text = 'A one.\n\n“B two.\n\nC three'
    assert split_reopened_paragraphs(text, ((0, len(text)),)) == ((0, 6), (9, len(text)))
    assert [text[a:b] for a, b in split_reopened_paragraphs(text, ((0, len(text)),))] == [
        "A one.", "B two.\n\nC three"]
    plain = "One line.\n\nAnother line."
    assert split_reopened_paragraphs(plain, ((0, len(plain)),)) == ((0, len(plain)),)
    assert split_reopened_paragraphs(text, ((2, 5),)) == ((2, 5),)
