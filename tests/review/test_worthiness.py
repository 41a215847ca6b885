"""Check-worthiness at the review desk, through real admin requests: the columns and the
filters by type, band and article, and a claim scored again when an editor corrects its
words, its pieces or its kind, with the change in its history. The rescore command too."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from claims.checkworthiness import score
from claims.models import Claim
from sources.models import Speaker
from tests.factories import make_article, make_claim, make_speaker
from tests.review.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

BODY = (
    "Rents in Orwen rose 14 percent in 2023, the housing minister Ada Brandt said. "
    "Brandt was critical of the delay. "
    "\"We will build more homes next year,\" Brandt said. "
    "Shop owners are worried about the closure."
)


def span(words: str) -> tuple[int, int]:
    start = BODY.index(words)
    return start, start + len(words)


@pytest.fixture
def desk(db):
    """An article with a figure (worth checking), a prediction, and two stance objects
    (nothing to check), each claim with its own confidence."""
    article = make_article(body=BODY, title="Rents")
    brandt = make_speaker("Ada Brandt")
    figure = make_claim(article, *span("Rents in Orwen rose 14 percent in 2023"), speaker=brandt, cue="said",
                        confidence=0.95)
    delay = make_claim(article, *span("the delay"), speaker=brandt, cue="was critical of", confidence=0.3)
    homes = make_claim(article, *span("We will build more homes next year"), speaker=brandt, cue="said",
                       kind=Claim.Kind.DIRECT, confidence=0.8)
    closure = make_claim(article, *span("the closure"), cue="are worried about", confidence=0.2)
    return {"article": article, "figure": figure, "delay": delay, "homes": homes, "closure": closure}


def changelist(client, **params) -> list[Claim]:
    response = client.get(reverse("admin:claims_claim_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_claims_are_scored_when_stored(desk):
    figure, delay = desk["figure"], desk["delay"]
    assert figure.claim_type == "statistic" and figure.worthiness_reason == "cites a percentage"
    assert figure.worthiness == score(figure.text, kind="indirect", cue_lemma="said").score
    assert figure.check_worthy
    assert delay.claim_type == "nothing" and not delay.check_worthy and delay.worthiness < 0.1


def test_queue_order_is_worth_checking_first_then_least_certain_and_nothing_to_check_last(client, editor, desk):
    client.force_login(editor)
    rows = changelist(client)
    # The figure (worth checking, 0.95), the prediction (below the threshold, 0.8), then
    # the two stance objects with nothing to check, the least certain first.
    assert [r.pk for r in rows] == [desk[k].pk for k in ("figure", "homes", "closure", "delay")]
    assert [r.worth for r in rows] == [Claim.Worth.CHECK, Claim.Worth.BELOW, Claim.Worth.NOTHING, Claim.Worth.NOTHING]
    # Reviewed claims go after every pending one, whatever their worth.
    Claim.objects.filter(pk=desk["figure"].pk).update(status="verified")
    assert changelist(client, status__exact="all")[-1].pk == desk["figure"].pk
    assert desk["figure"].pk not in {r.pk for r in changelist(client)}  # the list opens on pending


def test_filters_by_type_band_worth_checking_and_article(client, editor, desk):
    client.force_login(editor)
    assert {r.pk for r in changelist(client, claim_type__exact="nothing")} == {desk["delay"].pk, desk["closure"].pk}
    assert {r.pk for r in changelist(client, claim_type__exact="statistic")} == {desk["figure"].pk}
    high = changelist(client, worthiness="high")
    assert desk["figure"].pk in {r.pk for r in high} and all(r.worthiness >= 0.6 for r in high)
    low = changelist(client, worthiness="low")
    assert {desk["delay"].pk, desk["closure"].pk} <= {r.pk for r in low}
    assert all(r.worthiness < settings.FACTCHECK_CHECKWORTHY_MIN for r in low)
    medium = changelist(client, worthiness="medium")
    assert all(settings.FACTCHECK_CHECKWORTHY_MIN <= r.worthiness < 0.6 for r in medium)
    assert len(high) + len(medium) + len(low) == 4
    Claim.objects.filter(pk=desk["homes"].pk).update(worthiness=None)  # say, stored in bulk and not scored yet
    assert [r.pk for r in changelist(client, worthiness="none")] == [desk["homes"].pk]
    assert [r.pk for r in changelist(client, worth__exact="0")] == [desk["figure"].pk]
    assert {r.pk for r in changelist(client, worth__exact="2")} == {desk["delay"].pk, desk["closure"].pk}
    other = make_article(body="Nothing here. " + BODY, title="Other")
    make_claim(other, 0, 12)
    assert {r.article_id for r in changelist(client, article=desk["article"].pk)} == {desk["article"].pk}
    page = client.get(reverse("admin:claims_claim_changelist"), {"article": desk["article"].pk}).content.decode()
    assert "cites a percentage" in page  # the reason, on the score


def test_correcting_the_words_scores_the_claim_again_and_the_history_keeps_the_old_score(client, editor, desk):
    client.force_login(editor)
    claim = desk["delay"]
    before = (claim.worthiness, claim.claim_type)
    response = client.post(change_url(claim), form_data(
        claim, corrected_text="the delay cost the city 3 million dollars"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.claim_type == "statistic" and claim.worthiness_reason == "cites a figure"
    assert claim.worthiness == score(claim.corrected_text, kind="indirect", cue_lemma="was critical of").score
    assert claim.worthiness > before[0]
    old = claim.history.order_by("history_id").first()
    assert (old.worthiness, old.claim_type) == before
    assert "the delay" in client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    # The change page shows the new reason.
    assert "cites a figure" in client.get(change_url(claim)).content.decode()


def test_correcting_the_kind_or_the_pieces_scores_the_claim_again(client, editor, desk):
    client.force_login(editor)
    claim = desk["homes"]
    direct = claim.worthiness
    response = client.post(change_url(claim), form_data(claim, kind=Claim.Kind.INDIRECT))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.kind == "indirect" and claim.worthiness < direct  # a verbatim quote weighs a little more
    assert claim.worthiness == score(claim.text, kind="indirect", cue_lemma="said").score

    figure = desk["figure"]
    # Trimmed to leave the figure out, the claim has no figure to cite any more.
    response = client.post(change_url(figure), {**form_data(figure), "claim_pieces": "Rents in Orwen rose"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.text == "Rents in Orwen rose"
    assert figure.claim_type != "statistic"
    assert figure.worthiness == score("Rents in Orwen rose", kind="indirect", cue_lemma="said").score


def test_a_new_speaker_scores_the_claim_again(client, editor, desk):
    client.force_login(editor)
    claim = desk["closure"]
    client.post(change_url(claim), form_data(claim, corrected_text="the closure will cost shops half their trade"))
    claim.refresh_from_db()
    unnamed = claim.worthiness
    owner = make_speaker("Orwen Traders", kind=Speaker.Kind.ORGANIZATION)
    client.post(change_url(claim), form_data(claim, speaker=owner.pk))
    claim.refresh_from_db()
    assert claim.speaker_id == owner.pk and claim.worthiness > unnamed  # someone is named for it now


def test_rescore_command_stores_what_a_new_threshold_says_and_records_it(desk, settings):
    settings.FACTCHECK_CHECKWORTHY_MIN = 0.99
    out = StringIO()
    call_command("rescore_claims", stdout=out)
    assert "4 claim(s) scored, 1 changed" in out.getvalue()  # only the figure was worth checking
    figure = Claim.objects.get(pk=desk["figure"].pk)
    assert not figure.check_worthy and figure.version == desk["figure"].version  # no editor's page goes stale
    assert figure.history.order_by("-history_id").first().history_change_reason == "re-scored"
    out = StringIO()
    call_command("rescore_claims", "--article", str(desk["article"].pk), stdout=out)
    assert "4 claim(s) scored, 0 changed" in out.getvalue()
