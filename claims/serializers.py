from rest_framework import serializers

from claims.models import Claim


class SpeakerOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()


class ArticleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)


class QuoteOutSerializer(serializers.ModelSerializer):
    speaker = SpeakerOutSerializer(allow_null=True)
    article = ArticleRefSerializer()
    verified_at = serializers.DateTimeField(source="reviewed_at")

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "cue", "speaker", "speaker_title", "attribution", "via", "start", "end",
            "article", "verified_at",
        ]
        read_only_fields = fields
