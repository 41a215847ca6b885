"""The newsroom's admin site: Django's own, with the review desk's pages added through
get_urls() and a "Review" section (desk, dashboard) at the top of the index and side menu
for those who review. Installed as the default site by claims.apps.NewsroomAdminConfig."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse

from claims.roles import is_editor


class NewsroomAdminSite(admin.AdminSite):
    def get_urls(self):
        # Imported here: the desk's views module is read once the site exists.
        from claims.review.desk_admin import desk_urls

        # Before the admin's own patterns, whose catch-all would answer 404.
        return desk_urls(self) + super().get_urls()

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is None and request.user.is_active and is_editor(request.user):
            apps.insert(0, self._review_section())
        return apps

    def _review_section(self) -> dict:
        desk = reverse("admin:review-desk", current_app=self.name)

        def entry(name: str, object_name: str, url: str) -> dict:
            return {
                "name": name, "object_name": object_name, "admin_url": url, "add_url": None,
                "view_only": True, "perms": {"view": True},
            }

        return {
            "name": "Review",
            "app_label": "review",
            "app_url": desk,
            "has_module_perms": True,
            "models": [
                entry("Review desk", "desk", desk),
                entry("Dashboard", "dashboard", reverse("admin-dashboard")),
            ],
        }
