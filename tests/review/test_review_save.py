"""One save of the claim's page: the review service decides what changed, the admin only shows it."""

from __future__ import annotations

import json

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims.models import Claim, Verdict
from claims.review import admin as review_admin
from claims.review.services import (
    EvidenceLink,
    ReviewSaved,
    StaleClaim,
    VerdictInput,
    claim_correct,
    claim_reject,
    claim_review_save,
    claim_verify,
    claim_version_check,
    verdict_save,
)
from tests.factories import make_article, make_claim, make_speaker
from tests.review.test_admin import change_url, form_data

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture
def claim(db):
    return make_claim(make_article(body=BODY), 23, 46, speaker=make_speaker(), cue="said")


def as_sent(claim: Claim, **changes) -> dict:
    """What the page sends when the editor changes nothing but `changes`."""
    claim = Claim.objects.get(pk=claim.pk)
    sent = {
        "claim_id": claim.pk, "seen_version": claim.version, "speaker": claim.speaker, "kind": claim.kind,
        "cue": claim.cue, "corrected_text": claim.corrected_text, "status": claim.status,
        "rejection_reason": claim.rejection_reason, "assigned_to": claim.assigned_to, "verdict": None,
    }
    sent.update(changes)
    return sent


def reasons(claim: Claim) -> list[str]:
    return list(claim.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))


# -- the service ---------------------------------------------------------------------


def test_an_unchanged_page_records_nothing_and_keeps_the_version(claim, editor):
    before = reasons(claim)
    result = claim_review_save(user=editor, **as_sent(claim))
    assert isinstance(result, ReviewSaved) and result.done == () and result.verdict_problem is None
    fresh = Claim.objects.get(pk=claim.pk)
    assert fresh.version == 1 and reasons(fresh) == before
    assert fresh.original_extraction == {}  # nothing corrected, so no "extracted as" record


def test_an_untouched_verdict_sent_again_is_not_rated_again(claim, editor):
    verdict_save(claim=claim, user=editor, rating="true", summary="Checked.",
                 evidence=[EvidenceLink("Report", "https://example.org/r")])
    before = reasons(claim)
    sent = VerdictInput(rating="true", summary="Checked.", evidence=(EvidenceLink("Report", "https://example.org/r"),))
    result = claim_review_save(user=editor, **as_sent(claim, verdict=sent))
    assert result.done == ()
    assert reasons(claim) == before and Claim.objects.get(pk=claim.pk).version == 2


def test_changing_only_the_assignee_records_only_the_assignment(claim, editor):
    result = claim_review_save(user=editor, **as_sent(claim, assigned_to=editor))
    assert result.done == ("assigned to eddie",)
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.assigned_to, fresh.status, fresh.version) == (editor, "pending", 2)
    assert reasons(fresh)[-1] == "assigned to eddie" and len(reasons(fresh)) == 2
    assert fresh.original_extraction == {} and fresh.corrected_by is None


def test_correction_status_and_verdict_in_one_save_keep_todays_reasons_and_versions(claim, editor):
    verdict = VerdictInput(rating="false", summary="  It is not.  ", evidence=(EvidenceLink("A", "https://a.org"),),
                           publish=True)
    result = claim_review_save(user=editor, **as_sent(
        claim, corrected_text="the budget is balanced", kind="direct", status="verified", verdict=verdict))
    assert result.done == ("corrected wording, kind", "verified", "published a verdict")
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.display_text, fresh.kind, fresh.status, fresh.version) == (
        "the budget is balanced", "direct", "verified", 4)
    assert fresh.original_extraction["kind"] == "indirect"
    assert (fresh.verdict.rating, fresh.verdict.summary, fresh.verdict.published_by) == ("false", "It is not.", editor)
    assert [e.url for e in fresh.verdict.evidence.all()] == ["https://a.org"]
    assert result.claim.version == 4


def test_an_emptied_correction_lets_the_extracted_wording_stand_again(claim, editor):
    claim_correct(claim=claim, user=editor, text="the budget is balanced")
    result = claim_review_save(user=editor, **as_sent(claim, corrected_text=""))
    assert result.done == ("corrected wording",)
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.corrected_text, fresh.display_text) == ("", BODY[23:46])


def test_a_new_reason_on_a_rejected_claim_rejects_it_again(claim, editor):
    claim_reject(claim=claim, user=editor, reason="Unnamed source")
    result = claim_review_save(user=editor, **as_sent(claim, rejection_reason="Said by her deputy"))
    assert result.done == ("rejected: Said by her deputy",)
    assert Claim.objects.get(pk=claim.pk).rejection_reason == "Said by her deputy"


def test_a_reason_typed_on_a_pending_claim_changes_nothing(claim, editor):
    assert claim_review_save(user=editor, **as_sent(claim, rejection_reason="maybe")).done == ()
    assert Claim.objects.get(pk=claim.pk).rejection_reason == ""


def test_reopening_a_verified_claim(claim, editor):
    claim_verify(claim=claim, user=editor)
    assert claim_review_save(user=editor, **as_sent(claim, status="pending")).done == ("re-opened",)
    assert Claim.objects.get(pk=claim.pk).reviewed_by is None


def test_a_stale_page_saves_neither_claim_nor_verdict_and_names_who_changed_it(claim, editor, django_user_model):
    olga = django_user_model.objects.create_user("olga", password="x")
    sent = as_sent(claim, status="rejected", rejection_reason="no", assigned_to=editor,
                   verdict=VerdictInput(rating="false", summary="Mine."))
    claim_verify(claim=Claim.objects.get(pk=claim.pk), user=olga)
    before = reasons(claim)
    with pytest.raises(StaleClaim, match="changed by olga"):
        claim_review_save(user=editor, **sent)
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.assigned_to, fresh.version) == ("verified", None, 2)
    assert reasons(fresh) == before and not Verdict.objects.exists()


@pytest.mark.parametrize("verdict, problem", [
    (VerdictInput(rating="pants-on-fire", summary="x"), "Unknown rating"),
    (VerdictInput(rating="false", summary="   "), "needs a summary"),
    (VerdictInput(rating="false", summary="No.", publish=True), "Only editors may publish"),
])
def test_a_refused_verdict_keeps_the_claims_change_and_is_reported(claim, editor, reporter, verdict, problem):
    user = reporter if verdict.publish else editor
    result = claim_review_save(user=user, **as_sent(claim, assigned_to=editor, verdict=verdict))
    assert problem in result.verdict_problem
    assert result.done == ("assigned to eddie",)
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.assigned_to, fresh.version, result.claim.version) == (editor, 2, 2)
    assert not Verdict.objects.exists()


def test_a_refused_claim_change_undoes_the_whole_save(claim, editor):
    with pytest.raises(ValidationError):
        claim_review_save(user=editor, **as_sent(claim, cue="stated", status="rejected", rejection_reason="  "))
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.cue, fresh.version, fresh.original_extraction) == ("said", 1, {})


def test_one_stale_check_and_one_message_for_the_form_and_the_services(claim, editor, django_user_model):
    olga = django_user_model.objects.create_user("olga", password="x")
    claim_verify(claim=Claim.objects.get(pk=claim.pk), user=olga)
    claim_version_check(claim=claim, seen_version=2)  # current: no complaint
    with pytest.raises(StaleClaim) as early:
        claim_version_check(claim=claim, seen_version=1)
    with pytest.raises(StaleClaim) as locked:
        claim_reject(claim=Claim.objects.get(pk=claim.pk), user=editor, reason="no", expected_version=1)
    assert early.value.messages == locked.value.messages
    assert "changed by olga" in early.value.messages[0]


def test_a_correction_that_corrects_nothing_leaves_no_extracted_as_record(claim, editor):
    claim = claim_correct(claim=claim, user=editor, cue="said", kind="indirect")
    assert claim.original_extraction == {}
    claim_verify(claim=claim, user=editor)
    assert Claim.objects.get(pk=claim.pk).original_extraction == {}


# -- the admin hands the page to the service once -------------------------------------


def test_the_admin_calls_the_review_service_once_per_save_and_nothing_else(client, editor, claim, monkeypatch):
    calls = []

    def spy(**kwargs):
        calls.append(kwargs)
        return claim_review_save(**kwargs)

    def refuse(**kwargs):
        raise AssertionError("the admin's save must not call the step services itself")

    monkeypatch.setattr(review_admin, "claim_review_save", spy)
    for name in ("claim_verify", "claim_reject", "claim_reopen", "claim_assign"):
        monkeypatch.setattr(review_admin, name, refuse)
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, status="verified", assigned_to=editor.pk, verdict={
        "rating": "true", "summary": "Checked.", "evidence_links": "Report | https://example.org/r"}))
    assert response.status_code == 302
    assert len(calls) == 1
    assert calls[0]["verdict"] == VerdictInput(
        rating="true", summary="Checked.", evidence=(EvidenceLink("Report", "https://example.org/r"),))
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.assigned_to, fresh.verdict.rating) == ("verified", editor, "true")
    # The change message lists the form's fields and no inline objects.
    entry = LogEntry.objects.get(object_id=str(claim.pk))
    assert json.loads(entry.change_message) == [{"changed": {"fields": ["Status", "Assigned to"]}}]


def test_the_admin_leaves_no_state_on_the_request(client, editor, claim, django_user_model):
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, status="verified", verdict={
        "rating": "true", "summary": "Checked."}))
    assert response.status_code == 302
    assert not any(k.startswith("fc_") for k in vars(response.wsgi_request))
    stale = form_data(Claim.objects.get(pk=claim.pk), seen_version=1, status="pending")
    response = client.post(change_url(claim), stale)
    assert response.status_code == 200 and "changed by eddie" in response.content.decode()
    assert not any(k.startswith("fc_") for k in vars(response.wsgi_request))


def test_a_page_gone_stale_between_the_form_check_and_the_save_saves_nothing(client, editor, claim, django_user_model,
                                                                             monkeypatch):
    olga = django_user_model.objects.create_user("olga", password="x")
    real = review_admin.claim_review_save

    def colleague_first(**kwargs):
        claim_verify(claim=Claim.objects.get(pk=claim.pk), user=olga)
        return real(**kwargs)

    monkeypatch.setattr(review_admin, "claim_review_save", colleague_first)
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, status="rejected", rejection_reason="wrong", verdict={
        "rating": "false", "summary": "Mine."}), follow=True)
    assert "changed by olga" in response.content.decode()
    fresh = Claim.objects.get(pk=claim.pk)
    assert (fresh.status, fresh.reviewed_by) == ("verified", olga) and not Verdict.objects.exists()


def test_a_refused_verdict_is_shown_and_the_claims_change_kept(client, editor, claim, monkeypatch):
    client.force_login(editor)
    # The form lets only known ratings through; the service's own refusal is what the admin must show.
    monkeypatch.setattr(review_admin, "_verdict_input",
                        lambda data: VerdictInput(rating="pants-on-fire", summary=data["summary"]))
    response = client.post(change_url(claim), form_data(claim, status="verified", verdict={
        "rating": "true", "summary": "Checked."}), follow=True)
    assert "Verdict not saved: Unknown rating" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "verified" and not Verdict.objects.exists()


def test_the_article_link_is_the_articles_admin_page(client, editor, claim):
    client.force_login(editor)
    page = client.get(change_url(claim)).content.decode()
    assert f'<a href="{reverse("admin:sources_article_change", args=[claim.article_id])}">' in page
