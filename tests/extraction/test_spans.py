"""Where the content of an attribution begins and ends: one boundary rule per test, on
sentences written for the purpose."""

from __future__ import annotations

from claims.extraction import Kind, extract


def content_of(text: str, cue: str) -> str:
    """The content text of the one attribution whose cue is cue."""
    found = [a for a in extract(text) if a.cue == cue]
    assert len(found) == 1, [(a.cue, a.text) for a in extract(text)]
    return found[0].text


def test_content_ends_before_a_non_breaking_space_and_full_stop():
    text = "The mayor said the new bridge would open in the spring.\u00a0The council met on Monday."
    assert content_of(text, "said") == "the new bridge would open in the spring"


def test_a_second_predicate_of_the_speaker_is_not_what_was_said():
    text = "The mayor has said the bridge will open in May and has thanked the engineers."
    assert content_of(text, "has said") == "the bridge will open in May"



def test_a_conjunction_left_at_the_cut_is_dropped():
    text = "The mayor has said the bridge will open in May and has thanked the engineers."
    assert not content_of(text, "has said").endswith("and")


def test_a_relative_clause_closing_the_content_is_the_writers_aside():
    assert content_of("The senator criticized the new law, which took effect in March.", "criticized") == "the new law"
    text = "The mayor said the bridge would be named after Lena Holm, who designed it."
    assert content_of(text, "said") == "the bridge would be named after Lena Holm"


def test_a_relative_clause_inside_the_content_stays():
    text = "Officials said that Ms. Ortiz, who leads the agency, had resigned."
    assert content_of(text, "said") == "that Ms. Ortiz, who leads the agency, had resigned"


def test_an_apposition_closing_the_content_is_the_writers_aside():
    assert content_of("The mayor praised Dr. Lena Holm, the chief engineer of the city.", "praised") == "Dr. Lena Holm"


def test_a_list_closing_the_content_is_not_an_apposition():
    text = "The mayor praised the budget, the schools and the parks."
    assert content_of(text, "praised") == "the budget, the schools and the parks"


def test_a_stance_object_ends_before_the_speakers_next_verb():
    text = "The senator criticized the plan and called for a new vote on the bill."
    assert content_of(text, "criticized") == "the plan"


def test_when_and_where_the_speaker_spoke_closes_no_stance_object():
    assert content_of("The senator criticized the plan during a rally on Monday.", "criticized") == "the plan"
    text = "The senator criticized the plan on Monday and called for a new vote."
    assert content_of(text, "criticized") == "the plan"


def test_a_date_inside_the_object_stays():
    text = "The senator criticized the plan of the council to close the library on Sundays."
    assert content_of(text, "criticized") == "the plan of the council to close the library on Sundays"


def test_the_person_asked_is_not_part_of_the_question():
    text = "The reporter asked the mayor whether the bridge was safe."
    assert content_of(text, "asked") == "whether the bridge was safe"
    text = "Ms. Lind reminded the board that the budget was due in May."
    assert content_of(text, "reminded") == "that the budget was due in May"


def test_the_person_urged_stays_with_what_they_were_urged_to_do():
    assert content_of("The council urged the mayor to close the bridge.", "urged") == "the mayor to close the bridge"


def test_a_paragraph_that_is_only_a_quotation_goes_on_with_the_speaker_before():
    text = '"The bridge is safe," the mayor said.\n\n"We checked every cable."'
    [a] = extract(text)
    assert [text[s:e] for s, e in a.pieces] == ["The bridge is safe", "We checked every cable"]
    assert a.speaker == "the mayor"


def test_a_quotation_paragraph_after_other_narration_is_not_joined():
    text = '"The bridge is safe," the mayor said. She then left the hall.\n\n"We checked every cable."'
    assert [a.text for a in extract(text)] == ["The bridge is safe"]


def test_a_quotation_paragraph_with_its_own_speaker_is_not_joined():
    text = '"The bridge is safe," the mayor said.\n\n"We checked every cable," the engineer said.'
    assert [(a.text, a.speaker) for a in extract(text)] == [
        ("The bridge is safe", "the mayor"), ("We checked every cable", "the engineer")
    ]


def test_the_closing_bracket_of_a_parenthetical_sentence_is_not_content():
    text = "The library will close early. (The mayor said the hours would change in May.)"
    assert content_of(text, "said") == "the hours would change in May"


def test_a_stance_object_closing_on_quoted_words_ends_with_them():
    text = "The governor described the tax plan as a “slow-motion disaster” during a visit to the harbor."
    assert content_of(text, "described") == "the tax plan as a “slow-motion disaster”"
    text = "The mayor dismissed the audit as “a fishing trip” — a phrase her critics have mocked for weeks."
    assert content_of(text, "dismissed") == "the audit as “a fishing trip”"


def test_quoted_words_inside_a_stance_object_do_not_end_it():
    text = "The mayor criticized the “temporary” closure of the northern bridge."
    assert content_of(text, "criticized") == "the “temporary” closure of the northern bridge"
    text = "The governor described the levee as a “bold step” in the fight against floods."
    assert content_of(text, "described") == "the levee as a “bold step” in the fight against floods"


def test_what_the_speaker_acted_after_closes_no_stance_object():
    text = "The senator criticized the new budget after the vote failed in the chamber."
    assert content_of(text, "criticized") == "the new budget"


def test_a_quotation_after_that_spans_the_that_and_shows_the_quoted_words():
    text = 'The mayor said that "the bridge will reopen in the spring." The council met on Monday.'
    [a] = [a for a in extract(text) if a.cue == "said"]
    assert a.text == 'that "the bridge will reopen in the spring'
    assert [text[s:e] for s, e in a.pieces] == ["the bridge will reopen in the spring"]
    assert a.kind == Kind.DIRECT


def test_a_claim_in_a_relative_clause_spans_from_the_pronoun_and_shows_what_was_said():
    text = "The council approved a new ferry line, which the mayor said would open in June."
    [a] = [a for a in extract(text) if a.cue == "said"]
    assert a.text == "which the mayor said would open in June"
    assert [text[s:e] for s, e in a.pieces] == ["would open in June"]


def test_a_quotation_in_a_relative_clause_spans_from_the_pronoun():
    text = 'The council approved a ferry line, which the mayor said "will change the whole coast."'
    [a] = extract(text)
    assert a.text == 'which the mayor said "will change the whole coast'
    assert [text[s:e] for s, e in a.pieces] == ["will change the whole coast"]


def test_a_quotation_opened_in_the_content_runs_to_its_close_past_the_sentence():
    text = 'The mayor said the bridge was “safe for now. We will check it again in May.” The council agreed.'
    assert content_of(text, "said") == "the bridge was “safe for now. We will check it again in May.”"


def test_according_to_leaves_the_writers_connective_out():
    text = "Meanwhile, ferry traffic has doubled since May, according to the port authority."
    assert content_of(text, "according to") == "ferry traffic has doubled since May"


def test_a_dateline_is_not_part_of_what_was_said():
    text = "HARBORVILLE — The new ferry will carry 300 passengers, the mayor said."
    assert content_of(text, "said") == "The new ferry will carry 300 passengers"


def test_when_and_where_it_was_announced_is_not_what_was_announced():
    text = "The port authority announced on Tuesday that the ferry would run twice a day."
    assert content_of(text, "announced") == "that the ferry would run twice a day"
    text = "The mayor declared on local radio that the bridge would reopen in May."
    assert content_of(text, "declared") == "that the bridge would reopen in May"


def test_a_relative_clause_before_the_attribution_is_part_of_what_was_said():
    text = "The ferry will stop at Harborville, which has no bridge, the mayor said."
    assert content_of(text, "said") == "The ferry will stop at Harborville, which has no bridge"


def test_a_concession_on_the_cue_is_the_writers_clause():
    text = "The council wants to close the old pier, although the harbor master disagrees."
    assert content_of(text, "wants") == "to close the old pier"
    text = "The mayor promised to repair the bridge, while the council debated the budget."
    assert content_of(text, "promised") == "to repair the bridge"


def test_a_connective_before_reported_words_is_the_writers_but_a_coordinator_stays():
    text = "However, the ferry will also run at night, the mayor said."
    assert content_of(text, "said") == "the ferry will also run at night"
    text = "But the ferry will also run at night, the mayor said."
    assert content_of(text, "said") == "But the ferry will also run at night"


def test_a_quotation_after_adding_is_what_was_added_not_the_rest_of_the_first():
    text = '"The bridge is safe," the mayor said, adding, "We will open it in May."'
    found = sorted((a.cue, a.text) for a in extract(text))
    assert found == [("adding", "We will open it in May"), ("said", "The bridge is safe")]


def test_the_dash_closing_an_aside_inside_the_content_stays():
    text = "The harbor had 40 accidents — mostly at night — according to the port authority."
    assert content_of(text, "according to") == "The harbor had 40 accidents — mostly at night —"


def test_the_dash_of_words_broken_off_stays():
    text = "The mayor said the council would have to —\n\nThe clerk cut her off."
    assert content_of(text, "said") == "the council would have to —"


def test_where_the_words_were_put_out_closes_no_stance_object():
    assert content_of("The mayor attacked Holm on Twitter.", "attacked") == "Holm"
