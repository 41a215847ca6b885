"""Webhooks in the admin: editors register endpoints (the secret is shown once), see every
delivery with its attempts, and send one again. Actions call claims.webhooks.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from claims.roles import is_editor
from claims.webhooks.models import Delivery, DeliveryAttempt, Endpoint, EventType
from claims.webhooks.services import delivery_resend, endpoint_check, endpoint_create, endpoint_delete


class EndpointForm(forms.ModelForm):
    """Registration: checked by the service's own rules (endpoint_check) before saving."""

    registering_user = None  # set by EndpointAdmin.get_form: the owner unless a superuser picks one
    url = forms.CharField(max_length=1000, help_text="The receiver: https (or http), no user name or password.")
    events = forms.MultipleChoiceField(
        choices=EventType.choices, widget=forms.CheckboxSelectMultiple,
        help_text="speaker.quoted and claim.matched_factcheck tell of unreviewed claims: editors' endpoints only.",
    )

    class Meta:
        model = Endpoint
        fields = ["owner", "url", "description", "events", "speakers"]

    def clean(self):
        data = super().clean()
        owner = data.get("owner") or self.registering_user
        if owner is not None and data.get("url") and data.get("events"):
            try:
                endpoint_check(owner=owner, url=data["url"], events=data["events"],
                               speaker_ids=[s.pk for s in data.get("speakers") or []],
                               description=data.get("description", ""))
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    raise
                for field, errors in exc.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data


class EndpointChangeForm(forms.ModelForm):
    """A registered endpoint is switched on or off and described; a new URL or new events
    are a new endpoint (with a new secret)."""

    class Meta:
        model = Endpoint
        fields = ["description", "active"]


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "owner", "event_list", "active", "created_at"]
    list_filter = ["active"]
    list_select_related = ["owner"]
    search_fields = ["url", "description", "owner__username"]
    autocomplete_fields = ["speakers"]
    readonly_fields = ["owner", "url", "events", "speaker_list", "created_at", "updated_at"]

    @admin.display(description="events")
    def event_list(self, endpoint: Endpoint) -> str:
        return ", ".join(endpoint.events)

    @admin.display(description="watched speakers")
    def speaker_list(self, endpoint: Endpoint) -> str:
        return ", ".join(s.name for s in endpoint.speakers.all()) or "-"

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = EndpointForm if obj is None else EndpointChangeForm
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            form = type("EndpointRegistration", (form,), {"registering_user": request.user})
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            fields = ["owner", "url", "description", "events", "speakers"]
            return fields if request.user.is_superuser else fields[1:]
        return ["owner", "url", "events", "speaker_list", "description", "active", "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_editor(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["description", "active", "updated_at"])
            return
        data = form.cleaned_data
        owner = data.get("owner") if request.user.is_superuser else request.user
        try:
            endpoint, secret = endpoint_create(
                owner=owner or request.user, url=data["url"], events=data["events"],
                speaker_ids=[s.pk for s in data.get("speakers") or []], description=data.get("description", ""),
            )
        except ValidationError as exc:
            # Checked in clean() below first; a refusal here is a race (the endpoint limit).
            raise PermissionDenied("; ".join(exc.messages)) from None
        obj.pk = endpoint.pk
        obj.__dict__.update({k: v for k, v in endpoint.__dict__.items() if not k.startswith("_")})
        self.message_user(
            request, f"Signing secret for {endpoint.url} (copy it now, it is not shown again): {secret}",
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
        # A new endpoint's speakers were set by endpoint_create.

    def delete_model(self, request, obj):
        endpoint_delete(endpoint=obj, user=request.user)


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "duration_ms", "response_code", "error", "outcome"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Every delivery, newest first; 'Send again' queues the selected ones at once, with the
    same webhook-id and a new retry window."""

    list_display = ["message_id", "event_type", "endpoint", "status", "attempts", "response_code", "error",
                    "next_attempt_at", "created_at"]
    list_filter = ["status", "event__type"]
    list_select_related = ["event", "endpoint"]
    search_fields = ["message_id", "endpoint__url"]
    date_hierarchy = "created_at"
    inlines = [AttemptInline]
    actions = ["send_again"]
    fields = ["message_id", "event_type", "endpoint", "status", "attempts", "response_code", "duration_ms", "error",
              "next_attempt_at", "retry_until", "delivered_at", "created_at", "payload"]
    readonly_fields = fields

    @admin.display(description="event", ordering="event__type")
    def event_type(self, delivery: Delivery) -> str:
        return delivery.event.type

    @admin.display(description="data sent")
    def payload(self, delivery: Delivery) -> dict:
        return delivery.event.payload

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected deliveries again")
    def send_again(self, request, queryset):
        if not is_editor(request.user):
            raise PermissionDenied
        count = 0
        for delivery in queryset:
            delivery_resend(delivery=delivery, user=request.user)
            count += 1
        self.message_user(request, f"{count} deliveries queued again.", messages.SUCCESS)
