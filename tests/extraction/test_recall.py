"""Attributions annotators mark that the rules used to miss or cut differently. Sentences
written for these tests, run through the whole extractor."""

from __future__ import annotations

from spacy.tokens import Doc

from claims.extraction import extract, get_extractor
from claims.extraction.quotes import find_quotations
from claims.extraction.rules import AttributionFinder


def found(text: str) -> list[tuple[str, str]]:
    return [(a.text, a.cue) for a in extract(text)]


# -- a one-word answer stands for what was said ----------------------------------------


def test_said_yes_is_an_attribution_of_the_answer():
    assert ("yes", "said") in found("Asked whether she would sign the lease, Marta Kovac said yes.")


def test_has_said_so_takes_so_as_what_was_said():
    assert ("so", "has said") in found("The treasurer has said so in two letters to the council.")


def test_said_so_that_is_a_purpose_not_an_answer():
    assert [t for t, _ in found("He said it slowly so that the children could follow.") if t == "so"] == []


def test_said_no_one_keeps_the_whole_clause():
    assert ("no one would come to the meeting", "said") in found("The caretaker said no one would come to the meeting.")


# -- who was spoken to is neither the content nor part of the cue ------------------------


def test_talked_to_someone_about_a_subject_takes_the_subject():
    assert ("about the harbour budget", "talked") in found("The senator talked to reporters about the harbour budget.")


def test_talks_to_her_players_about_discipline_when_the_parser_hangs_about_from_the_players():
    assert ("about discipline", "talks") in found("The coach talks to her players about discipline.")


def test_wrote_to_an_office_that_takes_the_clause():
    assert ("that it had no permission to use the photo", "wrote") in found(
        "The agency wrote to the mayor's office that it had no permission to use the photo."
    )


# -- the question put to someone who then answers ------------------------------------------


def test_asked_whether_before_the_answer_leaves_the_reporters_question_out():
    # The corpus annotates the question too; the product does not: issue 14 counts a
    # reporter's "Asked whether ..." stored as a claim among the false hits.
    found_all = extract("Asked whether the pool would reopen, the manager said it would not.")
    assert [a for a in found_all if a.cue == "Asked"] == []
    assert "it would not" in [a.text for a in found_all if a.cue == "said"]


# -- what someone called something, past quotation marks and a day ----------------------


def test_called_something_a_quoted_name_keeps_the_name_past_the_quotation_mark():
    assert ("her budget ''plainly reckless.''", "called") in found(
        "Ortega called her budget ''plainly reckless.'' The hearing ended at noon."
    )


def test_called_the_report_friday_a_lie_keeps_what_it_was_called():
    texts = [t for t, cue in found('Halvorsen called the audit Friday a "shameless fiction."') if cue == "called"]
    assert texts == ['the audit Friday a "shameless fiction."']


# -- what was said before the comma when the parser hangs it elsewhere ----------------------


def hand_parsed(rows: list[tuple[str, str, int, str, str, str]]) -> list[tuple[str, str]]:
    """(content, cue) found in a sentence parsed by hand: rows of (word, whitespace after,
    head index, dependency, POS, tag); for parses the small model makes on long news
    sentences but not on short test ones."""
    words, spaces, heads, deps, pos, tags = zip(*rows)
    doc = Doc(get_extractor().nlp.vocab, words=list(words), spaces=[bool(s) for s in spaces], heads=list(heads), deps=list(deps),
              pos=list(pos), tags=list(tags), lemmas=[w.lower() if w != "said" else "say" for w in words],
              sent_starts=[True] + [False] * (len(words) - 1))
    return [(a.text, a.cue) for a in AttributionFinder(doc, find_quotations(doc.text), doc.text).find()]


def test_a_clause_before_a_closing_attribution_is_what_was_said_however_it_is_parsed():
    # The parser made "said" an adverbial clause of "delayed": the reported clause is its head.
    rows = [
        ("The", " ", 1, "det", "DET", "DT"), ("fog", " ", 2, "nsubj", "NOUN", "NN"),
        ("delayed", " ", 2, "ROOT", "VERB", "VBD"), ("the", " ", 4, "det", "DET", "DT"),
        ("ferries", "", 2, "dobj", "NOUN", "NNS"), (",", " ", 2, "punct", "PUNCT", ","),
        ("the", " ", 8, "det", "DET", "DT"), ("harbour", " ", 8, "compound", "NOUN", "NN"),
        ("master", " ", 9, "nsubj", "NOUN", "NN"), ("said", "", 2, "advcl", "VERB", "VBD"),
        (".", "", 2, "punct", "PUNCT", "."),
    ]
    assert ("The fog delayed the ferries", "said") in hand_parsed(rows)


def test_a_clause_before_a_closing_attribution_is_what_was_said():
    text = ("The ferry company has also made it easier for families with small children to book cabins "
            "and reach the island, she said.")
    assert ("The ferry company has also made it easier for families with small children to book cabins "
            "and reach the island", "said") in found(text)


def test_the_cues_own_adverbial_before_the_comma_is_not_what_was_said():
    assert [t for t, cue in found("As the vote neared, Ines Moller warned the council about the flood barrier.")
            if t.startswith("As")] == []


def test_a_subordinate_cue_does_not_take_the_main_clause():
    text = "Pavel met the harbour master on Monday, when the agency briefed the crew about the storm."
    assert [t for t, _ in found(text) if t.startswith("Pavel")] == []


# -- support given to a person or a body takes a side ---------------------------------------


def test_supported_a_named_person_is_a_stance():
    assert ("Marta Kovac", "supported") in [(t.split(" in ")[0], c) for t, c in found(
        "Most of the farmers in the valley supported Marta Kovac in the last election.")]


def test_supported_a_thing_is_still_no_claim():
    assert found("Most residents of the valley supported the new park.") == []


# -- verbs of stance the lexicon lacked ------------------------------------------------------


def test_likened_and_disputed_are_stances_on_their_objects():
    assert ("the new tax to a toll on every family in the valley", "likened") in found(
        "The mayor likened the new tax to a toll on every family in the valley.")
    assert ("the figures in the council's report", "disputed") in found("Ines Moller disputed the figures in the council's report.")
    assert ("the new quotas", "bemoaned") in found("The fishermen bemoaned the new quotas at the harbour meeting.")


def test_opined_and_confessed_report_their_clauses():
    assert ("that the new pier would never be finished", "opined") in found(
        "The harbour master opined that the new pier would never be finished.")
    assert ("that she had never seen the island", "confessed") in found("Ines Moller confessed that she had never seen the island.")


# -- an infinitive of purpose speaks with the voice of its clause ----------------------------


def test_took_to_the_steps_to_assail_is_the_subjects_stance():
    a = next(a for a in extract("Councillor Ines Moller took to the steps of the town hall to assail the harbour budget.")
             if a.cue == "to assail")
    assert (a.text, a.speaker_name) == ("the harbour budget", "Ines Moller")


def test_the_one_sent_to_defend_something_speaks():
    a = next(a for a in extract("The mayor sent Pavel Novak to the harbour to defend the plan.") if a.cue == "to defend")
    assert (a.text, a.speaker_name) == ("the plan", "Pavel Novak")


def test_what_someone_will_have_to_do_is_no_claim():
    assert extract("The board will have to convince the voters of the plan.") == []


def test_an_infinitive_that_is_what_was_pledged_is_not_a_second_claim():
    assert found("Ines Moller pledged to oppose the new toll.") == [("to oppose the new toll", "pledged")]


# -- what was said, named as an object or around an "as" or a short parenthesis ------------


def test_said_the_same_of_takes_the_object_as_what_was_said():
    assert ("the same of the bridge", "said") in found("Asked about the ferry, the harbour master said the same of the bridge.")


def test_said_it_points_back_and_is_no_content_of_its_own():
    assert found("The harbour master said it twice.") == []


def test_as_someone_noted_attributes_the_clause_around_it():
    assert ("the ferry has not run on time since May", "noted") in found(
        "As the harbour master noted, the ferry has not run on time since May.")
    assert ("The ferry has not run on time since May", "noted") in found(
        "The ferry has not run on time since May, as the harbour master noted.")


def test_as_at_the_time_of_a_stance_keeps_the_stances_object():
    assert ("the delay to the passengers", "explained") in found(
        "The ferry ran late as the captain explained the delay to the passengers.")


def test_a_parenthesis_after_one_word_leaves_the_sentence_as_what_was_said():
    assert ("the ferry runs twice a day to the island", "said") in found("Now, she said, the ferry runs twice a day to the island.")


def test_an_owned_promise_to_do_something_attributes_the_infinitive():
    assert ("to rebuild the harbour wall", "promise") in found(
        "The mayor's promise to rebuild the harbour wall angered the fishermen.")


# -- what someone offers, when someone offers it ---------------------------------------------


def test_a_named_person_offering_an_approach_takes_a_stance():
    assert found("Ines Moller offered a different approach.") == [("a different approach", "offered")]


def test_a_thing_that_offers_benefits_says_nothing():
    assert found("The new ferry offers several benefits.") == []


def test_calling_for_someone_to_act_takes_the_demand_after_for():
    assert ("some of the councillors to resign", "is calling for") in found(
        "The mayor is calling for some of the councillors to resign.")


# -- a "that" clause the parser hung from a noun after the cue -------------------------------


def test_told_the_audience_at_an_event_that_takes_the_clause():
    assert ("that the harbour would reopen in May", "told") in found(
        "The mayor told the audience at her fundraiser that the harbour would reopen in May.")


def test_said_in_a_statement_that_takes_the_clause_the_parser_hung_from_the_statement():
    rows = [
        ("The", " ", 1, "det", "DET", "DT"), ("mayor", " ", 2, "nsubj", "NOUN", "NN"),
        ("said", " ", 2, "ROOT", "VERB", "VBD"), ("in", " ", 2, "prep", "ADP", "IN"),
        ("a", " ", 5, "det", "DET", "DT"), ("statement", " ", 3, "pobj", "NOUN", "NN"),
        ("that", " ", 10, "mark", "SCONJ", "IN"), ("the", " ", 8, "det", "DET", "DT"),
        ("harbour", " ", 10, "nsubj", "NOUN", "NN"), ("would", " ", 10, "aux", "AUX", "MD"),
        ("reopen", "", 5, "acl", "VERB", "VB"), (".", "", 2, "punct", "PUNCT", "."),
    ]
    assert [text for text, _ in hand_parsed(rows)] == ["that the harbour would reopen"]


def test_so_many_that_is_a_result_not_what_was_said():
    assert [t for t, _ in found("The captain tells so many stories that the crew stopped listening.") if t.startswith("that")] == []


def test_believing_in_something_attributes_what_is_believed_in():
    assert [t for t, _ in found("The fishermen still believe in the old harbour.")] == ["the old harbour"]


def test_a_participle_after_quoted_words_continues_its_clause_and_its_speaker():
    a = next(a for a in extract('Ines Moller gave a stout defense of "harbour values," saying the town embodied the "heart of the coast."')
             if a.cue == "saying")
    assert (a.speaker_name, a.text) == ("Ines Moller", 'the town embodied the "heart of the coast."')
