"""Read-side queries of the newsroom's own work: the articles a signed-in user follows."""

from __future__ import annotations

from django.db.models import QuerySet

from claims.models import Claim, claim_count
from claims.roles import is_editor
from sources.models import Article


def articles_for(user) -> QuerySet[Article]:
    """The articles a user may follow, with claim counts by status: editors see every
    article, everyone else the ones they submitted."""
    queryset = Article.objects.select_related("outlet").annotate(
        n_pending=claim_count(Claim.Status.PENDING),
        n_verified=claim_count(Claim.Status.VERIFIED),
        n_rejected=claim_count(Claim.Status.REJECTED),
    )
    return queryset if is_editor(user) else queryset.filter(submitted_by=user)
