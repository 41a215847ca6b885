"""A changed text at an address already read: a new version, re-extracted, the editors'
claims carried where their words still stand, the rest left on their version and listed,
the history visible on the page, in the API and in the admin."""

from __future__ import annotations

from html import escape

import pytest
from django.urls import reverse
from werkzeug import Request, Response

from claims.api.services import token_create
from claims.models import Claim, ClaimMatch
from claims.pipeline.services import claims_extract
from claims.review.services import claim_reject, claim_verify, verdict_save
from claims.tracking.services import claims_match
from sources.feed_services import feed_add, feed_poll
from sources.models import Article
from tests.sources.feedworld import Item, rss

pytestmark = pytest.mark.django_db

BUDGET = "Mayor Elena Varga said the budget was balanced."
LIBRARY = "Councillor Priya Natarajan said the library would close."
PIER = "Harbor chief Daniel Okafor said the pier would reopen."
FIRST = [BUDGET, LIBRARY, PIER]
# The second text: a paragraph on top (every offset moves), the library's words changed.
SECOND = [
    "The council met late on Tuesday, and the hall was full of residents with questions.",
    BUDGET,
    "Councillor Priya Natarajan said the library would stay open until June.",
    PIER,
]


@pytest.fixture(autouse=True)
def loopback_allowed(settings):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE = True
    settings.FACTCHECK_FETCH_TIMEOUT = 1.0
    settings.FACTCHECK_FETCH_DEADLINE = 2.0


class Story:
    """One story on a loopback site whose text the test changes; its feed lists it."""

    def __init__(self, httpserver):
        self.paragraphs = list(FIRST)
        self.revision = 0
        self.base = httpserver.url_for("").rstrip("/")
        self.page_reads = 0
        httpserver.expect_request("/feed.xml").respond_with_handler(
            lambda request: Response(rss(self.base, [Item("s1", "/news/council", "Council", self.revision)]),
                                     content_type="application/rss+xml"))
        httpserver.expect_request("/news/council").respond_with_handler(self._page)

    def _page(self, request: Request) -> Response:
        self.page_reads += 1
        body = "".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)
        return Response(f"<html><head><title>Council</title></head><body><article><h1>Council</h1>{body}"
                        "</article></body></html>", content_type="text/html; charset=utf-8")

    def change(self, paragraphs: list[str]) -> None:
        self.paragraphs = list(paragraphs)
        self.revision += 1


@pytest.fixture
def story(httpserver):
    return Story(httpserver)


def poll(feed, capture):
    with capture(execute=True):
        return feed_poll(feed_id=feed.pk, force=True)


@pytest.fixture
def reviewed(story, editor, django_capture_on_commit_callbacks):
    """The first text read and reviewed: the budget verified with a published verdict, the
    library rejected, the pier left pending."""
    feed = feed_add(url=story.base + "/feed.xml", outlet_name="Harbor Ledger")
    poll(feed, django_capture_on_commit_callbacks)
    first = Article.objects.get()
    claims = {c.text: c for c in Claim.objects.filter(article=first)}
    assert set(claims) >= {"the budget was balanced", "the library would close", "the pier would reopen"}
    budget = claim_verify(claim=claims["the budget was balanced"], user=editor)
    verdict_save(claim=Claim.objects.get(pk=budget.pk), user=editor, rating="true", summary="The accounts agree.",
                 publish=True)
    library = claim_reject(claim=claims["the library would close"], user=editor, reason="misattributed")
    return feed, first, Claim.objects.get(pk=budget.pk), library, claims["the pier would reopen"]


def test_reviewed_claims_whose_words_stand_move_to_the_new_version_re_anchored(
    story, reviewed, django_capture_on_commit_callbacks, editor
):
    feed, first, budget, library, pier = reviewed
    story.change(SECOND)
    assert poll(feed, django_capture_on_commit_callbacks).changed == 1
    second = Article.objects.get(previous_version=first)
    assert (second.version, second.status) == (2, "extracted")
    moved = Claim.objects.select_related("verdict").get(pk=budget.pk)
    # The same row, on the new text, at the new place of the same words.
    assert moved.article_id == second.pk and moved.start > budget.start
    assert second.body[moved.start:moved.end] == moved.text == budget.text
    assert (moved.status, moved.reviewed_by_id, moved.reviewed_at) == ("verified", editor.pk, budget.reviewed_at)
    assert (moved.verdict.rating, moved.verdict.is_published) == ("true", True)
    assert second.body[moved.cue_start:moved.cue_end] == "said"
    assert second.body[moved.speaker_start:moved.speaker_end] == budget.attribution
    assert moved.history.first().history_change_reason.startswith(f"carried from article #{first.pk}")
    # No pending twin of the verified words; the changed words arrive pending.
    on_second = list(Claim.objects.filter(article=second))
    assert [c.status for c in on_second if c.text == "the budget was balanced"] == ["verified"]
    assert any(c.status == "pending" and "stay open" in c.text for c in on_second)
    assert any(c.status == "pending" and c.text == "the pier would reopen" for c in on_second)
    # The rejected claim's words are gone: it stays on the first version, untouched.
    library_now = Claim.objects.get(pk=library.pk)
    assert (library_now.article_id, library_now.status, library_now.start, library_now.version) == (
        first.pk, "rejected", library.start, library.version)
    # The first version's pending guesses went (the new text found the pier again).
    assert not Claim.objects.filter(pk=pier.pk).exists()
    assert list(Claim.objects.filter(article=first).values_list("pk", flat=True)) == [library.pk]


def test_a_second_change_carries_again_and_republishing_adds_nothing(
    story, reviewed, django_capture_on_commit_callbacks
):
    feed, first, budget, _, _ = reviewed
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    story.change([*SECOND, "Mayor Elena Varga said the audit would be public."])
    poll(feed, django_capture_on_commit_callbacks)
    poll(feed, django_capture_on_commit_callbacks)  # the same feed again
    third = Article.objects.get(version=3)
    assert Article.objects.count() == 3
    assert Claim.objects.get(pk=budget.pk).article_id == third.pk
    assert Claim.objects.filter(article=third, text="the budget was balanced").count() == 1


def test_the_page_shows_the_versions_and_what_is_no_longer_in_the_latest_text(
    client, story, reviewed, django_capture_on_commit_callbacks, editor
):
    feed, first, _, library, _ = reviewed
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    second = Article.objects.get(previous_version=first)
    client.force_login(editor)
    latest = client.get(reverse("web:article-detail", args=[second.pk])).content.decode()
    assert "Version 2 of 2" in latest and reverse("web:article-detail", args=[first.pk]) in latest
    assert "No longer in the latest text (1)" in latest and "the library would close" in latest
    older = client.get(reverse("web:article-detail", args=[first.pk])).content.decode()
    assert "This is version 1 of 2" in older and "data-superseded" in older
    assert f'href="{reverse("web:article-detail", args=[second.pk])}">Read the latest version' in older
    admin = client.get(reverse("admin:sources_article_change", args=[second.pk])).content.decode()
    assert "no longer in the latest text" in admin.lower()
    assert reverse("admin:claims_claim_change", args=[library.pk]) in admin
    old_admin = client.get(reverse("admin:sources_article_change", args=[first.pk])).content.decode()
    assert "superseded: see" in old_admin
    changelist = reverse("admin:sources_article_changelist")
    latest_only = client.get(changelist, {"superseded": "no"}).context["cl"].result_list
    superseded = client.get(changelist, {"superseded": "yes"}).context["cl"].result_list
    assert ([a.pk for a in latest_only], [a.pk for a in superseded]) == ([second.pk], [first.pk])


def test_the_api_gives_the_versions_and_lists_the_latest_only(
    client, story, reviewed, django_capture_on_commit_callbacks, editor
):
    feed, first, budget, _, _ = reviewed
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    second = Article.objects.get(previous_version=first)
    auth = {"HTTP_AUTHORIZATION": f"Token {token_create(user=editor, name='cms', created_by=editor)[1]}"}
    listed = client.get("/api/v1/articles/", **auth).json()
    assert [row["id"] for row in listed["results"]] == [second.pk]
    detail = client.get(f"/api/v1/articles/{second.pk}/", **auth).json()
    assert (detail["version"], detail["latest_id"], detail["superseded"]) == (2, second.pk, False)
    assert [(v["id"], v["version"], v["status"]) for v in detail["versions"]] == [
        (first.pk, 1, "extracted"), (second.pk, 2, "extracted")]
    assert budget.pk in [c["id"] for c in detail["claims"]]
    old = client.get(f"/api/v1/articles/{first.pk}/", **auth).json()
    assert (old["version"], old["latest_id"], old["superseded"]) == (1, second.pk, True)


def test_a_version_is_not_another_appearance_of_its_own_claims(
    story, reviewed, django_capture_on_commit_callbacks, editor
):
    feed, first, budget, library, _ = reviewed
    from claims.review.services import claim_reopen

    # The library verified this time: its words grow in the new text, so it stays behind,
    # and the new text's longer claim of the same speaker is not "the same statement
    # in another article".
    claim_verify(claim=claim_reopen(claim=library, user=editor), user=editor)
    claims_match(claim_ids=list(Claim.objects.values_list("pk", flat=True)))
    story.change([BUDGET, "Councillor Priya Natarajan said the library would close in June.", PIER])
    poll(feed, django_capture_on_commit_callbacks)
    second = Article.objects.get(previous_version=first)
    longer = Claim.objects.get(article=second, text__startswith="the library would close")
    assert longer.text != library.text and Claim.objects.get(pk=library.pk).article_id == first.pk
    claims_match(claim_ids=list(Claim.objects.values_list("pk", flat=True)), force=True)
    assert not ClaimMatch.objects.filter(statement__isnull=False).exists()
    assert Claim.objects.get(pk=budget.pk).article_id == second.pk


def test_the_same_words_in_another_article_are_still_matched(story, reviewed, editor):
    """The control for the test above: only the article's own versions are left out."""
    from tests.factories import make_article

    from claims.review.services import claim_reopen

    _, first, _, library, _ = reviewed
    claim_verify(claim=claim_reopen(claim=library, user=editor), user=editor)
    other = make_article(body="Councillor Priya Natarajan said the library would close in June.", title="Other")
    claims_extract(article_id=other.pk)
    claims_match(claim_ids=list(Claim.objects.values_list("pk", flat=True)), force=True)
    assert ClaimMatch.objects.filter(statement__isnull=False, claim__article=other).exists()


def test_a_superseded_version_extracted_late_adds_no_guesses(story, reviewed, django_capture_on_commit_callbacks):
    feed, first, _, _, _ = reviewed
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    before = set(Claim.objects.filter(article=first).values_list("pk", "status"))
    # Its message delivered again (or an editor's re-extraction) after the new text came.
    result = claims_extract(article_id=first.pk, force=True)
    assert (result.ran, result.created) == (True, 0)
    assert set(Claim.objects.filter(article=first).values_list("pk", "status")) == before


@pytest.mark.parametrize("new, moved", [
    ("Intro. A said x y z. B.", 7),  # moved by the intro
    ("A said x y z w. B.", None),  # the words grew: the claim no longer stands
    ("B. A said x y z.", 3),  # moved up
])
def test_anchor_in_needs_the_claims_words_with_their_edges(new, moved):
    from claims.pipeline.versions import anchor_in

    old = "A said x y z. B."
    found = anchor_in(old=old, new=new, start=7, end=12, cue=(2, 6), speaker=(0, 1), taken=[])
    assert (found.shift if found else None) == moved
    if found:
        assert new[7 + found.shift:12 + found.shift] == "x y z" and new[found.cue[0]:found.cue[1]] == "said"


def test_anchor_in_skips_words_another_claim_took():
    from claims.pipeline.versions import anchor_in

    new = "He said yes. He said yes."
    first = anchor_in(old="He said yes.", new=new, start=8, end=11, cue=None, speaker=None, taken=[])
    second = anchor_in(old="He said yes.", new=new, start=8, end=11, cue=None, speaker=None, taken=[(8, 11)])
    assert (first.shift, second.shift) == (0, 13)


def test_a_claim_with_corrected_pieces_moves_with_its_pieces_and_their_record(
    story, reviewed, django_capture_on_commit_callbacks, editor
):
    from claims.review.services import claim_pieces_set

    feed, first, _, _, pier = reviewed
    start = first.body.index("the pier")
    trimmed = claim_pieces_set(claim=pier, user=editor, pieces=[(start, start + len("the pier"))])
    kept = trimmed.original_extraction["pieces"]
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    second = Article.objects.get(previous_version=first)
    moved = Claim.objects.get(pk=pier.pk)
    shift = second.body.index("the pier") - start
    assert (moved.article_id, moved.text, moved.start) == (second.pk, "the pier", start + shift)
    assert moved.original_extraction["pieces"] == [[a + shift, b + shift] for a, b in kept]
    assert second.body[slice(*moved.original_extraction["pieces"][0])] == "the pier would reopen"


def test_before_the_new_text_is_extracted_nothing_is_listed_as_left_behind(
    client, story, reviewed, django_capture_on_commit_callbacks, editor
):
    feed, first, budget, _, _ = reviewed
    story.change(SECOND)
    poll(feed, django_capture_on_commit_callbacks)
    second = Article.objects.get(previous_version=first)
    Article.objects.filter(pk=second.pk).update(status="queued")  # as it is while waiting for a worker
    client.force_login(editor)
    page = client.get(reverse("web:article-detail", args=[second.pk])).content.decode()
    assert "Version 2 of 2" in page and "No longer in the latest text" not in page
