"""The editors' dashboard: what waits for review, what was reviewed, how claims were rated.

Every figure comes from one aggregate query (seven in all, whatever the size of the
tables) and links to the admin changelist filtered to the rows behind it. The chart of
reviews per day is drawn here as SVG, so the page needs no JavaScript and no assets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from claims.display.charts import bar_chart_svg
from claims.models import Claim, Verdict, claim_count
from claims.roles import REVIEW_PERMISSION
from sources.models import Article

REVIEW_WINDOW_DAYS = 30
RECENT_FAILURES = 5
RECENT_ARTICLES = 10


@dataclass(frozen=True)
class OldestPending:
    claim_id: int
    created_at: datetime
    speaker: str
    text: str
    url: str


@dataclass(frozen=True)
class RatingRow:
    rating: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class FailedArticle:
    title: str
    error: str
    updated_at: datetime
    url: str


@dataclass(frozen=True)
class ArticleWorth:
    """How much of one article is worth checking: its claims, and those worth checking."""

    title: str
    claims: int
    worth_checking: int
    url: str  # the article's claims in the review queue
    worth_url: str  # only those worth checking

    @property
    def share(self) -> int | None:
        """Per cent of the claims worth checking, rounded; None for an article without claims."""
        return round(100 * self.worth_checking / self.claims) if self.claims else None


@dataclass(frozen=True)
class DashboardFigures:
    pending: int
    pending_url: str
    oldest_pending: OldestPending | None
    reviewed_per_day: list[tuple[date, int]]
    reviewed_total: int
    reviewed_url: str
    ratings: list[RatingRow]
    failures: int
    failures_url: str
    recent_failures: list[FailedArticle]
    recent_articles: list[ArticleWorth]


def _changelist(name: str, **filters: str) -> str:
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def _window(today: date) -> tuple[list[date], datetime, datetime]:
    """The last REVIEW_WINDOW_DAYS days ending today, and their bounds as aware datetimes."""
    days = [today - timedelta(days=back) for back in range(REVIEW_WINDOW_DAYS - 1, -1, -1)]
    zone = timezone.get_current_timezone()
    since = datetime.combine(days[0], time.min, tzinfo=zone)
    until = datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone)
    return days, since, until


def dashboard_figures() -> DashboardFigures:
    """All figures of the dashboard, in seven queries."""
    pending_claims = Claim.objects.filter(status=Claim.Status.PENDING)
    pending = pending_claims.count()

    oldest = (
        pending_claims.select_related("speaker")
        .only("id", "created_at", "text", "corrected_text", "speaker__name", "speaker__title")
        .order_by("created_at", "id")
        .first()
    )
    oldest_pending = None
    if oldest is not None:
        oldest_pending = OldestPending(
            claim_id=oldest.pk,
            created_at=oldest.created_at,
            speaker=str(oldest.speaker) if oldest.speaker else "unknown speaker",
            text=oldest.display_text,
            url=reverse("admin:claims_claim_change", args=[oldest.pk]),
        )

    days, since, until = _window(timezone.localdate())
    # TruncDate buckets in the current time zone, the same one `days` was built in, so
    # a review late in the evening lands on the editor's calendar day.
    counted = (
        Claim.objects.filter(reviewed_at__gte=since, reviewed_at__lt=until)
        .annotate(day=TruncDate("reviewed_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_day = {row["day"]: row["n"] for row in counted}
    reviewed_per_day = [(day, by_day.get(day, 0)) for day in days]

    by_rating = {row["rating"]: row["n"] for row in Verdict.objects.values("rating").annotate(n=Count("id")).order_by()}
    ratings = [
        RatingRow(
            rating=rating.value,
            label=rating.label,
            count=by_rating.get(rating.value, 0),
            url=_changelist("claims_verdict", rating__exact=rating.value),
        )
        for rating in Verdict.Rating
    ]

    failed_articles = Article.objects.filter(status=Article.Status.FAILED)
    failures = failed_articles.count()
    recent_failures = [
        FailedArticle(
            title=article.title,
            error=article.error,
            updated_at=article.updated_at,
            url=reverse("admin:sources_article_change", args=[article.pk]),
        )
        for article in failed_articles.only("id", "title", "error", "updated_at").order_by("-updated_at", "-id")[
            :RECENT_FAILURES
        ]
    ]

    # The latest extracted articles, each with the share of its claims worth checking: the
    # counts are subqueries, run for these rows only.
    recent_articles = [
        ArticleWorth(
            title=article.title,
            claims=article.n_claims,
            worth_checking=article.n_worth,
            url=_changelist("claims_claim", article=str(article.pk), status__exact="all"),
            worth_url=_changelist(
                "claims_claim", article=str(article.pk), worth__exact=str(Claim.Worth.CHECK), status__exact="all"
            ),
        )
        for article in Article.objects.filter(status=Article.Status.EXTRACTED)
        .annotate(n_claims=claim_count(), n_worth=claim_count(worth=Claim.Worth.CHECK))
        .only("id", "title")
        .order_by("-created_at", "-id")[:RECENT_ARTICLES]
    ]

    return DashboardFigures(
        pending=pending,
        pending_url=_changelist("claims_claim", status__exact=Claim.Status.PENDING),
        oldest_pending=oldest_pending,
        reviewed_per_day=reviewed_per_day,
        reviewed_total=sum(n for _, n in reviewed_per_day),
        reviewed_url=_changelist("claims_claim", reviewed_at__gte=since.isoformat(), status__exact="all"),
        ratings=ratings,
        failures=failures,
        failures_url=_changelist("sources_article", status__exact=Article.Status.FAILED),
        recent_failures=recent_failures,
        recent_articles=recent_articles,
    )


@staff_member_required
@permission_required(REVIEW_PERMISSION, raise_exception=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Editors' overview. Non-staff go to the admin sign-in; staff who may not review claims (reporters) get 403:
    the figures cover every article, not only their own."""
    figures = dashboard_figures()
    series = [(day.isoformat(), n) for day, n in figures.reviewed_per_day]
    chart = bar_chart_svg(series)
    context = {
        **admin.site.each_context(request),
        "title": "Dashboard",
        "figures": figures,
        "chart": chart,
        "window_days": REVIEW_WINDOW_DAYS,
        "worthy_min": settings.FACTCHECK_CHECKWORTHY_MIN,
    }
    return render(request, "admin/dashboard.html", context)
