"""Fact-check search: a claim's text in, the fact-checks that review it out, with scores.

Over our published verdicts and the fact-checks imported from other organisations, ranked
by the same matching engine the pipeline and the editors use."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response

from claims.api.conditional import ReadOnly
from claims.api.examples import FACT_CHECK_SEARCH_EXAMPLES
from claims.api.serializers import FactCheckOutSerializer, api_url
from claims.params import id_param
from claims.tracking.search import MAX_QUERY_CHARS, MAX_RESULTS, FoundFactCheck, fact_checks_search


def _found(found: FoundFactCheck, context: dict) -> dict:
    check = found.fact_check
    ours = check.verdict.claim_id if check.verdict_id else None
    return {
        "id": check.pk, "publisher": check.publisher,
        "url": api_url(context, "web:claim-detail", ours) if ours else check.url,
        "claim_reviewed": check.claim_reviewed, "claimant": check.claimant, "rating": check.rating_text,
        "rating_value": check.rating_value, "reviewed_on": check.reviewed_on.isoformat() if check.reviewed_on else None,
        "ours": ours is not None, "score": round(found.score, 4),
    }


class FactCheckSearch(ReadOnly, generics.GenericAPIView):
    """The fact-checks, ours and other organisations', that match a claim's text, best first,
    with the matching engine's score (1 and above: the same words)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True,
                             description=f"The claim's text, 1 to {MAX_QUERY_CHARS} characters"),
            OpenApiParameter("limit", int, description=f"How many fact-checks at most (1 to {MAX_RESULTS}, default 10)"),
        ],
        responses={200: inline_serializer("FactCheckSearchResult", {
            "query": serializers.CharField(), "results": FactCheckOutSerializer(many=True),
        })},
        examples=FACT_CHECK_SEARCH_EXAMPLES,
    )
    def get(self, request):
        params = request.query_params
        limit = id_param(params, "limit", what="number of results") or 10
        found = fact_checks_search(text=params.get("q", ""), limit=limit)
        context = self.get_serializer_context()
        return Response({"query": params.get("q", "").strip(), "results": [_found(f, context) for f in found]})
