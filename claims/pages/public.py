"""Pages open to anyone: the front page, verified quotes, a speaker's record, one claim with
its verdict. Only verified claims and published verdicts appear here (the front page also
lists a signed-in reporter's or editor's latest articles)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from claims.display.charts import bar_chart_svg
from claims.display.highlight import claim_in_context
from claims.display.wording import claim_reading
from claims.models import Claim, Verdict
from claims.pages.reporter import status_row
from claims.params import MAX_SEARCH_CHARS
from claims.pipeline.selectors import articles_for
from claims.public.claimreview import claim_review
from claims.public.selectors import filter_quotes, published_verdicts, verified_claims, verified_quotes
from claims.roles import can_submit
from claims.tracking.selectors import claim_appearances, claim_fact_checks, speaker_statement_views
from sources.models import Article, Outlet, Speaker

PAGE_SIZE = 20
LIST_WORDS = 300
HOME_QUOTES = 5
HOME_VERDICTS = 5  # characters of a claim's words in a list; the claim page shows them all
TITLE_WORDS = 60
# The filters the quote page offers; others the selectors know (kind, article) work in links too.
FILTER_NAMES = ("q", "speaker", "outlet", "published_after", "published_before", "rating")


def _page(request: HttpRequest, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _rows(page) -> list[dict]:
    return [
        {"claim": claim, "verdict": claim.published_verdict, "words": claim_reading(claim, limit=LIST_WORDS).html()}
        for claim in page
    ]


def home(request):
    """Front page: the latest verified quotes and published verdicts, what is in the system
    and where to go next."""
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
    quotes = verified_quotes().order_by("-reviewed_at", "-id")[:HOME_QUOTES]
    verdicts = published_verdicts().select_related("claim__article", "claim__article__outlet").order_by(
        "-published_at", "-id"
    )[:HOME_VERDICTS]
    latest = []
    if can_submit(request.user):
        # Articles are the newsroom's working material: editors see all, reporters their own,
        # the public only what was verified.
        latest = [(a, status_row(a)) for a in articles_for(request.user).order_by("-created_at", "-id")[:10]]
    return render(request, "home.html", {
        "articles": articles, "claims": claims, "latest": latest,
        "quotes": _rows(quotes),
        "verdicts": [
            {"verdict": v, "claim": v.claim, "words": claim_reading(v.claim, limit=LIST_WORDS).html()} for v in verdicts
        ],
    })


@require_GET
def quote_list(request: HttpRequest) -> HttpResponse:
    """Verified quotes, newest verified first, with search and filters."""
    queryset = verified_quotes().order_by("-reviewed_at", "-id")
    errors: dict[str, list[str]] = {}
    try:
        queryset = filter_quotes(queryset, request.GET)
    except ValidationError as exc:
        errors = exc.message_dict
        queryset = queryset.none()
    page, query = _page(request, queryset)
    values = {name: request.GET.get(name, "").strip() for name in FILTER_NAMES}
    context = {
        "page": page, "rows": _rows(page), "query": query, "values": values, "errors": errors,
        "outlets": list(
            Outlet.objects.filter(Exists(verified_claims().filter(article__outlet=OuterRef("pk"))))
            .order_by("name").values_list("slug", "name")
        ),
        "ratings": Verdict.Rating.choices, "max_search": MAX_SEARCH_CHARS,
        "filtered": any(values.values()),
    }
    return render(request, "public/quotes.html", context, status=400 if errors else 200)


@require_GET
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker, slug=slug)
    queryset = verified_quotes().filter(speaker=speaker).order_by("-reviewed_at", "-id")
    counts = dict(
        Verdict.objects.filter(claim__speaker=speaker, claim__status=Claim.Status.VERIFIED, published_at__isnull=False)
        .values_list("rating").annotate(n=Count("id")).order_by()
    )
    page, query = _page(request, queryset)
    if page.paginator.count == 0:
        raise Http404("This speaker has no verified quotes.")
    ratings = [(label, counts.get(value, 0)) for value, label in Verdict.Rating.choices]
    return render(request, "public/speaker.html", {
        "speaker": speaker, "page": page, "rows": _rows(page), "query": query,
        "statements": speaker_statement_views(speaker, public=True),
        "chart": bar_chart_svg(ratings, title=f"Published verdicts on {speaker.name}'s claims", across=True)
        if counts else None,
        "verdict_total": sum(counts.values()),
    })


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(verified_quotes(), pk=pk)
    verdict = claim.published_verdict
    json_ld = None
    if verdict is not None:
        url = request.build_absolute_uri(reverse("web:claim-detail", args=[claim.pk]))
        json_ld = json_ld_script(claim_review(claim, url=url))
    reading = claim_reading(claim)
    return render(request, "public/claim.html", {
        "claim": claim, "verdict": verdict, "headline": reading.html(), "title": _title(claim), "context": claim_in_context(claim), "json_ld": json_ld,
        "speaker_public": claim.speaker is not None,
        # Where else readers may see the statement, and the fact-checks confirmed for it.
        "appearances": claim_appearances(claim, public=True),
        "fact_checks": [c.fact_check for c in claim_fact_checks(claim, public=True)],
    })


def _title(claim: Claim) -> str:
    """The page's <title>: reported speech already names its speaker, quoted words get the
    speaker in front ("Varga: “…”")."""
    reading = str(claim_reading(claim, limit=TITLE_WORDS))
    if claim.kind == Claim.Kind.DIRECT and claim.speaker is not None:
        return f"{claim.speaker.name}: {reading}"
    return reading


_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block. <, > and & are written as JSON
    escapes, so no text inside (a quote saying "</script>") can end the element."""
    payload = json.dumps(data, ensure_ascii=False, indent=1).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
