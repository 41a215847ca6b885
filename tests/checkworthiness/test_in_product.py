"""Check-worthiness in the product, on its own sample articles (seeds/, what `make demo`
imports): imported as a newsroom would, every claim is scored when stored, and in the
review desk each article's claims worth an editor's time rank above the ones with nothing
to check; the types read right on named claims."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from claims.checkworthiness import ClaimType, score
from claims.models import Claim
from sources.models import Article

ROOT = Path(__file__).resolve().parents[2]

# The claims of the samples with nothing to check, read by a person: the object of a
# stance ("Shop owners are worried about the closure", "Varga defended the plan in a speech
# before the vote"), whom a phrase refers to, whom families called. Every other claim the
# extractor finds in the samples says something an editor could check.
NOTHING = {"Kim Jong Un", "the plan in a speech before the vote", "the closure", "the utility helpline"}

# Named claims (the start of their words) and the type an editor would give them.
TYPES = {
    "her sales fell by a third the last time the bridge closed": ClaimType.COMPARISON,
    "that the company had offered a 4 percent raise": ClaimType.STATISTIC,
    "the repairs would cost about 4.2 million dollars": ClaimType.STATISTIC,
    "that it would cut 40 jobs at the plant": ClaimType.STATISTIC,
    "Half of my customers walk or drive over that bridge": ClaimType.STATISTIC,
    "Our members have worked unpaid overtime for two years": ClaimType.CAUSE,
    "The bridge will close to all traffic on March 3": ClaimType.PREDICTION,
    "The strike will begin at 4 a.m. on Monday": ClaimType.PREDICTION,
    "the council would vote on the fund in February": ClaimType.PREDICTION,
    "that both sides should return to talks": ClaimType.OPINION,
    "the cracks were found during a routine inspection in October": ClaimType.OTHER,
    "Kim Jong Un": ClaimType.NOTHING,
    "the closure": ClaimType.NOTHING,
}


# Claims of the samples an editor would check (the start of their words), with or
# without a figure: a policy's promise in a quotation and in reported speech among them.
WORTH_CHECKING = (
    "This budget keeps every school, every clinic and every bus route open",
    "that the plan was “fully funded”",
    "the budget would leave the Eastgate branch library without staff on weekends",
    "her sales fell by a third the last time the bridge closed",
    "that it had shut one of its treatment lines",
    "demand for hand-glazed tiles had fallen by half since 2022",
    "that the company had offered a 4 percent raise",
)


@pytest.fixture
def samples(db, django_capture_on_commit_callbacks) -> list[Article]:
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", str(ROOT / "seeds"), "--no-progress", stdout=StringIO(), stderr=StringIO())
    articles = list(Article.objects.order_by("id"))
    assert len(articles) == len(list((ROOT / "seeds").glob("*.txt")))
    assert all(a.status == Article.Status.EXTRACTED for a in articles)
    return articles


def queue(client, **params) -> list[Claim]:
    return list(client.get(reverse("admin:claims_claim_changelist"), params).context["cl"].result_list)


def test_every_sample_claim_is_stored_with_the_engines_score_type_and_reason(samples):
    claims = list(Claim.objects.select_related("speaker"))
    assert len(claims) > 50
    for claim in claims:
        found = score(claim.text, kind=claim.kind, cue_lemma=claim.cue, speaker_known=claim.speaker_id is not None)
        assert (claim.worthiness, claim.claim_type, claim.worthiness_reason) == (found.score, found.type, found.reason)
        assert claim.check_worthy == (found.type is not ClaimType.NOTHING and found.score >= settings.FACTCHECK_CHECKWORTHY_MIN)
    assert any(c.check_worthy for c in claims) and not all(c.check_worthy for c in claims)


def test_in_each_sample_the_claims_worth_checking_rank_above_those_with_nothing_to_check(client, editor, samples):
    client.force_login(editor)
    nothing_seen = set()
    for article in samples:
        # The desk's column "worth checking", highest first, for this article's claims.
        rows = queue(client, article=article.pk, o="6")
        assert [r.worthiness for r in rows] == sorted((r.worthiness for r in rows), reverse=True)
        nothing = [i for i, r in enumerate(rows) if r.text in NOTHING]
        checkable = [i for i, r in enumerate(rows) if r.text not in NOTHING]
        assert checkable, article.title
        if nothing:
            assert max(checkable) < min(nothing), (article.title, [(r.text[:40], r.worthiness) for r in rows])
        nothing_seen |= {rows[i].text for i in nothing}
        # The engine says "nothing to check" of these claims and of no other.
        assert {r.text for r in rows if r.claim_type == ClaimType.NOTHING} == {rows[i].text for i in nothing}
    assert nothing_seen == NOTHING


def test_the_types_read_right_on_named_sample_claims(samples):
    for start, claim_type in TYPES.items():
        claim = Claim.objects.get(text__startswith=start)
        assert claim.claim_type == claim_type, (start, claim.claim_type, claim.worthiness_reason)
        assert claim.worthiness_reason


def test_the_default_queue_opens_on_the_claims_worth_checking_least_certain_first(client, editor, samples):
    client.force_login(editor)
    rows = queue(client, all="")  # every claim on one page
    assert len(rows) == Claim.objects.count()
    worthy = [r for r in rows if r.check_worthy]
    # Every claim worth checking across the samples comes before the rest...
    assert worthy and rows[: len(worthy)] == worthy
    assert len(worthy) == Claim.objects.filter(worth=Claim.Worth.CHECK).count()
    # ...and among them the least certain extraction first.
    assert [r.confidence for r in worthy] == sorted(r.confidence for r in worthy)
    # The claims with nothing to check come last.
    assert {r.text for r in rows[-len(NOTHING):]} == NOTHING


def test_the_claims_an_editor_would_check_are_worth_checking_with_or_without_a_figure(samples):
    for start in WORTH_CHECKING:
        claim = Claim.objects.get(text__startswith=start)
        assert claim.worth == Claim.Worth.CHECK, (start, claim.worthiness, claim.worthiness_reason)
