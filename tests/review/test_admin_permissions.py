"""Every admin page for anonymous visitors, outsiders, reporters and editors."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from claims.models import ClaimMatch, FactCheck, Statement
from claims.webhooks.models import Delivery, Endpoint, Event
from claims.review.services import verdict_save
from claims.pipeline.services import claims_extract
from sources.models import Feed, FeedItem, Outlet, Speaker, SpeakerAlias, body_sha256
from tests.factories import make_article

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'

# (url name, needs an object) -> expected status for reporter and editor.
# 200: allowed; 403: refused; 302 for a reporter's change page of an article not theirs
# (the admin answers "does not exist" and redirects).
PAGES = {
    ("admin:index", None): (200, 200),
    ("admin:claims_claim_changelist", None): (200, 200),
    ("admin:claims_claim_add", None): (403, 403),
    ("admin:claims_claim_change", "claim"): (302, 200),
    ("admin:claims_claim_delete", "claim"): (403, 403),
    ("admin:claims_claim_history", "claim"): (302, 200),
    ("admin:claims_verdict_changelist", None): (403, 200),
    ("admin:claims_verdict_change", "verdict"): (403, 200),  # editors: read-only there
    ("admin:claims_verdict_add", None): (403, 403),
    ("admin:sources_article_changelist", None): (200, 200),
    ("admin:sources_article_add", None): (200, 200),
    ("admin:sources_article_change", "article"): (302, 200),
    ("admin:sources_article_delete", "article"): (403, 403),
    ("admin:sources_speaker_changelist", None): (403, 200),
    ("admin:sources_speaker_change", "speaker"): (403, 200),
    ("admin:sources_speaker_history", "speaker"): (403, 200),
    ("admin:sources_speaker_delete", "speaker"): (403, 403),
    ("admin:sources_outlet_changelist", None): (200, 200),
    ("admin:sources_outlet_add", None): (200, 200),
    ("admin:sources_outlet_change", "outlet"): (200, 200),
    ("admin:sources_outlet_delete", "outlet"): (403, 403),
    ("admin:claims_apitoken_changelist", None): (403, 200),
    ("admin:claims_apitoken_add", None): (403, 200),
    ("admin:claims_statement_changelist", None): (403, 200),
    ("admin:claims_statement_change", "statement"): (403, 200),  # read-only
    ("admin:claims_statement_add", None): (403, 403),
    ("admin:claims_statement_delete", "statement"): (403, 403),
    ("admin:claims_factcheck_changelist", None): (403, 200),
    ("admin:claims_factcheck_change", "fact_check"): (403, 200),  # read-only
    ("admin:claims_factcheck_add", None): (403, 403),
    ("admin:claims_factcheck_delete", "fact_check"): (403, 403),
    ("admin:claims_claimmatch_changelist", None): (403, 200),
    ("admin:claims_claimmatch_change", "match"): (403, 200),  # read-only; decided from the list or the claim
    ("admin:claims_claimmatch_add", None): (403, 403),
    ("admin:claims_claimmatch_delete", "match"): (403, 403),
    # Feeds: editors add, change and poll them; what they listed is read-only.
    ("admin:sources_feed_changelist", None): (403, 200),
    ("admin:sources_feed_add", None): (403, 200),
    ("admin:sources_feed_change", "feed"): (403, 200),
    ("admin:sources_feed_delete", "feed"): (403, 403),
    ("admin:sources_feeditem_changelist", None): (403, 200),
    ("admin:sources_feeditem_change", "feed_item"): (403, 200),  # read-only
    ("admin:sources_feeditem_add", None): (403, 403),
    ("admin:sources_feeditem_delete", "feed_item"): (403, 403),
    ("admin:claims_person_changelist", None): (403, 200),
    ("admin:claims_person_add", None): (403, 403),
    ("admin:claims_invitation_changelist", None): (403, 200),
    ("admin:claims_invitation_add", None): (403, 200),
    ("admin:claims_endpoint_changelist", None): (403, 200),
    ("admin:claims_endpoint_add", None): (403, 200),
    ("admin:claims_endpoint_change", "webhook"): (403, 200),
    ("admin:claims_endpoint_delete", "webhook"): (403, 200),
    ("admin:claims_delivery_changelist", None): (403, 200),
    ("admin:claims_delivery_change", "delivery"): (403, 200),  # read-only; sent again from the list
    ("admin:claims_delivery_add", None): (403, 403),
    ("admin:claims_delivery_delete", "delivery"): (403, 403),
    ("admin:auth_user_changelist", None): (403, 403),
    ("admin:auth_group_changelist", None): (403, 403),
}


@pytest.fixture
def objects(db, editor):
    article = make_article(body=BODY, outlet=Outlet.objects.create(name="Harbor Ledger"))
    claims_extract(article_id=article.pk)
    claim = article.claims.first()
    verdict = verdict_save(claim=claim, user=editor, rating="true", summary="Checked.")
    speaker = Speaker.objects.get(name="Elena Varga")
    SpeakerAlias.objects.get_or_create(speaker=speaker, name="Varga")
    fact_check = FactCheck.objects.create(publisher="Coast Check", url="https://check.example/1", claim_reviewed="X.")
    statement = Statement.objects.create(speaker=speaker, text=claim.text, first_claim=claim)
    ClaimMatch.objects.create(claim=claim, statement=statement, score=1.2, state="confirmed")
    match = ClaimMatch.objects.create(claim=claim, fact_check=fact_check, score=0.8)
    feed = Feed.objects.create(outlet=article.outlet, url="https://ledger.example/feed.xml")
    feed_item = FeedItem.objects.create(feed=feed, guid="g", guid_key=FeedItem.key_of("g"), link="https://l.example/g",
                                        signature="-", article=article)
    webhook = Endpoint.objects.create(owner=editor, url="http://127.0.0.1:9/in", events=["quote.verified"],
                                      secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    event = Event.objects.create(type="quote.verified", payload={"quote": {"id": claim.pk}})
    delivery = Delivery.objects.create(event=event, endpoint=webhook, message_id="msg_1", retry_until=timezone.now())
    return {"claim": claim, "verdict": verdict, "article": article, "speaker": speaker, "outlet": article.outlet,
            "statement": statement, "fact_check": fact_check, "match": match, "webhook": webhook,
            "delivery": delivery, "feed": feed, "feed_item": feed_item}


def url_for(name: str, key: str | None, objects: dict) -> str:
    return reverse(name, args=[objects[key].pk]) if key else reverse(name)


def test_every_registered_model_is_covered():
    covered = {name.split(":")[1].rsplit("_", 1)[0] for name, _ in PAGES if name != "admin:index"}
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert registered <= covered


@pytest.mark.parametrize("page", sorted(PAGES, key=str), ids=lambda p: p[0].split(":")[1])
def test_anonymous_and_outsiders_are_sent_to_sign_in(client, outsider, objects, page):
    url = url_for(*page, objects)
    for user in (None, outsider):
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


@pytest.mark.parametrize("page", sorted(PAGES, key=str), ids=lambda p: p[0].split(":")[1])
def test_reporters_and_editors_get_what_their_role_allows(client, reporter, editor, objects, page):
    url = url_for(*page, objects)
    expected_reporter, expected_editor = PAGES[page]
    client.force_login(reporter)
    assert client.get(url).status_code == expected_reporter, f"reporter {url}"
    client.force_login(editor)
    assert client.get(url).status_code == expected_editor, f"editor {url}"


def test_reporter_sees_only_own_articles_and_their_claims(client, reporter, objects):
    own = make_article(body='"Our library stays open," Councillor Priya Natarajan said.', title="Mine",
                       submitted_by=reporter)
    claims_extract(article_id=own.pk)
    client.force_login(reporter)
    articles = client.get(reverse("admin:sources_article_changelist")).context["cl"].result_list
    assert [a.title for a in articles] == ["Mine"]
    claims = client.get(reverse("admin:claims_claim_changelist")).context["cl"].result_list
    assert {c.article_id for c in claims} == {own.pk}
    assert client.get(reverse("admin:claims_claim_change", args=[own.claims.first().pk])).status_code == 200


def test_article_added_in_the_admin_goes_through_intake(client, reporter, db, django_capture_on_commit_callbacks):
    from sources.models import Article

    client.force_login(reporter)
    data = {"title": "Pier", "body": '"The pier is unsafe," harbor master Lena Brandt said.', "url": "",
            "published_on": "2025-05-01", "outlet": "", "error": ""}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:sources_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.submitted_by, article.status, len(article.content_sha256)) == (reporter, "extracted", 64)
    assert article.claims.get().speaker.name == "Lena Brandt"
    response = client.post(reverse("admin:sources_article_add"), {**data, "title": "Again"})
    assert response.status_code == 200 and Article.objects.count() == 1  # the form again, with the error
    assert f"This text was imported before: article {article.pk}, &#x27;Pier&#x27;." in response.content.decode()


def test_a_duplicate_of_another_reporters_article_in_the_admin_names_nothing_of_it(client, reporter, db,
                                                                                   django_user_model):
    from sources.models import Article
    from tests.conftest import _role

    body = '"The pier is unsafe," harbor master Lena Brandt said.'
    other = django_user_model.objects.create_user("rosa", password="x", is_staff=True)
    other.groups.add(_role("Reporters"))
    Article.objects.create(title="Rosa's secret scoop", body=body, content_sha256=body_sha256(body), submitted_by=other)
    client.force_login(reporter)
    response = client.post(reverse("admin:sources_article_add"), {
        "title": "Mine", "body": body, "url": "", "published_on": "", "outlet": "",
    }, follow=True)
    page = response.content.decode()
    assert "submitted before by someone else" in page
    assert "secret scoop" not in page and "was added successfully" not in page
    assert Article.objects.count() == 1


def test_the_admin_add_page_shares_the_accounts_submission_limit(client, reporter, db, settings):
    from sources.models import Article

    settings.FACTCHECK_SUBMIT_RATE = "2/minute"
    client.force_login(reporter)
    answers = [
        client.post(reverse("admin:sources_article_add"), {
            "title": f"T{n}", "body": f"Mayor Ana Ruiz said the pool {n} would open.", "url": "", "published_on": "",
            "outlet": "",
        }).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 200, 200] and Article.objects.count() == 2


def test_bad_article_in_the_admin_gets_a_form_error_not_a_crash(client, reporter, db):
    from sources.models import Article

    client.force_login(reporter)
    response = client.post(reverse("admin:sources_article_add"), {
        "title": "Future", "body": "Some words here.", "url": "", "published_on": "2999-01-01", "outlet": ""})
    assert response.status_code == 200
    assert "lies in the future" in response.content.decode()
    assert not Article.objects.exists()


# API tokens: a key is made for oneself; only a superuser makes one for another account.

def _token_key(response) -> str:
    return response.content.decode().split("it is not shown again): ")[1].split("<")[0].strip()


def test_editor_token_form_offers_no_other_account_and_makes_the_key_for_the_editor(client, editor, reporter,
                                                                                      django_user_model):
    from claims.models import ApiToken

    boss = django_user_model.objects.create_superuser(username="boss", password="pw-boss")
    client.force_login(editor)
    form_page = client.get(reverse("admin:claims_apitoken_add")).content.decode()
    assert 'name="user"' not in form_page and "boss" not in form_page and "rita" not in form_page
    response = client.post(reverse("admin:claims_apitoken_add"), {"user": boss.pk, "name": "CMS"}, follow=True)
    token = ApiToken.objects.get()
    assert token.user == editor  # the posted user is ignored, not obeyed
    who = client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {_token_key(response)}")
    assert who.status_code == 200
    client.logout()
    admin_via_token = client.get(reverse("admin:index"), HTTP_AUTHORIZATION=f"Token {_token_key(response)}")
    assert admin_via_token.status_code == 302


def test_superuser_makes_a_token_for_another_account(client, reporter, django_user_model):
    from claims.models import ApiToken

    boss = django_user_model.objects.create_superuser(username="boss", password="pw-boss")
    client.force_login(boss)
    assert 'name="user"' in client.get(reverse("admin:claims_apitoken_add")).content.decode()
    response = client.post(reverse("admin:claims_apitoken_add"), {"user": reporter.pk, "name": "CMS"}, follow=True)
    assert ApiToken.objects.get().user == reporter
    key = _token_key(response)
    client.logout()
    assert client.get("/api/v1/articles/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403


def test_token_service_refuses_a_key_for_someone_else_unless_a_superuser_asks(editor, reporter, django_user_model):
    from django.core.exceptions import PermissionDenied

    from claims.models import ApiToken
    from claims.api.services import token_create

    boss = django_user_model.objects.create_superuser(username="boss", password="pw-boss")
    for creator, owner in [(editor, boss), (editor, reporter), (reporter, editor)]:
        with pytest.raises(PermissionDenied):
            token_create(user=owner, name="x", created_by=creator)
    assert not ApiToken.objects.exists()
    assert token_create(user=editor, name="own", created_by=editor)[0].user == editor
    assert token_create(user=reporter, name="for rita", created_by=boss)[0].user == reporter
    demoted = django_user_model.objects.create_user(username="ex-boss", password="pw", is_superuser=False)
    with pytest.raises(PermissionDenied):
        token_create(user=boss, name="x", created_by=demoted)


def test_token_list_shows_an_editor_only_their_own_keys(client, editor, reporter, django_user_model):
    from claims.api.services import token_create

    boss = django_user_model.objects.create_superuser(username="boss", password="pw-boss")
    token_create(user=editor, name="Desk key", created_by=editor)
    token_create(user=reporter, name="Rita key", created_by=boss)
    token_create(user=boss, name="Boss key", created_by=boss)
    client.force_login(editor)
    listed = client.get(reverse("admin:claims_apitoken_changelist")).context["cl"].result_list
    assert [t.name for t in listed] == ["Desk key"]
    client.force_login(boss)
    listed = client.get(reverse("admin:claims_apitoken_changelist")).context["cl"].result_list
    assert sorted(t.name for t in listed) == ["Boss key", "Desk key", "Rita key"]


def test_token_stops_working_when_its_user_loses_the_role(client, editor):
    from claims.api.services import token_create

    key = token_create(user=editor, name="Desk", created_by=editor)[1]
    assert client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    editor.groups.clear()
    assert client.get("/api/v1/claims/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 403
