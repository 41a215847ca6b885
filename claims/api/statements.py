"""Statements: the verified quotes that carry the same words by the same speaker, with
where and when each appeared, the first appearance, the outlets and the wordings.

Built from the verified quotes alone: a statement none of whose quotes is verified is not
here, and a statement's text is its first verified wording (the statement's own may be a
report no editor has checked)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from claims.api.conditional import ReadOnly
from claims.api.examples import STATEMENT_EXAMPLES
from claims.api.pagination import IdPagination
from claims.api.serializers import AppearanceSerializer, SpeakerRefSerializer, api_url
from claims.models import Claim
from claims.tracking.selectors import StatementView, public_statements, statement_views


class StatementAppearanceSerializer(AppearanceSerializer):
    def to_representation(self, claim: Claim) -> dict:
        article = claim.article
        return {
            "id": claim.pk, "permalink": api_url(self.context, "api:quote-detail", claim.pk),
            "article": {"id": article.pk, "title": article.title, "url": article.url,
                        "published_on": article.published_on.isoformat() if article.published_on else None,
                        "outlet": article.outlet.name if article.outlet else None},
        }


class StatementOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="statement.pk")
    text = serializers.CharField(help_text="Its words as they first appeared in a verified quote.")
    speaker = SpeakerRefSerializer(source="statement.speaker", allow_null=True)
    first_appearance = StatementAppearanceSerializer(source="first", allow_null=True)
    appearance_count = serializers.SerializerMethodField()
    appearances = StatementAppearanceSerializer(many=True, help_text="Every verified appearance, earliest first.")
    outlets = serializers.SerializerMethodField(help_text="The outlets it appeared in, by first appearance.")
    variants = serializers.ListField(
        source="wordings", child=serializers.CharField(), help_text="Each different wording once, first seen first.")
    url = serializers.SerializerMethodField()

    def get_appearance_count(self, view: StatementView) -> int:
        return len(view.appearances)

    def get_outlets(self, view: StatementView) -> list[str]:
        return [outlet.name for outlet in view.outlets]

    def get_url(self, view: StatementView) -> str:
        return api_url(self.context, "api:statement-detail", view.statement.pk)


@extend_schema(examples=STATEMENT_EXAMPLES)
class StatementList(ReadOnly, generics.ListAPIView):
    """Statements with at least one verified quote, newest first."""

    serializer_class = StatementOutSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        return public_statements()

    def list(self, request, *args, **kwargs):
        views = statement_views(self.paginate_queryset(self.get_queryset()), public=True)
        self.last_modified = max((v.updated_at for v in views), default=None)
        return self.get_paginated_response(self.get_serializer(views, many=True).data)


@extend_schema(examples=STATEMENT_EXAMPLES)
class StatementDetail(ReadOnly, generics.RetrieveAPIView):
    serializer_class = StatementOutSerializer

    def get_queryset(self):
        return public_statements()

    def retrieve(self, request, *args, **kwargs):
        [view] = statement_views([get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])], public=True)
        self.last_modified = view.updated_at
        return Response(self.get_serializer(view).data)
