"""The project's URLs plus the dashboard, for tests only (the project wires it in factcheck/urls.py).

The dashboard comes first: "admin/dashboard/" would otherwise fall into the admin's own
catch-all pattern and end in a 404.
"""

from django.urls import path

from claims.dashboard import dashboard
from factcheck.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("admin/dashboard/", dashboard, name="admin-dashboard"), *project_urlpatterns]
