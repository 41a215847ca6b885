from django.db.models import Count, Q
from django.shortcuts import render

from claims.models import Claim
from claims.pages.reporter import status_row
from claims.public.selectors import articles_for
from claims.roles import can_submit
from sources.models import Article


def home(request):
    """Front page: what is in the system and where to go next."""
    articles = Article.objects.aggregate(
        total=Count("id"),
        extracted=Count("id", filter=Q(status=Article.Status.EXTRACTED)),
        failed=Count("id", filter=Q(status=Article.Status.FAILED)),
    )
    claims = Claim.objects.aggregate(
        total=Count("id"),
        pending=Count("id", filter=Q(status=Claim.Status.PENDING)),
        verified=Count("id", filter=Q(status=Claim.Status.VERIFIED)),
    )
    latest = []
    if can_submit(request.user):
        # Articles are the newsroom's working material: editors see all, reporters their own,
        # the public only what was verified.
        latest = [(a, status_row(a)) for a in articles_for(request.user).order_by("-created_at", "-id")[:10]]
    return render(request, "home.html", {"articles": articles, "claims": claims, "latest": latest})
