from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.pipeline.services import articles_requeue_stale, claims_extract
from claims.tracking.services import claims_match_requeue
from factcheck.heartbeat import worker_identity


@shared_task(
    bind=True,
    name="claims.extract_article",
    acks_late=True,
    reject_on_worker_lost=True,  # a worker killed mid-run puts the task back for another
    # The limit that holds is the extractor's own (FACTCHECK_EXTRACT_SECONDS, checked between
    # steps): Celery's signal-based limits did not interrupt a long parse here. They stay as
    # a backstop for a run stuck outside the extractor.
    soft_time_limit=settings.FACTCHECK_EXTRACT_SECONDS + 30,
    time_limit=settings.FACTCHECK_EXTRACT_SECONDS + 90,
    autoretry_for=(OperationalError, InterfaceError),  # the database went away: try again later
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def extract_article(self, article_id: int) -> dict:
    """Extract one article's claims. Idempotent: a redelivered task finds nothing to do,
    or takes back the article its first delivery held when its worker died."""
    result = claims_extract(article_id=article_id, task_id=self.request.id or "", worker=worker_identity())
    return {"article_id": result.article_id, "ran": result.ran, "status": result.status, "created": result.created}


@shared_task(name="claims.requeue_stale_articles", acks_late=True, soft_time_limit=120, time_limit=180)
def requeue_stale_articles() -> dict:
    """Beat schedule: send again the articles that waited too long (see articles_requeue_stale),
    and the matching of claims it never reached (see claims_match_requeue)."""
    return {"requeued": articles_requeue_stale(), "matching_requeued": claims_match_requeue()}
