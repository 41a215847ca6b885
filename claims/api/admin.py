"""The API keys page: editors make and revoke their own keys."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from claims.api.services import token_create, token_revoke
from claims.models import ApiToken
from claims.roles import is_editor


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["user", "name"]


class OwnApiTokenForm(forms.ModelForm):
    """Everyone but a superuser makes keys for themselves only: no user field to choose from."""

    class Meta:
        model = ApiToken
        fields = ["name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Editors make and revoke their own API keys; superusers those of any account. A key is
    shown once, when it is created."""

    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        # Another account's keys are not an editor's to see or revoke: the list would tell
        # who has a key for what, and when it was last used.
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def get_form(self, request, obj=None, **kwargs):
        if not request.user.is_superuser:
            kwargs["form"] = OwnApiTokenForm
            kwargs["fields"] = ["name"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if request.user.is_superuser else [f for f in fields if f != "user"]

    def has_module_permission(self, request):
        return is_editor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_editor(request.user)

    def has_add_permission(self, request):
        return is_editor(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a key is revoked, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        owner = form.cleaned_data.get("user") if request.user.is_superuser else request.user
        token, key = token_create(user=owner, name=form.cleaned_data["name"], created_by=request.user)
        obj.pk = token.pk
        obj.__dict__.update({k: v for k, v in token.__dict__.items() if not k.startswith("_")})
        self.message_user(request, f"Key for {token.name} (copy it now, it is not shown again): {key}",
                          messages.WARNING)

    @admin.action(description="Revoke the selected keys")
    def revoke_selected(self, request, queryset):
        if not is_editor(request.user):
            raise PermissionDenied
        for token in queryset:
            token_revoke(token=token)
        self.message_user(request, f"{queryset.count()} key(s) revoked.", messages.SUCCESS)
