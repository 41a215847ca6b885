from django.urls import path

from claims.api import changes, factchecks, newsroom, quotes, speakers, statements, verdicts, webhooks

app_name = "api"

urlpatterns = [
    path("quotes/", quotes.QuoteList.as_view(), name="quote-list"),
    path("quotes/<int:pk>/", quotes.QuoteDetail.as_view(), name="quote-detail"),
    path("quotes/<int:pk>/claimreview", quotes.QuoteClaimReview.as_view(), name="quote-claimreview"),
    path("speakers/", speakers.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<int:pk>/", speakers.SpeakerDetail.as_view(), name="speaker-detail"),
    path("speakers/<int:pk>/quotes/", speakers.SpeakerQuotes.as_view(), name="speaker-quotes"),
    path("verdicts/", verdicts.VerdictList.as_view(), name="verdict-list"),
    path("statements/", statements.StatementList.as_view(), name="statement-list"),
    path("statements/<int:pk>/", statements.StatementDetail.as_view(), name="statement-detail"),
    path("factchecks/search/", factchecks.FactCheckSearch.as_view(), name="factcheck-search"),
    path("changes/", changes.ChangeFeed.as_view(), name="changes"),
    path("articles/", newsroom.ArticleListCreate.as_view(), name="article-list"),
    path("articles/<int:pk>/", newsroom.ArticleDetail.as_view(), name="article-detail"),
    path("claims/", newsroom.ClaimList.as_view(), name="claim-list"),
    path("webhooks/", webhooks.WebhookList.as_view(), name="webhook-list"),
    path("webhooks/deliveries/", webhooks.DeliveryList.as_view(), name="webhook-delivery-list"),
    path("webhooks/<int:pk>/", webhooks.WebhookDetail.as_view(), name="webhook-detail"),
    path("webhooks/<int:pk>/deliveries/", webhooks.EndpointDeliveryList.as_view(), name="webhook-deliveries"),
]
