from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
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


class ArticleQuerySet(models.QuerySet):
    """An article's state transitions, each one conditional UPDATE: whoever's condition
    still holds when the row is written wins, so two workers (or a worker and the sweeper)
    never both act on one article. Each returns the number of rows it changed."""

    def mark_queued(self) -> int:
        """Queued for a new run (an editor's retry or re-extraction), unless a run holds it."""
        return self.exclude(status=Article.Status.EXTRACTING).update(
            status=Article.Status.QUEUED, extraction_attempts=0, updated_at=timezone.now()
        )

    def takeable(self, *, force: bool = False, task_id: str = "") -> ArticleQuerySet:
        """Articles a run may take: waiting ones (with force, finished ones too), and the one
        the same task held when its worker died and the task was delivered again."""
        allowed = [Article.Status.RECEIVED, Article.Status.QUEUED]
        if force:
            allowed += [Article.Status.EXTRACTED, Article.Status.FAILED]
        condition = Q(status__in=allowed)
        if task_id:
            condition |= Q(status=Article.Status.EXTRACTING, extraction_task=task_id)
        return self.filter(condition)

    def take_for_extraction(self, *, max_attempts: int, force: bool = False, task_id: str = "",
                            worker: str = "") -> int:
        """Extracting in this run, counting one more attempt, while under max_attempts."""
        return self.takeable(force=force, task_id=task_id).filter(extraction_attempts__lt=max_attempts).update(
            status=Article.Status.EXTRACTING, error="", extraction_task=task_id, extraction_worker=worker,
            extraction_attempts=F("extraction_attempts") + 1, updated_at=timezone.now(),
        )

    def give_up(self, *, max_attempts: int, error: str, force: bool = False, task_id: str = "") -> int:
        """Failed, when the runs started on it reached max_attempts without one finishing."""
        return self.takeable(force=force, task_id=task_id).filter(extraction_attempts__gte=max_attempts).update(
            status=Article.Status.FAILED, extraction_task="", extraction_worker="", updated_at=timezone.now(),
            error=error,
        )

    def mark_extracted(self, *, extractor_version: str) -> int:
        now = timezone.now()
        return self.update(
            status=Article.Status.EXTRACTED, extractor_version=extractor_version, extracted_at=now, error="",
            extraction_task="", extraction_worker="", extraction_attempts=0, updated_at=now,
        )

    def mark_failed(self, *, error: str) -> int:
        return self.update(
            status=Article.Status.FAILED, error=error[:2000], extraction_task="", extraction_worker="",
            extraction_attempts=0, updated_at=timezone.now(),
        )

    def hand_back(self) -> int:
        """Queued again after the database failed mid-run; the run does not count as an attempt."""
        return self.filter(status=Article.Status.EXTRACTING).update(
            status=Article.Status.QUEUED, extraction_attempts=F("extraction_attempts") - 1, updated_at=timezone.now()
        )

    def waiting(self, *, since: dt.datetime) -> ArticleQuerySet:
        """Received or queued, and untouched since `since`: their message was probably lost."""
        return self.filter(status__in=[Article.Status.RECEIVED, Article.Status.QUEUED], updated_at__lt=since)

    def orphaned(self, *, silent_since: dt.datetime, unnamed_since: dt.datetime,
                 live_workers: models.QuerySet) -> ArticleQuerySet:
        """Extracting in a worker that is not among `live_workers` (a query of heartbeat
        names; the rows belong to the pipeline), or, for a run that named no worker,
        untouched since `unnamed_since`. Nothing touched after `silent_since` counts: the
        grace covers a worker that took the article before its first heartbeat."""
        return self.filter(status=Article.Status.EXTRACTING, updated_at__lt=silent_since).filter(
            Q(extraction_worker="", updated_at__lt=unnamed_since)
            | (~Q(extraction_worker="") & ~Q(extraction_worker__in=live_workers))
        )

    def requeue(self) -> int:
        """Queued again, no longer held by any task or worker (the sweeper's transition)."""
        return self.update(
            status=Article.Status.QUEUED, extraction_task="", extraction_worker="", updated_at=timezone.now()
        )


class Article(models.Model):
    class Status(models.TextChoices):
        FETCHING = "fetching", "Fetching"
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
    canonical_url = models.CharField(
        max_length=1000, blank=True, db_index=True, editable=False,
        help_text="The page's own idea of its address (rel=canonical, else the URL), normalised: the same page "
        "reached by another link is the same article.",
    )
    previous_version = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version", editable=False,
        help_text="The earlier text of this article at the same address; its claims and reviews stay with it.",
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text="1 for the first text seen, then 2, 3...")
    published_on = models.DateField(null=True, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="articles")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="submitted_articles"
    )
    content_sha256 = models.CharField(
        max_length=64, unique=True, editable=False, help_text="SHA-256 of the normalised body; duplicates are refused."
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    error = models.TextField(blank=True, help_text="Why the last fetch or extraction failed.")
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def awaits_fetch(self) -> bool:
        """Submitted by URL and not read yet (fetching, or failed before any text came)."""
        return not self.body and bool(self.url)


class Feed(models.Model):
    """An RSS or Atom feed of one outlet, polled at its own interval."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="feeds")
    url = models.URLField(max_length=1000, unique=True, help_text="The feed's address (RSS or Atom).")
    title = models.CharField(max_length=300, blank=True, help_text="As the feed names itself; filled on the first poll.")
    active = models.BooleanField(default=True, help_text="Inactive feeds are not polled.")
    interval = models.PositiveIntegerField(
        default=900, validators=[MinValueValidator(60)],
        help_text="Seconds between polls while the feed answers (at least 60); errors back off from there.",
    )
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(
        default=timezone.now, db_index=True,
        help_text="When the feed is next polled; a poll in progress holds it a few minutes ahead.",
    )
    failures = models.PositiveIntegerField(default=0, editable=False, help_text="Errors in a row; reset by a success.")
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    items_seen = models.PositiveIntegerField(default=0, editable=False, help_text="Distinct items this feed has listed.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outlet__name", "url"]

    def __str__(self) -> str:
        return self.title or self.url


class FeedItem(models.Model):
    """One item a feed listed, by GUID: later snapshots listing it again add nothing."""

    class State(models.TextChoices):
        NEW = "new", "Waiting for its page"
        READ = "read", "Read"
        FAILED = "failed", "Page not read"

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    guid = models.TextField(help_text="The item's id in the feed (its link when the feed gives none).")
    guid_key = models.CharField(max_length=64, editable=False)
    link = models.URLField(max_length=1000)
    title = models.CharField(max_length=500, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    signature = models.CharField(max_length=64, editable=False, help_text="Changes when the feed's entry changes.")
    state = models.CharField(max_length=8, choices=State.choices, default=State.NEW)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="feed_items",
        help_text="The latest version of the article this item brought.",
    )
    error = models.TextField(blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(
        null=True, blank=True, editable=False,
        help_text="When its page was last sent to be read: a later poll sends it again only if it is still "
        "waiting well after that (its message lost).",
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-first_seen_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["feed", "guid_key"], name="unique_feed_item_guid")]

    def __str__(self) -> str:
        return self.title or self.link

    @staticmethod
    def key_of(guid: str) -> str:
        return hashlib.sha256(guid.encode("utf-8")).hexdigest()


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
    from_extraction = models.BooleanField(
        default=False, editable=False,
        help_text="Created by the pipeline from an article's text: removed again once no claim names it.",
    )
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
    # A mention one article linked to this speaker ('Marsh' after 'Teodor Marsh'). It names
    # the speaker in that article only: another article's bare 'Marsh' may be someone else.
    # An editor's alias (from_extraction False) names the speaker everywhere.
    from_extraction = models.BooleanField(
        default=False, editable=False,
        help_text="Recorded by the pipeline from one article's mention; not used to match other articles.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [models.UniqueConstraint(fields=["speaker", "name_key"], name="unique_alias_per_speaker")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)
