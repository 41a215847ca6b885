"""The exact key and the clean-up of tweets, on sentences written for these tests."""

from __future__ import annotations

from claims.matching import clean_text, exact_key, split_byline


def test_the_key_ignores_case_marks_spacing_and_a_leading_that():
    forms = [
        "The harbour tax will double next spring.",
        "\u201cthe harbour tax will double next spring,\u201d",
        "THE  HARBOUR\ttax will double   next spring!",
        "that the harbour tax will double next spring",
        "'The harbour tax will double next spring'",
    ]
    assert {exact_key(f) for f in forms} == {"the harbour tax will double next spring"}


def test_the_key_folds_unicode_compatibility_forms_and_apostrophes():
    assert exact_key("\uff2d\uff41\uff59\uff4f\uff52 Vell\u0065\u0301n won\u2019t resign") == exact_key("Mayor Vellén wont resign")


def test_the_key_keeps_words_numbers_percent_and_currency():
    assert exact_key("The levy rose 5%") != exact_key("The levy rose 5")
    assert exact_key("It cost $40") != exact_key("It cost \u00a340")
    assert exact_key("The harbour tax will double") != exact_key("The harbour tax will triple")
    assert exact_key("?!") == ""


def test_a_tweet_becomes_prose():
    tweet = "Wow #SaveTheOtters2024 @RiverWatchNZ says otters are back \U0001f9a6\U0001f44d\U0001f3fd https://t.co/AbC123 pic.twitter.com/xYz"
    assert clean_text(tweet) == "Wow Save The Otters 2024 River Watch NZ says otters are back"


def test_plain_prose_is_left_alone_but_for_typographic_marks():
    assert clean_text("Councillor Brenna Oduya said the bridge \u201cwill not close\u201d.") == (
        'Councillor Brenna Oduya said the bridge "will not close".'
    )


def test_the_signature_of_an_embedded_tweet_is_split_off():
    body, byline = split_byline("Otters are back in the river. \u2014 Tama Rewi (@tamarewi) March 3, 2021")
    assert body == "Otters are back in the river."
    assert "Tama Rewi" in byline and "2021" in byline
    assert split_byline("A sentence with a dash \u2014 and no handle.") == ("A sentence with a dash \u2014 and no handle.", "")
