"""One speaker per person: a full name and the surname the article goes on with are one
Speaker (the surname its alias), in one article and across articles; a bare surname in
another article is not merged into someone who shares it; speakers the pipeline made and
nothing names any more are removed, with the removal in their history."""

from __future__ import annotations

import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection, transaction

from claims.extraction import Attribution, Kind, SpeakerKind
from claims.models import Claim
from claims.pipeline.services import claims_extract, claims_store, speaker_names_linked
from sources.models import Speaker, SpeakerAlias
from sources.services import speaker_remove_if_unused, speaker_resolve
from tests.factories import make_article, make_claim, make_speaker

# Written for these tests: an interrupted quote, reported speech, an audience ("told
# reporters", not an intermediary) and a surname reused after the full name.
MARSH = (
    '"The harbour budget," Teodor Marsh said on Tuesday, "is balanced for the first time in ten years." '
    "Marsh said the council would vote on the ferry plan next week. "
    '"Nobody will pay higher fares," Marsh told reporters after the meeting.'
)
INTERRUPTED = "The harbour budget is balanced for the first time in ten years"
REPORTED = "the council would vote on the ferry plan next week"
TOLD = "Nobody will pay higher fares"


def said(body: str, words: str, mention: str | None, name: str | None, *, kind=SpeakerKind.PERSON,
         cue: str = "said", occurrence: int = 0) -> Attribution:
    """An Attribution as the extractor gives it, for the words and the mention in `body`."""
    start = body.index(words)
    at = -1
    for _ in range(occurrence + 1):
        at = body.index(mention, at + 1) if mention else -1
    return Attribution(
        start=start, end=start + len(words), text=words, kind=Kind.DIRECT, cue=cue, cue_start=0, cue_end=0,
        speaker=mention, speaker_start=at if mention else None, speaker_end=at + len(mention) if mention else None,
        speaker_name=name, speaker_kind=kind if name else SpeakerKind.UNNAMED, speaker_title="", via="",
        confidence=0.9,
    )


@pytest.mark.django_db
def test_the_extracted_article_has_one_speaker_for_the_full_name_the_surname_and_every_claim():
    article = make_article(body=MARSH, title="Harbour")
    claims_extract(article_id=article.pk)
    claims = list(Claim.objects.filter(article=article).select_related("speaker").order_by("start"))
    assert [c.display_text for c in claims] == [INTERRUPTED, REPORTED, TOLD]
    assert {c.speaker.name for c in claims} == {"Teodor Marsh"}
    assert Speaker.objects.count() == 1
    assert [c.attribution for c in claims] == ["Teodor Marsh", "Marsh", "Marsh"]  # as the article wrote it
    alias = SpeakerAlias.objects.get()
    assert (alias.name, alias.from_extraction, alias.speaker.name) == ("Marsh", True, "Teodor Marsh")
    # No intermediary in "told reporters"; the reported speech is indirect.
    assert [(c.kind, c.via) for c in claims] == [
        (Claim.Kind.DIRECT, ""), (Claim.Kind.INDIRECT, ""), (Claim.Kind.DIRECT, "")
    ]


@pytest.mark.django_db
def test_a_surname_before_the_full_name_and_in_other_case_and_spacing_is_still_the_one_speaker():
    body = '"Rents must fall," MARSH said. Later Teodor  Marsh said "the vote is close".'
    article = make_article(body=body)
    claims_store(article=article, found=[
        said(body, "Rents must fall", "MARSH", "MARSH"),
        said(body, "the vote is close", "Teodor  Marsh", "Teodor  Marsh"),
    ])
    assert Speaker.objects.count() == 1
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Teodor Marsh"}


@pytest.mark.django_db
def test_a_surname_two_full_names_share_is_left_to_the_editors():
    body = 'Ada Marsh said "yes". Teodor Marsh said "no". Then Marsh said "maybe".'
    found = [
        said(body, "yes", "Ada Marsh", "Ada Marsh"),
        said(body, "no", "Teodor Marsh", "Teodor Marsh"),
        said(body, "maybe", "Marsh", "Marsh", occurrence=2),
    ]
    assert speaker_names_linked(found) == {}
    claims_store(article=make_article(body=body), found=found)
    assert set(Speaker.objects.values_list("name", flat=True)) == {"Ada Marsh", "Teodor Marsh", "Marsh"}


@pytest.mark.django_db
def test_an_organisation_or_a_place_is_not_linked_to_a_person_it_is_not_part_of():
    body = 'Teodor Marsh said "yes". The Harbour Board said "no". Glenport said "later".'
    found = [
        said(body, "yes", "Teodor Marsh", "Teodor Marsh"),
        said(body, "no", "The Harbour Board", "Harbour Board", kind=SpeakerKind.ORGANIZATION),
        said(body, "later", "Glenport", "Glenport", kind=SpeakerKind.GOVERNMENT),
    ]
    assert speaker_names_linked(found) == {}


@pytest.mark.django_db
def test_a_bare_surname_in_another_article_is_not_merged_into_someone_who_shares_it():
    first = make_article(body=MARSH, title="Harbour")
    claims_extract(article_id=first.pk)
    teodor = Speaker.objects.get(name="Teodor Marsh")
    body = '"The ferry runs on time," Marsh said.'
    second = make_article(body=body, title="Ferry")
    claims_store(article=second, found=[said(body, "The ferry runs on time", "Marsh", "Marsh")])
    claim = Claim.objects.get(article=second)
    assert claim.speaker != teodor and claim.speaker.name == "Marsh"
    # The full name in a third article is the same person again.
    body = '"The ferry is full," Teodor Marsh said.'
    third = make_article(body=body, title="Ferry again")
    claims_store(article=third, found=[said(body, "The ferry is full", "Teodor Marsh", "Teodor Marsh")])
    assert Claim.objects.get(article=third).speaker == teodor


@pytest.mark.django_db
def test_an_alias_an_editor_gave_matches_a_bare_surname_in_any_article():
    teodor = make_speaker("Teodor Marsh")
    SpeakerAlias.objects.create(speaker=teodor, name="Marsh")
    body = '"The ferry runs on time," Marsh said.'
    article = make_article(body=body)
    claims_store(article=article, found=[said(body, "The ferry runs on time", "Marsh", "Marsh")])
    assert Claim.objects.get().speaker == teodor
    assert Speaker.objects.count() == 1


BOTH = '"Rents must fall," Teodor Marsh said. "The vote is close," Marsh said.'
BOTH_FOUND = [said(BOTH, "Rents must fall", "Teodor Marsh", "Teodor Marsh"),
              said(BOTH, "The vote is close", "Marsh", "Marsh")]


def stored_apart(article, surname_speaker: Speaker) -> None:
    """The claims as an extractor that did not link the surname stored them."""
    teodor = speaker_resolve(name="Teodor Marsh", kind="person")
    for item, speaker in zip(BOTH_FOUND, (teodor, surname_speaker)):
        make_claim(article, item.start, item.end, kind=Claim.Kind.DIRECT, speaker=speaker, attribution=item.speaker)


@pytest.mark.django_db
def test_a_speaker_a_new_run_takes_every_claim_from_is_removed_with_the_reason_in_its_history():
    article = make_article(body=BOTH)
    marsh = speaker_resolve(name="Marsh", kind="person")
    stored_apart(article, marsh)
    claims_store(article=article, found=BOTH_FOUND)
    assert set(Claim.objects.values_list("speaker__name", flat=True)) == {"Teodor Marsh"}
    assert Claim.objects.count() == 2
    assert not Speaker.objects.filter(pk=marsh.pk).exists()
    gone = Speaker.history.filter(id=marsh.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_change_reason.startswith("no claim left")
    assert Speaker.history.filter(id=marsh.pk).earliest("history_date").history_change_reason == "found in an article"


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["made by an editor", "given an alias by an editor", "named elsewhere"])
def test_a_speaker_an_editor_made_or_named_or_another_claim_still_uses_is_kept(how):
    article = make_article(body=BOTH)
    if how == "made by an editor":
        marsh = make_speaker("Marsh")
    else:
        marsh = speaker_resolve(name="Marsh", kind="person")
    if how == "given an alias by an editor":
        SpeakerAlias.objects.create(speaker=marsh, name="Councillor Marsh")
    if how == "named elsewhere":
        make_claim(make_article(body="Another text altogether.", title="Other"), 0, 7, speaker=marsh)
    stored_apart(article, marsh)
    claims_store(article=article, found=BOTH_FOUND)
    assert Speaker.objects.filter(pk=marsh.pk).exists()
    assert Claim.objects.filter(article=article, speaker=marsh).count() == 0


@pytest.mark.django_db
def test_the_migration_marks_pipeline_made_speakers_and_short_form_aliases():
    migration = importlib.import_module("sources.migrations.0006_speaker_from_extraction")
    found = Speaker.objects.create(name="Teodor Marsh", slug="teodor-marsh")  # no user in its history
    SpeakerAlias.objects.create(speaker=found, name="Marsh")
    SpeakerAlias.objects.create(speaker=found, name="Ted")
    Speaker.objects.filter(pk=found.pk).update(from_extraction=False)
    SpeakerAlias.objects.update(from_extraction=False)
    migration.mark_found(apps, None)
    assert Speaker.objects.get(pk=found.pk).from_extraction
    assert dict(SpeakerAlias.objects.values_list("name", "from_extraction")) == {"Marsh": True, "Ted": False}


@pytest.mark.django_db
def test_the_name_with_a_title_before_it_is_not_recorded_as_another_name():
    varga = speaker_resolve(name="Elena Varga", kind="person", title="Mayor", mention="Mayor Elena Varga")
    speaker_resolve(name="Elena Varga", kind="person", mention="Varga")
    assert list(varga.aliases.values_list("name", flat=True)) == ["Varga"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_speaker_a_run_is_resolving_right_now_is_not_removed(postgres):
    marsh = speaker_resolve(name="Marsh", kind="person")
    article = make_article(body=BOTH)
    resolved, go_on = threading.Event(), threading.Event()

    def run():  # a run that found "Marsh" and is about to store its claim
        try:
            with transaction.atomic():
                speaker = speaker_resolve(name="Marsh", kind="person")
                resolved.set()
                go_on.wait(10)
                make_claim(article, 1, 16, speaker=speaker)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert resolved.wait(10)
    assert speaker_remove_if_unused(speaker_id=marsh.pk, reason="test") is False  # without waiting
    go_on.set()
    thread.join(30)
    assert Claim.objects.get().speaker_id == marsh.pk
    assert speaker_remove_if_unused(speaker_id=marsh.pk, reason="test") is False  # named by the claim
    Claim.objects.all().delete()
    assert speaker_remove_if_unused(speaker_id=marsh.pk, reason="test") is True
