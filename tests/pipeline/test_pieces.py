"""A claim is its pieces: an attribution inside a quote is not part of the claim's words."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from claims.extraction import Kind, extract
from claims.models import Claim, ClaimSpanError, pieces_text
from claims.pipeline.services import claims_extract
from claims.review.services import claim_verify
from tests.factories import make_article, make_claim

# Written for these tests, in the three shapes the issue names.
TOLD = (
    '"We cannot keep patching the old bridge," transport minister Ilse Varga told reporters on Monday. '
    '"Before winter, we need a plan for every span."'
)
SURNAME = 'Teodor Marsh opened the hearing. "The harbour budget is balanced," Marsh said. "Nobody will pay more."'
PRONOUN = 'Councillor Priya Natarajan spoke last. "The school stays open," she said. "We owe that to the parents."'

EXPECTED = {
    TOLD: "We cannot keep patching the old bridge Before winter, we need a plan for every span",
    SURNAME: "The harbour budget is balanced Nobody will pay more",
    PRONOUN: "The school stays open We owe that to the parents",
}


@pytest.mark.django_db
@pytest.mark.parametrize("body", [TOLD, SURNAME, PRONOUN], ids=["told", "surname", "pronoun"])
def test_an_interrupted_quote_is_stored_as_its_pieces_without_the_attribution(body):
    article = make_article(body=body)
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article, kind=Claim.Kind.DIRECT)
    assert claim.text == EXPECTED[body]
    assert len(claim.pieces) == 2
    (a1, b1), (a2, b2) = claim.pieces
    assert claim.start == a1 < b1 < a2 < b2 == claim.end
    assert " said" not in claim.text and "told" not in claim.text
    # What lies between the pieces is the attribution, with its cue.
    assert a1 <= b1 <= claim.cue_start < claim.cue_end <= a2


@pytest.mark.django_db
def test_a_quote_in_one_piece_stores_no_pieces_and_its_span_as_text():
    body = 'Mayor Elena Varga spoke. "We are on schedule," Varga said.'
    article = make_article(body=body)
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article)
    assert claim.pieces == []
    assert claim.piece_spans == [(claim.start, claim.end)]
    assert claim.text == body[claim.start : claim.end] == "We are on schedule"


@pytest.mark.django_db
@pytest.mark.parametrize("body", [TOLD, SURNAME, PRONOUN], ids=["told", "surname", "pronoun"])
def test_a_re_extraction_finds_its_stored_pieced_claims_again(body):
    article = make_article(body=body)
    claims_extract(article_id=article.pk)
    before = {c.pk: (c.version, c.text, c.pieces) for c in Claim.objects.filter(article=article)}
    result = claims_extract(article_id=article.pk, force=True)
    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert {c.pk: (c.version, c.text, c.pieces) for c in Claim.objects.filter(article=article)} == before


@pytest.mark.django_db
def test_a_verified_pieced_claim_survives_a_re_extraction(editor):
    article = make_article(body=PRONOUN)
    claims_extract(article_id=article.pk)
    claim = claim_verify(claim=Claim.objects.get(article=article, kind=Claim.Kind.DIRECT), user=editor)
    claims_extract(article_id=article.pk, force=True)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.VERIFIED and claim.text == EXPECTED[PRONOUN]


def test_the_join_trims_the_cut_comma_and_keeps_the_sentence_s_own_punctuation():
    body = '"First part, " she said. "Second part." Then: "Done."'
    first = (1, body.index('"', 1))  # 'First part, '
    second = (body.index("Second"), body.index('"', body.index("Second")))  # 'Second part.'
    assert pieces_text(body, [first, second]) == "First part Second part."
    # A lone piece is its span as written.
    assert pieces_text(body, [first]) == "First part, "


@pytest.mark.django_db
@pytest.mark.parametrize(
    "pieces, message",
    [
        ([[0, 5], [3, 9]], "overlaps"),
        ([[5, 9], [0, 3]], "overlaps or comes before"),
        ([[0, 0]], "outside"),
        ([[0, 5], [6, 999]], "outside"),
        ([[0, "5"]], "not a pair"),
        ([[0, 5, 7]], "not a pair"),
    ],
)
def test_pieces_out_of_the_span_overlapping_or_empty_are_refused(pieces, message):
    article = make_article(body=SURNAME)
    claim = Claim(
        article=article, text="x", start=0, end=20, pieces=pieces, kind=Claim.Kind.DIRECT, confidence=0.5,
        extractor_version="test", fingerprint="fp",
    )
    with pytest.raises(ClaimSpanError, match=message):
        claim.save()
    with pytest.raises(ValidationError, match=message):
        claim.full_clean()


@pytest.mark.django_db
def test_a_claim_whose_text_is_not_its_pieces_words_is_refused():
    article = make_article(body=PRONOUN)
    start = PRONOUN.index("The school")
    end = PRONOUN.index("parents") + len("parents")
    whole = PRONOUN[start:end]
    with pytest.raises(ClaimSpanError, match="pieces"):
        make_claim(article, start, end, pieces=[[start, start + 21], [end - 26, end]])  # text left as the whole span
    claim = Claim(
        article=article, text="The school stays open We owe that to the parents", start=start, end=end,
        pieces=[[start, start + 21], [end - 26, end]], kind=Claim.Kind.DIRECT, confidence=0.5,
        extractor_version="test", fingerprint="fp",
    )
    claim.save()
    assert claim.text != whole


# The data migration: existing claims get their pieces.

migration = importlib.import_module("claims.migrations.0011_claim_pieces_data")


def old_style(article, words_from: str, words_to: str, **fields) -> Claim:
    """A claim as stored before pieces: one span, attribution included, text = span."""
    body = article.body
    start = body.index(words_from)
    end = body.index(words_to) + len(words_to)
    cue_start = body.index(" said", start) + 1 if " said" in body[start:end] else body.index("told", start)
    fields.setdefault("cue", "said")
    return make_claim(
        article, start, end, kind=Claim.Kind.DIRECT, cue_start=cue_start, cue_end=cue_start + 4,
        fingerprint=f"fp-{start}", **fields,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body, first, last",
    [
        (TOLD, "We cannot", "every span"),
        (SURNAME, "The harbour", "pay more"),
        (PRONOUN, "The school", "the parents"),
    ],
    ids=["told", "surname", "pronoun"],
)
def test_the_data_migration_splits_unreviewed_claims_on_the_marks_around_their_cue(body, first, last):
    article = make_article(body=body)
    claim = old_style(article, first, last)
    assert " said" in claim.text or "told" in claim.text
    migration.forwards(apps, None)
    claim.refresh_from_db()
    assert claim.text == EXPECTED[body]
    claim.save()  # what the migration wrote is what the model accepts
    # Its pieces are those the extractor gives: a later run stores the same words.
    (found,) = [a for a in extract(body) if a.kind == Kind.DIRECT]
    assert [tuple(p) for p in claim.pieces] == list(found.pieces)


@pytest.mark.django_db
def test_the_data_migration_leaves_reviewed_claims_their_text_and_one_piece_claims_alone(editor):
    article = make_article(body=PRONOUN + " " + SURNAME)
    verified = claim_verify(claim=old_style(article, "The school", "the parents"), user=editor)
    corrected = old_style(article, "The harbour", "pay more", corrected_text="The harbour budget is balanced")
    Claim.objects.filter(pk=corrected.pk).update(corrected_at=corrected.created_at)
    start = PRONOUN.index("Councillor")
    plain = make_claim(article, start, start + 10, cue_start=None, cue_end=None)
    texts = {c.pk: c.text for c in Claim.objects.all()}
    migration.forwards(apps, None)
    assert {c.pk: c.text for c in Claim.objects.all()} == texts
    assert all(c.pieces == [] for c in Claim.objects.all())
    assert verified.pk and plain.pk


@pytest.mark.django_db
def test_the_data_migration_backwards_gives_the_whole_span_back():
    article = make_article(body=SURNAME)
    claim = old_style(article, "The harbour", "pay more")
    whole = claim.text
    migration.forwards(apps, None)
    migration.backwards(apps, None)
    claim.refresh_from_db()
    assert (claim.text, claim.pieces) == (whole, [])
