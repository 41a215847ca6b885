"""Public read API under /api/v1/: verified quotes, their speakers, published verdicts.

Anonymous and read-only. Lists page by cursor and answer conditional requests with ETag
and Last-Modified, so a consumer polling an unchanged page gets 304 Not Modified.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims.api.conditional import ReadOnly
from claims.api.examples import CLAIMREVIEW_EXAMPLES, QUOTE_EXAMPLES
from claims.api.pagination import ORDERINGS, QuotePagination
from claims.api.renderers import FastJSONRenderer
from claims.api.serializers import QuoteOutSerializer, quote_rows, quote_values, quote_values_by_id
from claims.models import Claim, Verdict
from claims.public.cache import KeptPage, quote_page_keep, quote_page_slot
from claims.public.claimreview import claim_review
from claims.public.selectors import filter_quotes, verified_claims, verified_quotes

QUOTE_FILTERS = [
    OpenApiParameter("speaker", str, description="Speaker id, or part of a name or alias"),
    OpenApiParameter("outlet", str, description="Outlet slug or name"),
    OpenApiParameter("article", int, description="Article id"),
    OpenApiParameter("kind", str, enum=Claim.Kind.values),
    OpenApiParameter("rating", str, enum=Verdict.Rating.values, description="Rating of the published verdict"),
    OpenApiParameter("published_after", OpenApiTypes.DATE), OpenApiParameter("published_before", OpenApiTypes.DATE),
    OpenApiParameter("verified_after", OpenApiTypes.DATE), OpenApiParameter("verified_before", OpenApiTypes.DATE),
    OpenApiParameter("q", str, description="Words in the quote, matched by their stems (English full-text search)"),
    OpenApiParameter("ordering", str, enum=list(ORDERINGS)),
]


# The documented parameters: only pages asked for with these are kept in the cache.
CACHEABLE_PARAMS = {p.name for p in QUOTE_FILTERS} | {"page_size", "cursor"}


@extend_schema(parameters=QUOTE_FILTERS, examples=QUOTE_EXAMPLES)
class QuoteList(ReadOnly, generics.ListAPIView):
    """Verified quotes, newest first; filters: speaker, outlet, article, kind, rating, dates, q, ordering."""

    serializer_class = QuoteOutSerializer
    pagination_class = QuotePagination

    def get_queryset(self):
        return filter_quotes(verified_claims(), self.request.query_params)

    def list(self, request, *args, **kwargs):
        # Pages are kept for a while, never served once the public data has changed: see
        # claims.public.cache.
        slot = quote_page_slot(
            url=f"{request.scheme}://{request.get_host()}{request.path}", params=request.query_params,
            allowed=CACHEABLE_PARAMS,
        )
        if slot is not None and slot.found is not None:
            self.last_modified = slot.found.last_modified
            return HttpResponse(slot.found.body, content_type="application/json")
        # The paginator pages through ids alone (and the ordering's column); the rows come
        # from one prepared query by id (quote_values_by_id). Plain rows: see quote_rows.
        ordering = self.paginator.get_ordering(request, None, self)  # 400 for an unknown one
        keys = self.paginate_queryset(self.get_queryset().values(*{field.lstrip("-") for field in ordering}))
        page = quote_values_by_id([key["id"] for key in keys])
        stamps: list = []
        quotes = quote_rows(page, self.get_serializer_context(), stamps=stamps)
        self.note_rows(page, stamps)
        data = self.get_paginated_response(quotes).data
        body = FastJSONRenderer().render(data)  # kept rendered: a hit skips the encoding too
        if slot is not None:
            quote_page_keep(slot, KeptPage(body, self.last_modified))
        return HttpResponse(body, content_type="application/json")


@extend_schema(examples=QUOTE_EXAMPLES)
class QuoteDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = QuoteOutSerializer

    def get_queryset(self):
        return verified_claims()

    def retrieve(self, request, *args, **kwargs):
        # Written by quote_rows, as in the lists: one shape of a quote.
        row = get_object_or_404(quote_values(self.get_queryset()), pk=self.kwargs["pk"])
        stamps: list = []
        quote = quote_rows([row], self.get_serializer_context(), stamps=stamps)[0]
        self.note_rows([row], stamps)
        return Response(quote)


class QuoteClaimReview(ReadOnly, generics.GenericAPIView):
    """schema.org ClaimReview JSON-LD for a verified quote with a published verdict."""

    @extend_schema(
        responses={(200, "application/ld+json"): OpenApiTypes.OBJECT}, description=__doc__,
        examples=CLAIMREVIEW_EXAMPLES,
    )
    def get(self, request, pk: int):
        queryset = verified_quotes().filter(pk=pk, verdict__published_at__isnull=False)
        claim = get_object_or_404(queryset)
        self.note_changes([claim])
        # The review's url is the public page that shows it, as the markup asks.
        url = reverse("web:claim-detail", args=[claim.pk], request=request)
        return JsonResponse(claim_review(claim, url=url), content_type="application/ld+json")
