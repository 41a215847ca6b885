"""Webhook endpoints of the caller (token or session): register, list, read, delete, and the
deliveries made to them. Each caller sees only their own; the signing secret is in the
create response only."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.reverse import reverse

from claims.api.examples import DELIVERY_EXAMPLES, WEBHOOK_CREATED_EXAMPLES, WEBHOOK_EXAMPLES, WEBHOOK_IN_EXAMPLES
from claims.api.pagination import IdPagination
from claims.webhooks.models import Delivery, Endpoint, EventType
from claims.webhooks.services import (
    DESCRIPTION_LENGTH, SPEAKERS_PER_ENDPOINT, deliveries_of, endpoint_create, endpoint_delete, endpoints_of,
)


class EndpointInSerializer(serializers.Serializer):
    """The shape of a registration; the rules (URL, events, speakers) are endpoint_create's."""

    url = serializers.CharField(max_length=1000, help_text="The receiver: https (or http), no user name or password.")
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EventType.choices), min_length=1, max_length=len(EventType.values),
        help_text="Event types to receive. speaker.quoted and claim.matched_factcheck: editors only.",
    )
    speakers = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=SPEAKERS_PER_ENDPOINT,
        help_text="Speaker ids to watch, for speaker.quoted.",
    )
    description = serializers.CharField(max_length=DESCRIPTION_LENGTH, required=False, allow_blank=True, default="")


class EndpointOutSerializer(serializers.ModelSerializer):
    speakers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url_self = serializers.SerializerMethodField()
    url_deliveries = serializers.SerializerMethodField()

    class Meta:
        model = Endpoint
        fields = ["id", "url", "description", "events", "speakers", "active", "created_at", "url_self",
                  "url_deliveries"]
        read_only_fields = fields

    def get_url_self(self, endpoint: Endpoint) -> str:
        return reverse("api:webhook-detail", args=[endpoint.pk], request=self.context.get("request"))

    def get_url_deliveries(self, endpoint: Endpoint) -> str:
        return reverse("api:webhook-deliveries", args=[endpoint.pk], request=self.context.get("request"))


class EndpointCreatedSerializer(EndpointOutSerializer):
    secret = serializers.CharField(
        read_only=True, help_text="The signing secret (whsec_...): shown this once, keep it to verify signatures."
    )

    class Meta(EndpointOutSerializer.Meta):
        fields = [*EndpointOutSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class DeliveryOutSerializer(serializers.ModelSerializer):
    webhook_id = serializers.CharField(source="message_id", help_text="The webhook-id header: dedupe by it.")
    event_type = serializers.CharField(source="event.type")
    event_created_at = serializers.DateTimeField(source="event.created_at")
    data = serializers.JSONField(source="event.payload", help_text="The event's data, as sent.")

    class Meta:
        model = Delivery
        fields = ["id", "webhook_id", "endpoint", "event_type", "event_created_at", "status", "attempts",
                  "response_code", "duration_ms", "error", "next_attempt_at", "delivered_at", "created_at", "data"]
        read_only_fields = fields


@extend_schema_view(get=extend_schema(examples=WEBHOOK_EXAMPLES))
class WebhookList(generics.ListCreateAPIView):
    """Your webhook endpoints; POST registers one (the signing secret is in that response only)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = EndpointOutSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        return endpoints_of(self.request.user).order_by("-id")

    @extend_schema(request=EndpointInSerializer, responses={201: EndpointCreatedSerializer},
                   examples=WEBHOOK_IN_EXAMPLES + WEBHOOK_CREATED_EXAMPLES)
    def post(self, request, *args, **kwargs):
        data = EndpointInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        endpoint, secret = endpoint_create(
            owner=request.user, url=fields["url"], events=fields["events"], speaker_ids=fields["speakers"],
            description=fields["description"],
        )
        endpoint.secret = secret
        body = EndpointCreatedSerializer(endpoint, context={"request": request}).data
        location = reverse("api:webhook-detail", args=[endpoint.pk], request=request)
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})


@extend_schema_view(get=extend_schema(examples=WEBHOOK_EXAMPLES))
class WebhookDetail(generics.RetrieveDestroyAPIView):
    """One of your endpoints; DELETE removes it and its deliveries."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = EndpointOutSerializer

    def get_queryset(self):
        return endpoints_of(self.request.user)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted."), 404: OpenApiResponse(
        response=OpenApiTypes.OBJECT, description="No endpoint of yours with this id.",
        examples=[OpenApiExample("Not one of yours", value={"detail": "No Endpoint matches the given query."})],
    )})
    def delete(self, request, *args, **kwargs):
        endpoint_delete(endpoint=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(get=extend_schema(examples=DELIVERY_EXAMPLES))
class DeliveryList(generics.ListAPIView):
    """The deliveries to your endpoints, newest first: status, attempts, the last answer and
    the next attempt."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = DeliveryOutSerializer
    pagination_class = IdPagination

    def get_queryset(self):
        return deliveries_of(self.request.user).order_by("-id")


@extend_schema_view(get=extend_schema(operation_id="v1_webhooks_endpoint_deliveries_list", examples=DELIVERY_EXAMPLES))
class EndpointDeliveryList(DeliveryList):
    """The deliveries to one of your endpoints, newest first."""

    def get_queryset(self):
        endpoint = get_object_or_404(endpoints_of(self.request.user), pk=self.kwargs["pk"])
        return super().get_queryset().filter(endpoint=endpoint)
