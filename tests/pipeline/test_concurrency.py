"""Two extractions of one article at the same moment create no duplicate claim (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from claims.extraction import extract
from claims.models import Claim
from claims.pipeline.services import claims_extract, claims_store
from sources.models import Article, Speaker
from tests.factories import make_article

BODY = (
    "City engineer Tomas Reyes said the bridge would close in March.\n\n"
    '"It is not safe any more," Reyes said, adding that repairs would take a year.'
)


def _together(target, count: int = 2) -> list:
    barrier = threading.Barrier(count)
    results: list = []
    errors: list = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # surfaced through the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_extractions_at_once_store_each_claim_once(postgres):
    article = make_article(body=BODY)
    results = _together(lambda: claims_extract(article_id=article.pk))
    assert sorted(r.ran for r in results) == [False, True]  # the conditional update let one in
    assert Claim.objects.count() == 3
    assert Article.objects.get(pk=article.pk).status == Article.Status.EXTRACTED


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_stores_racing_past_the_claim_still_create_no_duplicates(postgres):
    article = make_article(body=BODY)
    found = extract(BODY)
    _together(lambda: claims_store(article=Article.objects.get(pk=article.pk), found=found), count=3)
    assert Claim.objects.count() == len(found) == 3
    assert Speaker.objects.filter(name="Tomas Reyes").count() == 1
