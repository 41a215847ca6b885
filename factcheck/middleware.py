"""Refuse query strings no view can use, before any view sees them: a 400, in JSON under /api/.

A NUL character: PostgreSQL refuses NUL in text, so a NUL reaching a filter (an admin
list's `?status__exact=%00`, the admin autocomplete's `term=%00`) was a DataError and a
500. No parameter of ours has a use for one.

In the admin, a number too long for a 64-bit column (the admin takes any field lookup from
the query string, so `?article=<40 digits>` reached the database, which refused it: 500).
Its search box (`q`) still takes any digits.

The same for each part of an `__in` list and for date parts (`?created_at__year=99999999999`
overflowed Python's dates), and for the ids an admin action is posted with (`_selected_action=x`
reached the action's query).

An empty `_to_field`: the admin's change and delete pages (Django's own, for every model)
look up a field named "" and answer 500 (FieldDoesNotExist).
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

# More digits than any 64-bit id has (claims.params.MAX_ID_DIGITS is 18).
TOO_LONG_NUMBER = re.compile(r"-?[0-9]{19,}")
ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only: "²" passes str.isdigit
DATE_PARTS = ("__year", "__month", "__day", "__week", "__week_day", "__iso_year", "__quarter")


class RefuseUnusableQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                clean = name.replace("\x00", "")
                message = f"Remove the NUL character from the query parameter {clean!r}."
                return refuse(request, clean or "query", message)
        if request.path.startswith("/admin/"):
            for name, values in request.GET.lists():
                if name == "q":
                    continue
                # Each part of an `__in` list too; date parts (`created_at__year`) must fit a date.
                parts = [part.strip() for value in values for part in value.split(",")]
                if any(TOO_LONG_NUMBER.fullmatch(part) for part in parts) or (
                    name.endswith(DATE_PARTS) and any(len(part) > 4 for part in parts)
                ):
                    return refuse(request, name, f"The number in {name!r} is too long to be an id or a count.")
            if request.method == "POST" and "_selected_action" in request.POST:
                # The rows an admin action is asked to act on: ids, or the action's query is a 500.
                if not all(ID.fullmatch(value) for value in request.POST.getlist("_selected_action")):
                    return refuse(request, "_selected_action", "Select rows by their ids.")
        if "_to_field" in request.GET and not request.GET["_to_field"].strip():
            return refuse(request, "_to_field", "Name a field in _to_field or leave it out.")
        return self.get_response(request)


def refuse(request: HttpRequest, name: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({name: [message]}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
