"""Published verdicts, newest first, with the quote each one rates."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from claims.api.conditional import ReadOnly
from claims.api.examples import VERDICT_EXAMPLES
from claims.api.pagination import IdPagination
from claims.api.serializers import VerdictListSerializer
from claims.models import Verdict
from claims.params import choice_param
from claims.public.selectors import published_verdicts


@extend_schema(parameters=[OpenApiParameter("rating", str, enum=Verdict.Rating.values)], examples=VERDICT_EXAMPLES)
class VerdictList(ReadOnly, generics.ListAPIView):
    """Published verdicts, newest first, with the quote each one rates."""

    serializer_class = VerdictListSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        queryset = published_verdicts()
        rating = choice_param(self.request.query_params, "rating", Verdict.Rating.values)
        return queryset.filter(rating=rating) if rating else queryset
