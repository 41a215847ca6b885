"""Reading ClaimReview JSON-LD in the shapes fact-checkers publish it, with every problem
named by file, line and, in a document holding several, the fact-check's number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claims.tracking.claimreview import ClaimReviewRecord, rating_value, read_path
from sources.importers import ImportProblem

DATA = Path(__file__).resolve().parents[1] / "data" / "claimreview"


def read(name: str) -> tuple[list[ClaimReviewRecord], list[tuple[str, str]]]:
    items = list(read_path(DATA / name))
    records = [i for i in items if isinstance(i, ClaimReviewRecord)]
    problems = [(i.source.removeprefix(f"{DATA}/"), i.message) for i in items if isinstance(i, ImportProblem)]
    return records, problems


def test_one_object_gives_every_field_of_the_fact_check():
    [record], problems = read("single.json")
    assert problems == []
    assert record.source == f"{DATA}/single.json:1"
    assert (record.url, record.publisher, record.claimant) == (
        "https://coastcheck.example/2025/ferry-fares", "Coast Check", "Elena Varga")
    assert (record.claim_reviewed, record.title) == (
        "Ferry tickets will cost less for pensioners this winter.", "Will pensioners pay less for the ferry?")
    assert (record.rating_text, record.rating_value, record.reviewed_on) == ("Mostly False", -0.5, dt.date(2025, 2, 3))
    assert record.raw["itemReviewed"]["datePublished"] == "2025-01-28"  # kept whole


def test_a_data_feed_gives_its_items_numbered_and_refuses_one_without_a_url():
    records, problems = read("feed.json")
    assert [(r.source.rsplit("/", 1)[1], r.url, r.rating_value) for r in records] == [
        ("feed.json:1 #1", "https://factdesk.example/bridge-may", 0.5),  # 4 on 1..5
        ("feed.json:1 #2", "https://factdesk.example/schools", -1.0),  # "Pants on Fire!"
    ]
    assert records[1].publisher == "Fact Desk" and records[1].rating_text == "Pants on Fire!"
    assert problems == [("feed.json:1 #3", "'url' must be the fact-check's http(s) address (it identifies it), got ''")]


def test_a_list_numbers_its_items_by_line_and_passes_over_other_objects():
    records, problems = read("list.json")
    assert [(r.source.rsplit(":", 1)[1], r.url) for r in records] == [
        ("2", "https://coastcheck.example/tolls"), ("7", "https://coastcheck.example/tolls")]  # dedup: the importer's
    assert problems == [
        ("list.json:4", "'datePublished' must be an ISO 8601 date (YYYY-MM-DD...), got 'last Tuesday'")]


def test_json_lines_report_each_bad_line_and_read_a_graph():
    records, problems = read("lines.jsonl")
    assert [(r.source.rsplit("/", 1)[1], r.url) for r in records] == [("lines.jsonl:1", "https://factdesk.example/tram")]
    assert [p[0] for p in problems] == ["lines.jsonl:3", "lines.jsonl:4", "lines.jsonl:5"]
    assert problems[0][1].startswith("'url' must be the fact-check's http(s) address")
    assert problems[1][1].startswith("not valid JSON (Expecting value at line 1")
    assert problems[2][1] == "no 'claimReviewed': the claim the fact-check is about"


def test_an_html_page_gives_its_json_ld_scripts_by_line():
    [record], problems = read("page.html")
    assert record.source.endswith("page.html:5")
    assert (record.publisher, record.claimant, record.rating_value) == ("Fact Desk", "Harbour Board", 0.0)
    assert problems == [("page.html:17", problems[0][1])] and problems[0][1].startswith("not valid JSON")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.json", "", "not valid JSON (Expecting value at line 1, column 1)"),
        ("other.json", '{"@type": "WebSite", "name": "Fact Desk"}', "no ClaimReview in it (found WebSite)"),
        ("nothing.json", "[]", "no ClaimReview in it (found nothing)"),
        ("blank.jsonl", "\n\n", "no ClaimReview in it (found nothing)"),
        ("plain.html", "<p>No markup here.</p>", 'no <script type="application/ld+json"> in the page'),
        ("notes.txt", "hello", "unsupported file type .txt; use .json, .jsonl or .html"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "the JSON is nested too deeply to read"),
        ("nul.json", '{"@type": "ClaimReview", "url": "https://x.example/a", "claimReviewed": "a\\u0000b"}',
         "it contains a NUL character: not valid text"),
        ("tail.json", '{"@type": "ClaimReview"} {"@type": "ClaimReview"}', "extra data after the JSON value"),
        ("open.json", '[{"@type": "ClaimReview", "url": "https://x.example/a", "claimReviewed": "a"}',
         "not valid JSON (the list is never closed with ']')"),
    ],
)
def test_unreadable_input_gets_a_clear_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    problems = [i for i in read_path(path) if isinstance(i, ImportProblem)]
    assert [p.message for p in problems][-1:] == [message]


@pytest.mark.parametrize(
    ("text", "rating", "value"),
    [
        ("False", {}, -1.0),
        ("Mostly-True", {"ratingValue": 1, "bestRating": 5, "worstRating": 1}, 0.5),  # the words win
        ("", {"ratingValue": 3, "bestRating": 5, "worstRating": 1}, 0.0),
        ("", {"ratingValue": "7", "bestRating": "10", "worstRating": "0"}, pytest.approx(0.4)),
        ("", {"ratingValue": 3}, None),  # no scale given: not guessed
        ("Satire", {}, None),
        ("", {"ratingValue": 2, "bestRating": 2, "worstRating": 2}, None),
    ],
)
def test_ratings_go_on_one_scale_from_false_to_true(text, rating, value):
    assert rating_value(text, rating) == value
