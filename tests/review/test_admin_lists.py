import pytest
from django.urls import reverse

from claims.pipeline.services import claims_extract
from tests.factories import make_article

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture
def extracted(db):
    article = make_article(body=BODY, title="Budget passes")
    claims_extract(article_id=article.pk)
    return article


@pytest.mark.parametrize("name", ["admin:sources_article_changelist", "admin:claims_claim_changelist"])
def test_anonymous_and_outsiders_are_sent_to_sign_in(client, outsider, extracted, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(outsider)
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editor_sees_articles_with_status_and_claim_count(client, editor, extracted):
    client.force_login(editor)
    response = client.get(reverse("admin:sources_article_changelist"))
    assert response.status_code == 200
    row = response.context["cl"].result_list[0]
    assert (row.title, row.status, row.claim_count) == ("Budget passes", "extracted", 2)
    response = client.get(reverse("admin:sources_article_changelist"), {"status__exact": "failed"})
    assert list(response.context["cl"].result_list) == []


def test_editor_sees_claims_with_speaker_cue_kind_and_can_filter_and_search(client, editor, extracted):
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Elena Varga" in content and "We kept every school open" in content
    rows = list(response.context["cl"].result_list)
    assert {(c.cue, c.kind, c.status) for c in rows} == {("said", "indirect", "pending"), ("said", "direct", "pending")}
    assert len(client.get(url, {"kind__exact": "direct"}).context["cl"].result_list) == 1
    assert len(client.get(url, {"q": "school"}).context["cl"].result_list) == 1
    assert len(client.get(url, {"q": "Budget passes"}).context["cl"].result_list) == 2


def test_claim_list_query_count_does_not_grow_with_rows(client, editor, extracted, django_assert_max_num_queries):
    client.force_login(editor)
    for n in range(5):
        claims_extract(article_id=make_article(body=f"{BODY} Story {n}.", title=f"Story {n}").pk)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:sources_article_changelist")).status_code == 200


def test_reporter_can_view_claims_but_not_change_them(client, reporter, extracted):
    client.force_login(reporter)
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 200
    claim = extracted.claims.first()
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), {"status": "verified"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_article_body_cannot_be_edited_once_stored(client, editor, extracted):
    client.force_login(editor)
    response = client.get(reverse("admin:sources_article_change", args=[extracted.pk]))
    assert "body" in response.context["adminform"].readonly_fields
