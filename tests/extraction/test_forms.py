"""Forms of attribution users met on new text, and ordinary sentences that must not read as
claims. Sentences written for these tests, run through the whole extractor."""

from __future__ import annotations

from claims.extraction import Kind, extract
from claims.extraction.quotes import find_quotations


def one(text: str, words: str):
    found = [a for a in extract(text) if words in a.text]
    assert len(found) == 1, [(a.text, a.cue, a.speaker_name) for a in extract(text)]
    return found[0]


# -- missed forms -------------------------------------------------------------------


def test_quoted_as_saying_by_an_agency_is_indirect_with_the_agency_as_via():
    a = one("The minister was quoted as saying by news agency PTI that the ferry talks would resume.",
            "ferry talks")
    assert (a.kind, a.cue, a.speaker_name, a.via) == (Kind.INDIRECT, "was quoted as saying", "minister", "PTI")
    assert a.text == "that the ferry talks would resume"


def test_quoted_by_an_agency_as_saying_that():
    a = one("Tomas Berg was quoted by AFP as saying that the border would stay closed.", "border")
    assert (a.kind, a.cue, a.speaker_name, a.via) == (
        Kind.INDIRECT, "was quoted by AFP as saying", "Tomas Berg", "AFP"
    )
    assert a.text == "that the border would stay closed"


def test_in_the_words_of_names_the_speaker():
    a = one("In the words of Mayor Ana Ruiz, the old bridge is a disgrace to the city.", "bridge")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.INDIRECT, "In the words of", "Ana Ruiz")
    assert a.text == "the old bridge is a disgrace to the city"


def test_in_the_words_of_before_a_quotation_is_direct():
    a = one('In the words of Mayor Ana Ruiz, "the old bridge is a disgrace."', "bridge")
    assert (a.kind, a.speaker_name, a.text) == (Kind.DIRECT, "Ana Ruiz", "the old bridge is a disgrace")


def test_other_words_are_no_attribution():
    assert extract("In other words, the old bridge will close for a year.") == []


def test_colon_before_a_double_quotation():
    a = one('Senator Lena Park said: "We will not back down from this fight."', "back down")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "said:", "Lena Park")


def test_colon_before_a_british_single_quotation():
    a = one("Senator Lena Park said: 'We will not back down from this fight.'", "back down")
    assert (a.kind, a.cue, a.speaker_name, a.text) == (
        Kind.DIRECT, "said:", "Lena Park", "We will not back down from this fight"
    )


def test_single_marks_around_an_interrupting_attribution():
    text = "'We will win this election,' she said. 'Nobody doubts it.'"
    a = one(text, "win this election")
    assert a.kind == Kind.DIRECT
    assert [text[s:e] for s, e in a.pieces] == ["We will win this election", "Nobody doubts it"]


def test_apostrophes_open_no_quotation():
    text = "Don't miss Marsh's show about the '90s. The players' union said it was a hit."
    assert find_quotations(text) == []
    a = one(text, "was a hit")
    assert (a.kind, a.cue, a.speaker, a.text) == (Kind.INDIRECT, "said", "The players' union", "it was a hit")


def test_states_with_a_that_clause_and_with_a_quotation():
    a = one("The audit states that the river has been polluted for years.", "river")
    assert (a.kind, a.cue, a.text) == (Kind.INDIRECT, "states", "that the river has been polluted for years")
    b = one('The audit states: "The river has been polluted for years."', "river")
    assert (b.kind, b.cue) == (Kind.DIRECT, "states:")


def test_recommends_with_a_that_clause_and_with_a_quotation():
    a = one("The review panel recommends that schools start an hour later.", "schools")
    assert (a.kind, a.cue, a.text) == (Kind.INDIRECT, "recommends", "that schools start an hour later")
    b = one('"Schools should start an hour later," the review panel recommended.', "Schools")
    assert (b.kind, b.cue) == (Kind.DIRECT, "recommended")


def test_notes_and_estimated_report_clauses():
    a = one("Councillor Ivo Marek notes that the budget has grown every year since 2010.", "budget")
    assert (a.cue, a.speaker_name) == ("notes", "Ivo Marek")
    b = one("The housing agency estimated that 4,000 families lost their homes.", "families")
    assert (b.cue, b.text) == ("estimated", "that 4,000 families lost their homes")


def test_a_quotation_goes_on_into_a_paragraph_that_reopens_with_a_mark():
    text = '"We tried everything," Ada Holm said. "The other side walked away\n\n"It is a sad day for the workers."'
    a = one(text, "We tried")
    assert a.kind == Kind.DIRECT
    assert [text[s:e] for s, e in a.pieces] == [
        "We tried everything", "The other side walked away", "It is a sad day for the workers"
    ]


def test_a_quotation_goes_on_into_a_paragraph_that_opens_without_a_mark():
    text = 'Ada Holm said: "We tried everything we could.\n\nThe other side walked away from the table."'
    a = one(text, "We tried")
    assert a.kind == Kind.DIRECT
    assert a.text.endswith("walked away from the table")


def test_british_quotation_over_two_paragraphs_drops_the_reopening_mark():
    text = "'We tried everything,' Ada Holm said. 'The other side walked away.\n\n'It is a sad day.'"
    a = one(text, "We tried")
    assert [text[s:e] for s, e in a.pieces] == ["We tried everything", "The other side walked away.", "It is a sad day"]


def test_a_paragraph_quoting_a_word_does_not_continue_an_open_quotation():
    text = 'He called it "a disaster.\n\nThe mayor later used the word "shambles" about it.'
    assert [text[q.start : q.end] for q in find_quotations(text)] == ["a disaster.", "shambles"]


# -- false hits ---------------------------------------------------------------------


def test_saw_a_sight_is_no_claim_but_saw_that_is():
    assert extract("Nadia Lund saw the old mill burn from her window.") == []
    a = one("Nadia Lund saw that the plan would fail.", "plan")
    assert (a.cue, a.speaker_name) == ("saw", "Nadia Lund")


def test_sharing_a_cost_is_no_claim_but_sharing_views_is():
    assert extract("Employees of the mill share the cost of the insurance.") == []
    a = one("Nadia Lund shared her concerns about the budget.", "concerns")
    assert (a.cue, a.speaker_name) == ("shared", "Nadia Lund")


def test_offered_to_resign_is_no_claim_but_an_offered_quotation_is():
    assert extract("Mayor Ana Ruiz offered to resign after the vote.") == []
    a = one('"I will resign tonight," Mayor Ana Ruiz offered.', "resign")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "offered", "Ana Ruiz")


def test_supported_a_park_is_no_claim_but_supported_raising_taxes_is():
    assert extract("Most residents of the valley supported the new park.") == []
    a = one("Senator Lena Park supported raising taxes on the largest farms.", "raising taxes")
    assert (a.cue, a.speaker_name) == ("supported", "Lena Park")


def test_asked_whether_is_the_reporters_question_and_the_answer_is_the_claim():
    found = extract("Asked whether he would run again, Olaf Brandt said he had not decided.")
    assert [(a.text, a.cue, a.speaker_name) for a in found] == [("he had not decided", "said", "Olaf Brandt")]


def test_words_said_to_be_somebodys_keep_an_unnamed_source():
    a = one("Officials said the bridge would reopen on Monday.", "bridge")
    assert (a.cue, a.speaker) == ("said", "Officials")
    b = one("The ferry company reportedly paid millions to the consultant.", "millions")
    assert (b.cue, b.speaker, b.speaker_name) == ("reportedly", None, None)


def test_issued_a_statement_saying_is_one_cue_and_the_clause_is_the_content():
    a = one("Senator Ola Voss issued a statement saying that the ferry bill would fail.", "ferry bill")
    assert (a.cue, a.speaker_name, a.text) == ("issued a statement saying", "Ola Voss", "that the ferry bill would fail")


def test_said_inside_a_relative_clause_reports_what_follows_it():
    found = extract("The mayor proposed a new sea wall, which he said the county should pay for.")
    a = next(a for a in found if a.cue == "said")
    assert (a.cue, a.speaker, a.text) == ("said", "he", "the county should pay for")


def test_released_the_following_statement_introduces_the_next_paragraphs_quotation():
    text = "Senator Ola Voss released the following statement:\n\n“The ferry bill will fail in the house.”"
    a = one(text, "ferry bill")
    assert (a.kind, a.cue, a.speaker_name) == (Kind.DIRECT, "released the following statement:", "Ola Voss")


def test_a_reporters_forecast_is_no_claim():
    assert extract("The council is expected to approve the budget on Tuesday.") == []
    assert extract("The ferry plan seems to be failing badly this winter.") == []


def test_as_x_put_it_names_the_speaker_of_the_clause_around_it():
    a = one("As Mayor Ana Ruiz put it, the old bridge is a disgrace to the city.", "bridge")
    assert (a.cue, a.speaker_name, a.text) == ("put it", "Ana Ruiz", "the old bridge is a disgrace to the city")
    assert extract("Ana Ruiz put it on the table before the vote.") == []
