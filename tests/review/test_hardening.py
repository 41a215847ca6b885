"""Cases found in review: each once let an editor's work be lost or a reporter see too much."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from claims.extraction import Attribution, Kind, SpeakerKind
from claims.models import Claim
from claims.review.services import claim_assign, claim_verify, verdict_save
from claims.pipeline.services import claims_extract, claims_store
from sources.models import SpeakerAlias
from tests.factories import make_article, make_speaker
from tests.review.test_admin import change_url, form_data

BODY = "Varga said taxes will fall. Later, Varga said taxes will fall."


def found(body: str, start: int, words: str) -> Attribution:
    return Attribution(
        start=start, end=start + len(words), text=words, kind=Kind.INDIRECT, cue="said", cue_start=6, cue_end=10,
        speaker="Varga", speaker_start=0, speaker_end=5, speaker_name="Elena Varga", speaker_kind=SpeakerKind.PERSON,
        speaker_title="", via="", confidence=0.8, pieces=((start, start + len(words)),),
    )


@pytest.mark.django_db
def test_an_earlier_finding_in_a_new_run_does_not_duplicate_a_reviewed_claim(editor):
    article = make_article(body=BODY)
    second = BODY.rindex("taxes will fall")
    claims_store(article=article, found=[found(BODY, second, "taxes will fall")])
    claim_verify(claim=Claim.objects.get(), user=editor)
    first = BODY.index("taxes will fall")
    claims_store(article=article, found=[found(BODY, first, "taxes will fall"), found(BODY, second, "taxes will fall")])
    rows = sorted(Claim.objects.values_list("start", "status"))
    assert rows == [(first, "pending"), (second, "verified")]


@pytest.mark.django_db
def test_claims_with_a_verdict_or_an_assignee_survive_reextraction(editor, monkeypatch):
    article = make_article(body='Mayor Elena Varga said the budget was balanced. Priya Natarajan said it was not.')
    claims_extract(article_id=article.pk)
    rated, assigned = list(Claim.objects.order_by("start"))
    verdict_save(claim=rated, user=editor, rating="false", summary="It is not.", publish=True)
    claim_assign(claim=assigned, user=editor, assignee=editor)

    class Nothing:
        def extract(self, text, time_limit=None):
            return []

    monkeypatch.setattr("claims.pipeline.services.get_extractor", lambda model: Nothing())
    claims_extract(article_id=article.pk, force=True)
    assert Claim.objects.count() == 2
    assert Claim.objects.get(pk=rated.pk).verdict.published_at is not None


@pytest.mark.django_db
def test_stale_page_cannot_overwrite_a_colleagues_verdict(client, editor, django_user_model):
    other = django_user_model.objects.create_user("olga", password="x", is_staff=True)
    other.groups.add(*editor.groups.all())
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    loaded = form_data(claim)
    verdict_save(claim=claim, user=other, rating="true", summary="Olga checked it.")
    client.force_login(editor)
    response = client.post(change_url(claim), {**loaded, "verdict-0-rating": "false", "verdict-0-summary": "Mine."})
    assert response.status_code == 200 and "changed by olga" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.verdict.rating, claim.verdict.summary) == ("true", "Olga checked it.")


@pytest.mark.django_db
def test_a_save_must_say_which_version_it_saw(client, editor):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    client.force_login(editor)
    data = form_data(claim, status="verified")
    del data["seen_version"]
    assert client.post(change_url(claim), data).status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == "pending"


@pytest.mark.django_db
def test_one_user_without_publish_rights_does_not_disable_publishing_for_editors(client, editor, django_user_model):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    junior = django_user_model.objects.create_user("junior", password="x", is_staff=True)
    junior.groups.add(*editor.groups.all())
    junior.user_permissions.set(Permission.objects.exclude(codename="publish_verdict").filter(
        group__name="Editors"))
    junior.groups.clear()
    client.force_login(junior)
    page = client.get(change_url(claim)).content.decode()
    assert 'name="verdict-0-publish"' in page and "disabled" in page.split('name="verdict-0-publish"')[1][:80]
    client.force_login(editor)
    page = client.get(change_url(claim)).content.decode()
    assert "disabled" not in page.split('name="verdict-0-publish"')[1][:80]


@pytest.mark.django_db
def test_old_versions_are_read_only_and_scoped(client, editor, reporter):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.')
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    version = claim.history.first()
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, version.history_id])
    client.force_login(reporter)  # not the reporter's article
    assert client.get(url).status_code == 302
    assert client.post(url, {"status": "verified"}).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "verified"}).status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "pending"


@pytest.mark.django_db
def test_duplicate_alias_is_a_form_error_not_a_crash(client, editor):
    speaker = make_speaker("Elena Varga")
    SpeakerAlias.objects.create(speaker=speaker, name="Varga")
    client.force_login(editor)
    response = client.post(reverse("admin:sources_speaker_change", args=[speaker.pk]), {
        "name": "Elena Varga", "slug": speaker.slug, "kind": "person", "title": "", "affiliation": "",
        "aliases-TOTAL_FORMS": "2", "aliases-INITIAL_FORMS": "1", "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        "aliases-0-id": speaker.aliases.get().pk, "aliases-0-speaker": speaker.pk, "aliases-0-name": "Varga",
        "aliases-1-id": "", "aliases-1-speaker": speaker.pk, "aliases-1-name": "varga",
    })
    assert response.status_code == 200
    assert "already this speaker" in response.content.decode()
    assert SpeakerAlias.objects.count() == 1


@pytest.mark.django_db
def test_a_claim_keyed_by_an_older_scheme_is_recognised_by_its_offsets(editor):
    article = make_article(body=BODY)
    start = BODY.index("taxes will fall")
    claims_store(article=article, found=[found(BODY, start, "taxes will fall")])
    Claim.objects.update(fingerprint="key-from-an-older-extractor")  # test setup, not product code
    claim_verify(claim=Claim.objects.get(), user=editor)
    claims_store(article=article, found=[found(BODY, start, "taxes will fall")])
    assert list(Claim.objects.values_list("status", flat=True)) == ["verified"]
