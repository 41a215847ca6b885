"""The change feed: what consumers syncing the public data must hear of."""

from __future__ import annotations

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from claims.api.conditional import ReadOnly
from claims.api.examples import CHANGES_EXAMPLES
from claims.api.serializers import quote_rows, quote_values_by_id
from claims.models import Claim, Verdict
from claims.params import id_pair_param


class ChangeFeed(ReadOnly, generics.GenericAPIView):
    """Quotes and verdicts created, changed or withdrawn since a cursor.

    Each item is the quote as it is now, or a tombstone for a quote that was public and no
    longer is (rejected, re-opened or removed). Start without `since`, keep the returned
    `cursor`, and ask again with `since=<cursor>` until `more` is false.
    """

    BATCH = 200

    @extend_schema(
        parameters=[OpenApiParameter("since", str, description="The cursor a previous call returned")],
        responses={200: OpenApiTypes.OBJECT},
        examples=CHANGES_EXAMPLES,
    )
    def get(self, request):
        claim_after, verdict_after = self._cursor(request.query_params)
        claim_rows = list(
            Claim.history.filter(history_id__gt=claim_after).order_by("history_id").values_list("history_id", "id")[
                : self.BATCH
            ]
        )
        verdict_rows = list(
            Verdict.history.filter(history_id__gt=verdict_after)
            .order_by("history_id")
            .values_list("history_id", "claim_id")[: self.BATCH]
        )
        ids = sorted({claim_id for _, claim_id in claim_rows} | {claim_id for _, claim_id in verdict_rows})
        rows = quote_values_by_id(ids)
        current = {quote["id"]: quote for quote in quote_rows(rows, self.get_serializer_context())}
        ever_public = set(
            Claim.history.filter(id__in=[i for i in ids if i not in current], status=Claim.Status.VERIFIED)
            .values_list("id", flat=True)
            .distinct()
        )
        items = []
        for claim_id in ids:
            if claim_id in current:
                items.append({"type": "quote", "id": claim_id, "quote": current[claim_id]})
            elif claim_id in ever_public:
                items.append({"type": "tombstone", "id": claim_id})
        cursor = f"{claim_rows[-1][0] if claim_rows else claim_after}.{verdict_rows[-1][0] if verdict_rows else verdict_after}"
        more = len(claim_rows) == self.BATCH or len(verdict_rows) == self.BATCH
        return JsonResponse({"cursor": cursor, "more": more, "items": items})

    @staticmethod
    def _cursor(params) -> tuple[int, int]:
        return id_pair_param(params, "since", "Pass back the cursor a previous call returned.") or (0, 0)
