"""Thin tasks of webhooks: take an id, call the service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.webhooks.services import deliveries_sweep, delivery_attempt, events_prune


@shared_task(
    name="claims.deliver_webhook",
    acks_late=True,
    soft_time_limit=settings.FACTCHECK_WEBHOOK_TIMEOUT + 20,
    time_limit=settings.FACTCHECK_WEBHOOK_TIMEOUT + 40,
    autoretry_for=(OperationalError, InterfaceError),  # the database went away: try again later
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=8,
)
def deliver_webhook(delivery_id: int) -> dict:
    """Send one delivery if it is due. Idempotent: a duplicate finds it taken or done."""
    return {"delivery_id": delivery_id, "outcome": delivery_attempt(delivery_id=delivery_id)}


@shared_task(name="claims.sweep_webhooks", acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_webhooks() -> dict:
    """Beat schedule: queue the deliveries that are due and that no task will take."""
    return {"queued": len(deliveries_sweep())}


@shared_task(name="claims.prune_webhooks", acks_late=True, soft_time_limit=600, time_limit=660)
def prune_webhooks() -> dict:
    """Beat schedule (daily): delete the finished events older than FACTCHECK_WEBHOOK_KEEP_DAYS."""
    return {"deleted": events_prune()}
