"""Outlets only: the article and speaker pages act on claims, so claims/pipeline/admin.py and
claims/review/speaker_admin.py register them (sources never imports claims)."""

from django.contrib import admin
from django.db import models

from .models import Outlet

# Links typed without a scheme are taken as https (the Django 6 default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
