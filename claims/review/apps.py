"""Django's admin with the newsroom's site (the review desk's pages): INSTALLED_APPS names
NewsroomAdminConfig in place of django.contrib.admin."""

from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "claims.review.site_admin.NewsroomAdminSite"
