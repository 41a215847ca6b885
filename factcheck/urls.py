from django.contrib import admin
from django.urls import include, path

from claims.dashboard import dashboard
from claims.views import home

admin.site.site_header = "factcheck"
admin.site.site_title = "factcheck"
admin.site.index_title = "Newsroom review"

urlpatterns = [
    path("", home, name="home"),
    # Before the admin's own patterns, whose catch-all would answer 404.
    path("admin/dashboard/", dashboard, name="admin-dashboard"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api_urls")),
]
