"""JSON errors for every 4xx: Django's ValidationError (raised by services and selectors)
becomes a 400 with the same messages, where DRF alone would answer 500."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def drf_validation_error(exc: DjangoValidationError) -> ValidationError:
    """The same messages, keyed by field when the service named fields. The one conversion:
    views let the service's error go up to the exception handler, which calls this."""
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = drf_validation_error(exc)
    return drf_exception_handler(exc, context)
