from rest_framework import generics, permissions
from rest_framework.pagination import CursorPagination

from claims.models import Claim
from claims.serializers import QuoteOutSerializer


class QuotePagination(CursorPagination):
    ordering = "-id"
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"


class QuoteList(generics.ListAPIView):
    """Verified quotes, newest first. Anonymous read-only."""

    serializer_class = QuoteOutSerializer
    pagination_class = QuotePagination
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    def get_queryset(self):
        return Claim.objects.filter(status=Claim.Status.VERIFIED).select_related("speaker", "article", "article__outlet")
