"""The orjson renderer writes what DRF's JSONRenderer writes, byte for byte."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from dataclasses import dataclass

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from claims.api.renderers import FastJSONRenderer, fast_json

UTC = dt.timezone.utc
PLUS_TWO = dt.timezone(dt.timedelta(hours=2))

VALUES = [
    None, True, False, 0, -1, 2**63 - 1, -(2**63), 2**64, 10**30,
    0.0, -0.0, 1.0, 0.5, 1 / 3, -0.75, 0.0001, 0.00012, 0.00001, 2.5e-5, 1e-7, 1e15, 1e16, 1.5e300, 123456789.125,
    "", "plain", "Zoë, Ça va — 北京 😀", 'quote " and \\ backslash', "tab\tnew\nline\rcr\x00nul\x1f\x7f",
    "line\u2028separator\u2029paragraph", "</script>", "an e-mail from 3e-5 of 0.00001 people",
    dt.datetime(2025, 6, 13, 9, 30, 1, 123456, tzinfo=UTC), dt.datetime(2025, 6, 13, 9, 30, tzinfo=PLUS_TWO),
    dt.datetime(2025, 6, 13, 9, 30, 1, 5), dt.date(2025, 6, 13), dt.time(9, 30, 1, 250000), dt.timedelta(hours=1),
    decimal.Decimal("1.10"), uuid.UUID("12345678-1234-5678-1234-567812345678"), gettext_lazy("Half true"),
    ("a", 1), [], {}, {"b": 1, "a": [1, {"z": None, "y": "ü"}]}, {1: "int key"}, {"x": {2, 3}.__class__([2])},
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_same_bytes_as_drf_for_each_kind_of_value(value):
    assert FastJSONRenderer().render(value) == JSONRenderer().render(value)
    page = {"next": None, "results": [{"id": 7, "value": value, "text": "é"}]}
    assert FastJSONRenderer().render(page) == JSONRenderer().render(page)


def test_what_drf_refuses_is_refused_the_same_way():
    @dataclass
    class Row:
        id: int

    for value in (Row(1), object(), "\ud800"):  # a dataclass, an unknown object, a lone surrogate
        with pytest.raises((TypeError, ValueError)) as drf:
            JSONRenderer().render({"v": value})
        with pytest.raises(drf.type):
            FastJSONRenderer().render({"v": value})


def test_small_floats_are_left_to_drf_and_the_rest_is_orjsons():
    assert fast_json({"score": 0.00001}) is None  # Python writes 1e-05, orjson 0.00001
    assert fast_json({"score": 0.25, "text": "Zoë"}) == '{"score":0.25,"text":"Zoë"}'.encode()


def test_indented_output_when_asked_for():
    data = {"a": [1, 2], "b": "ü"}
    media = "application/json; indent=4"
    assert FastJSONRenderer().render(data, media) == JSONRenderer().render(data, media)
    assert FastJSONRenderer().render(None) == b""
