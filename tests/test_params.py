"""The query-parameter parsers every boundary uses (claims/params.py), and the places that
used str.isdigit, which "²" passes and int() then refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from claims.params import date_param, id_pair_param, id_param, ids_param, parse_id, text_param
from tests.factories import make_published_quote


@pytest.mark.parametrize("raw", ["²", "٣", "𝟗", "1²", "-1", "+1", " 1", "1" * 19, "", "1.0", "1\x00"])
def test_only_ascii_digits_of_bounded_length_are_ids(raw):
    assert parse_id(raw) is None


def test_ids_in_ascii_digits_parse():
    assert parse_id("0042") == 42
    assert parse_id("9" * 18) == 10**18 - 1


def test_a_bad_id_names_its_parameter():
    with pytest.raises(ValidationError) as caught:
        id_param({"article": "²"}, "article", what="article's id")
    assert caught.value.message_dict == {"article": ["Use the article's id (digits 0-9, at most 18)."]}


def test_id_lists_take_only_ascii_ids_and_at_most_the_limit():
    assert ids_param({"ids": "3,1,,2"}, "ids", 3) == [3, 1, 2]
    for raw in ["²", "1,²", "1,2,3,4", "", ",,"]:
        with pytest.raises(ValidationError):
            ids_param({"ids": raw}, "ids", 3)


def test_id_pairs_refuse_unicode_digits():
    assert id_pair_param({"since": "12.7"}, "since", "bad") == (12, 7)
    assert id_pair_param({}, "since", "bad") is None
    for raw in ["².1", "1.²", "1", "1.2.3", "٣.1"]:
        with pytest.raises(ValidationError):
            id_pair_param({"since": raw}, "since", "bad")


def test_dates_are_ascii_iso_dates():
    assert date_param({"d": "2025-06-13"}, "d") == dt.date(2025, 6, 13)
    for raw in ["2025-02-30", "٢٠٢٥-06-13", "20250613", "2025-06-13T00:00"]:
        with pytest.raises(ValidationError):
            date_param({"d": raw}, "d")


def test_text_refuses_nul_and_overlong_values():
    assert text_param({"q": " budget "}, "q") == "budget"
    for raw in ["a\x00b", "x" * 201]:
        with pytest.raises(ValidationError):
            text_param({"q": raw}, "q")


@pytest.fixture
def world(db, editor, reporter):
    return make_published_quote(editor, reporter)


@pytest.mark.parametrize("url", [
    "/api/v1/quotes/?article=²", "/api/v1/quotes/?speaker=²", "/quotes/?article=²", "/quotes/?speaker=²",
    "/api/v1/changes/?since=².1", "/api/v1/changes/?since=1.²",
])
def test_unicode_digits_in_public_filters_are_not_server_errors(world, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code in (200, 400), response.status_code


def test_unicode_digits_in_the_change_cursor_are_a_400_naming_it(world):
    response = Client().get("/api/v1/changes/?since=².1")
    assert response.status_code == 400
    assert response.json() == {"since": ["Pass back the cursor a previous call returned."]}


def test_unicode_digit_in_an_article_filter_is_a_400_naming_it(world):
    response = Client().get("/api/v1/quotes/?article=²")
    assert response.status_code == 400
    assert list(response.json()) == ["article"]


def test_unicode_digit_speaker_is_taken_as_a_name(world):
    response = Client().get("/api/v1/quotes/?speaker=²")
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_article_status_refuses_unicode_digit_ids(client, world, reporter):
    client.force_login(reporter)
    client.raise_request_exception = False
    assert client.get("/articles/status/?ids=²").status_code == 400
    assert client.get(f"/articles/status/?ids={world['article'].pk},²").status_code == 400


@pytest.mark.parametrize("param", ["speaker", "reviewer"])
def test_admin_claim_filters_ignore_unicode_digits(client, world, reporter, param):
    client.force_login(reporter)  # any staff user reaches the claim list
    client.raise_request_exception = False
    assert client.get(f"/admin/claims/claim/?{param}=²").status_code == 200
