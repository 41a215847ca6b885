"""Speakers with verified quotes, and each speaker's quotes."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from claims.api.conditional import ReadOnly
from claims.api.examples import SPEAKER_EXAMPLES
from claims.api.pagination import IdPagination
from claims.api.quotes import QuoteList
from claims.api.serializers import SpeakerOutSerializer
from claims.params import text_param
from claims.public.selectors import speakers_with_quotes


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
