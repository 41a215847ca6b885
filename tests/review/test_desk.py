"""The review desk (/admin/review/): access per role, every action, leases, saved filters."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ReviewLease, ReviewQueueFilter, Verdict
from claims.review.desk import QueueFilters, desk_next, lease_release, lease_take, queue_claims
from sources.models import Outlet, Speaker
from tests.factories import make_article, make_claim

BODY = (
    "Council votes on the harbour budget\n\n"
    'Mayor Elena Varga said the harbour would cost 40 million euros. "We will finish by May," Varga said.\n\n'
    "Councillor Priya Natarajan said the ferry fares had doubled since 2020.\n\n"
    "Harbour master Ines Duarte said the boats were ready."
)


def span(body: str, words: str) -> tuple[int, int]:
    start = body.index(words)
    return start, start + len(words)


@pytest.fixture
def claims(db):
    """Four pending claims, least certain first in the queue's order within each tier."""
    outlet = Outlet.objects.create(name="Harbor Ledger", slug="harbor-ledger")
    article = make_article(body=BODY, title="Harbour budget", outlet=outlet)
    words = [
        ("the harbour would cost 40 million euros", 0.41),
        ("We will finish by May", 0.52),
        ("the ferry fares had doubled since 2020", 0.63),
        ("the boats were ready", 0.74),
    ]
    made = []
    for text, confidence in words:
        a, b = span(BODY, text)
        made.append(make_claim(article, a, b, confidence=confidence, cue="said"))
    return made


def in_queue_order(claims: list[Claim]) -> list[Claim]:
    return list(queue_claims(QueueFilters()).filter(pk__in=[c.pk for c in claims]))


def desk_url(claim: Claim | int) -> str:
    return reverse("admin:review-claim", args=[getattr(claim, "pk", claim)])


def action_url(claim: Claim, action: str) -> str:
    return reverse("admin:review-action", args=[claim.pk, action])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# -- access ---------------------------------------------------------------------------------


def test_anonymous_and_outsiders_are_sent_to_sign_in(client, outsider, claims):
    for user in (None, outsider):
        if user:
            client.force_login(user)
        for url in (reverse("admin:review-desk"), desk_url(claims[0])):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
        response = client.post(action_url(claims[0], "verify"), {"seen_version": 1})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Claim.objects.get(pk=claims[0].pk).status == Claim.Status.PENDING


def test_reporters_are_refused_every_desk_page_and_action(client, reporter, claims):
    client.force_login(reporter)
    assert client.get(reverse("admin:review-desk")).status_code == 403
    assert client.get(desk_url(claims[0])).status_code == 403
    assert client.post(reverse("admin:review-next")).status_code == 403
    for action in ("verify", "skip", "assign", "release"):
        assert client.post(action_url(claims[0], action), {"seen_version": 1}).status_code == 403
    assert Claim.objects.get(pk=claims[0].pk).status == Claim.Status.PENDING
    assert not ReviewLease.objects.exists()


def test_editors_see_the_desk_linked_from_the_index_and_side_menu(client, editor, reporter, claims):
    client.force_login(editor)
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:review-desk")}"' in index
    page = client.get(reverse("admin:review-desk"))
    assert page.status_code == 200
    assert '<strong data-field="left">4</strong>' in page.content.decode()
    # The side menu (nav_sidebar) lists the same sections on every admin page.
    other = client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert 'class="app-review module' in other
    client.force_login(reporter)
    assert reverse("admin:review-desk") not in client.get(reverse("admin:index")).content.decode()


def test_the_claim_page_shows_the_claim_in_its_article_with_neighbours_facts_and_keys(client, editor, claims):
    client.force_login(editor)
    claim = claims[1]
    page = client.get(desk_url(claim)).content.decode()
    assert '<mark class="fc-content">We will finish by May</mark>' in page
    assert page.count('class="fc-neighbour"') >= 2  # the claims before and after it
    assert f'href="{desk_url(claims[0])}"' in page and f'href="{desk_url(claims[2])}"' in page
    for key in ("v", "x", "s", "e", "t", "a"):
        assert f'data-key="{key}"' in page
    assert 'src="/static/factcheck/desk.js"' in page
    assert "<script>" not in page.replace('<script src=', "")  # no inline script (CSP)


def test_the_claim_reads_as_readers_see_it_reported_speech_without_quotation_marks(client, editor, claims):
    client.force_login(editor)
    reported = client.get(desk_url(claims[2])).content.decode()
    assert '<blockquote class="desk-claim-text">An unnamed source said the ferry fares had doubled since 2020' in reported
    assert "“the ferry fares" not in reported
    Claim.objects.filter(pk=claims[1].pk).update(kind=Claim.Kind.DIRECT)
    direct = client.get(desk_url(claims[1])).content.decode()
    assert '<blockquote class="desk-claim-text">“We will finish by May”</blockquote>' in direct


def test_help_texts_are_linked_to_their_fields(client, editor, claims):
    import re

    client.force_login(editor)
    page = client.get(desk_url(claims[0])).content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert len(described) >= 5
    for ids in described:
        for one in ids.split():
            assert f'id="{one}"' in page, one


def test_renew_keeps_ones_own_lease_and_is_refused_on_anothers(client, editor, django_user_model, claims):
    other = django_user_model.objects.create_user(username="olga", password="x", is_staff=True)
    client.force_login(editor)
    client.get(desk_url(claims[0]))
    ReviewLease.objects.filter(claim=claims[0]).update(expires_at=timezone.now() + timedelta(seconds=5))
    assert client.post(action_url(claims[0], "renew")).status_code == 204
    assert ReviewLease.objects.get(claim=claims[0]).expires_at > timezone.now() + timedelta(seconds=60)
    assert lease_take(claim_id=claims[1].pk, user=other).mine
    assert client.post(action_url(claims[1], "renew")).status_code == 409
    assert ReviewLease.objects.get(claim=claims[1]).holder == other


# -- the queue, next and the actions ---------------------------------------------------------


def test_next_opens_the_first_claim_of_the_queue_and_leases_it(client, editor, claims):
    client.force_login(editor)
    first = in_queue_order(claims)[0]
    response = client.post(reverse("admin:review-next"))
    assert response.status_code == 302 and response["Location"] == desk_url(first)
    lease = ReviewLease.objects.get()
    assert (lease.claim_id, lease.holder_id) == (first.pk, editor.pk)


def test_verify_records_the_editor_and_opens_the_next_claim(client, editor, claims):
    client.force_login(editor)
    first, second = in_queue_order(claims)[:2]
    client.get(desk_url(first))
    response = client.post(action_url(first, "verify"), {"seen_version": first.version})
    assert response.status_code == 302 and response["Location"] == desk_url(second)
    first.refresh_from_db()
    assert first.status == Claim.Status.VERIFIED and first.reviewed_by == editor
    assert first.history.first().history_change_reason == "verified"
    assert list(ReviewLease.objects.values_list("claim_id", flat=True)) == [second.pk]


def test_reject_takes_a_listed_reason_and_words_and_opens_the_next_claim(client, editor, claims):
    client.force_login(editor)
    first, second = in_queue_order(claims)[:2]
    response = client.post(action_url(first, "reject"), {
        "reject-seen_version": first.version, "reject-reason": "speaker", "reject-note": "It was Duarte.",
    })
    assert response["Location"] == desk_url(second)
    first.refresh_from_db()
    assert first.status == Claim.Status.REJECTED
    assert first.rejection_reason == "Wrong speaker: the words are someone else's: It was Duarte."


def test_reject_as_other_without_words_is_refused_and_changes_nothing(client, editor, claims):
    client.force_login(editor)
    claim = claims[0]
    response = client.post(action_url(claim, "reject"), {"reject-seen_version": claim.version, "reject-reason": "other"})
    assert response.status_code == 400
    assert "Say why the attribution is rejected." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.PENDING


def test_skip_leaves_the_claim_pending_and_next_passes_it_by(client, editor, claims):
    client.force_login(editor)
    order = in_queue_order(claims)
    response = client.post(action_url(order[0], "skip"))
    assert response["Location"] == desk_url(order[1])
    assert Claim.objects.get(pk=order[0].pk).status == Claim.Status.PENDING
    assert client.post(reverse("admin:review-next"))["Location"] == desk_url(order[1])
    # Starting again brings the skipped claim back.
    assert client.post(reverse("admin:review-next"), {"forget_skipped": "1"})["Location"] == desk_url(order[0])


def test_assign_to_me_stays_on_the_claim(client, editor, claims):
    client.force_login(editor)
    claim = claims[2]
    response = client.post(action_url(claim, "assign"), {"seen_version": claim.version})
    assert response["Location"] == desk_url(claim)
    claim.refresh_from_db()
    assert claim.assigned_to == editor
    assert claim.history.first().history_change_reason == "assigned to eddie"


def test_edit_corrects_wording_speaker_title_via_kind_and_cue(client, editor, claims):
    client.force_login(editor)
    claim = claims[2]
    response = client.post(action_url(claim, "edit"), {
        "edit-seen_version": claim.version, "edit-wording": "ferry fares have doubled since 2020",
        "edit-pieces": "the ferry fares had doubled since 2020", "edit-speaker": "",
        "edit-new_speaker": "Priya Natarajan", "edit-speaker_title": "councillor", "edit-via": "AFP",
        "edit-kind": Claim.Kind.DIRECT, "edit-cue": "told",
    })
    assert response.status_code == 302 and response["Location"] == desk_url(claim)
    claim.refresh_from_db()
    assert claim.display_text == "ferry fares have doubled since 2020"
    assert claim.speaker == Speaker.objects.get(name="Priya Natarajan")
    assert (claim.speaker_title, claim.via, claim.kind, claim.cue) == ("councillor", "AFP", "direct", "told")
    assert claim.original_extraction["text"] == "the ferry fares had doubled since 2020"
    assert claim.history.first().history_user == editor


def test_edit_trims_the_pieces_through_the_service(client, editor, claims):
    client.force_login(editor)
    claim = claims[2]
    response = client.post(action_url(claim, "edit"), {
        "edit-seen_version": claim.version, "edit-wording": claim.display_text,
        "edit-pieces": "the ferry fares had doubled", "edit-kind": claim.kind, "edit-cue": claim.cue,
    })
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "the ferry fares had doubled"
    assert claim.original_extraction["pieces"] == [list(span(BODY, "the ferry fares had doubled since 2020"))]


def test_a_piece_not_in_the_article_is_refused_on_the_page(client, editor, claims):
    client.force_login(editor)
    claim = claims[2]
    response = client.post(action_url(claim, "edit"), {
        "edit-seen_version": claim.version, "edit-wording": claim.display_text,
        "edit-pieces": "words the article never had", "edit-kind": claim.kind, "edit-cue": claim.cue,
    })
    assert response.status_code == 400
    assert "is not in the article" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).version == claim.version


def test_verdict_is_rated_and_published_from_the_desk(client, editor, claims):
    client.force_login(editor)
    claim = claims[0]
    response = client.post(action_url(claim, "rate"), {
        "verdict-seen_version": claim.version, "verdict-rating": "mostly-false",
        "verdict-summary": "The budget says 52 million.", "verdict-evidence": "Budget | https://example.org/budget",
        "verdict-publish": "on",
    })
    assert response.status_code == 302 and response["Location"] == desk_url(claim)
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.rating, verdict.is_published, verdict.published_by) == ("mostly-false", True, editor)
    assert [e.url for e in verdict.evidence.all()] == ["https://example.org/budget"]


def test_a_stale_page_is_refused_for_every_action(client, editor, django_user_model, claims):
    other = django_user_model.objects.create_user(username="olga", password="x", is_staff=True)
    claim = claims[0]
    seen = claim.version
    from claims.review.services import claim_assign

    claim_assign(claim=Claim.objects.get(pk=claim.pk), user=other, assignee=other)  # olga saves first
    client.force_login(editor)
    posts = {
        "verify": {"seen_version": seen},
        "assign": {"seen_version": seen},
        "reject": {"reject-seen_version": seen, "reject-reason": "words"},
        "rate": {"verdict-seen_version": seen, "verdict-rating": "true", "verdict-summary": "Fine."},
        "edit": {"edit-seen_version": seen, "edit-wording": "harbour would cost 40 million euros",
                 "edit-kind": claim.kind, "edit-cue": claim.cue},
    }
    for action, data in posts.items():
        response = client.post(action_url(claim, action), data)
        page = response.content.decode() if response.status_code == 400 else " ".join(messages_of(response))
        assert "changed by olga" in page, action
    claim.refresh_from_db()
    assert (claim.status, claim.assigned_to, claim.corrected_text) == (Claim.Status.PENDING, other, "")
    assert not Verdict.objects.filter(claim=claim).exists()


def test_an_unknown_claim_or_action_is_answered_without_change(client, editor, claims):
    client.force_login(editor)
    assert client.get(desk_url(999_999))["Location"] == reverse("admin:review-desk")
    assert client.post(action_url(claims[0], "delete")).status_code == 404
    assert client.get(action_url(claims[0], "verify")).status_code == 405


# -- leases ---------------------------------------------------------------------------------------


def test_two_editors_asking_for_next_get_different_claims(editor, django_user_model, claims):
    other = django_user_model.objects.get_or_create(username="olga", defaults={"is_staff": True})[0]
    first = desk_next(user=editor, filters=QueueFilters())
    second = desk_next(user=other, filters=QueueFilters())
    order = [c.pk for c in in_queue_order(claims)]
    assert (first, second) == (order[0], order[1])


def test_a_claim_open_elsewhere_is_shown_with_who_has_it_and_not_leased(client, editor, django_user_model, claims):
    other = django_user_model.objects.create_user(username="olga", password="x", is_staff=True)
    assert lease_take(claim_id=claims[0].pk, user=other).mine
    client.force_login(editor)
    page = client.get(desk_url(claims[0])).content.decode()
    assert "olga has this claim open until" in page
    assert ReviewLease.objects.get(claim=claims[0]).holder == other


def test_a_released_or_expired_lease_frees_the_claim(editor, django_user_model, claims):
    other = django_user_model.objects.create_user(username="olga", password="x", is_staff=True)
    head = in_queue_order(claims)[0].pk
    assert desk_next(user=other, filters=QueueFilters()) == head
    assert desk_next(user=editor, filters=QueueFilters()) != head
    assert lease_release(claim_id=head, user=editor) is False  # only one's own
    assert lease_release(claim_id=head, user=other) is True
    assert desk_next(user=editor, filters=QueueFilters()) == head
    later = timezone.now() + timedelta(hours=1)
    assert desk_next(user=other, filters=QueueFilters(), now=later) == head  # editor's lease ran out


def test_leaving_the_page_releases_the_lease(client, editor, claims):
    client.force_login(editor)
    client.get(desk_url(claims[0]))
    assert ReviewLease.objects.filter(claim=claims[0], holder=editor).exists()
    assert client.post(action_url(claims[0], "release")).status_code == 204
    assert not ReviewLease.objects.exists()


def test_an_editor_holds_one_claim_at_a_time(client, editor, claims):
    client.force_login(editor)
    client.get(desk_url(claims[0]))
    client.get(desk_url(claims[1]))
    assert list(ReviewLease.objects.values_list("claim_id", flat=True)) == [claims[1].pk]


def test_actions_need_csrf(editor, claims):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(action_url(claims[0], "verify"), {"seen_version": 1}).status_code == 403
    assert client.post(reverse("admin:review-next")).status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_next_on_postgresql_never_gives_one_claim_twice(postgres, django_user_model):
    """Eight editors ask for next at the same instant, each in its own connection, five
    times over: every answer at each round is a different claim."""
    article = make_article(body=BODY, title="Harbour budget")
    made = []
    for n in range(40):
        a, b = span(BODY, "the boats were ready")
        made.append(make_claim(article, a, b, confidence=n / 100, fingerprint=f"fp-{n}"))
    editors = [django_user_model.objects.create_user(username=f"ed{n}", password="x", is_staff=True) for n in range(8)]
    for round_ in range(5):
        barrier = threading.Barrier(len(editors))
        got: dict[str, int | None] = {}

        def ask(user):
            try:
                barrier.wait()
                got[user.username] = desk_next(user=user, filters=QueueFilters())
            finally:
                connection.close()

        threads = [threading.Thread(target=ask, args=(user,)) for user in editors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        ids = list(got.values())
        assert len(ids) == len(editors) and None not in ids, round_
        assert len(set(ids)) == len(ids), (round_, ids)
        assert ReviewLease.objects.count() == len(editors)  # one each: the earlier ones dropped


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_editors_opening_one_claim_at_once_on_postgresql_get_one_lease(postgres, django_user_model):
    """Eight editors open the same claim by its address at the same instant: one holds it,
    the seven others are told who does."""
    article = make_article(body=BODY, title="Harbour budget")
    a, b = span(BODY, "the boats were ready")
    claim = make_claim(article, a, b)
    editors = [django_user_model.objects.create_user(username=f"ed{n}", password="x", is_staff=True) for n in range(8)]
    barrier = threading.Barrier(len(editors))
    got = {}

    def open_claim(user):
        try:
            barrier.wait()
            got[user.username] = lease_take(claim_id=claim.pk, user=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_claim, args=(user,)) for user in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, state in got.items() if state.mine]
    assert len(got) == 8 and len(winners) == 1
    assert {state.holder for state in got.values()} == set(winners)
    assert ReviewLease.objects.get(claim=claim).holder.username == winners[0]


# -- filters and counts ----------------------------------------------------------------------------


def test_filters_are_saved_per_editor_and_narrow_next_and_the_counts(client, editor, django_user_model, claims):
    other = django_user_model.objects.get_or_create(username="olga", defaults={"is_staff": True})[0]
    client.force_login(editor)
    response = client.post(reverse("admin:review-desk"), {"queue-status": "pending", "queue-confidence": "high"})
    assert response.status_code == 302
    assert ReviewQueueFilter.objects.get(user=editor).filters == {"confidence": "high"}
    assert not ReviewQueueFilter.objects.filter(user=other).exists()
    page = client.get(reverse("admin:review-desk")).content.decode()
    assert '<strong data-field="left">0</strong>' in page  # no claim at 0.8 or more
    client.post(reverse("admin:review-desk"), {"queue-status": "pending", "queue-confidence": "medium"})
    page = client.get(reverse("admin:review-desk")).content.decode()
    assert '<strong data-field="left">3</strong>' in page
    assert client.post(reverse("admin:review-next"))["Location"] == desk_url(
        next(c for c in in_queue_order(claims) if c.confidence >= 0.5))


def test_the_verdict_and_score_filters_narrow_the_queue(client, editor, claims):
    from claims.review.services import verdict_save

    client.force_login(editor)
    client.post(reverse("admin:review-desk"), {"queue-status": "any", "queue-verdict": "published"})
    assert '<strong data-field="left">0</strong>' in client.get(reverse("admin:review-desk")).content.decode()
    verdict_save(claim=claims[3], user=editor, rating="true", summary="Checked.", publish=True)
    assert '<strong data-field="left">1</strong>' in client.get(reverse("admin:review-desk")).content.decode()
    assert client.post(reverse("admin:review-next"))["Location"] == desk_url(claims[3])
    client.post(reverse("admin:review-desk"), {"queue-status": "pending", "queue-band": "none"})
    assert ReviewQueueFilter.objects.get(user=editor).filters == {"band": "none"}
    assert '<strong data-field="left">0</strong>' in client.get(reverse("admin:review-desk")).content.decode()


def test_an_empty_queue_says_so(client, editor, claims):
    client.force_login(editor)
    Claim.objects.update(status=Claim.Status.VERIFIED)
    response = client.post(reverse("admin:review-next"))
    assert response["Location"] == reverse("admin:review-desk")
    assert "Nothing left in your queue" in " ".join(messages_of(response))


def test_saved_filters_that_no_longer_read_fall_back_to_the_default(editor, claims):
    ReviewQueueFilter.objects.create(user=editor, filters={"status": "<bad>", "worth": "9", "outlet": "x"})
    from claims.review.desk import queue_filters_load

    assert queue_filters_load(user=editor) == QueueFilters()
