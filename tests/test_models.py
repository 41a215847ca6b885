import pytest
from django.db import IntegrityError, transaction

from claims.models import Claim, ClaimSpanError
from sources.models import body_sha256, normalise_body, normalise_name
from tests.factories import make_article, make_claim


@pytest.mark.django_db
def test_claim_text_must_equal_the_article_text_between_its_offsets():
    article = make_article()
    claim = make_claim(article, 0, 16)
    assert claim.text == article.body[claim.start : claim.end] == "Mayor Elena Varg"
    claim.text = "Mayor Elena Varga"
    with pytest.raises(ClaimSpanError):
        claim.save()


@pytest.mark.django_db
def test_claim_outside_the_article_is_refused():
    article = make_article()
    with pytest.raises(ClaimSpanError):
        Claim(article=article, text="", start=5, end=len(article.body) + 10, kind="direct",
              confidence=0.5, extractor_version="t", fingerprint="x").save()


@pytest.mark.django_db
def test_database_refuses_empty_span_and_confidence_out_of_range():
    article = make_article()
    claim = make_claim(article, 0, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(end=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(confidence=1.5)


@pytest.mark.django_db
def test_one_claim_per_article_and_fingerprint():
    article = make_article()
    make_claim(article, 0, 5, fingerprint="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(article, 6, 10, fingerprint="same")


def test_duplicate_detection_ignores_spacing_differences():
    assert normalise_body("  A  text\n\nwith   spaces ") == "A text with spaces"
    assert body_sha256("A text\n\nhere") == body_sha256("A  text here ")
    assert body_sha256("A text") != body_sha256("A text.")


def test_speaker_name_key_ignores_case_spacing_and_leading_the():
    assert normalise_name("The  Kremlin") == normalise_name("kremlin") == "kremlin"
