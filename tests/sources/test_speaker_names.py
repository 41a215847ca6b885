"""Speaker names the database could not take as they come: a key that grows under
casefolding, a name with a character PostgreSQL refuses. One such mention never costs the
article its other claims."""

from __future__ import annotations

import dataclasses

import pytest

from claims.extraction import get_extractor
from claims.models import Claim
from claims.pipeline.services import claims_store
from sources.models import Article, Speaker, normalise_name
from sources.services import article_submit, speaker_resolve
from tests.factories import make_article

GROWING_NAME = "Heinz " + "Groß" * 70  # 286 characters; its key, with 'ss' for each 'ß', 356
NAME_KEY_MAX = Speaker._meta.get_field("name_key").max_length
BODY = (
    f'"The bridge will open in May," {GROWING_NAME} said on Tuesday.\n\n'
    '"Fares will stay as they are," Mayor Elena Varga said.'
)


def test_a_name_key_that_grows_under_casefolding_is_cut_to_the_column():
    key = normalise_name(GROWING_NAME)
    assert len(GROWING_NAME) < NAME_KEY_MAX and len(key) == NAME_KEY_MAX
    assert key.startswith("heinz großgroß".casefold())
    assert normalise_name(GROWING_NAME.upper()) == key  # still the same key for the same name


@pytest.mark.django_db
def test_a_speaker_whose_key_grows_past_the_column_is_created_once(postgres):
    first = speaker_resolve(name=GROWING_NAME, kind="person")
    again = speaker_resolve(name=GROWING_NAME, kind="person")
    assert first == again and Speaker.objects.count() == 1
    assert len(first.name_key) == NAME_KEY_MAX


@pytest.mark.django_db
def test_an_article_with_an_overlong_speaker_name_ends_extracted_with_all_its_claims(
    postgres, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = article_submit(title="Bridge", body=BODY)
    article = Article.objects.get(pk=result.article.pk)
    assert article.status == Article.Status.EXTRACTED, article.error
    speakers = dict(Claim.objects.filter(article=article).values_list("text", "speaker__name"))
    assert speakers == {
        "The bridge will open in May": GROWING_NAME,
        "Fares will stay as they are": "Elena Varga",
    }


@pytest.mark.django_db
def test_a_mention_whose_speaker_cannot_be_stored_keeps_its_claim_without_a_speaker(caplog):
    article = make_article(body=BODY)
    found = get_extractor().extract(BODY)
    assert len(found) == 2
    # A name PostgreSQL refuses outright (NUL); the engine gives the article's other claims as usual.
    bad = dataclasses.replace(found[0], speaker_name="Heinz\x00Gross")
    created, updated, removed = claims_store(article=article, found=[bad, found[1]])
    assert created == 2
    claims = {c.text: c for c in Claim.objects.filter(article=article).select_related("speaker")}
    assert claims["The bridge will open in May"].speaker is None
    assert claims["The bridge will open in May"].attribution == bad.speaker
    assert claims["Fares will stay as they are"].speaker.name == "Elena Varga"
    assert [s.name for s in Speaker.objects.all()] == ["Elena Varga"]
    assert "left unresolved" in caplog.text
