"""The review services: each step changes the claim as editors expect and leaves history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims.models import Claim, Verdict
from claims.review.services import (
    EvidenceLink,
    StaleClaim,
    claim_assign,
    claim_correct,
    claim_reject,
    claim_reopen,
    claim_verify,
    evidence_parse,
    speakers_merge,
    verdict_save,
)
from sources.models import Speaker, SpeakerAlias
from tests.factories import make_article, make_claim, make_speaker

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture
def claim(db):
    article = make_article(body=BODY)
    return make_claim(article, 23, 46, speaker=make_speaker(), cue="said")


def reasons(claim: Claim) -> list[str]:
    return list(claim.history.order_by("history_date", "history_id").values_list("history_change_reason", flat=True))


def test_verify_records_reviewer_and_history(claim, editor):
    claim_verify(claim=claim, user=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.version) == ("verified", editor, 2)
    latest = claim.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (editor, "verified")


def test_reject_needs_a_reason_and_keeps_it(claim, editor):
    with pytest.raises(ValidationError):
        claim_reject(claim=claim, user=editor, reason="  ")
    claim_reject(claim=claim, user=editor, reason="Varga never said this")
    claim.refresh_from_db()
    assert (claim.status, claim.rejection_reason) == ("rejected", "Varga never said this")
    claim_reopen(claim=claim, user=editor)
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by, claim.rejection_reason) == ("pending", None, "")
    assert reasons(claim)[-2:] == ["rejected: Varga never said this", "re-opened"]


def test_correction_keeps_the_original_extraction(claim, editor):
    other = make_speaker("Priya Natarajan")
    claim_correct(claim=claim, user=editor, text="the budget is balanced", kind="direct", cue="stated", speaker=other)
    claim.refresh_from_db()
    assert claim.text == BODY[23:46]  # the offsets still point at the article's words
    assert claim.display_text == "the budget is balanced"
    assert (claim.kind, claim.cue, claim.speaker, claim.corrected_by) == ("direct", "stated", other, editor)
    assert claim.original_extraction == {
        "text": BODY[23:46], "kind": "indirect", "cue": "said", "speaker": "Elena Varga",
        "speaker_id": claim.original_extraction["speaker_id"], "attribution": "",
    }
    assert reasons(claim)[-1] == "corrected wording, kind, cue, speaker"
    # A second correction keeps the first original, not the corrected values.
    claim_correct(claim=claim, user=editor, cue="declared")
    claim.refresh_from_db()
    assert claim.original_extraction["cue"] == "said"


def test_change_from_a_stale_page_is_refused_and_names_who_changed_it(claim, editor, django_user_model):
    other = django_user_model.objects.create_user("olga", password="x")
    claim_verify(claim=claim, user=other, expected_version=1)
    with pytest.raises(StaleClaim, match="changed by olga"):
        claim_reject(claim=Claim.objects.get(pk=claim.pk), user=editor, reason="no", expected_version=1)
    assert Claim.objects.get(pk=claim.pk).status == "verified"


def test_assign_to_me(claim, editor):
    claim_assign(claim=claim, user=editor, assignee=editor)
    assert Claim.objects.get(pk=claim.pk).assigned_to == editor


def test_verdict_rated_then_published_by_an_editor(claim, editor):
    links = evidence_parse("Budget report | https://example.org/budget\n\nAudit | https://example.org/audit")
    verdict = verdict_save(claim=claim, user=editor, rating="mostly-true", summary="Balanced on paper.", evidence=links)
    assert verdict.published_at is None
    assert [(e.title, e.position) for e in verdict.evidence.all()] == [("Budget report", 0), ("Audit", 1)]
    verdict = verdict_save(
        claim=claim, user=editor, rating="mostly-true", summary="Balanced on paper.", evidence=links[1:], publish=True
    )
    assert verdict.published_by == editor and verdict.published_at is not None
    assert [e.title for e in verdict.evidence.all()] == ["Audit"]
    assert list(verdict.history.order_by("history_id").values_list("history_change_reason", flat=True)) == [
        "rated", "published"
    ]


def test_only_editors_publish(claim, reporter):
    with pytest.raises(PermissionDenied):
        verdict_save(claim=claim, user=reporter, rating="false", summary="No.", publish=True)
    assert not Verdict.objects.exists()


@pytest.mark.parametrize("raw", ["No separator https://x.org", "Title | ftp://x.org", " | https://x.org"])
def test_bad_evidence_lines_are_refused(raw):
    with pytest.raises(ValidationError):
        evidence_parse(raw)


def test_unknown_rating_is_refused(claim, editor):
    with pytest.raises(ValidationError):
        verdict_save(claim=claim, user=editor, rating="pants-on-fire", summary="x")
    assert evidence_parse("") == [] and EvidenceLink("a", "b").title == "a"


def test_merge_moves_claims_and_names_and_leaves_no_orphan(claim, editor):
    keep = claim.speaker
    dup = make_speaker("E. Varga", slug="e-varga")
    dup_id = dup.pk
    SpeakerAlias.objects.create(speaker=dup, name="Mayor Varga")
    moved_claim = make_claim(claim.article, 47, 80, speaker=dup, fingerprint="other")
    moved = speakers_merge(keep=keep, others=[dup], user=editor)
    assert moved == 1
    assert not Speaker.objects.filter(pk=dup_id).exists()
    moved_claim.refresh_from_db()
    assert moved_claim.speaker == keep
    assert set(keep.aliases.values_list("name", flat=True)) == {"E. Varga", "Mayor Varga"}
    assert not SpeakerAlias.objects.filter(speaker_id=dup_id).exists()
    assert keep.history.latest().history_change_reason == "merged E. Varga"
    assert Speaker.history.filter(id=dup_id, history_type="-").get().history_change_reason.startswith("merged into")
    assert moved_claim.history.latest().history_change_reason == "speaker merged: E. Varga -> Elena Varga"


def test_no_code_path_updates_audited_rows_behind_the_history():
    """queryset.update() writes no history: the audited models must never be changed that way."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(Claim|Verdict|Evidence|Speaker|SpeakerAlias)\.objects[^\n]*\.update\(")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for folder in ("claims", "sources")
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_admin_merge_action_keeps_the_chosen_speaker(client, editor, claim):
    from django.urls import reverse

    keep = claim.speaker
    dup = make_speaker("E. Varga", slug="e-varga")
    make_claim(claim.article, 47, 80, speaker=dup, fingerprint="other")
    client.force_login(editor)
    response = client.post(reverse("admin:sources_speaker_changelist"), {
        "action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "keep": str(keep.pk)})
    assert response.status_code == 302
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Elena Varga"]
    assert Claim.objects.filter(speaker=keep).count() == 2


def test_reporters_cannot_merge_speakers(client, reporter, claim):
    from django.urls import reverse

    dup = make_speaker("E. Varga", slug="e-varga")
    client.force_login(reporter)
    response = client.post(reverse("admin:sources_speaker_changelist"), {
        "action": "merge_selected", "_selected_action": [claim.speaker.pk, dup.pk]})
    assert response.status_code == 403
    assert Speaker.objects.count() == 2
