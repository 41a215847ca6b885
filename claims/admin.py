from django.contrib import admin
from django.db import models

from .models import Claim, Evidence, Verdict

# Links typed without a scheme are taken as https (the Django 6 default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class VerdictInline(admin.StackedInline):
    model = Verdict
    extra = 0
    fields = ["rating", "summary", "author", "published_at", "published_by"]
    readonly_fields = ["author", "published_at", "published_by"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["short_text", "speaker", "cue", "kind", "confidence", "status", "article"]
    list_filter = ["status", "kind", "article__outlet"]
    search_fields = ["text", "speaker__name", "attribution", "article__title"]
    list_select_related = ["speaker", "article"]
    autocomplete_fields = ["speaker"]
    ordering = ["status", "confidence", "id"]
    readonly_fields = [
        "article", "text", "start", "end", "cue_start", "cue_end", "speaker_start", "speaker_end",
        "attribution", "confidence", "extractor_version", "fingerprint", "reviewed_by", "reviewed_at",
        "created_at", "updated_at",
    ]
    fields = [
        "article", "text", "start", "end", "speaker", "attribution", "speaker_title", "kind", "cue", "via",
        "confidence", "status", "reviewed_by", "reviewed_at", "extractor_version", "fingerprint",
    ]
    inlines = [VerdictInline]

    @admin.display(description="claim", ordering="text")
    def short_text(self, obj: Claim) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "..."


class EvidenceInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = Evidence
    extra = 1
    fields = ["title", "url", "position"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["claim", "rating", "author", "published_at"]
    list_filter = ["rating", "published_at"]
    search_fields = ["claim__text", "summary"]
    list_select_related = ["claim", "claim__speaker", "author"]
    autocomplete_fields = ["claim"]
    readonly_fields = ["author", "published_by", "published_at"]
    inlines = [EvidenceInline]
