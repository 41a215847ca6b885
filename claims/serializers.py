"""What API consumers see: verified quotes and published verdicts, fields named explicitly."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from claims.models import Claim, Verdict
from sources.models import Speaker


def api_url(context: dict, name: str, pk: int) -> str:
    """An absolute API link. The base is reversed once per request and kept in the context:
    reversing for every link of every item was a measurable share of a page's time."""
    bases = context.setdefault("_api_bases", {})
    if name not in bases:
        bases[name] = reverse(name, args=[0], request=context.get("request")).replace("/0/", "/{}/", 1)
    return bases[name].format(pk)


class SpeakerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, speaker: Speaker) -> str:
        return api_url(self.context, "api:speaker-detail", speaker.pk)


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)


class EvidenceOutSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()


class VerdictOutSerializer(serializers.Serializer):
    rating = serializers.CharField()
    rating_label = serializers.CharField(source="get_rating_display")
    summary = serializers.CharField()
    evidence = EvidenceOutSerializer(many=True)
    published_at = serializers.DateTimeField()


def published_verdict(claim: Claim) -> Verdict | None:
    verdict = getattr(claim, "verdict", None)
    return verdict if verdict is not None and verdict.published_at is not None else None


class QuoteOutSerializer(serializers.ModelSerializer):
    text = serializers.CharField(source="display_text", help_text="The words, as corrected by an editor if they were.")
    speaker = SpeakerRefSerializer(allow_null=True)
    article = ArticleRefSerializer()
    verified_at = serializers.DateTimeField(source="reviewed_at")
    verdict = serializers.SerializerMethodField()
    permalink = serializers.SerializerMethodField()
    claimreview = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "cue", "speaker", "speaker_title", "attribution", "via", "start", "end",
            "article", "verified_at", "verdict", "permalink", "claimreview",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictOutSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict | None:
        verdict = published_verdict(claim)
        return VerdictOutSerializer(verdict).data if verdict else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_permalink(self, claim: Claim) -> str:
        return api_url(self.context, "api:quote-detail", claim.pk)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_claimreview(self, claim: Claim) -> str | None:
        if published_verdict(claim) is None:
            return None
        return api_url(self.context, "api:quote-claimreview", claim.pk)


class SpeakerOutSerializer(SpeakerRefSerializer):
    slug = serializers.CharField()
    affiliation = serializers.CharField()
    quote_count = serializers.IntegerField()
    quotes = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_quotes(self, speaker: Speaker) -> str:
        return api_url(self.context, "api:speaker-quotes", speaker.pk)


class QuoteRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    speaker = serializers.CharField(allow_null=True)
    permalink = serializers.URLField()


class VerdictListSerializer(VerdictOutSerializer):
    id = serializers.IntegerField()
    quote = serializers.SerializerMethodField()

    @extend_schema_field(QuoteRefSerializer)
    def get_quote(self, verdict: Verdict) -> dict:
        claim = verdict.claim
        return {
            "id": claim.pk,
            "text": claim.display_text,
            "speaker": claim.speaker.name if claim.speaker else None,
            "permalink": api_url(self.context, "api:quote-detail", claim.pk),
        }
