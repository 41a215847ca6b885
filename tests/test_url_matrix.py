"""Every URL the project serves, for anonymous callers, outsiders, reporters and editors.

The table must name every route outside the admin (a new route without a row fails the
first test); the admin's own pages have their matrix in test_admin_permissions. Reads are
GET; routes that change something are also tried with POST, which must be refused to
anyone the role table does not allow, and without a CSRF token even to those it does.
"""

from __future__ import annotations


import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from claims.models import Claim
from claims.review.services import claim_verify, verdict_save
from claims.pipeline.services import claims_extract
from sources.models import Article
from tests.factories import add_repeated_quote, make_article, make_published_quote

ROLES = ("anonymous", "outsider", "reporter", "editor")
LOGIN = "login"  # redirected to the sign-in page
# GET status per role. The API asks anonymous callers of its private endpoints for a token (401).
MATRIX: dict[str, tuple] = {
    "home": (200, 200, 200, 200),
    "healthz": (200, 200, 200, 200),
    "login": (200, 302, 302, 302),
    "logout": (405, 405, 405, 405),  # sign-out is a POST
    "web:article-list": (LOGIN, 403, 200, 200),
    "web:article-new": (LOGIN, 403, 200, 200),
    "web:article-status": (LOGIN, 200, 200, 200),
    "web:article-detail": (LOGIN, 404, 200, 200),
    "web:quote-list": (200, 200, 200, 200),
    "web:speaker-detail": (200, 200, 200, 200),
    "web:claim-detail": (200, 200, 200, 200),
    "admin-dashboard": ("admin-login", "admin-login", 403, 200),
    "api:quote-list": (200, 200, 200, 200),
    "api:quote-detail": (200, 200, 200, 200),
    "api:quote-claimreview": (200, 200, 200, 200),
    "api:speaker-list": (200, 200, 200, 200),
    "api:speaker-detail": (200, 200, 200, 200),
    "api:speaker-quotes": (200, 200, 200, 200),
    "api:verdict-list": (200, 200, 200, 200),
    "api:statement-list": (200, 200, 200, 200),
    "api:statement-detail": (200, 200, 200, 200),
    "api:factcheck-search": (200, 200, 200, 200),
    "api:changes": (200, 200, 200, 200),
    "api:article-list": (401, 200, 200, 200),
    "api:article-detail": (401, 404, 200, 200),
    "api:claim-list": (401, 403, 403, 200),
    # Webhooks: everyone signed in has their own (none here but the editor's).
    "api:webhook-list": (401, 200, 200, 200),
    "api:webhook-delivery-list": (401, 200, 200, 200),
    "api:webhook-detail": (401, 404, 404, 200),
    "api:webhook-deliveries": (401, 404, 404, 200),
    "api-schema": (200, 200, 200, 200),
    "api-docs": (200, 200, 200, 200),
    "api-redoc": (200, 200, 200, 200),
    "favicon": (301, 301, 301, 301),
    "invitation-accept": (200, 200, 200, 200),  # the link is the credential: no sign-in needed
}
# POST per role on the routes that accept one (valid input, CSRF token sent).
WRITES: dict[str, tuple] = {
    "web:article-new": (LOGIN, 403, 302, 302),
    "api:article-list": (401, 403, 202, 202),
    "logout": (302, 302, 302, 302),
    "invitation-accept": (302, 302, 302, 302),
}


def route_names() -> set[str]:
    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif p.name:
                yield f"{namespace}:{p.name}" if namespace else p.name

    return set(walk(get_resolver().url_patterns))


def test_every_route_outside_the_admin_has_a_row():
    assert route_names() == set(MATRIX)


@pytest.fixture
def world(db, editor, reporter):
    from claims.people.services import invitation_create

    world = add_repeated_quote(make_published_quote(editor, reporter))
    world["token"] = invitation_create(by=editor, username="newcomer", role="reporter").token
    return world


def url_for(name: str, world) -> str:
    if name == "invitation-accept":
        return reverse(name, args=[world["token"]])
    args = {
        "web:article-detail": [world["article"].pk], "api:article-detail": [world["article"].pk],
        "web:claim-detail": [world["claim"].pk], "api:quote-detail": [world["claim"].pk],
        "api:quote-claimreview": [world["claim"].pk], "web:speaker-detail": [world["speaker"].slug],
        "api:speaker-detail": [world["speaker"].pk], "api:speaker-quotes": [world["speaker"].pk],
        "api:statement-detail": [world["statement"].pk],
        "api:webhook-detail": [world["webhook"].pk], "api:webhook-deliveries": [world["webhook"].pk],
    }.get(name, [])
    url = reverse(name, args=args)
    if name == "api:factcheck-search":
        return url + "?q=We+kept+every+school+open"
    return url + f"?ids={world['article'].pk}" if name == "web:article-status" else url


def sign_in(client: Client, role: str, users: dict) -> None:
    if users[role] is not None:
        client.force_login(users[role])


def check(response, expected, role: str, name: str) -> None:
    where = (name, role, response.status_code, response.get("Location"))
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), where
    elif expected == "admin-login":
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), where
    else:
        assert response.status_code == expected, where


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_the_table_says(client, world, outsider, reporter, editor, role):
    sign_in(client, role, {"anonymous": None, "outsider": outsider, "reporter": reporter, "editor": editor})
    for name, expected in MATRIX.items():
        check(client.get(url_for(name, world)), expected[ROLES.index(role)], role, name)


WRITE_DATA = {
    "web:article-new": {"title": "New one", "body": "Councillor Priya Natarajan said the library would close."},
    "api:article-list": {"title": "New one", "body": "Councillor Priya Natarajan said the pool would close."},
    "logout": {},
    "invitation-accept": {"password1": "harbour-tide-4471", "password2": "harbour-tide-4471"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_write_answers_each_role_as_the_table_says(world, outsider, reporter, editor, role):
    users = {"anonymous": None, "outsider": outsider, "reporter": reporter, "editor": editor}
    for name, expected in WRITES.items():
        client = Client()
        sign_in(client, role, users)
        data = dict(WRITE_DATA[name])
        if "body" in data:
            data["body"] += f" ({role})"  # a new text per role, so none is a duplicate
        if name.startswith("api:"):
            response = client.post(url_for(name, world), data, content_type="application/json")
        else:
            response = client.post(url_for(name, world), data)
        check(response, expected[ROLES.index(role)], role, name)


@pytest.mark.parametrize("name", ["web:article-new", "api:article-list", "logout", "invitation-accept"])
def test_writes_without_a_csrf_token_are_refused_for_signed_in_users(world, reporter, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    before = Article.objects.count()
    if name.startswith("api:"):
        response = client.post(url_for(name, world), WRITE_DATA[name], content_type="application/json")
    else:
        response = client.post(url_for(name, world), WRITE_DATA[name])
    assert response.status_code == 403
    assert Article.objects.count() == before


def test_every_form_in_the_templates_posts_with_a_csrf_token():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    forms = 0
    for path in root.rglob("*.html"):
        for form in re.findall(r"<form\b[^>]*>.*?</form>", path.read_text(), re.S | re.I):
            if re.search(r'method="post"', form, re.I):
                forms += 1
                assert "{% csrf_token %}" in form, path
    assert forms >= 3


# What each role sees, not only whether it gets a 200: two reporters, claims in every state,
# a published and a draft verdict, each with words found nowhere else.
WORDS = {"verified": "Schools stay open", "pending": "Taxes fall", "rejected": "Roads close",
         "rob": "Ferries run late"}


@pytest.fixture
def newsroom(db, editor, reporter, django_user_model):
    from claims.review.services import claim_reject

    rob = django_user_model.objects.create_user(username="rob", password="pw-rob", is_staff=True)
    rob.groups.add(reporter.groups.get())
    ritas = make_article(
        body='"Schools stay open," Mayor Elena Varga said.\n\n"Taxes fall," Councillor Priya Natarajan said.\n\n'
             '"Roads close," Chief Omar Haddad said.', title="Rita budget story", submitted_by=reporter)
    robs = make_article(body='"Ferries run late," Captain Ines Moreau said.', title="Rob ferry story",
                        submitted_by=rob)
    for article in (ritas, robs):
        claims_extract(article_id=article.pk)
    claim = {key: Claim.objects.get(text__contains=text) for key, text in WORDS.items()}
    claim_verify(claim=claim["verified"], user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim["verified"].pk), user=editor, rating="false",
                 summary="Published-summary-1a2b", publish=True)
    claim_reject(claim=claim["rejected"], user=editor, reason="Misheard")
    claim_verify(claim=claim["rob"], user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim["rob"].pk), user=editor, rating="misattributed",
                 summary="Draft-summary-9z8y")
    return {"rob": rob, "ritas": ritas, "robs": robs, "claim": claim}


def test_article_status_lists_only_articles_the_caller_may_see(client, newsroom, outsider, reporter, editor):
    ids = f"{newsroom['ritas'].pk},{newsroom['robs'].pk}"
    seen = {}
    for name, user in [("outsider", outsider), ("rita", reporter), ("rob", newsroom["rob"]), ("editor", editor)]:
        client.force_login(user)
        response = client.get(reverse("web:article-status") + f"?ids={ids}")
        assert response.status_code == 200
        seen[name] = [row["id"] for row in response.json()["articles"]]
    assert seen == {"outsider": [], "rita": [newsroom["ritas"].pk], "rob": [newsroom["robs"].pk],
                    "editor": [newsroom["ritas"].pk, newsroom["robs"].pk]}


def test_api_articles_hold_the_callers_own_and_editors_see_all(client, newsroom, outsider, reporter, editor):
    def listed(user):
        client.force_login(user)
        body = client.get(reverse("api:article-list")).json()
        return sorted(row["title"] for row in body["results"])

    assert listed(outsider) == []
    assert listed(reporter) == ["Rita budget story"]
    assert listed(newsroom["rob"]) == ["Rob ferry story"]
    assert listed(editor) == ["Rita budget story", "Rob ferry story"]
    client.force_login(reporter)
    other = client.get(reverse("api:article-detail", args=[newsroom["robs"].pk]))
    assert other.status_code == 404 and WORDS["rob"] not in other.content.decode()
    own = client.get(reverse("api:article-detail", args=[newsroom["ritas"].pk])).json()
    assert sorted(c["status"] for c in own["claims"]) == ["pending", "rejected", "verified"]


def test_claim_list_is_for_editors_only_and_holds_every_state(client, newsroom, outsider, reporter, editor):
    for user in (outsider, reporter):
        client.force_login(user)
        response = client.get(reverse("api:claim-list"))
        assert response.status_code == 403
        assert not any(text in response.content.decode() for text in WORDS.values())
    client.force_login(editor)
    texts = " ".join(row["text"] for row in client.get(reverse("api:claim-list")).json()["results"])
    assert all(text in texts for text in WORDS.values())


def test_public_pages_show_verified_quotes_only_and_no_draft_verdict(client, newsroom):
    claim = newsroom["claim"]
    for url in (reverse("web:quote-list"), reverse("api:quote-list"), reverse("api:verdict-list"),
                reverse("web:speaker-detail", args=[claim["verified"].speaker.slug])):
        body = client.get(url).content.decode()
        assert WORDS["pending"] not in body and WORDS["rejected"] not in body, url
        assert "Draft-summary-9z8y" not in body, url  # ("misattributed" is also a filter option there)
    quotes = client.get(reverse("web:quote-list")).content.decode()
    assert WORDS["verified"] in quotes and WORDS["rob"] in quotes
    assert "Published-summary-1a2b" in client.get(reverse("web:claim-detail", args=[claim["verified"].pk])).content.decode()
    for key in ("pending", "rejected"):
        assert client.get(reverse("web:claim-detail", args=[claim[key].pk])).status_code == 404
        assert client.get(reverse("api:quote-detail", args=[claim[key].pk])).status_code == 404
    draft = client.get(reverse("web:claim-detail", args=[claim["rob"].pk])).content.decode()
    assert WORDS["rob"] in draft and "Draft-summary-9z8y" not in draft and "Misattributed" not in draft
    assert "Draft-summary-9z8y" not in client.get(reverse("api:quote-detail", args=[claim["rob"].pk])).content.decode()


def test_reporters_never_see_a_draft_verdict_rating_but_editors_do(client, newsroom, editor):
    url = reverse("web:article-detail", args=[newsroom["robs"].pk])
    client.force_login(newsroom["rob"])
    page = client.get(url).content.decode()
    assert WORDS["rob"] in page and "Misattributed" not in page and "Draft-summary-9z8y" not in page
    client.force_login(editor)
    assert "Misattributed" in client.get(url).content.decode()
