"""Conditional GETs: ETag and Last-Modified on every answer, 304 when the client's copy is current."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from rest_framework import permissions


class ConditionalMixin:
    """ETag (a hash of the answer) and Last-Modified (the newest change among the objects
    shown) on every GET, and 304 when the client's copy is current: what a poller spends
    is one page query, never a scan of the whole table."""

    last_modified: dt.datetime | None = None

    def note_rows(self, rows: list[dict], extra: list | tuple = ()) -> None:
        """The same, for quote rows (`QUOTE_COLUMNS`), and `extra` times of what else the
        answer shows (the tracking rows quote_rows reports)."""
        stamps = [r["updated_at"] for r in rows] + [r["verdict__updated_at"] for r in rows if r["verdict__updated_at"]]
        stamps += list(extra)
        self.last_modified = max(stamps) if stamps else None

    def note_changes(self, claims) -> None:
        stamps = [c.updated_at for c in claims]
        stamps += [c.verdict.updated_at for c in claims if getattr(c, "verdict", None) is not None]
        self.last_modified = max(stamps) if stamps else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if hasattr(response, "render"):
            response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        modified = None
        if self.last_modified is not None:
            modified = int(self.last_modified.timestamp())
            response["Last-Modified"] = http_date(modified)
        return get_conditional_response(request, etag=etag, last_modified=modified, response=response)


class ReadOnly(ConditionalMixin):
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]
