from django.db.models import Count, Q
from django.shortcuts import render

from claims.models import Claim
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
    if request.user.is_staff:
        # Articles are the newsroom's working material: the public sees only what was verified.
        latest = list(Article.objects.select_related("outlet").annotate(claim_count=Count("claims"))[:10])
    return render(request, "home.html", {"articles": articles, "claims": claims, "latest": latest})
