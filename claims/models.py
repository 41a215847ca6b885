from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from claims import checkworthiness
from sources.models import Article, Speaker


def claim_count(status: str | None = None, *, worth: int | None = None):
    """An article's number of claims (in one status; in one Claim.Worth tier), as a subquery:
    evaluated only for the rows shown, where a JOIN and GROUP BY would first count every
    claim in the database."""
    claims = Claim.objects.filter(article=OuterRef("pk"))
    if status is not None:
        claims = claims.filter(status=status)
    if worth is not None:
        claims = claims.filter(worth=worth)
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
    # The check-worthiness engine's types, as stored (claims/checkworthiness/types.py).
    TYPE_CHOICES = [(t.value, t.label) for t in checkworthiness.ClaimType]

    class Kind(models.TextChoices):
        DIRECT = "direct", "Direct quote"
        INDIRECT = "indirect", "Indirect (reported speech)"
        MIXED = "mixed", "Mixed (reported with quoted words)"

    class Worth(models.IntegerChoices):
        """Where check-worthiness puts a claim in the review queue: worth checking first, the
        claims with nothing to check last (their order: the stored numbers)."""

        CHECK = 0, "worth checking"
        BELOW = 1, "below the threshold"
        NOTHING = 2, "nothing to check"

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
    worthiness = models.FloatField(
        null=True, blank=True, editable=False,
        help_text="How worth a fact-checker's time the claim is, 0 to 1 (claims/checkworthiness); empty: not scored.",
    )
    claim_type = models.CharField(
        max_length=16, choices=TYPE_CHOICES, blank=True, editable=False,
        help_text="What the claim asserts: a figure, a comparison, a prediction... or nothing to check.",
    )
    worthiness_reason = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Why, in a few words: 'cites a percentage'."
    )
    worth = models.PositiveSmallIntegerField(
        "worth checking", choices=Worth.choices, default=Worth.BELOW, editable=False,
        help_text="Worth checking: scored at least FACTCHECK_CHECKWORTHY_MIN and not 'nothing to check'; below "
        "that; or nothing to check. Set when the claim is scored; after changing the setting, run "
        "`manage.py rescore_claims`.",
    )
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
            models.Index(fields=["status", "confidence"]),  # by confidence within a status
            # The review queue's order: pending first, worth checking first, least certain first.
            models.Index(fields=["status", "worth", "confidence", "id"], name="claim_review_queue"),
            models.Index(fields=["status", "created_at", "id"]),  # oldest pending, on the dashboard
            models.Index(fields=["reviewed_at"]),  # reviews per day
            models.Index(fields=["updated_at"], name="claim_updated_at"),  # the sweep for claims whose matching is due
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

    def score_worthiness(self) -> None:
        """Score the claim's words as they now read (an editor's correction included), with
        what the extractor knows: its kind, its cue, whether anyone is named for it."""
        found = checkworthiness.score(
            self.display_text, kind=self.kind, cue_lemma=self.cue, speaker_known=self.speaker_id is not None
        )
        self.worthiness = found.score
        self.claim_type = found.type.value
        self.worthiness_reason = found.reason[:200]
        if found.type is checkworthiness.ClaimType.NOTHING:
            self.worth = self.Worth.NOTHING
        elif found.score >= settings.FACTCHECK_CHECKWORTHY_MIN:
            self.worth = self.Worth.CHECK
        else:
            self.worth = self.Worth.BELOW

    @property
    def check_worthy(self) -> bool:
        return self.worth == self.Worth.CHECK

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
        # Scored on every save, so that no door (extraction, a correction, a new speaker)
        # leaves the score of words the claim no longer has: about 50 µs.
        self.score_worthiness()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *WORTHINESS_FIELDS}
        super().save(*args, **kwargs)


# What Claim.score_worthiness() sets.
WORTHINESS_FIELDS = ("worthiness", "claim_type", "worthiness_reason", "worth")


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


# A claim's appearance, earliest first: by its article's date (undated articles last, by
# when they came in), then in the order the claims were stored.
APPEARANCE_ORDER = (F("article__published_on").asc(nulls_last=True), "article__created_at", "id")


class ClaimIndex(models.Model):
    """What matching keeps per claim (claims/tracking): the words matched, their exact key and
    vector. A row of its own, so that indexing never touches the claim's history or version,
    which are the editors'. The full-text index reads `text`: a generated tsvector column on
    PostgreSQL, an FTS5 table kept in step by triggers on SQLite (migration 0013)."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="match_index")
    text = models.TextField(help_text="The claim's words as matched (its display text when indexed).")
    key = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the exact key; empty for no words.")
    vector = models.BinaryField(help_text="The words' vector, int8 bytes (claims/matching/dense.py).")
    vector_format = models.CharField(max_length=80, help_text="What the vector bytes mean: another format is recomputed.")
    matched_speaker_pk = models.BigIntegerField(
        null=True, blank=True, help_text="The claim's speaker when it was last matched: a new speaker matches again."
    )
    matched_at = models.DateTimeField(null=True, blank=True, help_text="When the claim was last matched; empty: never.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "claim indexes"
        indexes = [
            # A claim's candidates are its speaker's matched claims: with the full-text index,
            # the planner combines the two (a prolific speaker has thousands of claims).
            models.Index(
                fields=["matched_speaker_pk"], condition=models.Q(matched_at__isnull=False),
                name="claimindex_matched_speaker",
            ),
        ]

    def __str__(self) -> str:
        return f"index of claim #{self.claim_id}"


class Statement(models.Model):
    """The claims that carry the same words by the same speaker: one quote reported by
    several outlets, or repeated later. Its claims are those with a confirmed match to it
    (ClaimMatch); its outlets and wording variants come from them."""

    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements",
        help_text="Who made the statement.",
    )
    text = models.TextField(help_text="The statement's words as they first appeared.")
    first_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Its first appearance: the earliest of its claims by article date.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        words = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"statement #{self.pk}: {words}"

    def claims(self) -> models.QuerySet[Claim]:
        """Its claims (confirmed matches), earliest appearance first."""
        return Claim.objects.filter(
            matches__statement=self, matches__state=ClaimMatch.State.CONFIRMED
        ).order_by(*APPEARANCE_ORDER)


class FactCheck(models.Model):
    """A verdict on a claim: ours (a published Verdict) or another organisation's, imported
    from its ClaimReview markup. `rating_value` puts every rating on one scale, -1 (false)
    to 1 (true), so that ratings written differently compare; empty when the rating says
    nothing about truth ('unverifiable', 'satire') or cannot be read."""

    verdict = models.OneToOneField(
        Verdict, null=True, blank=True, on_delete=models.CASCADE, related_name="fact_check",
        help_text="Our published verdict, for our own fact-checks; empty for imported ones.",
    )
    publisher = models.CharField(max_length=300, help_text="Who published the fact-check.")
    url = models.URLField(
        max_length=1000, blank=True, help_text="The fact-check's page; imported fact-checks are deduplicated by it."
    )
    claim_reviewed = models.TextField(help_text="The claim as the fact-checker wrote it.")
    title = models.CharField(max_length=500, blank=True, help_text="The fact-check's headline.")
    claimant = models.CharField(max_length=300, blank=True, help_text="Who made the claim, as the fact-checker names them.")
    rating_text = models.CharField(max_length=200, blank=True, help_text="The rating as written: 'Pants on Fire'.")
    rating_value = models.FloatField(
        null=True, blank=True, help_text="The rating from -1 (false) to 1 (true); empty when it says nothing of truth."
    )
    reviewed_on = models.DateField(null=True, blank=True, help_text="When the fact-check was published.")
    raw = models.JSONField(default=dict, blank=True, help_text="The ClaimReview JSON-LD as imported.")
    key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    vector = models.BinaryField(blank=True, default=b"", editable=False)
    vector_format = models.CharField(max_length=80, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["key", "vector", "vector_format"])

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~models.Q(url=""), name="unique_factcheck_url"),
            models.CheckConstraint(
                condition=models.Q(verdict__isnull=False) | ~models.Q(url=""), name="factcheck_ours_or_with_url"
            ),
            models.CheckConstraint(
                condition=models.Q(rating_value__isnull=True)
                | (models.Q(rating_value__gte=-1) & models.Q(rating_value__lte=1)),
                name="factcheck_rating_value_scale",
            ),
        ]

    def __str__(self) -> str:
        words = self.claim_reviewed if len(self.claim_reviewed) <= 60 else self.claim_reviewed[:57] + "..."
        return f"{self.publisher}: {words} ({self.rating_text or 'unrated'})"

    @property
    def is_ours(self) -> bool:
        return self.verdict_id is not None


class ClaimMatch(models.Model):
    """A claim linked to a statement or a fact-check, with the engine's score and the
    editors' word: suggested (shown to editors), confirmed (by an editor, or by the system
    for a sure link: decided_by empty) or rejected (never suggested again)."""

    class State(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    statement = models.ForeignKey(
        Statement, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    fact_check = models.ForeignKey(
        FactCheck, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    score = models.FloatField(help_text="The matching engine's blended score (1 and above: the same words).")
    state = models.CharField(max_length=16, choices=State.choices, default=State.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="decided_matches",
        help_text="The editor who confirmed or rejected the match; empty for the system's own links.",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statement__isnull=True, fact_check__isnull=False)
                | models.Q(statement__isnull=False, fact_check__isnull=True),
                name="claimmatch_one_target",
            ),
            models.UniqueConstraint(
                fields=["claim", "statement"], condition=models.Q(statement__isnull=False),
                name="unique_claimmatch_statement",
            ),
            models.UniqueConstraint(
                fields=["claim", "fact_check"], condition=models.Q(fact_check__isnull=False),
                name="unique_claimmatch_factcheck",
            ),
            # A claim belongs to one statement at most.
            models.UniqueConstraint(
                fields=["claim"], condition=models.Q(statement__isnull=False, state="confirmed"),
                name="one_statement_per_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["statement", "state"]),
            models.Index(fields=["fact_check", "state"]),
        ]

    def __str__(self) -> str:
        target = f"statement #{self.statement_id}" if self.statement_id else f"fact-check #{self.fact_check_id}"
        return f"claim #{self.claim_id} -> {target} ({self.state}, {self.score:.2f})"


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


class ReviewLease(models.Model):
    """A claim an editor has open on the review desk, until `expires_at`: the desk's "next"
    gives it to nobody else meanwhile. Written only under the claim's row lock
    (claims/review/desk.py), so two editors asking at once never both get it."""

    claim = models.OneToOneField(Claim, primary_key=True, on_delete=models.CASCADE, related_name="review_lease")
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_leases")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"claim #{self.claim_id} held by {self.holder_id} until {self.expires_at:%H:%M:%S}"


class ReviewQueueFilter(models.Model):
    """An editor's review desk filters, kept between visits (the desk's queue form)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="review_queue_filter"
    )
    filters = models.JSONField(default=dict, blank=True, help_text="The desk's filter form, as sent, checked on use.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"review filters of {self.user_id}"


class Invitation(models.Model):
    """An editor's invitation to a new reporter or editor: a link that sets the account's
    password, once, before it expires. Only the token's hash is stored; the link is shown
    once, to the editor who made it. The account is made when the invitation is accepted."""

    class Role(models.TextChoices):
        REPORTER = "reporter", "Reporter"
        EDITOR = "editor", "Editor"

    username = models.CharField(max_length=150, help_text="The name the new colleague signs in with.")
    email = models.EmailField(blank=True, help_text="Kept on the account; no mail is sent: pass the link on yourself.")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.REPORTER)
    token_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="invitations_sent", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False,
        help_text="The account the invitation made.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("manage_people", "Can invite reporters and editors, change their roles and deactivate them")]

    def __str__(self) -> str:
        return f"{self.username} ({self.get_role_display()})"


class Person(User):
    """The newsroom's accounts as the people page shows them (a proxy: no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "person"
        verbose_name_plural = "people"


class ArticlesSeen(models.Model):
    """When someone last opened their list of articles: the list tells what was reviewed since."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "articles seen"
        verbose_name_plural = "articles seen"

    def __str__(self) -> str:
        return f"{self.user_id} at {self.seen_at:%Y-%m-%d %H:%M}"


# Webhooks keep their rows in their own package; imported here so the app registers them.
from claims.webhooks.models import Delivery, DeliveryAttempt, Endpoint, Event  # noqa: E402,F401
