"""Pagination by cursor, answering 400 for a cursor it did not write."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from claims.params import parse_id

ORDERINGS = {"-id": ("-id",), "id": ("id",), "-verified_at": ("-reviewed_at", "-id"), "verified_at": ("reviewed_at", "id")}
# The editors' claim list: newest first, or by check-worthiness (most worth checking first).
CLAIM_ORDERINGS = {"-id": ("-id",), "id": ("id",), "-worthiness": ("-worthiness", "-id"), "worthiness": ("worthiness", "id")}


class CheckedCursorPagination(CursorPagination):
    """Cursor pagination that answers 400 JSON for a cursor it did not write: one that
    does not decode (DRF says 404) or whose position does not fit the ordering field (a
    forged "p=abc" on an id ordering reached the database as a 500)."""

    invalid_cursor_message = "Pass back the cursor a previous page returned."
    MAX_POSITION_CHARS = 64

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise self._invalid() from None
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _check_position(self, position: str) -> None:
        ordering = self.ordering if isinstance(self.ordering, (list, tuple)) else (self.ordering,)
        field = self._model._meta.get_field(ordering[0].lstrip("-"))
        if len(position) > self.MAX_POSITION_CHARS or "\x00" in position:
            raise self._invalid()
        if isinstance(field, models.IntegerField):
            if parse_id(position.removeprefix("-")) is None:
                raise self._invalid()
            return
        try:
            value = field.to_python(position)
            if isinstance(value, dt.datetime):
                # A time the database can take: aware, and still in range once in UTC
                # ("9999-12-31 23:59:59-14:00" parses, then overflows on the way in).
                if value.tzinfo is None:
                    raise DjangoValidationError("naive time")
                value.astimezone(dt.timezone.utc)
        except (DjangoValidationError, OverflowError, ValueError):
            raise self._invalid() from None

    def _invalid(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})


class QuotePagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"
    orderings = ORDERINGS

    def get_ordering(self, request, queryset, view):
        key = request.query_params.get("ordering", "-id")
        if key not in self.orderings:
            raise ValidationError({"ordering": f"Use one of: {', '.join(self.orderings)}."})
        return self.orderings[key]


class ClaimPagination(QuotePagination):
    """The editors' claims; ordered by worthiness, the claims not scored yet are left out
    (the view's part): a cursor cannot stand on an empty score."""

    orderings = CLAIM_ORDERINGS


class IdPagination(CheckedCursorPagination):
    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = "-id"
