import pytest

from claims.pipeline.services import claims_extract
from tests.factories import make_article


@pytest.mark.django_db
def test_front_page_counts_and_links(client, editor):
    article = make_article(body='"We kept every school open," Mayor Elena Varga said.', title="Budget passes")
    claims_extract(article_id=article.pk)
    client.force_login(editor)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>1</strong> articles (1 extracted, 0 failed)" in html
    assert "<strong>1</strong> claims (1 pending, 0 verified)" in html
    assert 'href="/quotes/"' in html and 'href="/articles/new/"' in html
    assert 'href="/admin/claims/claim/"' in html and 'href="/api/v1/quotes/"' in html
    assert "Budget passes" in html


@pytest.mark.django_db
def test_front_page_lists_articles_to_staff_only(client, outsider):
    make_article(body="Some text here.", title="Unpublished draft")
    assert "Unpublished draft" not in client.get("/").content.decode()
    client.force_login(outsider)
    assert "Unpublished draft" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_front_page_escapes_article_titles(client, editor):
    make_article(body="Some text here.", title="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_front_page_tells_a_newcomer_how_to_import(client):
    assert "import_articles seeds/" in client.get("/").content.decode()
