"""Markup in article text, titles, speaker names and evidence titles renders as text on
every page that shows them: admin, reporter pages, public pages, API docs aside."""

import pytest

from claims.models import Claim, Verdict
from claims.review.services import claim_verify, evidence_parse, verdict_save
from claims.pipeline.services import claims_extract
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


# Attribute and script contexts: values that would close an attribute or a <script> block if
# they were not escaped, checked on the parsed page rather than by looking for a literal.
ATTR = '" onmouseover="xssAttr()" data-xss="1'
ATTR_SQ = "' onfocus='xssAttr()' data-xss='1"
BREAKOUT = "</script><script>xssScript()</script>"


@pytest.fixture
def hostile_world(db, editor, reporter):
    from claims.review.services import EvidenceLink
    from sources.models import Outlet

    outlet = Outlet.objects.create(name=f"Ledger {ATTR}", slug="ledger", url=f"https://example.org/o?{ATTR}")
    article = make_article(
        body=f'"The plan {BREAKOUT} works {ATTR}," Mayor Elena Varga said.', title=f"T {ATTR} {ATTR_SQ} {BREAKOUT}",
        submitted_by=reporter, outlet=outlet, url=f"https://example.org/a?{ATTR}",
    )
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get()
    speaker = claim.speaker
    speaker.name, speaker.title = f"Varga {ATTR} {BREAKOUT}", f"Mayor {ATTR_SQ} {BREAKOUT}"
    speaker.save()
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary=f"S {ATTR} {BREAKOUT}",
                 evidence=[EvidenceLink(f"E {ATTR} {BREAKOUT}", f"https://example.org/e?{ATTR}")], publish=True)
    return Claim.objects.select_related("speaker", "article").get(pk=claim.pk)


def injected(html: str) -> list[str]:
    """Elements or attributes in the parsed page that only the payloads could have made."""
    import json

    import html5lib

    found = []
    for element in html5lib.parse(html, namespaceHTMLElements=False).iter():
        if not isinstance(element.tag, str):
            continue
        for name in element.attrib:
            if name.lower().startswith("on") or name.lower() == "data-xss":
                found.append(f"<{element.tag} {name}>")
        if element.tag == "script":
            text = element.text or ""
            if element.get("type") == "application/ld+json":
                json.loads(text)  # a block cut short by a stray </script> would not parse
            if "xssScript()" in text and element.get("type") != "application/ld+json":
                found.append("<script> running the payload")
    return found


def test_public_and_reporter_pages_keep_payloads_inside_text_and_attributes(client, reporter, editor, hostile_world):
    claim = hostile_world
    pages = [(None, "/quotes/"), (None, "/quotes/?q=plan"), (None, f"/speakers/{claim.speaker.slug}/"),
             (None, f"/claims/{claim.pk}/"), (reporter, "/articles/"), (reporter, f"/articles/{claim.article_id}/"),
             (editor, f"/admin/claims/claim/{claim.pk}/change/"), (editor, "/admin/claims/claim/"),
             (editor, f"/admin/sources/article/{claim.article_id}/change/")]
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert injected(response.content.decode()) == [], url


def test_claim_page_json_ld_carries_the_payload_as_data(client, hostile_world):
    import json

    import html5lib

    tree = html5lib.parse(client.get(f"/claims/{hostile_world.pk}/").content, namespaceHTMLElements=False)
    blocks = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    data = json.loads(blocks[0].text)
    assert BREAKOUT in json.dumps(data, ensure_ascii=False)  # whole, as data, not cut at </script>
