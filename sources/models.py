from __future__ import annotations

import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

_SPACE_RE = re.compile(r"\s+")
# The length of Speaker.name_key and SpeakerAlias.name_key.
NAME_KEY_MAX = 300


def normalise_body(body: str) -> str:
    """The form of a body used to detect duplicates: NFC, whitespace collapsed, trimmed."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", body)).strip()


def body_sha256(body: str) -> str:
    return hashlib.sha256(normalise_body(body).encode("utf-8")).hexdigest()


def normalise_name(name: str) -> str:
    """Key for matching speaker names and aliases: case- and spacing-insensitive, no leading 'the'.

    NFKC and casefolding can lengthen a name ('ß' becomes 'ss', one ligature several
    letters), so the key is cut to the column's length afterwards: every key goes through
    here, so a cut key still matches the same name."""
    key = _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()
    key = key.replace("\u2019", "'")
    if key.startswith("the "):
        key = key[4:]
    return key[:NAME_KEY_MAX].rstrip()


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="Publisher or wire agency, as readers know it.")
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(blank=True, help_text="Home page of the outlet.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "outlet"
        super().save(*args, **kwargs)


class Article(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        QUEUED = "queued", "Queued"
        EXTRACTING = "extracting", "Extracting"
        EXTRACTED = "extracted", "Extracted"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=500)
    body = models.TextField(
        help_text="Plain text of the article. Claim offsets point into this text, so it never changes after import."
    )
    url = models.URLField(max_length=1000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitted_articles"
    )
    content_sha256 = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the normalised body; duplicates are refused."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    error = models.TextField(blank=True, help_text="Why the last extraction failed.")
    extraction_attempts = models.PositiveSmallIntegerField(
        default=0, editable=False,
        help_text="Runs started and never finished (their worker died); past the limit the article fails.",
    )
    extraction_task = models.CharField(
        max_length=64, blank=True, editable=False,
        help_text="The task holding the article while it is extracted; the same task delivered again takes it back.",
    )
    extraction_worker = models.CharField(
        max_length=200, blank=True, editable=False,
        help_text="The worker running the extraction; when its heartbeat stops, the sweeper takes the article back.",
    )
    extractor_version = models.CharField(max_length=32, blank=True, help_text="Extractor that produced the claims.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"
        GOVERNMENT = "government", "Government"
        UNNAMED = "unnamed", "Unnamed source"

    name = models.CharField(max_length=300, help_text="Canonical name, e.g. 'Matthew Miller' or 'Kremlin'.")
    name_key = models.CharField(max_length=NAME_KEY_MAX, db_index=True, editable=False)
    slug = models.SlugField(max_length=300, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(max_length=300, blank=True, help_text="Title or role, e.g. 'State Department spokesman'.")
    affiliation = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.title})" if self.title else self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)


class SpeakerAlias(models.Model):
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, help_text="Another name the speaker goes by, e.g. 'Miller'.")
    name_key = models.CharField(max_length=NAME_KEY_MAX, db_index=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [models.UniqueConstraint(fields=["speaker", "name_key"], name="unique_alias_per_speaker")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)
