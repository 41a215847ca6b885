from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from sources.models import Article, Speaker


def claim_count(status: str | None = None):
    """An article's number of claims (in one status), as a subquery: evaluated only for the
    rows shown, where a JOIN and GROUP BY would first count every claim in the database."""
    claims = Claim.objects.filter(article=OuterRef("pk"))
    if status is not None:
        claims = claims.filter(status=status)
    counted = claims.order_by().values("article").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), Value(0))


class ClaimSpanError(ValidationError):
    """The claim's text is not the article text between its offsets."""


# What an attribution leaves at the end of the piece it cuts: '"A," she said' keeps "A".
_CUT_EDGE = ", \t\r\n"


def pieces_text(body: str, pieces: list[tuple[int, int]]) -> str:
    """The words of a claim's pieces, one space between them. A lone piece is its span as
    written; a piece the attribution cuts loses its comma, the sentence's own final
    punctuation stays."""
    words = [body[a:b] for a, b in pieces]
    if len(words) == 1:
        return words[0]
    last = len(words) - 1
    joined = []
    for i, word in enumerate(words):
        if i < last:
            word = word.rstrip(_CUT_EDGE)
        if i > 0:
            word = word.lstrip()
        joined.append(word)
    return " ".join(joined)


def piece_spans(pieces: list, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces as (start, end) pairs, from their stored form: none stored is one piece."""
    return [(a, b) for a, b in pieces] if pieces else [(start, end)]


def pieces_stored(spans: list[tuple[int, int]], start: int, end: int) -> list[list[int]]:
    """The stored form of a claim's pieces: nothing for the one piece start..end."""
    return [] if spans == [(start, end)] else [[a, b] for a, b in spans]


def pieces_check(
    pieces: object, *, start: int, end: int, within: str = "the claim's span"
) -> list[tuple[int, int]]:
    """The pieces as (start, end) pairs, refused (ClaimSpanError, a message an editor can
    read) unless each lies inside start..end (`within` names that range), is not empty,
    and follows the one before without overlapping it."""
    if not isinstance(pieces, (list, tuple)) or not pieces:
        raise ClaimSpanError("A claim needs at least one piece.")
    checked: list[tuple[int, int]] = []
    for piece in pieces:
        if (
            not isinstance(piece, (list, tuple)) or len(piece) != 2
            or not all(isinstance(n, int) and not isinstance(n, bool) for n in piece)
        ):
            raise ClaimSpanError(f"The piece {piece!r} is not a pair of offsets.")
        a, b = piece
        if not (start <= a < b <= end):
            raise ClaimSpanError(f"The piece {a}-{b} is outside {within} ({start}-{end}) or empty.")
        if checked and a < checked[-1][1]:
            raise ClaimSpanError(
                f"The piece {a}-{b} overlaps or comes before the piece {checked[-1][0]}-{checked[-1][1]}: "
                "pieces may not overlap or be out of order."
            )
        checked.append((a, b))
    return checked


class Claim(models.Model):
    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect (reported speech)"
        MIXED = "mixed", "Mixed (reported with quoted words)"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending review"
        VERIFIED = "verified", "Verified"
        REJECTED = "rejected", "Rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims",
        help_text="Who made the claim; empty when the article names nobody.",
    )
    text = models.TextField(
        help_text="The claim's words: its pieces' text in the article, joined by one space (the attribution between them left out)."
    )
    start = models.PositiveIntegerField(help_text="Character offset of the claim's first character in the article body.")
    end = models.PositiveIntegerField(help_text="Character offset just past the claim's last character.")
    pieces = models.JSONField(
        default=list, blank=True,
        help_text="The claim's pieces as [start, end] pairs when an attribution interrupts it; empty means one piece, start..end.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    cue = models.CharField(max_length=200, blank=True, help_text="The attribution cue as written: 'said', 'according to'.")
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    attribution = models.CharField(
        max_length=500, blank=True, help_text="The speaker as the article names them here: 'Miller', 'the Kremlin'."
    )
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_title = models.CharField(max_length=300, blank=True, help_text="Title or role the article gives the speaker.")
    via = models.CharField(max_length=300, blank=True, help_text="Intermediary that relayed the claim, e.g. 'AFP'.")
    confidence = models.FloatField(help_text="Extractor's confidence, 0 to 1: low values deserve a closer look.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_claims"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True, help_text="Why the attribution was rejected.")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims",
        help_text="The editor who took this claim for review.",
    )
    corrected_text = models.TextField(
        blank=True, help_text="The wording as an editor corrected it; empty while the extracted wording stands."
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="corrected_claims"
    )
    corrected_at = models.DateTimeField(null=True, blank=True, help_text="Set once an editor corrects the claim.")
    original_extraction = models.JSONField(
        default=dict, blank=True, help_text="What the extractor found, kept when an editor corrects the claim."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save: a page loaded at an older version cannot overwrite a newer one."
    )
    extractor_version = models.CharField(max_length=32)
    fingerprint = models.CharField(max_length=64, editable=False, help_text="Article plus normalised content: one claim per finding.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint"], name="unique_claim_fingerprint"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1), name="claim_confidence_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "confidence"]),  # the review queue's order
            models.Index(fields=["status", "created_at", "id"]),  # oldest pending, on the dashboard
            models.Index(fields=["reviewed_at"]),  # reviews per day
        ]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        try:
            speaker = self.speaker
        except Speaker.DoesNotExist:  # a history row's speaker, since merged or removed
            speaker = None
        return f"{speaker or 'unknown'}: {words}"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None

    @property
    def is_reviewed(self) -> bool:
        """Claims an editor has touched belong to the editors: re-extraction never changes
        or removes them (reviewed, corrected, taken for review, or carrying a verdict)."""
        return (
            self.status != self.Status.PENDING
            or self.is_corrected
            or self.assigned_to_id is not None
            or hasattr(self, "verdict")
        )

    @property
    def display_text(self) -> str:
        return self.corrected_text or self.text

    @property
    def source_name(self) -> str:
        """Who the public is told made the claim: the resolved speaker, else the article's own
        words for them ("officials"), else nothing."""
        return self.speaker.name if self.speaker is not None else self.attribution.strip()

    @property
    def published_verdict(self) -> Verdict | None:
        """The verdict readers may see: None until an editor publishes one."""
        verdict = getattr(self, "verdict", None)
        return verdict if verdict is not None and verdict.is_published else None

    @property
    def piece_spans(self) -> list[tuple[int, int]]:
        """The claim's pieces as (start, end) pairs: one piece, start..end, unless stored."""
        return piece_spans(self.pieces, self.start, self.end)

    def check_span(self) -> None:
        body = self.article.body
        if not (0 <= self.start < self.end <= len(body)):
            raise ClaimSpanError(f"claim span {self.start}:{self.end} lies outside the article ({len(body)} characters)")
        spans = pieces_check(self.pieces, start=self.start, end=self.end) if self.pieces else [(self.start, self.end)]
        if pieces_text(body, spans) != self.text:
            raise ClaimSpanError("claim text differs from the article text of its pieces")

    def clean(self) -> None:
        super().clean()
        if self.article_id is not None:
            self.check_span()

    def save(self, *args, **kwargs) -> None:
        # The offsets are the product's promise to editors and API consumers: never store
        # a claim whose text is not literally the article's text at those offsets.
        self.check_span()
        super().save(*args, **kwargs)


class Verdict(models.Model):
    class Rating(models.TextChoices):
        TRUE = "true", "True"
        MOSTLY_TRUE = "mostly-true", "Mostly true"
        HALF_TRUE = "half-true", "Half true"
        MOSTLY_FALSE = "mostly-false", "Mostly false"
        FALSE = "false", "False"
        MISLEADING = "misleading", "Misleading"
        UNVERIFIABLE = "unverifiable", "Unverifiable"
        MISATTRIBUTED = "misattributed", "Misattributed"

    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="verdict")
    rating = models.CharField(max_length=16, choices=Rating.choices)
    summary = models.TextField(help_text="The explanation readers see with the rating.")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="verdicts")
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty until an editor publishes the verdict.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="published_verdicts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        permissions = [("publish_verdict", "Can publish verdicts")]

    def __str__(self) -> str:
        return f"{self.get_rating_display()}: {self.claim}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Evidence(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=1000)
    title = models.CharField(max_length=500)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title


class ApiToken(models.Model):
    """A newsroom system's key to the API. Only a hash is stored: the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What uses this key, e.g. 'CMS export'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False, help_text="Public part, to find the key.")
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, help_text="Set to revoke the key; it stops working at once.")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.user})"


class WorkerHeartbeat(models.Model):
    """A running worker writes its row every few seconds; /healthz reads how recent the
    newest one is. The database is the one place every web process and worker shares."""

    name = models.CharField(max_length=200, unique=True, help_text="Celery worker name, e.g. celery@host.")
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.seen_at:%H:%M:%S}"
