"""Outlets and feeds: the article pages act on claims, so claims/pipeline/admin.py and
claims/review/speaker_admin.py register them (sources never imports claims)."""

from django.contrib import admin, messages
from django.db import models

from .feed_services import feed_health, feeds_poll_now
from .models import Feed, FeedItem, Outlet

# Links typed without a scheme are taken as https (the Django 6 default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = [
        "__str__", "outlet", "active", "interval", "health", "last_success_at", "short_error", "items_seen",
        "next_poll_at",
    ]
    list_filter = ["active", "outlet"]
    search_fields = ["url", "title", "outlet__name"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    fields = ["url", "outlet", "active", "interval", "title", "next_poll_at", "failures", "last_polled_at",
              "last_success_at", "last_error", "last_error_at", "items_seen", "etag", "last_modified", "created_at"]
    readonly_fields = ["title", "failures", "last_polled_at", "last_success_at", "last_error", "last_error_at",
                       "items_seen", "etag", "last_modified", "created_at"]
    actions = ["poll_now"]

    @admin.display(description="health")
    def health(self, obj: Feed) -> str:
        return feed_health(obj)

    @admin.display(description="last error")
    def short_error(self, obj: Feed) -> str:
        return obj.last_error if len(obj.last_error) <= 80 else obj.last_error[:77] + "..."

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll_now(self, request, queryset):
        count = feeds_poll_now(feed_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} feed(s) sent to be polled; new items appear as articles.",
                          messages.SUCCESS)


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    """What each feed listed and what became of it: read-only, written by the polls."""

    list_display = ["__str__", "feed", "state", "article", "short_error", "first_seen_at", "read_at"]
    list_filter = ["state", "feed"]
    search_fields = ["title", "link", "guid"]
    list_select_related = ["feed", "article"]
    readonly_fields = ["feed", "guid", "link", "title", "published_at", "state", "article", "error",
                       "first_seen_at", "read_at"]
    exclude = ["guid_key", "signature"]

    @admin.display(description="error")
    def short_error(self, obj: FeedItem) -> str:
        return obj.error if len(obj.error) <= 80 else obj.error[:77] + "..."

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
