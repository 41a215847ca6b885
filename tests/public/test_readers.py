"""Readers: the speaker filter takes part of a name (pages and API), a search finds the
words' other forms on SQLite as on PostgreSQL, the front page shows the latest verified
quotes and verdicts, and every page names this site's own icon."""

from __future__ import annotations

import html5lib
import pytest
from django.db import connection

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.public.search import stems
from claims.review.services import claim_verify, evidence_parse, verdict_save
from sources.models import SpeakerAlias
from tests.factories import make_article

pytestmark = pytest.mark.django_db
BODY = (
    'Mayor Elena Varga said the striking dock workers would be paid. "We kept every school open," Varga said. '
    "Councillor Tom Reyes said the strikes had cost the port a week."
)


@pytest.fixture
def quotes(editor):
    article = make_article(body=BODY, title="Port strike ends")
    claims_extract(article_id=article.pk)
    claims = {}
    for claim in Claim.objects.filter(article=article).select_related("speaker").order_by("start"):
        claim_verify(claim=claim, user=editor)
        claims[claim.text] = claim
    return claims


def texts(response) -> set[str]:
    return {q["text"] for q in response.json()["results"]}


def page_quotes(response) -> list[str]:
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    return ["".join(p.itertext()).strip() for p in tree.iter("p") if p.get("class") == "quote"]


def test_speaker_filter_takes_part_of_a_name_on_the_page_and_in_the_api(client, quotes):
    varga = {c.text for c in quotes.values() if c.speaker and c.speaker.name == "Elena Varga"}
    assert varga
    for given in ("Varga", "elena", "ELENA VARGA", "lena Var"):
        assert texts(client.get("/api/v1/quotes/", {"speaker": given})) == varga, given
        assert len(page_quotes(client.get("/quotes/", {"speaker": given}))) == len(varga), given
    assert texts(client.get("/api/v1/quotes/", {"speaker": "Nobody"})) == set()


def test_speaker_filter_matches_aliases_without_repeating_quotes(client, quotes):
    speaker = next(c.speaker for c in quotes.values() if c.speaker and c.speaker.name == "Elena Varga")
    SpeakerAlias.objects.get_or_create(speaker=speaker, name="Mayor Varga")
    SpeakerAlias.objects.get_or_create(speaker=speaker, name="E. Varga")
    results = client.get("/api/v1/quotes/", {"speaker": "Varga"}).json()["results"]
    assert len(results) == len({r["id"] for r in results}) == speaker.claims.count()
    assert texts(client.get("/api/v1/quotes/", {"speaker": "E. Var"})) == {c.text for c in speaker.claims.all()}


def test_stems_are_the_snowball_english_ones():
    assert stems("striking strikes strike struck") == ["strike", "strike", "strike", "struck"]
    assert stems("Schools, school's") == ["school", "school", "s"]


@pytest.mark.parametrize(("query", "expected"), [
    ("strike", {"striking", "strikes"}),
    ("striking", {"striking", "strikes"}),
    ("schools open", {"school"}),
    ("striking schools", set()),
])
def test_search_finds_other_forms_of_a_word(client, quotes, query, expected):
    """On whichever database the tests run (SQLite by default, PostgreSQL with DATABASE_URL)."""
    found = texts(client.get("/api/v1/quotes/", {"q": query}))
    words = {w for t in found for w in ("striking", "strikes", "school") if w in t}
    assert words == expected, (connection.vendor, query, found)
    assert len(page_quotes(client.get("/quotes/", {"q": query}))) == len(found)


@pytest.mark.postgres
def test_search_stems_on_postgresql_too(postgres, client, quotes):
    assert connection.vendor == "postgresql"
    found = texts(client.get("/api/v1/quotes/", {"q": "strike"}))
    assert any("striking" in t for t in found) and any("strikes" in t for t in found)


def test_home_page_shows_the_latest_verified_quotes_and_verdicts(client, editor, quotes):
    rated = next(c for c in quotes.values() if "school" in c.text)
    verdict_save(claim=Claim.objects.get(pk=rated.pk), user=editor, rating="false", summary="Two schools closed.",
                 evidence=evidence_parse("Council minutes | https://example.org/m"), publish=True)
    draft = next(c for c in quotes.values() if "strikes" in c.text)
    verdict_save(claim=Claim.objects.get(pk=draft.pk), user=editor, rating="true", summary="Draft only.")
    pending_article = make_article(body='"Taxes will fall," Ana Ruiz said.', title="Pending")
    claims_extract(article_id=pending_article.pk)

    response = client.get("/")
    html = response.content.decode()
    html5lib.HTMLParser(strict=True).parse(html)
    tree = html5lib.parse(response.content, namespaceHTMLElements=False)
    latest_quotes = tree.find(".//ol[@id='latest-quotes']")
    shown = ["".join(p.itertext()) for p in latest_quotes.iter("p") if p.get("class") == "quote"]
    assert len(shown) == len(quotes) and not any("Taxes" in s for s in shown)
    verdicts = "".join(tree.find(".//ol[@id='latest-verdicts']").itertext())
    assert "False" in verdicts and "Two schools closed." in verdicts and "We kept every school open" in verdicts
    assert "Draft only." not in html


def test_home_page_queries_do_not_grow_with_quotes(client, editor, quotes, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_every_page_names_the_sites_icon(client, editor):
    for url in ("/", "/quotes/", "/accounts/login/", "/api/docs/redoc/"):
        tree = html5lib.parse(client.get(url).content, namespaceHTMLElements=False)
        icons = [link.get("href") for link in tree.iter("link") if link.get("rel") == "icon"]
        assert icons == ["/static/factcheck/favicon.svg"], url
    client.force_login(editor)
    admin = html5lib.parse(client.get("/admin/").content, namespaceHTMLElements=False)
    assert [link.get("href") for link in admin.iter("link") if link.get("rel") == "icon"] == [
        "/static/factcheck/favicon.svg"
    ]
    icon = client.get("/static/factcheck/favicon.svg")
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
    legacy = client.get("/favicon.ico")
    assert legacy.status_code == 301 and legacy["Location"] == "/static/factcheck/favicon.svg"


def test_redoc_page_loads_its_logo_guard_before_redoc(client):
    html = client.get("/api/docs/redoc/").content.decode()
    guard = html.index("factcheck/redoc-local.js")
    assert guard < html.index("redoc.standalone.js")
    assert 'data-local-image="/static/factcheck/favicon.svg"' in html
    assert "fonts.googleapis" not in html
