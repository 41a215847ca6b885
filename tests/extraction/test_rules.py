"""One behaviour per test, on short texts written for the purpose."""

from __future__ import annotations

import pytest

from claims.extraction import Kind, SpeakerKind, extract


def only(text: str):
    found = extract(text)
    assert len(found) == 1, [(a.text, a.speaker_name) for a in found]
    return found[0]


def test_speaker_after_a_straight_quote():
    a = only('"The budget is balanced," Mayor Elena Varga said.')
    assert (a.text, a.kind, a.cue, a.speaker_name, a.speaker_title) == (
        "The budget is balanced", Kind.DIRECT, "said", "Elena Varga", "Mayor"
    )


def test_quote_opening_the_paragraph_after_an_unpunctuated_headline_is_direct():
    text = 'Ferry fares to stay flat as new boats arrive\n\n"Fares will not rise this year," Lena Holm said.'
    a = only(text)
    assert (a.text, a.kind, a.speaker_name) == ("Fares will not rise this year", Kind.DIRECT, "Lena Holm")


def test_speaker_before_a_curly_quote():
    a = only("Elena Varga said: “The budget is balanced.”")
    assert (a.text, a.kind, a.speaker_name) == ("The budget is balanced", Kind.DIRECT, "Elena Varga")


def test_inverted_cue_said_name():
    a = only("“We will not give up,” said Daniel Okafor.")
    assert (a.speaker, a.speaker_name, a.cue) == ("Daniel Okafor", "Daniel Okafor", "said")


def test_quote_over_several_sentences_is_one_claim():
    a = only('"We tried. We failed. We will try again," Daniel Okafor said.')
    assert a.text == "We tried. We failed. We will try again"


def test_passive_quoted_as_saying_with_intermediary():
    a = only('"Prices will fall," minister Ana Lindqvist was quoted as saying by news agency Reuters.')
    assert (a.cue, a.speaker_name, a.speaker_title, a.via) == (
        "was quoted as saying", "Ana Lindqvist", "minister", "Reuters"
    )


def test_according_to_with_the_source_at_the_end():
    a = only("The bridge will close in March, according to city engineer Tomas Reyes.")
    assert (a.text, a.cue, a.speaker_name, a.kind) == (
        "The bridge will close in March", "according to", "Tomas Reyes", Kind.INDIRECT
    )


def test_reported_speech_keeps_that_and_the_clause():
    # Annotated news corpora count the complementizer as part of the content.
    a = only("Councillor Priya Natarajan said that the library would close on Sundays.")
    assert (a.text, a.kind) == ("that the library would close on Sundays", Kind.INDIRECT)


def test_reported_speech_with_quoted_words_is_mixed():
    a = only("Priya Natarajan said the plan was “a disaster for families”.")
    assert a.kind == Kind.MIXED
    assert a.text == "the plan was “a disaster for families”"


def test_subjectless_continuation_inherits_the_speaker():
    found = extract('"Costs are rising," Tomas Reyes said, adding that the repairs would take a year.')
    assert [(a.cue, a.speaker_name) for a in found] == [("said", "Tomas Reyes"), ("adding", "Tomas Reyes")]
    assert found[1].text == "that the repairs would take a year"


def test_surname_resolves_to_the_full_name_used_earlier():
    found = extract(
        "Harbor Authority chief executive Daniel Okafor opened the meeting.\n\n"
        '"The pier is unsafe," Okafor said.'
    )
    assert [(a.speaker, a.speaker_name, a.speaker_title) for a in found] == [
        ("Okafor", "Daniel Okafor", "Harbor Authority chief executive")
    ]


def test_pronoun_speaker_links_to_the_latest_person_quoted():
    found = extract(
        '"We are ready," Marco Pellegrini said.\n\n"The dock has no fuel pump," he said.'
    )
    assert [(a.speaker, a.speaker_name) for a in found] == [
        ("Marco Pellegrini", "Marco Pellegrini"), ("he", "Marco Pellegrini")
    ]


def test_organisation_speaker_drops_the_article_word():
    a = only("The Kremlin confirmed that the talks would go ahead.")
    assert (a.speaker, a.speaker_name, a.speaker_kind) == ("The Kremlin", "Kremlin", SpeakerKind.ORGANIZATION)


def test_capital_city_speaking_is_a_government():
    a = only("Washington said the sanctions would stay in place.")
    assert (a.speaker_name, a.speaker_kind) == ("Washington", SpeakerKind.GOVERNMENT)


def test_a_modifier_name_is_not_the_speaker():
    a = only("A Kremlin spokesman said the talks would go ahead.")
    assert a.speaker_name != "Kremlin"
    assert a.speaker_kind == SpeakerKind.UNNAMED


def test_quoted_words_inside_a_quote_never_become_a_speaker():
    found = extract('"That hope, that dream, has failed," Miller said.')
    assert [a.speaker for a in found] == ["Miller"]


def test_paragraph_break_ends_a_sentence():
    # Without the break rule the headline would run into the first sentence.
    found = extract("Officials met\n\nRita Holm said the meeting was useful.")
    assert [(a.speaker_name, a.text) for a in found] == [("Rita Holm", "the meeting was useful")]


def test_quoted_words_with_no_speaker_are_not_claims():
    assert extract("The words “open doors, open minds” were printed on the shirts.") == []


@pytest.mark.parametrize("text", ["", "   ", "\n\n", '"', "“”", "said", "'"])
def test_degenerate_texts_give_nothing(text):
    assert extract(text) == []


def test_definite_description_resolves_to_the_person_with_that_title():
    found = extract(
        "North Korean leader Kim Jong Un met officials.\n\nThe North Korean dictator said the talks went well."
    )
    assert [(a.speaker, a.speaker_name, a.speaker_title) for a in found] == [
        ("The North Korean dictator", "Kim Jong Un", "North Korean leader")
    ]


def test_relative_pronoun_is_the_mention_and_the_noun_is_the_speaker():
    found = extract("The plan was backed by Mayor Elena Varga, who said the city could afford it.")
    said = next(a for a in found if a.cue == "said")
    assert (said.speaker, said.speaker_name) == ("who", "Elena Varga")


def test_stance_attribution_is_reported_but_ranks_below_speech():
    found = extract("Councillor Priya Natarajan criticized the budget. Natarajan said the library would close.")
    by_cue = {a.cue: a for a in found}
    assert by_cue["criticized"].text == "the budget"
    assert by_cue["criticized"].confidence < by_cue["said"].confidence


def test_hearsay_without_a_source_has_no_speaker():
    a = only("The mayor is said to be planning to resign on Friday.")
    assert (a.speaker, a.speaker_name, a.cue) == (None, None, "is said")
    assert a.text == "The mayor is said to be planning to resign on Friday"


def test_interrupted_quote_is_one_claim_with_two_pieces():
    text = '"We tried," Daniel Okafor said. "We will try again."'
    a = only(text)
    assert [text[s:e] for s, e in a.pieces] == ["We tried", "We will try again"]
    assert (a.start, a.end) == (a.pieces[0][0], a.pieces[-1][1])


def test_long_unbroken_runs_are_skipped_and_offsets_stay_true():
    blob = "x" * 400
    text = f'See https://example.org/{blob} for the data. "Fares will not rise," ferry operator Lena Holm said.'
    a = only(text)
    assert (a.text, a.speaker_name) == ("Fares will not rise", "Lena Holm")
    assert text[a.start : a.end] == a.text and text[a.speaker_start : a.speaker_end] == a.speaker


def test_a_quote_holding_a_long_run_reports_the_original_characters():
    token = "#" * 350
    text = f'"The code is {token} and it works," engineer Ana Ruiz said.'
    a = only(text)
    assert a.text == f"The code is {token} and it works" and text[a.start : a.end] == a.text


def test_a_time_limit_stops_a_long_text_with_a_clear_error():
    from claims.extraction import ExtractionTimeout, get_extractor

    text = "\n\n".join(f'"Point {i} stands," Ann Lee{i % 9} said on day {i}.' for i in range(3000))
    with pytest.raises(ExtractionTimeout, match="after the 0.01 s limit"):
        get_extractor().extract(text, time_limit=0.01)
    assert get_extractor().extract('"Fine," Ann Lee said.', time_limit=30)[0].text == "Fine"


def test_stance_adjective_after_be_attributes_its_clause():
    a = only("Councillor Mara Quist was confident that the tunnel would open on time.")
    assert (a.cue, a.text, a.speaker_name) == ("was confident", "that the tunnel would open on time", "Mara Quist")


def test_stance_adjective_with_a_prepositional_object():
    a = only("Councillor Mara Quist has been critical of the ferry contract.")
    assert (a.cue, a.text, a.speaker_name) == ("has been critical of", "the ferry contract", "Mara Quist")


def test_raising_adjective_attributes_nothing():
    assert extract("The new ferry is sure to arrive late.") == []


def test_speak_attributes_only_through_its_preposition():
    a = only("Councillor Mara Quist spoke about the harbor budget.")
    assert (a.cue, a.text, a.speaker_name) == ("spoke about", "the harbor budget", "Mara Quist")
    assert extract("Councillor Mara Quist spoke at the harbor on Monday.") == []


def test_seeing_something_as_something_is_a_view():
    a = only("Councillor Mara Quist sees the new toll as a burden on commuters.")
    assert (a.cue, a.text, a.speaker_name) == ("sees", "the new toll as a burden on commuters", "Mara Quist")


def test_document_with_a_participle_runs_the_cue_to_the_participle():
    # "released statements deploring ...": what the statements deplore is what was said,
    # whatever the participle's verb (annotators take the cue to it).
    a = only("Party leaders have since released statements deploring what happened at the rally.")
    assert (a.cue, a.text, a.speaker) == (
        "have since released statements deploring", "what happened at the rally", "Party leaders")


def test_document_whose_participle_carries_no_words_is_itself_the_content():
    # "an ad targeting X": the participle reports nothing, so the cue stays "released" and
    # the ad is what was made public, rather than the attribution being lost.
    a = only("The Sanders campaign released a digital ad in Iowa targeting Clinton's ties to Wall Street.")
    assert (a.cue, a.text) == ("released", "a digital ad in Iowa targeting Clinton's ties to Wall Street")


def test_went_on_to_is_part_of_the_cue():
    found = extract("Mayor Elena Varga praised the volunteers. She went on to criticize the council for its delays.")
    a = next(a for a in found if "council" in a.text)
    assert (a.cue, a.speaker_name) == ("went on to criticize", "Elena Varga")


def test_believe_in_keeps_the_preposition_in_the_cue_and_out_of_the_content():
    a = only("Councillor Tomas Brandt believes in balanced budgets.")
    assert (a.cue, a.text, a.speaker_name) == ("believes in", "balanced budgets", "Tomas Brandt")
