"""Re-extraction: the editors' work stands, new findings arrive pending, stale guesses go."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.extraction import Attribution, Kind, SpeakerKind
from claims.models import Claim
from claims.review.services import claim_correct, claim_reject, claim_verify
from claims.pipeline.services import claims_extract
from sources.models import Article
from tests.factories import make_article

BODY = (
    "Mayor Elena Varga said the budget was balanced.\n\n"
    "Councillor Priya Natarajan said the library would close.\n\n"
    "Harbor chief Daniel Okafor said the pier would reopen."
)


def finding(body: str, words: str, speaker: str) -> Attribution:
    start = body.index(words)
    return Attribution(
        start=start, end=start + len(words), text=words, kind=Kind.INDIRECT, cue="said", cue_start=0, cue_end=0,
        speaker=speaker, speaker_start=0, speaker_end=len(speaker), speaker_name=speaker,
        speaker_kind=SpeakerKind.PERSON, speaker_title="", via="", confidence=0.8, pieces=((start, start + len(words)),),
    )


class FakeExtractor:
    """The next extractor version: it finds what it is told to."""

    def __init__(self, found):
        self.found = found

    def extract(self, text, time_limit=None):
        return self.found


@pytest.fixture
def extracted(db):
    article = make_article(body=BODY)
    claims_extract(article_id=article.pk)
    claims = {c.text: c for c in Claim.objects.filter(article=article)}
    assert set(claims) == {
        "the budget was balanced", "the library would close", "the pier would reopen"
    }
    return article, claims


def rerun(monkeypatch, article, found) -> None:
    monkeypatch.setattr("claims.pipeline.services.get_extractor", lambda model: FakeExtractor(found))
    result = claims_extract(article_id=article.pk, force=True)
    assert result.ran and result.status == Article.Status.EXTRACTED


def test_verified_rejected_and_corrected_claims_survive_a_run_that_no_longer_finds_them(monkeypatch, extracted, editor):
    article, claims = extracted
    verified = claim_verify(claim=claims["the budget was balanced"], user=editor)
    rejected = claim_reject(claim=claims["the library would close"], user=editor, reason="misattributed")
    corrected = claim_correct(claim=claims["the pier would reopen"], user=editor, cue="announced")
    before = {c.pk: (c.status, c.cue, c.version) for c in (verified, rejected, corrected)}
    rerun(monkeypatch, article, [])
    after = {c.pk: (c.status, c.cue, c.version) for c in Claim.objects.filter(article=article)}
    assert after == before


def test_reviewed_claim_found_again_is_not_overwritten(monkeypatch, extracted, editor):
    article, claims = extracted
    corrected = claim_correct(claim=claims["the budget was balanced"], user=editor, kind="direct", cue="stated")
    rerun(monkeypatch, article, [finding(BODY, "the budget was balanced", "Someone Else")])
    corrected.refresh_from_db()
    assert (corrected.kind, corrected.cue, corrected.speaker.name) == ("direct", "stated", "Elena Varga")


def test_new_findings_arrive_pending_and_unreviewed_stale_ones_go(monkeypatch, extracted, editor):
    article, claims = extracted
    claim_verify(claim=claims["the budget was balanced"], user=editor)
    rerun(monkeypatch, article, [finding(BODY, "the pier would reopen", "Daniel Okafor"),
                                 finding(BODY, "Councillor Priya Natarajan said", "Elena Varga")])
    now = {c.text: c.status for c in Claim.objects.filter(article=article)}
    assert now == {
        "the budget was balanced": "verified",  # reviewed: kept though not found
        "the pier would reopen": "pending",  # found again: kept
        "Councillor Priya Natarajan said": "pending",  # new finding
    }
    removed = Claim.history.filter(history_type="-").get()
    assert removed.text == "the library would close" and removed.history_change_reason.startswith("no longer found")


def test_unchanged_rerun_writes_no_history(extracted):
    article, claims = extracted
    counts = Claim.history.count()
    assert claims_extract(article_id=article.pk, force=True).created == 0
    assert Claim.history.count() == counts


def test_admin_reextract_action_runs_the_extractor_again(
    client, editor, extracted, monkeypatch, django_capture_on_commit_callbacks
):
    article, claims = extracted
    monkeypatch.setattr("claims.pipeline.services.get_extractor", lambda model: FakeExtractor([]))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:sources_article_changelist"), {
            "action": "reextract_selected", "_selected_action": [article.pk]})
    assert response.status_code == 302
    assert Claim.objects.filter(article=article).count() == 0
    assert Article.objects.get(pk=article.pk).status == "extracted"


def test_reporters_cannot_reextract(client, reporter, extracted):
    article, _ = extracted
    article.submitted_by = reporter
    article.save()
    client.force_login(reporter)
    page = client.get(reverse("admin:sources_article_changelist")).content.decode()
    assert "reextract_selected" not in page
