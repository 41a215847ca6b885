"""An interrupted quote as readers and reporters see it: the words without the attribution
(pages, API, ClaimReview, change feed), each piece highlighted, the pieces in the API."""

from __future__ import annotations

import json
import re

import pytest

from claims.models import Claim
from claims.pipeline.services import claims_extract
from claims.review.services import claim_verify, verdict_save
from tests.factories import make_article
from tests.pages.test_pages import assert_valid_html

# Written for these tests, in the three shapes of issue 14.
TOLD = (
    '"We cannot keep patching the old bridge," transport minister Ilse Varga told reporters on Monday. '
    '"Before winter, we need a plan for every span."'
)
SURNAME = 'Teodor Marsh opened the hearing. "The harbour budget is balanced," Marsh said. "Nobody will pay more."'
PRONOUN = 'Councillor Priya Natarajan spoke last. "The school stays open," she said. "We owe that to the parents."'

CASES = {
    "told": (TOLD, "We cannot keep patching the old bridge Before winter, we need a plan for every span",
             "told reporters"),
    "surname": (SURNAME, "The harbour budget is balanced Nobody will pay more", "Marsh said"),
    "pronoun": (PRONOUN, "The school stays open We owe that to the parents", "she said"),
}


def published_pieced(body: str, editor, reporter) -> Claim:
    article = make_article(body=body, title="Council", submitted_by=reporter)
    claims_extract(article_id=article.pk)
    claim = Claim.objects.get(article=article, kind=Claim.Kind.DIRECT)
    claim_verify(claim=claim, user=editor)
    verdict_save(claim=Claim.objects.get(pk=claim.pk), user=editor, rating="false", summary="Not so.", publish=True)
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture(params=sorted(CASES))
def case(request, db, editor, reporter):
    body, words, attribution = CASES[request.param]
    return {"claim": published_pieced(body, editor, reporter), "body": body, "words": words,
            "attribution": attribution}


def test_the_public_claim_page_reads_the_words_and_marks_each_piece_not_the_attribution(client, case):
    claim, body = case["claim"], case["body"]
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert_valid_html(html)
    (a1, b1), (a2, b2) = claim.pieces
    assert f'<mark class="fc-content">{body[a1:b1]}</mark>' in html
    assert f'<mark class="fc-content">{body[a2:b2]}</mark>' in html
    # The attribution between the pieces is in the paragraph, but not marked as the claim.
    marks = re.findall(r'<mark class="([^"]*)">([^<]*)</mark>', html)
    assert not any("fc-content" in css and case["attribution"] in text for css, text in marks)
    headline = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert case["words"] in headline and case["attribution"] not in headline
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["claimReviewed"] == case["words"]


def test_the_quotes_page_and_the_speaker_page_show_the_words_without_the_attribution(client, case):
    claim = case["claim"]
    for url in ("/quotes/", f"/speakers/{claim.speaker.slug}/"):
        html = client.get(url).content.decode()
        assert case["words"] in html, url
        assert case["attribution"] not in html.split("<main", 1)[-1], url


def test_the_api_quote_has_its_pieces_and_the_words_without_the_attribution(client, case):
    claim = case["claim"]
    quote = client.get(f"/api/v1/quotes/{claim.pk}/").json()
    assert quote["text"] == case["words"]
    assert quote["pieces"] == [{"start": a, "end": b} for a, b in claim.pieces]
    assert quote["start"] == claim.pieces[0][0] and quote["end"] == claim.pieces[-1][1]
    listed = next(q for q in client.get("/api/v1/quotes/").json()["results"] if q["id"] == claim.pk)
    assert listed == quote
    review = client.get(f"/api/v1/quotes/{claim.pk}/claimreview").json()
    assert review["claimReviewed"] == case["words"]
    feed = client.get("/api/v1/changes/").json()["items"]
    assert [i["quote"]["text"] for i in feed if i["type"] == "quote" and i["id"] == claim.pk] == [case["words"]]


def test_the_reporter_s_article_page_marks_each_piece_of_the_claim_with_one_anchor(client, case, reporter):
    claim, body = case["claim"], case["body"]
    client.force_login(reporter)
    html = client.get(f"/articles/{claim.article_id}/").content.decode()
    assert_valid_html(html)
    marked = re.findall(rf'<mark class="fc-claim [^"]*" data-claims="{claim.pk}"[^>]*>([^<]*)</mark>', html)
    (a1, b1), (a2, b2) = claim.pieces
    assert body[a1:b1] in marked and body[a2:b2] in marked
    assert not any(case["attribution"] in text for text in marked)
    assert html.count(f'id="claim-{claim.pk}"') == 1
    side = html.split('id="claims-heading"', 1)[1]  # the side list: the claim's words, no attribution
    assert case["words"] in side and case["attribution"] not in side


def test_a_one_piece_quote_has_one_piece_in_the_api(client, db, editor, reporter):
    body = 'Mayor Elena Varga spoke. "We kept every school open," Varga said.'
    claim = published_pieced(body, editor, reporter)
    quote = client.get(f"/api/v1/quotes/{claim.pk}/").json()
    assert quote["pieces"] == [{"start": claim.start, "end": claim.end}]
    assert quote["text"] == "We kept every school open"


def test_a_quote_over_paragraphs_reads_without_a_stray_mark_on_the_pages_and_the_api(client, db, editor, reporter):
    body = (
        'Harbour master Lena Ortiz spoke at length. "We built this port from nothing. Every pier was a promise.\n\n'
        '"And we kept every promise," Ortiz said.'
    )
    claim = published_pieced(body, editor, reporter)
    words = "We built this port from nothing. Every pier was a promise. And we kept every promise"
    assert claim.text == words and '"' not in claim.text
    quote = client.get(f"/api/v1/quotes/{claim.pk}/").json()
    assert quote["text"] == words and len(quote["pieces"]) == 2
    assert client.get(f"/api/v1/quotes/{claim.pk}/claimreview").json()["claimReviewed"] == words
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert words in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
