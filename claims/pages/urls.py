from django.urls import path

from claims.pages import public
from claims.pages import reporter as web

app_name = "web"

urlpatterns = [
    path("articles/", web.article_list, name="article-list"),
    path("articles/new/", web.article_new, name="article-new"),
    path("articles/status/", web.article_status, name="article-status"),
    path("articles/<int:pk>/", web.article_detail, name="article-detail"),
    path("quotes/", public.quote_list, name="quote-list"),
    path("speakers/<slug:slug>/", public.speaker_detail, name="speaker-detail"),
    path("claims/<int:pk>/", public.claim_detail, name="claim-detail"),
]
