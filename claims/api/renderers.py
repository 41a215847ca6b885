"""JSON through orjson, byte for byte what DRF's JSONRenderer writes.

DRF encodes with the standard library's json in pure Python for every object it meets; on
a 50-quote page that was most of the rendering time. orjson writes the same text for what
the API answers (str, int, float, bool, None, lists, dicts in insertion order), and hands
everything else (times, decimals, lazy strings, ...) to DRF's own encoder, so those come
out as before. Where the two would differ, this falls back to DRF's renderer:

- floats below 1e-4: Python writes 1e-05, orjson 0.00001 (found in the output, see
  `_UNSURE`; text that merely looks like such a number falls back too, and costs only time);
- indented output (`Accept: application/json; indent=4`), and the settings that ask for
  ASCII or non-compact output;
- anything orjson refuses (integers beyond 64 bits, keys that are not strings, ...), which
  DRF then encodes or refuses as it always did.

One difference is left: a NaN or infinite float, which DRF refuses (a 500), orjson writes
as null. The API's floats are scores and rating values, never those.
"""

from __future__ import annotations

import re

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Times through DRF's encoder (it trims microseconds); dataclasses too, which DRF refuses.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
# Numbers orjson writes otherwise than Python: small floats, plain or with an exponent.
_UNSURE = re.compile(rb"\d[eE]-|0\.0000")
_LINE_SEPARATORS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"))
_default = JSONEncoder().default


def fast_json(data) -> bytes | None:
    """`data` as DRF's JSONRenderer writes it with the default settings, or None when only
    DRF's renderer can say (see the module docstring)."""
    try:
        body = orjson.dumps(data, default=_default, option=_OPTIONS)
    except (orjson.JSONEncodeError, TypeError, ValueError):
        return None
    # Substring tests first: the pattern alone scans a 60 kB page slowly.
    if (b"e-" in body or b"E-" in body or b"0.0000" in body) and _UNSURE.search(body):
        return None
    # DRF escapes these two (JSON allows them raw, JavaScript did not).
    if b"\xe2\x80" in body:
        for raw, escaped in _LINE_SEPARATORS:
            body = body.replace(raw, escaped)
    return body


class FastJSONRenderer(JSONRenderer):
    """DRF's JSONRenderer, encoding through orjson where the output is the same."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.compact and not self.ensure_ascii and self.get_indent(accepted_media_type, renderer_context or {}) is None:
            body = fast_json(data)
            if body is not None:
                return body
        return super().render(data, accepted_media_type, renderer_context)
