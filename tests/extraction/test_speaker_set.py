"""The team's speaker-resolution set (tests/data/speaker_set/), scored by bench/speaker_set.py."""

from __future__ import annotations

import json
import re

import pytest

from bench.speaker_set import DEFAULT_DIR, best_match, error_form, normalise, read_body, score
from claims.extraction import Kind, SpeakerKind
from claims.extraction.types import Attribution

EXPECTED = json.loads((DEFAULT_DIR / "expected.json").read_text(encoding="utf-8"))
FILES = sorted(EXPECTED)

# The target for resolved speakers: 0.95 of the attributions found (352 of 370 today, 0.951;
# 0.683 before the resolver work), with at least 0.95 of the expected ones found (0.979).
FLOOR_COVERAGE, FLOOR_ACCURACY = 0.95, 0.95


@pytest.fixture(scope="module")
def result():
    return score(DEFAULT_DIR)


def test_the_set_has_at_least_forty_articles_of_news_length():
    assert len(FILES) >= 40
    assert all(re.fullmatch(r"\d\d_[a-z0-9-]+\.txt", name) for name in FILES)
    for name in FILES:
        words = len(read_body(DEFAULT_DIR / name).split())
        assert 120 <= words <= 300, (name, words)


def test_every_article_starts_with_a_title_line_then_a_blank_line():
    for name in FILES:
        lines = (DEFAULT_DIR / name).read_text(encoding="utf-8").split("\n")
        assert lines[0].strip() and not lines[1].strip() and lines[2].strip(), name


def test_every_expected_quote_occurs_exactly_once_in_its_article():
    for name in FILES:
        body = read_body(DEFAULT_DIR / name)
        assert EXPECTED[name], name
        for item in EXPECTED[name]:
            assert body.count(item["quote"]) == 1, (name, item["quote"])
            assert item["speaker"].strip() == item["speaker"] and item["speaker"], (name, item)


def test_every_article_file_is_listed_in_the_expectations():
    assert sorted(p.name for p in DEFAULT_DIR.glob("*.txt")) == FILES


def test_names_match_whatever_the_title_article_or_possessive():
    assert normalise("Mrs  Hale") == normalise("hale")
    assert normalise("Dr. Ana Ruiz") == "ana ruiz"
    assert normalise("the Institute for Fiscal Studies") == "institute for fiscal studies"
    assert normalise("A senior official") == "senior official"
    assert normalise("Tavuni\u2019s council of elders") == "tavuni council of elders"
    assert normalise("Transport Minister Ilse Cordova") != normalise("Ilse Cordova")
    assert normalise(None) == ""


def test_errors_are_sorted_by_the_form_of_the_names():
    assert error_form("Ilse Cordova", None, None, found=False) == "not found"
    assert error_form("Ilse Cordova", "Tom Pryce", "she", found=True) == "pronoun"
    assert error_form("Ilse Cordova", "Transport Minister Ilse Cordova", "Transport Minister Ilse Cordova", True) == (
        "role kept in the name"
    )
    assert error_form("Institute for Fiscal Studies", "Institute", "the Institute", True) == "partial name"
    assert error_form("Ilse Cordova", "letter", "the letter", True) == "descriptor or document"


def _attribution(start: int, end: int, confidence: float, pieces=()) -> Attribution:
    return Attribution(
        start=start, end=end, text="", kind=Kind.DIRECT, cue="said", cue_start=0, cue_end=0,
        speaker=None, speaker_start=None, speaker_end=None, speaker_name=None,
        speaker_kind=SpeakerKind.PERSON, speaker_title="", via="", confidence=confidence, pieces=pieces,
    )  # fmt: skip


def test_the_match_is_the_attribution_whose_pieces_cover_most_of_the_quote():
    wide = _attribution(0, 100, 0.9, pieces=((0, 20), (60, 100)))  # the gap 20..60 is the attribution
    inner = _attribution(30, 50, 0.5)
    assert best_match([wide, inner], 30, 50) is inner
    assert best_match([wide, inner], 62, 90) is wide
    assert best_match([wide, inner], 15, 45) is inner  # covers 15 of 30, the wide one only 5
    assert best_match([wide], 25, 55) is None  # nothing covers half of it
    assert best_match([], 0, 10) is None


def test_resolution_on_the_set_meets_the_target(result):
    assert result["items"] == sum(len(items) for items in EXPECTED.values())
    assert result["coverage"] >= FLOOR_COVERAGE
    assert result["accuracy_found"] >= FLOOR_ACCURACY

