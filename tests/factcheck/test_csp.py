"""Content-Security-Policy: every page gets one, and every page keeps to it (no inline script,
style or handler the policy would block)."""

from __future__ import annotations

import base64
import hashlib
import re

import html5lib
import pytest
from django.urls import reverse

from claims.review.services import claim_verify, verdict_save
from claims.pipeline.services import claims_extract
from sources.models import Outlet
from tests.factories import make_article

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'
NS = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def claim(db, editor):
    article = make_article(body=BODY, outlet=Outlet.objects.create(name="Harbor Ledger"))
    claims_extract(article_id=article.pk)
    claim = claim_verify(claim=article.claims.first(), user=editor)
    verdict_save(claim=claim, user=editor, rating="true", summary="Checked.")
    return claim


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def blocked_inline(response) -> list[str]:
    """What in the page a browser would refuse under the page's own policy."""
    rules = policy(response)
    nonces = {m.group(1) for m in re.finditer(r"'nonce-([^']+)'", " ".join(rules.get("script-src", [])))}
    style_nonces = {m.group(1) for m in re.finditer(r"'nonce-([^']+)'", " ".join(rules.get("style-src", [])))}
    style_inline_ok = "'unsafe-inline'" in rules.get("style-src", []) and not style_nonces
    hashed_attributes = "'unsafe-hashes'" in rules.get("style-src", [])

    def allowed_style_attribute(value: str) -> bool:
        digest = base64.b64encode(hashlib.sha256(value.encode()).digest()).decode()
        return hashed_attributes and f"'sha256-{digest}'" in rules.get("style-src", [])

    tree = html5lib.parse(response.content, namespaceHTMLElements=True)
    problems = []
    for element in tree.iter():
        tag = element.tag.replace(NS, "") if isinstance(element.tag, str) else ""
        for name in element.attrib:
            if name.lower().startswith("on"):
                problems.append(f"<{tag} {name}=>")
            if name.lower() == "style" and not style_inline_ok and not allowed_style_attribute(element.get(name)):
                problems.append(f"<{tag} style=>")
        if tag == "script" and not element.get("src") and element.get("type") != "application/ld+json":
            if element.get("nonce") not in nonces:
                problems.append("inline <script> without the nonce")
        if tag == "style" and not style_inline_ok and element.get("nonce") not in style_nonces:
            problems.append("<style> without the nonce")
    return problems


def test_every_page_has_a_strict_policy_and_no_inline_code_outside_it(client, claim, editor, reporter):
    mine = make_article(body='"Our library stays open," Councillor Priya Natarajan said.', title="Mine",
                        submitted_by=reporter)
    pages = [
        (None, "/"), (None, "/quotes/"), (None, f"/claims/{claim.pk}/"), (None, "/speakers/elena-varga/"),
        (None, reverse("login")),
        (reporter, "/articles/"), (reporter, f"/articles/{mine.pk}/"), (reporter, "/articles/new/"),
        (editor, reverse("admin:index")), (editor, reverse("admin-dashboard")),
        (editor, reverse("admin:claims_claim_changelist")),
        (editor, reverse("admin:claims_claim_change", args=[claim.pk])),
        (editor, reverse("admin:claims_claim_history", args=[claim.pk])),
        (editor, reverse("admin:claims_verdict_changelist")),
        (editor, reverse("admin:claims_verdict_change", args=[claim.verdict.pk])),
        (editor, reverse("admin:sources_outlet_changelist")), (editor, reverse("admin:sources_speaker_changelist")),
        (editor, reverse("admin:sources_article_changelist")), (editor, reverse("admin:claims_apitoken_changelist")),
        (editor, reverse("admin:claims_apitoken_add")), (editor, reverse("admin:sources_article_add")),
        (editor, reverse("admin:sources_speaker_history", args=[claim.speaker_id])),
    ]
    for user, url in pages:
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        rules = policy(response)
        assert rules["default-src"] == ["'self'"], url
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in rules[directive] and "'unsafe-eval'" not in rules[directive], url
        assert blocked_inline(response) == [], url


def test_api_docs_pages_get_a_policy_they_work_under(client, db):
    for url in (reverse("api-docs"), reverse("api-redoc")):
        response = client.get(url)
        assert response.status_code == 200, url
        rules = policy(response)
        assert rules["default-src"] == ["'self'"] and "'unsafe-inline'" not in rules["script-src"], url
        assert blocked_inline(response) == [], url
