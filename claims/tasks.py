from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.services import claims_extract


@shared_task(
    name="claims.extract_article",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
)
def extract_article(article_id: int) -> dict:
    """Extract one article's claims. Idempotent: a redelivered task finds nothing to do."""
    result = claims_extract(article_id=article_id)
    return {"article_id": result.article_id, "ran": result.ran, "status": result.status, "created": result.created}
