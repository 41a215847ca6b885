"""Editors split, join and trim a claim's pieces: on the claim's admin page, through
claim_pieces_set (stale check, history, the extracted pieces kept)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import StaleClaim, claim_pieces_lines, claim_pieces_set, pieces_parse
from tests.factories import make_article, make_claim
from tests.review.test_admin import change_url, form_data

# Written for these tests.
PRONOUN = 'Councillor Priya Natarajan spoke last. "The school stays open," she said. "We owe that to the parents."'
SURNAME = 'Teodor Marsh opened the hearing. "The harbour budget is balanced," Marsh said. "Nobody will pay more."'


@pytest.fixture
def whole(db) -> Claim:
    """A claim stored as one span with its attribution inside, as before pieces."""
    article = make_article(body=PRONOUN)
    start, end = PRONOUN.index("The school"), PRONOUN.index("the parents") + len("the parents")
    return make_claim(article, start, end, kind=Claim.Kind.DIRECT, cue="said")


@pytest.fixture
def pieced(db) -> Claim:
    article = make_article(body=SURNAME)
    claims_extract(article_id=article.pk)
    return Claim.objects.get(article=article, kind=Claim.Kind.DIRECT)


def spans(body: str, *words: str) -> list[tuple[int, int]]:
    return [(body.index(w), body.index(w) + len(w)) for w in words]


def test_claim_pieces_set_splits_records_and_keeps_the_extracted_pieces(whole, editor):
    before, extracted = whole.version, [[whole.start, whole.end]]
    pieces = spans(PRONOUN, "The school stays open", "We owe that to the parents")
    claim = claim_pieces_set(claim=whole, user=editor, pieces=pieces)
    claim.refresh_from_db()
    assert claim.text == "The school stays open We owe that to the parents"
    assert claim.pieces == [list(p) for p in pieces]
    assert (claim.start, claim.end) == (pieces[0][0], pieces[1][1])
    assert claim.version == before + 1 and claim.is_corrected and claim.corrected_by == editor
    assert claim.history.first().history_change_reason == "corrected pieces"
    assert claim.original_extraction["pieces"] == extracted
    assert "she said" in claim.original_extraction["text"]
    # A second change keeps the first pieces as extracted.
    claim = claim_pieces_set(claim=claim, user=editor, pieces=spans(PRONOUN, "The school stays open"))
    assert claim.original_extraction["pieces"] == extracted
    assert claim.pieces == [] and claim.text == "The school stays open"


def test_claim_pieces_set_changes_nothing_when_the_pieces_are_the_same(pieced, editor):
    claim = claim_pieces_set(claim=pieced, user=editor, pieces=pieced.piece_spans)
    assert claim.version == pieced.version and not claim.is_corrected


@pytest.mark.parametrize(
    "pieces, message",
    [
        ([(10, 5000)], "outside the article"),
        ([(5, 5)], "outside the article (0-"),
        ([(40, 60), (50, 70)], "overlap"),
        ([(50, 70), (10, 20)], "out of order"),
        ([], "at least one piece"),
    ],
)
def test_claim_pieces_set_refuses_pieces_outside_the_article_or_overlapping(whole, editor, pieces, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        claim_pieces_set(claim=whole, user=editor, pieces=pieces)
    whole.refresh_from_db()
    assert whole.pieces == [] and whole.version == 1


def test_claim_pieces_set_refuses_a_stale_page(whole, editor):
    with pytest.raises(StaleClaim):
        claim_pieces_set(claim=whole, user=editor, pieces=spans(PRONOUN, "The school stays open"),
                         expected_version=whole.version + 1)


def test_pieces_parse_reads_words_whatever_the_spacing_and_offsets(whole):
    assert pieces_parse(whole, "The school   stays open\n\nWe owe that\nto the parents") == spans(
        PRONOUN, "The school stays open", "We owe that", "to the parents")
    assert pieces_parse(whole, "40-61\n  75-101: the words") == [(40, 61), (75, 101)]
    with pytest.raises(ValidationError, match="Line 2: “the library closes” is not in the article"):
        pieces_parse(whole, "The school stays open\nthe library closes")
    with pytest.raises(ValidationError, match="overlap"):
        pieces_parse(whole, "The school stays open\n45-50")


def test_the_admin_page_shows_the_pieces_one_per_line(client, editor, pieced):
    client.force_login(editor)
    html = client.get(change_url(pieced)).content.decode()
    assert "The harbour budget is balanced\nNobody will pay more</textarea>" in html
    # In context, each piece is marked as the claim and the attribution between them is not.
    assert '<mark class="fc-content">The harbour budget is balanced</mark>' in html
    assert '<mark class="fc-content">Nobody will pay more</mark>' in html
    assert '<mark class="fc-speaker">Marsh</mark> <mark class="fc-cue">said</mark>' in html
    assert claim_pieces_lines(pieced) == "The harbour budget is balanced\nNobody will pay more"


def post(client, claim, lines: str):
    claim = Claim.objects.get(pk=claim.pk)
    return client.post(change_url(claim), form_data(claim, claim_pieces=lines))


def test_an_editor_splits_a_claim_in_the_admin_leaving_out_she_said(client, editor, whole):
    client.force_login(editor)
    response = post(client, whole, "The school stays open\nWe owe that to the parents")
    assert response.status_code == 302, response.content.decode()[-2000:]
    claim = Claim.objects.get(pk=whole.pk)
    assert claim.text == claim.display_text == "The school stays open We owe that to the parents"
    assert len(claim.pieces) == 2
    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "corrected pieces" in history


def test_an_editor_joins_and_trims_pieces_in_the_admin(client, editor, pieced):
    client.force_login(editor)
    assert post(client, pieced, 'The harbour budget is balanced," Marsh said. "Nobody will pay more').status_code == 302
    joined = Claim.objects.get(pk=pieced.pk)
    assert joined.pieces == [] and joined.text == 'The harbour budget is balanced," Marsh said. "Nobody will pay more'
    assert post(client, joined, "The harbour budget").status_code == 302
    trimmed = Claim.objects.get(pk=pieced.pk)
    assert trimmed.text == "The harbour budget" and trimmed.end == trimmed.start + len("The harbour budget")
    assert trimmed.original_extraction["pieces"] == [list(p) for p in pieced.pieces]


def test_an_unchanged_or_emptied_pieces_field_changes_nothing(client, editor, pieced):
    client.force_login(editor)
    assert post(client, pieced, claim_pieces_lines(pieced)).status_code == 302
    assert post(client, pieced, "").status_code == 302
    claim = Claim.objects.get(pk=pieced.pk)
    assert claim.version == pieced.version and claim.pieces == pieced.pieces and not claim.is_corrected


@pytest.mark.parametrize(
    "lines, message",
    [
        ("The harbour budget is balanced\nthe ferry is free", "Line 2: “the ferry is free” is not in the article"),
        ("34-60\n40-70", "overlap"),
        ("34-9000", "outside the article"),
    ],
)
def test_the_admin_refuses_pieces_outside_the_article_or_overlapping_with_a_clear_message(
    client, editor, pieced, lines, message
):
    client.force_login(editor)
    response = post(client, pieced, lines)
    assert response.status_code == 200
    assert message in response.content.decode()
    claim = Claim.objects.get(pk=pieced.pk)
    assert claim.version == pieced.version and claim.pieces == pieced.pieces


def test_pieces_are_part_of_the_one_review_save_with_the_rest_of_the_page(whole, editor):
    from claims.review.services import claim_review_save

    pieces = spans(PRONOUN, "The school stays open", "We owe that to the parents")
    common = dict(
        claim_id=whole.pk, user=editor, seen_version=whole.version, speaker=None, kind=whole.kind, cue=whole.cue,
        corrected_text="", rejection_reason="", assigned_to=None,
    )
    # Pieces the article cannot hold undo the whole save, the verification with them.
    with pytest.raises(ValidationError):
        claim_review_save(**common, status=Claim.Status.VERIFIED, pieces=[(0, len(PRONOUN) + 5)])
    assert Claim.objects.get(pk=whole.pk).status == Claim.Status.PENDING
    result = claim_review_save(**common, status=Claim.Status.VERIFIED, pieces=pieces)
    assert result.done == ("corrected pieces", "verified")
    claim = Claim.objects.get(pk=whole.pk)
    assert (claim.text, claim.status) == ("The school stays open We owe that to the parents", Claim.Status.VERIFIED)
