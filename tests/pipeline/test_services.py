from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.extraction import EXTRACTOR_VERSION
from claims.models import Claim
from claims.pipeline.services import claims_extract
from sources.models import Article, Speaker, SpeakerAlias
from sources.services import article_queue, article_submit, speaker_resolve
from tests.factories import make_article, make_claim

BODY = (
    "City engineer Tomas Reyes said the bridge would close in March.\n\n"
    '"It is not safe any more," Reyes said, adding that repairs would take a year.'
)


@pytest.mark.django_db
def test_submitted_article_is_extracted_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = article_submit(title="Bridge", body=BODY)
    assert result.created
    assert Article.objects.get(pk=result.article.pk).status == Article.Status.QUEUED
    assert Claim.objects.count() == 0  # nothing runs before commit
    for callback in callbacks:
        callback()
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.EXTRACTED
    assert article.extractor_version == EXTRACTOR_VERSION
    claims = list(article.claims.order_by("start"))
    assert [(c.cue, c.speaker.name, c.kind) for c in claims] == [
        ("said", "Tomas Reyes", "indirect"), ("said", "Tomas Reyes", "direct"), ("adding", "Tomas Reyes", "indirect")
    ]
    assert all(c.text == article.body[c.start : c.end] for c in claims)
    assert claims[0].speaker_title == "City engineer"
    assert claims[1].attribution == "Reyes"


@pytest.mark.django_db
def test_resubmitting_the_same_text_returns_the_existing_article(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = article_submit(title="Bridge", body=BODY)
        second = article_submit(title="Other title", body=BODY.replace("\n\n", "\n\n  "))
    assert not second.created and second.article.pk == first.article.pk
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_extracting_twice_creates_no_duplicate_claims():
    article = make_article(body=BODY)
    first = claims_extract(article_id=article.pk)
    count = Claim.objects.count()
    assert first.ran and first.created == count == 3
    again = claims_extract(article_id=article.pk)
    assert not again.ran and again.status == Article.Status.EXTRACTED
    forced = claims_extract(article_id=article.pk, force=True)
    assert forced.ran and forced.created == 0
    assert Claim.objects.count() == count
    assert Speaker.objects.filter(name="Tomas Reyes").count() == 1


@pytest.mark.django_db
def test_reviewed_claim_survives_reextraction_unchanged():
    article = make_article(body=BODY)
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(cue="adding")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.VERIFIED, speaker_title="edited")
    claims_extract(article_id=article.pk, force=True)
    claim.refresh_from_db()
    assert (claim.status, claim.speaker_title) == (Claim.Status.VERIFIED, "edited")


@pytest.mark.django_db
def test_pending_claim_no_longer_found_is_removed_but_rejected_one_stays():
    article = make_article(body=BODY)
    stale = make_claim(article, 0, 13, fingerprint="gone")
    rejected = make_claim(article, 14, 25, fingerprint="gone-too", status=Claim.Status.REJECTED)
    result = claims_extract(article_id=article.pk)
    assert result.removed == 1
    assert not Claim.objects.filter(pk=stale.pk).exists()
    assert Claim.objects.filter(pk=rejected.pk).exists()


@pytest.mark.django_db
def test_extraction_failure_marks_the_article_failed_with_the_error(monkeypatch):
    article = make_article(body=BODY)

    class Broken:
        def extract(self, text, time_limit=None):
            raise RuntimeError("model exploded")

    monkeypatch.setattr("claims.pipeline.services.get_extractor", lambda model: Broken())
    result = claims_extract(article_id=article.pk)
    article.refresh_from_db()
    assert result.status == article.status == Article.Status.FAILED
    assert "model exploded" in article.error
    assert Claim.objects.count() == 0
    monkeypatch.undo()
    assert claims_extract(article_id=article.pk).ran is False  # a stray message does not repeat a failure
    article_queue(article_id=article.pk)  # an editor's retry
    assert claims_extract(article_id=article.pk).status == Article.Status.EXTRACTED
    article.refresh_from_db()
    assert article.error == ""


@pytest.mark.django_db
def test_article_being_extracted_elsewhere_is_left_alone():
    article = make_article(body=BODY, status=Article.Status.EXTRACTING)
    result = claims_extract(article_id=article.pk)
    assert not result.ran and result.status == Article.Status.EXTRACTING
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_speaker_found_again_by_name_and_by_an_editors_alias_but_not_by_another_articles_surname():
    first = speaker_resolve(name="Matthew Miller", kind="person", title="spokesman", mention="Miller")
    alias = SpeakerAlias.objects.get(speaker=first, name="Miller")
    assert alias.from_extraction and first.from_extraction
    assert speaker_resolve(name="matthew  miller", kind="person") == first
    # A bare "Miller" in another article may be someone else: a speaker of its own.
    bare = speaker_resolve(name="Miller", kind="person")
    assert bare != first and bare.name == "Miller"
    # An alias an editor gave names the speaker in every article.
    SpeakerAlias.objects.create(speaker=first, name="Matt Miller")
    assert speaker_resolve(name="MATT MILLER", kind="person") == first
    other = speaker_resolve(name="Kremlin", kind="organization", mention="the Kremlin")
    assert other != first and other.name == "Kremlin"
    assert not SpeakerAlias.objects.filter(speaker=other).exists()  # "the Kremlin" is the same name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, field",
    [
        ({"title": "T", "body": "   "}, "body"),
        ({"title": "", "body": "Some text."}, "title"),
        ({"title": "T", "body": "Some text.", "url": "javascript:alert(1)"}, "url"),
        ({"title": "T", "body": "x" * 2_000_001}, "body"),
    ],
)
def test_bad_article_input_is_refused_with_the_field_named(fields, field):
    with pytest.raises(ValidationError) as info:
        article_submit(**fields)
    assert field in info.value.message_dict
    assert Article.objects.count() == 0
