"""Read-side queries shared by the public pages and the API: what the public may see, and
the query-string filters over it. Bad filter values raise ValidationError with the parameter
name as key; the API answers 400 with it, the pages show it beside the form."""

from __future__ import annotations

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from claims.models import Claim, Evidence, Verdict
from claims.params import choice_param, date_param, id_param, parse_id, text_param
from claims.public.search import sqlite_word_search
from sources.models import Speaker


def verified_claims() -> QuerySet[Claim]:
    """The claims the public may see: verified ones only."""
    return Claim.objects.filter(status=Claim.Status.VERIFIED)


def verified_quotes() -> QuerySet[Claim]:
    """Verified claims with what their pages show: speaker, article, outlet, verdict, evidence."""
    return (
        verified_claims()
        .select_related("speaker", "article", "article__outlet", "verdict")
        .prefetch_related(Prefetch("verdict__evidence", queryset=Evidence.objects.order_by("position", "id")))
    )


DATE_FILTERS = (
    ("published_after", "article__published_on__gte"),
    ("published_before", "article__published_on__lte"),
    ("verified_after", "reviewed_at__date__gte"),
    ("verified_before", "reviewed_at__date__lte"),
)


def filter_quotes(queryset: QuerySet[Claim], params) -> QuerySet[Claim]:
    """The query-string filters of the quote lists, each validated with a clear error."""
    speaker = text_param(params, "speaker")
    if speaker:
        speaker_id = parse_id(speaker)
        if speaker_id is not None:
            queryset = queryset.filter(speaker_id=speaker_id)
        else:
            # Part of a name or alias ("Varga" finds Elena Varga), matched in a subquery so
            # that a speaker with several matching aliases does not repeat the quotes.
            matching = Speaker.objects.filter(Q(name__icontains=speaker) | Q(aliases__name__icontains=speaker))
            queryset = queryset.filter(speaker__in=matching.values("pk"))
    outlet = text_param(params, "outlet")
    if outlet:
        queryset = queryset.filter(Q(article__outlet__slug=outlet) | Q(article__outlet__name__iexact=outlet))
    article = id_param(params, "article", what="article's id")
    if article is not None:
        queryset = queryset.filter(article_id=article)
    kind = choice_param(params, "kind", Claim.Kind.values)
    if kind:
        queryset = queryset.filter(kind=kind)
    rating = choice_param(params, "rating", Verdict.Rating.values)
    if rating:
        queryset = queryset.filter(verdict__rating=rating, verdict__published_at__isnull=False)
    for name, lookup in DATE_FILTERS:
        value = date_param(params, name)
        if value is not None:
            queryset = queryset.filter(**{lookup: value})
    q = text_param(params, "q")
    if q:
        if connection.vendor == "postgresql":
            # Full-text search, in the form the index of migration 0009 is built on.
            from django.contrib.postgres.search import SearchQuery, SearchVector

            queryset = queryset.annotate(_fts=SearchVector("text", config="english")).filter(
                _fts=SearchQuery(q, config="english", search_type="plain")
            )
        else:
            # The same stemmed words as PostgreSQL's English configuration ("strike" finds "striking").
            queryset = sqlite_word_search(queryset, "text", q)
    return queryset


def speakers_with_quotes() -> QuerySet[Speaker]:
    """Speakers with at least one verified quote, with how many."""
    return Speaker.objects.annotate(
        quote_count=Count("claims", filter=Q(claims__status=Claim.Status.VERIFIED))
    ).filter(quote_count__gt=0)


def published_verdicts() -> QuerySet[Verdict]:
    """Published verdicts on verified claims, with the quote and the evidence they show."""
    return (
        Verdict.objects.filter(published_at__isnull=False, claim__status=Claim.Status.VERIFIED)
        .select_related("claim", "claim__speaker")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")))
    )
