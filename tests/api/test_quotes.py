import pytest
from django.utils import timezone

from claims.models import Claim
from claims.pipeline.services import claims_extract
from tests.factories import make_article

BODY = 'Mayor Elena Varga said the budget was balanced. "We kept every school open," Varga said.'


@pytest.fixture
def claims(db):
    article = make_article(body=BODY, title="Budget passes", url="https://example.org/budget")
    claims_extract(article_id=article.pk)
    direct = Claim.objects.get(kind="direct")
    Claim.objects.filter(pk=direct.pk).update(status=Claim.Status.VERIFIED, reviewed_at=timezone.now())
    return Claim.objects.order_by("start")


def test_anonymous_reader_gets_only_verified_quotes(client, claims):
    response = client.get("/api/v1/quotes/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [q["text"] for q in results] == ["We kept every school open"]
    quote = results[0]
    assert quote["speaker"]["name"] == "Elena Varga"
    assert quote["kind"] == "direct" and quote["cue"] == "said"
    assert quote["article"]["title"] == "Budget passes"
    assert quote["article"]["url"] == "https://example.org/budget"
    assert quote["verified_at"]


def test_pending_and_rejected_claims_never_appear(client, claims):
    Claim.objects.update(status=Claim.Status.REJECTED)
    assert client.get("/api/v1/quotes/").json()["results"] == []


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_quotes_are_read_only(client, editor, claims, method):
    client.force_login(editor)
    response = getattr(client, method)("/api/v1/quotes/", data={}, content_type="application/json")
    assert response.status_code in (403, 405)
    assert Claim.objects.count() == 2


def test_quote_list_queries_stay_bounded(client, claims, django_assert_max_num_queries):
    for n in range(5):
        article = make_article(body=f"{BODY} Story {n}.", title=f"Story {n}")
        claims_extract(article_id=article.pk)
    Claim.objects.update(status=Claim.Status.VERIFIED)
    with django_assert_max_num_queries(5):  # its ids, their rows, the evidence, the tracking (statements' members, rows)
        response = client.get("/api/v1/quotes/")
    assert len(response.json()["results"]) == 12


@pytest.mark.postgres
@pytest.mark.django_db
def test_full_text_search_can_use_its_index(postgres):
    from django.db import connection

    from claims.models import Claim
    from claims.public.selectors import filter_quotes

    queryset = filter_quotes(Claim.objects.order_by(), {"q": "schools"})  # the search alone
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned anyway
        plan = queryset.explain()
    assert "claims_claim_text_fts" in plan, plan


@pytest.mark.postgres
@pytest.mark.django_db
def test_quote_rows_come_from_one_prepared_statement(postgres, client, claims, settings):
    """The page's rows are read by id through a statement PostgreSQL keeps prepared on the
    connection: planned once, not on every page."""
    from django.db import connection

    settings.FACTCHECK_API_CACHE_SECONDS = 0
    Claim.objects.update(status=Claim.Status.VERIFIED)
    first = client.get("/api/v1/quotes/").json()["results"]
    for _ in range(6):  # psycopg prepares a statement on its sixth run on a connection
        assert client.get("/api/v1/quotes/").json()["results"] == first
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%unnest(%"])
        prepared = [row[0] for row in cursor.fetchall()]
    assert len(prepared) == 1 and '"claims_claim"."text"' in prepared[0]
    # The rows keep the paginator's order, newest first.
    assert [q["id"] for q in first] == sorted((q["id"] for q in first), reverse=True)
