"""Query parameters parsed in one place, for the API, the pages and the admin filters.

Ids are ASCII digits only ("²" and "٣" pass str.isdigit but are not ids), of bounded
length; text is bounded and refuses NUL, which PostgreSQL refuses in text; dates are ISO.
A bad value raises Django's ValidationError keyed by the parameter's name: the API
answers 400 `{name: [message]}`, the pages show the message beside their form.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

MAX_SEARCH_CHARS = 200
# 18 digits always fit a 64-bit column; nothing here counts that high.
MAX_ID_DIGITS = 18
_ID = re.compile(rf"[0-9]{{1,{MAX_ID_DIGITS}}}")
_PAIR = re.compile(rf"([0-9]{{1,{MAX_ID_DIGITS}}})\.([0-9]{{1,{MAX_ID_DIGITS}}})")


def parse_id(raw: str) -> int | None:
    """An id written in ASCII digits, or None for anything else."""
    return int(raw) if isinstance(raw, str) and _ID.fullmatch(raw) else None


def parse_id_pair(raw: str) -> tuple[int, int] | None:
    """Two ids written "a.b" (the change feed's cursor), or None for anything else."""
    match = _PAIR.fullmatch(raw) if isinstance(raw, str) else None
    return (int(match[1]), int(match[2])) if match else None


def _raw(params, name: str) -> str:
    return params.get(name, "").strip()


def text_param(params, name: str, max_chars: int = MAX_SEARCH_CHARS) -> str:
    """A free-text parameter, stripped; "" when absent."""
    value = _raw(params, name)
    if "\x00" in value:
        raise ValidationError({name: "Remove the NUL character."})
    if len(value) > max_chars:
        raise ValidationError({name: f"Search with at most {max_chars} characters."})
    return value


def choice_param(params, name: str, choices: list[str]) -> str | None:
    """A parameter that must be one of `choices`; None when absent."""
    value = _raw(params, name)
    if not value:
        return None
    if value not in choices:
        raise ValidationError({name: f"Use one of: {', '.join(choices)}."})
    return value


def date_param(params, name: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD); None when absent."""
    value = _raw(params, name)
    if not value:
        return None
    if len(value) != 10 or not value.isascii():
        raise ValidationError({name: "Use a date as YYYY-MM-DD."})
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: "Use a date as YYYY-MM-DD."}) from None


def id_param(params, name: str, what: str = "id") -> int | None:
    """An id in ASCII digits; None when absent."""
    value = _raw(params, name)
    if not value:
        return None
    parsed = parse_id(value)
    if parsed is None:
        raise ValidationError({name: f"Use the {what} (digits 0-9, at most {MAX_ID_DIGITS})."})
    return parsed


def ids_param(params, name: str, max_count: int) -> list[int]:
    """Comma-separated ids, 1 to `max_count` of them."""
    parts = [part for part in _raw(params, name).split(",") if part]
    ids = [parse_id(part) for part in parts[: max_count + 1]]
    if not ids or len(parts) > max_count or None in ids:
        raise ValidationError({name: f"Pass {name}=1,2,3 with 1 to {max_count} ids."})
    return ids


def id_pair_param(params, name: str, message: str) -> tuple[int, int] | None:
    """Two ids written "a.b"; None when absent."""
    value = _raw(params, name)
    if not value:
        return None
    parsed = parse_id_pair(value)
    if parsed is None:
        raise ValidationError({name: message})
    return parsed
