"""The speaker pages: names and aliases, and merging two speakers who are one."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import Count

from claims.review.history_admin import HistoryAdmin
from claims.review.services import speakers_merge
from sources.models import Speaker, SpeakerAlias, normalise_name


class AliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {normalise_name(self.instance.name)} if self.instance.pk else set()
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = normalise_name(name)
            if key in seen:
                form.add_error("name", f"{name!r} is already this speaker's name or another alias.")
            seen.add(key)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    formset = AliasFormSet
    extra = 0
    fields = ["name", "scope"]
    readonly_fields = ["scope"]

    @admin.display(description="matches")
    def scope(self, alias: SpeakerAlias) -> str:
        """Editors must see that a surname the pipeline recorded names the speaker in its own
        article only, while an alias they add names it in every article."""
        if alias.pk is None:
            return ""
        return "in its own article only (found by the pipeline)" if alias.from_extraction else "every article"


class MergeForm(ActionForm):
    keep = forms.IntegerField(
        required=False, label="Keep speaker id", help_text="Merge into this speaker (default: the one with most claims)"
    )


@admin.register(Speaker)
class SpeakerAdmin(HistoryAdmin):
    list_display = ["name", "kind", "title", "affiliation", "claim_count", "from_extraction"]
    list_filter = ["kind", "from_extraction"]
    readonly_fields = ["from_extraction"]
    search_fields = ["name", "title", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]
    action_form = MergeForm
    actions = ["merge_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Speaker) -> int:
        return obj.claim_count

    @admin.action(description="Merge the selected speakers into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        speakers = list(queryset.order_by("-claim_count", "id"))
        keep_id = request.POST.get("keep", "").strip()
        keep = next((s for s in speakers if str(s.pk) == keep_id), None) if keep_id else speakers[0]
        if keep is None:
            self.message_user(request, f"Speaker {keep_id} is not among the selected ones.", messages.ERROR)
            return
        if len(speakers) < 2:
            self.message_user(request, "Select at least two speakers to merge.", messages.WARNING)
            return
        try:
            moved = speakers_merge(keep=keep, others=[s for s in speakers if s.pk != keep.pk], user=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return
        self.message_user(request, f"Merged {len(speakers) - 1} speaker(s) into {keep.name}; {moved} claim(s) moved.",
                          messages.SUCCESS)
