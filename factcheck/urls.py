from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.defaults import bad_request, page_not_found, permission_denied, server_error
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from claims.review.dashboard import dashboard
from claims.pages.accounts import SignInView, invitation
from claims.pages.public import home
from factcheck.health import healthz
from factcheck.login import (
    ThrottledAdminAuthenticationForm,
    ThrottledAuthenticationForm,
)

admin.site.site_header = "factcheck"
admin.site.login_form = ThrottledAdminAuthenticationForm
admin.site.site_title = "factcheck"
admin.site.index_title = "Newsroom review"

# Swagger UI and ReDoc write style attributes and <style> blocks from their scripts, which no
# nonce reaches, and ReDoc runs a web worker from a blob. Scripts stay 'self' only: the split
# Swagger view serves its start-up script as a file instead of inline.
API_DOCS_CSP = csp_replace({"style-src": [SELF, "'unsafe-inline'"], "worker-src": [SELF, "blob:"]})

urlpatterns = [
    path("", home, name="home"),
    # Browsers ask for /favicon.ico where a page names no icon (the API's JSON, error pages).
    path("favicon.ico", RedirectView.as_view(url=static("factcheck/favicon.svg"), permanent=True), name="favicon"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", SignInView.as_view(authentication_form=ThrottledAuthenticationForm), name="login"),
    path("accounts/invitation/<str:token>/", invitation, name="invitation-accept"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("claims.pages.urls")),
    # Before the admin's own patterns, whose catch-all would answer 404.
    path("admin/dashboard/", dashboard, name="admin-dashboard"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", API_DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/docs/redoc/", API_DOCS_CSP(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
]


def _json_under_api(page_view, status: int, detail: str):
    """An error handler: JSON for API clients, Django's own page for everyone else."""

    def handler(request, *args, **kwargs):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": detail}, status=status)
        return page_view(request, *args, **kwargs)

    return handler


handler400 = _json_under_api(bad_request, 400, "Bad request.")
handler403 = _json_under_api(permission_denied, 403, "You do not have permission to perform this action.")
handler404 = _json_under_api(page_not_found, 404, "Not found.")
# With DEBUG off, an unhandled error in the API is JSON like every other answer.
handler500 = _json_under_api(server_error, 500, "Server error.")
