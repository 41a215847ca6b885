"""Published verdicts, newest first, with the quote each one rates."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from claims.api.conditional import ReadOnly
from claims.api.examples import VERDICT_EXAMPLES
from claims.api.pagination import IdPagination
from claims.api.serializers import VerdictListSerializer
from claims.models import Claim, Evidence, Verdict
from claims.params import choice_param


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
