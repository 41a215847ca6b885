from django.urls import path

from claims import api

app_name = "api"

urlpatterns = [
    path("quotes/", api.QuoteList.as_view(), name="quote-list"),
]
