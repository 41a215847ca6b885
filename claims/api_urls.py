from django.urls import path

from claims import api, api_newsroom

app_name = "api"

urlpatterns = [
    path("quotes/", api.QuoteList.as_view(), name="quote-list"),
    path("quotes/<int:pk>/", api.QuoteDetail.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/claimreview", api.QuoteClaimReview.as_view(), name="quote-claimreview"),
    path("speakers/", api.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<int:pk>/", api.SpeakerDetail.as_view(), name="speaker-detail"),
    path("speakers/<int:pk>/quotes/", api.SpeakerQuotes.as_view(), name="speaker-quotes"),
    path("verdicts/", api.VerdictList.as_view(), name="verdict-list"),
    path("changes/", api.ChangeFeed.as_view(), name="changes"),
    path("articles/", api_newsroom.ArticleListCreate.as_view(), name="article-list"),
    path("articles/<int:pk>/", api_newsroom.ArticleDetail.as_view(), name="article-detail"),
    path("claims/", api_newsroom.ClaimList.as_view(), name="claim-list"),
]
