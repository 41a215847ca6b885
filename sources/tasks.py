"""Thin tasks for feeds and pages read from the web: take an id, call the service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from sources.feed_services import article_fetch, feed_item_read, feed_poll, feeds_poll_due

_DB_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),  # the database went away: try again later
    "retry_backoff": 5, "retry_backoff_max": 300, "retry_jitter": True, "max_retries": 8,
}


@shared_task(name="sources.poll_due_feeds", acks_late=True, soft_time_limit=120, time_limit=180)
def poll_due_feeds() -> dict:
    """Beat schedule: send a poll for every feed that is due."""
    return {"due": feeds_poll_due()}


@shared_task(name="sources.poll_feed", acks_late=True, soft_time_limit=240, time_limit=300, **_DB_RETRY)
def poll_feed(feed_id: int) -> dict:
    """Poll one feed; its new and changed items are sent to be read. A second delivery
    finds the feed held or not due."""
    result = feed_poll(feed_id=feed_id)
    return {"feed_id": feed_id, "outcome": result.outcome, "new": result.new, "changed": result.changed}


@shared_task(name="sources.read_feed_item", acks_late=True, soft_time_limit=240, time_limit=300, **_DB_RETRY)
def read_feed_item(item_id: int) -> dict:
    """Read one feed item's page into an article. Idempotent: a read item is left alone."""
    return {"item_id": item_id, "state": feed_item_read(item_id=item_id)}


@shared_task(name="sources.fetch_article", acks_late=True, soft_time_limit=240, time_limit=300, **_DB_RETRY)
def fetch_article(article_id: int) -> dict:
    """Read the page of an article submitted by URL, then queue its extraction."""
    return {"article_id": article_id, "status": article_fetch(article_id=article_id)}
