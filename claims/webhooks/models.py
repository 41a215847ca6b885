"""The rows of webhooks: endpoints, the outbox of events, deliveries and their attempts.

Registered by claims/models.py (the app's models module imports this one)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sources.models import Speaker


class EventType(models.TextChoices):
    QUOTE_VERIFIED = "quote.verified", "A quote was verified"
    QUOTE_WITHDRAWN = "quote.withdrawn", "A verified quote was withdrawn (rejected or re-opened)"
    VERDICT_PUBLISHED = "verdict.published", "A verdict was published"
    VERDICT_CHANGED = "verdict.changed", "A published verdict was changed"
    SPEAKER_QUOTED = "speaker.quoted", "A watched speaker was quoted in a new claim (editors only)"
    CLAIM_MATCHED_FACTCHECK = (
        "claim.matched_factcheck", "A claim was matched to a published or imported fact-check (editors only)",
    )


# Events about claims nobody has reviewed yet: only for endpoints of editors, who may read
# claims in every state.
EDITOR_EVENTS = frozenset({EventType.SPEAKER_QUOTED, EventType.CLAIM_MATCHED_FACTCHECK})


class Endpoint(models.Model):
    """Where a consumer wants to hear of events: a URL, the events, and the secret the
    deliveries are signed with (shown once, when the endpoint is made)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhook_endpoints",
        help_text="The account (an API token's user) the endpoint belongs to.",
    )
    url = models.URLField(max_length=1000, help_text="The receiver: http(s), no user name or password in it.")
    description = models.CharField(max_length=200, blank=True, help_text="What receives these events.")
    events = models.JSONField(default=list, help_text="The event types sent to this endpoint.")
    speakers = models.ManyToManyField(
        Speaker, blank=True, related_name="webhook_endpoints",
        help_text="Watched speakers: speaker.quoted is sent when one of them is quoted in a new claim.",
    )
    secret = models.CharField(max_length=100, editable=False, help_text="Signing secret (whsec_...), shown once.")
    active = models.BooleanField(default=True, help_text="Inactive endpoints are sent nothing.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "webhook endpoint"

    def __str__(self) -> str:
        return f"{self.url} ({self.owner})"

    def wants(self, event_type: str) -> bool:
        return self.active and event_type in self.events


class Event(models.Model):
    """One change consumers hear of: the outbox row, written in the change's transaction."""

    type = models.CharField(max_length=40, choices=EventType.choices, db_index=True)
    payload = models.JSONField(help_text="The event's data, as sent.")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "webhook event"

    def __str__(self) -> str:
        return f"{self.type} #{self.pk}"


class Delivery(models.Model):
    """One event to one endpoint, tried until delivered, failed or dead. `message_id` is the
    webhook-id header, the same on every attempt: receivers dedupe by it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"  # waiting for its next attempt (next_attempt_at)
        SENDING = "sending", "Sending"  # a worker holds it until lease_until
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"  # refused by the receiver (a 3xx or 4xx): not retried
        DEAD = "dead", "Dead"  # retried for FACTCHECK_WEBHOOK_RETRY_HOURS without success

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    message_id = models.CharField(max_length=64, unique=True, editable=False, help_text="The webhook-id header.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When it is due; empty once finished.")
    retry_until = models.DateTimeField(
        help_text="A delivery still failing after this is dead (FACTCHECK_WEBHOOK_RETRY_HOURS from its first try)."
    )
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When a task was last sent for it; empty: never (the broker was down)."
    )
    lease_until = models.DateTimeField(null=True, blank=True, help_text="A worker sending it holds it until then.")
    response_code = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The last attempt's HTTP status.")
    duration_ms = models.PositiveIntegerField(null=True, blank=True, help_text="The last attempt's duration.")
    error = models.CharField(max_length=500, blank=True, help_text="Why the last attempt failed.")
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        verbose_name = "webhook delivery"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.message_id} to {self.endpoint_id} ({self.status})"


class DeliveryAttempt(models.Model):
    """One HTTP try of a delivery, as editors read it in the admin."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=16, help_text="delivered, retry, failed or dead.")

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of {self.delivery_id}: {self.response_code or self.error}"
