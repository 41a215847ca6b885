"""Newsroom endpoints (token or session auth): reporters submit and follow their articles,
editors read claims in every state."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, Q
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims.api.examples import ARTICLE_IN_EXAMPLES, ARTICLE_OUT_EXAMPLES, CLAIM_EXAMPLES
from claims.api.pagination import CLAIM_ORDERINGS, ClaimPagination, IdPagination
from claims.api.serializers import QuotePieceSerializer
from claims.models import Claim
from claims.params import choice_param
from claims.pipeline.selectors import article_history, articles_for
from claims.pipeline.worthiness import BANDS, HIGH_BAND, claims_in_band
from claims.roles import can_submit, is_editor
from sources.models import Article
from sources.services import (
    BODY_TOO_LONG,
    article_submit,
    article_submit_url,
    outlet_get_or_create,
    submission_allowed,
)


class CanSubmit(permissions.BasePermission):
    message = "Only reporters and editors may submit articles."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return request.user.is_authenticated
        return can_submit(request.user)


class IsEditor(permissions.BasePermission):
    message = "Only editors may read claims in every state."

    def has_permission(self, request, view):
        return is_editor(request.user)


class TextTooLong(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_long"


def _text_too_long(exc: DjangoValidationError) -> str | None:
    """The message of the service's refusal of an over-long text, which is a 413 here."""
    for error in getattr(exc, "error_dict", {}).get("body", []):
        if error.code == BODY_TOO_LONG:
            return error.messages[0]
    return None


class ArticleInSerializer(serializers.Serializer):
    """The shape of a submission: which fields, of which types. The rules an article must
    meet (lengths, what the database can store, dates, URLs) are article_submit's. A URL
    alone (no body) is fetched and read in the background: the article is answered with
    status `fetching`."""

    title = serializers.CharField(required=False, help_text="Required with a body; with a URL alone, the "
                                  "page's title is taken when this is left out.")
    body = serializers.CharField(required=False, trim_whitespace=False,
                                 help_text="The article text; leave it out to have the page at `url` read.")
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    published_on = serializers.DateField(required=False, allow_null=True)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)

    def validate(self, attrs: dict) -> dict:
        if "body" not in attrs and not attrs.get("url"):
            raise serializers.ValidationError({"body": ["This field is required."]})
        if "body" in attrs and "title" not in attrs:
            raise serializers.ValidationError({"title": ["This field is required."]})
        return attrs


class ClaimBriefSerializer(serializers.ModelSerializer):
    speaker = serializers.CharField(source="speaker.name", allow_null=True, default=None)
    check_worthy = serializers.BooleanField(
        read_only=True, help_text="Worth checking: the score is at least the newsroom's threshold "
        "(FACTCHECK_CHECKWORTHY_MIN) and the type is not `nothing`.",
    )
    pieces = serializers.SerializerMethodField(help_text="Where the words are in the article, as on a quote.")

    @extend_schema_field(QuotePieceSerializer(many=True))
    def get_pieces(self, claim: Claim) -> list[dict]:
        return [{"start": a, "end": b} for a, b in claim.piece_spans]

    class Meta:
        model = Claim
        fields = [
            "id", "text", "kind", "cue", "speaker", "status", "confidence", "start", "end", "pieces",
            "worthiness", "claim_type", "worthiness_reason", "check_worthy",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "worthiness": {"help_text": "How worth a fact-checker's time the claim is, 0 to 1; null: not scored yet."},
            "claim_type": {"help_text": "What the claim asserts (statistic, comparison, cause, prediction, law, "
                                        "experience, opinion, other) or `nothing` to check."},
            "worthiness_reason": {"help_text": "Why, in a few words an editor reads: 'cites a percentage'."},
        }


class ArticleOutSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", allow_null=True, default=None)
    claim_counts = serializers.SerializerMethodField()
    url_self = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_on", "outlet", "status", "error", "extractor_version",
                  "created_at", "claim_counts", "url_self"]
        read_only_fields = fields

    def get_claim_counts(self, article: Article) -> dict[str, int]:
        return {"pending": article.n_pending, "verified": article.n_verified, "rejected": article.n_rejected}

    def get_url_self(self, article: Article) -> str:
        return reverse("api:article-detail", args=[article.pk], request=self.context.get("request"))


class ArticleVersionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    status = serializers.ChoiceField(choices=Article.Status.choices)


class ArticleDetailSerializer(ArticleOutSerializer):
    claims = ClaimBriefSerializer(many=True)
    version = serializers.IntegerField(help_text="1 for the first text seen at the article's address, then 2, 3...")
    latest_id = serializers.IntegerField(
        source="history.latest_id", help_text="The id of the article's latest version (its own id when it is the latest).")
    superseded = serializers.BooleanField(
        source="history.superseded", help_text="A newer text of the article exists: see `latest_id`.")
    versions = ArticleVersionSerializer(
        source="history.versions", many=True,
        help_text="Every version of the article, oldest first. The editors' claims whose words still stand move "
        "to the latest version; the others stay with the version they were found in.")

    class Meta(ArticleOutSerializer.Meta):
        fields = [*ArticleOutSerializer.Meta.fields, "claims", "version", "latest_id", "superseded", "versions"]
        read_only_fields = fields


class ArticleListCreate(generics.ListCreateAPIView):
    """Your articles with status and claim counts (editors: all); POST submits one."""

    permission_classes = [CanSubmit]
    serializer_class = ArticleOutSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        # The latest version of each article; the earlier ones are listed in its detail.
        return articles_for(self.request.user).filter(next_version__isnull=True).order_by("-id")

    @extend_schema(examples=ARTICLE_OUT_EXAMPLES)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ArticleInSerializer,
        examples=ARTICLE_IN_EXAMPLES + ARTICLE_OUT_EXAMPLES,
        responses={
            202: ArticleOutSerializer,
            409: OpenApiResponse(description="The same text (or, for a URL alone, the same page) was submitted "
                                              "before; `url` points at it when it is yours (editors: any)."),
            413: OpenApiResponse(description="The text is longer than the limit."),
        },
    )
    def post(self, request, *args, **kwargs):
        limit = submission_allowed(user=request.user)
        if not limit.allowed:
            raise Throttled(wait=limit.wait, detail="Too many submissions from your account.")
        data = ArticleInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        by_url = "body" not in fields
        try:
            outlet = outlet_get_or_create(name=fields["outlet"]) if fields.get("outlet") else None
            if by_url:
                result = article_submit_url(url=fields["url"], title=fields.get("title", ""), outlet=outlet,
                                            submitted_by=request.user)
            else:
                result = article_submit(
                    title=fields.get("title", ""), body=fields.get("body", ""), url=fields.get("url", ""),
                    published_on=fields.get("published_on"), outlet=outlet, submitted_by=request.user,
                )
        except DjangoValidationError as exc:
            if (too_long := _text_too_long(exc)) is not None:
                raise TextTooLong(too_long) from None
            raise  # a 400 with the service's messages, from claims.api.errors
        location = reverse("api:article-detail", args=[result.article.pk], request=request)
        if not result.created:
            what = "The same page" if by_url else "The same text"
            if is_editor(request.user) or result.article.submitted_by_id == request.user.pk:
                return Response({"detail": f"{what} was submitted before.", "url": location},
                                status=status.HTTP_409_CONFLICT, headers={"Location": location})
            # Another reporter's article: its id would let this caller learn what they filed.
            return Response({"detail": f"{what} was submitted before by someone else; an editor can "
                                       "show you the article."}, status=status.HTTP_409_CONFLICT)
        article = articles_for(request.user).get(pk=result.article.pk)
        return Response(ArticleOutSerializer(article, context={"request": request}).data,
                        status=status.HTTP_202_ACCEPTED, headers={"Location": location})


@extend_schema(examples=ARTICLE_OUT_EXAMPLES)
class ArticleDetail(generics.RetrieveAPIView):
    """One of your articles (editors: any), with its claims in every state."""

    permission_classes = [CanSubmit]
    serializer_class = ArticleDetailSerializer

    def get_queryset(self):
        return articles_for(self.request.user).prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("speaker").order_by("start"))
        )

    def get_object(self):
        article = super().get_object()
        article.history = article_history(article, reviewed_left_behind=False)
        return article


CLAIM_FILTERS = [
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("type", str, enum=[value for value, _ in Claim.TYPE_CHOICES], description="Claim type"),
    OpenApiParameter(
        "worthiness", str, enum=list(BANDS),
        description=f"Check-worthiness band: high ({HIGH_BAND:g} and up), medium (from the newsroom's threshold), "
        "low (below it), none (not scored yet)",
    ),
    OpenApiParameter("check_worthy", str, enum=["true", "false"], description="Worth checking, or not"),
    OpenApiParameter(
        "ordering", str, enum=list(CLAIM_ORDERINGS),
        description="`-worthiness`: most worth checking first (claims not scored yet are left out)",
    ),
]


@extend_schema(parameters=CLAIM_FILTERS, examples=CLAIM_EXAMPLES)
class ClaimList(generics.ListAPIView):
    """Every claim in every state, newest first (editors); filters: status, type, worthiness band,
    check_worthy; ordering by id or by check-worthiness."""

    permission_classes = [IsEditor]
    serializer_class = ClaimBriefSerializer
    pagination_class = ClaimPagination

    def get_queryset(self):
        params = self.request.query_params
        queryset = Claim.objects.select_related("speaker").order_by("-id")
        if wanted := choice_param(params, "status", Claim.Status.values):
            queryset = queryset.filter(status=wanted)
        if wanted := choice_param(params, "type", [value for value, _ in Claim.TYPE_CHOICES]):
            queryset = queryset.filter(claim_type=wanted)
        if wanted := choice_param(params, "worthiness", list(BANDS)):
            queryset = claims_in_band(queryset, wanted)
        if wanted := choice_param(params, "check_worthy", ["true", "false"]):
            worth_checking = Q(worth=Claim.Worth.CHECK)
            queryset = queryset.filter(worth_checking if wanted == "true" else ~worth_checking)
        if params.get("ordering", "").lstrip("-") == "worthiness":
            queryset = queryset.filter(worthiness__isnull=False)
        return queryset
