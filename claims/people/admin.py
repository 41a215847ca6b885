"""The people pages in the admin: editors with the people permission invite reporters and
editors, change their roles and deactivate them, without being superusers. Every change
goes through claims.people.services, which refuses what the editor may not give."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from claims.models import Invitation, Person
from claims.people.services import (
    invitation_check,
    invitation_create,
    person_deactivate,
    person_manageable,
    person_update,
    role_of,
    roles_offered,
)
from claims.roles import ROLE_GROUPS, can_manage_people

ROLE_LABELS = dict(Invitation.Role.choices)


class PeoplePermissions:
    """Those with the people permission see and use these pages; nobody else, whatever
    model permissions they hold (the proxy's own are never granted)."""

    def has_module_permission(self, request):
        return can_manage_people(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_people(request.user)


class PersonForm(forms.ModelForm):
    role = forms.ChoiceField(choices=(), help_text="Reporters submit articles and follow their claims; editors review.")

    class Meta:
        model = Person
        fields = ["is_active"]
        help_texts = {"is_active": "Untick to deactivate: the account can no longer sign in; its work stays."}


@admin.register(Person)
class PersonAdmin(PeoplePermissions, admin.ModelAdmin):
    form = PersonForm
    list_display = ["username", "email", "role", "is_active", "last_login"]
    list_filter = ["is_active", "groups"]
    search_fields = ["username", "email"]
    ordering = ["username"]
    readonly_fields = ["username", "email", "last_login", "date_joined"]
    actions = ["deactivate_selected"]

    def get_queryset(self, request):
        # Administrators are not the newsroom's to manage.
        return super().get_queryset(request).filter(is_superuser=False).prefetch_related("groups")

    def get_fields(self, request, obj=None):
        if obj is not None and self._editable(request, obj):
            return ["username", "email", "role", "is_active", "last_login", "date_joined"]
        return ["username", "email", "role_shown", "is_active_shown", "last_login", "date_joined"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self._editable(request, obj):
            return ["username", "email", "role_shown", "is_active_shown", "last_login", "date_joined"]
        return self.readonly_fields

    def _editable(self, request, obj) -> bool:
        return person_manageable(request.user, obj) is None and bool(roles_offered(request.user))

    def has_add_permission(self, request):
        return False  # accounts come from invitations

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: their reviews and articles keep their name

    def has_change_permission(self, request, obj=None):
        return can_manage_people(request.user) and (obj is None or self._editable(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user
        offered = roles_offered(actor)

        class Form(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if "role" in self.fields:
                    self.fields["role"].choices = [(r, ROLE_LABELS[r]) for r in offered]
                    self.fields["role"].initial = role_of(self.instance) if self.instance.pk else None

            def clean(self):
                cleaned = super().clean()
                why = person_manageable(actor, self.instance)
                if why:
                    raise ValidationError(why)
                return cleaned

        return Form

    @admin.display(description="role")
    def role(self, obj) -> str:
        names = {g.name for g in obj.groups.all()}
        return next((ROLE_LABELS[r] for r in ("editor", "reporter") if ROLE_GROUPS[r] in names), "-")

    @admin.display(description="role")
    def role_shown(self, obj) -> str:
        return self.role(obj)

    @admin.display(description="active", boolean=True)
    def is_active_shown(self, obj) -> bool:
        return obj.is_active

    def changelist_view(self, request, extra_context=None):
        extra = {"title": "People", "can_invite": bool(roles_offered(request.user))}
        return super().changelist_view(request, {**extra, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_object(request, object_id)
        why = person_manageable(request.user, person) if person is not None else None
        extra = {"subtitle": f"Read only: {why}"} if why else {}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def save_model(self, request, obj, form, change):
        # The form checked who may change whom; the service checks again and saves.
        person_update(by=request.user, person=obj, role=form.cleaned_data["role"], active=form.cleaned_data["is_active"])

    def save_related(self, request, form, formsets, change):
        """Nothing: the groups were set by the service."""

    @admin.action(description="Deactivate the selected people", permissions=["view"])
    def deactivate_selected(self, request, queryset):
        done, refused = [], []
        for person in queryset.order_by("username"):
            try:
                person_deactivate(by=request.user, person=person)
                done.append(person.get_username())
            except PermissionDenied as exc:
                refused.append(f"{person.get_username()}: {exc}")
        for line in refused:
            self.message_user(request, f"Not deactivated: {line}", messages.ERROR)
        if done:
            self.message_user(request, f"Deactivated: {', '.join(done)}.", messages.SUCCESS)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["username", "email", "role"]


@admin.register(Invitation)
class InvitationAdmin(PeoplePermissions, admin.ModelAdmin):
    form = InvitationForm
    list_display = ["username", "role", "email", "created_by", "created_at", "expires_at", "state"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Invitations", **(extra_context or {})})
    list_select_related = ["created_by", "user"]
    search_fields = ["username", "email"]
    readonly_fields = ["username", "email", "role", "created_by", "created_at", "expires_at", "accepted_at", "user"]

    def get_fields(self, request, obj=None):
        return ["username", "email", "role"] if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_add_permission(self, request):
        # Asked on every admin page (the side menu): the permission only, no query. The form
        # offers only the roles this editor may give, and the service checks again.
        return can_manage_people(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # an invitation is made, used or withdrawn; never edited

    def has_delete_permission(self, request, obj=None):
        # Withdraw an open invitation; a used one stays as the record of who invited whom.
        return can_manage_people(request.user) and (obj is None or obj.accepted_at is None)

    def get_actions(self, request):
        # The bulk delete asks no row whether it may go: withdraw invitations one by one.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        actor = request.user
        offered = roles_offered(actor)

        class Form(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, **kw)
                if "role" in self.fields:
                    self.fields["role"].choices = [(r, ROLE_LABELS[r]) for r in offered]

            def clean(self):
                cleaned = super().clean()
                if not self.errors:
                    try:
                        invitation_check(by=actor, username=cleaned.get("username") or "", role=cleaned.get("role") or "")
                    except PermissionDenied as exc:
                        raise ValidationError(str(exc)) from exc
                return cleaned

            def _post_clean(self):
                """The row is made by the service, not from this form: skip the model's checks
                of fields the form does not fill (the token's hash, the expiry)."""

        return Form

    @admin.display(description="state")
    def state(self, obj: Invitation) -> str:
        if obj.accepted_at:
            return f"accepted {obj.accepted_at:%Y-%m-%d}"
        return "expired" if obj.expires_at <= timezone.now() else "open"

    def save_form(self, request, form, change):
        """Make the invitation through the service (the admin then records and shows it);
        the link is shown this once."""
        data = form.cleaned_data
        made = invitation_create(by=request.user, username=data["username"], email=data["email"], role=data["role"])
        link = request.build_absolute_uri(reverse("invitation-accept", args=[made.token]))
        messages.warning(request, format_html(
            'Send this link to {}: <code class="fc-invitation-link">{}</code> It works once, until {} UTC, and is '
            "not shown again.", made.invitation.username, link, made.invitation.expires_at.strftime("%Y-%m-%d %H:%M"),
        ))
        return made.invitation

    def save_model(self, request, obj, form, change):
        """Nothing: save_form made the invitation."""

    def save_related(self, request, form, formsets, change):
        """Nothing: an invitation has no related rows."""
