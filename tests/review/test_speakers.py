"""An editor gives a claim the right speaker: the speaker the pipeline made for a bare
surname, now naming nothing, is removed (from the speaker admin, the API and the public
pages) with who and why in its history; a speaker still in use, or an editor's, stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import StaleClaim, claim_correct, claim_verify
from sources.models import Speaker
from tests.factories import make_article, make_speaker
from tests.pipeline.test_speakers import MARSH
from tests.review.test_admin import change_url, form_data, history_page

FERRY = '"The ferry will run all winter," Marsh said. "The timetable is printed," Marsh added.'


@pytest.fixture
def two_articles(db, editor) -> dict:
    harbour = make_article(body=MARSH, title="Harbour budget")
    claims_extract(article_id=harbour.pk)
    ferry = make_article(body=FERRY, title="Ferry")
    claims_extract(article_id=ferry.pk)
    for claim in Claim.objects.all():
        claim_verify(claim=claim, user=editor)
    teodor, marsh = Speaker.objects.get(name="Teodor Marsh"), Speaker.objects.get(name="Marsh")
    ferry_claims = list(Claim.objects.filter(article=ferry).order_by("start"))
    assert [c.speaker for c in ferry_claims] == [marsh, marsh]  # another article's bare surname: not merged
    return {"teodor": teodor, "marsh": marsh, "ferry": ferry_claims}


def correct_on_the_page(client, claim: Claim, speaker: Speaker):
    claim = Claim.objects.get(pk=claim.pk)
    response = client.post(change_url(claim), form_data(claim, speaker=speaker.pk))
    assert response.status_code == 302, response.content.decode()[-2000:]


def test_the_emptied_surname_speaker_is_removed_everywhere_with_its_history(client, editor, two_articles):
    teodor, marsh = two_articles["teodor"], two_articles["marsh"]
    client.force_login(editor)
    for claim in two_articles["ferry"]:
        correct_on_the_page(client, claim, teodor)
    assert not Speaker.objects.filter(pk=marsh.pk).exists()
    assert set(Claim.objects.values_list("speaker", flat=True)) == {teodor.pk}

    gone = Speaker.history.filter(id=marsh.pk).order_by("history_date", "history_id").last()
    assert (gone.history_type, gone.history_user) == ("-", editor)
    assert gone.history_change_reason == f"no claim left: claim #{two_articles['ferry'][1].pk} corrected"

    speakers = client.get(reverse("admin:sources_speaker_changelist")).content.decode()
    assert "Teodor Marsh" in speakers and ">Marsh<" not in speakers
    client.logout()
    listed = client.get("/api/v1/speakers/").json()["results"]
    assert [(s["name"], s["quote_count"]) for s in listed] == [("Teodor Marsh", 5)]
    assert client.get(f"/api/v1/speakers/{marsh.pk}/").status_code == 404
    assert client.get("/speakers/marsh/").status_code == 404
    assert "Teodor Marsh" in client.get("/speakers/teodor-marsh/").content.decode()


def test_the_claims_history_and_extraction_record_still_name_the_extracted_speaker(client, editor, two_articles):
    client.force_login(editor)
    claim = two_articles["ferry"][0]
    for each in two_articles["ferry"]:
        correct_on_the_page(client, each, two_articles["teodor"])
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.original_extraction["speaker"] == "Marsh" and fresh.attribution == "Marsh"
    page = history_page(client, fresh)
    assert "corrected speaker" in page
    page = client.get(change_url(fresh)).content.decode()
    assert "eddie · corrected speaker" in page


def test_a_speaker_still_named_by_another_claim_stays(client, editor, two_articles):
    client.force_login(editor)
    correct_on_the_page(client, two_articles["ferry"][0], two_articles["teodor"])
    assert Claim.objects.get(pk=two_articles["ferry"][1].pk).speaker == two_articles["marsh"]
    assert client.get("/speakers/marsh/").status_code == 200


def test_a_speaker_an_editor_made_stays_when_emptied(editor, two_articles):
    mine = make_speaker("Ted Marsh")
    claim = two_articles["ferry"][0]
    claim_correct(claim=claim, user=editor, speaker=mine)
    claim_correct(claim=Claim.objects.get(pk=claim.pk), user=editor, speaker=two_articles["teodor"])
    assert Speaker.objects.filter(pk=mine.pk).exists()


def test_a_refused_stale_correction_removes_nothing(editor, two_articles):
    first, second = two_articles["ferry"]
    claim_correct(claim=first, user=editor, speaker=two_articles["teodor"])
    with pytest.raises(StaleClaim):
        claim_correct(claim=second, user=editor, speaker=two_articles["teodor"], expected_version=second.version - 1)
    assert Speaker.objects.filter(pk=two_articles["marsh"].pk).exists()
    assert Claim.objects.get(pk=second.pk).speaker == two_articles["marsh"]


def test_the_claim_history_page_survives_a_merge_of_its_earlier_speaker(client, editor, two_articles):
    from claims.review.services import speakers_merge

    claim = two_articles["ferry"][0]
    speakers_merge(keep=two_articles["teodor"], others=[two_articles["marsh"]], user=editor)
    client.force_login(editor)
    assert "speaker merged: Marsh -&gt; Teodor Marsh" in history_page(client, Claim.objects.get(pk=claim.pk))


def test_merging_a_bare_surname_speaker_keeps_its_name_an_alias_of_that_article_only(editor, two_articles):
    from claims.review.services import speakers_merge
    from sources.models import SpeakerAlias
    from sources.services import speaker_resolve

    teodor, marsh = two_articles["teodor"], two_articles["marsh"]
    teodor.aliases.all().delete()  # so the merge brings "Marsh" itself
    mine = make_speaker("T. Marsh")
    SpeakerAlias.objects.create(speaker=mine, name="Councillor Marsh")
    speakers_merge(keep=teodor, others=[marsh, mine], user=editor)
    assert dict(teodor.aliases.values_list("name", "from_extraction")) == {
        "Marsh": True, "T. Marsh": False, "Councillor Marsh": False,
    }
    assert speaker_resolve(name="Councillor Marsh", kind="person") == teodor  # the editors' names match
    assert speaker_resolve(name="Marsh", kind="person") != teodor  # a later article's bare surname does not


def test_the_speaker_page_says_which_aliases_match_every_article(client, editor, two_articles):
    from sources.models import SpeakerAlias

    teodor = two_articles["teodor"]
    SpeakerAlias.objects.create(speaker=teodor, name="Councillor Marsh")
    assert teodor.aliases.filter(from_extraction=True).exists()  # the pipeline's "Marsh"
    client.force_login(editor)
    page = client.get(reverse("admin:sources_speaker_change", args=[teodor.pk])).content.decode()
    rows = {a.name: a.from_extraction for a in teodor.aliases.all()}
    assert page.count("in its own article only (found by the pipeline)") == sum(rows.values())
    assert page.count("every article") == len(rows) - sum(rows.values()) == 1
    make_speaker("Ada Quill")  # an editor's speaker
    listed = client.get(reverse("admin:sources_speaker_changelist"), {"from_extraction__exact": "1"}).content.decode()
    assert ">Marsh<" in listed and ">Teodor Marsh<" in listed and "Ada Quill" not in listed
