from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.display.charts import bar_chart_svg
from claims.models import Claim, Verdict
from tests.factories import SEED_BODY, make_article, make_claim, make_speaker

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_SPEAKER = "<script>alert('speaker')</script>"
HOSTILE_TITLE = "<script>alert('title')</script>"


def dashboard_url() -> str:
    return reverse("admin-dashboard")


def svg_of(page: str) -> ET.Element:
    """The chart inlined in the page (the admin header has SVG icons of its own)."""
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart"')
    return ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])


def bars(svg: ET.Element) -> list[ET.Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def reviewed(article, end: int, status: str, days_ago: int, rating: str | None = None) -> Claim:
    claim = make_claim(article, 0, end, status=status, reviewed_at=timezone.now() - timedelta(days=days_ago))
    if rating:
        Verdict.objects.create(claim=claim, rating=rating, summary="Checked against the council minutes.")
    return claim


@pytest.fixture
def newsroom(db):
    """Two pending claims (the older one five days old), five reviewed ones (four of them in
    the last 30 days, on three different days), three verdicts and one failed article."""
    article = make_article(status="extracted")
    hostile = make_speaker(HOSTILE_SPEAKER, slug="hostile")
    oldest = make_claim(article, 0, 10, speaker=hostile)
    Claim.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(days=5))
    make_claim(article, 0, 11)
    reviewed(article, 20, "verified", days_ago=0, rating="misattributed")
    reviewed(article, 21, "verified", days_ago=1, rating="false")
    reviewed(article, 22, "rejected", days_ago=1, rating="false")
    reviewed(article, 23, "verified", days_ago=29)
    reviewed(article, 24, "verified", days_ago=40)
    make_article(body=SEED_BODY + " Later.", title=HOSTILE_TITLE, status="failed", error="spaCy ran out of memory")
    return {"oldest": oldest}


def test_anonymous_is_sent_to_admin_sign_in(client):
    response = client.get(dashboard_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_outsider_is_sent_to_admin_sign_in(client, outsider):
    client.force_login(outsider)
    response = client.get(dashboard_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_review_permission_is_forbidden(client, django_user_model, reporter):
    client.force_login(django_user_model.objects.create_user(username="intern", is_staff=True))
    assert client.get(dashboard_url()).status_code == 403
    client.force_login(reporter)  # reporters see their own articles only, never newsroom-wide figures
    assert client.get(dashboard_url()).status_code == 403


def test_editors_see_the_dashboard_inside_the_admin(client, editor):
    client.force_login(editor)
    response = client.get(dashboard_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Dashboard</h1>" in page
    assert 'id="site-name"' in page and "factcheck" in page
    assert "<script>" not in page.split('id="content-main"')[1]


def test_figures_for_a_known_newsroom(client, editor, newsroom):
    client.force_login(editor)
    figures = client.get(dashboard_url()).context["figures"]
    today = timezone.localdate()

    assert figures.pending == 2
    assert figures.oldest_pending.claim_id == newsroom["oldest"].pk
    assert figures.oldest_pending.url == reverse("admin:claims_claim_change", args=[newsroom["oldest"].pk])
    assert figures.oldest_pending.created_at.date() == today - timedelta(days=5)

    series = dict(figures.reviewed_per_day)
    assert len(figures.reviewed_per_day) == 30
    assert figures.reviewed_per_day[0][0] == today - timedelta(days=29)
    assert figures.reviewed_per_day[-1][0] == today
    assert series[today] == 1
    assert series[today - timedelta(days=1)] == 2
    assert series[today - timedelta(days=2)] == 0
    assert series[today - timedelta(days=29)] == 1
    assert figures.reviewed_total == 4

    ratings = {row.rating: row.count for row in figures.ratings}
    assert ratings == {
        "true": 0, "mostly-true": 0, "half-true": 0, "mostly-false": 0,
        "false": 2, "misleading": 0, "unverifiable": 0, "misattributed": 1,
    }
    assert figures.failures == 1
    assert [failure.error for failure in figures.recent_failures] == ["spaCy ran out of memory"]


def test_an_empty_newsroom_shows_zeros(client, editor):
    client.force_login(editor)
    response = client.get(dashboard_url())
    figures = response.context["figures"]
    assert (figures.pending, figures.oldest_pending, figures.reviewed_total, figures.failures) == (0, None, 0, 0)
    assert {row.count for row in figures.ratings} == {0}
    assert len(bars(svg_of(response.content.decode()))) == 30


def test_every_figure_links_to_the_admin_list_of_its_rows(client, editor, newsroom):
    client.force_login(editor)
    figures = client.get(dashboard_url()).context["figures"]

    def listed(url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.context["cl"].result_count

    assert listed(figures.pending_url) == 2
    assert listed(figures.reviewed_url) == 4
    assert listed(figures.failures_url) == 1
    rating_urls = {row.rating: row.url for row in figures.ratings}
    assert listed(rating_urls["false"]) == 2
    assert listed(rating_urls["true"]) == 0
    assert client.get(figures.oldest_pending.url).status_code == 200


def test_page_chart_is_valid_svg_with_one_bar_per_day(client, editor, newsroom):
    client.force_login(editor)
    page = client.get(dashboard_url()).content.decode()
    svg = svg_of(page)
    assert len(bars(svg)) == 30
    titles = [element.text for element in svg.iter(f"{SVG}title")]
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert titles[0] == "Claims reviewed per day"
    assert f"{yesterday}: 2" in titles
    heights = [float(rect.get("height")) for rect in bars(svg)]
    assert heights[-2] == max(heights) and heights[-3] == 0


def test_page_escapes_speaker_and_article_title(client, editor, newsroom):
    client.force_login(editor)
    page = client.get(dashboard_url()).content.decode()
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(&#x27;speaker&#x27;)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in page


def test_bar_chart_escapes_every_label():
    svg_text = bar_chart_svg([("<script>x</script>", 3), ('a & "b"', 0)], title="<b>Reviews</b>")
    assert "<script>" not in svg_text and "<b>" not in svg_text
    svg = ET.fromstring(svg_text)
    titles = [element.text for element in svg.iter(f"{SVG}title")]
    assert titles == ["<b>Reviews</b>", "<script>x</script>: 3", 'a & "b": 0']
    labels = [element.text for element in svg.iter(f"{SVG}text") if "date" in element.get("class", "").split()]
    assert labels == ["<script>x</script>", 'a & "b"']


def test_bar_chart_scales_the_tallest_bar_to_the_plot_and_draws_zero_bars_flat():
    svg = ET.fromstring(bar_chart_svg([("mon", 4), ("tue", 2), ("wed", 0)], width=300, height=140))
    assert (svg.get("width"), svg.get("height")) == ("300", "140")
    heights = [float(rect.get("height")) for rect in bars(svg)]
    assert heights == [100.0, 50.0, 0.0]
    assert all(float(rect.get("width")) > 0 for rect in bars(svg))


def test_bar_chart_without_values_is_still_valid_svg():
    assert bars(ET.fromstring(bar_chart_svg([]))) == []


def test_bar_chart_refuses_negative_counts():
    with pytest.raises(ValueError):
        bar_chart_svg([("mon", -1)])


def test_query_count_does_not_grow_with_claims(client, editor, newsroom, django_assert_max_num_queries):
    client.force_login(editor)
    with django_assert_max_num_queries(11) as few:
        assert client.get(dashboard_url()).status_code == 200

    article = make_article(body=SEED_BODY + " More.", title="More")
    for n in range(20):
        speaker = make_speaker(f"Speaker {n}")
        claim = make_claim(article, 0, 30 + n, speaker=speaker, status="verified", reviewed_at=timezone.now())
        Verdict.objects.create(claim=claim, rating=Verdict.Rating.values[n % 8], summary="Checked.")
        make_article(body=f"{SEED_BODY} Failed {n}.", title=f"Failed {n}", status="failed", error="boom")
    with django_assert_max_num_queries(11) as many:
        assert client.get(dashboard_url()).status_code == 200
    assert len(many) == len(few)


def test_each_recent_article_shows_the_share_of_its_claims_worth_checking(client, editor, db):
    body = (
        "Rents in Orwen rose 14 percent in 2023, the minister said. "
        "She was critical of the delay. Shop owners are worried about the closure. "
        "The ferry carried 12,000 people in May."
    )
    article = make_article(body=body, title="Rents <b>up</b>", status="extracted")
    for words in ("Rents in Orwen rose 14 percent in 2023", "the delay", "the closure",
                  "The ferry carried 12,000 people in May"):
        start = body.index(words)
        make_claim(article, start, start + len(words), cue="said" if words[0].isupper() else "was critical of")
    assert Claim.objects.filter(article=article, worth=Claim.Worth.CHECK).count() == 2
    make_article(body=SEED_BODY, title="No claims", status="extracted")
    client.force_login(editor)
    response = client.get(dashboard_url())
    rows = {row.title: row for row in response.context["figures"].recent_articles}
    assert (rows["Rents <b>up</b>"].claims, rows["Rents <b>up</b>"].worth_checking, rows["Rents <b>up</b>"].share) == (4, 2, 50)
    assert rows["No claims"].share is None
    page = response.content.decode()
    assert "Rents &lt;b&gt;up&lt;/b&gt;" in page and "<td>50%</td>" in page
    # The figure links to the queue filtered to the article's claims worth checking.
    worth = client.get(rows["Rents <b>up</b>"].worth_url)
    assert {c.article_id for c in worth.context["cl"].result_list} == {article.pk}
    assert len(worth.context["cl"].result_list) == 2
