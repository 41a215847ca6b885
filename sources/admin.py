from django.contrib import admin
from django.db import models
from django.db.models import Count

from .models import Article, Outlet, Speaker, SpeakerAlias

# Links typed without a scheme are taken as https (the Django 6 default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "outlet", "published_on", "status", "claim_count", "extractor_version", "created_at"]
    list_filter = ["status", "outlet", "published_on"]
    search_fields = ["title", "url"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_sha256", "status", "error", "extractor_version", "extracted_at", "created_at", "updated_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            # Claim offsets point into the body: it must never change once stored.
            fields += ["body", "submitted_by"]
        return fields


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    extra = 0
    fields = ["name"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "title", "affiliation", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "title", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims", distinct=True))

    @admin.display(description="claims", ordering="claim_count")
    def claim_count(self, obj: Speaker) -> int:
        return obj.claim_count
