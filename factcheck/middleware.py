"""Refuse query strings holding a NUL character, before any view sees them.

PostgreSQL refuses NUL in text, so a NUL reaching a filter (an admin list's
`?status__exact=%00`, the admin autocomplete's `term=%00`) was a DataError and a 500.
No parameter of ours has a use for one: the whole request is a 400, in JSON under /api/.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                message = f"Remove the NUL character from the query parameter {name.replace(chr(0), '')!r}."
                if request.path.startswith("/api/"):
                    return JsonResponse({name.replace("\x00", "") or "query": [message]}, status=400)
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
