from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from django.views.defaults import bad_request, page_not_found, permission_denied, server_error
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from claims.dashboard import dashboard
from claims.views import home
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
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(
        redirect_authenticated_user=True, authentication_form=ThrottledAuthenticationForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("claims.web_urls")),
    # Before the admin's own patterns, whose catch-all would answer 404.
    path("admin/dashboard/", dashboard, name="admin-dashboard"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", API_DOCS_CSP(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/docs/redoc/", API_DOCS_CSP(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
]


def not_found(request, exception=None):
    """JSON for API clients, the usual page for everyone else."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception)


def api_bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return bad_request(request, exception)


def api_permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return permission_denied(request, exception)


def api_server_error(request):
    """With DEBUG off, an unhandled error in the API is JSON like every other answer."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error."}, status=500)
    return server_error(request)


handler400 = api_bad_request
handler403 = api_permission_denied
handler404 = not_found
handler500 = api_server_error
