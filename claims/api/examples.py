"""Worked examples for the API documentation, with the fictional people of the seed samples."""

from drf_spectacular.utils import OpenApiExample

_SPEAKER = {"id": 7, "name": "Daniel Okafor", "kind": "person", "title": "Harbor Authority chief executive",
            "url": "https://factcheck.example/api/v1/speakers/7/"}
_VERDICT = {"rating": "mostly-false", "rating_label": "Mostly false", "summary": "Two piers closed in May.",
            "evidence": [{"title": "Harbor works register", "url": "https://harbor.example/register"}],
            "published_at": "2025-06-14T09:30:00Z"}
QUOTE = {
    "id": 42, "text": "We would rather lose one summer than risk a single injury", "kind": "direct", "cue": "said",
    "speaker": _SPEAKER, "speaker_title": "Harbor Authority chief executive", "attribution": "Okafor", "via": "",
    "start": 412, "end": 469, "pieces": [{"start": 412, "end": 469}],
    "article": {"id": 3, "title": "Harbor pier closes for repairs", "url": "https://ledger.example/pier",
                "published_on": "2025-06-13", "outlet": "Harbor Ledger"},
    "verified_at": "2025-06-13T16:02:11Z", "verdict": _VERDICT,
    "permalink": "https://factcheck.example/api/v1/quotes/42/",
    "claimreview": "https://factcheck.example/api/v1/quotes/42/claimreview",
    "statement": "https://factcheck.example/api/v1/statements/9/",
    "appearances": [{"id": 57, "permalink": "https://factcheck.example/api/v1/quotes/57/",
                     "article": {"id": 8, "title": "Pier shut for the summer", "url": "https://coast.example/pier",
                                 "published_on": "2025-06-14", "outlet": "Coast Times"}}],
    "fact_checks": [{"id": 11, "publisher": "Shore Facts", "url": "https://shorefacts.example/pier-summer",
                     "claim_reviewed": "The pier closure protects visitors from injury", "claimant": "Daniel Okafor",
                     "rating": "Half true", "rating_value": 0.0, "reviewed_on": "2025-06-20", "ours": False,
                     "score": 0.8123}],
}

QUOTE_EXAMPLES = [OpenApiExample("A verified quote with a published verdict", value=QUOTE, response_only=True)]
SPEAKER_EXAMPLES = [OpenApiExample("A speaker", response_only=True, value={
    **_SPEAKER, "slug": "daniel-okafor", "affiliation": "Harbor Authority", "quote_count": 3,
    "quotes": "https://factcheck.example/api/v1/speakers/7/quotes/"})]
VERDICT_EXAMPLES = [OpenApiExample("A published verdict", response_only=True, value={
    "id": 5, **_VERDICT, "quote": {"id": 42, "text": QUOTE["text"], "speaker": "Daniel Okafor",
                                   "permalink": QUOTE["permalink"]}})]
_LEDGER_PIER = {"@type": "CreativeWork", "headline": "Harbor pier closes for repairs", "url": "https://ledger.example/pier",
                "publisher": {"@type": "Organization", "name": "Harbor Ledger"}, "datePublished": "2025-06-13"}
_COAST_PIER = {"@type": "CreativeWork", "headline": "Pier shut for the summer", "url": "https://coast.example/pier",
               "publisher": {"@type": "Organization", "name": "Coast Times"}, "datePublished": "2025-06-14"}
CLAIMREVIEW_EXAMPLES = [OpenApiExample("ClaimReview JSON-LD", response_only=True, media_type="application/ld+json", value={
    "@context": "https://schema.org", "@type": "ClaimReview", "url": "https://factcheck.example/claims/42/",
    "claimReviewed": QUOTE["text"], "author": {"@type": "Organization", "name": "factcheck newsroom"},
    "datePublished": "2025-06-14", "reviewBody": _VERDICT["summary"],
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly false", "ratingValue": 2, "bestRating": 5,
                     "worstRating": 1},
    "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Daniel Okafor",
                                                  "jobTitle": "Harbor Authority chief executive"},
                     "datePublished": "2025-06-13",
                     "appearance": [_LEDGER_PIER, _COAST_PIER], "firstAppearance": _LEDGER_PIER}})]
CHANGES_EXAMPLES = [OpenApiExample("Two changes since the cursor", response_only=True, value={
    "cursor": "1204.88", "more": False,
    "items": [{"type": "quote", "id": 42, "quote": QUOTE}, {"type": "tombstone", "id": 17}]})]
ARTICLE_IN_EXAMPLES = [OpenApiExample("Submit an article", request_only=True, value={
    "title": "Harbor pier closes for repairs", "body": "“We would rather lose one summer than risk a single "
    "injury,” said Harbor Authority chief executive Daniel Okafor.", "url": "https://ledger.example/pier",
    "published_on": "2025-06-13", "outlet": "Harbor Ledger"}),
    OpenApiExample("Submit a URL alone (the page is read in the background)", request_only=True, value={
        "url": "https://ledger.example/pier", "outlet": "Harbor Ledger"})]
ARTICLE_OUT_EXAMPLES = [OpenApiExample("An article", response_only=True, value={
    "id": 3, "title": "Harbor pier closes for repairs", "url": "https://ledger.example/pier",
    "published_on": "2025-06-13", "outlet": "Harbor Ledger", "status": "extracted", "error": "",
    "extractor_version": "1.1", "created_at": "2025-06-13T15:58:40Z",
    "claim_counts": {"pending": 2, "verified": 1, "rejected": 0},
    "url_self": "https://factcheck.example/api/v1/articles/3/"})]
CLAIM_EXAMPLES = [OpenApiExample("A claim in review", response_only=True, value={
    "id": 43, "text": "the repairs would take a year", "kind": "indirect", "cue": "said", "speaker": "Daniel Okafor",
    "status": "pending", "confidence": 0.82, "start": 520, "end": 549,
    "pieces": [{"start": 520, "end": 549}], "worthiness": 0.039, "claim_type": "prediction",
    "worthiness_reason": "predicts what will happen", "check_worthy": False})]
STATEMENT_EXAMPLES = [OpenApiExample("A statement reported by two outlets", response_only=True, value={
    "id": 9, "text": QUOTE["text"], "speaker": _SPEAKER,
    "first_appearance": {"id": 42, "permalink": QUOTE["permalink"], "article": QUOTE["article"]},
    "appearance_count": 2,
    "appearances": [{"id": 42, "permalink": QUOTE["permalink"], "article": QUOTE["article"]},
                    QUOTE["appearances"][0]],
    "outlets": ["Harbor Ledger", "Coast Times"],
    "variants": [QUOTE["text"], "We would rather lose one summer than risk one injury"],
    "url": "https://factcheck.example/api/v1/statements/9/"})]
FACT_CHECK_SEARCH_EXAMPLES = [OpenApiExample("Fact-checks of a claim", response_only=True, value={
    "query": "the pier closure protects visitors", "results": QUOTE["fact_checks"]})]

_ENDPOINT = {"id": 4, "url": "https://cms.example/hooks/factcheck", "description": "CMS sync",
             "events": ["quote.verified", "quote.withdrawn", "verdict.published", "verdict.changed"], "speakers": [],
             "active": True, "created_at": "2025-06-12T08:00:00Z",
             "url_self": "https://factcheck.example/api/v1/webhooks/4/",
             "url_deliveries": "https://factcheck.example/api/v1/webhooks/4/deliveries/"}
WEBHOOK_IN_EXAMPLES = [OpenApiExample("Register an endpoint", request_only=True, value={
    "url": "https://cms.example/hooks/factcheck", "events": _ENDPOINT["events"], "description": "CMS sync"})]
WEBHOOK_CREATED_EXAMPLES = [OpenApiExample("The endpoint and its secret, shown once", response_only=True,
                                           status_codes=["201"], value={
    **_ENDPOINT, "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})]
WEBHOOK_EXAMPLES = [OpenApiExample("An endpoint", response_only=True, value=_ENDPOINT)]
DELIVERY_EXAMPLES = [OpenApiExample("A delivery retried after a 503", response_only=True, value={
    "id": 310, "webhook_id": "msg_5b1f0c9e2d7a4f36a0e1c2b3d4e5f607", "endpoint": 4, "event_type": "verdict.published",
    "event_created_at": "2025-06-14T09:30:00Z", "status": "pending", "attempts": 2, "response_code": 503,
    "duration_ms": 85, "error": "HTTP 503", "next_attempt_at": "2025-06-14T09:30:16Z", "delivered_at": None,
    "created_at": "2025-06-14T09:30:00Z",
    "data": {"quote": {"id": 42, "text": QUOTE["text"], "kind": "direct", "status": "verified",
                       "speaker": {"id": 7, "name": "Daniel Okafor"}, "attribution": "Okafor",
                       "article": {"id": 3, "title": "Harbor pier closes for repairs",
                                   "url": "https://ledger.example/pier", "published_on": "2025-06-13"},
                       "api_path": "/api/v1/quotes/42/"},
             "verdict": _VERDICT}})]
