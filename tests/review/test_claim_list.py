"""The claim list kept for bulk work: its title, the article column, opening on pending with
"All" one click away, and bulk actions that name every claim they refused."""

from __future__ import annotations

import html5lib
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims.models import Claim
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.django_db
URL = "/admin/claims/claim/"


@pytest.fixture
def claims():
    article = make_article(title="Council backs the new ferry timetable after a long night of debate in the chamber")
    pending = [make_claim(article, 0, 20, fingerprint=f"p{i}") for i in range(3)]
    verified = make_claim(article, 21, 40, fingerprint="v", status=Claim.Status.VERIFIED)
    return {"article": article, "pending": pending, "verified": verified}


def parse(response):
    return html5lib.parse(response.content, namespaceHTMLElements=False)


def test_list_is_titled_claims_to_review_and_opens_on_pending(client, editor, claims):
    client.force_login(editor)
    response = client.get(URL)
    page = parse(response)
    assert page.find(".//title").text.startswith("Claims to review")
    assert "".join(page.find(".//h1").itertext()) == "Claims to review"
    assert "Select claim to change" not in response.content.decode()
    shown = {c.pk for c in response.context["cl"].result_list}
    assert shown == {c.pk for c in claims["pending"]}
    # "All" is a link of its own and lists every status.
    section = next(d for d in page.iter("details") if d.get("data-filter-title") == "status")
    links = {a.text: a.get("href") for a in section.iter("a")}
    assert list(links) == ["Pending review", "Verified", "Rejected", "All"]
    assert links["All"] == "?status__exact=all"
    every = client.get(URL + links["All"]).context["cl"].result_list
    assert {c.pk for c in every} == {c.pk for c in [*claims["pending"], claims["verified"]]}
    assert [c.pk for c in client.get(URL, {"status__exact": "verified"}).context["cl"].result_list] == [
        claims["verified"].pk
    ]


def test_an_unknown_status_falls_back_to_pending(client, editor, claims):
    client.force_login(editor)
    response = client.get(URL, {"status__exact": "nonsense"})
    assert response.status_code == 200
    assert {c.pk for c in response.context["cl"].result_list} == {c.pk for c in claims["pending"]}


def test_article_column_links_to_the_articles_claims(client, editor, claims):
    client.force_login(editor)
    page = parse(client.get(URL))
    headers = ["".join(th.itertext()).strip() for th in page.iter("th") if "column-" in (th.get("class") or "")]
    assert "Article" in headers
    cells = [td for td in page.iter("td") if "field-article_column" in (td.get("class") or "")]
    assert len(cells) == 3
    link = cells[0].find("a")
    assert link.get("href") == f"?article={claims['article'].pk}&status__exact=all"
    assert link.get("title") == claims["article"].title
    assert link.text.endswith("...") and len(link.text) == 60


def test_bulk_reject_without_a_reason_names_every_claim_refused(client, editor, claims):
    client.force_login(editor)
    ids = sorted(c.pk for c in claims["pending"])
    response = client.post(URL, {"action": "reject_selected", "_selected_action": ids, "reason": " "}, follow=True)
    texts = [str(m) for m in get_messages(response.wsgi_request)] or [
        "".join(li.itertext()) for li in parse(response).iter("li") if "error" in (li.get("class") or "")
    ]
    refused = [t for t in texts if t.startswith("Not rejected")]
    assert len(refused) == 1
    assert f"claim {', '.join(str(i) for i in ids)} (3)" in refused[0]
    assert "Say why the attribution is rejected." in refused[0]
    assert not any(t.startswith("0 claim") for t in texts)
    assert set(Claim.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"pending"}


def test_bulk_verify_goes_on_after_a_refused_claim(client, editor, claims, monkeypatch):
    from claims.review import admin as review_admin
    from django.core.exceptions import ValidationError

    real = review_admin.claim_verify
    refused_id = claims["pending"][1].pk

    def verify(*, claim, user):
        if claim.pk == refused_id:
            raise ValidationError("The claim changed since the page was loaded.")
        return real(claim=claim, user=user)

    monkeypatch.setattr(review_admin, "claim_verify", verify)
    client.force_login(editor)
    ids = [c.pk for c in claims["pending"]]
    response = client.post(URL, {"action": "verify_selected", "_selected_action": ids}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert f"Not verified: claim {refused_id} (1). The claim changed since the page was loaded." in texts
    assert "2 claim(s) verified." in texts
    assert Claim.objects.get(pk=refused_id).status == "pending"
    assert Claim.objects.filter(pk__in=ids, status="verified").count() == 2


def test_list_loads_its_column_widths(client, editor, claims):
    client.force_login(editor)
    page = parse(client.get(URL))
    sheets = [link.get("href") for link in page.iter("link") if link.get("rel") == "stylesheet"]
    assert any(href.endswith("factcheck/admin-claims.css") for href in sheets)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
