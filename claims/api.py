"""Public read API under /api/v1/: verified quotes, their speakers, published verdicts.

Anonymous and read-only. Lists page by cursor and answer conditional requests with ETag
and Last-Modified, so a consumer polling an unchanged page gets 304 Not Modified.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.reverse import reverse

from claims.api_examples import (
    CHANGES_EXAMPLES,
    CLAIMREVIEW_EXAMPLES,
    QUOTE_EXAMPLES,
    SPEAKER_EXAMPLES,
    VERDICT_EXAMPLES,
)
from claims.claimreview import claim_review
from claims.models import Claim, Evidence, Verdict
from claims.params import choice_param, id_pair_param, parse_id, text_param
from claims.selectors import (
    VERSION_KEY,
    filter_quotes,
    history_version,
    verified_claims,
    verified_quotes,
)
from claims.serializers import (
    QUOTE_COLUMNS,
    QuoteOutSerializer,
    SpeakerOutSerializer,
    VerdictListSerializer,
    quote_rows,
)
from sources.models import Speaker

ORDERINGS = {"-id": ("-id",), "id": ("id",), "-verified_at": ("-reviewed_at", "-id"), "verified_at": ("reviewed_at", "id")}


class CheckedCursorPagination(CursorPagination):
    """Cursor pagination that answers 400 JSON for a cursor it did not write: one that
    does not decode (DRF says 404) or whose position does not fit the ordering field (a
    forged "p=abc" on an id ordering reached the database as a 500)."""

    invalid_cursor_message = "Pass back the cursor a previous page returned."
    MAX_POSITION_CHARS = 64

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self._invalid() from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        ordering = self.ordering if isinstance(self.ordering, (list, tuple)) else (self.ordering,)
        field = self._model._meta.get_field(ordering[0].lstrip("-"))
        if len(position) > self.MAX_POSITION_CHARS or "\x00" in position:
            raise self._invalid()
        if isinstance(field, models.IntegerField):
            if parse_id(position.removeprefix("-")) is None:
                raise self._invalid()
            return
        try:
            value = field.to_python(position)
            if isinstance(value, dt.datetime):
                # A time the database can take: aware, and still in range once in UTC
                # ("9999-12-31 23:59:59-14:00" parses, then overflows on the way in).
                if value.tzinfo is None:
                    raise DjangoValidationError("naive time")
                value.astimezone(dt.timezone.utc)
        except (DjangoValidationError, OverflowError, ValueError):
            raise self._invalid() from None

    def _invalid(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class QuotePagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"

    def get_ordering(self, request, queryset, view):
        key = request.query_params.get("ordering", "-id")
        if key not in ORDERINGS:
            raise ValidationError({"ordering": f"Use one of: {', '.join(ORDERINGS)}."})
        return ORDERINGS[key]


class IdPagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"


class ConditionalMixin:
    """ETag (a hash of the answer) and Last-Modified (the newest change among the objects
    shown) on every GET, and 304 when the client's copy is current: what a poller spends
    is one page query, never a scan of the whole table."""

    last_modified: dt.datetime | None = None

    def note_changes(self, claims) -> None:
        stamps = [c.updated_at for c in claims]
        stamps += [c.verdict.updated_at for c in claims if getattr(c, "verdict", None) is not None]
        self.last_modified = max(stamps) if stamps else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        modified = None
        if self.last_modified is not None:
            modified = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(modified)
        return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


class ReadOnly(ConditionalMixin):
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]


QUOTE_FILTERS = [
    OpenApiParameter("speaker", str, description="Speaker id, name or alias"),
    OpenApiParameter("outlet", str, description="Outlet slug or name"),
    OpenApiParameter("article", int, description="Article id"),
    OpenApiParameter("kind", str, enum=Claim.Kind.values),
    OpenApiParameter("rating", str, enum=Verdict.Rating.values, description="Rating of the published verdict"),
    OpenApiParameter("published_after", OpenApiTypes.DATE), OpenApiParameter("published_before", OpenApiTypes.DATE),
    OpenApiParameter("verified_after", OpenApiTypes.DATE), OpenApiParameter("verified_before", OpenApiTypes.DATE),
    OpenApiParameter("q", str, description="Words in the quote (full-text search on PostgreSQL)"),
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
        # A page is kept for a while under the name of the data it was built from
        # (public_data_version): any review, verdict or speaker change names new pages,
        # so a kept page is never stale for what the audited services change.
        seconds = settings.FACTCHECK_API_CACHE_SECONDS
        key = None
        params = request.query_params
        # Only pages asked for with the documented parameters are kept, each once whatever
        # the parameters' order: made-up parameters cannot fill the cache with copies.
        if seconds and set(params) <= CACHEABLE_PARAMS and all(len(params.getlist(n)) == 1 for n in params):
            query = "&".join(f"{name}={params[name]}" for name in sorted(params))
            raw = f"{history_version()}|{request.scheme}://{request.get_host()}{request.path}?{query}"
            key = "api-quotes:" + hashlib.sha256(raw.encode()).hexdigest()
            # The page and the count of committed changes in one round trip; a page built
            # before the latest change (public_data_version) is not served.
            found = cache.get_many([key, VERSION_KEY])
            changes = found.get(VERSION_KEY, 0)
            kept = found.get(key)
            if isinstance(kept, tuple) and len(kept) == 3 and kept[2] == changes:  # older entries: rebuilt
                body, self.last_modified, _ = kept
                return HttpResponse(body, content_type="application/json")
        # Plain rows, not model instances: see quote_rows.
        page = self.paginate_queryset(self.get_queryset().values(*QUOTE_COLUMNS))
        stamps = [r["updated_at"] for r in page] + [r["verdict__updated_at"] for r in page if r["verdict__updated_at"]]
        self.last_modified = max(stamps) if stamps else None
        data = self.get_paginated_response(quote_rows(page, self.get_serializer_context())).data
        body = JSONRenderer().render(data)  # kept rendered: a hit skips the encoding too
        if key is not None:
            cache.set(key, (body, self.last_modified, changes), seconds)
        return HttpResponse(body, content_type="application/json")


@extend_schema(examples=QUOTE_EXAMPLES)
class QuoteDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = QuoteOutSerializer

    def get_queryset(self):
        return verified_quotes()

    def get_object(self):
        claim = super().get_object()
        self.note_changes([claim])
        return claim


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


def speakers_with_quotes() -> QuerySet[Speaker]:
    return Speaker.objects.annotate(
        quote_count=Count("claims", filter=Q(claims__status=Claim.Status.VERIFIED))
    ).filter(quote_count__gt=0)


@extend_schema(
    parameters=[OpenApiParameter("name", str, description="Part of the speaker's name")], examples=SPEAKER_EXAMPLES
)
class SpeakerList(ReadOnly, generics.ListAPIView):
    """Speakers with at least one verified quote."""

    serializer_class = SpeakerOutSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        queryset = speakers_with_quotes()
        name = text_param(self.request.query_params, "name")
        return queryset.filter(name__icontains=name) if name else queryset


@extend_schema(examples=SPEAKER_EXAMPLES)
class SpeakerDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = SpeakerOutSerializer

    def get_queryset(self):
        return speakers_with_quotes()


class SpeakerQuotes(QuoteList):
    def get_queryset(self):
        if not speakers_with_quotes().filter(pk=self.kwargs["pk"]).exists():
            raise Http404("No speaker with verified quotes has this id.")
        return super().get_queryset().filter(speaker_id=self.kwargs["pk"])


@extend_schema(parameters=[OpenApiParameter("rating", str, enum=Verdict.Rating.values)], examples=VERDICT_EXAMPLES)
class VerdictList(ReadOnly, generics.ListAPIView):
    """Published verdicts, newest first, with the quote each one rates."""

    serializer_class = VerdictListSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        queryset = (
            Verdict.objects.filter(published_at__isnull=False, claim__status=Claim.Status.VERIFIED)
            .select_related("claim", "claim__speaker")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("position", "id")))
        )
        rating = choice_param(self.request.query_params, "rating", Verdict.Rating.values)
        return queryset.filter(rating=rating) if rating else queryset


class ChangeFeed(ReadOnly, generics.GenericAPIView):
    """Quotes and verdicts created, changed or withdrawn since a cursor.

    Each item is the quote as it is now, or a tombstone for a quote that was public and no
    longer is (rejected, re-opened or removed). Start without `since`, keep the returned
    `cursor`, and ask again with `since=<cursor>` until `more` is false.
    """

    BATCH = 200

    @extend_schema(
        parameters=[OpenApiParameter("since", str, description="The cursor a previous call returned")],
        responses={200: OpenApiTypes.OBJECT},
        examples=CHANGES_EXAMPLES,
    )
    def get(self, request):
        claim_after, verdict_after = self._cursor(request.query_params)
        claim_rows = list(
            Claim.history.filter(history_id__gt=claim_after).order_by("history_id").values_list("history_id", "id")[
                : self.BATCH
            ]
        )
        verdict_rows = list(
            Verdict.history.filter(history_id__gt=verdict_after)
            .order_by("history_id")
            .values_list("history_id", "claim_id")[: self.BATCH]
        )
        ids = sorted({claim_id for _, claim_id in claim_rows} | {claim_id for _, claim_id in verdict_rows})
        current = {c.pk: c for c in verified_quotes().filter(pk__in=ids)}
        ever_public = set(
            Claim.history.filter(id__in=[i for i in ids if i not in current], status=Claim.Status.VERIFIED)
            .values_list("id", flat=True)
            .distinct()
        )
        items = []
        for claim_id in ids:
            if claim_id in current:
                data = QuoteOutSerializer(current[claim_id], context={"request": request}).data
                items.append({"type": "quote", "id": claim_id, "quote": data})
            elif claim_id in ever_public:
                items.append({"type": "tombstone", "id": claim_id})
        cursor = f"{claim_rows[-1][0] if claim_rows else claim_after}.{verdict_rows[-1][0] if verdict_rows else verdict_after}"
        more = len(claim_rows) == self.BATCH or len(verdict_rows) == self.BATCH
        return JsonResponse({"cursor": cursor, "more": more, "items": items})

    @staticmethod
    def _cursor(params) -> tuple[int, int]:
        return id_pair_param(params, "since", "Pass back the cursor a previous call returned.") or (0, 0)
