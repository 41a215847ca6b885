"""Markup in article text, titles, speaker names and evidence titles renders as text on
every page that shows them: admin, reporter pages, public pages, API docs aside."""

import pytest

from claims.models import Claim, Verdict
from claims.review import claim_verify, evidence_parse, verdict_save
from claims.services import claims_extract
from tests.factories import make_article

HOSTILE = "<script>alert('x')</script>"


@pytest.fixture
def hostile(db, editor, reporter):
    article = make_article(body=f'"The plan {HOSTILE} works," Mayor Elena Varga said.', title=f"T {HOSTILE}",
                           submitted_by=reporter)
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    claim.speaker.name = f"Varga {HOSTILE}"
    claim.speaker.save()
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary=f"S {HOSTILE}",
                 evidence=evidence_parse(f"E {HOSTILE} | https://example.org/e"), publish=True)
    return claim


def test_admin_pages_show_markup_as_text(client, editor, hostile):
    client.force_login(editor)
    verdict = Verdict.objects.get()
    for url in ["/admin/claims/claim/", f"/admin/claims/claim/{hostile.pk}/change/", "/admin/sources/speaker/",
                f"/admin/sources/speaker/{hostile.speaker_id}/change/", "/admin/sources/article/",
                f"/admin/sources/article/{hostile.article_id}/change/", "/admin/claims/verdict/",
                f"/admin/claims/verdict/{verdict.pk}/change/", "/admin/dashboard/",
                f"/admin/claims/claim/{hostile.pk}/history/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert HOSTILE not in html, url


def test_api_returns_markup_as_json_strings(client, hostile):
    quote = client.get(f"/api/v1/quotes/{hostile.pk}/").json()
    assert HOSTILE in quote["text"] and quote["speaker"]["name"] == f"Varga {HOSTILE}"
    assert client.get(f"/api/v1/quotes/{hostile.pk}/")["Content-Type"] == "application/json"
