"""Public pages put quotation marks only around words the speaker is quoted as saying:
direct claims in “…”, reported speech as "X said …" with no marks and no leading "that",
mixed claims with marks around their quoted fragment alone. The admin keeps the stored words."""

from __future__ import annotations

import re

import html5lib
import pytest

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import claim_verify
from tests.factories import make_article, make_claim, make_speaker

BODY = (
    '"We kept every school open," Mayor Elena Varga said.\n\n'
    "Councillor Priya Natarajan said that the library would close on Sundays.\n\n"
    'Council leader Miriam Okonjo said that the plan was "a blank cheque" for developers.'
)


@pytest.fixture
def claims(db, editor):
    article = make_article(body=BODY, title="Budget passes")
    claims_extract(article_id=article.pk)
    found = {c.kind: c for c in Claim.objects.all()}
    assert set(found) == {Claim.Kind.DIRECT, Claim.Kind.INDIRECT, Claim.Kind.MIXED}
    for claim in found.values():
        claim_verify(claim=claim, user=editor)
    return {kind: Claim.objects.select_related("speaker").get(pk=c.pk) for kind, c in found.items()}


def text_of(html: str, selector: str) -> list[str]:
    """The text of each element matching a tag or a tag.class, as a browser would show it."""
    tag, _, css = selector.partition(".")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return [
        " ".join("".join(e.itertext()).split()) for e in tree.iter(tag) if not css or css in e.get("class", "").split()
    ]


def quote_lines(client, url: str) -> list[str]:
    return text_of(client.get(url).content.decode(), "p.quote")


def test_quotes_page_shows_reported_speech_without_marks_or_that(client, claims):
    lines = quote_lines(client, "/quotes/")
    assert "Priya Natarajan said the library would close on Sundays" in lines
    assert not any("that the library" in line or "“the library" in line for line in lines)


def test_quotes_page_shows_direct_words_in_marks(client, claims):
    assert "“We kept every school open”" in quote_lines(client, "/quotes/")


def test_quotes_page_marks_only_the_quoted_fragment_of_a_mixed_claim(client, claims):
    assert "Miriam Okonjo said the plan was “a blank cheque” for developers" in quote_lines(client, "/quotes/")


def test_claim_page_headline_and_title_of_reported_speech_have_no_marks(client, claims):
    html = client.get(f"/claims/{claims[Claim.Kind.INDIRECT].pk}/").content.decode()
    assert text_of(html, "h1") == ["Priya Natarajan said the library would close on Sundays"]
    title = text_of(html, "title")[0]
    assert title.startswith("Priya Natarajan said the library would close") and not re.search("[“”\"]|that", title)


def test_claim_page_headline_of_a_direct_quote_is_in_marks(client, claims):
    html = client.get(f"/claims/{claims[Claim.Kind.DIRECT].pk}/").content.decode()
    assert text_of(html, "h1") == ["“We kept every school open”"]
    assert text_of(html, "title")[0].startswith("Elena Varga: “We kept every school open”")


def test_claim_page_headline_of_a_mixed_claim_marks_only_its_fragment(client, claims):
    html = client.get(f"/claims/{claims[Claim.Kind.MIXED].pk}/").content.decode()
    assert text_of(html, "h1") == ["Miriam Okonjo said the plan was “a blank cheque” for developers"]


def test_speaker_page_lists_reported_speech_without_marks(client, claims):
    slug = claims[Claim.Kind.INDIRECT].speaker.slug
    assert quote_lines(client, f"/speakers/{slug}/") == ["Priya Natarajan said the library would close on Sundays"]


def test_stored_words_keep_their_that_and_the_admin_shows_them(client, editor, claims):
    indirect = claims[Claim.Kind.INDIRECT]
    assert indirect.text == "that the library would close on Sundays"
    client.force_login(editor)
    html = client.get(f"/admin/claims/claim/{indirect.pk}/change/").content.decode()
    assert "that the library would close on Sundays" in html


def test_an_editors_correction_is_read_the_same_way(client, editor, claims):
    indirect = claims[Claim.Kind.INDIRECT]
    Claim.objects.filter(pk=indirect.pk).update(corrected_text="That the library would close on Sundays in winter")
    html = client.get(f"/claims/{indirect.pk}/").content.decode()
    assert text_of(html, "h1") == ["Priya Natarajan said the library would close on Sundays in winter"]


def test_according_to_reads_as_according_to_on_the_page(client, db, editor):
    article = make_article(body="The ferry subsidy rose by a third, according to the harbour board.")
    speaker = make_speaker("Harbour board", slug="harbour-board")
    claim = make_claim(article, 0, 33, kind=Claim.Kind.INDIRECT, cue="according to", speaker=speaker)
    claim_verify(claim=claim, user=editor)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert text_of(html, "h1") == ["According to Harbour board, the ferry subsidy rose by a third"]


HOSTILE = "<script>alert(1)</script>"


def test_hostile_words_and_names_stay_escaped_in_every_reading(client, db, editor):
    body = f'Mayor Elena Varga said that the plan {HOSTILE} was "a <b>blank</b> cheque".'
    article = make_article(body=body)
    start = body.index("that")
    speaker = make_speaker(f"Varga {HOSTILE}", slug="varga")
    claim = make_claim(article, start, len(body) - 1, kind=Claim.Kind.MIXED, cue="said", speaker=speaker)
    claim_verify(claim=claim, user=editor)
    for url in ("/quotes/", f"/claims/{claim.pk}/", "/speakers/varga/"):
        html = client.get(url).content.decode()
        assert HOSTILE not in html and "<b>" not in html, url
        assert "the plan &lt;script&gt;alert(1)&lt;/script&gt; was “a &lt;b&gt;blank&lt;/b&gt; cheque”" in html, url


def test_reporters_article_page_marks_only_quoted_words(client, claims, editor):
    client.force_login(editor)
    article = claims[Claim.Kind.DIRECT].article
    words = text_of(client.get(f"/articles/{article.pk}/").content.decode(), "span.claim-words")
    assert sorted(words) == sorted([
        "“We kept every school open”",
        "the library would close on Sundays",
        "the plan was “a blank cheque” for developers",
    ])
