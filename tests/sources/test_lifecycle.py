"""The article's lifecycle lives in sources: its transitions on ArticleQuerySet, arrival and
queueing in sources.services, the import command in sources/management; and sources
knows nothing of claims."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import get_commands
from django.utils import timezone

from sources.models import Article, Outlet
from sources.services import article_validate
from tests.factories import make_article



def test_the_import_command_is_the_sources_apps():
    assert get_commands()["import_articles"] == "sources"


@pytest.mark.django_db
def test_orphaned_takes_the_live_worker_names_as_any_query_of_names():
    """Sources cannot name the heartbeat model: whichever query gives the live names will do."""
    now = timezone.now()
    Outlet.objects.create(name="alive#1", slug="alive-1")
    held = {}
    for worker in ["alive#1", "dead#2"]:
        article = make_article(body=f"Held by {worker}.", status=Article.Status.EXTRACTING)
        Article.objects.filter(pk=article.pk).update(extraction_worker=worker, updated_at=now - dt.timedelta(minutes=5))
        held[worker] = article.pk
    orphaned = Article.objects.orphaned(
        silent_since=now - dt.timedelta(minutes=1), unnamed_since=now - dt.timedelta(minutes=15),
        live_workers=Outlet.objects.values("name"),
    )
    assert list(orphaned.values_list("pk", flat=True)) == [held["dead#2"]]
    assert orphaned.requeue() == 1
    assert Article.objects.get(pk=held["dead#2"]).status == Article.Status.QUEUED


@pytest.mark.django_db
def test_take_and_give_up_are_one_conditional_update_each(settings):
    article = make_article(status=Article.Status.QUEUED)
    one = Article.objects.filter(pk=article.pk)
    assert one.take_for_extraction(max_attempts=2, task_id="t1", worker="w#1") == 1
    assert one.take_for_extraction(max_attempts=2, task_id="t2", worker="w#2") == 0  # t1 holds it
    assert one.take_for_extraction(max_attempts=2, task_id="t1", worker="w#3") == 1  # t1 delivered again
    assert one.give_up(max_attempts=2, task_id="t1", error="Gave up.") == 1
    article.refresh_from_db()
    assert (article.status, article.extraction_attempts, article.error) == (Article.Status.FAILED, 2, "Gave up.")


def test_the_text_is_measured_as_it_will_be_stored(settings):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 10
    article_validate(title="T", body="abcd\r\nefgh")  # ten characters sent, nine stored
    with pytest.raises(ValidationError) as caught:
        article_validate(title="T", body="abcd\nefghij")
    assert caught.value.error_dict["body"][0].code == "too_long"
