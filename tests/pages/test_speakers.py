"""A person named in full and then by surname is one speaker on every page: one colour on
the reporter's article page, one speaker page with all their quotes, none for the bare
surname. The same article carries an interrupted quote (shown without the attribution),
reported speech (without quotation marks) and "told reporters" (no intermediary)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from claims.models import Claim
from sources.models import Article, Speaker
from tests.pages.test_claim_wording import quote_lines, text_of
from tests.pages.test_pages import assert_valid_html
from tests.pipeline.test_speakers import INTERRUPTED, MARSH, REPORTED, TOLD
from tests.review.test_admin import change_url, form_data


def harbour_verified(client, reporter, editor, capture) -> list[Claim]:
    """The reporter submits the article on the page (extracted at once), the editor verifies
    each claim on its admin page; the claims in the article's order."""
    client.force_login(reporter)
    with capture(execute=True):
        response = client.post("/articles/new/", {"title": "Harbour budget", "new_outlet": "Coast Courier",
                                                  "body": MARSH})
    assert response.status_code == 302
    article = Article.objects.get(title="Harbour budget")
    assert article.status == Article.Status.EXTRACTED
    client.force_login(editor)
    for claim in Claim.objects.filter(article=article):
        assert client.post(change_url(claim), form_data(claim, status="verified")).status_code == 302
    client.logout()
    return list(Claim.objects.filter(article=article).select_related("speaker").order_by("start"))


@pytest.fixture
def harbour(client, reporter, editor, django_capture_on_commit_callbacks) -> list[Claim]:
    return harbour_verified(client, reporter, editor, django_capture_on_commit_callbacks)


def test_the_article_has_one_speaker_for_the_full_name_and_the_surname(harbour):
    assert [c.display_text for c in harbour] == [INTERRUPTED, REPORTED, TOLD]
    assert {c.speaker.name for c in harbour} == {"Teodor Marsh"}
    assert list(Speaker.objects.values_list("name", flat=True)) == ["Teodor Marsh"]
    assert all(c.status == Claim.Status.VERIFIED and c.via == "" for c in harbour)


def test_the_reporters_article_page_shows_one_speaker_in_one_colour(client, reporter, harbour):
    client.force_login(reporter)
    html = client.get(f"/articles/{harbour[0].article_id}/").content.decode()
    assert_valid_html(html)
    assert text_of(html, "ul.legend") == ["Teodor Marsh"]
    colours = set(re.findall(r'class="fc-claim (sp-[\w-]+)"', html))
    assert colours == {"sp-0"}
    # Each claim's pieces are marked, the attribution between them is not.
    marked = re.findall(r'<mark class="fc-claim sp-0"[^>]*>(.*?)</mark>', html, re.S)
    assert "The harbour budget" in marked and "is balanced for the first time in ten years" in marked
    assert not any("Teodor Marsh said" in m for m in marked)


def test_the_public_pages_read_each_claim_as_the_reader_should(client, harbour):
    lines = quote_lines(client, "/quotes/")
    assert f"“{INTERRUPTED}”" in lines  # the pieces, without "Teodor Marsh said on Tuesday"
    assert f"Teodor Marsh said {REPORTED}" in lines  # reported speech: no quotation marks
    assert f"“{TOLD}”" in lines
    assert not any("Marsh said on" in line or "“the council" in line or "via" in line for line in lines)
    assert quote_lines(client, f"/speakers/{harbour[0].speaker.slug}/") == lines
    for claim in harbour:
        html = client.get(f"/claims/{claim.pk}/").content.decode()
        assert_valid_html(html)
        headline = " ".join(text_of(html, "h1"))
        assert claim.display_text in headline and "on Tuesday" not in headline
        facts = " ".join(re.search(r"</h1>\s*<p>(.*?)</p>", html, re.S).group(1).split())
        assert facts.startswith('<a href="/speakers/teodor-marsh/">Teodor Marsh</a> · ')
        assert "via" not in facts and "reporters" not in facts


def test_no_speaker_page_for_the_bare_surname(client, harbour):
    assert client.get("/speakers/marsh/").status_code == 404
    assert client.get("/speakers/teodor-marsh/").status_code == 200


def test_the_admin_claim_page_names_the_one_speaker(client, editor, harbour):
    client.force_login(editor)
    told = harbour[2]
    html = client.get(change_url(told)).content.decode()
    chosen = re.search(r'<select name="speaker"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert re.findall(r"<option[^>]*selected[^>]*>([^<]*)</option>", chosen) == ["Teodor Marsh"]
    via = re.search(r'<input[^>]*name="via"[^>]*>', html).group(0)
    assert "value=" not in via or 'value=""' in via  # no intermediary: "reporters" is the audience
    speakers = client.get(reverse("admin:sources_speaker_changelist")).content.decode()
    assert "Teodor Marsh" in speakers and ">Marsh<" not in speakers
