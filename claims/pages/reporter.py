"""Reporter pages: submit an article, follow your articles, see what was found in one.

Reporters see the articles they submitted; editors see every article. Each page only
gathers what its template shows; submitting goes through `sources.services.article_submit`
like every other way in.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods

from claims.display.highlight import SpeakerColours, article_marked
from claims.display.wording import Reading, reader_words
from claims.models import Claim, Verdict
from claims.pages.forms import ArticleSubmitForm
from claims.params import ids_param
from claims.pipeline.selectors import article_history, articles_for, reviewed_since, reviews_since
from claims.pipeline.services import articles_seen_update
from claims.roles import SUBMIT_PERMISSION, is_editor
from sources.models import Article
from sources.services import article_submit, article_submit_url, outlet_get_or_create, submission_allowed

MAX_STATUS_IDS = 100
# Statuses after which nothing changes without someone acting: the pages stop polling.
SETTLED = {Article.Status.EXTRACTED, Article.Status.FAILED}


def status_row(article: Article) -> dict:
    """What the status poll reports of one article (and the list page shows)."""
    return {
        "id": article.pk,
        "status": article.status,
        "status_display": article.get_status_display(),
        "claims": article.n_pending + article.n_verified + article.n_rejected,
        "verified": article.n_verified,
        "rejected": article.n_rejected,
        "reviewed": article.n_verified + article.n_rejected,
        "error": article.error,
        "settled": article.status in SETTLED,
    }


@login_required
@permission_required(SUBMIT_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    form = ArticleSubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and _submission_allowed(request, form):
        data = form.cleaned_data
        try:
            outlet = data["outlet"]
            if outlet is None and data["new_outlet"].strip():
                outlet = outlet_get_or_create(name=data["new_outlet"].strip())
            if data.get("by_url"):
                result = article_submit_url(url=data["url"], title=data["title"], outlet=outlet,
                                            submitted_by=request.user)
            else:
                result = article_submit(
                    title=data["title"], body=data["body"], url=data["url"] or "",
                    published_on=data["published_on"], outlet=outlet, submitted_by=request.user,
                )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if result.created:
                _flash_submitted(request, result.article.pk)
                return redirect("web:article-detail", pk=result.article.pk)
            form.add_error(None, _duplicate_message(request, result.article))
    context = {"form": form, "max_chars": f"{settings.FACTCHECK_MAX_ARTICLE_CHARS:,}"}
    return render(request, "articles/new.html", context, status=400 if form.errors else 200)


def _flash_submitted(request: HttpRequest, article_id: int) -> None:
    """Say what is known now, as the article's status has it: without a broker a short text
    was read already, a long one is still being read (the page shows its progress, so the
    message says nothing that could go stale)."""
    article = articles_for(request.user).get(pk=article_id)
    row = status_row(article)
    if article.status == Article.Status.EXTRACTED:
        messages.success(request, f"Article submitted and read: {row['claims']} claim(s) found.")
    elif article.status == Article.Status.FAILED:
        messages.error(request, f"Article submitted, but reading it failed: {article.error}")
    elif article.status == Article.Status.FETCHING:
        messages.success(request, "Article submitted: its page is being fetched, then it is read.")
    else:
        messages.success(request, "Article submitted.")


def _submission_allowed(request: HttpRequest, form) -> bool:
    limit = submission_allowed(user=request.user)
    if not limit.allowed:
        form.add_error(None, f"Too many submissions from your account; try again in {math.ceil(limit.wait)} seconds.")
    return limit.allowed


def _duplicate_message(request: HttpRequest, existing: Article) -> str:
    if is_editor(request.user) or existing.submitted_by_id == request.user.pk:
        return format_html(
            'This text was submitted before: <a href="{}">{}</a>.',
            reverse("web:article-detail", args=[existing.pk]), existing.title,
        )
    return "This text was submitted before by someone else; an editor can show you the article."


@login_required
@permission_required(SUBMIT_PERMISSION, raise_exception=True)
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    since = articles_seen_update(user=request.user)
    queryset = (
        # The latest text of each article: the earlier ones are reached from its page.
        articles_for(request.user).filter(submitted_by=request.user, next_version__isnull=True)
        .annotate(n_reviewed_since=reviewed_since(since)).order_by("-created_at", "-id")
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    rows = [(article, status_row(article)) for article in page]
    running = ",".join(str(article.pk) for article, row in rows if not row["settled"])
    return render(request, "articles/list.html", {
        "page": page, "rows": rows, "running": running, "changes": reviews_since(request.user, since),
    })


@login_required
@require_GET
def article_status(request: HttpRequest) -> JsonResponse:
    """Status and claim counts of the articles named in `ids` (comma-separated) that the
    caller may see; the pages poll this while extraction runs."""
    try:
        ids = ids_param(request.GET, "ids", MAX_STATUS_IDS)
    except ValidationError:
        return JsonResponse({"detail": f"Pass ids=1,2,3 with 1 to {MAX_STATUS_IDS} article ids."}, status=400)
    articles = articles_for(request.user).filter(pk__in=ids).order_by("pk")
    return JsonResponse({"articles": [status_row(article) for article in articles]})


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claims = Claim.objects.select_related("speaker", "verdict").order_by("start", "id")
    queryset = articles_for(request.user).prefetch_related(Prefetch("claims", queryset=claims))
    article = queryset.filter(pk=pk).first()
    if article is None:
        raise Http404("No article of yours has this id.")
    colours = SpeakerColours()
    editor = is_editor(request.user)
    items = []
    for claim in article.claims.all():
        verdict: Verdict | None = getattr(claim, "verdict", None)
        if verdict is not None and not verdict.is_published and not editor:
            verdict = None  # a draft rating is the editors' until published
        items.append({
            "claim": claim,
            "colour": colours.css_class(claim.speaker),
            "speaker_title": claim.speaker_title or (claim.speaker.title if claim.speaker else ""),
            # Quotation marks only around quoted words, as on the public pages.
            "words": Reading("", reader_words(claim.kind, claim.display_text, limit=180)).html(),
            "verdict": verdict,
        })
    body = article_marked(
        article.body,
        [
            (a, b, c["claim"].pk, c["colour"], _label(c["claim"]))
            for c in items for a, b in c["claim"].piece_spans
        ],
    )
    history = article_history(article)
    return render(request, "articles/detail.html", {
        "article": article, "items": items, "body": body, "legend": colours.legend(),
        "status": status_row(article), "is_editor": editor, "history": history,
        "left_behind": [
            {"claim": c, "words": Reading("", reader_words(c.kind, c.display_text, limit=180)).html()}
            for c in history.left_behind
        ],
    })


def _label(claim: Claim) -> str:
    speaker = claim.speaker.name if claim.speaker else "unknown speaker"
    return f"{speaker}, {claim.cue}" if claim.cue else speaker
