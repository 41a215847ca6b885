"""How a claim reads: quotation marks only around words the speaker is quoted as saying."""

from __future__ import annotations

import pytest

from claims.display.wording import Reading, claim_reading, reader_words
from claims.models import Claim
from sources.models import Speaker

DIRECT, INDIRECT, MIXED = Claim.Kind.DIRECT, Claim.Kind.INDIRECT, Claim.Kind.MIXED


def seen(kind: str, text: str, **options) -> str:
    return str(Reading("", reader_words(kind, text, **options)))


def claim(kind: str = INDIRECT, text: str = "that the rise was steep", **fields) -> Claim:
    return Claim(kind=kind, text=text, **fields)


# Direct words -----------------------------------------------------------------------------

def test_direct_words_are_wrapped_in_typographic_marks():
    assert seen(DIRECT, "We kept every school open") == "“We kept every school open”"


@pytest.mark.parametrize("text", ["“We kept every school open”", '"We kept every school open"',
                                  "'We kept every school open'", "‘We kept every school open’",
                                  "  “We kept every school open”  ", '"We kept every school open”',
                                  "'We kept every school open’"])
def test_direct_words_already_in_marks_are_not_marked_twice(text):
    assert seen(DIRECT, text) == "“We kept every school open”"


@pytest.mark.parametrize("text", ['"Before anyone votes, we need to know', 'we need to know where it goes."'])
def test_a_stray_double_mark_at_one_end_is_not_doubled(text):
    assert seen(DIRECT, text).count("“") == 1 and seen(DIRECT, text).count("”") == 1
    assert '"' not in seen(DIRECT, text)


def test_a_trailing_apostrophe_of_a_direct_quote_is_kept():
    assert seen(DIRECT, "It is the councillors'") == "“It is the councillors'”"


def test_a_direct_quote_keeps_a_leading_that():
    assert seen(DIRECT, "That is not how budgets work") == "“That is not how budgets work”"


# Reported speech -------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["that the rise was steep", "That the rise was steep", "  THAT the rise was steep",
                                  "that\nthe rise was steep"])
def test_reported_speech_has_no_marks_and_no_leading_that(text):
    assert seen(INDIRECT, text) == "the rise was steep"


def test_that_inside_reported_speech_stays():
    assert seen(INDIRECT, "the rise was steep and that it would last") == "the rise was steep and that it would last"


@pytest.mark.parametrize("text", ["that", "That ", "  that"])
def test_a_text_that_is_only_that_is_shown_rather_than_emptied(text):
    assert seen(INDIRECT, text) == text.strip()


def test_thats_is_not_a_leading_that():
    assert seen(INDIRECT, "that's the plan") == "that's the plan"


def test_reported_speech_never_gets_marks_of_its_own():
    words = seen(INDIRECT, "the rise was steep")
    assert not any(mark in words for mark in "“”\"‘’")


# Mixed claims --------------------------------------------------------------------------

def test_mixed_claims_mark_only_the_quoted_fragment():
    pieces = reader_words(MIXED, 'that the plan was "a blank cheque" for the city')
    assert [(p.opening, p.text, p.closing) for p in pieces] == [
        ("", "the plan was ", ""), ("“", "a blank cheque", "”"), ("", " for the city", ""),
    ]


def test_mixed_claims_keep_the_articles_own_typographic_marks():
    assert seen(MIXED, "the plan was „ein Blankoscheck“ and ‘reckless’") == "the plan was „ein Blankoscheck“ and ‘reckless’"


def test_british_single_marks_mark_a_fragment_but_apostrophes_do_not():
    pieces = reader_words(MIXED, "the council's plan was 'a blank cheque' and didn't add up")
    assert [p.text for p in pieces if p.opening] == ["a blank cheque"]
    assert seen(MIXED, "the council's plan was 'a blank cheque'") == "the council's plan was ‘a blank cheque’"


def test_mixed_claims_have_no_outer_marks():
    words = seen(MIXED, 'that the plan was "a blank cheque"')
    assert words == "the plan was “a blank cheque”" and not words.startswith("“")


def test_a_limit_cuts_the_words_and_keeps_a_cut_fragment_closed():
    assert seen(MIXED, 'the plan was "a blank cheque that never ends"', limit=20) == "the plan was “a blan…”"
    assert seen(DIRECT, "We kept every school open", limit=10) == "“We kept e…”"
    assert seen(INDIRECT, "that the rise was steep", limit=50) == "the rise was steep"


# Whole readings: who said it, and the HTML ---------------------------------------------

def test_reported_speech_reads_as_a_sentence_about_the_speaker():
    reading = claim_reading(claim(cue="said", speaker=Speaker(name="Priya Natarajan")))
    assert str(reading) == "Priya Natarajan said the rise was steep"


def test_according_to_reads_as_according_to():
    reading = claim_reading(claim(cue="According to", speaker=Speaker(name="the audit office")))
    assert str(reading) == "According to the audit office, the rise was steep"


@pytest.mark.parametrize("cue, verb", [("claimed", "claimed"), ("said", "said"), ("told", "said"), ("says", "said"),
                                       ("was quoted as saying", "said"), ("asked", "said"), ("", "said")])
def test_the_lead_repeats_only_a_cue_that_reads_in_any_sentence(cue, verb):
    assert str(claim_reading(claim(cue=cue, attribution="officials"))) == f"Officials {verb} the rise was steep"


def test_a_claim_without_a_named_source_still_reads_as_reported():
    assert str(claim_reading(claim(cue="said"))) == "An unnamed source said the rise was steep"


def test_direct_claims_have_no_lead():
    assert str(claim_reading(claim(DIRECT, "We kept every school open", speaker=Speaker(name="Elena Varga")))) == (
        "“We kept every school open”"
    )


def test_corrected_wording_is_what_readers_see():
    reading = claim_reading(claim(text="that the rise was steep", corrected_text="That the rise was very steep"))
    assert str(reading).endswith(" said the rise was very steep")


def test_an_empty_corrected_text_falls_back_to_the_extracted_words():
    assert str(claim_reading(claim(DIRECT, "We kept every school open", corrected_text=""))) == (
        "“We kept every school open”"
    )


def test_markup_in_words_and_names_is_escaped_in_the_html():
    reading = claim_reading(claim(MIXED, 'that <b>the plan</b> was "<script>x()</script>"', cue="said",
                                  speaker=Speaker(name="<i>Varga</i>")))
    html = reading.html()
    assert "<b>" not in html and "<script>" not in html and "<i>" not in html
    assert html == ("&lt;i&gt;Varga&lt;/i&gt; said &lt;b&gt;the plan&lt;/b&gt; was "
                    "“&lt;script&gt;x()&lt;/script&gt;”")


def test_words_that_opened_the_sentence_follow_the_lead_in_lower_case():
    assert str(claim_reading(claim(text="The rise was steep", cue="according to", attribution="the board"))) == (
        "According to the board, the rise was steep"
    )
    assert str(claim_reading(claim(text="Harbor City will grow", cue="said", attribution="Varga"))) == (
        "Varga said Harbor City will grow"
    )
    assert str(claim_reading(claim(MIXED, '"Reckless" was the word', cue="said", attribution="Varga"))) == (
        "Varga said “Reckless” was the word"
    )


def test_a_sentence_the_writer_opens_and_a_quotation_completes_reads_with_marks_on_the_quotation_only():
    # The extractor's mixed claim for "If X, she said, “y.”": the writer's opening and the
    # quoted words, the attribution left out.
    from claims.extraction import extract
    from claims.models import pieces_text

    body = "If the bridge closes, the harbour master said, “the island will be cut off for a week.”"
    (found,) = [a for a in extract(body) if "cut off" in a.text]
    assert found.kind == "mixed"
    words = pieces_text(body, list(found.pieces))
    assert seen(MIXED, words) == "If the bridge closes “the island will be cut off for a week.”"
