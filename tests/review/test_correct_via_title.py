"""Via and the speaker's title are corrections like the others: editable on the claim's
page, recorded with who and what, the extracted values kept, refused when too long."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import StaleClaim, claim_correct, claim_review_save, claim_verify
from tests.factories import make_article, make_claim, make_speaker
from tests.review.test_admin import change_url, form_data
from tests.review.test_review_save import as_sent, reasons

BODY = '"We will not back down," council leader Miriam Okonjo told reporters after the session.'


@pytest.fixture
def claim(db):
    # As the extractor used to store it: the audience taken for an intermediary.
    return make_claim(make_article(body=BODY), 1, 23, speaker=make_speaker("Miriam Okonjo"), cue="told",
                      kind=Claim.Kind.DIRECT, via="reporters", speaker_title="council leader")


def history_of(claim: Claim) -> list[tuple[str | None, str, str, str]]:
    return [
        (h.history_user.get_username() if h.history_user else None, h.history_change_reason or "", h.via,
         h.speaker_title)
        for h in claim.history.order_by("history_date", "history_id")
    ]


# -- the service -----------------------------------------------------------------------


def test_correcting_via_records_it_and_keeps_the_extracted_one(claim, editor):
    claim_correct(claim=claim, user=editor, via="  ")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.via, fresh.corrected_by, fresh.version) == ("", editor, 2)
    assert fresh.original_extraction["via"] == "reporters"
    assert history_of(fresh)[-1] == ("eddie", "corrected via", "", "council leader")


def test_correcting_the_title_records_it_and_keeps_the_extracted_one(claim, editor):
    claim_correct(claim=claim, user=editor, speaker_title="Harbor City council leader")
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.speaker_title == "Harbor City council leader"
    assert fresh.original_extraction["speaker_title"] == "council leader"
    assert reasons(fresh)[-1] == "corrected title"


def test_a_second_correction_keeps_the_first_extracted_via(claim, editor):
    claim_correct(claim=claim, user=editor, via="AFP")
    claim_correct(claim=Claim.objects.get(pk=claim.pk), user=editor, via="Reuters")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.via, fresh.original_extraction["via"]) == ("Reuters", "reporters")


def test_a_record_kept_before_via_was_correctable_gains_the_extracted_via(claim, editor):
    claim_correct(claim=claim, user=editor, cue="said")
    kept = Claim.objects.get(pk=claim.pk).original_extraction
    assert "via" not in kept and kept["cue"] == "told"
    claim_correct(claim=Claim.objects.get(pk=claim.pk), user=editor, via="")
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.original_extraction == {**kept, "via": "reporters"}


@pytest.mark.parametrize("field, label", [("via", "Via"), ("speaker_title", "The speaker's title")])
def test_a_value_longer_than_the_column_is_refused_by_name(claim, editor, field, label):
    with pytest.raises(ValidationError) as refused:
        claim_correct(claim=claim, user=editor, **{field: "x" * 301})
    assert list(refused.value.error_dict) == [field]
    assert f"{label} is at most 300 characters; this one has 301." in refused.value.messages
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.version, fresh.original_extraction, getattr(fresh, field)) == (1, {}, getattr(claim, field))


def test_a_value_of_exactly_the_column_length_is_kept(claim, editor):
    claim_correct(claim=claim, user=editor, via="x" * 300)
    assert Claim.objects.get(pk=claim.pk).via == "x" * 300


def test_a_page_sending_the_same_via_and_title_records_nothing(claim, editor):
    before = reasons(claim)
    result = claim_review_save(user=editor, **as_sent(claim, via="reporters", speaker_title="council leader"))
    assert result.done == ()
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.version, fresh.original_extraction, reasons(fresh)) == (1, {}, before)


def test_via_title_and_status_in_one_save(claim, editor):
    result = claim_review_save(user=editor, **as_sent(claim, via="", speaker_title="leader", status="verified"))
    assert result.done == ("corrected via, title", "verified")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.via, fresh.speaker_title, fresh.status, fresh.version) == ("", "leader", "verified", 3)
    assert (fresh.original_extraction["via"], fresh.original_extraction["speaker_title"]) == (
        "reporters", "council leader")


def test_a_stale_page_does_not_change_via(claim, editor, django_user_model):
    olga = django_user_model.objects.create_user("olga", password="x")
    sent = as_sent(claim, via="")
    claim_verify(claim=Claim.objects.get(pk=claim.pk), user=olga)
    with pytest.raises(StaleClaim, match="changed by olga"):
        claim_review_save(user=editor, **sent)
    assert Claim.objects.get(pk=claim.pk).via == "reporters"


# -- the admin page ----------------------------------------------------------------------


def test_the_claim_page_edits_via_and_title_with_their_help(client, editor, claim):
    client.force_login(editor)
    page = client.get(change_url(claim)).content.decode()
    assert 'name="via" value="reporters"' in page
    assert 'name="speaker_title" value="council leader"' in page
    assert "Who passed the words on" in page and "Never the audience" in page
    assert "title or role as this article gives it" in page


def test_editing_via_and_title_on_the_page_records_who_and_what(client, editor, claim):
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, via="", speaker_title="Harbor City council leader"))
    assert response.status_code == 302
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.via, fresh.speaker_title, fresh.corrected_by) == ("", "Harbor City council leader", editor)
    assert history_of(fresh)[-1] == ("eddie", "corrected via, title", "", "Harbor City council leader")
    assert (fresh.original_extraction["via"], fresh.original_extraction["speaker_title"]) == (
        "reporters", "council leader")
    page = client.get(change_url(claim)).content.decode()
    assert "corrected via, title" in page  # the page's own list of recent changes


def test_an_unchanged_page_with_via_and_title_records_nothing(client, editor, claim):
    client.force_login(editor)
    before = reasons(claim)
    response = client.post(change_url(claim), form_data(claim))
    assert response.status_code == 302
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.version, fresh.via, fresh.speaker_title, fresh.original_extraction) == (
        1, "reporters", "council leader", {})
    assert reasons(fresh) == before


def test_a_too_long_via_on_the_page_is_refused_and_nothing_saved(client, editor, claim):
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, via="x" * 301, status="verified"))
    assert response.status_code == 200
    assert "at most 300 characters" in response.content.decode()
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.via, fresh.status, fresh.version) == ("reporters", "pending", 1)


# -- the public API ------------------------------------------------------------------------


def test_a_verified_quote_shows_the_corrected_via_in_the_api(client, editor, db):
    article = make_article(body=BODY, title="Council votes")
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    assert claim.via == ""  # an audience is no intermediary
    # The article says elsewhere that the words came through an agency: the editor adds it.
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, via="Meridian Press Agency", status="verified"))
    assert response.status_code == 302
    client.logout()
    quotes = client.get("/api/v1/quotes/").json()["results"]
    assert [(q["text"], q["via"], q["speaker_title"]) for q in quotes] == [
        ("We will not back down", "Meridian Press Agency", "council leader")]
    assert client.get(f"/api/v1/quotes/{claim.pk}/").json()["via"] == "Meridian Press Agency"
