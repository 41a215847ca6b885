"""The review desk in the admin, driven through real requests as an editor would."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from claims.models import Claim
from claims.pipeline.services import claims_extract
from sources.importers import parse_text
from tests.factories import make_article, make_claim

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_634e59fd9937c216.txt"


@pytest.fixture
def seed_claims(db):
    parsed = parse_text(SEED.read_text(encoding="utf-8"), SEED.name)
    article = make_article(body=parsed.body, title=parsed.title)
    claims_extract(article_id=article.pk)
    return article


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def form_data(claim: Claim, seen_version: int | None = None, verdict: dict | None = None, **fields) -> dict:
    """What the claim page posts: the claim's current values, the version the page was
    loaded at, and the verdict inline (empty unless given)."""
    data = {
        "speaker": claim.speaker_id or "",
        "speaker_title": claim.speaker_title,
        "via": claim.via,
        "kind": claim.kind,
        "cue": claim.cue,
        "corrected_text": claim.corrected_text,
        "status": claim.status,
        "rejection_reason": claim.rejection_reason,
        "assigned_to": claim.assigned_to_id or "",
        "seen_version": claim.version if seen_version is None else seen_version,
        "verdict-TOTAL_FORMS": "1",
        "verdict-INITIAL_FORMS": "1" if hasattr(claim, "verdict") else "0",
        "verdict-MIN_NUM_FORMS": "0",
        "verdict-MAX_NUM_FORMS": "1",
        "verdict-0-claim": claim.pk,
        "verdict-0-id": claim.verdict.pk if hasattr(claim, "verdict") else "",
        "verdict-0-rating": "",
        "verdict-0-summary": "",
        "verdict-0-evidence_links": "",
    }
    if verdict:
        data.update({f"verdict-0-{k}": v for k, v in verdict.items()})
    data.update(fields)
    return data


def history_page(client, claim: Claim) -> str:
    return client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()


def test_editor_takes_seed_claims_through_verify_correct_reject_and_rate_and_publish(client, editor, seed_claims):
    client.force_login(editor)
    claims = list(seed_claims.claims.order_by("start"))
    assert len(claims) >= 9 and all(c.status == "pending" for c in claims)
    verify, correct, reject, rate = claims[1], claims[2], claims[4], claims[3]

    response = client.post(change_url(verify), form_data(verify, status="verified"))
    assert response.status_code == 302, response.content.decode()[-2000:]
    verify.refresh_from_db()
    assert (verify.status, verify.reviewed_by) == ("verified", editor)

    response = client.post(change_url(correct), form_data(correct, corrected_text="That hope has failed", kind="mixed"))
    assert response.status_code == 302
    correct.refresh_from_db()
    assert (correct.display_text, correct.kind, correct.original_extraction["kind"]) == (
        "That hope has failed", "mixed", "direct"
    )

    response = client.post(change_url(reject), form_data(reject, status="rejected", rejection_reason="Unnamed source"))
    assert response.status_code == 302
    reject.refresh_from_db()
    assert (reject.status, reject.rejection_reason) == ("rejected", "Unnamed source")

    evidence = "UN resolution 1718 | https://example.org/res1718"
    response = client.post(change_url(rate), form_data(rate, verdict={
        "rating": "true", "summary": "Arms transfers are banned by the resolutions.", "evidence_links": evidence,
        "publish": "on",
    }))
    assert response.status_code == 302
    rate.refresh_from_db()
    assert (rate.verdict.rating, rate.verdict.published_by) == ("true", editor)
    assert [(e.title, e.url) for e in rate.verdict.evidence.all()] == [("UN resolution 1718", "https://example.org/res1718")]

    assert "verified" in history_page(client, verify)
    assert "corrected wording, kind" in history_page(client, correct)
    assert "rejected: Unnamed source" in history_page(client, reject)
    page = client.get(change_url(rate)).content.decode()
    assert "eddie" in page  # the published verdict names who published it
    page = client.get(change_url(correct)).content.decode()
    assert "eddie · corrected wording, kind (corrected_text, kind)</li>" in page
    assert "system · extracted (" in page


def test_claim_page_shows_the_quote_in_its_paragraph_escaped(client, editor, db):
    body = '<b>Intro</b>\n\n"We <script>x()</script> won," Mayor Elena Varga said.\n\nEnd.'
    article = make_article(body=body)
    start = body.index("We <")
    claim = make_claim(
        article, start, body.index(' won,"') + 4, cue_start=body.index("said"), cue_end=body.index("said") + 4,
        speaker_start=body.index("Mayor"), speaker_end=body.index(" said"),
    )
    client.force_login(editor)
    page = client.get(change_url(claim)).content.decode()
    assert '<mark class="fc-content">We &lt;script&gt;x()&lt;/script&gt; won</mark>' in page
    assert '<mark class="fc-cue">said</mark>' in page
    assert "<script>x()" not in page and "<b>Intro</b>" not in page


def test_second_editor_saving_a_stale_page_is_refused_with_who_changed_it(client, editor, django_user_model, seed_claims):
    other = django_user_model.objects.create_user("olga", password="x", is_staff=True)
    other.groups.add(*editor.groups.all())
    claim = seed_claims.claims.order_by("start").first()
    loaded = form_data(claim)  # both editors opened the page at the same version
    client.force_login(other)
    assert client.post(change_url(claim), {**loaded, "status": "verified"}).status_code == 302
    client.force_login(editor)
    response = client.post(change_url(claim), {**loaded, "status": "rejected", "rejection_reason": "wrong"})
    assert response.status_code == 200
    assert "changed by olga" in response.content.decode()
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == ("verified", other)


def test_rejecting_without_a_reason_is_refused(client, editor, seed_claims):
    claim = seed_claims.claims.first()
    client.force_login(editor)
    response = client.post(change_url(claim), form_data(claim, status="rejected"))
    assert response.status_code == 200 and "Say why the attribution is rejected." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "pending"


def test_bulk_actions_go_through_the_services(client, editor, seed_claims):
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    ids = list(seed_claims.claims.order_by("start").values_list("pk", flat=True))
    client.post(url, {"action": "verify_selected", "_selected_action": ids[:3]})
    client.post(url, {"action": "reject_selected", "_selected_action": ids[3:5], "reason": "not attributed"})
    client.post(url, {"action": "assign_to_me", "_selected_action": ids[5:7]})
    # Re-opening works on the list of every status, where the verified claims show.
    client.post(url + "?status__exact=all", {"action": "reopen_selected", "_selected_action": ids[:1]})
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert [statuses[i] for i in ids[:5]] == ["pending", "verified", "verified", "rejected", "rejected"]
    assert Claim.objects.get(pk=ids[3]).rejection_reason == "not attributed"
    assert set(Claim.objects.filter(pk__in=ids[5:7]).values_list("assigned_to", flat=True)) == {editor.pk}
    assert Claim.objects.get(pk=ids[0]).history.latest().history_change_reason == "re-opened"
    assert Claim.objects.get(pk=ids[4]).history.latest().history_user == editor


def test_bulk_reject_without_reason_changes_nothing(client, editor, seed_claims):
    client.force_login(editor)
    ids = list(seed_claims.claims.values_list("pk", flat=True))
    client.post(reverse("admin:claims_claim_changelist"), {"action": "reject_selected", "_selected_action": ids})
    assert set(Claim.objects.values_list("status", flat=True)) == {"pending"}


def test_review_queue_puts_pending_worth_checking_then_low_confidence_first_and_filters(client, editor, seed_claims):
    client.force_login(editor)
    first = seed_claims.claims.order_by("start").first()
    Claim.objects.filter(pk=first.pk).update(status="verified")
    url = reverse("admin:claims_claim_changelist")
    rows = list(client.get(url, {"status__exact": "all"}).context["cl"].result_list)
    assert rows[-1].pk == first.pk
    assert first.pk not in {r.pk for r in client.get(url).context["cl"].result_list}  # opens on pending
    pending = [(r.worth, r.confidence) for r in rows if r.status == "pending"]
    assert pending == sorted(pending)
    assert {r.status for r in client.get(url, {"status__exact": "verified"}).context["cl"].result_list} == {"verified"}
    low = client.get(url, {"confidence": "low"}).context["cl"].result_list
    assert all(r.confidence < 0.5 for r in low)
    assert list(client.get(url, {"verdict": "published"}).context["cl"].result_list) == []


def test_reporter_cannot_review_or_rate(client, reporter, seed_claims):
    seed_claims.submitted_by = reporter
    seed_claims.save()
    claim = seed_claims.claims.first()
    client.force_login(reporter)
    assert client.get(change_url(claim)).status_code == 200  # their own article's claims are visible
    response = client.post(change_url(claim), form_data(claim, status="verified", verdict={
        "rating": "false", "summary": "x", "publish": "on"}))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "pending" and not hasattr(claim, "verdict")
    response = client.post(reverse("admin:claims_claim_changelist"), {"action": "verify_selected", "_selected_action": [claim.pk]})
    assert Claim.objects.get(pk=claim.pk).status == "pending"
