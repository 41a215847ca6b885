"""Read-side queries of the newsroom's own work: the articles a signed-in user follows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models import IntegerField
from django.db.models.functions import Coalesce

from claims.models import Claim, claim_count
from claims.roles import is_editor
from sources.models import Article
from sources.services import article_versions


def articles_for(user) -> QuerySet[Article]:
    """The articles a user may follow, with claim counts by status: editors see every
    article, everyone else the ones they submitted."""
    queryset = Article.objects.select_related("outlet").annotate(
        n_pending=claim_count(Claim.Status.PENDING),
        n_verified=claim_count(Claim.Status.VERIFIED),
        n_rejected=claim_count(Claim.Status.REJECTED),
    )
    return queryset if is_editor(user) else queryset.filter(submitted_by=user)


def reviewed_since(since: dt.datetime | None):
    """An article's number of claims reviewed (verified or rejected) after `since`, as a
    subquery for the rows shown; 0 when there is no `since` (a first visit)."""
    if since is None:
        return Value(0, output_field=IntegerField())
    counted = (
        Claim.objects.filter(article=OuterRef("pk"), reviewed_at__gt=since)
        .exclude(status=Claim.Status.PENDING)
        .order_by().values("article").annotate(n=Count("id")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class ReviewsSince:
    since: dt.datetime | None
    verified: int
    rejected: int
    articles: int  # how many of the user's articles those reviews are in

    @property
    def total(self) -> int:
        return self.verified + self.rejected


def reviews_since(user, since: dt.datetime | None) -> ReviewsSince:
    """What editors did to the claims of the user's own articles after `since`."""
    if since is None:
        return ReviewsSince(None, 0, 0, 0)
    counts = Claim.objects.filter(article__submitted_by=user, reviewed_at__gt=since).aggregate(
        verified=Count("id", filter=Q(status=Claim.Status.VERIFIED)),
        rejected=Count("id", filter=Q(status=Claim.Status.REJECTED)),
        articles=Count("article", filter=~Q(status=Claim.Status.PENDING), distinct=True),
    )
    return ReviewsSince(since, counts["verified"], counts["rejected"], counts["articles"])


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    created_at: dt.datetime
    status: str
    status_display: str


@dataclass(frozen=True)
class ArticleHistory:
    """An article's versions, oldest first, and what the editors reviewed in earlier texts
    that the latest no longer has (those claims stay on their version)."""

    id: int  # the article asked about
    version: int
    versions: tuple[VersionRow, ...]
    latest_id: int
    left_behind: tuple[Claim, ...] = ()

    @property
    def superseded(self) -> bool:
        return self.id != self.latest_id

    @property
    def count(self) -> int:
        return len(self.versions)


def article_history(article: Article, *, reviewed_left_behind: bool = True) -> ArticleHistory:
    """The version chain of the article (one query per version: chains are short). On the
    latest version, `left_behind` lists the reviewed claims of the earlier versions whose
    words the latest text no longer has."""
    chain = article_versions(article)
    rows = tuple(
        VersionRow(v.pk, v.version, v.created_at, v.status, Article.Status(v.status).label) for v in chain
    )
    latest = chain[-1]
    left: tuple[Claim, ...] = ()
    # Until the latest text is extracted nothing has been carried to it: every reviewed
    # claim would look left behind.
    if (reviewed_left_behind and latest.pk == article.pk and len(chain) > 1
            and article.status == Article.Status.EXTRACTED):
        earlier = [v.pk for v in chain[:-1]]
        left = tuple(
            Claim.objects.filter(article_id__in=earlier)
            .filter(Q(status__in=[Claim.Status.VERIFIED, Claim.Status.REJECTED]) | Q(corrected_at__isnull=False)
                    | Q(verdict__isnull=False) | Q(assigned_to__isnull=False))
            .select_related("speaker", "article").order_by("-article__version", "start", "id")
        )
    return ArticleHistory(id=article.pk, version=article.version, versions=rows, latest_id=latest.pk, left_behind=left)
